// Package secure holds Tuoyu's cryptography: password hashes (argon2id),
// session tokens, encryption of ID numbers at rest (AES-256-GCM) and keyed
// hashes for looking them up (HMAC-SHA-256). Keys derive from the
// deployment's secret key.
package secure

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

// MinSecretLength is the shortest secret key accepted.
const MinSecretLength = 32

// Keys are the working keys derived from the secret key.
type Keys struct {
	aead   cipher.AEAD
	hmacID []byte
}

func derive(secret, purpose string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("tuoyu/" + purpose))
	return m.Sum(nil)
}

// NewKeys derives the keys from the secret.
func NewKeys(secret string) (*Keys, error) {
	if len(secret) < MinSecretLength {
		return nil, fmt.Errorf("the secret key must be at least %d characters", MinSecretLength)
	}
	block, err := aes.NewCipher(derive(secret, "encrypt/v1"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Keys{aead: aead, hmacID: derive(secret, "lookup/v1")}, nil
}

// NewSecret makes a fresh random secret key.
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b) + base64.RawURLEncoding.EncodeToString(b[:8])
}

// Encrypt seals a value; the result is text, safe to store.
func (k *Keys) Encrypt(plain string) string {
	nonce := make([]byte, k.aead.NonceSize())
	rand.Read(nonce)
	sealed := k.aead.Seal(nonce, nonce, []byte(plain), nil)
	return "v1:" + base64.RawStdEncoding.EncodeToString(sealed)
}

// ErrDecrypt means a stored value could not be opened with this key.
var ErrDecrypt = errors.New("cannot decrypt value")

// Decrypt opens a value sealed by Encrypt.
func (k *Keys) Decrypt(sealed string) (string, error) {
	raw, ok := strings.CutPrefix(sealed, "v1:")
	if !ok {
		return "", ErrDecrypt
	}
	b, err := base64.RawStdEncoding.DecodeString(raw)
	if err != nil || len(b) < k.aead.NonceSize() {
		return "", ErrDecrypt
	}
	plain, err := k.aead.Open(nil, b[:k.aead.NonceSize()], b[k.aead.NonceSize():], nil)
	if err != nil {
		return "", ErrDecrypt
	}
	return string(plain), nil
}

// LookupHash is the keyed hash used to find a record by an ID number
// without storing the number in clear.
func (k *Keys) LookupHash(value string) string {
	m := hmac.New(sha256.New, k.hmacID)
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}

// NewToken makes a random session or API token and the hash to store.
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, TokenHash(token)
}

// TokenHash hashes a token for storage. Tokens are 256 random bits, so a
// fast hash is enough.
func TokenHash(token string) string {
	s := sha256.Sum256([]byte(token))
	return hex.EncodeToString(s[:])
}

// argonKeyLen is the length of a derived key.
const argonKeyLen = 32

// argonCost is the work of a new hash: time (passes), memory in KiB, lanes.
type argonCost struct {
	time, memory uint32
	threads      uint8
}

// cost is OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). Only a test
// binary may lower it (LowerCostForTests); a stored hash names its own
// parameters, so a check always follows the hash it is given.
var cost = argonCost{time: 2, memory: 19 * 1024, threads: 1}

// LowerCostForTests makes new hashes cheap (64 KiB, 1 pass), so suites that
// create many accounts spend their time on what they test. It panics outside
// a test binary, so a server can never run with it; call it before tests start.
func LowerCostForTests() {
	if !testing.Testing() {
		panic("secure: LowerCostForTests outside a test binary")
	}
	cost = argonCost{time: 1, memory: 64, threads: 1}
}

// HashPassword returns an encoded argon2id hash.
func HashPassword(password string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	c := cost
	key := argon2.IDKey([]byte(password), salt, c.time, c.memory, c.threads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.memory, c.time, c.threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// CheckPassword reports whether password matches an encoded hash.
func CheckPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<20 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// DummyCheck spends the time of a password check, so that an unknown
// username takes as long to refuse as a wrong password.
func DummyCheck(password string) {
	c := cost
	argon2.IDKey([]byte(password), []byte("tuoyu-dummy-salt"), c.time, c.memory, c.threads, argonKeyLen)
}
