// Package server assembles supple: it opens and migrates the database,
// imports content, starts the services and serves the pages and the API
// with their middleware.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"supple/content"
	"supple/internal/account"
	"supple/internal/api"
	"supple/internal/article"
	"supple/internal/clinic"
	"supple/internal/coach"
	"supple/internal/coalesce"
	"supple/internal/delivery"
	"supple/internal/editorial"
	"supple/internal/httpx"
	"supple/internal/mail"
	"supple/internal/metrics"
	"supple/internal/plans"
	"supple/internal/progress"
	"supple/internal/rating"
	"supple/internal/store"
	"supple/internal/web"
)

// ErrBehind means the database needs migrations this binary will not
// apply on its own.
var ErrBehind = errors.New("database schema is behind")

// Config configures a server.
type Config struct {
	Addr              string
	DataDir           string
	Database          string // a postgres:// URL, or "" for SQLite in DataDir
	ContentDir        string // imported at start when set
	Migrate           bool   // apply pending migrations to an existing database
	BaseURL           *url.URL
	TrustProxy        bool
	VotesPerMinute    int
	FeedbackPerMinute int
	Follow            []web.Link
	EmergencyNumber   string // offered on the emergency page (default 112)
	Country           string // ISO code: the page adds that country's local numbers
	AccessLog         bool
	Log               *slog.Logger
	Now               func() time.Time
	Sleep             func(time.Duration) // delays failed logins; tests pass a no-op
	// AnonymousPlanDays: plans never saved to an account are deleted this
	// many days after they were made (0: kept for ever).
	AnonymousPlanDays int
	// Drain is how long a stopping server answers new requests with 503
	// before it closes its port (supple serve: DefaultDrain).
	Drain          time.Duration
	SignupsPerHour int          // new accounts an hour from one client network (0: no limit)
	SMTP           *mail.Server // where reset and confirmation links go; nil: no email
	ConfirmEmail   bool         // new accounts confirm their address by email (needs SMTP)
	// Library is the exercise library (nil: the embedded one); tests
	// pass a changed one to see a library update reach stored plans.
	Library *coach.Library
}

// Server is a running supple instance.
type Server struct {
	cfg      Config
	DB       *store.DB
	Catalog  *article.Catalog
	Ratings  *rating.Service
	Plans    *plans.Service
	Progress *progress.Service
	Accounts *account.Service
	Clinic   *clinic.Service
	Mail     *mail.Queue
	Metrics  *metrics.Metrics
	Handler  http.Handler

	patterns   []string
	stopListen context.CancelFunc
	listening  chan struct{}
}

// Open prepares everything the server needs, importing the bundled
// articles into an empty database.
func Open(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	db, err := store.Open(ctx, cfg.Database, cfg.DataDir, store.Options{})
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, DB: db, Metrics: metrics.New()}
	if err := s.init(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Server) init(ctx context.Context) error {
	cfg := s.cfg
	applied, pending, err := s.DB.Pending(ctx)
	if err != nil {
		return err
	}
	// A new, empty database is set up at once; one that is behind is only
	// migrated when asked, so that an operator chooses when it happens.
	if pending > 0 && applied > 0 && !cfg.Migrate {
		return fmt.Errorf("%w: the database schema is %d migration(s) behind this version of supple; run 'supple migrate up' (after a backup) or start with -migrate", ErrBehind, pending)
	}
	if pending > 0 {
		n, err := s.DB.Migrate(ctx, nil)
		if err != nil {
			return err
		}
		cfg.Log.Info("database migrated", "applied", n)
	}
	count, err := s.DB.ArticleCount(ctx)
	if err != nil {
		return err
	}
	if count == 0 {
		if err := s.importFS(ctx, content.FS, ".", "bundled articles"); err != nil {
			return err
		}
	}
	if cfg.ContentDir != "" {
		if err := s.importFS(ctx, os.DirFS(cfg.ContentDir), ".", cfg.ContentDir); err != nil {
			return err
		}
	}
	if s.Catalog, err = article.NewCatalog(ctx, s.DB, cfg.Log); err != nil {
		return err
	}
	secretHex, err := s.DB.SettingOrInit(ctx, "client_key_secret", func() string {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		return hex.EncodeToString(b)
	})
	if err != nil {
		return err
	}
	secret, err := hex.DecodeString(secretHex)
	if err != nil {
		return fmt.Errorf("server: client key secret: %w", err)
	}
	s.Ratings, err = rating.New(ctx, s.DB, rating.Config{
		VotesPerMinute: cfg.VotesPerMinute, FeedbackPerMinute: cfg.FeedbackPerMinute, Now: cfg.Now, Log: cfg.Log,
		Hooks: rating.Hooks{Voted: s.Metrics.Vote, FeedbackIn: s.Metrics.Feedback},
	})
	if err != nil {
		return err
	}
	lib := cfg.Library
	if lib == nil {
		if lib, err = coach.LoadLibrary(); err != nil {
			return err
		}
	}
	s.Plans = plans.New(s.DB, lib, cfg.Now)
	if err := s.Plans.Sync(ctx); err != nil {
		return err
	}
	s.Progress = progress.New(s.DB, s.Plans, cfg.Now)
	if cfg.ConfirmEmail && cfg.SMTP == nil {
		return errors.New("server: confirming email addresses needs an SMTP server")
	}
	s.Accounts = account.New(s.DB, cfg.Now, cfg.Sleep, cfg.Log).WithPolicy(account.Policy{
		SignupsPerHour: cfg.SignupsPerHour, ConfirmEmail: cfg.ConfirmEmail})
	if cfg.SMTP != nil {
		s.Mail = mail.NewQueue(cfg.SMTP, 256, cfg.Log)
	}
	s.Clinic = clinic.New(s.DB, s.Plans, s.Progress, cfg.Now)
	s.Plans.UsePrescriptions(s.Clinic) // a linked clinician's prescriptions are plan inputs
	if s.Mail != nil {
		s.Clinic.WithNotify(s.mailNote)
	}
	site, err := web.New(web.Config{BaseURL: cfg.BaseURL, Follow: cfg.Follow, TrustProxy: cfg.TrustProxy, Secret: secret,
		EmergencyNumber: cfg.EmergencyNumber, Country: cfg.Country, AnonymousPlanDays: cfg.AnonymousPlanDays},
		web.Deps{Desk: editorial.New(s.DB, s.Catalog, cfg.Now), Catalog: s.Catalog, Ratings: s.Ratings, Plans: s.Plans, Progress: s.Progress, Accounts: s.Accounts, Clinic: s.Clinic, Mail: s.Mail, Log: cfg.Log, Now: cfg.Now})
	if err != nil {
		return err
	}
	if s.DB.Shared() {
		s.listen()
	}
	mux := http.NewServeMux()
	site.Routes(mux)
	s.patterns = append(site.Patterns(), api.Patterns()...)
	api.New(api.Config{BaseURL: cfg.BaseURL, TrustProxy: cfg.TrustProxy, Secret: secret}, s.Catalog, s.Ratings, s.Plans, s.Progress,
		s.Accounts, cfg.Log).WithClinic(s.Clinic).Routes(mux)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", s.Metrics.Handler())
	limits := site.Limits()
	maps.Copy(limits, api.Limits())
	// Order, outermost first: recover, log and metrics, security headers,
	// compression on the fly, cross-origin protection, the route's body
	// limit, session (and its form token), routes (the API checks bearer
	// tokens itself).
	s.Handler = recoverPanics(cfg.Log, observe(cfg.Log, s.Metrics, cfg.AccessLog,
		securityHeaders(cfg.BaseURL.Scheme == "https", delivery.Compress(crossOrigin(
			httpx.LimitBodies(mux, limits, site.Sessions(mux)))))))
	return nil
}

