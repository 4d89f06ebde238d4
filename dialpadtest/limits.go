package dialpadtest

import (
	"net/http"
	"time"
)

// CompanyRateLimit is Dialpad's company-wide limit, which the server
// enforces per API key: at most this many requests in any sliding one-second
// window. Each operation also has its own per-minute limit (see
// EndpointRateLimit).
const CompanyRateLimit = 20

// EndpointRateLimit returns the per-minute limit Dialpad documents for an
// operation (1200 for most; 100 for contacts.create,
// contacts.create_with_uid and webhooks.create; 5 for users.initiate_call
// and screen_pop.initiate), and false for an unknown operation id.
func EndpointRateLimit(op Operation) (perMinute int, ok bool) {
	o := findOperation(op)
	if o == nil {
		return 0, false
	}
	return o.perMinute, true
}

// window counts accepted requests in a sliding window: a request at time t
// is allowed when fewer than limit requests were accepted in (t-period, t].
// Refused requests do not count.
type window struct {
	limit  int
	period time.Duration
	times  []time.Time // accepted requests, oldest first
}

// wait reports how long a request at now must wait before it fits in the
// window; zero means it fits now.
func (w *window) wait(now time.Time) time.Duration {
	cut := now.Add(-w.period)
	i := 0
	for i < len(w.times) && !w.times[i].After(cut) {
		i++
	}
	if i > 0 {
		w.times = append(w.times[:0], w.times[i:]...)
	}
	if len(w.times) < w.limit {
		return 0
	}
	d := w.times[len(w.times)-w.limit].Add(w.period).Sub(now)
	if d <= 0 {
		d = time.Nanosecond // the clock went backwards; refuse all the same
	}
	return d
}

// add counts a request accepted at now.
func (w *window) add(now time.Time) { w.times = append(w.times, now) }

// limit applies the per-endpoint and the company limits to a request that
// arrived at now, counting it when both let it through. s.mu is held.
func (s *Server) limit(op *operation, now time.Time) *apiError {
	if !s.rateLimits {
		return nil
	}
	ep := s.endpoints[op.id]
	if ep == nil {
		ep = &window{limit: op.perMinute, period: time.Minute}
		s.endpoints[op.id] = ep
	}
	if d := ep.wait(now); d > 0 {
		e := errorf(http.StatusTooManyRequests, "rate limit exceeded: %s allows %d requests per minute", op.id, op.perMinute)
		e.retryAfter = seconds(d)
		return e
	}
	if d := s.company.wait(now); d > 0 {
		e := errorf(http.StatusTooManyRequests, "rate limit exceeded: %d requests per second per company", CompanyRateLimit)
		e.retryAfter = seconds(d)
		return e
	}
	ep.add(now)
	s.company.add(now)
	return nil
}

// seconds rounds d up to whole seconds, at least one, for Retry-After.
func seconds(d time.Duration) int {
	n := int((d + time.Second - 1) / time.Second)
	if n < 1 {
		n = 1
	}
	return n
}
