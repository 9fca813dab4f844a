package rating_test

import (
	"errors"
	"strings"
	"testing"

	"supple/internal/rating"
	"supple/internal/validate"
)

// Feedback text is held to the text policy: a line break is fine, a NUL,
// a control character, a direction override or invalid UTF-8 is not.
func TestCheckFeedbackText(t *testing.T) {
	for _, tt := range []struct {
		text string
		ok   bool
	}{
		{"The pictures help.\r\nMore, please.", true},
		{"a\x00b", false},
		{"a\x01b", false},
		{"a\u202eb", false},
		{"a\xffb", false},
	} {
		_, err := rating.CheckFeedback(rating.FeedbackInput{Text: tt.text})
		var e validate.Errors
		switch {
		case tt.ok && err != nil:
			t.Errorf("%q refused: %v", tt.text, err)
		case !tt.ok && (!errors.As(err, &e) || !strings.HasPrefix(e.For("text"), "text ")):
			t.Errorf("%q: %v, want an error naming the text", tt.text, err)
		}
	}
}
