package supervision

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/authz"
	"tuoyu/internal/civil"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// CameraAreas are the rooms or areas a camera covers.
var CameraAreas = []string{"children_room", "activity", "kitchen", "entrance", "outdoor", "other"}

// Camera is one entry of an institution's CCTV register. The operating
// rules (托育机构管理规范 第32条) ask for full coverage of children's living
// and activity areas; the draft childcare law adds food-preparation areas.
type Camera struct {
	ID             int64      `json:"id"`
	InstitutionID  int64      `json:"institution_id"`
	Location       string     `json:"location"`
	Area           string     `json:"area"`
	CoversChildren bool       `json:"covers_children"`
	CoversKitchen  bool       `json:"covers_kitchen"`
	RetentionDays  int        `json:"retention_days"`
	LastCheckedOn  civil.Date `json:"last_checked_on,omitzero"`
	Working        bool       `json:"working"`
	Note           string     `json:"note"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// CameraInput is a camera as entered by the director.
type CameraInput struct {
	Location       string `json:"location"`
	Area           string `json:"area"`
	CoversChildren bool   `json:"covers_children"`
	CoversKitchen  bool   `json:"covers_kitchen"`
	RetentionDays  int    `json:"retention_days"`
	LastCheckedOn  string `json:"last_checked_on"`
	Working        bool   `json:"working"`
	Note           string `json:"note"`
}

// CCTVRegister is an institution's cameras and what they leave uncovered.
type CCTVRegister struct {
	InstitutionID int64    `json:"institution_id"`
	Cameras       []Camera `json:"cameras"`
	// Gaps: "children" when no working camera covers children's areas,
	// "kitchen" when none covers the kitchen, "retention" when a camera
	// keeps footage less than the required days.
	Gaps              []string `json:"gaps"`
	RequiredRetention int      `json:"required_retention_days"`
}

func (in *CameraInput) check(today civil.Date, minRetention int, p domain.Problems) civil.Date {
	in.Location, in.Note = strings.TrimSpace(in.Location), strings.TrimSpace(in.Note)
	switch l := utf8.RuneCountInString(in.Location); {
	case l == 0:
		p.Add("location", domain.ReasonRequired)
	case l > 100:
		p.Add("location", domain.ReasonTooLong)
	}
	if !oneOf(in.Area, CameraAreas) {
		p.Add("area", domain.ReasonNotAllowed)
	}
	if in.RetentionDays < minRetention {
		p.Add("retention_days", "retention_short")
	} else if in.RetentionDays > 3650 {
		p.Add("retention_days", domain.ReasonRange)
	}
	if utf8.RuneCountInString(in.Note) > 500 {
		p.Add("note", domain.ReasonTooLong)
	}
	var checked civil.Date
	if s := strings.TrimSpace(in.LastCheckedOn); s != "" {
		d, err := civil.Parse(s)
		switch {
		case err != nil:
			p.Add("last_checked_on", domain.ReasonDate)
		case d.After(today):
			p.Add("last_checked_on", domain.ReasonFuture)
		default:
			checked = d
		}
	}
	return checked
}

// SaveCamera adds a camera to the register (id 0) or changes one.
func (s *Service) SaveCamera(ctx context.Context, a authz.Actor, institutionID, id int64, in CameraInput) (Camera, error) {
	if err := a.Require(authz.CCTVEdit); err != nil {
		return Camera{}, err
	}
	var out Camera
	err := s.db.Tx(ctx, func(q store.Q) error {
		inst, err := q.Institution(ctx, a.Scope(), institutionID)
		if err != nil {
			return err
		}
		set, err := caseSettings(ctx, q)
		if err != nil {
			return err
		}
		p := domain.Problems{}
		checked := in.check(s.today(), set.CCTVRetentionDays, p)
		if err := p.Err(); err != nil {
			return err
		}
		now := s.now().UTC()
		if id == 0 {
			id, err = q.Insert(ctx, `INSERT INTO cctv_cameras (institution_id, region_code, location, area, covers_children, covers_kitchen, retention_days,
				last_checked_on, working, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				inst.ID, inst.RegionCode, in.Location, in.Area, in.CoversChildren, in.CoversKitchen, in.RetentionDays, checked, in.Working, in.Note, now, now)
			if err != nil {
				return err
			}
		} else {
			r, err := q.Exec(ctx, `UPDATE cctv_cameras SET location = ?, area = ?, covers_children = ?, covers_kitchen = ?, retention_days = ?, last_checked_on = ?,
				working = ?, note = ?, updated_at = ? WHERE id = ? AND institution_id = ? AND removed_at IS NULL`,
				in.Location, in.Area, in.CoversChildren, in.CoversKitchen, in.RetentionDays, checked, in.Working, in.Note, now, id, inst.ID)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n == 0 {
				return domain.NotFound("camera")
			}
		}
		out = Camera{ID: id, InstitutionID: inst.ID, Location: in.Location, Area: in.Area, CoversChildren: in.CoversChildren, CoversKitchen: in.CoversKitchen,
			RetentionDays: in.RetentionDays, LastCheckedOn: checked, Working: in.Working, Note: in.Note, UpdatedAt: now}
		return s.audit(ctx, q, a, ActionCameraSave, "cctv_camera", id, inst.RegionCode, inst.ID, out)
	})
	return out, err
}

