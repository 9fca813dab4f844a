package article

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	a := strings.Split("one\ntwo\nthree\nfour", "\n")
	b := strings.Split("one\n2\nthree\nfour\nfive", "\n")
	var got []string
	for _, d := range Diff(a, b) {
		got = append(got, d.Op+d.Text)
	}
	want := "=one,-two,+2,=three,=four,+five"
	if strings.Join(got, ",") != want {
		t.Errorf("diff = %v, want %s", got, want)
	}
	if len(Diff(nil, nil)) != 0 {
		t.Error("empty diff")
	}
}
