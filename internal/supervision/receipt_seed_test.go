package supervision_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"tuoyu/internal/authz"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

// TestSeededReceiptCodes: a seeded code source (the demo's) gives the same
// receipt code on two starts; the default source gives a different one.
func TestSeededReceiptCodes(t *testing.T) {
	b := testkit.Backends()[0]
	var seed [32]byte
	seed[0] = 7
	code := func(seeded bool) string {
		f := newFixture(t, b, testkit.DefaultNow)
		sv := f.sv
		if seeded {
			sv = sv.WithCodes(rand.NewChaCha8(seed))
		}
		pr, err := sv.SubmitPublicComplaint(context.Background(), authz.Anonymous("203.0.113.9"), supervision.NewComplaint{InstitutionID: f.baota,
			Category: "fees", Text: "收取未公示的材料费", Name: "王女士", Phone: "13912345678"})
		if err != nil {
			t.Fatal(err)
		}
		return pr.ReceiptCode
	}
	a, c := code(true), code(true)
	if a != c || len(a) != 12 {
		t.Fatalf("seeded codes differ: %s %s", a, c)
	}
	if code(false) == a {
		t.Fatal("the default source gave the seeded code")
	}
}
