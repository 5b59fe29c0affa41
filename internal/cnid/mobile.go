package cnid

// NormaliseMobile validates a mainland China mobile number and returns its
// 11 digits: the first 1, the second 3-9. Spaces and dashes anywhere, a
// leading +86, and a bare 86 or 0086 country prefix are accepted and removed
// ("+86 138-0013-8000" → "13800138000"). A + followed by another country
// code is refused.
func NormaliseMobile(s string) (string, error) {
	s = cleanInput(s)
	if s == "" {
		return "", ErrEmpty
	}
	var buf [16]byte
	n := 0
	plus := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '-':
		case c == '+' && n == 0 && !plus:
			plus = true
		case isDigit(c) && n < len(buf):
			buf[n] = c
			n++
		default:
			return "", ErrMobile
		}
	}
	d := string(buf[:n])
	switch {
	case plus:
		if len(d) < 2 || d[:2] != "86" {
			return "", ErrMobile
		}
		d = d[2:]
	case len(d) == 13 && d[:2] == "86":
		d = d[2:]
	case len(d) == 15 && d[:4] == "0086":
		d = d[4:]
	}
	if len(d) != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9' {
		return "", ErrMobile
	}
	return d, nil
}
