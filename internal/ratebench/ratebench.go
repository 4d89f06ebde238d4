// Package ratebench measures how close one default-configured dialpad.Client
// gets to Dialpad's company rate limit without being answered 429: it serves
// GET /api/v2/users/{id} on loopback behind a sliding one-second window, has
// many goroutines share one Client, and reports the rate achieved, the 429s
// and the latency of the calls.
//
// internal/cmd/ratebench is its command; scripts/bench.sh runs it.
package ratebench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// Window admits at most Limit events in any Period: the sliding window a
// server enforcing "20 requests per second" applies. It is safe for
// concurrent use.
type Window struct {
	limit  int
	period time.Duration
	now    func() time.Time

	mu       sync.Mutex
	accepted []time.Time // admitted events still inside the window, oldest first
}

// NewWindow returns a Window admitting limit events per period.
func NewWindow(limit int, period time.Duration) *Window {
	return &Window{limit: limit, period: period, now: time.Now}
}

// Allow admits one event now, or refuses it when the window already holds
// Limit events. Refused events do not count.
func (w *Window) Allow() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.now()
	cut := 0
	for cut < len(w.accepted) && now.Sub(w.accepted[cut]) >= w.period {
		cut++
	}
	w.accepted = w.accepted[cut:]
	if len(w.accepted) >= w.limit {
		return false
	}
	w.accepted = append(w.accepted, now)
	return true
}

// Server is a loopback Dialpad stand-in that answers GET /api/v2/users/{id}
// within the window and 429 (Retry-After: 1) beyond it.
type Server struct {
	// URL is the base URL to hand to dialpad.WithBaseURL.
	URL string

	window   *Window
	srv      *http.Server
	ln       net.Listener
	served   atomic.Int64
	rejected atomic.Int64

	mu       sync.Mutex
	arrivals []time.Time // every request, accepted or not, in arrival order
}

// user is the body every accepted request gets.
const user = `{"id":"5835806903417907","company_id":"4508591728425653","office_id":"6422934115149452",` +
	`"first_name":"Test","last_name":"Bot","display_name":"Test Bot","emails":["bot@example.com"],` +
	`"phone_numbers":["+14155551001"],"license":"talk","state":"active","date_added":"2021-06-20T19:18:00"}`

// NewServer starts a Server on 127.0.0.1 enforcing limit requests per
// second.
func NewServer(limit int) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{URL: "http://" + ln.Addr().String(), window: NewWindow(limit, time.Second), ln: ln}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/users/{id}", s.getUser)
	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.arrivals = append(s.arrivals, time.Now())
	s.mu.Unlock()
	if !s.window.Allow() {
		s.rejected.Add(1)
		body := `{"error":{"code":429,"message":"Rate limit exceeded."}}`
		w.Header().Set("Retry-After", "1")
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, body)
		return
	}
	s.served.Add(1)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(user)))
	_, _ = io.WriteString(w, user)
}

// Served is the number of requests answered 200; Rejected the number
// answered 429.
func (s *Server) Served() int64   { return s.served.Load() }
func (s *Server) Rejected() int64 { return s.rejected.Load() }

// TightestSpan returns the shortest time between request i and request
// i+n among all arrivals, that is how close n+1 requests came to fitting in
// one window (with n = the limit, a span under a second is a 429). ok is
// false with n+1 arrivals or fewer.
func (s *Server) TightestSpan(n int) (span time.Duration, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return tightestSpan(s.arrivals, n)
}

func tightestSpan(times []time.Time, n int) (span time.Duration, ok bool) {
	for i := 0; i+n < len(times); i++ {
		if d := times[i+n].Sub(times[i]); !ok || d < span {
			span, ok = d, true
		}
	}
	return span, ok
}

// departures wraps the client's base transport to note when each attempt
// leaves the SDK (after its limiter waits), so that jitter before the
// socket can be told from jitter after it.
type departures struct {
	base  http.RoundTripper
	mu    sync.Mutex
	times []time.Time
}

