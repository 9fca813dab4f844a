// Package mailtest runs a real SMTP server for tests: Debian's aiosmtpd
// (apt-get install python3-aiosmtpd), started as a process on 127.0.0.1
// that writes every message it accepts into a Maildir. Without aiosmtpd
// the tests skip, and fail when CI=true.
package mailtest

import (
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// Python is Debian's interpreter, which sees Debian's python3-* packages.
const Python = "/usr/bin/python3"

// Server is a running SMTP server.
type Server struct {
	Addr string // host:port
	dir  string
}

// Message is one accepted email.
type Message struct {
	To, Subject, Body string
	Header            mail.Header
}

// Start starts an SMTP server on a free port and stops it when the test
// ends; args go to aiosmtpd (such as --tlscert and --tlskey for STARTTLS,
// or --smtpscert and --smtpskey for TLS from the start).
func Start(t testing.TB, args ...string) *Server {
	t.Helper()
	if err := exec.Command(Python, "-c", "import aiosmtpd").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("aiosmtpd is missing (apt-get install python3-aiosmtpd): %v", err)
		}
		t.Skip("aiosmtpd is missing: apt-get install python3-aiosmtpd")
	}
	addr := FreeAddr(t)
	dir := filepath.Join(t.TempDir(), "maildir")
	cmd := exec.Command(Python, append(append([]string{"-m", "aiosmtpd", "-n", "-l", addr}, args...), "-c", "aiosmtpd.handlers.Mailbox", dir)...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the SMTP server did not start on %s: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return &Server{Addr: addr, dir: dir}
}

// FreeAddr is a 127.0.0.1 address with a port nothing listens on.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// Messages reads every message accepted so far, oldest first.
func (s *Server) Messages(t testing.TB) []Message {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(s.dir, "new", "*"))
	type dated struct {
		m   Message
		mod time.Time
	}
	var all []dated
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(strings.NewReader(string(b)))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var body io.Reader = msg.Body
		if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			body = quotedprintable.NewReader(body)
		}
		text, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		all = append(all, dated{Message{To: msg.Header.Get("To"), Subject: subject, Body: strings.ReplaceAll(string(text), "\r\n", "\n"), Header: msg.Header}, fi.ModTime()})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].mod.Before(all[j].mod) })
	out := make([]Message, len(all))
	for i, d := range all {
		out[i] = d.m
	}
	return out
}

// Wait waits up to 10 seconds for at least n messages.
func (s *Server) Wait(t testing.TB, n int) []Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if ms := s.Messages(t); len(ms) >= n {
			return ms
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d message(s) arrived, want %d", len(s.Messages(t)), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
