package dialpad

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"
)

// Limiter paces requests. Wait blocks until one more request may be sent, or
// returns an error (normally the context's) if it must not be sent at all.
// The client asks it once per attempt, retries and redirects included.
//
// A Limiter that refuses because the context's deadline would pass before
// the request could go should say so at once, with an error matching
// context.DeadlineExceeded, as the SDK's own limiters (NewRateLimiter) and
// contrib/redislimit do; the call then fails at once with that error. Any
// other error from Wait ends the call and is not retried.
//
// Implement it over a shared store (see contrib/redislimit) when several
// processes spend one company budget. A *rate.Limiter from
// golang.org/x/time/rate satisfies it too, but its refusal before a deadline
// does not match context.DeadlineExceeded.
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

// NewRateLimiter returns a Limiter that lets at most burst requests go in
// any window of burst/rps seconds, counted by the times at which requests
// really went (see WithRateLimit): rps requests per second on average, in
// bursts of up to burst. rps must be above zero and burst at least 1; other
// values are raised to the nearest valid one.
//
// It is what WithRateLimit installs; the default company limiter is of the
// same kind, set to 20 per second with no bursts.
func NewRateLimiter(rps float64, burst int) Limiter {
	burst = max(burst, 1)
	if !(rps > 0) {
		rps = math.SmallestNonzeroFloat64
	}
	return newWindowLimiter(burst, seconds(float64(burst)/rps), 0)
}

// seconds converts s seconds to a Duration, saturating instead of wrapping.
func seconds(s float64) time.Duration {
	if d := s * float64(time.Second); d < math.MaxInt64 {
		return time.Duration(d)
	}
	return time.Duration(math.MaxInt64)
}

// defaultCompanyLimiter paces one Client just under Dialpad's company
// limit, so that no one-second window ever holds more than 20 of its
// requests, and spaces them evenly (no burst).
func defaultCompanyLimiter() Limiter {
	window := time.Second + companySlack
	return newWindowLimiter(CompanyRateLimit, window, window/CompanyRateLimit)
}

// windowLimiter lets at most n requests go in any window of the given
// length, and hands out slots at least gap apart (gap window/n is a token
// bucket's burst 1; gap 0 allows bursts of n). A request may go only a
// window after the one n requests before it, by the times at which those
// really went.
//
// A token bucket (rate.Limiter) counts slots as they were scheduled: a
// waiter whose goroutine wakes 30 ms late still counts as sent on time, the
// next one, woken on time, follows right after it, and on a busy machine
// twenty-one requests reach the server within one second. Here lateness is
// recorded as it happened, so it can only spread requests out.
//
// Waiters take turns in arrival order; only the first in line sleeps on a
// timer, so a slot wakes one goroutine rather than all of them. A waiter
// whose context's deadline comes before the earliest slot it could have,
// with every waiter ahead of it served first, is refused as it arrives.
type windowLimiter struct {
	n      int
	window time.Duration
	gap    time.Duration
	turn   chan struct{} // held by the waiter timing its slot

	now func() time.Time // time.Now; benchmarks drive a clock of their own

	mu    sync.Mutex // guards the fields below; never held while sleeping
	queue int        // waiters inside Wait
	slot  time.Time  // the last slot handed out
	sent  timeRing   // when the last (up to n) requests within a window went, oldest first
}

func newWindowLimiter(n int, window, gap time.Duration) *windowLimiter {
	return &windowLimiter{
		n:      n,
		window: window,
		gap:    gap,
		turn:   make(chan struct{}, 1),
		now:    time.Now,
	}
}

