package coalesce

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// recorder is a connection that records what reaches it, one entry per
// Write.
type recorder struct {
	net.Conn
	writes []string
	err    error
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	r.writes = append(r.writes, string(p))
	return len(p), nil
}

func heldRequest(c *Conn, proto int) *http.Request {
	r := httptest.NewRequest("GET", "/", nil)
	r.ProtoMajor = proto
	return r.WithContext(ConnContext(context.Background(), c))
}

func TestHold(t *testing.T) {
	head := strings.Repeat("h", 4096) // net/http's buffer: header and the body's start
	rest := strings.Repeat("b", 9000) // the rest of the body, written straight through
	for _, tc := range []struct {
		name string
		// what the handler writes while held, then what reaches the
		// connection after each write and after the release
		writes        []string
		afterEach     [][]string
		afterRelease  []string
		proto         int
		notListenConn bool
	}{
		{
			name:         "header and body leave together",
			writes:       []string{head, rest},
			afterEach:    [][]string{nil, {head, rest}},
			afterRelease: []string{head, rest},
			proto:        1,
		},
		{
			name:         "a small response waits for the release",
			writes:       []string{"small"},
			afterEach:    [][]string{nil},
			afterRelease: []string{"small"},
			proto:        1,
		},
		{
			name:         "small writes join until they would not fit",
			writes:       []string{"a", "b", strings.Repeat("c", holdMax)},
			afterEach:    [][]string{nil, nil, {"ab", strings.Repeat("c", holdMax)}},
			afterRelease: []string{"ab", strings.Repeat("c", holdMax)},
			proto:        1,
		},
		{
			name:         "a large first write goes straight through",
			writes:       []string{rest + rest},
			afterEach:    [][]string{{rest + rest}},
			afterRelease: []string{rest + rest},
			proto:        1,
		},
		{
			name:         "HTTP/2 is not held",
			writes:       []string{"x"},
			afterEach:    [][]string{{"x"}},
			afterRelease: []string{"x"},
			proto:        2,
		},
		{
			name:          "a connection that is not from Listener is not held",
			writes:        []string{"x"},
			afterEach:     [][]string{{"x"}},
			afterRelease:  []string{"x"},
			proto:         1,
			notListenConn: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			c := &Conn{Conn: rec}
			r := heldRequest(c, tc.proto)
			if tc.notListenConn {
				r = r.WithContext(context.Background())
			}
			release := Hold(r)
			for i, w := range tc.writes {
				n, err := c.Write([]byte(w))
				if n != len(w) || err != nil {
					t.Fatalf("write %d: %d, %v", i, n, err)
				}
				if !slices.Equal(rec.writes, tc.afterEach[i]) {
					t.Fatalf("after write %d the connection had %s, want %s", i, lens(rec.writes), lens(tc.afterEach[i]))
				}
			}
			release()
			if !slices.Equal(rec.writes, tc.afterRelease) {
				t.Fatalf("after the release: %s, want %s", lens(rec.writes), lens(tc.afterRelease))
			}
			// Released, the connection writes straight through again.
			rec.writes = nil
			_, _ = c.Write([]byte("next"))
			if !slices.Equal(rec.writes, []string{"next"}) {
				t.Errorf("after the release a write gave %s", lens(rec.writes))
			}
		})
	}
}

func TestHoldTwiceAndAfterRelease(t *testing.T) {
	rec := &recorder{}
	c := &Conn{Conn: rec}
	r := heldRequest(c, 1)
	release := Hold(r)
	inner := Hold(r) // a nested hold changes nothing
	_, _ = c.Write([]byte("a"))
	inner()
	if len(rec.writes) != 0 {
		t.Fatalf("the nested release sent %s", lens(rec.writes))
	}
	release()
	if !slices.Equal(rec.writes, []string{"a"}) {
		t.Fatalf("after the release: %s", lens(rec.writes))
	}
}

func TestHeldWriteError(t *testing.T) {
	rec := &recorder{}
	c := &Conn{Conn: rec}
	release := Hold(heldRequest(c, 1))
	defer release()
	_, _ = c.Write([]byte("head"))
	rec.err = errors.New("broken pipe")
	if n, err := c.Write([]byte(strings.Repeat("b", holdMax))); err == nil || n != 0 {
		t.Errorf("a failed joined write: %d, %v", n, err)
	}
}

func TestReadFromSendsWhatIsHeldFirst(t *testing.T) {
	rec := &recorder{}
	c := &Conn{Conn: rec}
	release := Hold(heldRequest(c, 1))
	defer release()
	_, _ = c.Write([]byte("header "))
	if _, err := c.ReadFrom(strings.NewReader("file")); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rec.writes, ""); got != "header file" {
		t.Errorf("sent %q", got)
	}
}

// Over real TCP, through net/http: a held handler's responses arrive whole
// and in order on one kept-alive connection, with bodies below and above
// the buffer.
func TestServerThroughListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string][]byte{"/small": []byte("tiny"), "/big": bytes.Repeat([]byte("0123456789"), 5000)}
	hs := &http.Server{ConnContext: ConnContext, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		release := Hold(r)
		defer release()
		_, _ = w.Write(bodies[r.URL.Path])
	})}
	go func() { _ = hs.Serve(Listener(ln)) }()
	defer hs.Close()
	tr := &http.Transport{MaxConnsPerHost: 1}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	for i := range 20 {
		path := []string{"/small", "/big"}[i%2]
		res, err := c.Get("http://" + ln.Addr().String() + path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || !bytes.Equal(got, bodies[path]) {
			t.Fatalf("request %d (%s): %d bytes, %v", i, path, len(got), err)
		}
	}
}

// lens describes writes by their sizes, for messages.
func lens(ws []string) string {
	n := make([]int, len(ws))
	for i, w := range ws {
		n[i] = len(w)
	}
	return fmt.Sprint(n)
}
