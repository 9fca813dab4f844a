// Package coalesce lets a handler send a response's header and body in one
// system call.
//
// net/http writes an HTTP/1.x response through a 4 KB buffer. When the
// body is larger, the response leaves in two writes: the buffer (the header
// and the start of the body), then the rest of the body. On a loopback or
// LAN connection each write(2) costs about as much as the handler of a
// cached page, so a page of 12 KB takes twice the system calls nginx's one
// writev(2) does.
//
// A connection from Listener, while Hold holds it, keeps writes of up to
// holdMax bytes back (as a copy) and sends them with the next write in a
// single writev(2); the release function Hold returns sends whatever is
// still held. Only hold while a handler writes a response it has whole (a
// cached page): a held write that no later write follows waits for the
// release, so holding a streamed response would delay what it flushes.
package coalesce

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
)

// holdMax is the most a held connection keeps back: net/http's 4 KB
// buffer, and a little for the small writes around it.
const holdMax = 8 << 10

// Listener returns l whose connections can be held.
func Listener(l net.Listener) net.Listener { return listener{l} }

type listener struct{ net.Listener }

func (l listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &Conn{Conn: c}, nil
}

// Conn is a connection whose writes can be held back and joined. Its
// methods other than Write are the underlying connection's; Write, Hold
// and the release are called by the one goroutine that serves the
// connection's request, as net/http does for HTTP/1.x.
type Conn struct {
	net.Conn
	held    bool
	pending *[]byte // the held bytes, a copy (the caller may reuse its slice)
}

var pendingBuffers = sync.Pool{New: func() any { b := make([]byte, 0, holdMax); return &b }}

// Write sends p, or while the connection is held keeps it back when it
// fits, or sends the held bytes and p together.
func (c *Conn) Write(p []byte) (int, error) {
	if !c.held {
		return c.Conn.Write(p)
	}
	buf := *c.pending
	if len(buf)+len(p) <= holdMax {
		*c.pending = append(buf, p...)
		return len(p), nil
	}
	if len(buf) == 0 {
		return c.Conn.Write(p)
	}
	bufs := net.Buffers{buf, p}
	n, err := bufs.WriteTo(c.Conn) // writev(2) on a TCP connection
	*c.pending = buf[:0]
	if n -= int64(len(buf)); n < 0 {
		n = 0
	}
	return int(n), err
}

// ReadFrom lets net/http send a file with sendfile(2) through the
// connection, as it does on a plain TCP connection.
func (c *Conn) ReadFrom(r io.Reader) (int64, error) {
	if err := c.flush(); err != nil {
		return 0, err
	}
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}

// CloseWrite shuts the sending side, as net/http does before it closes a
// connection whose request it refused.
func (c *Conn) CloseWrite() error {
	if err := c.flush(); err != nil {
		return err
	}
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// flush sends the held bytes.
func (c *Conn) flush() error {
	if c.pending == nil || len(*c.pending) == 0 {
		return nil
	}
	buf := *c.pending
	*c.pending = buf[:0]
	_, err := c.Conn.Write(buf)
	return err
}

type connKey struct{}

// ConnContext is for http.Server.ConnContext: it makes a connection from
// Listener known to Hold.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	if cc, ok := c.(*Conn); ok {
		return context.WithValue(ctx, connKey{}, cc)
	}
	return ctx
}

// Hold holds r's connection until the returned function is called, which
// sends what is still held. Without a connection from Listener (a test's
// recorder, HTTP/2, a hijacked or nested hold) both do nothing.
func Hold(r *http.Request) (release func()) {
	c, _ := r.Context().Value(connKey{}).(*Conn)
	if c == nil || r.ProtoMajor != 1 || c.held {
		return func() {}
	}
	c.held = true
	c.pending = pendingBuffers.Get().(*[]byte)
	return func() {
		// An error here is the connection's: net/http meets it on its
		// next read or write and closes the connection.
		_ = c.flush()
		c.held = false
		pendingBuffers.Put(c.pending)
		c.pending = nil
	}
}
