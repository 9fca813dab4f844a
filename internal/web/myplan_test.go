package web_test

import (
	"context"
	"strings"
	"testing"

	"supple/internal/coach"
	"supple/internal/servertest"
)

func TestMyPlanFollowsTheLogs(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("flare@example.org")
	c, uid := m.Client, m.ID
	ctx := context.Background()
	st, err := h.Srv.Progress.Current(ctx, uid, "")
	if err != nil {
		t.Fatal(err)
	}
	if page := h.Get(c, "/me/plan").Body; strings.Contains(page, "How your plan changed") {
		t.Fatal("changes shown before any log")
	}
	seven, three := 7, 3
	l := coach.Log{Kind: coach.KindSession, Week: st.Week, Day: st.Day, Date: st.Today.Format("2006-01-02"), Done: true,
		PainBefore: &three, PainDuring: &three, PainAfter: &seven, LegSymptoms: "further_down", RedFlags: []string{}, Items: []coach.LogItem{}}
	if st.Plan.Result.Weeks[st.Week-1].Days[st.Day-1].Rest {
		t.Fatal("the harness day is a rest day; pick another")
	}
	if _, err := h.Srv.Progress.AddLog(ctx, uid, l); err != nil {
		t.Fatal(err)
	}
	page := h.Get(c, "/me/plan").Body
	for _, want := range []string{`href="/me/today"`, "How your plan changed", "We eased", "7/10 after", "Please answer the warning-sign questions again", `href="/me/rescreen"`} {
		if !strings.Contains(page, want) {
			t.Errorf("/me/plan does not show %q", want)
		}
	}
	// A warning sign in a log turns the plan into a referral.
	l.Week, l.Day, l.Kind = 0, 0, coach.KindActivity
	l.RedFlags = []string{"bladder_or_bowel_change"}
	l.Items = []coach.LogItem{{Exercise: "brisk-walking", Minutes: 5, Done: true}}
	if _, err := h.Srv.Progress.AddLog(ctx, uid, l); err != nil {
		t.Fatal(err)
	}
	page = h.Get(c, "/me/plan").Body
	if !strings.Contains(page, "emergency") || strings.Contains(page, "The 12 weeks") {
		t.Error("/me/plan does not refer after a red flag in a log")
	}
	if !strings.Contains(page, "Why your plan is paused") || !strings.Contains(page, "you told us about new trouble controlling or feeling your bladder or bowels") {
		t.Error("the referral does not say why the plan is paused")
	}
}
