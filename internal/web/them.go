package web

import (
	"regexp"
	"strings"
)

// The coach and the progress pages speak to the member ("your pain",
// "you told us"). A share link's reader is someone else, usually their
// physiotherapist, so the shared pages speak about the member instead:
// aboutThem turns second-person words into the singular "they", which
// takes the same verb forms as "you" ("you are" -> "they are").

// please turns a request to the member into what they were asked.
var please = regexp.MustCompile(`\bPlease ([a-z])`)

var youWord = regexp.MustCompile(`\b(?i:you're|you've|you'll|you'd|yourselves|yourself|yours|your|you)\b`)

// objectBefore are words after which "you" is an object ("checked you",
// "for you"): it becomes "them" rather than "they".
var objectBefore = map[string]bool{
	"to": true, "for": true, "with": true, "at": true, "from": true, "about": true, "of": true, "on": true, "by": true,
	"help": true, "helps": true, "checked": true, "cleared": true, "tell": true, "tells": true, "told": true, "give": true,
	"gives": true, "let": true, "lets": true, "ask": true, "asks": true, "suit": true, "suits": true, "send": true, "sends": true,
	"keep": true, "keeps": true, "bend": true, "bends": true, "put": true, "puts": true, "hurt": true, "hurts": true, "see": true, "sees": true, "guide": true, "guides": true, "make": true, "makes": true,
}

var theirs = map[string]string{
	"you're": "they're", "you've": "they've", "you'll": "they'll", "you'd": "they'd",
	"yourselves": "themselves", "yourself": "themselves", "yours": "theirs", "your": "their",
}

// aboutThem rewrites text written to the member so that it speaks about
// them.
func aboutThem(s string) string {
	s = please.ReplaceAllString(s, "They are asked to $1")
	var b strings.Builder
	last := 0
	for _, m := range youWord.FindAllStringIndex(s, -1) {
		word := s[m[0]:m[1]]
		b.WriteString(s[last:m[0]])
		low := strings.ToLower(word)
		out, ok := theirs[low]
		if !ok { // "you": subject or object?
			out = "they"
			prev := strings.Fields(strings.ToLower(s[:m[0]]))
			rest := strings.TrimLeft(s[m[1]:], " ")
			if (len(prev) > 0 && objectBefore[strings.Trim(prev[len(prev)-1], ",;:")]) || rest == "" || strings.ContainsAny(rest[:1], ".,;:!?)") {
				out = "them"
			}
		}
		if word[0] >= 'A' && word[0] <= 'Z' {
			out = strings.ToUpper(out[:1]) + out[1:]
		}
		b.WriteString(out)
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// speakAboutThem rewrites what the progress pages say for a share link's
// reader.
func (v *progressView) speakAboutThem() {
	for i := range v.Outcomes {
		v.Outcomes[i].Text = aboutThem(v.Outcomes[i].Text)
	}
	for i := range v.RecentAdjustments { // its own copy (progressOf)
		v.RecentAdjustments[i].Reason = aboutThem(v.RecentAdjustments[i].Reason)
	}
	for i := range v.Adjustments {
		v.Adjustments[i].Reason = aboutThem(v.Adjustments[i].Reason)
	}
	for i := range v.Excluded {
		v.Excluded[i].Reason = aboutThem(v.Excluded[i].Reason)
	}
	v.Rescreen = aboutThem(v.Rescreen)
	if v.Referral != nil {
		ref := *v.Referral
		ref.Message = aboutThem(ref.Message)
		v.Referral = &ref
	}
}
