package delivery

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// Brotli's best level sizes its match finder by the window, 2^LGWin
// positions; the default window of 4 MiB made every static asset's
// one-time compression allocate 32 MiB, which at start-up pushed the
// server's peak resident size past 64 MiB (bench/mixed.sh). The window
// is sized to the body instead, which compresses no worse: the window
// already holds the whole body.
func TestBrotliWindowFitsBody(t *testing.T) {
	body := []byte(strings.Repeat(".card{margin:0 auto;padding:1rem}\n", 1000)) // 34 KB, like a sheet
	for _, lv := range []Levels{Static, Pages} {
		var got []byte
		allocs := testing.Benchmark(func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				rep := New(body, "text/css; charset=utf-8", time.Time{}, lv)
				got, _ = rep.Encoded(Brotli)
			}
		}).AllocedBytesPerOp()
		if allocs > 4<<20 {
			t.Errorf("brotli level %d: compressing %d bytes allocated %d MiB, want under 4 MiB", lv.Brotli, len(body), allocs>>20)
		}
		out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(got)))
		if err != nil || !bytes.Equal(out, body) {
			t.Fatalf("brotli level %d: round trip failed: %v", lv.Brotli, err)
		}
	}
}

func TestWindowBits(t *testing.T) {
	for _, c := range []struct{ n, want int }{
		{0, 10}, {1, 10}, {1008, 10}, {1009, 11}, {34000, 16}, {65520, 16}, {65521, 17}, {1 << 30, 24},
	} {
		if got := windowBits(c.n); got != c.want {
			t.Errorf("windowBits(%d) = %d, want %d", c.n, got, c.want)
		}
	}
}
