package validate

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text applies supple's one text policy to a value a person (or an
// import) hands in, and records an error naming field when the value
// breaks it. It reports whether the value is acceptable. Every text that
// enters supple (log notes, check-in names, feedback, share labels,
// e-mail addresses and names, article slugs, titles and bodies, rows
// copied between databases) goes through it, so that both database
// engines store the same things and a clinician reads exactly what was
// typed.
//
// The policy refuses, rather than repairs:
//   - invalid UTF-8 (PostgreSQL refuses it; SQLite would store it);
//   - NUL and the other C0 control characters, except a line feed and a
//     tab in multiline text (a carriage return is accepted there only
//     as part of CR LF, which browsers send for a textarea);
//   - DEL (U+007F) and the C1 control characters (U+0080–U+009F);
//   - the bidirectional overrides, embeddings and isolates (U+202A–U+202E,
//     U+2066–U+2069). They are refused, not neutralised: they can make a
//     health note read differently from what was stored, and a note shown
//     to a clinician must show what was typed.
//
// maxRunes, when above 0, is the longest value accepted, in characters.
// The message starts with the last part of field ("note" for
// "logs[3].note").
func Text(e *Errors, field, value string, maxRunes int, multiline bool) bool {
	msg := TextProblem(value, multiline)
	if msg == "" && maxRunes > 0 && utf8.RuneCountInString(value) > maxRunes {
		msg = fmt.Sprintf("is longer than %d characters", maxRunes)
	}
	if msg == "" {
		return true
	}
	name := field
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	e.Add(field, name+" "+msg)
	return false
}

// TextProblem says how value breaks the text policy of Text, as a phrase
// such as "contains a control character (U+0001); remove it", or "" when
// it does not. Length is not checked.
func TextProblem(value string, multiline bool) string {
	_, msg := TextProblemAt(value, multiline)
	return msg
}

// TextProblemAt is TextProblem with the byte offset of the first
// character that breaks the policy (-1 when none does), so that a long
// text (an article) can name the line.
func TextProblemAt(value string, multiline bool) (int, string) {
	for i, r := range value {
		switch {
		case r == utf8.RuneError && isInvalid(value[i:]):
			return i, "is not valid UTF-8"
		case multiline && (r == '\n' || r == '\t' || r == '\r' && i+1 < len(value) && value[i+1] == '\n'):
		case r < 0x20, r >= 0x7f && r <= 0x9f:
			return i, fmt.Sprintf("contains a control character (U+%04X); remove it", r)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return i, fmt.Sprintf("contains a text-direction control character (U+%04X); remove it", r)
		}
	}
	return -1, ""
}

// isInvalid reports whether s starts with an invalid UTF-8 sequence
// (rather than an encoded U+FFFD, which is text like any other).
func isInvalid(s string) bool {
	_, n := utf8.DecodeRuneInString(s)
	return n <= 1
}
