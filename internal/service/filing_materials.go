package service

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// MaxMaterialSize is the largest scan accepted (10 MiB).
const MaxMaterialSize = 10 << 20

// allowedMaterialTypes are the content types accepted, as sniffed from the
// bytes rather than taken from the upload's claim.
var allowedMaterialTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// UploadMaterial attaches a scan to a draft or returned filing.
func (s *Service) UploadMaterial(ctx context.Context, a authz.Actor, filingID int64, materialType, filename string, content []byte) (domain.Material, error) {
	return s.uploadMaterial(ctx, a, filingID, 0, materialType, filename, content)
}

// ReplaceMaterial uploads a new scan in place of one of a draft or
// returned filing (a kept material of the filed version, or one uploaded
// before), of the same type, in one step.
func (s *Service) ReplaceMaterial(ctx context.Context, a authz.Actor, filingID, materialID int64, filename string, content []byte) (domain.Material, error) {
	if err := a.Require(authz.FilingEdit); err != nil {
		return domain.Material{}, err
	}
	f, err := s.DB.Read().Filing(ctx, a.Scope(), filingID)
	if err != nil {
		return domain.Material{}, err
	}
	typ := ""
	for _, m := range f.Materials {
		if m.ID == materialID {
			typ = m.Type
		}
	}
	if typ == "" {
		return domain.Material{}, domain.NotFound("material")
	}
	return s.uploadMaterial(ctx, a, filingID, materialID, typ, filename, content)
}

func (s *Service) uploadMaterial(ctx context.Context, a authz.Actor, filingID, replaces int64, materialType, filename string, content []byte) (domain.Material, error) {
	if err := a.Require(authz.FilingEdit); err != nil {
		return domain.Material{}, err
	}
	p := domain.Problems{}
	if !contains(domain.MaterialTypes, materialType) {
		p.Add("type", domain.ReasonNotAllowed)
	}
	if len(content) == 0 {
		p.Add("file", domain.ReasonRequired)
	} else if len(content) > MaxMaterialSize {
		return domain.Material{}, domain.TooLarge("the file is larger than 10 MiB")
	}
	sniffed := http.DetectContentType(content)
	if len(content) > 0 && !contains(allowedMaterialTypes, sniffed) {
		p.Add("file", "bad_file_type")
	}
	filename = cleanFilename(filename)
	if err := p.Err(); err != nil {
		return domain.Material{}, err
	}
	sum := sha256.Sum256(content)
	m := domain.Material{FilingID: filingID, Type: materialType, Filename: filename, ContentType: sniffed, Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		f, in, err := s.editableFiling(ctx, q, a, filingID)
		if err != nil {
			return err
		}
		detail := map[string]any{"type": materialType, "filename": filename, "sha256": m.SHA256, "size": m.Size}
		if replaces != 0 {
			old, err := q.MaterialOf(ctx, a.Scope(), f.ID, replaces)
			if err != nil {
				return err
			}
			if old.Type != materialType {
				return domain.NotFound("material")
			}
			if err := q.DeleteMaterial(ctx, f.ID, replaces); err != nil {
				return err
			}
			if err := s.audit(ctx, q, a, audit.FilingMaterialDelete, "filing", f.ID, f.RegionCode, in.ID, map[string]any{"material_id": replaces, "replaced": true}); err != nil {
				return err
			}
			detail["replaces"] = replaces
		}
		m.ID, err = q.AddMaterial(ctx, m, content, a.UserID, s.Now())
		if err != nil {
			return err
		}
		m.CreatedAt = s.Now()
		detail["material_id"] = m.ID
		return s.audit(ctx, q, a, audit.FilingMaterialAdd, "filing", f.ID, f.RegionCode, in.ID, detail)
	})
	return m, err
}

// DeleteMaterial removes a scan from a draft or returned filing.
func (s *Service) DeleteMaterial(ctx context.Context, a authz.Actor, filingID, materialID int64) error {
	if err := a.Require(authz.FilingEdit); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(q store.Q) error {
		f, in, err := s.editableFiling(ctx, q, a, filingID)
		if err != nil {
			return err
		}
		if err := q.DeleteMaterial(ctx, f.ID, materialID); err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.FilingMaterialDelete, "filing", f.ID, f.RegionCode, in.ID, map[string]any{"material_id": materialID})
	})
}

// MaterialContent returns a scan for preview or download.
func (s *Service) MaterialContent(ctx context.Context, a authz.Actor, id int64) (domain.Material, []byte, error) {
	if err := a.Require(authz.FilingView); err != nil {
		return domain.Material{}, nil, err
	}
	return s.DB.Read().MaterialContent(ctx, a.Scope(), id)
}

func cleanFilename(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	for utf8.RuneCountInString(name) > 120 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" || name == "." || name == "/" {
		name = "upload"
	}
	return name
}
