package api

// The JSON decoders of the coach's inputs: a log, a list of logs, a merge
// patch of a log, a profile. They tell missing fields from zero ones
// (pointer structs), refuse unknown fields and wrong types with errors
// naming the field, and leave the values to the domain's one check
// (coach.ValidateLog, coach.ValidateProfile). The CLI reads its JSON
// files with them too.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"supple/internal/coach"
	"supple/internal/validate"
)

// MaxLogBytes is the largest log document (or array of logs) accepted.
const MaxLogBytes = 1 << 20

// logJSON tells missing fields from zero ones.
type logJSON struct {
	Kind                  *string  `json:"kind"`
	Week                  *int     `json:"week"`
	Day                   *int     `json:"day"`
	Date                  *string  `json:"date"`
	Done                  *bool    `json:"done"`
	PainBefore            *int     `json:"pain_before"`
	PainDuring            *int     `json:"pain_during"`
	PainAfter             *int     `json:"pain_after"`
	PainNextMorning       *int     `json:"pain_next_morning"`
	LegSymptoms           *string  `json:"leg_symptoms"`
	NewNumbnessOrWeakness *bool    `json:"new_numbness_or_weakness"`
	RedFlags              []string `json:"red_flags"`
	// Items are decoded one by one so that errors name the item
	// ("items[2].minutes").
	Items           []json.RawMessage `json:"items"`
	Note            *string           `json:"note"`
	Recorded        *string           `json:"recorded"`
	MorningRecorded *string           `json:"morning_recorded"`
	ID              *int64            `json:"id"`
}

// DecodeLog reads one log entry, rejecting unknown fields, wrong types and
// out-of-range values with errors that name the field (validate.Errors).
func DecodeLog(r io.Reader) (coach.Log, error) {
	b, err := readDoc(r, "log entry")
	if err != nil {
		return coach.Log{}, err
	}
	return decodeLog(b, "")
}

// decodeLog decodes one log entry; prefix starts every field name.
func decodeLog(b []byte, prefix string) (coach.Log, error) {
	var lj logJSON
	if err := decodeStrict(b, &lj, "log entry", '{', prefix); err != nil {
		return coach.Log{}, err
	}
	l, e := lj.log(prefix)
	return l, e.Err()
}

// DecodeLogs reads a JSON array of log entries; field names in errors
// are prefixed with the entry's index, as in "logs[3].pain_after".
func DecodeLogs(r io.Reader) ([]coach.Log, error) {
	b, err := readDoc(r, "list of log entries")
	if err != nil {
		return nil, err
	}
	var raws []json.RawMessage
	if err := decodeStrict(b, &raws, "list of log entries", '[', ""); err != nil {
		return nil, err
	}
	var e validate.Errors
	logs := make([]coach.Log, 0, len(raws))
	for i, raw := range raws {
		l, err := decodeLog(raw, fmt.Sprintf("logs[%d].", i))
		if le, ok := err.(validate.Errors); ok {
			e = append(e, le...)
		} else if err != nil {
			return nil, err
		}
		logs = append(logs, l)
	}
	return logs, e.Err()
}

// readDoc reads a whole document of at most MaxLogBytes.
func readDoc(r io.Reader, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxLogBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	if len(b) > MaxLogBytes {
		return nil, fieldErr("", fmt.Sprintf("the %s is larger than %d bytes", what, MaxLogBytes))
	}
	if !utf8.Valid(b) {
		return nil, fieldErr("", fmt.Sprintf("the %s is not valid UTF-8", what))
	}
	return b, nil
}

