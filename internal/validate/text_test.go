package validate_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"supple/internal/validate"
)

func TestText(t *testing.T) {
	for _, tc := range []struct {
		name      string
		value     string
		max       int
		multiline bool
		want      string // "" when accepted, else a part of the message
	}{
		{"plain", "Felt stiff at first.", 0, false, ""},
		{"accents and emoji", "Müde, aber gut 🙂 ¿sí?", 0, false, ""},
		{"right-to-left script", "עברית וعربى", 0, false, ""},
		{"replacement character typed", "a \ufffd b", 0, false, ""},
		{"newline in one line", "a\nb", 0, false, "U+000A"},
		{"newline in multiline", "a\nb\tc", 0, true, ""},
		{"CR LF in multiline", "a\r\nb", 0, true, ""},
		{"lone CR in multiline", "a\rb", 0, true, "U+000D"},
		{"CR at the end", "a\r", 0, true, "U+000D"},
		{"NUL", "a\x00b", 0, true, "U+0000"},
		{"SOH", "Felt \x01", 0, true, "U+0001"},
		{"DEL", "a\x7f", 0, true, "U+007F"},
		{"C1", "a\u0085", 0, true, "U+0085"},
		{"right-to-left override", "a\u202eb", 0, true, "text-direction control character (U+202E)"},
		{"left-to-right embedding", "a\u202ab", 0, false, "U+202A"},
		{"isolate", "a\u2066b\u2069", 0, false, "U+2066"},
		{"pop isolate", "a\u2069", 0, false, "U+2069"},
		{"invalid UTF-8", "a\xffb", 0, false, "not valid UTF-8"},
		{"truncated UTF-8", "a\xe2\x80", 0, true, "not valid UTF-8"},
		{"at the limit", "ääää", 4, false, ""},
		{"over the limit", "äääää", 4, false, "longer than 4 characters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e validate.Errors
			ok := validate.Text(&e, "logs[2].note", tc.value, tc.max, tc.multiline)
			if tc.want == "" {
				if !ok || len(e) != 0 {
					t.Fatalf("refused %q: %v", tc.value, e)
				}
				return
			}
			if ok || len(e) != 1 || e[0].Field != "logs[2].note" || !strings.HasPrefix(e[0].Message, "note ") || !strings.Contains(e[0].Message, tc.want) {
				t.Fatalf("%q: ok %v, errors %+v; want one error at logs[2].note with %q", tc.value, ok, e, tc.want)
			}
		})
	}
}

// FuzzText checks the policy against its definition, rune by rune: what
// it accepts is valid UTF-8 without a control or direction character (a
// line feed, a tab and CR LF allowed in multiline text), and it never
// refuses text that is.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "note", "a\nb", "a\r\nb", "a\rb", "\x00", "\u202e", "\xff", "\u2069x", "\u0085", "ü\t"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		var e validate.Errors
		ok := validate.Text(&e, "f", s, 0, multiline)
		if ok != (len(e) == 0) || (!ok && (e[0].Field != "f" || !strings.HasPrefix(e[0].Message, "f "))) {
			t.Fatalf("%q: ok %v but errors %+v", s, ok, e)
		}
		want := utf8.ValidString(s)
		for i, r := range s {
			lineBreak := multiline && (r == '\n' || r == '\t' || r == '\r' && strings.HasPrefix(s[i+1:], "\n"))
			if !lineBreak && (r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069) {
				want = false
			}
		}
		if ok != want {
			t.Fatalf("Text(%q, multiline %v) = %v, want %v (%v)", s, multiline, ok, want, e)
		}
	})
}
