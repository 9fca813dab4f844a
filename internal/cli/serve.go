package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	netmail "net/mail"
	"net/url"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"supple/internal/mail"
	"supple/internal/server"
	"supple/internal/store"
	"supple/internal/web"
)

func runServe(ctx context.Context, args []string, env Env, io IO) error {
	fs := newFlags("serve", "", io)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dbf := addDBFlags(fs)
	contentDir := fs.String("content", "", "import this folder of Markdown articles at start")
	migrate := fs.Bool("migrate", false, "apply pending database migrations at start (a new database is always set up)")
	baseURL := fs.String("base-url", "", "public URL of the site, for links in feeds and pages (default http://ADDR)")
	trustProxy := fs.Bool("trust-proxy", false, "take the client address from X-Forwarded-For (only behind a proxy you run)")
	voteLimit := fs.Int("vote-limit", 30, "votes a minute from one client network (0: no limit)")
	feedbackLimit := fs.Int("feedback-limit", 6, "feedback items a minute from one client network (0: no limit)")
	planDays := fs.Int("anonymous-plan-days", 90, "delete plans never saved to an account this many days after they were made (0: keep them)")
	drain := fs.Duration("drain", server.DefaultDrain, "on SIGTERM or Ctrl-C, answer new requests with 503 for this long before closing the port (a load balancer's health check interval)")
	follow := fs.String("follow", "", "social profiles offered after a good rating, as Name=URL,Name=URL")
	emergencyNumber := fs.String("emergency-number", web.DefaultEmergencyNumber, "emergency number the emergency page offers to call (digits)")
	country := fs.String("country", "", "ISO country code of the site's users, to show their local emergency number too ("+strings.Join(web.Countries(), ", ")+")")
	signupLimit := fs.Int("signup-limit", 20, "new accounts an hour from one client network (0: no limit)")
	smtpURL := fs.String("smtp-url", "", "SMTP server for password-reset and confirmation email: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465; empty: no email")
	mailFrom := fs.String("mail-from", "", "the From address of email (needed with -smtp-url)")
	verifyEmail := fs.Bool("verify-email", false, "new accounts confirm their email address by a link before they can log in (needs -smtp-url)")
	accessLog := fs.Bool("access-log", true, "log every request")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	memLimit := fs.Int("memory-limit", 32, "soft limit in MiB on the Go runtime's memory, which makes the garbage collector work harder near it (0: none; GOMEMLIMIT, when set, wins)")
	gcPercent := fs.Int("gc-percent", 400, "how much the heap may grow between garbage collections, in percent of the live heap (Go's default is 100); with -memory-limit the collector still works harder near the limit. GOGC, when set, wins")
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if *gcPercent < 1 {
		return usageError("-gc-percent must be 1 or more, got %d", *gcPercent)
	}
	if env("GOGC") == "" {
		prev := debug.SetGCPercent(*gcPercent)
		defer debug.SetGCPercent(prev)
	}
	if *memLimit < 0 {
		return usageError("-memory-limit must be 0 (none) or a number of MiB, got %d", *memLimit)
	}
	if *memLimit > 0 && env("GOMEMLIMIT") == "" {
		prev := debug.SetMemoryLimit(int64(*memLimit) << 20)
		defer debug.SetMemoryLimit(prev)
	}
	if fs.NArg() > 0 {
		return usageError("serve takes no arguments, got %q", fs.Args())
	}
	if _, port, err := net.SplitHostPort(*addr); err != nil || port == "" {
		return usageError("-addr %q: give a host and port such as 127.0.0.1:8080 or :8080", *addr)
	}
	log, err := newLogger(io, *logFormat, *logLevel)
	if err != nil {
		return err
	}
	base, err := parseBaseURL(*baseURL, *addr)
	if err != nil {
		return err
	}
	if d := dbf.database(env); d != "" && !store.IsPostgresURL(d) {
		return usageError("-db %q: give a postgres:// URL, or leave it empty for SQLite", d)
	}
	links, err := parseFollow(*follow)
	if err != nil {
		return err
	}
	if *voteLimit < 0 || *feedbackLimit < 0 || *signupLimit < 0 {
		return usageError("-vote-limit, -feedback-limit and -signup-limit must be 0 or more")
	}
	smtp, err := parseSMTP(*smtpURL, *mailFrom, *verifyEmail)
	if err != nil {
		return err
	}
	if _, err := web.EmergencyNumbers(*emergencyNumber, ""); err != nil {
		return usageError("-emergency-number %q: use 2 to 8 digits, such as 112", *emergencyNumber)
	}
	if _, err := web.EmergencyNumbers(*emergencyNumber, *country); err != nil {
		return usageError("-country %q: use one of %s, or leave it empty and set -emergency-number", *country, strings.Join(web.Countries(), ", "))
	}
	if *drain < 0 || *drain > time.Minute {
		return usageError("-drain %s: give a duration from 0s to 1m, such as 2s", *drain)
	}
	if *planDays < 0 {
		return usageError("-anonymous-plan-days %d: give a number of days, or 0 to keep anonymous plans", *planDays)
	}
	srv, err := server.Open(ctx, server.Config{
		Addr: *addr, DataDir: *dbf.data, Database: dbf.database(env), Migrate: *migrate, ContentDir: *contentDir, BaseURL: base, TrustProxy: *trustProxy,
		VotesPerMinute: *voteLimit, FeedbackPerMinute: *feedbackLimit, Follow: links, AccessLog: *accessLog, Log: log,
		EmergencyNumber: *emergencyNumber, Country: strings.ToUpper(*country),
		AnonymousPlanDays: *planDays, Drain: *drain,
		SignupsPerHour: *signupLimit, SMTP: smtp, ConfirmEmail: *verifyEmail,
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	where, _ := filepath.Abs(*dbf.data)
	if d := dbf.database(env); d != "" {
		where = redactURL(d)
	}
	mailer := "off"
	if smtp != nil {
		mailer = smtp.String() // without the password
	}
	log.Info("supple is ready", "url", "http://"+ln.Addr().String()+"/", "base_url", base.String(), "database", where, "mail", mailer, "version", Version)
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	log.Info("supple stopped")
	return nil
}

// parseSMTP checks the mail flags; with no -smtp-url there is no email.
func parseSMTP(raw, from string, verify bool) (*mail.Server, error) {
	if raw == "" {
		if verify {
			return nil, usageError("-verify-email needs -smtp-url: confirmation links are sent by email")
		}
		return nil, nil
	}
	if from == "" {
		return nil, usageError("-mail-from is needed with -smtp-url: give the From address of email, such as back@clinic.example")
	}
	if a, err := netmail.ParseAddress(from); err != nil || a.Name != "" {
		return nil, usageError("-mail-from %q: give a plain email address such as back@clinic.example", from)
	}
	srv, err := mail.Parse(raw, from)
	if err != nil {
		shown := "(not a URL)"
		if u, perr := url.Parse(raw); perr == nil {
			shown = strconv.Quote(u.Redacted())
		}
		return nil, usageError("-smtp-url %s: %v", shown, err) // shown has no password
	}
	return srv, nil
}

// redactURL hides a database URL's password for logs.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

func newLogger(io IO, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, usageError("-log-level %q: use debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(io.Stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(io.Stderr, opts)), nil
	}
	return nil, usageError("-log-format %q: use text or json", format)
}

func parseBaseURL(raw, addr string) (*url.URL, error) {
	if raw == "" {
		host := addr
		if strings.HasPrefix(host, ":") {
			host = "localhost" + host
		}
		raw = "http://" + host + "/"
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageError("-base-url %q: give an absolute http or https URL such as https://example.org/", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

func parseFollow(s string) ([]web.Link, error) {
	var out []web.Link
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, link, ok := strings.Cut(part, "=")
		u, err := url.Parse(strings.TrimSpace(link))
		if !ok || strings.TrimSpace(name) == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, usageError("-follow %q: write each profile as Name=https://...", part)
		}
		out = append(out, web.Link{Name: strings.TrimSpace(name), URL: u.String()})
	}
	return out, nil
}
