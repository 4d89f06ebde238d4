package dialpadtest

import (
	"context"
	"net/http"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// NewClient returns a dialpad.Client wired to the server: its APIKey and
// URL, the in-memory Transport, retry waits of at most a millisecond, and
// pacing that matches the server's rate limits as they are when NewClient
// is called:
//
//   - with the limits off (NewServer's default), no pacing at all (no
//     company or per-endpoint limiter), so that a test runs as fast as the
//     fake answers: a thousand requests take a fraction of a second;
//   - with the limits on (WithRateLimits), the SDK's default pacing
//     (Dialpad's company limit and per-endpoint limits), so that no
//     request is answered 429. Inside a testing/synctest bubble (with
//     WithoutListener) the waiting is on the bubble's fake clock.
//
// Either way the defaults compose:
//
//	srv := dialpadtest.NewServer()
//	defer srv.Close()
//	client, err := srv.NewClient()
//
// opts are applied after these defaults, so they can replace any of them,
// for example dialpad.WithRateLimit to test a client's own pacing.
func (s *Server) NewClient(opts ...dialpad.Option) (*dialpad.Client, error) {
	s.mu.Lock()
	limited := s.rateLimits
	s.mu.Unlock()
	base := []dialpad.Option{
		dialpad.WithBaseURL(s.URL),
		dialpad.WithHTTPClient(&http.Client{Transport: s.Transport()}),
		dialpad.WithRetryWait(0, time.Millisecond),
	}
	if !limited {
		base = append(base, dialpad.WithLimiter(unlimited{}), dialpad.WithEndpointLimits(false))
	}
	return dialpad.NewClient(s.APIKey, append(base, opts...)...)
}

// unlimited is a Limiter that never waits.
type unlimited struct{}

func (unlimited) Wait(ctx context.Context) error { return ctx.Err() }
