package web

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// flashLifetime is how long a one-time message waits for the page a form
// redirected to.
const flashLifetime = 10 * time.Minute

// flashKeys derives, from the session secret only the browser holds, the
// key that finds a session's flashes and the key that seals them. The
// database keeps neither the secret nor these keys, so a flash that
// carries a new link's secret cannot be read from the database alone.
func flashKeys(sessionSecret string) (id string, seal []byte) {
	mac := func(label string) []byte {
		m := hmac.New(sha256.New, []byte(sessionSecret))
		m.Write([]byte(label))
		return m.Sum(nil)
	}
	return hex.EncodeToString(mac("supple flash id")), mac("supple flash seal")
}

// setFlash keeps v for the session's next visit to page (POST, redirect,
// GET): shown once, then gone, on whichever instance serves the GET.
func (s *Site) setFlash(r *http.Request, page string, v any) error {
	return s.setFlashFor(r, visitorOf(r).Secret, page, v)
}

// setFlashFor is setFlash for the session with secret: the one a sign-in
// has just opened, before the browser brings its cookie back.
func (s *Site) setFlashFor(r *http.Request, secret, page string, v any) error {
	if secret == "" {
		return fmt.Errorf("web: flash for %s without a session", page)
	}
	plain, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("web: flash: %w", err)
	}
	id, key := flashKeys(secret)
	aead, err := newAEAD(key)
	if err != nil {
		return err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return fmt.Errorf("web: flash nonce: %w", err)
	}
	sealed := aead.Seal(nonce, nonce, plain, []byte(page))
	return s.Accounts.PutFlash(r.Context(), id, page, base64.RawStdEncoding.EncodeToString(sealed), s.Now().Add(flashLifetime))
}

// takeFlash reads and deletes the session's messages for page into v
// (the newest wins); false when there is none.
func (s *Site) takeFlash(r *http.Request, page string, v any) (bool, error) {
	secret := visitorOf(r).Secret
	if secret == "" {
		return false, nil
	}
	id, key := flashKeys(secret)
	values, err := s.Accounts.TakeFlashes(r.Context(), id, page)
	if err != nil || len(values) == 0 {
		return false, err
	}
	aead, err := newAEAD(key)
	if err != nil {
		return false, err
	}
	sealed, err := base64.RawStdEncoding.DecodeString(values[len(values)-1])
	if err != nil || len(sealed) < aead.NonceSize() {
		return false, fmt.Errorf("web: flash for %s is damaged", page)
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], []byte(page))
	if err != nil {
		return false, fmt.Errorf("web: flash for %s: %w", page, err)
	}
	if err := json.Unmarshal(plain, v); err != nil {
		return false, fmt.Errorf("web: flash for %s: %w", page, err)
	}
	return true, nil
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("web: flash cipher: %w", err)
	}
	return cipher.NewGCM(block)
}
