package account

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
)

// DeviceLifetime is how long a device cookie is kept by the browser.
const DeviceLifetime = 365 * 24 * 3600 // seconds

// IssueDevice makes a device cookie for a browser that has just proved it
// knows the account's password: "d1.<payload>.<mac>", where the payload is
// the account id and a random nonce, and the mac is an HMAC-SHA256 with a
// key kept in the database (so every instance accepts every other's
// cookies).
func (s *Service) IssueDevice(ctx context.Context, userID int64) (string, error) {
	key, err := s.key(ctx)
	if err != nil {
		return "", err
	}
	payload := make([]byte, 8+16)
	binary.BigEndian.PutUint64(payload, uint64(userID))
	if _, err := rand.Read(payload[8:]); err != nil {
		return "", err
	}
	p := base64.RawURLEncoding.EncodeToString(payload)
	return "d1." + p + "." + deviceMAC(key, p), nil
}

func deviceMAC(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("supple device cookie\x00" + payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:20])
}

// deviceFor returns the nonce of a device cookie that is genuine and names
// the account userID (known is false for an unknown email).
func (s *Service) deviceFor(ctx context.Context, cookie string, userID int64, known bool) (string, bool) {
	parts := strings.Split(cookie, ".")
	if !known || len(cookie) > 100 || len(parts) != 3 || parts[0] != "d1" {
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
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || len(payload) != 24 || int64(binary.BigEndian.Uint64(payload)) != userID {
		return "", false
	}
	return hex.EncodeToString(payload[8:]), true
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
