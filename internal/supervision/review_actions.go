package supervision

import (
	"time"
)

// The audit actions of annual reviews, closures, complaints, the CCTV
// register, footage preservation and quality assessment.
const (
	ActionReviewRecord        Action = "annual_review.record"
	ActionClosurePropose      Action = "closure.propose"
	ActionClosureClose        Action = "closure.close"
	ActionClosureKeep         Action = "closure.keep"
	ActionClosureAppeal       Action = "closure.appeal"
	ActionComplaintSubmit     Action = "complaint.submit"
	ActionComplaintTriage     Action = "complaint.triage"
	ActionComplaintAnswer     Action = "complaint.answer"
	ActionComplaintClose      Action = "complaint.close"
	ActionComplaintForward    Action = "complaint.forward"
	ActionComplaintRespond    Action = "complaint.respond"
	ActionComplaintExport     Action = "complaint.export"
	ActionCameraSave          Action = "cctv_camera.save"
	ActionCameraRemove        Action = "cctv_camera.remove"
	ActionFootageRequest      Action = "footage.request"
	ActionFootageConfirm      Action = "footage.confirm"
	ActionQualityTemplate     Action = "quality_template.save"
	ActionQualitySelf         Action = "quality.self"
	ActionQualityCounty       Action = "quality.county"
	ActionQualityCity         Action = "quality.city"
	ActionDemonstrationGrant  Action = "demonstration.designate"
	ActionDemonstrationRevoke Action = "demonstration.revoke"
	ActionSettingsUpdate      Action = "case_settings.update"
)

// CaseActions lists the actions above (the audit page's filter and the
// catalog test read it).
var CaseActions = []Action{ActionReviewRecord, ActionClosurePropose, ActionClosureClose, ActionClosureKeep, ActionClosureAppeal,
	ActionComplaintSubmit, ActionComplaintTriage, ActionComplaintAnswer, ActionComplaintClose, ActionComplaintForward, ActionComplaintRespond,
	ActionComplaintExport, ActionCameraSave, ActionCameraRemove, ActionFootageRequest, ActionFootageConfirm, ActionQualityTemplate,
	ActionQualitySelf, ActionQualityCounty, ActionQualityCity, ActionDemonstrationGrant, ActionDemonstrationRevoke, ActionSettingsUpdate}

// addWorkdays is the n-th working day after d on the official calendar.
// utc returns a stored instant in UTC (SQLite returns it as written, PostgreSQL in the session's zone).
func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
