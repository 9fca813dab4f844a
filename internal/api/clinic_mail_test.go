package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"supple/internal/mail"
	"supple/internal/mailtest"
	"supple/internal/server"
	"supple/internal/servertest"
)

// With SMTP configured, a note tells the other side of the link by
// email, without the note itself (it may hold health details).
func TestClinicNoteEmails(t *testing.T) {
	t.Parallel()
	smtpd := mailtest.Start(t)
	srv, err := mail.Parse("smtp://"+smtpd.Addr, "back@clinic.example")
	if err != nil {
		t.Fatal(err)
	}
	h := servertest.New(t, func(c *server.Config) { c.SMTP = srv })
	doc := h.Clinician("doc@example.org", "Dr Ada Rowe")
	ann := h.Member("ann@example.org", servertest.WithToken())
	l := link(t, doc, ann)
	if r := doc.Call("POST", fmt.Sprintf("/api/v1/clinic/patients/%d/notes", l.ID), "application/json", `{"body": "Your disc scan is fine"}`); r.StatusCode != http.StatusCreated {
		t.Fatalf("note: %d %s", r.StatusCode, r.Body)
	}
	if r := ann.Call("POST", fmt.Sprintf("/api/v1/me/clinicians/%d/notes", l.ID), "application/json", `{"body": "Thanks, my knee hurts"}`); r.StatusCode != http.StatusCreated {
		t.Fatalf("reply: %d %s", r.StatusCode, r.Body)
	}
	msgs := smtpd.Wait(t, 2)
	got := map[string]string{}
	for _, m := range msgs {
		got[m.To] = m.Subject
		if strings.Contains(m.Body, "disc scan") || strings.Contains(m.Body, "knee") {
			t.Errorf("the email to %s holds the note: %q", m.To, m.Body)
		}
	}
	if got["ann@example.org"] != "A note from Dr Ada Rowe" || got["doc@example.org"] != "A note from your patient ann@example.org" {
		t.Errorf("emails: %v", got)
	}
}
