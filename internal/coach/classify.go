package coach

import "strings"

// Durations (clinical.md 3.1, ACP 2017).
const (
	Acute    = "acute"    // under 4 weeks
	Subacute = "subacute" // 4 to 12 weeks
	Chronic  = "chronic"  // over 12 weeks
)

// Directions of movement preference (clinical.md 3.4).
const (
	Extension = "extension"
	Flexion   = "flexion"
	Neutral   = "neutral"
)

// Classify sums up the episode's duration and preferred direction.
func Classify(p Profile) Classification {
	c := Classification{Duration: Subacute, Direction: Neutral}
	switch {
	case p.DurationWeeks < 4:
		c.Duration = Acute
	case p.DurationWeeks > 12:
		c.Duration = Chronic
	}
	ext, flex := directionSignals(p)
	switch {
	case len(ext) > 0 && len(flex) == 0:
		c.Direction = Extension
	case len(flex) > 0 && len(ext) == 0:
		c.Direction = Flexion
	case len(ext) == 0 && len(flex) == 0 && (has(p.Conditions, "spinal_stenosis") || has(p.Conditions, "spondylolisthesis")):
		// No symptom signal: the usual direction for the diagnosis.
		c.Direction = Flexion
	}
	return c
}

// directionSignals returns, in words, what points to an extension and to
// a flexion preference.
func directionSignals(p Profile) (ext, flex []string) {
	for _, m := range p.WorseWith {
		switch m {
		case "bending_forward", "sitting":
			ext = append(ext, words(m)+" makes it worse")
		case "bending_backward", "standing", "walking":
			flex = append(flex, words(m)+" makes it worse")
		}
	}
	for _, m := range p.BetterWith {
		switch m {
		case "lying_face_down", "bending_backward":
			ext = append(ext, words(m)+" eases it")
		case "sitting", "bending_forward":
			flex = append(flex, words(m)+" eases it")
		}
	}
	return ext, flex
}

func words(s string) string { return strings.ReplaceAll(s, "_", " ") }

// conditionName is a condition in plain words.
var conditionName = map[string]string{
	"muscle_strain":      "a muscle strain",
	"disc_herniation":    "a disc herniation",
	"spinal_stenosis":    "spinal stenosis",
	"osteoarthritis":     "spinal arthritis",
	"spondylolisthesis":  "spondylolisthesis",
	"scoliosis":          "scoliosis",
	"osteoporosis":       "osteoporosis",
	"vertebral_fracture": "a fracture of the spine (vertebral fracture)",
	"pregnancy":          "pregnancy",
	"acute":              "a new (acute) episode",
	"chronic":            "long-lasting (chronic) pain",
	RadicularColumn:      "leg pain that spreads below the knee",
}

// RadicularColumn is the rating column of leg pain below the knee: the
// disc column's ratings, applied without the diagnosis (clinical review
// 4, N2; rule V7): below-knee pain is radicular, about 90% of it
// disc-related (clinical.md 3.2), so the label adds little.
const RadicularColumn = "radicular"

// ratingColumns are the master-table columns that apply to the person.
func ratingColumns(p Profile, c Classification) []string {
	var cols []string
	switch {
	case p.DurationWeeks < 2: // the table's acute column: the first 1-2 weeks
		cols = append(cols, "acute")
	case c.Duration == Chronic:
		cols = append(cols, "chronic")
	}
	cols = append(cols, p.conditions()...)
	if p.VertebralFracture {
		cols = append(cols, "vertebral_fracture")
	}
	if lastPregnancyWeek(p) >= 16 {
		cols = append(cols, "pregnancy")
	}
	if p.LegPain == "below_knee" {
		cols = append(cols, RadicularColumn)
	}
	return cols
}