// Wait blocks until a request may go, and records it as gone. It returns
// the context's error if the context ends first, and refuses at once, with an
// error matching context.DeadlineExceeded, when the deadline comes before
// the slot.
func (l *windowLimiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	deadline, hasDeadline := ctx.Deadline()
	l.mu.Lock()
	if hasDeadline {
		// The earliest this waiter can go: after everyone ahead of it.
		now := l.now()
		if at := l.earliest(now, l.queue); at.After(now) && !at.Before(deadline) {
			l.mu.Unlock()
			return &deadlineError{what: "the next request slot", wait: at.Sub(now)}
		}
	}
	l.queue++
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.queue--
		l.mu.Unlock()
	}()

	select {
	case l.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-l.turn }()
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	now := l.now()
	at := l.earliest(now, 0)
	l.mu.Unlock()
	if wait := at.Sub(now); wait > 0 {
		// Those ahead went later than planned, or gave up.
		if hasDeadline && !at.Before(deadline) {
			return &deadlineError{what: "the next request slot", wait: wait}
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
		now = l.now()
	}
	l.mu.Lock()
	l.slot = at
	// Keep the last n releases, less those a window old, which constrain
	// nothing. Each release is dropped once, from the front of the ring:
	// O(1) amortised per call, whatever the burst.
	for l.sent.len() >= l.n || (l.sent.len() > 0 && !l.sent.at(0).Add(l.window).After(now)) {
		l.sent.dropOldest()
	}
	l.sent.push(now)
	l.mu.Unlock()
	return nil
}

// earliest returns the slot of the waiter with ahead others in line before
// it, were each to go at its slot from now on. l.mu must be held.
func (l *windowLimiter) earliest(now time.Time, ahead int) time.Time {
	count := l.sent.len()
	var planned []time.Time // slots of those ahead, once they matter to the window
	slot, at := l.slot, now
	for i := 0; i <= ahead; i++ {
		at = slot.Add(l.gap)
		if at.Before(now) {
			at = now // idle: no burst saved up beyond n
		}
		// The request n before this one must be a window behind it.
		if j := count + i - l.n; j >= 0 {
			var prev time.Time
			if j < count {
				prev = l.sent.at(j)
			} else {
				prev = planned[j-count]
			}
			if w := prev.Add(l.window); w.After(at) {
				at = w
			}
		}
		slot = at
		if i < ahead && ahead >= l.n {
			planned = append(planned, at)
		}
	}
	return at
}

// timeRing is a queue of times, oldest first, in a ring buffer that grows
// as needed: pushing at the back and dropping from the front cost O(1)
// amortised, where a slice would copy what it keeps.
type timeRing struct {
	buf  []time.Time // len is 0 or a power of two
	head int         // index of the oldest
	n    int         // how many times it holds
}

func (r *timeRing) len() int { return r.n }

// at returns the i-th oldest time, 0 <= i < r.len().
func (r *timeRing) at(i int) time.Time { return r.buf[(r.head+i)&(len(r.buf)-1)] }

// push adds t as the newest time.
func (r *timeRing) push(t time.Time) {
	if r.n == len(r.buf) {
		grown := make([]time.Time, max(2*len(r.buf), 8))
		for i := range r.n {
			grown[i] = r.at(i)
		}
		r.buf, r.head = grown, 0
	}
	r.buf[(r.head+r.n)&(len(r.buf)-1)] = t
	r.n++
}

// dropOldest removes the oldest time; the ring must not be empty.
func (r *timeRing) dropOldest() {
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.n--
}

// endpointLimits are the documented per-endpoint limits in requests per
// minute. The keys are "METHOD pattern" with path arguments written as {},
// as apiPath.build writes the endpoint key.
var endpointLimits = map[string]int{
	"POST contacts":               100,
	"PUT contacts":                100,
	"POST webhooks":               100,
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
	byKey  map[string]*windowLimiter
	period time.Duration // the window the per-minute figures refer to; a minute but in tests
}

func newEndpointLimiters(period time.Duration) *endpointLimiters {
	return &endpointLimiters{byKey: map[string]*windowLimiter{}, period: period}
}

func (e *endpointLimiters) get(key string) *windowLimiter {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := e.byKey[key]
	if l == nil {
		n, ok := endpointLimits[key]
		if !ok {
			n = defaultEndpointLimit
		}
		every := time.Duration(float64(e.period) / (float64(n) * rateHeadroom))
		l = newWindowLimiter(1, every, every)
		e.byKey[key] = l
	}
	return l
}

// errLimiterRefused wraps an error from a Limiter: the request was never
// sent, and retrying it would only ask the limiter again.
var errLimiterRefused = errors.New("limiter refused the request")
