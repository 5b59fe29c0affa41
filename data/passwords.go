package data

import _ "embed"

// CommonPasswords is the list of common passwords the password policy
// refuses (passwords/common.txt; source in README.md).
//
//go:embed passwords/common.txt
var CommonPasswords string
