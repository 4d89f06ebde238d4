package dialpadtest_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// limitedServer is a server with rate limits on and a fixed clock.
func limitedServer(t *testing.T) (*dialpadtest.Server, *fixedClock) {
	t.Helper()
	clock := newClock(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := dialpadtest.NewServer(dialpadtest.WithRateLimits(), dialpadtest.WithClock(clock.Now))
	t.Cleanup(srv.Close)
	return srv, clock
}

// rateLimited checks a 429 with the envelope and Retry-After.
func rateLimited(t *testing.T, r response, retryAfter, msg string) {
	t.Helper()
	r.fails(t, http.StatusTooManyRequests, msg)
	if got := r.header.Get("Retry-After"); got != retryAfter {
		t.Errorf("Retry-After = %q, want %q", got, retryAfter)
	}
}

const me = "/api/v2/users/me"

// unpaced are the options that take the pacing off a client of a server
// with its limits on, so that it bursts past them.
var unpaced = []dialpad.Option{dialpad.WithRateLimit(1e6, 1000), dialpad.WithEndpointLimits(false)}

// TestCompanyLimitFakeClock sends 21 requests at one instant of the
// bubble's clock, which the server reads by default: the 21st is refused,
// and a request a second later is accepted.
func TestCompanyLimitFakeClock(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := dialpadtest.NewServer(dialpadtest.WithRateLimits(), dialpadtest.WithoutListener())
		defer srv.Close()
		for range dialpadtest.CompanyRateLimit {
			send(t, srv, "GET", me, nil).ok(t)
		}
		rateLimited(t, send(t, srv, "GET", me, nil), "1", "20 requests per second")
		time.Sleep(time.Second)
		send(t, srv, "GET", me, nil).ok(t)
	})
}

// TestCompanyLimitSlidingWindow checks that no one-second window ever
// holds more than 20 accepted requests, and that refused ones do not count.
func TestCompanyLimitSlidingWindow(t *testing.T) {
	t.Parallel()
	srv, clock := limitedServer(t)
	sendN := func(n int) {
		t.Helper()
		for range n {
			send(t, srv, "GET", me, nil).ok(t)
		}
	}
	sendN(10) // at 0 ms
	clock.Add(500 * time.Millisecond)
	sendN(10) // at 500 ms
	rateLimited(t, send(t, srv, "GET", me, nil), "1", "20 requests per second")
	clock.Add(499 * time.Millisecond) // 999 ms: the first ten are still in the window
	rateLimited(t, send(t, srv, "GET", "/api/v2/contacts", nil), "1", "per company")
	clock.Add(time.Millisecond) // 1000 ms: they have left it
	sendN(10)
	r := send(t, srv, "GET", me, nil)
	rateLimited(t, r, "1", "per company") // 500 ms to wait, rounded up
	clock.Add(500 * time.Millisecond)
	sendN(10)

	var statuses []int
	for _, r := range srv.Requests() {
		statuses = append(statuses, r.Status)
	}
	if n := countOf(statuses, http.StatusTooManyRequests); n != 3 {
		t.Errorf("%d requests refused, want 3", n)
	}
}

func countOf(xs []int, x int) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

func TestEndpointLimits(t *testing.T) {
	t.Parallel()
	srv, clock := limitedServer(t)
	call := func() response {
		return send(t, srv, "POST", "/api/v2/users/me/initiate_call", map[string]any{"phone_number": "+12065550123"})
	}
	for range 5 {
		call().ok(t)
		clock.Add(time.Second)
	}
	// 5 per minute: the first call (at 0 s) leaves the window at 60 s.
	rateLimited(t, call(), "55", "users.initiate_call allows 5 requests per minute")
	send(t, srv, "GET", me, nil).ok(t) // other operations are not affected
	clock.Add(54*time.Second + 500*time.Millisecond)
	rateLimited(t, call(), "1", "users.initiate_call")
	clock.Add(500 * time.Millisecond)
	call().ok(t)
	// A request refused by the limiter changed nothing.
	if n := len(srv.InitiatedCalls()); n != 6 {
		t.Errorf("%d calls initiated", n)
	}

	// contacts.create allows 100 per minute; pace under the company limit.
	for i := range 100 {
		send(t, srv, "POST", "/api/v2/contacts", map[string]any{"first_name": "C", "last_name": id(int64(i))}).ok(t)
		clock.Add(100 * time.Millisecond)
	}
	rateLimited(t, send(t, srv, "POST", "/api/v2/contacts", map[string]any{"first_name": "C", "last_name": "X"}),
		"50", "contacts.create allows 100 requests per minute")
	// PUT contacts has its own window.
	send(t, srv, "PUT", "/api/v2/contacts", map[string]any{"uid": "u", "first_name": "C", "last_name": "X"}).ok(t)
	for _, op := range []dialpadtest.Operation{dialpadtest.OpUsersList, dialpadtest.OpContactsCreate, dialpadtest.OpContactsCreateWithUID, dialpadtest.OpScreenPopInitiate} {
		if n, ok := dialpadtest.EndpointRateLimit(op); !ok || n == 0 {
			t.Errorf("EndpointRateLimit(%s) = %d, %v", op, n, ok)
		}
	}
}

