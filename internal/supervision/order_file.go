package supervision

import (
	"context"

	"tuoyu/internal/authz"
)

// OrderFile returns an evidence file of an order the actor may read.
func (s *Service) OrderFile(ctx context.Context, a authz.Actor, fileID int64) (File, error) {
	if err := a.Require(authz.OrderView); err != nil {
		return File{}, err
	}
	q := s.db.Read()
	var f File
	var owner int64
	err := q.QueryRow(ctx, "SELECT id, owner_id, filename, content_type, content FROM sv_files WHERE id = ? AND owner = 'order'", fileID).Scan(&f.ID, &owner, &f.Filename, &f.ContentType, &f.Content)
	if err != nil {
		return File{}, notFound(err, "file")
	}
	if _, err := s.order(ctx, q, a, owner, false); err != nil {
		return File{}, err
	}
	return f, nil
}
