package i18n

import (
	"regexp"
	"strings"
)

// What a user reads must be plain: no rule codes ("staff.health_check"), no
// source tags ("[C] GH-TotSafe", "domain-reference §1.1"), no English words
// in Chinese text and no Chinese in English text. PlainZh and PlainEn name
// what breaks that in one text; the catalog test runs them over every key
// and the rules' tests over every finding and refusal.

var (
	ruleCodeRe  = regexp.MustCompile(`[a-z_]+\.[a-z_]+`)
	sourceTagRe = regexp.MustCompile(`\[[CSU]\]|§|domain-reference|GH-[A-Za-z]|P-[a-z]`)
	fmtVerbRe   = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)
	latinRunRe  = regexp.MustCompile(`[A-Za-z][A-Za-z/]*`)
	hanRe       = regexp.MustCompile(`\p{Han}`)
	abbrevRe    = regexp.MustCompile(`\b(?:e\.g|i\.e)\.`)
)

// Abbreviations a Chinese reader reads as they are; any other run of Latin
// letters in Chinese text is an English word left behind.
var latinAllowed = map[string]bool{
	"ID": true, "PDF": true, "Excel": true, "CCTV": true, "WS/T": true, "GB": true, "GB/T": true,
	"API": true, "JPEG": true, "JPG": true, "PNG": true, "CSV": true, "xlsx": true, "csv": true,
	"A": true, "B": true, "C": true, "D": true, "A/B/C/D": true,
	"m": true, "cm": true, "kg": true, "g/L": true, "g": true, "L": true, "BMI": true,
	"WHO": true, "HH": true, "MM": true, "YYYY": true, "DD": true, "SS": true,
	"Tuoyu": true, "URL": true, "IP": true, "HTTP": true, "HTTPS": true, "Cookie": true,
	"MB": true, "KB": true, "MiB": true, "z": true, "Z": true, "SD": true, "P": true, "NHC": true,
	"mm": true, "kg/m": true, "X": true, "xls": true, "IPV": true, "bOPV": true, "HPV": true,
}

// notLanguage are keys whose text names the other language on purpose (the
// language switch shows "English" in Chinese and "中文" in English).
var notLanguage = map[string]bool{"lang.switch": true}

// Checked reports whether a key's text is held to PlainZh and PlainEn.
func Checked(key string) bool { return !notLanguage[key] }

// PlainZh lists what makes a Chinese text not plain ("" parts none).
func PlainZh(s string) []string {
	var out []string
	if m := ruleCodeRe.FindString(s); m != "" {
		out = append(out, "rule code "+m)
	}
	if m := sourceTagRe.FindString(s); m != "" {
		out = append(out, "source tag "+m)
	}
	for _, w := range latinRunRe.FindAllString(fmtVerbRe.ReplaceAllString(s, ""), -1) {
		if !latinAllowed[strings.TrimRight(w, "/")] {
			out = append(out, "English word "+w)
		}
	}
	return out
}

// PlainEn lists what makes an English text not plain.
func PlainEn(s string) []string {
	var out []string
	if m := hanRe.FindString(s); m != "" {
		out = append(out, "Chinese character "+m)
	}
	if m := ruleCodeRe.FindString(abbrevRe.ReplaceAllString(s, "")); m != "" {
		out = append(out, "rule code "+m)
	}
	if m := sourceTagRe.FindString(s); m != "" {
		out = append(out, "source tag "+m)
	}
	return out
}
