package daily

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// attendanceItem is an item of a batch after its own checks.
type attendanceItem struct {
	domain.AttendanceItem
	date     string
	checkIn  *time.Time
	checkOut *time.Time
	// clearIn and clearOut are the times the item removes (Clear).
	clearIn, clearOut bool
	err               *domain.Error
	key               store.AttendanceKey
	id                int64 // of the record written
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
// refused on the field picked_up_by. An item with "clear" undoes a tap:
// ["check_out"] removes the check-out and who collected the child,
// ["check_in"] the check-in (refused on clear while a check-out stays
// recorded: clear both, or the check-out first); clearing a time that is not
// recorded, or on a day without a record, is refused on clear
// (nothing_to_clear). Such an item may carry a note but no time, absence or
// pick-up. A child must have an open enrolment at
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
	now, today := s.core.Now(), s.core.Today()
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
	if err := s.writeAttendance(ctx, a, items, keys, now); err != nil {
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

// applyAttendance writes the checked items of one request in the
// transaction q: it reads the children's enrolments and records through the
// actor's scope, merges the items, upserts the records and appends the
// request's audit events. An item refused here gets its err and the others
// still apply; an error returned fails the whole request.
func (s *Service) applyAttendance(ctx context.Context, q store.Q, a authz.Actor, items []attendanceItem, keys []store.AttendanceKey, now time.Time) error {
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
	options, err := q.PickupOptions(ctx, a.Scope(), pickupChildren)
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
		r.Institution, r.ClassID, r.RecordedBy, r.UpdatedAt = e.Institution, e.ClassID, a.UserID, now
		rows[i] = r
	}
	ids, err := q.UpsertAttendance(ctx, rows)
	if err != nil {
		return err
	}
	// One audit event per institution of the batch (normally one), listing
	// every record written with the item that wrote it:
	// {"count": n, "items": [{"index", "id", "child_id", "date", and the
	// fields the item set: "check_in", "check_out", "absent_reason",
	// "picked_up_by", "clear"}]}. Written by hand: encoding/json's
	// reflection over a hundred items was a visible part of a batch.
	type event struct {
		detail []byte
		count  int
		region string
	}
	events := map[int64]*event{}
	var institutions []int64
	for i := range items {
		it := &items[i]
		if it.err != nil {
			continue
		}
		e := enrol[it.ChildID]
		ev := events[e.Institution.ID()]
		if ev == nil {
			ev = &event{detail: make([]byte, 0, 64+96*len(items)), region: e.Institution.RegionCode()}
			events[e.Institution.ID()] = ev
			institutions = append(institutions, e.Institution.ID())
		}
		ev.count++
		ev.detail = appendAttendanceChange(ev.detail, i, ids[it.key], it)
	}
	for _, inst := range institutions {
		ev := events[inst]
		detail := make([]byte, 0, len(ev.detail)+32)
		detail = append(detail, `{"count":`...)
		detail = strconv.AppendInt(detail, int64(ev.count), 10)
		detail = append(detail, `,"items":[`...)
		detail = append(detail, ev.detail[1:]...) // without the first item's comma
		detail = append(detail, "]}"...)
		if err := s.core.Audit(ctx, q, a, audit.AttendanceRecord, "institution", inst, ev.region, inst, json.RawMessage(detail)); err != nil {
			return err
		}
	}
	for i := range items {
		if items[i].err == nil {
			items[i].id = ids[items[i].key]
		}
	}
	return nil
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
	if it.CheckIn != "" {
		it.checkIn = parseAttendanceTime(p, "check_in", it.CheckIn, date, now)
	}
	if it.CheckOut != "" {
		it.checkOut = parseAttendanceTime(p, "check_out", it.CheckOut, date, now)
	}
	if it.checkIn != nil && it.checkOut != nil && !it.checkOut.After(*it.checkIn) {
		p.Add("check_out", domain.ReasonOutBeforeIn)
	}
	for _, c := range it.Clear {
		switch strings.TrimSpace(c) {
		case "check_in":
			it.clearIn = true
		case "check_out":
			it.clearOut = true
		default:
			p.Add("clear", domain.ReasonNotAllowed)
		}
	}
	if len(it.Clear) > 0 {
		// An undo sets nothing: the tap it corrects is made again afterwards.
		for _, f := range [...]struct{ name, v string }{{"check_in", it.CheckIn}, {"check_out", it.CheckOut},
			{"absent_reason", it.AbsentReason}, {"symptoms", it.Symptoms}, {"picked_up_by", it.PickedUpBy}} {
			if f.v != "" {
				p.Add(f.name, domain.ReasonNotAllowed)
			}
		}
		if utf8.RuneCountInString(it.Note) > 500 {
			p.Add("note", domain.ReasonTooLong)
		}
		return p
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

// parseAttendanceTime reads a time of the item's date, not later than now;
// a bad one is added to p and gives nil.
func parseAttendanceTime(p domain.Problems, field, v string, date, now time.Time) *time.Time {
	t, reason := domain.ParseDayTime(v, date, service.China)
	if reason == "" && t.After(now.Add(domain.ClockSkew)) {
		reason = domain.ReasonFuture
	}
	if reason != "" {
		p.Add(field, reason)
		return nil
	}
	t = t.UTC().Truncate(time.Second)
	return &t
}

// mergeAttendance applies an item to the record as it stands and checks
// the result.
func mergeAttendance(r store.AttendanceRow, it *attendanceItem, options []domain.PickupOption) (store.AttendanceRow, domain.Problems) {
	p := domain.Problems{}
	if it.clearIn || it.clearOut {
		if (it.clearOut && r.CheckOut == nil) || (it.clearIn && r.CheckIn == nil) {
			p.Add("clear", domain.ReasonNothingToClear)
			return r, p
		}
		if it.clearOut {
			r.CheckOut, r.PickedUpBy = nil, ""
		}
		if it.clearIn {
			if r.CheckOut != nil {
				p.Add("clear", domain.ReasonCheckedOut)
				return r, p
			}
			r.CheckIn = nil
		}
		if it.Note != "" {
			r.Note = it.Note
		}
		return r, p
	}
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

// appendAttendanceChange appends ",{...}" describing a written item to the
// audit detail.
func appendAttendanceChange(b []byte, index int, id int64, it *attendanceItem) []byte {
	b = append(b, `,{"index":`...)
	b = strconv.AppendInt(b, int64(index), 10)
	b = append(b, `,"id":`...)
	b = strconv.AppendInt(b, id, 10)
	b = append(b, `,"child_id":`...)
	b = strconv.AppendInt(b, it.ChildID, 10)
	b = append(b, `,"date":`...)
	b = appendJSONString(b, it.date)
	for _, f := range [...]struct{ name, v string }{{"check_in", it.CheckIn}, {"check_out", it.CheckOut},
		{"absent_reason", it.AbsentReason}, {"picked_up_by", it.PickedUpBy}} {
		if f.v != "" {
			b = append(append(append(b, ',', '"'), f.name...), '"', ':')
			b = appendJSONString(b, f.v)
		}
	}
	switch {
	case it.clearIn && it.clearOut:
		b = append(b, `,"clear":["check_in","check_out"]`...)
	case it.clearIn:
		b = append(b, `,"clear":["check_in"]`...)
	case it.clearOut:
		b = append(b, `,"clear":["check_out"]`...)
	}
	return append(b, '}')
}

// appendJSONString appends s as a JSON string; the values here are checked
// times, dates and codes, so the quick path nearly always applies.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	return append(append(append(b, '"'), s...), '"')
}
