package fhir

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"supple/internal/coach"
)

func ip(n int) *int { return &n }

func sampleExport() Export {
	return Export{
		PatientKey: "k1", IdentifierSystem: "https://back.example/fhir/patient", TimingExtension: "https://back.example/fhir/pain-timing",
		Timestamp: time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC),
		Logs: []coach.Log{
			{ID: 7, Kind: coach.KindSession, Week: 1, Day: 1, Date: "2026-11-23", Done: true, PainBefore: ip(3), PainDuring: ip(4), PainAfter: ip(5), PainNextMorning: ip(3),
				Items: []coach.LogItem{{Exercise: "brisk-walking", Minutes: 20, Done: true}, {Exercise: "cat-cow", Done: true}}},
			{ID: 9, Kind: coach.KindActivity, Week: 1, Day: 2, Date: "2026-11-24", Done: true, Items: []coach.LogItem{{Exercise: "cycling", Minutes: 25, Done: true}}},
			{ID: 10, Kind: coach.KindSession, Week: 1, Day: 3, Date: "2026-11-25", Done: false, PainBefore: ip(0)},
		},
	}
}

func bundleJSON(t *testing.T, b Bundle) []byte {
	t.Helper()
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestUUIDv5(t *testing.T) {
	// Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/")
	if got := UUIDv5(NamespaceURL, "https://example.org/").String(); got != "527dda32-a0de-5105-a042-cb475b5f7d11" {
		t.Errorf("UUIDv5 = %s", got)
	}
}

func TestLogBundle(t *testing.T) {
	b := LogBundle(sampleExport())
	data := bundleJSON(t, b)
	if err := ValidateBundle(data); err != nil {
		t.Fatalf("our own bundle is not valid: %v", err)
	}
	// Patient + 4 pain scores + 20 minutes, then 25 minutes, then 1 pain score.
	if len(b.Entry) != 8 {
		t.Fatalf("%d entries, want 8", len(b.Entry))
	}
	type want struct {
		code, date, timing string
		integer            int
		minutes            float64
	}
	wants := []want{
		{CodePain, "2026-11-23", "before", 3, 0}, {CodePain, "2026-11-23", "during", 4, 0}, {CodePain, "2026-11-23", "after", 5, 0},
		{CodePain, "2026-11-24", "next-morning", 3, 0}, {CodeExerciseMinutes, "2026-11-23", "", 0, 20},
		{CodeExerciseMinutes, "2026-11-24", "", 0, 25}, {CodePain, "2026-11-25", "before", 0, 0},
	}
	patient := b.Entry[0].FullURL
	for i, w := range wants {
		o := b.Entry[i+1].Resource.(Observation)
		if o.Code.Coding[0].Code != w.code || o.EffectiveDateTime != w.date || o.Subject.Reference != patient || o.Status != "final" {
			t.Errorf("entry %d: %s %s %s %s", i+1, o.Code.Coding[0].Code, o.EffectiveDateTime, o.Subject.Reference, o.Status)
		}
		if w.code == CodePain && (o.ValueInteger == nil || *o.ValueInteger != w.integer || o.Extension[0].ValueCode != w.timing || o.Category[0].Coding[0].Code != "survey") {
			t.Errorf("entry %d: pain %v timing %v", i+1, o.ValueInteger, o.Extension)
		}
		if w.code == CodeExerciseMinutes && (o.ValueQuantity == nil || o.ValueQuantity.Value != w.minutes || o.Category[0].Coding[0].Code != "activity") {
			t.Errorf("entry %d: minutes %v", i+1, o.ValueQuantity)
		}
	}
	if !strings.Contains(string(data), `"valueInteger":0`) {
		t.Error("a pain score of 0 was dropped")
	}
	if strings.Contains(string(data), "@") {
		t.Error("the bundle holds something like an email address")
	}
	// Stable: the same logs give the same ids; another member gets others.
	again := LogBundle(sampleExport())
	other := sampleExport()
	other.PatientKey = "k2"
	ob := LogBundle(other)
	for i := range b.Entry {
		if again.Entry[i].FullURL != b.Entry[i].FullURL {
			t.Errorf("entry %d changed between exports", i)
		}
		if ob.Entry[i].FullURL == b.Entry[i].FullURL {
			t.Errorf("entry %d has the same id for two members", i)
		}
	}
}

func TestLogBundleDateFilter(t *testing.T) {
	for _, tt := range []struct {
		query string
		want  int // observations
	}{
		{"", 7},
		{"date=ge2026-11-24", 3},
		{"date=le2026-11-23", 4},
		{"date=ge2026-11-24&date=le2026-11-24", 2},
		{"date=2026-11-25", 1},
		{"date=gt2026-11-25", 0},
		{"_format=application/fhir%2Bjson&date=lt2026-11-24", 4},
	} {
		q, oo := ParseQuery(tt.query)
		if oo != nil {
			t.Fatalf("%q: %v", tt.query, oo)
		}
		e := sampleExport()
		e.Query = q
		b := LogBundle(e)
		if got := len(b.Entry) - 1; got != tt.want {
			t.Errorf("%q: %d observations, want %d", tt.query, got, tt.want)
		}
		if err := ValidateBundle(bundleJSON(t, b)); err != nil {
			t.Errorf("%q: %v", tt.query, err)
		}
	}
}

func TestParseQueryRefuses(t *testing.T) {
	for _, tt := range []struct{ query, param string }{
		{"_format=xml", "_format"},
		{"_format=application/fhir%2Bxml", "_format"},
		{"_format=json&_format=json", "_format"},
		{"_format=", "_format"},
		{"date=2026-13-01", "date"},
		{"date=ge2026-11", "date"},
		{"date=xx2026-11-01", "date"},
		{"date=", "date"},
		{"date=ge", "date"},
		{"date=ge2026-11-01&date=tomorrow", "date"},
		{"patient=1", "patient"},
		{"_count=10", "_count"},
		{"%zz=1", "query"},
	} {
		_, oo := ParseQuery(tt.query)
		if oo == nil {
			t.Errorf("%q accepted", tt.query)
			continue
		}
		if oo.ResourceType != "OperationOutcome" || len(oo.Issue) != 1 || oo.Issue[0].Severity != "error" || oo.Issue[0].Expression[0] != tt.param ||
			!strings.Contains(oo.Issue[0].Diagnostics, tt.param) {
			t.Errorf("%q: %+v", tt.query, oo)
		}
	}
	for _, ok := range []string{"", "_format=json", "_format=application/json", "_format=application/fhir+json", "_format=application/fhir%2Bjson", "date=eq2026-11-01&date=ne2026-11-02"} {
		if _, oo := ParseQuery(ok); oo != nil {
			t.Errorf("%q refused: %v", ok, oo.Issue[0].Diagnostics)
		}
	}
}

// Deliberately broken bundles must fail, each for the reason named.
func TestValidateBundleRefusesBrokenBundles(t *testing.T) {
	valid := func(t *testing.T) obj {
		var m obj
		if err := json.Unmarshal(bundleJSON(t, LogBundle(sampleExport())), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	entry := func(m obj, i int) obj { return m["entry"].([]any)[i].(obj) }
	res := func(m obj, i int) obj { return entry(m, i)["resource"].(obj) }
	for _, tt := range []struct {
		name   string
		break_ func(m obj)
		want   string
	}{
		{"wrong resourceType", func(m obj) { m["resourceType"] = "Bundel" }, "not Bundle"},
		{"unknown bundle type", func(m obj) { m["type"] = "pile" }, "Bundle.type"},
		{"bad timestamp", func(m obj) { m["timestamp"] = "2026-11-23" }, "instant"},
		{"entry without fullUrl", func(m obj) { delete(entry(m, 1), "fullUrl") }, "no fullUrl"},
		{"relative fullUrl", func(m obj) { entry(m, 1)["fullUrl"] = "Observation/1" }, "absolute URI"},
		{"malformed urn:uuid", func(m obj) { entry(m, 1)["fullUrl"] = "urn:uuid:not-a-uuid" }, "urn:uuid"},
		{"duplicate fullUrl", func(m obj) { entry(m, 2)["fullUrl"] = entry(m, 1)["fullUrl"] }, "twice"},
		{"entry without resource", func(m obj) { delete(entry(m, 1), "resource") }, "no resource"},
		{"resource without resourceType", func(m obj) { delete(res(m, 1), "resourceType") }, "no resourceType"},
		{"bad id", func(m obj) { res(m, 1)["id"] = "has spaces" }, "valid id"},
		{"status not in value set", func(m obj) { res(m, 1)["status"] = "done" }, "status"},
		{"no status", func(m obj) { delete(res(m, 1), "status") }, "status"},
		{"no code", func(m obj) { delete(res(m, 1), "code") }, "no code"},
		{"code without LOINC", func(m obj) {
			res(m, 1)["code"] = obj{"coding": []any{obj{"system": "http://snomed.info/sct", "code": "225908003"}}}
		}, "http://loinc.org"},
		{"LOINC coding without a code", func(m obj) { res(m, 1)["code"] = obj{"coding": []any{obj{"system": LOINC}}} }, "http://loinc.org"},
		{"not a LOINC code", func(m obj) { res(m, 1)["code"] = obj{"coding": []any{obj{"system": LOINC, "code": "pain"}}} }, "not a LOINC code"},
		{"no subject", func(m obj) { delete(res(m, 1), "subject") }, "no subject"},
		{"subject outside the bundle", func(m obj) { res(m, 1)["subject"] = obj{"reference": "urn:uuid:00000000-0000-5000-8000-000000000000"} }, "does not resolve"},
		{"subject is an Observation", func(m obj) { res(m, 1)["subject"] = obj{"reference": entry(m, 2)["fullUrl"]} }, "not a Patient"},
		{"no effective", func(m obj) { delete(res(m, 1), "effectiveDateTime") }, "no effective"},
		{"two effective", func(m obj) { res(m, 1)["effectiveInstant"] = "2026-11-23T07:00:00Z" }, "effective[x]"},
		{"effective not a dateTime", func(m obj) { res(m, 1)["effectiveDateTime"] = "23/11/2026" }, "dateTime"},
		{"effective an impossible date", func(m obj) { res(m, 1)["effectiveDateTime"] = "2026-02-30" }, "dateTime"},
		{"effective time without zone", func(m obj) { res(m, 1)["effectiveDateTime"] = "2026-11-23T07:30:00" }, "dateTime"},
		{"no value", func(m obj) { delete(res(m, 1), "valueInteger") }, "0 value[x]"},
		{"two values", func(m obj) { res(m, 1)["valueString"] = "3" }, "2 value[x]"},
		{"unknown value type", func(m obj) {
			delete(res(m, 1), "valueInteger")
			res(m, 1)["valueNumber"] = 3
		}, "not an Observation value[x]"},
		{"pain as a string", func(m obj) {
			delete(res(m, 1), "valueInteger")
			res(m, 1)["valueString"] = "3"
		}, "needs valueInteger"},
		{"pain not an integer", func(m obj) { res(m, 1)["valueInteger"] = 3.5 }, "not an integer"},
		{"pain above 10", func(m obj) { res(m, 1)["valueInteger"] = 11 }, "outside 0-10"},
		{"minutes as an integer", func(m obj) {
			delete(res(m, 5), "valueQuantity")
			res(m, 5)["valueInteger"] = 20
		}, "needs valueQuantity"},
		{"minutes in hours", func(m obj) {
			res(m, 5)["valueQuantity"] = obj{"value": 1, "unit": "h", "system": UCUM, "code": "h"}
		}, "minutes"},
		{"no category", func(m obj) { delete(res(m, 1), "category") }, "no category"},
		{"category from another system", func(m obj) {
			res(m, 1)["category"] = []any{obj{"coding": []any{obj{"system": "http://example.org/cats", "code": "survey"}}}}
		}, "no category"},
		{"unknown category code", func(m obj) {
			res(m, 1)["category"] = []any{obj{"coding": []any{obj{"system": ObservationCategory, "code": "mood"}}}}
		}, "observation-category"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := valid(t)
			tt.break_(m)
			data, _ := json.Marshal(m)
			err := ValidateBundle(data)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
	for _, junk := range []string{"", "[]", "null", `"Bundle"`, "{"} {
		if err := ValidateBundle([]byte(junk)); err == nil {
			t.Errorf("%q accepted", junk)
		}
	}
}
