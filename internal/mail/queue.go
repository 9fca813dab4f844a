package mail

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Job prepares one message in the background: it may look up an account
// and make a link, and returns nil when there is nothing to send (an
// address with no account). Running it in the background keeps the work
// out of the response time, so that timing does not tell whether an
// address has an account.
type Job func(ctx context.Context) (*Message, error)

// Sender delivers a message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Queue runs jobs one at a time from a bounded buffer. A full queue drops
// the job (and logs it); a failed send is logged; nothing waits on it.
type Queue struct {
	sender  Sender
	log     *slog.Logger
	jobs    chan Job
	closing chan struct{}
	ctx     context.Context
	stop    context.CancelFunc
	wg      sync.WaitGroup
	once    sync.Once
}

// NewQueue starts a queue of size jobs in front of sender.
func NewQueue(sender Sender, size int, log *slog.Logger) *Queue {
	ctx, cancel := context.WithCancel(context.Background())
	q := &Queue{sender: sender, log: log, jobs: make(chan Job, size), closing: make(chan struct{}), ctx: ctx, stop: cancel}
	q.wg.Add(1)
	go q.run()
	return q
}

// Enqueue adds a job someone asked for (a reset or confirmation link);
// false when the queue is full or closed.
func (q *Queue) Enqueue(j Job) bool { return q.enqueue(j, 0) }

// EnqueueUnasked adds a job nobody asked for by name (the mail a sign-up
// sends), only while more than a quarter of the queue is free: a flood of
// sign-ups cannot crowd out the links people ask for.
func (q *Queue) EnqueueUnasked(j Job) bool { return q.enqueue(j, cap(q.jobs)/4) }

func (q *Queue) enqueue(j Job, keepFree int) bool {
	if keepFree > 0 && cap(q.jobs)-len(q.jobs) <= keepFree {
		q.log.Warn("mail queue nearly full; sign-up message dropped")
		return false
	}
	select {
	case <-q.closing:
		return false
	default:
	}
	select {
	case q.jobs <- j:
		return true
	default:
		q.log.Warn("mail queue full; message dropped")
		return false
	}
}

func (q *Queue) run() {
	defer q.wg.Done()
	for {
		select {
		case j := <-q.jobs:
			q.do(j)
		case <-q.closing:
			// Send what is queued until Close's time is up.
			for q.ctx.Err() == nil {
				select {
				case j := <-q.jobs:
					q.do(j)
				default:
					return
				}
			}
			return
		}
	}
}

func (q *Queue) do(j Job) {
	ctx, cancel := context.WithTimeout(q.ctx, time.Minute)
	defer cancel()
	m, err := j(ctx)
	if err != nil {
		q.log.Error("mail not prepared", "err", err)
		return
	}
	if m == nil {
		return
	}
	if err := q.sender.Send(ctx, *m); err != nil {
		q.log.Error("mail not sent", "err", err)
		return
	}
	q.log.Info("mail sent", "subject", m.Subject)
}

// Close takes no more jobs, sends what is queued for up to wait (then
// cancels the send in progress), and stops.
func (q *Queue) Close(wait time.Duration) {
	q.once.Do(func() {
		close(q.closing)
		timer := time.AfterFunc(wait, q.stop)
		q.wg.Wait()
		timer.Stop()
		q.stop()
	})
}
