package billing

import (
	"errors"
	"strconv"
	"strings"
)

// MaxFen bounds every amount the platform accepts: 10,000,000.00 yuan.
const MaxFen int64 = 1_000_000_000

// Errors of ParseYuan.
var (
	ErrAmountFormat   = errors.New("billing: an amount is yuan with at most two decimals")
	ErrAmountNegative = errors.New("billing: the amount is negative")
	ErrAmountTooLarge = errors.New("billing: the amount is too large")
)

// ParseYuan reads an amount in yuan written as decimal text ("1800",
// "1800.5", "1800.50") and returns it in fen. No floating point is involved:
// the text is read digit by digit. More than two decimals, exponents, signs
// other than a leading minus, and empty text are refused.
func ParseYuan(s string) (int64, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || !digits(whole) || !digits(frac) || (hasDot && frac == "") || len(frac) > 2 {
		return 0, ErrAmountFormat
	}
	if len(whole) > 12 {
		return 0, ErrAmountTooLarge
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, ErrAmountFormat
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	fen := w*100 + f
	if neg && fen != 0 {
		return 0, ErrAmountNegative
	}
	if fen > MaxFen {
		return 0, ErrAmountTooLarge
	}
	return fen, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatYuan writes fen as yuan with two decimals: 180050 → "1800.50".
func FormatYuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return sign + strconv.FormatInt(fen/100, 10) + "." + pad2(fen%100)
}

func pad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// divRound divides a by b (b > 0) rounding half away from zero, in integers.
func divRound(a, b int64) int64 {
	if a < 0 {
		return -divRound(-a, b)
	}
	return (2*a + b) / (2 * b)
}

// YuanText is an amount in yuan as the client wrote it: a JSON number or a
// JSON string holding one. It keeps the text so that the service reads it
// with ParseYuan (no float64 ever holds money) and reports a bad amount as
// a field problem.
type YuanText string

// UnmarshalJSON keeps the literal text of a number or the content of a string.
func (y *YuanText) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*y = ""
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		u, err := strconv.Unquote(s)
		if err != nil {
			return err
		}
		*y = YuanText(u)
		return nil
	}
	*y = YuanText(s)
	return nil
}
