package dialpad

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
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

	// rateHeadroom is the fraction of a documented limit the default
	// limiters use. Pacing at exactly the limit leaves no room for network
	// jitter: a request that is delayed by a millisecond while the one
	// twenty slots later is not puts 21 requests into one server-side
	// second. One percent buys 10 ms of slack per second.
	rateHeadroom = 0.99
)

// NewRateLimiter returns a token-bucket Limiter allowing rps requests per
// second with bursts of up to burst requests. It is what WithRateLimit
// installs.
func NewRateLimiter(rps float64, burst int) Limiter {
	return rate.NewLimiter(rate.Limit(rps), burst)
}

// defaultCompanyLimiter paces one Client at just under Dialpad's company
// limit with burst 1, so no one-second window ever holds more than 20
// requests.
func defaultCompanyLimiter() Limiter {
	return rate.NewLimiter(rate.Limit(CompanyRateLimit*rateHeadroom), 1)
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

// parseRetryAfter reads a Retry-After header given either as seconds or as
// an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// maxRetryAfter is the longest Retry-After the client sleeps through. A
// longer hint ends the retries and hands the caller the 429 as an *APIError
// whose RetryAfter says how long to wait.
const maxRetryAfter = 2 * time.Minute

// retryable says whether a request may be sent again after an attempt that
// ended with resp or err, and why not when it may not.
//
// A 429 means Dialpad did not process the request, so every method is
// retried. A 5xx or a failed connection may have happened after the request
// took effect, so only GET, PUT and DELETE (idempotent by HTTP's contract) are
// retried; POST and PATCH are sent once.
func retryable(method string, resp *http.Response, err error) bool {
	idempotent := method == http.MethodGet || method == http.MethodPut ||
		method == http.MethodDelete || method == http.MethodHead
	if err != nil {
		if errors.Is(err, errLimiterRefused) || errors.Is(err, ErrResponseTooLarge) {
			return false
		}
		return idempotent
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		return !ok || d <= maxRetryAfter
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return idempotent
	}
	return false
}

// backoff returns the wait before retry number attempt+1: the server's
// Retry-After when it gave one, otherwise min·2^attempt capped at max, with
// the upper half jittered so that many clients do not retry in step.
func backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return d
		}
	}
	d := min
	for i := 0; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	if half := int64(d / 2); half > 0 {
		d = time.Duration(half + rand.Int64N(half+1))
	}
	return d
}

// errLimiterRefused wraps an error from a Limiter: the request was never
// sent, and retrying it would only ask the limiter again.
var errLimiterRefused = errors.New("dialpad: limiter refused the request")
