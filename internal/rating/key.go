package rating

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
)

func hashHex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// ClientKey is a keyed hash of a client's network: the IPv4 address, or
// the /64 of an IPv6 address (one household or phone). Only this hash is
// ever kept, and only in memory.
func ClientKey(secret []byte, addr netip.Addr) string {
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		addr = p.Addr()
	}
	m := hmac.New(sha256.New, secret)
	m.Write(addr.AsSlice())
	return hex.EncodeToString(m.Sum(nil)[:16])
}
