package service

import (
	"strings"

	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/importer"
)

// Import kinds.
const (
	ImportChildren = "children"
	ImportStaff    = "staff"
)

// ImportKinds lists the kinds of roster that can be imported.
var ImportKinds = []string{ImportChildren, ImportStaff}

// importColumn describes one column of a roster: its key (the field name
// the service validates under), how the importer reads it, whether the
// header must be present, and where its allowed values come from. The
// header names and help are in the catalog (internal/i18n/catalog_import.go):
// import.col.<kind>.<key> and import.help.<kind>.<key>.
type importColumn struct {
	key      string
	kind     importer.Kind
	required bool
	// values lists the codes of an enumeration; label gives a code's
	// catalog key.
	values []string
	label  func(code string) string
	// aliases are further spellings of codes.
	aliases map[string]string
	// headers are further header texts accepted for the column.
	headers []string
}

var childColumns = []importColumn{
	{key: "name", required: true},
	{key: "sex", kind: importer.Enum, values: domain.Sexes, label: labelKey("sex.")},
	{key: "birth_date", kind: importer.Date},
	{key: "cert_type", kind: importer.Enum, values: certTypeCodes(), label: labelKey("cert_type."), aliases: map[string]string{"身份证": string(cnid.CertResidentID)}},
	{key: "cert_number", required: true, headers: []string{"身份证号", "身份证号码", "证件号"}},
	{key: "household_region"},
	{key: "allergies"},
	{key: "special_needs"},
	{key: "class", required: true},
	{key: "care_type", required: true, kind: importer.Enum, values: domain.CareTypes, label: labelKey("")},
	{key: "start_date", required: true, kind: importer.Date},
	{key: "puhui", kind: importer.Bool},
	{key: "fee"},
	{key: "guardian_name", required: true},
	{key: "guardian_relation", required: true, headers: []string{"监护人关系", "与幼儿关系"}, kind: importer.Enum, values: domain.Relations, label: labelKey("relation."), aliases: map[string]string{
		"爸爸": domain.RelationFather, "妈妈": domain.RelationMother, "祖父": domain.RelationGrandparent, "祖母": domain.RelationGrandparent,
		"外祖父": domain.RelationGrandparent, "外祖母": domain.RelationGrandparent, "爷爷": domain.RelationGrandparent, "奶奶": domain.RelationGrandparent,
		"外公": domain.RelationGrandparent, "外婆": domain.RelationGrandparent}},
	{key: "guardian_phone", required: true, headers: []string{"联系电话", "家长电话", "监护人手机"}},
	{key: "guardian_id_number"},
}

var staffColumns = []importColumn{
	{key: "name", required: true},
	{key: "sex", kind: importer.Enum, values: domain.Sexes, label: labelKey("sex.")},
	{key: "birth_date", kind: importer.Date},
	{key: "id_number", required: true, headers: []string{"身份证号", "身份证号码", "证件号"}},
	{key: "phone"},
	{key: "post", required: true, kind: importer.Enum, values: domain.Posts, label: labelKey("post."), aliases: map[string]string{
		"负责人": domain.PostDirector, "园长": domain.PostDirector, "育婴员": domain.PostCaregiver, "保育师": domain.PostCaregiver, "保健医": domain.PostHealth,
		"保安员": domain.PostSecurity, "厨师": domain.PostCook, "炊事": domain.PostCook, "其他": domain.PostOther}},
	{key: "full_time", kind: importer.Bool, headers: []string{"专职"}},
	{key: "start_date", kind: importer.Date},
	{key: "education", kind: importer.Enum, values: domain.EducationLevels, label: labelKey("edu."), aliases: map[string]string{
		"初中": domain.EduJuniorHigh, "中专": domain.EduSeniorHigh, "高中": domain.EduSeniorHigh, "专科": domain.EduJuniorCollege, "大学": domain.EduBachelor,
		"硕士": domain.EduPostgraduate, "博士": domain.EduPostgraduate}},
	{key: "management_years"},
	{key: "health_issued_on", kind: importer.Date},
	{key: "health_expires_on", kind: importer.Date},
	{key: "no_criminal_record_on", kind: importer.Date},
	{key: "qualification_kind", kind: importer.Enum, values: qualificationKinds, label: labelKey("cert.")},
	{key: "qualification_name"},
	{key: "qualification_number"},
	{key: "qualification_issued_on", kind: importer.Date},
	{key: "qualification_expires_on", kind: importer.Date},
}

// qualificationKinds are the certificate kinds the qualification columns
// of a staff roster take (the health and no-criminal-record certificates
// have columns of their own).
var qualificationKinds = []string{domain.CertCaregiver, domain.CertTeacher, domain.CertDirectorTraining, domain.CertHealthStaffTraining,
	domain.CertSecurityGuard, domain.CertTraining, domain.CertOther}

func labelKey(p string) func(string) string { return func(code string) string { return p + code } }

func certTypeCodes() []string {
	var out []string
	for _, t := range cnid.CertTypes() {
		out = append(out, string(t.Type))
	}
	return out
}

func importSpec(kind string) []importColumn {
	if kind == ImportStaff {
		return staffColumns
	}
	return childColumns
}

// ColumnName is the header of an import kind's column (ImportChildren,
// ImportStaff) in a language, for the exports that share it.
func ColumnName(kind, key, lang string) string {
	return i18n.T(lang, "import.col."+kind+"."+key)
}

// importerColumns turns a kind's columns into what the importer reads:
// each column is recognised by its Chinese and English names and its key;
// an enumeration by its codes, its labels in both languages and aliases.
func importerColumns(kind string) []importer.Column {
	spec := importSpec(kind)
	out := make([]importer.Column, len(spec))
	for i, c := range spec {
		zh, en := i18n.Both("import.col." + kind + "." + c.key)
		col := importer.Column{Key: c.key, Names: append([]string{zh, en}, c.headers...), Kind: c.kind, Required: c.required}
		if c.kind == importer.Enum {
			col.Options = map[string]string{}
			for _, code := range c.values {
				col.Options[importer.NormaliseHeader(code)] = code
				lz, le := i18n.Both(c.label(code))
				if lz != "" {
					col.Options[importer.NormaliseHeader(lz)] = code
					col.Options[importer.NormaliseHeader(le)] = code
				}
			}
			for alias, code := range c.aliases {
				col.Options[importer.NormaliseHeader(alias)] = code
			}
		}
		out[i] = col
	}
	return out
}

// allowedValues lists an enumeration column's values in a language.
func allowedValues(c importColumn, lang string) []string {
	out := make([]string, len(c.values))
	for i, code := range c.values {
		out[i] = i18n.T(lang, c.label(code))
	}
	return out
}

// columnFormat describes what a column takes, for the template's notes and
// for messages.
func columnFormat(kind string, c importColumn, lang string) string {
	switch c.kind {
	case importer.Date:
		return i18n.T(lang, "import.format.date")
	case importer.Bool:
		return i18n.T(lang, "import.format.bool")
	case importer.Enum:
		return i18n.T(lang, "import.format.one_of", strings.Join(allowedValues(c, lang), "、"))
	}
	if key := "import.help." + kind + "." + c.key; i18n.Has(key) {
		return i18n.T(lang, key)
	}
	return i18n.T(lang, "import.format.text")
}
