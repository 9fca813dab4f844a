package account_test

import (
	"testing"

	"supple/internal/account"
)

// An address that breaks the text policy is refused before it is
// lower-cased (strings.ToLower would turn invalid UTF-8 into U+FFFD).
func TestNormalizeEmailText(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{" Ann@Example.org ", "ann@example.org", true},
		{"ann\x00@example.org", "", false},
		{"ann\xff@example.org", "", false},
		{"ann\u202e@example.org", "", false},
		{"ann\x7f@example.org", "", false},
	} {
		got, msg := account.NormalizeEmail(tt.in)
		if (msg == "") != tt.ok || tt.ok && got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, %q", tt.in, got, msg)
		}
	}
}
