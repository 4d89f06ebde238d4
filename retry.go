package dialpad

// The retry policy: which answers are retried, how long to wait between
// attempts, and how Retry-After is read. Client.do runs the loop.

import (
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// parseRetryAfter reads a Retry-After header given either as seconds or as
// an HTTP date. A number of seconds too large for a time.Duration, even one
// too large for an int64, saturates to the largest Duration: the server
// asked for a very long wait, which is not the same as giving no hint.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if isDigits(v) {
		s, err := strconv.ParseInt(v, 10, 64)
		if err != nil || s > int64(math.MaxInt64/time.Second) {
			return time.Duration(math.MaxInt64), true // out of range: saturate rather than ignore or wrap
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

// isDigits reports whether v is one or more ASCII digits (delta-seconds).
func isDigits(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return v != ""
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
//
// A Retry-After longer than maxRetryAfter ends the retries whatever the
// status: the caller gets the answer at once rather than a call that hangs
// for as long as the server asks.
func retryable(method string, resp *http.Response, err error) bool {
	idempotent := method == http.MethodGet || method == http.MethodPut ||
		method == http.MethodDelete || method == http.MethodHead
	if err != nil {
		if errors.Is(err, errLimiterRefused) || errors.Is(err, ErrResponseTooLarge) ||
			errors.Is(err, errRedirectRefused) {
			return false
		}
		return idempotent
	}
	var again bool
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		again = true
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		again = idempotent
	}
	if again {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && d > maxRetryAfter {
			return false
		}
	}
	return again
}

// backoff returns the wait before retry number attempt+1: the server's
// Retry-After when it gave one, otherwise min·2^attempt capped at max, with
// the upper half jittered so that many clients do not retry in step.
func backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			if d > maxRetryAfter {
				d = maxRetryAfter // retryable refuses these; never sleep longer anyway
			}
			return d
		}
	}
	d := min
	for i := 0; i < attempt && d < max; i++ {
		if d > max/2 {
			d = max // doubling would pass max, or overflow
			break
		}
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

// errRedirectRefused wraps redirectPolicy's refusal: the answer is final,
// and asking again would only be redirected again.
var errRedirectRefused = errors.New("refusing redirect")
