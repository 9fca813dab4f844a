package fhir

import (
	"fmt"
	"math"
	"strings"
	"time"

	"supple/internal/coach"
)

// Timings of a pain score relative to its session, as the pain-monitoring
// rule needs them (clinical.md 5.2 and 8).
var timings = []struct {
	code, text string
	pain       func(coach.Log) *int
	nextDay    bool
}{
	{"before", "Pain before the session", func(l coach.Log) *int { return l.PainBefore }, false},
	{"during", "Pain during the session", func(l coach.Log) *int { return l.PainDuring }, false},
	{"after", "Pain after the session", func(l coach.Log) *int { return l.PainAfter }, false},
	{"next-morning", "Pain the morning after the session", func(l coach.Log) *int { return l.PainNextMorning }, true},
}

// Export is what goes into a member's bundle.
type Export struct {
	// PatientKey is an opaque, stable key for the member; it seeds every
	// id, so the same logs always give the same bundle.
	PatientKey string
	// IdentifierSystem is the URI of the Patient's identifier, and
	// TimingExtension the URL of the extension that says when a pain
	// score was taken (before, during, after, next-morning).
	IdentifierSystem string
	TimingExtension  string
	Timestamp        time.Time
	Logs             []coach.Log
	// Checkins are the weekly check-ins, and PSFSSystem the URL of the
	// local PSFS code system (PSFSPath under the site).
	Checkins   []Checkin
	PSFSSystem string
	Query      Query
	// Name gives an exercise's display name ("" keeps the id).
	Name func(id string) string
}

// Checkin is a weekly check-in: pain now and the PSFS activities.
type Checkin struct {
	ID   int64
	Week int
	Date string // YYYY-MM-DD
	Pain int
	PSFS []PSFSScore
}

// PSFSScore is one chosen activity and its score, 0 (unable) to 10.
type PSFSScore struct {
	Activity string
	Score    int
}