func (d *departures) RoundTrip(r *http.Request) (*http.Response, error) {
	d.mu.Lock()
	d.times = append(d.times, time.Now())
	d.mu.Unlock()
	return d.base.RoundTrip(r)
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// Config sets up a Run.
type Config struct {
	Duration time.Duration // how long the workers call (30s)
	Workers  int           // goroutines sharing the one Client (32)
	Limit    int           // the server's limit, requests per second (20)
}

// Result is what a Run measured.
type Result struct {
	Config
	OK        int           // calls that returned a user before the end
	Errors    int           // calls that failed for another reason than the end of the run
	Got429    int64         // 429 answers the server sent (retried or not)
	Rate      float64       // OK per second of Duration
	P50, P99  time.Duration // latency of the OK calls, limiter waits included
	Max       time.Duration
	FirstErr  error // the first of the Errors, if any
	ServerHit int64 // requests the server answered 200
	// TightestSpan is the shortest time the server saw between a request
	// and the Limit-th after it: the margin the pacing kept (under a second
	// means a 429). Jitter between the limiter and the server eats into it.
	TightestSpan time.Duration
	// DepartureSpan is the same measured where attempts leave the SDK for
	// net/http, after the limiter waits.
	DepartureSpan time.Duration
}

// Run starts a Server, makes one Client with the SDK's defaults (only
// WithBaseURL), and has cfg.Workers goroutines call Users.Get on it until
// cfg.Duration has passed.
func Run(ctx context.Context, cfg Config) (_ *Result, err error) {
	if cfg.Duration <= 0 || cfg.Workers <= 0 || cfg.Limit <= 0 {
		return nil, fmt.Errorf("ratebench: need a positive duration, worker count and limit, got %+v", cfg)
	}
	srv, err := NewServer(cfg.Limit)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, srv.Close()) }()
	// The client is configured with WithBaseURL alone; it sends through
	// http.DefaultTransport, which is wrapped here (for the departure times
	// only) while the client is built.
	dep := &departures{base: http.DefaultTransport}
	saved := http.DefaultTransport
	http.DefaultTransport = dep
	client, err := dialpad.NewClient("ratebench-not-a-key", dialpad.WithBaseURL(srv.URL))
	http.DefaultTransport = saved
	if err != nil {
		return nil, err
	}

	// Cancel rather than a deadline: a limiter may refuse at once a wait
	// that would end past a deadline, which would make the workers spin.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := time.AfterFunc(cfg.Duration, cancel)
	defer stop.Stop()

	var (
		mu        sync.Mutex
		latencies []time.Duration
		errs      int
		firstErr  error
		wg        sync.WaitGroup
	)
	for range cfg.Workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				start := time.Now()
				_, err := client.Users.Get(ctx, 5835806903417907)
				d := time.Since(start)
				if err != nil && ctx.Err() != nil {
					return // the run ended during this call
				}
				mu.Lock()
				if err != nil {
					errs++
					if firstErr == nil {
						firstErr = err
					}
				} else {
					latencies = append(latencies, d)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()

	slices.Sort(latencies)
	res := &Result{
		Config:    cfg,
		OK:        len(latencies),
		Errors:    errs,
		FirstErr:  firstErr,
		Got429:    srv.Rejected(),
		ServerHit: srv.Served(),
		Rate:      float64(len(latencies)) / cfg.Duration.Seconds(),
		P50:       percentile(latencies, 0.50),
		P99:       percentile(latencies, 0.99),
	}
	if n := len(latencies); n > 0 {
		res.Max = latencies[n-1]
	}
	res.TightestSpan, _ = srv.TightestSpan(cfg.Limit)
	dep.mu.Lock()
	res.DepartureSpan, _ = tightestSpan(dep.times, cfg.Limit)
	dep.mu.Unlock()
	return res, nil
}

// percentile returns the q-quantile of sorted (nearest rank).
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*q+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
