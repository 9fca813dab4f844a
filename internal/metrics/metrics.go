// Package metrics exposes Prometheus metrics: requests and latencies by
// route, votes and feedback, plus the Go runtime.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one registry of supple's metrics.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	votes    *prometheus.CounterVec
	feedback prometheus.Counter
}

// New creates the metrics in a registry of their own.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supple_http_requests_total", Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "supple_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5},
		}, []string{"route"}),
		votes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "supple_votes_total", Help: "Committed article votes by stars.",
		}, []string{"stars"}),
		feedback: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "supple_feedback_total", Help: "Feedback items stored.",
		}),
	}
	for stars := 1; stars <= 5; stars++ {
		m.votes.WithLabelValues(strconv.Itoa(stars))
	}
	m.reg.MustRegister(m.requests, m.duration, m.votes, m.feedback,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Vote counts a committed vote.
func (m *Metrics) Vote(stars int) { m.votes.WithLabelValues(strconv.Itoa(stars)).Inc() }

// Feedback counts a stored feedback item.
func (m *Metrics) Feedback() { m.feedback.Inc() }

// Observe records one finished request.
func (m *Metrics) Observe(route, method string, code int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(code)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}
