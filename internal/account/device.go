package account

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"supple/internal/store"
)

// DeviceLifetime is how long a device cookie is kept by the browser.
const DeviceLifetime = 365 * 24 * 3600 // seconds

// MaxDevices is how many browsers an account trusts at once; a new one
// ends the trust of the oldest.
const MaxDevices = 10

// newDevice makes a device cookie for a browser that has just proved it
// knows the account's password, and the hash of its id, to be stored (a
// sign-in stores it, store.SignIn): "d2.<id>.<mac>", where id is random and
// the mac is an HMAC-SHA256 with a key kept in the database (so a forged
// cookie is turned away without a lookup). The devices table keeps the
// SHA-256 of the id with the account; deleting those rows (password
// changed in any way, log out everywhere, account deleted) ends the trust,
// and an id never names a later account that reuses a deleted one's
// number.
func (s *Service) newDevice(ctx context.Context) (cookie, idHash string, err error) {
	key, err := s.key(ctx)
	if err != nil {
		return "", "", err
	}
	raw := make([]byte, 18)
	if _, err := rand.Read(raw); err != nil {
		return "", "", err
	}
	id := base64.RawURLEncoding.EncodeToString(raw)
	return "d2." + id + "." + deviceMAC(key, id), hashHex(id), nil
}

// deviceID returns the stored hash of a genuine device cookie's id.
func (s *Service) deviceID(ctx context.Context, cookie string) (string, bool) {
	parts := strings.Split(cookie, ".")
	if len(cookie) > 100 || len(parts) != 3 || parts[0] != "d2" {
		return "", false
	}
	key, err := s.key(ctx)
	if err != nil {
		s.log.Warn("device key unavailable", "err", err)
		return "", false
	}
	if !hmac.Equal([]byte(parts[2]), []byte(deviceMAC(key, parts[1]))) {
		return "", false
	}
	return hashHex(parts[1]), true
}

func deviceMAC(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("supple device cookie\x00" + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:20])
}

// deviceFor returns the bucket key of a device cookie that is genuine,
// still trusted and belongs to the account userID (known is false for an
// unknown email).
func (s *Service) deviceFor(ctx context.Context, cookie string, userID int64, known bool) (string, bool) {
	if !known {
		return "", false
	}
	h, ok := s.deviceID(ctx, cookie)
	if !ok {
		return "", false
	}
	owner, err := s.db.DeviceUser(ctx, h, s.now())
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.log.Warn("device not looked up", "err", err)
		}
		return "", false
	}
	if owner != userID {
		return "", false
	}
	return h[:32], true
}

// emailKey is a keyed hash of an email address, so that limit counters
// per address do not store a plain hash of it.
func (s *Service) emailKey(ctx context.Context, email string) (string, error) {
	key, err := s.key(ctx)
	if err != nil {
		return "", err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("supple email bucket\x00" + email))
	return hex.EncodeToString(m.Sum(nil)[:16]), nil
}

// key loads (or makes, once for all instances) the device-cookie key.
func (s *Service) key(ctx context.Context) ([]byte, error) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.deviceKey != nil {
		return s.deviceKey, nil
	}
	v, err := s.db.SettingOrInit(ctx, "device_cookie_key", func() string {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		return hex.EncodeToString(b)
	})
	if err != nil {
		return nil, err
	}
	k, err := hex.DecodeString(v)
	if err != nil || len(k) < 16 {
		return nil, fmt.Errorf("account: device cookie key in the database is unreadable")
	}
	s.deviceKey = k
	return k, nil
}

// DeviceName summarises a user agent as "Browser on OS" for the sessions
// page; the raw string is never stored.
func DeviceName(ua string) string {
	browser := firstMatch(ua, "a browser",
		"Edg/", "Edge", "OPR/", "Opera", "SamsungBrowser/", "Samsung Internet", "Firefox/", "Firefox", "FxiOS/", "Firefox",
		"CriOS/", "Chrome", "Chromium/", "Chromium", "Chrome/", "Chrome", "Safari/", "Safari", "curl/", "curl")
	os := firstMatch(ua, "",
		"iPhone", "iPhone", "iPad", "iPad", "Android", "Android", "CrOS", "ChromeOS", "Windows", "Windows",
		"Mac OS X", "macOS", "Macintosh", "macOS", "Linux", "Linux")
	if os == "" {
		return browser
	}
	return browser + " on " + os
}

// firstMatch returns the name after the first needle found in s, taking
// needle/name pairs in order.
func firstMatch(s, none string, pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.Contains(s, pairs[i]) {
			return pairs[i+1]
		}
	}
	return none
}
