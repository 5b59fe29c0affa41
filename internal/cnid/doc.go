// Package cnid validates and normalises the Chinese identity codes that Tuoyu
// stores: resident identity numbers (GB 11643-1999) and the residence permits
// for Hong Kong, Macao and Taiwan residents that share their format, the other
// certificates a child or guardian may present (出生医学证明, passports,
// foreign permanent-residence ID cards), unified social credit codes
// (GB 32100-2015) and mainland mobile numbers.
//
// Every validator trims surrounding white space, folds full-width characters
// typed with a Chinese input method (“１２３Ｘ”) to ASCII, and returns the
// normalised value; validating a normalised value again returns it unchanged.
// Errors are the exported sentinel values in errors.go; they never contain
// the input, because identity numbers are sensitive personal information.
//
// The package is pure: no clock reads (the calendar date "today" is a
// parameter), no I/O, no mutable package state. Format rules that the domain
// reference marks as unconfirmed [U] are fields of Rules, with documented
// defaults from DefaultRules.
//
// Sources: docs/domain-reference.md §3.1, §9.1, §9.2 and §14
// (copied into comments next to each rule).
package cnid
