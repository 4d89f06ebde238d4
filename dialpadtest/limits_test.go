package dialpadtest_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

// limitedServer is a server with rate limits on and a fixed clock.
func limitedServer(t *testing.T) (*dialpadtest.Server, *fixedClock) {
	t.Helper()
	clock := newClock(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := dialpadtest.NewServer(dialpadtest.WithClock(clock.Now))
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

// TestCompanyLimitRealClock sends 21 requests as fast as it can with the
// real clock: the 21st is refused.
func TestCompanyLimitRealClock(t *testing.T) {
	t.Parallel()
	srv := dialpadtest.NewServer()
	t.Cleanup(srv.Close)
	start := time.Now()
	for range dialpadtest.CompanyRateLimit {
		send(t, srv, "GET", me, nil).ok(t)
	}
	r := send(t, srv, "GET", me, nil)
	if time.Since(start) >= 900*time.Millisecond && r.status == http.StatusOK {
		t.Skip("the machine is too slow to send 21 requests within a second")
	}
	rateLimited(t, r, "1", "20 requests per second")
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
	for _, op := range []string{"users.list", "contacts.create", "contacts.create_with_uid", "screen_pop.initiate"} {
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
// at just under 20 requests per second) against the enforcing server. Every
// call must succeed; a 429 can still happen when scheduling delays bunch
// requests up on arrival (the SDK keeps 10 ms per second of slack), and the
// client then retries it, so 429s are logged rather than failed.
func TestSDKStaysUnderTheLimits(t *testing.T) {
	t.Parallel()
	srv := dialpadtest.NewServer()
	t.Cleanup(srv.Close)
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	must(t, err)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 8 {
				if _, err := client.Users.Get(context.Background(), dialpadtest.SeedAdminUserID); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	refused := 0
	for _, r := range srv.Requests() {
		switch r.Status {
		case http.StatusOK:
		case http.StatusTooManyRequests:
			refused++
		default:
			t.Errorf("request answered %d", r.Status)
		}
	}
	if refused > 0 {
		t.Logf("%d of %d requests were refused with 429 and retried", refused, len(srv.Requests()))
	}
}

// TestSDKRetriesAfter429 lets an unpaced SDK client burst past the limit:
// the refused requests come back after Retry-After and succeed.
func TestSDKRetriesAfter429(t *testing.T) {
	t.Parallel()
	srv := dialpadtest.NewServer()
	t.Cleanup(srv.Close)
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL),
		dialpad.WithRateLimit(1e6, 1000), dialpad.WithEndpointLimits(false))
	must(t, err)
	var wg sync.WaitGroup
	for range 25 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := client.Users.Get(context.Background(), dialpadtest.SeedAdminUserID); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	refused := 0
	for _, r := range srv.Requests() {
		if r.Status == http.StatusTooManyRequests {
			refused++
		}
	}
	// 25 requests at once: 5 are refused, unless the machine is so slow
	// that the burst spreads over more than a second.
	if refused == 0 {
		t.Error("no request was refused")
	}

	// With a clock that never moves, the retries run out.
	clock := newClock(time.Now())
	frozen := dialpadtest.NewServer(dialpadtest.WithClock(clock.Now))
	t.Cleanup(frozen.Close)
	client, err = dialpad.NewClient(frozen.APIKey, dialpad.WithBaseURL(frozen.URL), dialpad.WithMaxRetries(0),
		dialpad.WithRateLimit(1e6, 1000), dialpad.WithEndpointLimits(false))
	must(t, err)
	for range 20 {
		_, err = client.Users.Get(context.Background(), dialpadtest.SeedAdminUserID)
		must(t, err)
	}
	_, err = client.Users.Get(context.Background(), dialpadtest.SeedAdminUserID)
	var apiErr *dialpad.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, dialpad.ErrRateLimited) || apiErr.RetryAfter != time.Second ||
		apiErr.Reason != "rateLimitExceeded" || !strings.Contains(apiErr.Message, "per company") {
		t.Errorf("21st request: %#v", err)
	}
}
