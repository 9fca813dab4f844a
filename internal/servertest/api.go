package servertest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// APIPlan is GET /api/v1/me/plan, as far as tests read it.
type APIPlan struct {
	Status      string            `json:"status"`
	StartDate   string            `json:"start_date"`
	Today       string            `json:"today"`
	Week        int               `json:"week"`
	Day         int               `json:"day"`
	Adjustments []json.RawMessage `json:"adjustments"`
	Rescreen    bool              `json:"rescreen"`
	Weeks       []struct {
		Week int `json:"week"`
		Days []struct {
			Day   int  `json:"day"`
			Rest  bool `json:"rest"`
			Items []struct {
				Exercise string `json:"exercise"`
				Minutes  int    `json:"minutes"`
			} `json:"items"`
		} `json:"days"`
	} `json:"weeks"`
}

// Decode reads r's JSON body into a T; the test fails if it is not one.
func Decode[T any](t testing.TB, r Response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(r.Body), &v); err != nil {
		t.Fatalf("%d %s: %v", r.StatusCode, r.Body, err)
	}
	return v
}

// SessionLog is the JSON of a log of plan day (week, day) of p, done
// with its planned items; extra is added to the object as it is
// (`, "note": "…"`).
func SessionLog(p APIPlan, week, day int, extra string) string {
	d := p.Weeks[week-1].Days[day-1]
	items := make([]string, 0, len(d.Items))
	for _, it := range d.Items {
		items = append(items, fmt.Sprintf(`{"exercise": %q, "minutes": %d, "done": true}`, it.Exercise, it.Minutes))
	}
	start, _ := time.Parse(time.DateOnly, p.StartDate)
	date := start.AddDate(0, 0, (week-1)*7+day-1).Format(time.DateOnly)
	return fmt.Sprintf(`{"week": %d, "day": %d, "date": %q, "done": true, "pain_before": 3, "pain_during": 4, "pain_after": 4%s,
		"leg_symptoms": "none", "new_numbness_or_weakness": false, "red_flags": [], "items": [%s]}`,
		week, day, date, extra, strings.Join(items, ", "))
}