func (s *Server) importFS(ctx context.Context, fsys fs.FS, root, name string) error {
	rep, err := article.Import(ctx, s.DB, fsys, root, s.cfg.Now(), nil)
	if err != nil {
		return fmt.Errorf("server: import %s: %w", name, err)
	}
	for _, f := range rep.Failed {
		s.cfg.Log.Warn("article not imported", "file", f.File, "line", f.Line, "reason", f.Reason)
	}
	s.cfg.Log.Info("articles imported", "from", name, "created", rep.Created, "updated", rep.Updated,
		"unchanged", rep.Unchanged, "failed", len(rep.Failed))
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := s.DB.ArticleCount(ctx); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// Close stops the services and closes the database.
func (s *Server) Close() error {
	if s.stopListen != nil {
		s.stopListen()
		<-s.listening
	}
	if s.Ratings != nil {
		s.Ratings.Close()
	}
	if s.Mail != nil {
		s.Mail.Close(5 * time.Second)
	}
	return s.DB.Close()
}

// listen keeps this instance's caches in step with other instances that
// share a PostgreSQL database: votes refresh an article's totals (and so
// its cached page), article changes reload the catalog.
func (s *Server) listen() {
	ctx, cancel := context.WithCancel(context.Background())
	s.stopListen, s.listening = cancel, make(chan struct{})
	ready := make(chan struct{})
	go func() {
		defer close(s.listening)
		s.DB.Listen(ctx, s.cfg.Log, ready, func(channel, payload string) {
			var err error
			switch channel {
			case store.ChannelVotes:
				var id int64
				if _, err = fmt.Sscan(payload, &id); err == nil {
					err = s.Ratings.RefreshArticle(ctx, id)
				}
			case store.ChannelArticles:
				err = s.Catalog.Reload(ctx)
			default: // reconnected: anything may have changed
				err = errors.Join(s.Catalog.Reload(ctx), s.Ratings.Refresh(ctx))
			}
			if err != nil && ctx.Err() == nil {
				s.cfg.Log.Error("refresh after a change notification failed", "channel", channel, "err", err)
			}
		})
	}()
	// Serve only once changes from other instances are heard.
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		s.cfg.Log.Warn("change notifications are not connected yet; caches refresh once they are")
	}
}

// Patterns lists every route of the site and the API as "METHOD /path".
func (s *Server) Patterns() []string { return s.patterns }

// HTTPServer returns an http.Server with supple's timeouts.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Addr:              s.cfg.Addr,
		Handler:           s.Handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(s.cfg.Log.Handler(), slog.LevelWarn),
		// Cached pages send header and body in one write on connections
		// from Listen (coalesce).
		ConnContext: coalesce.ConnContext,
	}
}

// Listen wraps ln for HTTPServer: its connections let a cached page's
// header and body leave in one system call (see package coalesce).
func Listen(ln net.Listener) net.Listener { return coalesce.Listener(ln) }

// mailNote queues the email that tells one side of a clinic link of a
// new note; a full queue is logged by the queue.
func (s *Server) mailNote(_ context.Context, to, subject, body string) error {
	if to == "" {
		return nil
	}
	s.Mail.Enqueue(func(context.Context) (*mail.Message, error) {
		return &mail.Message{To: to, Subject: subject, Body: body}, nil
	})
	return nil
}
