// Package coach is supple's pure domain for exercise: the exercise
// library, red-flag screening, classification, the 12-week plan engine and
// its explanations. It does no I/O beyond reading its embedded data, and
// takes the date as an argument, so every result is deterministic.
package coach

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed library/exercises/*.yaml library/svg/*.svg
var libraryFiles embed.FS

// Block is the part of a session an exercise belongs to.
type Block string

const (
	Mobility Block = "mobility"
	Strength Block = "strength"
	Balance  Block = "balance"
	Aerobic  Block = "aerobic"
)

// Rating is how suitable an exercise is for a condition.
type Rating string

const (
	Prefer  Rating = "prefer"
	OK      Rating = "ok"
	Caution Rating = "caution"
	Avoid   Rating = "avoid"
)

func (r Rating) rank() int {
	switch r {
	case Prefer:
		return 0
	case OK:
		return 1
	case Caution:
		return 2
	case Avoid:
		return 3
	}
	return -1
}

// Dose is an exercise's starting dose.
type Dose struct {
	Sets            int  `yaml:"sets" json:"sets"`
	Reps            int  `yaml:"reps" json:"reps"`
	HoldSeconds     int  `yaml:"hold_seconds" json:"hold_seconds"`
	Minutes         int  `yaml:"minutes" json:"minutes"`
	PerSide         bool `yaml:"per_side" json:"per_side"`
	MinutesEstimate int  `yaml:"minutes_estimate" json:"minutes_estimate"`
}

// Tags describe how an exercise moves and loads the spine.
type Tags struct {
	Direction string   `yaml:"direction" json:"direction"` // flexion, extension, neutral, rotation
	EndRange  bool     `yaml:"end_range" json:"end_range"`
	Position  string   `yaml:"position" json:"position"`
	Impact    string   `yaml:"impact" json:"impact"`
	Load      string   `yaml:"load" json:"load"`
	Access    []string `yaml:"access" json:"access"`
}

// Exercise is one entry of the library.
type Exercise struct {
	ID          string            `yaml:"id" json:"id"`
	Name        string            `yaml:"name" json:"name"`
	Aliases     []string          `yaml:"aliases" json:"aliases"`
	Block       Block             `yaml:"block" json:"block"`
	Avoid       bool              `yaml:"avoid" json:"avoid"`
	AvoidReason string            `yaml:"avoid_reason" json:"avoid_reason,omitempty"`
	Summary     string            `yaml:"summary" json:"summary"`
	Steps       []string          `yaml:"steps" json:"steps"`
	Cues        []string          `yaml:"cues" json:"cues"`
	StopIf      []string          `yaml:"stop_if" json:"stop_if"`
	Dose        Dose              `yaml:"dose" json:"dose"`
	Easier      string            `yaml:"easier" json:"easier,omitempty"`
	Harder      string            `yaml:"harder" json:"harder,omitempty"`
	MET         float64           `yaml:"met" json:"met"`
	METCode     string            `yaml:"met_code" json:"met_code"`
	Tags        Tags              `yaml:"tags" json:"tags"`
	Ratings     map[string]Rating `yaml:"ratings" json:"ratings"`
	Notes       map[string]string `yaml:"notes" json:"notes"`
	Sources     []string          `yaml:"sources" json:"sources"`
	// Why is what a strength exercise is for, in the person's words; the
	// plan's why for it starts with it.
	Why      string `yaml:"why" json:"why,omitempty"`
	ImageAlt string `yaml:"image_alt" json:"image_alt"`
	SVG      string `yaml:"-" json:"-"`
}

// RatingFor is the exercise's rating for a rating column (OK when unrated).
func (e *Exercise) RatingFor(column string) Rating {
	if column == RadicularColumn {
		column = "disc_herniation" // the disc column, without the diagnosis (rule V7)
	}
	if r, ok := e.Ratings[column]; ok {
		return r
	}
	return OK
}

// RatingColumns are the conditions every exercise is rated for.
var RatingColumns = []string{"acute", "chronic", "muscle_strain", "disc_herniation", "spinal_stenosis",
	"spondylolisthesis", "osteoporosis", "vertebral_fracture", "pregnancy", "scoliosis", "osteoarthritis"}

// Library is the set of exercises, in a stable order.
type Library struct {
	list    []*Exercise
	byID    map[string]*Exercise
	version string
}

// Version names the library's exercise data: the first 16 hex digits of
// the SHA-256 of its Data. Any change to an exercise (added, removed, a
// dose, a rating, a word) gives a new version; the illustrations, which
// never change a plan, are not part of it.
func (l *Library) Version() string { return l.version }

// Data is the library's exercise data as JSON, in the library's order:
// what a plan made with it needs to be made again (LibraryFromData).
func (l *Library) Data() ([]byte, error) {
	b, err := json.Marshal(l.list)
	if err != nil {
		return nil, fmt.Errorf("coach: library data: %w", err)
	}
	return b, nil
}

// Changed is a copy of the library with change applied to (a copy of)
// each exercise, checked as LibraryFromData checks: the library an update
// of the exercise data would make.
func (l *Library) Changed(change func(*Exercise)) (*Library, error) {
	b, err := l.Data()
	if err != nil {
		return nil, err
	}
	var list []*Exercise
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("coach: library data: %w", err)
	}
	for _, e := range list {
		change(e)
	}
	if b, err = json.Marshal(list); err != nil {
		return nil, fmt.Errorf("coach: library data: %w", err)
	}
	return LibraryFromData(b)
}

// LibraryFromData reads a library kept by Data. It has no illustrations:
// it makes plans, the embedded library shows them.
func LibraryFromData(b []byte) (*Library, error) {
	var list []*Exercise
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("coach: library data: %w", err)
	}
	l := &Library{list: list, byID: make(map[string]*Exercise, len(list))}
	for _, e := range list {
		l.byID[e.ID] = e
	}
	return l.finish(false)
}

// All returns every exercise: blocks in session order, then by name.
func (l *Library) All() []*Exercise { return l.list }

// Get finds an exercise by id.
func (l *Library) Get(id string) (*Exercise, bool) {
	e, ok := l.byID[id]
	return e, ok
}

// LoadLibrary reads and checks the embedded library.
func LoadLibrary() (*Library, error) {
	return loadLibrary(libraryFiles)
}

var blockOrder = map[Block]int{Mobility: 0, Strength: 1, Balance: 2, Aerobic: 3}

func loadLibrary(fsys fs.FS) (*Library, error) {
	files, err := fs.Glob(fsys, "library/exercises/*.yaml")
	if err != nil {
		return nil, err
	}
	l := &Library{byID: map[string]*Exercise{}}
	var problems []string
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		var e Exercise
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&e); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", f, err))
			continue
		}
		if want := strings.TrimSuffix(path.Base(f), ".yaml"); e.ID != want {
			problems = append(problems, fmt.Sprintf("%s: id %q does not match the file name", f, e.ID))
			continue
		}
		if svg, err := fs.ReadFile(fsys, "library/svg/"+e.ID+".svg"); err == nil {
			e.SVG = string(svg)
		}
		l.list = append(l.list, &e)
		l.byID[e.ID] = &e
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("coach: exercise library:\n  %s", strings.Join(problems, "\n  "))
	}
	return l.finish(true)
}

// finish checks the exercises, puts them in order and names the version.
func (l *Library) finish(withSVG bool) (*Library, error) {
	var problems []string
	for _, e := range l.list {
		problems = append(problems, e.check(l, withSVG)...)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("coach: exercise library:\n  %s", strings.Join(problems, "\n  "))
	}
	sort.SliceStable(l.list, func(i, j int) bool {
		a, b := l.list[i], l.list[j]
		if a.Avoid != b.Avoid {
			return !a.Avoid
		}
		if blockOrder[a.Block] != blockOrder[b.Block] {
			return blockOrder[a.Block] < blockOrder[b.Block]
		}
		return a.ID < b.ID
	})
	b, err := l.Data()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	l.version = hex.EncodeToString(sum[:8])
	return l, nil
}

func (e *Exercise) check(l *Library, withSVG bool) []string {
	var p []string
	bad := func(format string, a ...any) { p = append(p, e.ID+": "+fmt.Sprintf(format, a...)) }
	if e.Name == "" || e.Summary == "" || len(e.Steps) == 0 || e.ImageAlt == "" || len(e.Sources) == 0 {
		bad("name, summary, steps, image_alt and sources are required")
	}
	if _, ok := blockOrder[e.Block]; !ok {
		bad("unknown block %q", e.Block)
	}
	if e.Avoid && e.AvoidReason == "" {
		bad("an avoid-list exercise needs avoid_reason")
	}
	if e.Block == Aerobic && !e.Avoid && (e.Dose.Minutes <= 0 || e.MET < 3) {
		bad("aerobic work needs dose minutes and a moderate MET (>= 3)")
	}
	if e.Block != Aerobic && !e.Avoid && (e.Dose.MinutesEstimate <= 0 || e.Dose.Sets <= 0 || e.Dose.Reps+e.Dose.HoldSeconds == 0) {
		bad("needs sets, reps or hold_seconds, and minutes_estimate")
	}
	if e.Block == Strength && !e.Avoid && e.Why == "" {
		bad("a strength exercise needs a why (what it strengthens)")
	}
	for _, id := range []string{e.Easier, e.Harder} {
		if id != "" && l.byID[id] == nil {
			bad("easier/harder %q is not in the library", id)
		}
	}
	for _, c := range RatingColumns {
		r, ok := e.Ratings[c]
		if !ok || r.rank() < 0 {
			bad("rating for %s is missing or not prefer/ok/caution/avoid", c)
			continue
		}
		if r.rank() >= Caution.rank() && e.Notes[c] == "" && !e.Avoid {
			bad("rated %s for %s without a note saying why", r, c)
		}
	}
	for _, a := range e.Tags.Access {
		if !slices.Contains(AccessValues, a) {
			bad("unknown access %q", a)
		}
	}
	if withSVG && e.SVG == "" {
		bad("no illustration library/svg/%s.svg", e.ID)
	}
	return p
}
