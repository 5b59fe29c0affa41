package rules

import (
	"fmt"
	"math"
	"time"
)

// Room kinds. Only children's living rooms (婴幼儿生活用房) are listed.
const (
	RoomActivity = "activity" // 活动室 / 活动区
	RoomSleeping = "sleeping" // 寝室
	RoomOther    = "other"    // other living rooms (卫生间, 盥洗室 ...)
)

// Room is one of the children's living rooms.
type Room struct {
	Name string
	Kind string
	// ClassType is the class an activity room serves; it sets the minimum
	// area. Empty for other rooms.
	ClassType ClassType
	// Storey: 1 is the ground floor; 0 or below is a basement.
	Storey       int
	SemiBasement bool
	AreaM2       float64 // usable floor area; 0 = not recorded
	WindowAreaM2 float64 // 0 = not recorded
}

// Premises are the institution's site facts. LeaseEnd is the lease's last
// day.
type Premises struct {
	Owned      bool
	LeaseStart time.Time
	LeaseEnd   time.Time
	Rooms      []Room
	// ObservationRoomM2 is the building area of the 保健观察室; 0 = none.
	ObservationRoomM2 float64
	ObservationBeds   int
}

func validatePremises(p Premises) error {
	if !p.Owned {
		if p.LeaseStart.IsZero() {
			return fieldErr("lease_start", ErrRequired)
		}
		if p.LeaseEnd.IsZero() {
			return fieldErr("lease_end", ErrRequired)
		}
		if dateOf(p.LeaseEnd).before(dateOf(p.LeaseStart)) {
			return fieldErr("lease_end", ErrDateOrder)
		}
	}
	if p.ObservationRoomM2 < 0 || math.IsNaN(p.ObservationRoomM2) {
		return fieldErr("observation_room_m2", ErrNegative)
	}
	if p.ObservationBeds < 0 {
		return fieldErr("observation_beds", ErrNegative)
	}
	for i, r := range p.Rooms {
		pre := fmt.Sprintf("rooms[%d]", i)
		switch {
		case r.Kind != RoomActivity && r.Kind != RoomSleeping && r.Kind != RoomOther:
			return fieldErr(pre+".kind", ErrUnknownRoomKind)
		case r.ClassType != "" && r.ClassType.Chinese() == "":
			return fieldErr(pre+".class_type", ErrUnknownClassType)
		case r.AreaM2 < 0 || math.IsNaN(r.AreaM2):
			return fieldErr(pre+".area_m2", ErrNegative)
		case r.WindowAreaM2 < 0 || math.IsNaN(r.WindowAreaM2):
			return fieldErr(pre+".window_area_m2", ErrNegative)
		}
	}
	return nil
}

// checkLease: owned, or a lease whose term is at least years long (a lease
// from 1 Jan 2024 ending 31 Dec 2026 is three years), not yet ended, with a
// warning when it ends within Warnings.LeaseWarningMonths.
func (f *findings) checkLease(p Premises, asOf civil, ruleID string, years int) {
	if p.Owned {
		return
	}
	start, end := dateOf(p.LeaseStart), dateOf(p.LeaseEnd)
	endText := end.time().Format(time.DateOnly)
	if minEnd := start.addMonths(12 * years).addDays(-1); end.before(minEnd) {
		f.add(ruleID, Violation, "premises",
			fmt.Sprintf("租赁期%s至%s，不足%d年", start.time().Format(time.DateOnly), endText, years),
			fmt.Sprintf("lease %s to %s is shorter than %d years", start.time().Format(time.DateOnly), endText, years))
	}
	switch {
	case asOf.after(end):
		f.add(ruleID, Violation, "premises", "场地租赁已于"+endText+"到期", "the lease ended on "+endText)
	case !asOf.addMonths(f.s.Warnings.LeaseWarningMonths).before(end):
		f.add(ruleID, Warning, "premises", "场地租赁将于"+endText+"到期", "the lease ends on "+endText)
	}
}

func (f *findings) checkPremises(p Premises) {
	pr := f.s.Premises
	for _, r := range p.Rooms {
		who := r.Name
		if r.Storey <= 0 || r.SemiBasement {
			f.add(RulePremisesBasement, Violation, who,
				"婴幼儿生活用房设在地下室或半地下室", "children's living room in a basement or semi-basement")
		} else if r.Storey > pr.MaxLivingRoomStorey {
			f.add(RulePremisesFloor, Violation, who,
				fmt.Sprintf("婴幼儿生活用房在%d层，应在%d层及以下", r.Storey, pr.MaxLivingRoomStorey),
				fmt.Sprintf("children's living room on storey %d; must be on storey %d or below", r.Storey, pr.MaxLivingRoomStorey))
		}
		if r.AreaM2 > 0 && r.WindowAreaM2 > 0 && r.WindowAreaM2*100 < r.AreaM2*float64(pr.MinWindowPercent) {
			f.add(RulePremisesWindow, Violation, who,
				fmt.Sprintf("窗地面积比%.1f%%，低于%d%%", r.WindowAreaM2*100/r.AreaM2, pr.MinWindowPercent),
				fmt.Sprintf("window area is %.1f %% of floor area, below %d %%", r.WindowAreaM2*100/r.AreaM2, pr.MinWindowPercent))
		}
		if r.Kind != RoomActivity || r.AreaM2 == 0 {
			continue
		}
		// WS/T 821 gives areas for 乳儿班 and for 托小班/托大班 only; a mixed
		// class's room has no national minimum.
		minArea := 0
		switch r.ClassType {
		case ClassInfant:
			minArea = pr.InfantRoomM2
		case ClassToddlerYoung, ClassToddlerOlder:
			minArea = pr.ToddlerRoomM2
		}
		if r.AreaM2 < float64(minArea) {
			f.add(RulePremisesRoomArea, Violation, who,
				fmt.Sprintf("%s活动用房使用面积%.1fm²，低于%dm²", r.ClassType.Chinese(), r.AreaM2, minArea),
				fmt.Sprintf("%s activity room usable area %.1f m², below %d m²", r.ClassType, r.AreaM2, minArea))
		}
	}
	switch {
	case p.ObservationRoomM2 == 0:
		f.add(RuleObservationRoom, Violation, "premises", "未设保健观察室", "no health observation room")
	case p.ObservationRoomM2 < float64(pr.ObservationRoomM2):
		f.add(RuleObservationRoom, Violation, "premises",
			fmt.Sprintf("保健观察室建筑面积%.1fm²，低于%dm²", p.ObservationRoomM2, pr.ObservationRoomM2),
			fmt.Sprintf("observation room %.1f m², below %d m²", p.ObservationRoomM2, pr.ObservationRoomM2))
	}
	if p.ObservationRoomM2 > 0 && p.ObservationBeds < pr.ObservationBeds {
		f.add(RuleObservationRoom, Violation, "premises",
			fmt.Sprintf("保健观察室观察床%d张，至少%d张", p.ObservationBeds, pr.ObservationBeds),
			fmt.Sprintf("observation room has %d beds, needs at least %d", p.ObservationBeds, pr.ObservationBeds))
	}
}
