package delivery

import (
	"bufio"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// MinSize is the smallest body Compress compresses: below about 1 KiB the
// saving is smaller than the cost, and often than a packet.
const MinSize = 1024

// On-the-fly levels: fast, since the body is compressed on every request.
const (
	dynamicGzip   = gzip.DefaultCompression
	dynamicBrotli = 4
)

var (
	gzipPool   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, dynamicGzip); return w }}
	brotliPool = sync.Pool{New: func() any { return brotli.NewWriterLevel(io.Discard, dynamicBrotli) }}
)

// Compress compresses responses on the fly for clients that accept it:
// bodies of at least MinSize bytes of a compressible type, with status 200
// or an error page. It leaves alone responses that already carry a
// Content-Encoding or an ETag (a Representation chose their coding and
// validator), 204, 206 and 304 responses, HEAD requests, and bodies of
// already-compressed types. A handler that flushes early still streams:
// the compressor is flushed with it.
func Compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		enc := Negotiate(r.Header.Values("Accept-Encoding"))
		if r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		cw := &compressWriter{ResponseWriter: w, enc: enc}
		defer cw.finish()
		next.ServeHTTP(cw, r)
	})
}

// compressWriter holds the first bytes until it knows whether to compress.
type compressWriter struct {
	http.ResponseWriter
	enc     Encoding
	status  int
	decided bool
	// eligible: the status, type and headers allow compressing.
	eligible bool
	buf      []byte
	zw       interface {
		io.Writer
		Flush() error
		Close() error
		Reset(io.Writer)
	}
}

func (cw *compressWriter) WriteHeader(code int) {
	if cw.status != 0 || cw.decided {
		return
	}
	if code < 200 { // 1xx: pass through, the final status comes later
		cw.ResponseWriter.WriteHeader(code)
		return
	}
	cw.status = code
	h := cw.Header()
	cw.eligible = h.Get("Content-Encoding") == "" && h.Get("ETag") == "" && compressibleStatus(code) && compressibleType(h.Get("Content-Type"))
	if cw.eligible {
		h.Add("Vary", "Accept-Encoding")
	}
	if !cw.eligible || cw.enc == Identity {
		cw.decide(false)
	}
}

func (cw *compressWriter) Write(b []byte) (int, error) {
	if cw.status == 0 {
		cw.WriteHeader(http.StatusOK)
	}
	if cw.decided {
		if cw.zw != nil {
			return cw.zw.Write(b)
		}
		return cw.ResponseWriter.Write(b)
	}
	cw.buf = append(cw.buf, b...)
	if len(cw.buf) >= MinSize {
		cw.decide(true)
	}
	return len(b), nil
}

// decide writes the header, compressed or not, and any held bytes.
func (cw *compressWriter) decide(compress bool) {
	if cw.decided {
		return
	}
	cw.decided = true
	h := cw.Header()
	if compress {
		h.Del("Content-Length")
		h.Set("Content-Encoding", cw.enc.Token())
		if cw.enc == Brotli {
			bw := brotliPool.Get().(*brotli.Writer)
			bw.Reset(cw.ResponseWriter)
			cw.zw = bw
		} else {
			gw := gzipPool.Get().(*gzip.Writer)
			gw.Reset(cw.ResponseWriter)
			cw.zw = gw
		}
	}
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	cw.ResponseWriter.WriteHeader(cw.status)
	if len(cw.buf) > 0 {
		if cw.zw != nil {
			_, _ = cw.zw.Write(cw.buf)
		} else {
			_, _ = cw.ResponseWriter.Write(cw.buf)
		}
	}
	cw.buf = nil
}

// finish sends what is held and closes the compressor.
func (cw *compressWriter) finish() {
	if cw.status == 0 && len(cw.buf) == 0 {
		return // nothing written: the server sends its own 200
	}
	cw.decide(false) // still held: under MinSize
	if cw.zw == nil {
		return
	}
	_ = cw.zw.Close()
	cw.zw.Reset(io.Discard)
	switch z := cw.zw.(type) {
	case *brotli.Writer:
		brotliPool.Put(z)
	case *gzip.Writer:
		gzipPool.Put(z)
	}
	cw.zw = nil
}

// Flush sends everything so far, through the compressor when there is one.
func (cw *compressWriter) Flush() {
	if cw.status == 0 && len(cw.buf) == 0 {
		cw.WriteHeader(http.StatusOK)
	}
	// A stream that flushes early is compressed when its type allows:
	// later writes will make it worth it.
	cw.decide(cw.eligible && cw.enc != Identity)
	if cw.zw != nil {
		_ = cw.zw.Flush()
	}
	_ = http.NewResponseController(cw.ResponseWriter).Flush()
}

// Hijack passes a connection takeover through (nothing is held then).
func (cw *compressWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(cw.ResponseWriter).Hijack()
}

func (cw *compressWriter) Unwrap() http.ResponseWriter { return cw.ResponseWriter }

func compressibleStatus(code int) bool {
	return code != http.StatusNoContent && code != http.StatusPartialContent && code != http.StatusNotModified
}

// compressibleType is true for text, JSON, XML, JavaScript, SVG and
// calendar bodies; images, archives, fonts and unknown types are left as
// they are.
func compressibleType(ct string) bool {
	ct, _, _ = strings.Cut(strings.ToLower(ct), ";")
	ct = strings.TrimSpace(ct)
	switch {
	case ct == "":
		return false
	case strings.HasPrefix(ct, "text/"):
		return true
	case strings.HasSuffix(ct, "+json"), strings.HasSuffix(ct, "+xml"):
		return true
	}
	switch ct {
	case "application/json", "application/xml", "application/javascript", "image/svg+xml", "application/manifest+json":
		return true
	}
	return false
}
