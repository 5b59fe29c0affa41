package service

import (
	"context"
	"time"
	"unicode/utf8"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// attendanceItem is an item of a batch after its own checks.
type attendanceItem struct {
	domain.AttendanceItem
	date     string
	checkIn  *time.Time
	checkOut *time.Time
	err      *domain.Error
	key      store.AttendanceKey
	id       int64 // of the record written
}

// RecordAttendance applies a batch of check-ins, check-outs and absences
// (the class grid on a tablet). Each item is checked on its own and gets its
// own result; an item that fails changes nothing, and the others still
// apply. All the valid items are written in ONE transaction with ONE audit
// event per institution ("attendance.record" on the institution, its detail
// listing each record written: index, id, child, date and the fields the
// item set), so a batch of 100 is a handful of statements. An audit row
// per item would double the rows a check-in writes (see
// BenchmarkAttendanceBatch); the batch event keeps the same facts.
//
// An item is a child's record of a date, created or updated (one record per
// child and date): fields left empty keep what is recorded. A check-in
// clears an absence; an absence clears the check-in and check-out (a
// correction). check_out must be after check_in and names who collected the
// child: "guardian:<id>" or "pickup:<id>" of that child, anything else is
// refused on the field picked_up_by. A child must have an open enrolment at
// an institution in the caller's scope (else the item is not_found), and
// the date may not be in the future nor before the enrolment.
func (s *Service) RecordAttendance(ctx context.Context, a authz.Actor, in []domain.AttendanceItem) (domain.BatchOutcome, error) {
	if err := a.Require(authz.DailyRecord); err != nil {
		return domain.BatchOutcome{}, err
	}
	if len(in) == 0 {
		return domain.BatchOutcome{}, domain.Invalid("items", domain.ReasonRequired)
	}
	if len(in) > domain.MaxBatch {
		return domain.BatchOutcome{}, domain.TooLarge("too many items in one request")
	}
	now, today := s.Now(), s.Today()
	items := make([]attendanceItem, len(in))
	var keys []store.AttendanceKey
	seenKey := map[store.AttendanceKey]bool{}
	for i := range in {
		it := &items[i]
		it.AttendanceItem = in[i]
		it.Normalise()
		if p := s.checkAttendanceItem(it, now, today); p.Err() != nil {
			it.err = p.Err().(*domain.Error)
			continue
		}
		it.key = store.AttendanceKey{ChildID: it.ChildID, Date: it.date}
		if !seenKey[it.key] {
			seenKey[it.key] = true
			keys = append(keys, it.key)
		}
	}
	err := s.DB.Tx(ctx, func(q store.Q) error {
		enrol, existing, err := q.AttendanceTargets(ctx, a.Scope(), keys)
		if err != nil {
			return err
		}
		var pickupChildren []int64
		seenPickup := map[int64]bool{}
		for i := range items {
			it := &items[i]
			if it.err != nil {
				continue
			}
			e, ok := enrol[it.ChildID]
			if !ok {
				it.err = &domain.Error{Code: domain.CodeNotFound, Message: "child not found"}
				continue
			}
			if it.date < e.StartDate {
				it.err = domain.Invalid("date", domain.ReasonBeforeEnrolment).(*domain.Error)
				continue
			}
			if it.PickedUpBy != "" && !seenPickup[it.ChildID] {
				seenPickup[it.ChildID] = true
				pickupChildren = append(pickupChildren, it.ChildID)
			}
		}
		options, err := q.PickupOptions(ctx, pickupChildren)
		if err != nil {
			return err
		}
		// Merge the items into the records in order: two items of the same
		// child and date (a check-in and a check-out) make one record.
		state := map[store.AttendanceKey]*store.AttendanceRow{}
		var touched []store.AttendanceKey
		written := map[store.AttendanceKey]bool{}
		for i := range items {
			it := &items[i]
			if it.err != nil {
				continue
			}
			cur, ok := state[it.key]
			if !ok {
				r := existing[it.key]
				r.ChildID, r.Date = it.ChildID, it.date
				cur = &r
				state[it.key] = cur
			}
			next, p := mergeAttendance(*cur, it, options[it.ChildID])
			if err := p.Err(); err != nil {
				it.err = err.(*domain.Error)
				continue
			}
			*cur = next
			if !written[it.key] {
				written[it.key] = true
				touched = append(touched, it.key)
			}
		}
		if len(touched) == 0 {
			return nil
		}
		rows := make([]store.AttendanceRow, len(touched))
		for i, k := range touched {
			r := *state[k]
			e := enrol[k.ChildID]
			r.InstitutionID, r.ClassID, r.RecordedBy, r.UpdatedAt = e.InstitutionID, e.ClassID, a.UserID, now
			rows[i] = r
		}
		ids, err := q.UpsertAttendance(ctx, rows)
		if err != nil {
			return err
		}
		// One audit event per institution of the batch (normally one), listing
		// every record written with the item that wrote it.
		type change struct {
			Index        int    `json:"index"`
			ID           int64  `json:"id"`
			ChildID      int64  `json:"child_id"`
			Date         string `json:"date"`
			CheckIn      string `json:"check_in,omitempty"`
			CheckOut     string `json:"check_out,omitempty"`
			AbsentReason string `json:"absent_reason,omitempty"`
			PickedUpBy   string `json:"picked_up_by,omitempty"`
		}
		changes := map[int64][]change{}
		var institutions []int64
		for i := range items {
			it := &items[i]
			if it.err != nil {
				continue
			}
			inst := enrol[it.ChildID].InstitutionID
			if _, ok := changes[inst]; !ok {
				institutions = append(institutions, inst)
			}
			changes[inst] = append(changes[inst], change{Index: i, ID: ids[it.key], ChildID: it.ChildID, Date: it.date, CheckIn: it.CheckIn,
				CheckOut: it.CheckOut, AbsentReason: it.AbsentReason, PickedUpBy: it.PickedUpBy})
		}
		for _, inst := range institutions {
			list := changes[inst]
			region := enrol[list[0].ChildID].RegionCode
			if err := s.audit(ctx, q, a, "attendance.record", "institution", inst, region, inst, map[string]any{"count": len(list), "items": list}); err != nil {
				return err
			}
		}
		for i := range items {
			if items[i].err == nil {
				items[i].id = ids[items[i].key]
			}
		}
		return nil
	})
	if err != nil {
		return domain.BatchOutcome{}, err
	}
	out := domain.BatchOutcome{Results: make([]domain.BatchItem, len(items))}
	for i := range items {
		it := &items[i]
		if it.err != nil {
			out.Results[i] = domain.BatchItem{Index: i, Status: domain.ItemFailed, Error: domain.BatchItemErrorOf(it.err)}
			out.Failed++
			continue
		}
		out.Results[i] = domain.BatchItem{Index: i, Status: domain.ItemOK, ID: it.id}
		out.Applied++
	}
	return out, nil
}

// checkAttendanceItem checks an item on its own (no database).
func (s *Service) checkAttendanceItem(it *attendanceItem, now, today time.Time) domain.Problems {
	p := domain.Problems{}
	if it.ChildID <= 0 {
		p.Add("child_id", domain.ReasonRequired)
	}
	date, reason := domain.ParseDayDate(it.Date, today)
	if reason != "" {
		p.Add("date", reason)
		return p
	}
	it.date = date.Format(time.DateOnly)
	for field, v := range map[string]string{"check_in": it.CheckIn, "check_out": it.CheckOut} {
		if v == "" {
			continue
		}
		t, reason := domain.ParseDayTime(v, date, China)
		if reason == "" && t.After(now.Add(domain.ClockSkew)) {
			reason = domain.ReasonFuture
		}
		if reason != "" {
			p.Add(field, reason)
			continue
		}
		t = t.UTC().Truncate(time.Second)
		if field == "check_in" {
			it.checkIn = &t
		} else {
			it.checkOut = &t
		}
	}
	if it.checkIn != nil && it.checkOut != nil && !it.checkOut.After(*it.checkIn) {
		p.Add("check_out", domain.ReasonOutBeforeIn)
	}
	switch it.AbsentReason {
	case "":
		if it.Symptoms != "" {
			p.Add("symptoms", domain.ReasonNotAllowed)
		}
		if it.CheckIn == "" && it.CheckOut == "" && it.PickedUpBy == "" {
			p.Add("check_in", domain.ReasonNothingToRecord)
		}
	case domain.AbsentSick, domain.AbsentPersonal, domain.AbsentOther:
		if it.CheckIn != "" || it.CheckOut != "" || it.PickedUpBy != "" {
			p.Add("absent_reason", domain.ReasonAbsentCheckedIn)
		}
		if it.AbsentReason == domain.AbsentSick && it.Symptoms == "" {
			p.Add("symptoms", domain.ReasonRequired)
		}
		if it.AbsentReason == domain.AbsentOther && it.Note == "" {
			p.Add("note", domain.ReasonRequired)
		}
	default:
		p.Add("absent_reason", domain.ReasonNotAllowed)
	}
	if it.PickedUpBy != "" {
		if _, _, ok := domain.ParsePickup(it.PickedUpBy); !ok {
			p.Add("picked_up_by", domain.ReasonPickupFormat)
		}
	}
	if utf8.RuneCountInString(it.Symptoms) > 200 {
		p.Add("symptoms", domain.ReasonTooLong)
	}
	if utf8.RuneCountInString(it.Note) > 500 {
		p.Add("note", domain.ReasonTooLong)
	}
	return p
}

// mergeAttendance applies an item to the record as it stands and checks
// the result.
func mergeAttendance(r store.AttendanceRow, it *attendanceItem, options []domain.PickupOption) (store.AttendanceRow, domain.Problems) {
	p := domain.Problems{}
	if it.AbsentReason != "" {
		r.CheckIn, r.CheckOut, r.PickedUpBy = nil, nil, ""
		r.AbsentReason, r.Symptoms, r.Note = it.AbsentReason, it.Symptoms, it.Note
		return r, p
	}
	if it.checkIn != nil {
		r.CheckIn = it.checkIn
		r.AbsentReason, r.Symptoms = "", ""
	}
	if it.checkOut != nil {
		r.CheckOut = it.checkOut
	}
	if it.PickedUpBy != "" {
		allowed := false
		for _, o := range options {
			allowed = allowed || o.Key == it.PickedUpBy
		}
		if !allowed {
			p.Add("picked_up_by", domain.ReasonPickupRefused)
		}
		r.PickedUpBy = it.PickedUpBy
	}
	if it.Note != "" {
		r.Note = it.Note
	}
	switch {
	case r.CheckOut == nil && it.PickedUpBy != "":
		p.Add("check_out", domain.ReasonRequired)
	case r.CheckOut != nil && r.CheckIn == nil:
		p.Add("check_out", domain.ReasonNoCheckIn)
	case r.CheckOut != nil && !r.CheckOut.After(*r.CheckIn):
		if it.checkOut != nil {
			p.Add("check_out", domain.ReasonOutBeforeIn)
		} else {
			p.Add("check_in", domain.ReasonOutBeforeIn)
		}
	case r.CheckOut != nil && r.PickedUpBy == "":
		p.Add("picked_up_by", domain.ReasonRequired)
	}
	return r, p
}
