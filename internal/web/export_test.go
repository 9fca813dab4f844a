package web

import "testing"

// Cells that a spreadsheet would run as a formula get a leading
// apostrophe; others are left alone (the HTTP tests cover = + - @ from
// real logs; a stored note cannot start with a tab or CR, so those are
// checked here).
func TestCSVSafe(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"=1+1", "'=1+1"}, {"+1", "'+1"}, {"-1", "'-1"}, {"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"}, {"\r=1", "'\r=1"},
		{"", ""}, {"3", "3"}, {"walked 20 min", "walked 20 min"}, {" =1", " =1"}, {"a=b", "a=b"}, {"'quoted", "'quoted"},
	} {
		if got := csvSafe(tt.in); got != tt.want {
			t.Errorf("csvSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
