package web

import "testing"

func TestAboutThem(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Your plan is paused: on Monday you told us about new numbness.", "Their plan is paused: on Monday they told us about new numbness."},
		{"Once a clinician has checked you and cleared you to exercise, answer again.", "Once a clinician has checked them and cleared them to exercise, answer again."},
		{"It is safe for you, but you're already doing enough.", "It is safe for them, but they're already doing enough."},
		{"You are welcome to try it. It suits you.", "They are welcome to try it. It suits them."},
		{"Youth and layout stay; yourself goes.", "Youth and layout stay; themselves goes."},
		{"If it keeps rising, or you are worried, talk to a doctor.", "If it keeps rising, or they are worried, talk to a doctor."},
		{"Stretches that bend you forward. Please answer the questions again.", "Stretches that bend them forward. They are asked to answer the questions again."},
		{"", ""},
	} {
		if got := aboutThem(c.in); got != c.want {
			t.Errorf("aboutThem(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
