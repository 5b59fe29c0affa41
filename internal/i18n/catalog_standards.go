package i18n

// Strings of the local tightening of the national standard.
func init() {
	add(map[string]entry{
		"looser_than_standard": {"不得低于国家标准或市级标准", "may not be looser than the national or the city's figure"},
	})
}
