package dialpadtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// NewClient returns a dialpad.Client wired to the server: its APIKey and
// URL, the in-memory Transport, and no pacing on the client's side (no
// company or per-endpoint limiter, retry waits of at most a millisecond),
// so that a test runs as fast as the fake answers:
//
//	srv := dialpadtest.NewServer(dialpadtest.WithoutRateLimits())
//	defer srv.Close()
//	client, err := srv.NewClient()
//
// That pair paces nothing on either side. To test pacing, leave the
// server's rate limits on (NewServer's default) and give the client its
// limits back, which opts can do because they are applied after these
// defaults: srv.NewClient(dialpad.WithRateLimit(20, 1),
// dialpad.WithEndpointLimits(true)).
func (s *Server) NewClient(opts ...dialpad.Option) (*dialpad.Client, error) {
	base := []dialpad.Option{
		dialpad.WithBaseURL(s.URL),
		dialpad.WithHTTPClient(&http.Client{Transport: s.Transport()}),
		dialpad.WithLimiter(unlimited{}),
		dialpad.WithEndpointLimits(false),
		dialpad.WithRetryWait(0, time.Millisecond),
	}
	return dialpad.NewClient(s.APIKey, append(base, opts...)...)
}

// unlimited is a Limiter that never waits.
type unlimited struct{}

func (unlimited) Wait(ctx context.Context) error { return ctx.Err() }

// Transport returns an http.RoundTripper that hands each request straight
// to the server's handler in memory, with no socket: faster than the
// loopback listener, and usable inside a testing/synctest bubble: the
// handler runs on the calling goroutine, so the bubble's fake clock paces
// the server's rate limits and injected latency. Create the server outside
// the bubble (its loopback listener would keep the bubble from ever being
// idle) and the client inside. A
// request for another host is an error. An injected drop (DropNext) makes
// RoundTrip fail as a lost connection would.
func (s *Server) Transport() http.RoundTripper { return memTransport{s} }

// memTransport is Transport's RoundTripper.
type memTransport struct{ s *Server }

// errDropped is what RoundTrip returns for a request whose connection the
// server dropped on purpose.
var errDropped = errors.New("dialpadtest: connection dropped by the server")

func (t memTransport) RoundTrip(req *http.Request) (resp *http.Response, err error) {
	if req.URL.Scheme+"://"+req.URL.Host != t.s.URL {
		return nil, fmt.Errorf("dialpadtest: %s is not this server (%s)", req.URL.Host, t.s.URL)
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	select {
	case <-t.s.closed:
		return nil, errors.New("dialpadtest: server closed")
	default:
	}
	in := req.Clone(req.Context())
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "127.0.0.1:1"
	if in.Body == nil {
		in.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	defer func() {
		if p := recover(); p != nil {
			if p != http.ErrAbortHandler {
				panic(p)
			}
			resp, err = nil, errDropped
		}
	}()
	t.s.handler.ServeHTTP(rec, in)
	resp = rec.Result()
	resp.Request = req
	return resp, nil
}