// LogBundle is the member's logs and check-ins as a collection Bundle: a
// Patient known only by an opaque identifier, one Observation (LOINC
// 72514-3, integer 0-10, category survey) per pain score with its timing,
// one (LOINC 55411-3, minutes, category activity) per log with exercise
// minutes, and per check-in its pain score and its PSFS (the mean as a
// {score} quantity, each activity a component).
func LogBundle(e Export) Bundle {
	ns := UUIDv5(NamespaceURL, "supple:patient:"+e.PatientKey)
	patient := UUIDv5(ns, "patient")
	b := Bundle{ResourceType: "Bundle", Type: "collection", Timestamp: e.Timestamp.UTC().Format(time.RFC3339),
		Entry: []Entry{{FullURL: patient.URN(), Resource: Patient{ResourceType: "Patient", ID: patient.String(),
			Identifier: []Identifier{{System: e.IdentifierSystem, Value: patient.String()}}, Active: true}}}}
	subject := Reference{Reference: patient.URN()}
	add := func(id UUID, o Observation) {
		o.ResourceType, o.ID, o.Status, o.Subject = "Observation", id.String(), "final", subject
		b.Entry = append(b.Entry, Entry{FullURL: id.URN(), Resource: o})
	}
	for _, l := range e.Logs {
		day, err := time.Parse(time.DateOnly, l.Date)
		if err != nil {
			continue // logs are checked when stored; a bad date cannot be exported
		}
		what := "the session"
		if l.Kind == coach.KindActivity {
			what = "the activity"
		}
		for _, t := range timings {
			p := t.pain(l)
			if p == nil {
				continue
			}
			when := day
			if t.nextDay {
				when = day.AddDate(0, 0, 1)
			}
			if !e.Query.Match(when) {
				continue
			}
			v := *p
			add(UUIDv5(ns, fmt.Sprintf("log/%d/pain/%s", l.ID, t.code)), Observation{
				Extension: []Extension{{URL: e.TimingExtension, ValueCode: t.code}},
				Category:  []CodeableConcept{category("survey", "Survey")},
				Code: CodeableConcept{Coding: []Coding{{System: LOINC, Code: CodePain, Display: "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}},
					Text: strings.Replace(t.text, "the session", what, 1)},
				EffectiveDateTime: when.Format(time.DateOnly), ValueInteger: &v,
				Note: []Annotation{{Text: sessionText(l)}},
			})
		}
		if m := l.Minutes(); m > 0 && e.Query.Match(day) {
			add(UUIDv5(ns, fmt.Sprintf("log/%d/minutes", l.ID)), Observation{
				Category: []CodeableConcept{category("activity", "Activity"),
					{Coding: []Coding{{System: "http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes", Code: "PhysicalActivity", Display: "Physical Activity"}}}},
				Code:              CodeableConcept{Coding: []Coding{{System: LOINC, Code: CodeExerciseMinutes, Display: "Exercise duration"}}, Text: "Exercise minutes"},
				EffectiveDateTime: day.Format(time.DateOnly),
				ValueQuantity:     &Quantity{Value: float64(m), Unit: "min", System: UCUM, Code: "min"},
				Note:              []Annotation{{Text: exercisesText(l, e.Name)}},
			})
		}
	}
	for _, c := range e.Checkins {
		day, err := time.Parse(time.DateOnly, c.Date)
		if err != nil || !e.Query.Match(day) {
			continue // check-ins are dated by the server; a bad date cannot be exported
		}
		note := []Annotation{{Text: fmt.Sprintf("Weekly check-in, plan week %d (%s).", c.Week, c.Date)}}
		pain := c.Pain
		add(UUIDv5(ns, fmt.Sprintf("checkin/%d/pain", c.ID)), Observation{
			Category: []CodeableConcept{category("survey", "Survey")},
			Code: CodeableConcept{Coding: []Coding{{System: LOINC, Code: CodePain, Display: "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}},
				Text: "Pain at the weekly check-in"},
			EffectiveDateTime: c.Date, ValueInteger: &pain, Note: note,
		})
		if len(c.PSFS) == 0 {
			continue
		}
		o := Observation{
			Category:          []CodeableConcept{category("survey", "Survey")},
			Code:              CodeableConcept{Coding: []Coding{{System: e.PSFSSystem, Code: CodePSFS, Display: PSFSText}}, Text: PSFSText},
			EffectiveDateTime: c.Date, Note: note,
		}
		sum := 0
		for _, a := range c.PSFS {
			score := a.Score
			sum += score
			o.Component = append(o.Component, Component{
				Code:         CodeableConcept{Coding: []Coding{{System: e.PSFSSystem, Code: CodePSFSActivity, Display: "PSFS activity score"}}, Text: a.Activity},
				ValueInteger: &score,
			})
		}
		mean := math.Round(float64(sum)/float64(len(c.PSFS))*10) / 10
		o.ValueQuantity = &Quantity{Value: mean, Unit: "score", System: UCUM, Code: "{score}"}
		add(UUIDv5(ns, fmt.Sprintf("checkin/%d/psfs", c.ID)), o)
	}
	return b
}

func category(code, display string) CodeableConcept {
	return CodeableConcept{Coding: []Coding{{System: ObservationCategory, Code: code, Display: display}}}
}

func sessionText(l coach.Log) string {
	if l.Kind == coach.KindActivity {
		return fmt.Sprintf("Activity outside the plan on %s.", l.Date)
	}
	return fmt.Sprintf("Plan week %d, day %d (%s).", l.Week, l.Day, l.Date)
}

func exercisesText(l coach.Log, name func(string) string) string {
	var parts []string
	for _, it := range l.Items {
		if !it.Done || it.Minutes == 0 {
			continue
		}
		n := it.Exercise
		if name != nil {
			if s := name(it.Exercise); s != "" {
				n = s
			}
		}
		parts = append(parts, fmt.Sprintf("%s %d min", n, it.Minutes))
	}
	return sessionText(l) + " " + strings.Join(parts, ", ")
}