// decodeStrict decodes exactly one JSON value, which must start with
// open ('{' for an object, '[' for a list), into v. Field names in errors
// are prefixed with prefix.
func decodeStrict(b []byte, v any, what string, open byte, prefix string) error {
	t := bytes.TrimSpace(b)
	if len(t) == 0 {
		return fieldErr(prefix, fmt.Sprintf("the %s is empty", what))
	}
	if t[0] != open && json.Valid(t) {
		kind := map[byte]string{'{': "a JSON object", '[': "a JSON list"}[open]
		return fieldErr(strings.TrimSuffix(prefix, "."), fmt.Sprintf("the %s must be %s", what, kind))
	}
	dec := json.NewDecoder(bytes.NewReader(t))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		e := jsonError(err)
		if ve, ok := e.(validate.Errors); ok {
			for i := range ve {
				ve[i].Message = strings.ReplaceAll(ve[i].Message, "the profile", "the "+what)
				if ve[i].Field != "" {
					ve[i].Field = prefix + ve[i].Field
				}
			}
		}
		return e
	}
	if dec.More() {
		return fieldErr("", fmt.Sprintf("send exactly one %s", what))
	}
	return nil
}

// log builds the log the JSON describes, with errors for missing
// answers and unreadable items; ValidateLog checks the values.
func (lj logJSON) log(prefix string) (coach.Log, validate.Errors) {
	var e validate.Errors
	l := coach.Log{Kind: coach.KindSession, LegSymptoms: "none", RedFlags: []string{}, Items: []coach.LogItem{}}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&l.Kind, lj.Kind)
	if lj.ID != nil {
		l.ID = *lj.ID
	}
	required := l.Kind != coach.KindActivity
	intField := func(dst *int, v *int, name string, hi int) {
		switch {
		case v == nil && required:
			e.Add(prefix+name, fmt.Sprintf("%s is required: a whole number from 1 to %d", name, hi))
		case v != nil:
			*dst = *v
		}
	}
	intField(&l.Week, lj.Week, "week", coach.PlanWeeks)
	intField(&l.Day, lj.Day, "day", 7)
	l.PainBefore, l.PainDuring, l.PainAfter, l.PainNextMorning = lj.PainBefore, lj.PainDuring, lj.PainAfter, lj.PainNextMorning
	if lj.Date == nil {
		e.Add(prefix+"date", "date is required, as YYYY-MM-DD")
	}
	set(&l.Date, lj.Date)
	set(&l.Recorded, lj.Recorded)
	set(&l.MorningRecorded, lj.MorningRecorded)
	switch {
	case lj.Done != nil:
		l.Done = *lj.Done
	case l.Kind == coach.KindActivity:
		l.Done = true
	default:
		e.Add(prefix+"done", "done is required: true or false")
	}
	set(&l.LegSymptoms, lj.LegSymptoms)
	if lj.NewNumbnessOrWeakness != nil {
		l.NewNumbnessOrWeakness = *lj.NewNumbnessOrWeakness
	}
	for _, f := range lj.RedFlags {
		if !slices.Contains(l.RedFlags, f) {
			l.RedFlags = append(l.RedFlags, f)
		}
	}
	for i, raw := range lj.Items {
		name := fmt.Sprintf("%sitems[%d]", prefix, i)
		var it coach.LogItem
		if err := decodeStrict(raw, &it, "item", '{', name+"."); err != nil {
			if ie, ok := err.(validate.Errors); ok {
				e = append(e, ie...)
				continue
			}
			e.Add(name, "the item could not be read")
			continue
		}
		l.Items = append(l.Items, it)
	}
	if lj.Note != nil {
		l.Note = strings.TrimSpace(*lj.Note)
	}
	for _, fe := range coach.ValidateLog(l) {
		fe.Field = prefix + fe.Field
		if e.For(fe.Field) == "" && !(fe.Field == prefix+"items" && len(lj.Items) > 0 && len(l.Items) == 0) {
			e = append(e, fe)
		}
	}
	return l, e
}

