package supervision

// OversightActions lists the actions of registrations, plans, inspections,
// orders, settings and templates; with CaseActions they are every action
// of this context (the audit page's filter reads both).
var OversightActions = []Action{RegistrationRecorded, RegistrationsImported, InstitutionRegistered, PlanCreated,
	InspectionCreated, InspectionItemSaved, InspectionPhoto, InspectionCompleted,
	OrderIssued, OrderEvidence, OrderSubmit, OrderDecided, PenaltyRecorded,
	SettingChanged, TemplateEdited}
