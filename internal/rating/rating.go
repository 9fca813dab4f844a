// Package rating records "was this useful?" votes and feedback. Votes are
// group-committed by one writer: each vote a reader sees acknowledged is
// durable, and the totals shown are the committed ones.
package rating

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"supple/internal/store"
	"supple/internal/validate"
)

// MaxFeedback is the longest feedback text, in characters.
const MaxFeedback = 2000

// maxBatch is the most votes one transaction commits.
const maxBatch = 512

// ErrLimited means the client has acted too often; try again later.
var ErrLimited = errors.New("we have received many ratings from your network in the last minute; please wait a minute and try again")

// ErrFeedbackLimited means the client has sent too much feedback lately.
var ErrFeedbackLimited = errors.New("we have received a lot of feedback from your network in the last minute; please wait a minute and try again")

// ErrClosed means the service is shutting down.
var ErrClosed = errors.New("rating: service is shutting down")

// Summary is what readers see of an article's ratings.
type Summary struct {
	Average float64 `json:"average"` // one decimal; 0 with no votes
	Count   int     `json:"count"`
	Dist    [5]int  `json:"distribution"` // 1 star first
}

func summarize(t store.Totals) Summary {
	s := Summary{Count: t.Votes, Dist: t.Dist}
	if t.Votes > 0 {
		s.Average = math.Round(float64(t.Sum)/float64(t.Votes)*10) / 10
	}
	return s
}

// Hooks are told of committed votes and feedback (for metrics).
type Hooks struct {
	Voted      func(stars int)
	FeedbackIn func()
}

// Config configures a Service.
type Config struct {
	VotesPerMinute    int // per client network; 0 = unlimited
	FeedbackPerMinute int
	Now               func() time.Time
	Log               *slog.Logger
	Hooks             Hooks
}

// Service records votes and feedback.
type Service struct {
	db        *store.DB
	now       func() time.Time
	log       *slog.Logger
	hooks     Hooks
	votes     Limiter
	feedbacks Limiter

	mu     sync.RWMutex
	totals map[int64]store.Totals

	reqs      chan *voteReq
	closeOnce sync.Once
	closing   chan struct{}
	done      chan struct{}
}

type voteReq struct {
	vote  store.Vote
	reply chan voteReply
}

type voteReply struct {
	totals store.Totals
	err    error
}

// New loads the committed totals and starts the vote writer.
func New(ctx context.Context, db *store.DB, cfg Config) (*Service, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	totals, err := db.AllTotals(ctx)
	if err != nil {
		return nil, fmt.Errorf("rating: %w", err)
	}
	s := &Service{
		db: db, now: cfg.Now, log: cfg.Log, hooks: cfg.Hooks,
		votes: NewLimiter(cfg.VotesPerMinute), feedbacks: NewLimiter(cfg.FeedbackPerMinute),
		totals: totals, reqs: make(chan *voteReq, 4096), closing: make(chan struct{}), done: make(chan struct{}),
	}
	if db.Shared() {
		// Several instances may share the database: count in it.
		s.votes = NewSharedLimiter(db, "votes", cfg.VotesPerMinute, cfg.Log)
		s.feedbacks = NewSharedLimiter(db, "feedback", cfg.FeedbackPerMinute, cfg.Log)
	}
	go s.writer()
	return s, nil
}

// Close stops the writer after it has committed every vote handed to it.
func (s *Service) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	<-s.done
}

// Summary returns an article's committed ratings.
func (s *Service) Summary(articleID int64) Summary {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return summarize(s.totals[articleID])
}

// Refresh reloads the totals from the store (after another instance or
// tool changed them).
func (s *Service) Refresh(ctx context.Context) error {
	totals, err := s.db.AllTotals(ctx)
	if err != nil {
		return fmt.Errorf("rating: refresh: %w", err)
	}
	s.mu.Lock()
	s.totals = totals
	s.mu.Unlock()
	return nil
}

// RefreshArticle reloads one article's totals from the store (another
// instance committed a vote on it).
func (s *Service) RefreshArticle(ctx context.Context, articleID int64) error {
	t, err := s.db.TotalsOf(ctx, articleID)
	if err != nil {
		return fmt.Errorf("rating: refresh: %w", err)
	}
	s.mu.Lock()
	s.totals[articleID] = t
	s.mu.Unlock()
	return nil
}

// VoterKey turns a reader id into the key stored with votes.
func VoterKey(readerID string) string { return hashHex(readerID)[:32] }

// StarsOf returns the reader's current vote on an article (0: none).
func (s *Service) StarsOf(ctx context.Context, articleID int64, readerID string) (int, error) {
	return s.db.VoteOf(ctx, articleID, VoterKey(readerID))
}

