package delivery

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"supple/internal/coalesce"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// Levels are the compression levels of a Representation: the best for
// static files, compressed once per run, and a fast Brotli level for pages,
// which are compressed again after every vote. On the 40 KB article page
// Brotli 5 took 4 ms for 10,980 bytes, level 9 13 ms for 10,912 and level
// 11 470 ms for 9,633 (gzip 9: 1 ms, 11,549 bytes).
type Levels struct {
	Gzip   int
	Brotli int
}

var (
	// Static is for assets that never change while the server runs.
	Static = Levels{Gzip: gzip.BestCompression, Brotli: brotli.BestCompression}
	// Pages is for rendered pages, compressed once per version.
	Pages = Levels{Gzip: gzip.BestCompression, Brotli: 5}
)

// Representation is one body with its type and validators. Its gzip and
// Brotli forms are made once, the first time a client asks for them, and
// kept; a variant that would not be smaller is never used.
type Representation struct {
	ContentType  string
	CacheControl string
	// modified is the Last-Modified time (whole seconds). With weakModified
	// set, If-Modified-Since is not answered with 304, because another
	// version of the body had the same second (ETags still work).
	modified     time.Time
	weakModified bool

	levels Levels
	tag    string // base64url of the body's SHA-256, first 16 bytes
	body   [3][]byte
	length [3]string // Content-Length of each body
	etag   [3]string
	once   [3]sync.Once
	lm     string // Modified as an HTTP date, made once
}

// New makes a representation of body. body must not change afterwards.
func New(body []byte, contentType string, modified time.Time, levels Levels) *Representation {
	sum := sha256.Sum256(body)
	rep := &Representation{
		ContentType: contentType,
		levels:      levels, tag: base64.RawURLEncoding.EncodeToString(sum[:16]),
	}
	rep.body[Identity], rep.length[Identity] = body, strconv.Itoa(len(body))
	rep.once[Identity].Do(func() {})
	for _, e := range []Encoding{Identity, Gzip, Brotli} {
		rep.etag[e] = rep.makeETag(e)
	}
	rep.SetModified(modified, false)
	return rep
}

// SetModified sets the Last-Modified time (cut to whole seconds); weak
// means another version of the body had the same second, so
// If-Modified-Since is not answered with 304. Call it before serving.
func (rep *Representation) SetModified(t time.Time, weak bool) {
	rep.modified, rep.weakModified, rep.lm = t.UTC().Truncate(time.Second), weak, ""
	if !t.IsZero() {
		rep.lm = rep.modified.Format(http.TimeFormat)
	}
}

// Modified is the Last-Modified time (zero: none).
func (rep *Representation) Modified() time.Time { return rep.modified }

// Precompress makes the gzip and Brotli forms now rather than on the
// first request that asks for them.
func (rep *Representation) Precompress() {
	rep.Encoded(Gzip)
	rep.Encoded(Brotli)
}

// windowBits is the smallest Brotli window (2^bits - 16 bytes, bits 10 to
// 24) that holds n bytes. A larger window compresses a body no better, and
// the best level's match finder takes 8 bytes per window position: 32 MiB
// for the default 4 MiB window, whatever the body's size.
func windowBits(n int) int {
	bits := 10
	for bits < 24 && 1<<bits-16 < n {
		bits++
	}
	return bits
}

// Body is the uncompressed body.
func (rep *Representation) Body() []byte { return rep.body[Identity] }

// ETag is the strong entity tag of the representation sent in encoding e:
// each content-coding has its own (RFC 9110 section 8.8.3).
func (rep *Representation) ETag(e Encoding) string { return rep.etag[e] }

func (rep *Representation) makeETag(e Encoding) string {
	if e == Identity {
		return `"` + rep.tag + `"`
	}
	return `"` + rep.tag + "-" + e.Token() + `"`
}

// Encoded is the body in coding e, and the coding actually used: identity
// when e's form would not be smaller.
func (rep *Representation) Encoded(e Encoding) ([]byte, Encoding) {
	rep.once[e].Do(func() {
		var buf bytes.Buffer
		var err error
		switch e {
		case Gzip:
			var zw *gzip.Writer
			zw, err = gzip.NewWriterLevel(&buf, rep.levels.Gzip)
			if err == nil {
				_, _ = zw.Write(rep.body[Identity])
				err = zw.Close()
			}
		case Brotli:
			bw := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: rep.levels.Brotli, LGWin: windowBits(len(rep.body[Identity]))})
			_, _ = bw.Write(rep.body[Identity])
			err = bw.Close()
		}
		if err == nil && buf.Len() < len(rep.body[Identity]) {
			rep.body[e], rep.length[e] = buf.Bytes(), strconv.Itoa(buf.Len())
		}
	})
	if rep.body[e] == nil {
		return rep.body[Identity], Identity
	}
	return rep.body[e], e
}

// Serve answers r with the representation: the coding the client prefers,
// Vary, ETag, Last-Modified and Cache-Control, a 304 without a body when
// the client's copy is current, the body otherwise. A Range header is
// ignored (the whole body is sent with 200). Other headers (security, the
// session's) are the caller's.
func (rep *Representation) Serve(w http.ResponseWriter, r *http.Request) {
	body, enc := rep.Encoded(Negotiate(r.Header["Accept-Encoding"]))
	h := w.Header()
	h.Add("Vary", "Accept-Encoding")
	etag := rep.ETag(enc)
	h.Set("ETag", etag)
	if rep.lm != "" {
		h.Set("Last-Modified", rep.lm)
	}
	if rep.CacheControl != "" {
		h.Set("Cache-Control", rep.CacheControl)
	}
	if NotModified(r, etag, rep.modified, rep.weakModified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", rep.ContentType)
	h.Set("Content-Length", rep.length[enc])
	if enc != Identity {
		h.Set("Content-Encoding", enc.Token())
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	// The header and the body leave in one system call (coalesce).
	release := coalesce.Hold(r)
	defer release()
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}