func TestRateLimitsSwitch(t *testing.T) {
	t.Parallel()
	// The clock is in the past, for SetTimeNowFunc(nil) below; newServer
	// turns the limits off.
	clock := newClock(time.Now().Add(-48 * time.Hour))
	srv := newServer(t, dialpadtest.WithClock(clock.Now))
	for range 50 {
		send(t, srv, "GET", me, nil).ok(t)
	}
	srv.SetRateLimits(true)
	for range 20 {
		send(t, srv, "GET", me, nil).ok(t)
	}
	rateLimited(t, send(t, srv, "GET", me, nil), "1", "per company")
	srv.SetRateLimits(false)
	send(t, srv, "GET", me, nil).ok(t)
	// SetTimeNowFunc moves the clock as well.
	srv.SetRateLimits(true)
	srv.SetTimeNowFunc(func() time.Time { return clock.Now().Add(time.Hour) })
	for range 20 {
		send(t, srv, "GET", me, nil).ok(t)
	}
	srv.SetTimeNowFunc(nil) // back to the real clock: a fresh window
	send(t, srv, "GET", me, nil).ok(t)
}

// TestSDKStaysUnderTheLimits runs a default SDK client (which paces itself
// at just under 20 requests per second, and each endpoint under its own
// limit) from 4 goroutines against the enforcing server, in a synctest
// bubble whose clock the server reads: on the fake clock nothing bunches
// requests up on arrival, so not one of 60 is refused, and they arrive
// exactly one slot of the client's limiter apart.
func TestSDKStaysUnderTheLimits(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := dialpadtest.NewServer(dialpadtest.WithRateLimits(), dialpadtest.WithoutListener())
		defer srv.Close()
		client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL), dialpad.WithHTTPClient(srv.Client()))
		require.NoError(t, err)
		start := time.Now()
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for range 15 {
					_, err := client.Users.Get(context.Background(), dialpadtest.SeedAdminUserID)
					if !assert.NoError(t, err) {
						return
					}
				}
			})
		}
		wg.Wait()
		reqs := srv.Requests()
		require.Len(t, reqs, 60)
		for _, r := range reqs {
			assert.Equal(t, http.StatusOK, r.Status)
		}
		assert.Equal(t, start, reqs[0].Time, "the server reads the bubble's clock")
		// 59 gaps of the default limiter's slot, 1.04 s / 20.
		assert.Equal(t, 59*(time.Second+40*time.Millisecond)/20, reqs[59].Time.Sub(start))
	})
}

// TestSDKRetriesAfter429 lets an unpaced SDK client burst past the limit
// at one instant of the fake clock: exactly 5 of 25 requests are refused,
// and each comes back exactly Retry-After (1s) later and succeeds.
func TestSDKRetriesAfter429(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := dialpadtest.NewServer(dialpadtest.WithRateLimits(), dialpadtest.WithoutListener())
		defer srv.Close()
		client, err := srv.NewClient(unpaced...)
		require.NoError(t, err)
		start := time.Now()
		var wg sync.WaitGroup
		for range 25 {
			wg.Go(func() {
				_, err := client.Users.Get(context.Background(), dialpadtest.SeedAdminUserID)
				assert.NoError(t, err)
			})
		}
		wg.Wait()
		got := map[string]int{}
		for _, r := range srv.Requests() {
			got[fmt.Sprintf("%d at +%v", r.Status, r.Time.Sub(start))]++
		}
		assert.Equal(t, map[string]int{"200 at +0s": 20, "429 at +0s": 5, "200 at +1s": 5}, got)
	})
}

// TestSDKRateLimitedWhenRetriesRunOut: with a clock that never moves and
// no retries, the 21st request fails with the server's 429.
func TestSDKRateLimitedWhenRetriesRunOut(t *testing.T) {
	t.Parallel()
	clock := newClock(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	frozen := dialpadtest.NewServer(dialpadtest.WithRateLimits(), dialpadtest.WithClock(clock.Now), dialpadtest.WithoutListener())
	t.Cleanup(frozen.Close)
	client, err := frozen.NewClient(append(unpaced, dialpad.WithMaxRetries(0))...)
	require.NoError(t, err)
	for range 20 {
		_, err = client.Users.Get(context.Background(), dialpadtest.SeedAdminUserID)
		require.NoError(t, err)
	}
	_, err = client.Users.Get(context.Background(), dialpadtest.SeedAdminUserID)
	var apiErr *dialpad.APIError
	require.ErrorAs(t, err, &apiErr)
	require.ErrorIs(t, err, dialpad.ErrRateLimited)
	assert.Equal(t, time.Second, apiErr.RetryAfter)
	assert.Equal(t, "rateLimitExceeded", apiErr.Reason)
	assert.Contains(t, apiErr.Message, "per company")
}