// DecodeLogPatch reads the changes to an existing log (a JSON merge
// patch): the answers may change, the plan day and date may not. The
// result is the log with the changes applied.
func DecodeLogPatch(r io.Reader, old coach.Log) (coach.Log, error) {
	b, err := readDoc(r, "change")
	if err != nil {
		return old, err
	}
	var raw map[string]json.RawMessage
	if err := decodeStrict(b, &raw, "change", '{', ""); err != nil {
		return old, err
	}
	var e validate.Errors
	for _, f := range []string{"id", "kind", "week", "day", "date", "recorded", "morning_recorded"} {
		if _, ok := raw[f]; ok {
			e.Add(f, fmt.Sprintf("%s cannot be changed once logged", f))
		}
	}
	if len(e) > 0 {
		return old, e
	}
	// Re-decode the old log with the changes merged in, so that the same
	// checks apply.
	b, err = json.Marshal(old)
	if err != nil {
		return old, err
	}
	var merged map[string]json.RawMessage
	if err := json.Unmarshal(b, &merged); err != nil {
		return old, err
	}
	delete(merged, "id")
	for k, v := range raw {
		merged[k] = v
	}
	b, err = json.Marshal(merged)
	if err != nil {
		return old, err
	}
	l, err := DecodeLog(bytes.NewReader(b))
	if err != nil {
		return old, err
	}
	l.ID, l.Recorded, l.MorningRecorded = old.ID, old.Recorded, old.MorningRecorded
	return l, nil
}

// profileJSON mirrors coach.Profile with pointers, to tell missing from zero.
type profileJSON struct {
	Age                *int              `json:"age"`
	PregnancyWeeks     *int              `json:"pregnancy_weeks"`
	PainNow            *int              `json:"pain_now"`
	DurationWeeks      *int              `json:"duration_weeks"`
	LegPain            *string           `json:"leg_pain"`
	BothLegsOnset      *string           `json:"both_legs_onset"`
	WorseWith          []string          `json:"worse_with"`
	BetterWith         []string          `json:"better_with"`
	Conditions         []string          `json:"conditions"`
	RedFlags           []string          `json:"red_flags"`
	ActivityLevel      *string           `json:"activity_level"`
	Access             []string          `json:"access"`
	MinutesPerDay      *int              `json:"minutes_per_day"`
	DaysPerWeek        *int              `json:"days_per_week"`
	ClearedByClinician *bool             `json:"cleared_by_clinician"`
	FloorTransfer      *string           `json:"floor_transfer"`
	MobilityAid        *string           `json:"mobility_aid"`
	Sex                *string           `json:"sex"`
	Postmenopausal     *bool             `json:"postmenopausal"`
	LongTermSteroids   *bool             `json:"long_term_steroids"`
	PreviousFracture   *bool             `json:"previous_fragility_fracture"`
	VertebralFracture  *bool             `json:"vertebral_fracture"`
	RanBefore          *bool             `json:"ran_before"`
	Swaps              map[string]string `json:"swaps"`
}

// MaxProfileBytes is the largest profile document accepted.
const MaxProfileBytes = 64 << 10

// DecodeProfile reads one profile JSON object, rejecting unknown fields,
// wrong types and out-of-range values with errors that name the field
// (validate.Errors).
func DecodeProfile(r io.Reader) (coach.Profile, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxProfileBytes+1))
	if err != nil {
		return coach.Profile{}, fmt.Errorf("read profile: %w", err)
	}
	if len(b) > MaxProfileBytes {
		return coach.Profile{}, fieldErr("", fmt.Sprintf("the profile is larger than %d bytes", MaxProfileBytes))
	}
	if !utf8.Valid(b) {
		return coach.Profile{}, fieldErr("", "the profile is not valid UTF-8")
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return coach.Profile{}, fieldErr("", "the profile is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var pj profileJSON
	if err := dec.Decode(&pj); err != nil {
		return coach.Profile{}, jsonError(err)
	}
	if dec.More() {
		return coach.Profile{}, fieldErr("", "the profile must be exactly one JSON object")
	}
	return pj.profile()
}

func fieldErr(field, msg string) validate.Errors {
	return validate.Errors{{Field: field, Message: msg}}
}

func jsonError(err error) error {
	var (
		syntax  *json.SyntaxError
		typeErr *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return fieldErr("", "the profile must be a JSON object")
		}
		want := map[string]string{"int": "a whole number", "string": "a string", "bool": "true or false", "slice": "a list of strings", "map": "an object of exercise ids"}[typeErr.Type.Kind().String()]
		if want == "" {
			want = "a " + typeErr.Type.String()
		}
		field := typeErr.Field
		if i := strings.Index(field, "."); i >= 0 {
			field = field[:i]
		}
		return fieldErr(field, fmt.Sprintf("%s must be %s, not %s", field, want, typeErr.Value))
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return fieldErr("", "the profile is not valid JSON: "+err.Error())
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fieldErr(f, fmt.Sprintf("unknown field %q", f))
	}
	return fieldErr("", "the profile could not be read: "+err.Error())
}

