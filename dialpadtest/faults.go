package dialpadtest

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// fault holds the faults injected into one operation.
type fault struct {
	fails   int // requests left to answer with status
	status  int
	drops   int // requests left to drop
	latency time.Duration
}

// faultFor returns op's fault entry, creating it, or an error for an
// unknown operation id. s.mu is held.
func (s *Server) faultFor(op Operation) (*fault, error) {
	if findOperation(op) == nil {
		return nil, fmt.Errorf("dialpadtest: unknown operation %q (see Operations)", op)
	}
	f := s.faults[op]
	if f == nil {
		f = &fault{}
		s.faults[op] = f
	}
	return f, nil
}

// FailNext makes the next n requests to operation op (OpUsersGet, say)
// fail with status, a 4xx or 5xx, in Dialpad's error envelope. The requests
// are authenticated and counted by the rate limiters first, like real ones;
// they change no state. An injected 429 carries no Retry-After header. A
// later call replaces the count; n = 0 cancels. It returns an error for an
// unknown op, a negative n or a status outside 400–599.
func (s *Server) FailNext(op Operation, n int, status int) error {
	if n < 0 {
		return fmt.Errorf("dialpadtest: FailNext: negative count %d", n)
	}
	if status < 400 || status > 599 {
		return fmt.Errorf("dialpadtest: FailNext: status %d is not an error status (400-599)", status)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.faultFor(op)
	if err != nil {
		return err
	}
	f.fails, f.status = n, status
	return nil
}

// DropNext makes the server close the connection of the next n requests to
// op without answering, as a network failure would. Dropped requests are
// recorded (with Status 0) but reach neither the authentication, nor the
// rate limiters, nor the state. A later call replaces the count; n = 0
// cancels. It returns an error for an unknown op or a negative n.
func (s *Server) DropNext(op Operation, n int) error {
	if n < 0 {
		return fmt.Errorf("dialpadtest: DropNext: negative count %d", n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.faultFor(op)
	if err != nil {
		return err
	}
	f.drops = n
	return nil
}

// SetLatency delays every request to op by d before it is handled (and
// before a drop); d = 0 removes the delay. A request whose client gives up
// during the delay gets no answer. The delay is real time, not the clock of
// WithClock. It returns an error for an unknown op or a negative d.
func (s *Server) SetLatency(op Operation, d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("dialpadtest: SetLatency: negative duration %v", d)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.faultFor(op)
	if err != nil {
		return err
	}
	f.latency = d
	return nil
}

// Request is one request the server received, as Requests reports it.
type Request struct {
	// Operation is the spec's operationId ("users.get", the value of
	// OpUsersGet), or "" when no operation matched the method and path.
	Operation string
	// Method is the HTTP method.
	Method string
	// Path is the request path as sent, still escaped
	// ("/api/v2/users/a%2Fb").
	Path string
	// Query holds the query parameters.
	Query url.Values
	// Header holds the request headers.
	Header http.Header
	// Body is the request body (at most 1 MiB of it).
	Body []byte
	// Time is when the request arrived, by the server's clock.
	Time time.Time
	// Status is the status the server answered with; 0 when the connection
	// was dropped or the answer is not written yet.
	Status int
}

// clone returns a deep copy of r.
func (r *Request) clone() Request {
	c := *r
	c.Query = url.Values{}
	for k, v := range r.Query {
		c.Query[k] = append([]string(nil), v...)
	}
	c.Header = r.Header.Clone()
	c.Body = bytes.Clone(r.Body)
	return c
}

// Requests returns copies of the requests received since the server started
// or ClearRequests was last called, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = r.clone()
	}
	return out
}

// ClearRequests forgets the requests received so far.
func (s *Server) ClearRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}
