package web

import (
	"net/url"
	"strconv"
	"strings"

	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
)

// Reasons the web forms add to the service's own (catalog keys).
const (
	reasonNotNumber = "not_number"
	reasonNotWhole  = "not_whole_number"
	reasonMismatch  = "password_mismatch"
	reasonFileSize  = "file_too_large"
)

// enumOptions offers domain values (kinds, natures, …) in the reader's language.
func enumOptions(lang string, values []string) []Option {
	out := make([]Option, len(values))
	for i, v := range values {
		out[i] = Option{Value: v, Label: i18n.T(lang, v)}
	}
	return out
}

// numberParser reads numbers from a form and records the fields that are
// not numbers, so they can be shown next to the input.
type numberParser struct {
	form   url.Values
	prefix string
	errs   map[string]string
}

func (np *numberParser) int(name string) int {
	s := strings.TrimSpace(np.form.Get(np.prefix + name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		np.errs[np.prefix+name] = reasonNotWhole
	}
	return n
}

func (np *numberParser) float(name string) float64 {
	f := np.optFloat(name)
	if f == nil {
		return 0
	}
	return *f
}

func (np *numberParser) optFloat(name string) *float64 {
	s := strings.TrimSpace(np.form.Get(np.prefix + name))
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		np.errs[np.prefix+name] = reasonNotNumber
		return nil
	}
	return &f
}

// careOffers reads the care types ticked ("care_<type>") with their fees
// ("fee_<type>") in the order of domain.CareTypes. A ticked type needs a
// fee: a blank one would be published as free.
func (np *numberParser) careOffers() []domain.CareOffer {
	var out []domain.CareOffer
	for _, t := range domain.CareTypes {
		if !checked(np.form, np.prefix+"care_"+t) {
			continue
		}
		fee := np.prefix + "fee_" + t
		if strings.TrimSpace(np.form.Get(fee)) == "" {
			np.errs[fee] = domain.ReasonRequired
		}
		out = append(out, domain.CareOffer{Type: t, Fee: np.float("fee_" + t)})
	}
	return out
}

// careFields puts care offers into a form.
func careFields(v url.Values, prefix string, offers []domain.CareOffer) {
	for _, c := range offers {
		v.Set(prefix+"care_"+c.Type, "on")
		v.Set(prefix+"fee_"+c.Type, strconv.FormatFloat(c.Fee, 'f', -1, 64))
	}
}

// placeErrors moves the service's problems to the inputs that show them:
// "care_types[1].fee" becomes the fee input of the second care type sent.
func placeErrors(errs map[string]string, prefix string, offers []domain.CareOffer) map[string]string {
	out := make(map[string]string, len(errs))
	for k, v := range errs {
		name := strings.TrimPrefix(k, prefix)
		if m := careIndexed.FindStringSubmatch(name); m != nil {
			i, _ := strconv.Atoi(m[1])
			if i < len(offers) {
				if m[2] == "fee" {
					k = prefix + "fee_" + offers[i].Type
				} else {
					k = prefix + "care_" + offers[i].Type
				}
			} else {
				k = prefix + "care_types"
			}
		}
		if _, taken := out[k]; !taken {
			out[k] = v
		}
	}
	return out
}

// mergeErrors adds problems without replacing those already found.
func mergeErrors(dst, src map[string]string) map[string]string {
	if dst == nil {
		dst = map[string]string{}
	}
	for k, v := range src {
		if _, ok := dst[k]; !ok {
			dst[k] = v
		}
	}
	return dst
}

func itoa(n int) string { return strconv.Itoa(n) }

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// formOrder is the order fields appear in on the forms, so a problem
// summary reads top to bottom.
var formOrder = func() map[string]int {
	var names []string
	for _, g := range filingGroups {
		for _, f := range g.Fields {
			if f == "care_types" {
				for _, t := range domain.CareTypes {
					names = append(names, "care_"+t, "fee_"+t)
				}
			}
			names = append(names, f)
		}
	}
	names = append(names, "region_code", "username", "display_name", "password", "password_confirm")
	for _, t := range domain.MaterialTypes {
		names = append(names, "materials."+t)
	}
	names = append(names, "type", "file", "decision", "reason", "item_reasons")
	out := make(map[string]int, len(names))
	for i, n := range names {
		out[n] = i + 1
	}
	return out
}()

// formRank places a field in formOrder; unknown fields go last.
func formRank(name string) int {
	if r, ok := formOrder[strings.TrimPrefix(name, "institution.")]; ok {
		return r
	}
	return len(formOrder) + 1
}
