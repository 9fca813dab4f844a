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
		{"date=2026-13", "date"},
		{"date=2026-00", "date"},
		{"date=2026-1", "date"},
		{"date=2026-11-1", "date"},
		{"date=20261", "date"},
		{"date=ge202", "date"},
		{"date=2026-11-01T10:00:00Z", "date"},
		{"date=sa2026-11", "date"},
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

// withCheckin is the sample with a check-in on 1 December: pain and a
// PSFS of two activities.
func withCheckin() Export {
	e := sampleExport()
	e.PSFSSystem = "https://back.example" + PSFSPath
	e.Checkins = []Checkin{{ID: 3, Week: 2, Date: "2026-12-01", Pain: 2, PSFS: []PSFSScore{{"putting on socks", 6}, {"gardening", 3}}}}
	return e
}

// Partial dates stand for their month or year (FHIR R4 date search):
// observations fall on 23, 24 and 25 November (4, 2 and 1) and 1
// December (2: the check-in's pain and PSFS).
func TestDateFilterPartialDates(t *testing.T) {
	for _, tt := range []struct {
		query string
		want  int
	}{
		{"", 9},
		{"date=2026-11", 7}, {"date=eq2026-11", 7}, {"date=2026-12", 2}, {"date=2026", 9}, {"date=2025", 0},
		{"date=ne2026-11", 2}, {"date=ne2026", 0},
		{"date=gt2026-11", 2}, {"date=gt2026-10", 9}, {"date=gt2026", 0},
		{"date=lt2026-12", 7}, {"date=lt2026-11", 0}, {"date=lt2027", 9},
		{"date=ge2026-12", 2}, {"date=ge2026-11", 9}, {"date=ge2027", 0},
		{"date=le2026-11", 7}, {"date=le2026-10", 0}, {"date=le2026", 9},
		{"date=ge2026-11-24&date=le2026-11", 3},
		{"date=ge2026-11-25&date=lt2026-12-02", 3},
		{"date=gt2026-11-30", 2}, {"date=2026-12-01", 2},
	} {
		q, oo := ParseQuery(tt.query)
		if oo != nil {
			t.Fatalf("%q refused: %s", tt.query, oo.Issue[0].Diagnostics)
		}
		e := withCheckin()
		e.Query = q
		b := LogBundle(e)
		if got := len(b.Entry) - 1; got != tt.want {
			t.Errorf("%q: %d observations, want %d", tt.query, got, tt.want)
		}
	}
}

// A check-in is two Observations: pain (LOINC 72514-3) and the PSFS in
// supple's code system, its mean as a {score} and each activity a
// component; both pass our validator.
func TestCheckinObservations(t *testing.T) {
	b := LogBundle(withCheckin())
	if err := ValidateBundle(bundleJSON(t, b)); err != nil {
		t.Fatalf("invalid: %v", err)
	}
	pain := b.Entry[len(b.Entry)-2].Resource.(Observation)
	psfs := b.Entry[len(b.Entry)-1].Resource.(Observation)
	if pain.Code.Coding[0].Code != CodePain || *pain.ValueInteger != 2 || pain.EffectiveDateTime != "2026-12-01" || pain.Extension != nil {
		t.Errorf("check-in pain: %+v", pain)
	}
	if psfs.Code.Text != PSFSText || psfs.Code.Coding[0].System != "https://back.example/fhir/CodeSystem/psfs" || psfs.Code.Coding[0].Code != CodePSFS {
		t.Errorf("PSFS code: %+v", psfs.Code)
	}
	if q := psfs.ValueQuantity; q == nil || q.Value != 4.5 || q.Code != "{score}" || q.System != UCUM {
		t.Errorf("PSFS mean: %+v", psfs.ValueQuantity)
	}
	if len(psfs.Component) != 2 || psfs.Component[0].Code.Text != "putting on socks" || *psfs.Component[0].ValueInteger != 6 || *psfs.Component[1].ValueInteger != 3 {
		t.Errorf("PSFS components: %+v", psfs.Component)
	}
	// A check-in without activities has its pain only.
	e := withCheckin()
	e.Checkins[0].PSFS = nil
	if n := len(LogBundle(e).Entry); n != len(b.Entry)-1 {
		t.Errorf("%d entries without PSFS activities, want %d", n, len(b.Entry)-1)
	}
	// Broken PSFS observations fail our validator.
	for _, tt := range []struct {
		name   string
		break_ func(o obj)
		want   string
	}{
		{"mean above 10", func(o obj) { o["valueQuantity"].(obj)["value"] = 11 }, "0 to 10"},
		{"mean not a score", func(o obj) { o["valueQuantity"].(obj)["code"] = "min" }, "{score}"},
		{"mean as an integer", func(o obj) { delete(o, "valueQuantity"); o["valueInteger"] = 4 }, "valueQuantity"},
		{"no components", func(o obj) { delete(o, "component") }, "no activity"},
		{"activity unnamed", func(o obj) { o["component"].([]any)[0].(obj)["code"] = obj{} }, "naming the activity"},
		{"activity score 12", func(o obj) { o["component"].([]any)[1].(obj)["valueInteger"] = 12 }, "0 to 10"},
	} {
		var m obj
		if err := json.Unmarshal(bundleJSON(t, b), &m); err != nil {
			t.Fatal(err)
		}
		entries := m["entry"].([]any)
		tt.break_(entries[len(entries)-1].(obj)["resource"].(obj))
		data, _ := json.Marshal(m)
		if err := ValidateBundle(data); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error saying %q", tt.name, err, tt.want)
		}
	}
}

// The definitions carry the URLs the export uses, under the base URL.
func TestDefinitions(t *testing.T) {
	abs := func(p string) string { return "https://back.example" + p }
	defs := Definitions(abs, "supple")
	sd := defs[PainTimingPath].(StructureDefinition)
	if sd.URL != abs(PainTimingPath) || sd.Type != "Extension" || sd.Differential.Element[2].FixedURI != sd.URL ||
		sd.Differential.Element[3].Binding.ValueSet != abs(PainTimingValueSetPath) {
		t.Errorf("StructureDefinition: %+v", sd)
	}
	cs := defs[PainTimingCodesPath].(CodeSystem)
	var codes []string
	for _, c := range cs.Concept {
		codes = append(codes, c.Code)
	}
	if strings.Join(codes, ",") != "before,during,after,next-morning" || cs.Count != 4 {
		t.Errorf("pain-timing codes %v", codes)
	}
	if vs := defs[PainTimingValueSetPath].(ValueSet); vs.Compose.Include[0].System != cs.URL {
		t.Errorf("value set includes %v", vs.Compose.Include)
	}
	if ps := defs[PSFSPath].(CodeSystem); ps.URL != abs(PSFSPath) || ps.Concept[0].Code != CodePSFS || ps.Title != PSFSText {
		t.Errorf("PSFS code system: %+v", ps)
	}
}
