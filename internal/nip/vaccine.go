package nip

// Vaccine codes used in records and results (editions/vaccines.json).
const (
	HepB   = "HepB"
	BCG    = "BCG"
	IPV    = "IPV"
	BOPV   = "bOPV"
	DTaP   = "DTaP"
	DT     = "DT"
	MMR    = "MMR"
	JEL    = "JE-L"
	JEI    = "JE-I"
	MPSVA  = "MPSV-A"
	MPSVAC = "MPSV-AC"
	HepAL  = "HepA-L"
	HepAI  = "HepA-I"
	HPV    = "HPV"
)

// Vaccine describes one vaccine code.
type Vaccine struct {
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
	// MaxDose is the highest dose number a record of this vaccine may carry.
	MaxDose int `json:"max_dose"`
	// LiveInjectable marks injectable live vaccines, which must be given on the same
	// day as, or at least 28 days apart from, one another (§6.3).
	LiveInjectable bool `json:"live_injectable"`
}

// Vaccines lists the vaccine codes a record may use, in schedule order.
func Vaccines() []Vaccine {
	cat, err := loadCatalog()
	if err != nil {
		return nil
	}
	out := make([]Vaccine, 0, len(cat.vaccineOrder))
	for _, code := range cat.vaccineOrder {
		out = append(out, cat.vaccines[code])
	}
	return out
}

// Sex of the child; only HPV (girls) depends on it.
type Sex string

const (
	SexUnknown Sex = ""
	SexFemale  Sex = "F"
	SexMale    Sex = "M"
)
