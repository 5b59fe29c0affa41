package web

import (
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// NavItem is a link of the main navigation. Name is what Page.Active
// highlights.
type NavItem struct{ Key, Href, Name string }

// navLink is a link of the main navigation and who sees it. Href may hold
// "{inst}", the viewer's institution.
type navLink struct {
	NavItem
	// perm is the permission of the linked page; unless, when set, hides
	// the link from holders of that permission.
	perm, unless authz.Permission
	// overseers: only for viewers whose scope spans institutions (a
	// director reaches the same page through their institution's tabs).
	overseers bool
	// shortcuts marks where the viewer's role shortcuts go.
	shortcuts bool
}

// nav is the main navigation, in order.
var nav = []navLink{
	{NavItem: NavItem{"nav.home", "/", "home"}, perm: authz.Authenticated},
	{NavItem: NavItem{"nav.worklist", "/filings", "filings"}, perm: authz.FilingReview},
	{NavItem: NavItem{"nav.filings", "/filings", "filings"}, perm: authz.FilingView, unless: authz.FilingReview},
	{NavItem: NavItem{"nav.institutions", "/institutions", "institutions"}, perm: authz.InstitutionList},
	{NavItem: NavItem{"nav.audit", "/audit", "audit"}, perm: authz.AuditView},
	{NavItem: NavItem{"account.nav", "/accounts", "accounts"}, perm: authz.AccountManage},
	{NavItem: NavItem{"stats.nav", "/stats", "stats"}, perm: authz.StatsView},
	{NavItem: NavItem{"stats.reports.nav", "/stats/reports", "stats_reports"}, perm: authz.StatsView, overseers: true},
	{NavItem: NavItem{"stats.monthly.nav", "/stats/monthly", "stats_monthly"}, perm: authz.StatsView},
	{NavItem: NavItem{"stats.planning.nav", "/stats/planning", "stats_planning"}, perm: authz.StatsPlanning},
	{NavItem: NavItem{"sv.nav.registrations", "/supervision/registrations", "sv_registrations"}, perm: authz.RegistrationView},
	{NavItem: NavItem{"sv.nav.inspections", "/supervision/inspections", "sv_inspections"}, perm: authz.InspectionView},
	{NavItem: NavItem{"sv.nav.orders", "/supervision/orders", "sv_orders"}, perm: authz.OrderView},
	{NavItem: NavItem{"cases.nav.complaints", "/supervision/complaints", "sv_complaints"}, perm: authz.ComplaintHandle},
	{NavItem: NavItem{"cases.nav.reviews", "/supervision/reviews", "sv_reviews"}, perm: authz.ReviewView, overseers: true},
	{NavItem: NavItem{"cases.nav.quality", "/supervision/quality", "sv_quality"}, perm: authz.QualityView},
	{NavItem: NavItem{"cases.demo.title", "/supervision/demonstrations", "sv_demonstrations"}, perm: authz.QualityView, overseers: true},
	{NavItem: NavItem{"sv.settings.nav", "/supervision/settings", "sv_settings"}, perm: authz.SupervisionSettings},
	{NavItem: NavItem{"cases.forwarded.title", "/supervision/forwarded", "sv_forwarded"}, perm: authz.ComplaintForwarded},
	{shortcuts: true},
	{NavItem: NavItem{"blacklist.title", "/blacklist", "ops_blacklist"}, perm: authz.BlacklistView},
	{NavItem: NavItem{"compliance.ranking", "/compliance", "ops_compliance"}, perm: authz.ComplianceView, overseers: true},
	{NavItem: NavItem{"price_caps.nav", "/price-caps", "ops_price_caps"}, perm: authz.PriceCapEdit},
	{NavItem: NavItem{"settings.nav", "/settings/daily", "ops_settings"}, perm: authz.UserManage},
	{NavItem: NavItem{"nav.public", "/public", "public"}, perm: authz.Public},
	{NavItem: NavItem{"sv.public_plans.nav", "/public/plans", "sv_public_plans"}, perm: authz.Public},
	{NavItem: NavItem{"cases.nav.notices", "/public/notices", "sv_notices"}, perm: authz.Public},
	{NavItem: NavItem{"cases.nav.complain", "/complain", "sv_complain"}, perm: authz.Public, unless: authz.ComplaintHandle},
	{NavItem: NavItem{"cases.nav.follow", "/complain/follow", "sv_follow"}, perm: authz.Public, unless: authz.ComplaintHandle},
	{NavItem: NavItem{"calc.nav.growth", "/calculators/growth", "calc_growth"}, perm: authz.Public},
	{NavItem: NavItem{"calc.nav.immunization", "/calculators/immunization", "calc_immunization"}, perm: authz.Public},
}

// shortcuts are the links to the daily work of the roles that work in one
// institution or for their own children. Like the home page they are
// chosen by role; each still shows only with its page's permission.
var shortcuts = map[domain.Role][]navLink{
	domain.RoleDirector: {
		{NavItem: NavItem{"ops.nav.classes", "/institutions/{inst}/classes", "ops_classes"}, perm: authz.ClassView},
		{NavItem: NavItem{"ops.nav.children", "/institutions/{inst}/children", "ops_children"}, perm: authz.ChildView},
		{NavItem: NavItem{"ops.nav.staff", "/institutions/{inst}/staff", "ops_staff"}, perm: authz.StaffView},
		{NavItem: NavItem{"ops.nav.bills", "/institutions/{inst}/bills", "ops_bills"}, perm: authz.BillView},
		{NavItem: NavItem{"cases.cctv.title", "/institutions/{inst}/cctv", "sv_cctv"}, perm: authz.CCTVEdit},
	},
	domain.RoleCaregiver: {
		{NavItem: NavItem{"ops.nav.attendance", "/institutions/{inst}/attendance", "ops_attendance"}, perm: authz.DailyRecord},
		{NavItem: NavItem{"ops.nav.classes", "/institutions/{inst}/classes", "ops_classes"}, perm: authz.ClassView},
	},
	domain.RoleGuardian: {
		{NavItem: NavItem{"ops.nav.my_children", "/my/children", "ops_my_children"}, perm: authz.OwnChildren},
		{NavItem: NavItem{"ops.nav.my_bills", "/my/bills", "ops_my_bills"}, perm: authz.OwnChildren},
	},
}

// shows reports whether the viewer sees the link.
func (l navLink) shows(p *Page) bool {
	if l.perm != authz.Public && !p.Can(string(l.perm)) {
		return false
	}
	if l.unless != "" && p.Can(string(l.unless)) {
		return false
	}
	return !l.overseers || p.Actor.Scope().Kind() != domain.ScopeInstitution
}

// Nav lists the pages the viewer may open.
func (p *Page) Nav() []NavItem {
	inst := itoa64(p.Actor.InstitutionID)
	var out []NavItem
	for _, l := range nav {
		links := []navLink{l}
		if l.shortcuts {
			links = shortcuts[p.Actor.Role]
		}
		for _, l := range links {
			if l.shows(p) {
				it := l.NavItem
				it.Href = strings.Replace(it.Href, "{inst}", inst, 1)
				out = append(out, it)
			}
		}
	}
	return out
}

// opsActive picks the main navigation item of an institution's tab: the
// viewer's shortcut to that page when they have one ("fees" are under
// "bills"), else the institutions.
func opsActive(a authz.Actor, tab string) string {
	if tab == "fees" {
		tab = "bills"
	}
	for _, l := range shortcuts[a.Role] {
		if l.Name == "ops_"+tab {
			return l.Name
		}
	}
	return "institutions"
}

// institutionTab is one tab of an institution's pages.
type institutionTab struct {
	name, key, path string // path follows /institutions/{id}
	perm            authz.Permission
}

// institutionTabs are the tabs of an institution's pages, in order.
var institutionTabs = []institutionTab{
	{"overview", "ops.tab.overview", "", authz.InstitutionView},
	{"attendance", "ops.tab.attendance", "/attendance", authz.DailyView},
	{"classes", "ops.tab.classes", "/classes", authz.ClassView},
	{"children", "ops.tab.children", "/children", authz.ChildView},
	{"staff", "ops.tab.staff", "/staff", authz.StaffView},
	{"compliance", "ops.tab.compliance", "/compliance", authz.ComplianceView},
	{"bills", "ops.tab.bills", "/bills", authz.BillView},
	{"fees", "ops.tab.fees", "/fees", authz.BillView},
}

// opsTabs are the tabs of an institution's pages the viewer may open; none
// when only one would show.
func opsTabs(a authz.Actor, instID int64, current string) []Tab {
	base := "/institutions/" + itoa64(instID)
	var out []Tab
	for _, t := range institutionTabs {
		if authz.Has(a.Role, t.perm) {
			out = append(out, Tab{Key: t.key, Href: base + t.path, Current: t.name == current})
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}
