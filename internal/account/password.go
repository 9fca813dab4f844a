package account

import (
	"bufio"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Password rules.
const (
	MinPassword = 10
	MaxPassword = 200
)

// argon2id parameters (OWASP's minimum: 19 MiB, 2 passes, 1 lane).
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

//go:embed common-passwords.txt
var commonText string

// commonPasswords is the bundled list, lower-cased.
func commonPasswords() map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(commonText))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}

// checkPassword says what is wrong with a new password, or "".
func (s *Service) checkPassword(pw, email string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPassword:
		return fmt.Sprintf("Use at least %d characters; a few unrelated words make a strong password that is easy to remember", MinPassword)
	case n > MaxPassword:
		return fmt.Sprintf("Use at most %d characters", MaxPassword)
	case s.common[strings.ToLower(pw)]:
		return "This password is on a list of very common passwords; please choose another"
	case email != "" && strings.EqualFold(pw, email), strings.EqualFold(pw, strings.Split(email, "@")[0]):
		return "Do not use your email address as your password"
	}
	return ""
}

// hashPassword returns an argon2id hash in the PHC string format.
func hashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("account: unreadable password hash")

// verifyPassword checks pw against a PHC argon2id hash in constant time.
func verifyPassword(pw, hash string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
