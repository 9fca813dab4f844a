package mail_test

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"supple/internal/mail"
	"supple/internal/mailtest"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct{ url, from, want string }{
		{"smtp://user:pass@mail.example:587", "back@clinic.example", ""},
		{"smtps://mail.example", "back@clinic.example", ""},
		{"smtp://127.0.0.1:2525", "back@clinic.example", ""},
		{"http://mail.example", "back@clinic.example", "scheme must be smtp:// or smtps://"},
		{"mail.example:587", "back@clinic.example", "scheme"},
		{"smtp://", "back@clinic.example", "no host"},
		{"smtp:mail.example", "back@clinic.example", "no host"},
		{"smtp://mail.example/inbox", "back@clinic.example", "no path or query"},
		{"smtp://mail.example?x=1", "back@clinic.example", "no path or query"},
		{"smtp://u:p@mail.example:587", "not an address", "From address"},
		{"smtp://u:secret%zz@mail.example", "back@clinic.example", "not a URL"},
	} {
		_, err := mail.Parse(tt.url, tt.from)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v", tt.url, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: %v, want %q", tt.url, err, tt.want)
		case err != nil && strings.Contains(err.Error(), "secret"):
			t.Errorf("%q: the error repeats the password: %v", tt.url, err)
		}
	}
}

// A message goes through a real SMTP server and arrives readable, with
// non-ASCII text intact.
func TestSendThroughARealServer(t *testing.T) {
	smtpd := mailtest.Start(t)
	srv, err := mail.Parse("smtp://"+smtpd.Addr, "back@clinic.example")
	if err != nil {
		t.Fatal(err)
	}
	body := "Hello Zoë,\n\nA line long enough to be wrapped by quoted-printable encoding, which breaks lines at 76 characters: https://back.example/reset?token=abcdefghijklmnopqrstuvwxyz0123456789\n"
	if err := srv.Send(context.Background(), mail.Message{To: "ann@example.org", Subject: "Set a new password for Zoë's site", Body: body}); err != nil {
		t.Fatal(err)
	}
	got := smtpd.Wait(t, 1)[0]
	if got.To != "ann@example.org" || got.Subject != "Set a new password for Zoë's site" || got.Body != strings.ReplaceAll(body, "\r\n", "\n") ||
		got.Header.Get("From") != "back@clinic.example" || got.Header.Get("Message-Id") == "" {
		t.Errorf("received %+v", got)
	}
	if err := srv.Send(context.Background(), mail.Message{To: "ann@example.org\r\nBcc: x@evil.example", Subject: "x", Body: "x"}); err == nil {
		t.Error("a recipient with a line break was accepted")
	}
}

// With the server down, the queue logs the failure and carries on.
func TestQueueSurvivesAServerThatIsDown(t *testing.T) {
	srv, err := mail.Parse("smtp://"+mailtest.FreeAddr(t), "back@clinic.example")
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	q := mail.NewQueue(srv, 2, slog.New(slog.NewTextHandler(&syncWriter{b: &logs}, nil)))
	for range 5 {
		q.Enqueue(func(context.Context) (*mail.Message, error) {
			return &mail.Message{To: "ann@example.org", Subject: "x", Body: "x"}, nil
		})
	}
	q.Close(10 * time.Second)
	if !strings.Contains(logs.String(), "mail not sent") {
		t.Errorf("the failure was not logged: %q", logs.String())
	}
	if q.Enqueue(func(context.Context) (*mail.Message, error) { return nil, nil }) {
		t.Error("a closed queue took a job")
	}
}

// Close does not hang on a server that accepts and never answers: the
// send in progress is cancelled when the wait is over.
func TestCloseCancelsAHangingSend(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, silent
		}
	}()
	srv, err := mail.Parse("smtp://"+ln.Addr().String(), "back@clinic.example")
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	q := mail.NewQueue(srv, 4, slog.New(slog.NewTextHandler(&syncWriter{b: &logs}, nil)))
	q.Enqueue(func(context.Context) (*mail.Message, error) {
		return &mail.Message{To: "ann@example.org", Subject: "x", Body: "x"}, nil
	})
	done := make(chan struct{})
	go func() {
		q.Close(200 * time.Millisecond)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second): // the send's own timeout is 20 s
		t.Fatal("Close hung on a silent server")
	}
	if !strings.Contains(logs.String(), "mail not sent") {
		t.Errorf("the cancelled send was not logged: %q", logs.String())
	}
}

// Mail nobody asked for (sign-up's) leaves a quarter of the queue to the
// links people ask for, so a sign-up flood cannot crowd out reset mail
// (review finding 8).
func TestUnaskedMailLeavesRoomForAskedMail(t *testing.T) {
	srv, err := mail.Parse("smtp://"+mailtest.FreeAddr(t), "back@clinic.example")
	if err != nil {
		t.Fatal(err)
	}
	q := mail.NewQueue(srv, 8, slog.New(slog.DiscardHandler))
	started, release := make(chan struct{}), make(chan struct{})
	q.Enqueue(func(context.Context) (*mail.Message, error) { close(started); <-release; return nil, nil })
	<-started // the worker holds this job; the buffer of 8 is empty
	nothing := func(context.Context) (*mail.Message, error) { return nil, nil }
	unasked := 0
	for q.EnqueueUnasked(nothing) {
		unasked++
	}
	asked := 0
	for q.Enqueue(nothing) {
		asked++
	}
	close(release)
	q.Close(5 * time.Second)
	if unasked != 6 || asked != 2 {
		t.Errorf("queue of 8 took %d unasked and then %d asked jobs, want 6 and 2", unasked, asked)
	}
}
