package dialpadtest

import (
	"context"
	"net/http"
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
