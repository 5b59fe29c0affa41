package secure

import (
	"strings"
	"testing"
)

func TestPasswordRoundTrip(t *testing.T) {
	h := HashPassword("tuoyu-demo")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected encoding %q", h)
	}
	if !CheckPassword(h, "tuoyu-demo") {
		t.Fatal("right password refused")
	}
	if CheckPassword(h, "tuoyu-demO") {
		t.Fatal("wrong password accepted")
	}
	if CheckPassword("garbage", "x") || CheckPassword("$argon2id$v=19$m=0,t=0,p=0$$", "") {
		t.Fatal("malformed hash accepted")
	}
	if first, second := HashPassword("a"), HashPassword("a"); first == second {
		t.Fatal("salt not random")
	}
}

func TestEncryptRoundTripAndLookup(t *testing.T) {
	k, err := NewKeys(strings.Repeat("k", 40))
	if err != nil {
		t.Fatal(err)
	}
	id := "11010519491231002X"
	sealed := k.Encrypt(id)
	if strings.Contains(sealed, "1949") || sealed == k.Encrypt(id) {
		t.Fatalf("ciphertext leaks or is deterministic: %q", sealed)
	}
	if got, err := k.Decrypt(sealed); err != nil || got != id {
		t.Fatalf("decrypt = %q, %v", got, err)
	}
	other, _ := NewKeys(strings.Repeat("o", 40))
	if _, err := other.Decrypt(sealed); err != ErrDecrypt {
		t.Fatalf("another key opened the value: %v", err)
	}
	if first, second := k.LookupHash(id), k.LookupHash(id); first != second || first == other.LookupHash(id) {
		t.Fatal("lookup hash must be stable per key and differ between keys")
	}
	if _, err := NewKeys("short"); err == nil {
		t.Fatal("short secret accepted")
	}
}

func TestTokens(t *testing.T) {
	a, ha := NewToken()
	b, _ := NewToken()
	if a == b || len(a) < 40 || TokenHash(a) != ha {
		t.Fatalf("tokens %q %q", a, b)
	}
}