// Vote records a reader's stars for an article, replacing an earlier
// vote by the same reader, and returns the committed summary.
func (s *Service) Vote(ctx context.Context, articleID int64, revision int, readerID, client string, stars int) (Summary, error) {
	if stars < 1 || stars > 5 {
		var e validate.Errors
		e.Add("stars", "Choose from 1 to 5 stars")
		return Summary{}, e
	}
	if !s.votes.Allow(client, s.now()) {
		return Summary{}, ErrLimited
	}
	req := &voteReq{
		vote:  store.Vote{ArticleID: articleID, VoterKey: VoterKey(readerID), Stars: stars, Revision: revision},
		reply: make(chan voteReply, 1),
	}
	select {
	case s.reqs <- req:
	case <-s.closing:
		return Summary{}, ErrClosed
	case <-ctx.Done():
		return Summary{}, ctx.Err()
	}
	// Once queued, the vote is committed or fails as a whole batch; wait
	// for that answer even if the client goes away.
	var rep voteReply
	select {
	case rep = <-req.reply:
	case <-s.done:
		select {
		case rep = <-req.reply:
		default:
			return Summary{}, ErrClosed
		}
	}
	if rep.err != nil {
		return Summary{}, rep.err
	}
	if s.hooks.Voted != nil {
		s.hooks.Voted(stars)
	}
	return summarize(rep.totals), nil
}

func (s *Service) writer() {
	defer close(s.done)
	batch := make([]*voteReq, 0, maxBatch)
	for {
		batch = batch[:0]
		select {
		case r := <-s.reqs:
			batch = append(batch, r)
		case <-s.closing:
			// Commit whatever is queued, then stop.
			for {
				select {
				case r := <-s.reqs:
					s.commit(append(batch[:0], r))
				default:
					return
				}
			}
		}
	fill:
		for len(batch) < maxBatch {
			select {
			case r := <-s.reqs:
				batch = append(batch, r)
			default:
				break fill
			}
		}
		s.commit(batch)
	}
}

func (s *Service) commit(batch []*voteReq) {
	votes := make([]store.Vote, len(batch))
	for i, r := range batch {
		votes[i] = r.vote
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := s.db.ApplyVotes(ctx, s.now(), votes)
	if err != nil {
		s.log.Error("votes not committed", "votes", len(batch), "err", err)
		for _, r := range batch {
			r.reply <- voteReply{err: fmt.Errorf("rating: vote not saved: %w", err)}
		}
		return
	}
	s.mu.Lock()
	for _, r := range res {
		s.totals[r.ArticleID] = r.Totals
	}
	s.mu.Unlock()
	for i, r := range batch {
		r.reply <- voteReply{totals: res[i].Totals}
	}
}

// FeedbackInput is what a reader sends about an article.
type FeedbackInput struct {
	ArticleID int64
	Revision  int
	Stars     int // 0 when not given
	Section   string
	Text      string
	Sections  []string // the article's section ids; Section must be one or empty
}

// CheckFeedback validates feedback without storing it.
func CheckFeedback(in FeedbackInput) (FeedbackInput, error) {
	var e validate.Errors
	in.Text = strings.TrimSpace(in.Text)
	switch n := utf8.RuneCountInString(in.Text); {
	case n == 0:
		e.Add("text", "Please write a few words about how we can improve the article")
	case n > MaxFeedback:
		e.Add("text", fmt.Sprintf("Please keep feedback to %d characters (yours has %d)", MaxFeedback, n))
	default:
		validate.Text(&e, "text", in.Text, 0, true)
	}
	if in.Stars < 0 || in.Stars > 5 {
		e.Add("stars", "Stars must be from 1 to 5")
	}
	if in.Section != "" {
		found := false
		for _, s := range in.Sections {
			found = found || s == in.Section
		}
		if !found {
			e.Add("section", "Choose a section from the article's table of contents")
		}
	}
	return in, e.Err()
}

// Feedback validates and stores feedback.
func (s *Service) Feedback(ctx context.Context, in FeedbackInput, client string) (int64, error) {
	in, err := CheckFeedback(in)
	if err != nil {
		return 0, err
	}
	if !s.feedbacks.Allow(client, s.now()) {
		return 0, ErrFeedbackLimited
	}
	id, err := s.db.AddFeedback(ctx, store.Feedback{
		ArticleID: in.ArticleID, Revision: in.Revision, Stars: in.Stars, Section: in.Section, Text: in.Text, CreatedAt: s.now(),
	})
	if err != nil {
		return 0, fmt.Errorf("rating: %w", err)
	}
	if s.hooks.FeedbackIn != nil {
		s.hooks.FeedbackIn()
	}
	return id, nil
}
