package dialpad

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter paces requests. Wait blocks until one more request may be sent, or
// returns an error (normally the context's) if it must not be sent at all.
//
// *rate.Limiter from golang.org/x/time/rate satisfies it. Implement it over a
// shared store (see contrib/redislimit) when several processes spend one
// company budget.
type Limiter interface {
	Wait(ctx context.Context) error
}

const (
	// CompanyRateLimit is Dialpad's documented per-company limit, in
	// requests per second.
	CompanyRateLimit = 20

	// rateHeadroom is the fraction of a documented per-minute limit the
	// endpoint limiters use: one percent of a minute is 600 ms of slack for
	// requests that arrive later or earlier than they were sent.
	rateHeadroom = 0.99

	// companySlack is added to the company limiter's one-second window, for
	// the time between the limiter letting a request go and Dialpad
	// receiving it, which varies from one request to the next: a request
	// delayed 10 ms while the one twenty slots later is not puts 21 requests
	// into one server-side second, unless the window is that much longer.
	// On a loopback server, with both cores of a test machine saturated and
	// the race detector on, that delay reached 30 ms; 40 ms covers it, and
	// the jitter of a warm connection. A request that must first dial (and
	// shake hands) can take longer, and if Dialpad answers it 429 it is
	// retried. The slack costs 4% of the rate: 20 requests per 1.04 s is
	// 19.2 a second.
	companySlack = 40 * time.Millisecond
)

// NewRateLimiter returns a token-bucket Limiter allowing rps requests per
// second with bursts of up to burst requests. It is what WithRateLimit
// installs.
func NewRateLimiter(rps float64, burst int) Limiter {
	return rate.NewLimiter(rate.Limit(rps), burst)
}

// defaultCompanyLimiter paces one Client just under Dialpad's company
// limit, so that no one-second window ever holds more than 20 of its
// requests.
func defaultCompanyLimiter() Limiter {
	return newWindowLimiter(CompanyRateLimit, time.Second+companySlack)
}

// windowLimiter lets at most n requests go in any window of the given
// length. It hands out slots window/n apart, like a token bucket with burst
// 1, and also never lets a request go less than a window after the one n
// requests before it, by the times at which those really went.
//
// A token bucket (rate.Limiter) alone counts slots as they were scheduled: a
// waiter whose goroutine wakes 30 ms late still counts as sent on time, the
// next one, woken on time, follows right after it, and on a busy machine
// twenty-one requests reach the server within one second. Here lateness is
// recorded as it happened, so it can only spread requests out.
//
// Waiters take turns in arrival order; only the first in line sleeps on a
// timer, so a slot wakes one goroutine rather than all of them.
type windowLimiter struct {
	n      int
	window time.Duration
	gap    time.Duration
	turn   chan struct{} // held by the waiter timing its slot; guards the fields below
	slot   time.Time     // the last slot handed out
	sent   []time.Time   // when the last n requests went, oldest first
}

func newWindowLimiter(n int, window time.Duration) *windowLimiter {
	return &windowLimiter{
		n:      n,
		window: window,
		gap:    window / time.Duration(n),
		turn:   make(chan struct{}, 1),
		sent:   make([]time.Time, 0, n),
	}
}

// Wait blocks until a request may go, and records it as gone. It returns
// the context's error if the context ends first, and refuses at once, with an
// error matching context.DeadlineExceeded, when the deadline comes before
// the slot.
func (l *windowLimiter) Wait(ctx context.Context) error {
	select {
	case l.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-l.turn }()
	if err := ctx.Err(); err != nil {
		return err
	}
	now := time.Now()
	at := l.slot.Add(l.gap)
	if at.Before(now) {
		at = now // idle: no burst saved up
	}
	if len(l.sent) == l.n {
		if w := l.sent[0].Add(l.window); w.After(at) {
			at = w
		}
	}
	if wait := at.Sub(now); wait > 0 {
		if deadline, ok := ctx.Deadline(); ok && deadline.Before(at) {
			return fmt.Errorf("dialpad: the next request slot is %v away, after the context's deadline: %w",
				wait.Round(time.Millisecond), context.DeadlineExceeded)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
		now = time.Now()
	}
	l.slot = at
	if len(l.sent) == l.n {
		l.sent = append(l.sent[:0], l.sent[1:]...)
	}
	l.sent = append(l.sent, now)
	return nil
}

// endpointLimit is a documented per-endpoint limit in requests per minute.
// The keys are "METHOD pattern" with path parameters written as {}; see
// endpointKey.
var endpointLimits = map[string]int{
	"POST contacts":               100,
	"PUT contacts":                100,
	"POST users/{}/initiate_call": 5,
	"POST users/{}/screenpop":     5,
}

// defaultEndpointLimit applies to every operation not in endpointLimits.
const defaultEndpointLimit = 1200

// endpointLimiters hands out one limiter per operation, created on first
// use, each allowing the operation's documented per-minute rate with burst
// 1 (less headroom), so that a loop over one endpoint never provokes a 429
// by itself.
type endpointLimiters struct {
	mu     sync.Mutex
	byKey  map[string]*rate.Limiter
	period time.Duration // the window the per-minute figures refer to; a minute but in tests
}

// withEndpointPeriod scales the per-endpoint limits: each operation allows
// its documented count per period instead of per minute. Tests use it to see
// the pacing without waiting minutes.
func withEndpointPeriod(period time.Duration) Option {
	return func(c *config) error {
		if period <= 0 {
			return errors.New("dialpad: withEndpointPeriod: need a positive period")
		}
		c.endpointPeriod = period
		return nil
	}
}

func newEndpointLimiters(period time.Duration) *endpointLimiters {
	return &endpointLimiters{byKey: map[string]*rate.Limiter{}, period: period}
}

func (e *endpointLimiters) get(key string) *rate.Limiter {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := e.byKey[key]
	if l == nil {
		n, ok := endpointLimits[key]
		if !ok {
			n = defaultEndpointLimit
		}
		every := time.Duration(float64(e.period) / (float64(n) * rateHeadroom))
		l = rate.NewLimiter(rate.Every(every), 1)
		e.byKey[key] = l
	}
	return l
}

// errLimiterRefused wraps an error from a Limiter: the request was never
// sent, and retrying it would only ask the limiter again.
var errLimiterRefused = errors.New("dialpad: limiter refused the request")
