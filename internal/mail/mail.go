// Package mail sends supple's few emails (password reset, address
// confirmation) over SMTP with the standard library's net/smtp, from a
// bounded background queue so that a page never waits for, or reveals,
// the mail server.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"
)

// Server is where mail goes: smtp://[user:pass@]host[:port] (STARTTLS
// when the server offers it; port 587 by default) or
// smtps://[user:pass@]host[:port] (TLS from the start; port 465).
type Server struct {
	implicitTLS bool
	host, port  string
	user, pass  string
	from        string // the envelope and From address
	timeout     time.Duration
	tlsConfig   *tls.Config // nil: verify the server's name
}

// Parse reads an SMTP URL and the From address; errors say what is wrong
// without repeating a password.
func Parse(raw, from string) (*Server, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("not a URL; write smtp://user:password@host:587 or smtps://user:password@host:465")
	}
	s := &Server{timeout: 20 * time.Second}
	switch u.Scheme {
	case "smtp":
		s.port = "587"
	case "smtps":
		s.implicitTLS, s.port = true, "465"
	default:
		return nil, fmt.Errorf("the scheme must be smtp:// or smtps://, not %q", u.Scheme)
	}
	if u.Hostname() == "" || u.Opaque != "" {
		return nil, errors.New("no host; write smtp://user:password@host:587")
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("give only the scheme, credentials, host and port (no path or query)")
	}
	s.host = u.Hostname()
	if p := u.Port(); p != "" {
		s.port = p
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	a, err := mail.ParseAddress(from)
	if err != nil || from == "" {
		return nil, fmt.Errorf("the From address %q is not an email address", from)
	}
	s.from = a.Address
	return s, nil
}

// Message is a plain-text email to one person.
type Message struct {
	To      string
	Subject string
	Body    string
}

// format writes the message with its headers, quoted-printable UTF-8.
func (s *Server) format(m Message, now time.Time) ([]byte, error) {
	var b bytes.Buffer
	id := make([]byte, 12)
	if _, err := rand.Read(id); err != nil {
		return nil, err
	}
	domain := s.from[strings.LastIndex(s.from, "@")+1:]
	for _, h := range [][2]string{
		{"From", s.from}, {"To", m.To}, {"Subject", mime.QEncoding.Encode("utf-8", m.Subject)},
		{"Date", now.Format(time.RFC1123Z)}, {"Message-ID", "<" + hex.EncodeToString(id) + "@" + domain + ">"},
		{"MIME-Version", "1.0"}, {"Content-Type", "text/plain; charset=utf-8"}, {"Content-Transfer-Encoding", "quoted-printable"},
		{"Auto-Submitted", "auto-generated"},
	} {
		if strings.ContainsAny(h[1], "\r\n") {
			return nil, fmt.Errorf("mail: header %s holds a line break", h[0])
		}
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Send delivers one message, or returns why it could not.
func (s *Server) Send(ctx context.Context, m Message) error {
	if _, err := mail.ParseAddress(m.To); err != nil {
		return fmt.Errorf("mail: recipient %q: %w", m.To, err)
	}
	data, err := s.format(m, time.Now())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	addr := net.JoinHostPort(s.host, s.port)
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("mail: connect to %s: %w", addr, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	// A cancelled send (the server shutting down) stops waiting at once.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	tlsConfig := s.tlsConfig
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
	}
	if s.implicitTLS {
		tc := tls.Client(conn, tlsConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("mail: TLS with %s: %w", addr, err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return fmt.Errorf("mail: greeting from %s: %w", addr, err)
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return fmt.Errorf("mail: EHLO: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !s.implicitTLS {
		if err := c.StartTLS(tlsConfig); err != nil {
			return fmt.Errorf("mail: STARTTLS with %s: %w", addr, err)
		}
	}
	if s.user != "" {
		// PlainAuth refuses to send the password without TLS, except to
		// localhost.
		if err := c.Auth(smtp.PlainAuth("", s.user, s.pass, s.host)); err != nil {
			return fmt.Errorf("mail: log in to %s: %w", addr, err)
		}
	}
	if err := c.Mail(s.from); err != nil {
		return fmt.Errorf("mail: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(m.To); err != nil {
		return fmt.Errorf("mail: RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: message refused: %w", err)
	}
	return c.Quit()
}

// String names the server without its password, for logs.
func (s *Server) String() string {
	scheme := "smtp"
	if s.implicitTLS {
		scheme = "smtps"
	}
	return scheme + "://" + net.JoinHostPort(s.host, s.port)
}