// RemoveCamera takes a camera off the register (the row stays, marked removed).
func (s *Service) RemoveCamera(ctx context.Context, a authz.Actor, institutionID, id int64) error {
	if err := a.Require(authz.CCTVEdit); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(q store.Q) error {
		inst, err := q.Institution(ctx, a.Scope(), institutionID)
		if err != nil {
			return err
		}
		r, err := q.Exec(ctx, "UPDATE cctv_cameras SET removed_at = ? WHERE id = ? AND institution_id = ? AND removed_at IS NULL", s.now().UTC(), id, inst.ID)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return domain.NotFound("camera")
		}
		return s.audit(ctx, q, a, ActionCameraRemove, "cctv_camera", id, inst.RegionCode, inst.ID, nil)
	})
}

// Register returns an institution's CCTV register with its gaps.
func (s *Service) Register(ctx context.Context, a authz.Actor, institutionID int64) (CCTVRegister, error) {
	if err := a.Require(authz.CCTVView); err != nil {
		return CCTVRegister{}, err
	}
	q := s.db.Read()
	inst, err := q.Institution(ctx, a.Scope(), institutionID)
	if err != nil {
		return CCTVRegister{}, err
	}
	set, err := caseSettings(ctx, q)
	if err != nil {
		return CCTVRegister{}, err
	}
	rows, err := q.Query(ctx, `SELECT id, institution_id, location, area, covers_children, covers_kitchen, retention_days, last_checked_on, working, note, updated_at
		FROM cctv_cameras WHERE institution_id = ? AND removed_at IS NULL ORDER BY area, location, id`, inst.ID)
	if err != nil {
		return CCTVRegister{}, err
	}
	defer rows.Close()
	reg := CCTVRegister{InstitutionID: inst.ID, Cameras: []Camera{}, Gaps: []string{}, RequiredRetention: set.CCTVRetentionDays}
	children, kitchen, short := false, false, false
	for rows.Next() {
		var c Camera
		if err := rows.Scan(&c.ID, &c.InstitutionID, &c.Location, &c.Area, &c.CoversChildren, &c.CoversKitchen, &c.RetentionDays, &c.LastCheckedOn,
			&c.Working, &c.Note, &c.UpdatedAt); err != nil {
			return reg, err
		}
		c.UpdatedAt = c.UpdatedAt.UTC()
		children = children || c.Working && c.CoversChildren
		kitchen = kitchen || c.Working && c.CoversKitchen
		short = short || c.RetentionDays < set.CCTVRetentionDays
		reg.Cameras = append(reg.Cameras, c)
	}
	if !children {
		reg.Gaps = append(reg.Gaps, "children")
	}
	if !kitchen {
		reg.Gaps = append(reg.Gaps, "kitchen")
	}
	if short {
		reg.Gaps = append(reg.Gaps, "retention")
	}
	return reg, rows.Err()
}
