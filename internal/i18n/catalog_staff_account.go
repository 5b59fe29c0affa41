package i18n

func init() {
	add(map[string]entry{
		"unknown_user":       {"没有这个账号", "is not a known account"},
		"not_caregiver_here": {"该账号不是本机构的保育人员账号，或此人已离职", "is not a caregiver account of this institution, or the person has left"},
	})
}