// profile builds the profile the JSON describes, with errors for
// missing answers; ValidateProfile checks the values.
func (pj profileJSON) profile() (coach.Profile, error) {
	var e validate.Errors
	p := coach.Profile{LegPain: "none"}
	intField := func(dst *int, v *int, name string, required bool) {
		switch {
		case v != nil:
			*dst = *v
		case required:
			lo, hi := coach.ProfileRange(name)
			e.Add(name, fmt.Sprintf("%s is required: a whole number from %d to %d", name, lo, hi))
		}
	}
	intField(&p.Age, pj.Age, "age", true)
	intField(&p.PregnancyWeeks, pj.PregnancyWeeks, "pregnancy_weeks", false)
	intField(&p.PainNow, pj.PainNow, "pain_now", true)
	intField(&p.DurationWeeks, pj.DurationWeeks, "duration_weeks", true)
	intField(&p.MinutesPerDay, pj.MinutesPerDay, "minutes_per_day", true)
	intField(&p.DaysPerWeek, pj.DaysPerWeek, "days_per_week", true)
	if pj.LegPain != nil {
		p.LegPain = *pj.LegPain
	}
	if pj.BothLegsOnset != nil {
		p.BothLegsOnset = *pj.BothLegsOnset
		if p.BothLegsOnset == "" {
			e.Add("both_legs_onset", "both_legs_onset must be one of "+strings.Join(coach.OnsetValues, ", "))
		}
	}
	if pj.ActivityLevel == nil {
		e.Add("activity_level", "activity_level is required: one of "+strings.Join(coach.ActivityValues, ", "))
	} else {
		p.ActivityLevel = *pj.ActivityLevel
	}
	p.WorseWith, p.BetterWith, p.Conditions = unique(pj.WorseWith), unique(pj.BetterWith), unique(pj.Conditions)
	p.RedFlags, p.Access = unique(pj.RedFlags), unique(pj.Access)
	for _, f := range []struct {
		dst *bool
		v   *bool
	}{{&p.ClearedByClinician, pj.ClearedByClinician}, {&p.Postmenopausal, pj.Postmenopausal},
		{&p.LongTermSteroids, pj.LongTermSteroids}, {&p.PreviousFragilityFracture, pj.PreviousFracture},
		{&p.VertebralFracture, pj.VertebralFracture}, {&p.RanBefore, pj.RanBefore}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	for _, f := range []struct {
		dst  *string
		v    *string
		name string
	}{{&p.FloorTransfer, pj.FloorTransfer, "floor_transfer"}, {&p.MobilityAid, pj.MobilityAid, "mobility_aid"}, {&p.Sex, pj.Sex, "sex"}} {
		if f.v == nil {
			continue
		}
		if *f.v == "" {
			e.Add(f.name, f.name+" must not be empty; leave it out for the default")
		}
		*f.dst = *f.v
	}
	if len(pj.Swaps) > 0 {
		p.Swaps = pj.Swaps
	}
	for _, fe := range coach.ValidateProfile(p) {
		if e.For(fe.Field) == "" {
			e = append(e, fe)
		}
	}
	return p.Normal(), e.Err()
}

// unique is v without repeats, never nil.
func unique(v []string) []string {
	out := []string{}
	for _, s := range v {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
