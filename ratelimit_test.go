package dialpad

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

// Retries.

const drop = -1

var allMethods = []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete}

// countingLimiter counts Wait calls and never waits.
type countingLimiter struct{ n atomic.Int64 }

func (l *countingLimiter) Wait(ctx context.Context) error {
	l.n.Add(1)
	return ctx.Err()
}

// TestLimiterWaitsPerAttempt checks that every attempt, not every call,
// takes a token. (The drop comes first, on a fresh connection: on a reused
// keep-alive connection net/http itself re-sends a GET the server dropped,
// inside one attempt and so without a token of its own.)
func TestLimiterWaitsPerAttempt(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, sequence(t, drop, 429, 500, 503, 200))
	var l countingLimiter
	c := plumbingClient(t, srv.URL, WithLimiter(&l))
	if _, err := c.Users.Get(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 5 || l.n.Load() != 5 {
		t.Errorf("%d requests, %d limiter waits; want 5 and 5", n.Load(), l.n.Load())
	}
}

// TestCompanyLimiterWindows sends 60 GETs from 16 goroutines through a
// default client (company limiter and endpoint limits on) on the fake clock,
// and checks the times the requests reached the transport: one slot of the
// company limiter apart, exactly, and never more than 20 in a second.
func TestCompanyLimiterWindows(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const total, workers = 60, 16
		api := newMockAPI(always(http.StatusOK, `{"id": "1"}`))
		c := api.client(t)
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for next.Add(1) <= total {
					_, err := c.Users.Get(context.Background(), 1)
					assert.NoError(t, err)
				}
			})
		}
		wg.Wait()
		times := api.arrivals()
		require.Len(t, times, total)
		assert.Equal(t, repeat(total-1, window20(1)), api.gaps())
		// Window i starts at request i; it holds more than 20 requests when
		// request i+20 arrives less than a second after request i.
		for i := 0; i+CompanyRateLimit < total; i++ {
			assert.GreaterOrEqual(t, times[i+CompanyRateLimit].Sub(times[i]), time.Second,
				"requests %d to %d: %d requests in one second", i, i+CompanyRateLimit, CompanyRateLimit+1)
		}
	})
}

// BenchmarkCompanyLimiter reports what the default company limiter achieves
// on the real clock, over loopback, with 16 concurrent callers: the rate in
// requests per second, and the tightest span the server saw between a
// request and the 20th after it (under a second would be 21 requests in one
// of Dialpad's windows). The tests check the pacing on the fake clock; this
// is the measurement (internal/cmd/ratebench is the long-running one).
func BenchmarkCompanyLimiter(b *testing.B) {
	var (
		mu    sync.Mutex
		times []time.Time
	)
	srv, _ := plumbingServer(b, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		replyJSON(w, http.StatusOK, `{"id": "1"}`)
	})
	c, err := NewClient(testKey, WithBaseURL(srv.URL), WithEndpointLimits(false))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Users.Get(ctx, 1); err != nil { // spend the initial token
		b.Fatal(err)
	}
	b.SetParallelism(16)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Users.Get(ctx, 1); err != nil {
				b.Error(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
	mu.Lock()
	defer mu.Unlock()
	tightest := time.Duration(math.MaxInt64)
	for i := 0; i+CompanyRateLimit < len(times); i++ {
		tightest = min(tightest, times[i+CompanyRateLimit].Sub(times[i]))
	}
	if tightest < time.Duration(math.MaxInt64) {
		b.ReportMetric(tightest.Seconds()*1000, "ms/21-request-span")
	}
}

func TestLimiterDeadlineTooShort(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		replyJSON(w, http.StatusOK, `{"id": "1"}`)
	})
	c := plumbingClient(t, srv.URL, WithRateLimit(1.0/3600, 1))
	ctx := context.Background()
	if _, err := c.Users.Get(ctx, 1); err != nil {
		t.Fatal(err)
	}
	// The token is an hour away: the limiter refuses at once.
	dctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	_, err := c.Users.Get(dctx, 1)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NoError(t, dctx.Err(), "refused at the deadline, not before it")
	assert.Equal(t, int64(1), n.Load(), "requests sent")
}

// failingLimiter refuses every request with err.
type failingLimiter struct {
	err   error
	calls atomic.Int64
}

func (l *failingLimiter) Wait(context.Context) error {
	l.calls.Add(1)
	return l.err
}

func TestCustomLimiterError(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {})
	down := errors.New("budget store unreachable")
	l := &failingLimiter{err: down}
	c := plumbingClient(t, srv.URL, WithLimiter(l))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := c.Users.Get(ctx, 1)
	assert.ErrorIs(t, err, down)
	assert.NotErrorIs(t, err, context.DeadlineExceeded, "a custom limiter's failure passed off as a deadline")
	if n.Load() != 0 || l.calls.Load() != 1 {
		t.Errorf("%d requests sent, %d limiter calls; want 0 and 1 (a refusal is not retried)", n.Load(), l.calls.Load())
	}
}

func TestEndpointKeys(t *testing.T) {
	t.Parallel()
	cases := []struct {
		method string
		p      apiPath
		path   string
		key    string
	}{
		{"GET", pathFor(t, "users"), "/api/v2/users", "GET users"},
		{"POST", pathFor(t, "users"), "/api/v2/users", "POST users"},
		{"GET", pathFor(t, "users/{id}", ID(42)), "/api/v2/users/42", "GET users/{}"},
		{"PATCH", pathFor(t, "users/{id}", ID(1)), "/api/v2/users/1", "PATCH users/{}"},
		{"DELETE", pathFor(t, "contacts/{id}", "a/b"), "/api/v2/contacts/a%2Fb", "DELETE contacts/{}"},
		{"PATCH", pathFor(t, "users/{id}/move_office", ID(1)), "/api/v2/users/1/move_office", "PATCH users/{}/move_office"},
		{"PATCH", pathFor(t, "users/{id}/togglednd", ID(1)), "/api/v2/users/1/togglednd", "PATCH users/{}/togglednd"},
		{"PATCH", pathFor(t, "users/{id}/status", ID(1)), "/api/v2/users/1/status", "PATCH users/{}/status"},
		{"GET", pathFor(t, "users/{id}/personas", ID(1)), "/api/v2/users/1/personas", "GET users/{}/personas"},
		{"GET", pathFor(t, "users/{id}/caller_id", ID(1)), "/api/v2/users/1/caller_id", "GET users/{}/caller_id"},
		{"POST", pathFor(t, "users/{id}/caller_id", ID(1)), "/api/v2/users/1/caller_id", "POST users/{}/caller_id"},
		{"POST", pathFor(t, "contacts"), "/api/v2/contacts", "POST contacts"},
		{"PUT", pathFor(t, "contacts"), "/api/v2/contacts", "PUT contacts"},
		{"POST", pathFor(t, "users/{id}/initiate_call", ID(2)), "/api/v2/users/2/initiate_call", "POST users/{}/initiate_call"},
		{"POST", pathFor(t, "users/{id}/screenpop", ID(3)), "/api/v2/users/3/screenpop", "POST users/{}/screenpop"},
		{"GET", pathFor(t, "users/{id}/deskphones/{id}", ID(1), ID(9)), "/api/v2/users/1/deskphones/9", "GET users/{}/deskphones/{}"},
		{"POST", pathFor(t, "webhooks"), "/api/v2/webhooks", "POST webhooks"},
		{"GET", pathFor(t, "subscriptions/changelog/{id}", ID(7)), "/api/v2/subscriptions/changelog/7", "GET subscriptions/changelog/{}"},
	}
	for _, tc := range cases {
		path, key, err := tc.p.build(tc.method)
		if err != nil || path != tc.path || key != tc.key {
			t.Errorf("build(%s) = %q, %q, %v; want %q, %q", tc.method, path, key, err, tc.path, tc.key)
		}
	}
	// Every special limit is keyed the way apiPath.build keys requests.
	for key := range endpointLimits {
		found := false
		for _, tc := range cases {
			found = found || tc.key == key
		}
		if !found {
			t.Errorf("endpointLimits[%q] has no case here", key)
		}
	}
}

func TestEndpointLimiterRates(t *testing.T) {
	t.Parallel()
	e := newEndpointLimiters(time.Minute)
	for key, perMinute := range map[string]int{
		"POST contacts":               100,
		"PUT contacts":                100,
		"POST users/{}/initiate_call": 5,
		"POST users/{}/screenpop":     5,
		"GET users":                   1200,
		"PATCH users/{}":              1200,
	} {
		l := e.get(key)
		if e.get(key) != l {
			t.Errorf("%s: a second get made a new limiter", key)
		}
		want := float64(perMinute) * rateHeadroom / 60
		if got := 1 / l.window.Seconds(); got < want*0.999 || got > want*1.001 || l.n != 1 || l.gap != l.window {
			t.Errorf("%s: %v/s, %d per window, want %v/s one at a time", key, got, l.n, want)
		}
	}
	if e.get("POST contacts") == e.get("PUT contacts") {
		t.Error("two endpoints share a limiter")
	}
	w := defaultCompanyLimiter().(*windowLimiter)
	if w.n != CompanyRateLimit || w.window < time.Second || w.window > time.Second+50*time.Millisecond {
		t.Errorf("default company limiter: %d per %v, want %d per just over a second", w.n, w.window, CompanyRateLimit)
	}
	if r := float64(w.n) / w.window.Seconds(); r < 19 {
		t.Errorf("default company limiter: %.2f requests a second, want at least 19", r)
	}
}

// TestWindowLimiter checks the default company limiter's algorithm on its
// own, on the fake clock: 23 releases of 5 per 100ms window, with slots
// 20ms apart, asked for by 6 goroutines at once, go exactly 20ms apart, and
// no window holds more than 5.
func TestWindowLimiter(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const n, window, total, workers = 5, 100 * time.Millisecond, 23, 6
		l := newWindowLimiter(n, window, window/n)
		var (
			next     atomic.Int64
			wg       sync.WaitGroup
			mu       sync.Mutex
			releases []time.Duration
		)
		start := time.Now()
		for range workers {
			wg.Go(func() {
				for next.Add(1) <= total {
					if !assert.NoError(t, l.Wait(context.Background())) {
						return
					}
					mu.Lock()
					releases = append(releases, time.Since(start))
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		slices.Sort(releases)
		want := make([]time.Duration, total)
		for i := range want {
			want[i] = time.Duration(i) * window / n
		}
		assert.Equal(t, want, releases)
		for i := 0; i+n < total; i++ {
			assert.GreaterOrEqual(t, releases[i+n]-releases[i], window, "releases %d to %d", i, i+n)
		}
		require.NotEmpty(t, l.sent.times())
		require.LessOrEqual(t, len(l.sent.times()), n, "the limiter remembers more releases than a window holds")
		assert.True(t, slices.IsSortedFunc(l.sent.times(), func(a, b time.Time) int { return a.Compare(b) }), "releases out of order: %v", l.sent.times())
	})
}

func TestWindowLimiterRefusesAtOnce(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := newWindowLimiter(3, time.Hour, time.Hour/3)
		ctx := context.Background()
		for range 3 {
			require.NoError(t, l.Wait(ctx)) // the first three slots are gap (20 min) apart...
			l.slot = time.Time{}            // ...unless the gap is waived, to fill the window now
		}
		require.Len(t, l.sent.times(), 3)
		// The window is full for an hour: a deadline a minute away is refused
		// at once, and nothing is recorded.
		dctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		start := time.Now()
		err := l.Wait(dctx)
		assert.Zero(t, time.Since(start), "the refusal waited")
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.NoError(t, dctx.Err(), "refused at the deadline, not before it")
		assert.Len(t, l.sent.times(), 3, "a refusal was recorded")
	})
}

func TestWindowLimiterCancel(t *testing.T) {
	t.Parallel()
	l := newWindowLimiter(1, time.Hour, time.Hour)
	ctx := context.Background()
	require.NoError(t, l.Wait(ctx))
	// Two waiters: the first in line sleeps on its slot an hour away, the
	// second waits for its turn. Both return when cancelled.
	errs := make(chan error, 2)
	cctx, cancel := context.WithCancel(ctx)
	for range 2 {
		go func() { errs <- l.Wait(cctx) }()
	}
	cancel()
	for range 2 {
		assert.ErrorIs(t, <-errs, context.Canceled)
	}
	done, stop := context.WithCancel(ctx)
	stop()
	assert.ErrorIs(t, l.Wait(done), context.Canceled)
	if len(l.sent.times()) != 1 {
		t.Errorf("%d requests recorded, want 1", len(l.sent.times()))
	}
}

// TestEndpointLimiterRefusesSlowKey shows, without timing anything, which
// requests share a per-endpoint budget: with the period stretched to an
// hour, each endpoint's first request goes at once and its second would wait
// more than the context's deadline, so the limiter refuses it at once.
func TestEndpointLimiterRefusesSlowKey(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		replyJSON(w, http.StatusOK, `{}`)
	})
	c := plumbingClient(t, srv.URL, WithEndpointLimits(true), withEndpointPeriod(time.Hour))
	// POST contacts' next token is 36s away, initiate_call's 12 minutes.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	post := func(p apiPath) error {
		_, err := send[struct{}](ctx, c, http.MethodPost, nil, map[string]string{}, p)
		return err
	}
	get := func(p apiPath) error {
		_, err := send[struct{}](ctx, c, http.MethodGet, nil, nil, p)
		return err
	}
	steps := []struct {
		name string
		call func() error
		sent bool
	}{
		{"first POST contacts", func() error { return post(pathTo("contacts")) }, true},
		{"second POST contacts", func() error { return post(pathTo("contacts")) }, false},
		{"GET contacts (its own budget)", func() error { return get(pathTo("contacts")) }, true},
		{"first initiate_call for user 1", func() error { return post(pathTo("users").id("id", 1).then("initiate_call")) }, true},
		{"initiate_call for user 2 (same endpoint)", func() error { return post(pathTo("users").id("id", 2).then("initiate_call")) }, false},
		{"screenpop for user 1 (its own budget)", func() error { return post(pathTo("users").id("id", 1).then("screenpop")) }, true},
	}
	for _, s := range steps {
		before := n.Load()
		err := s.call()
		if sent := n.Load() > before; sent != s.sent {
			t.Errorf("%s: sent = %v, want %v (err %v)", s.name, sent, s.sent, err)
		}
		if !s.sent {
			assert.ErrorIs(t, err, context.DeadlineExceeded, s.name)
		}
	}

	// Without endpoint limits nothing but the company limiter applies.
	off := plumbingClient(t, srv.URL, WithEndpointLimits(false), withEndpointPeriod(time.Hour))
	before := n.Load()
	for range 3 {
		if _, err := send[struct{}](ctx, off, http.MethodPost, nil, map[string]string{}, pathTo("contacts")); err != nil {
			t.Fatal(err)
		}
	}
	if n.Load()-before != 3 {
		t.Errorf("with endpoint limits off, %d of 3 requests were sent", n.Load()-before)
	}
}

// TestEndpointLimiterPaces scales the period down to a second, so that POST
// contacts allows 100 requests a second less the headroom, and checks on
// the fake clock that 11 requests in a row go exactly one interval apart.
func TestEndpointLimiterPaces(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		api := newMockAPI(always(http.StatusOK, `{}`))
		c := api.client(t, WithRateLimit(1e6, 1000), withEndpointPeriod(time.Second))
		for range 11 {
			_, err := send[struct{}](context.Background(), c, http.MethodPost, nil, map[string]string{}, pathTo("contacts"))
			require.NoError(t, err)
		}
		perSecond := 100.0 // POST contacts: 100 per (scaled) minute, less headroom
		interval := time.Duration(float64(time.Second) / (perSecond * rateHeadroom))
		assert.Equal(t, repeat(10, interval), api.gaps())
	})
}

// Fake-clock tests: inside a synctest bubble time moves only when every
// goroutine is blocked, so scheduling cannot shift anything and the tests
// can assert exact times. The client talks to an in-memory transport
// (mockAPI: no sockets, which a bubble cannot wait on).

func TestEndpointLimitsFakeClock(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		api := newMockAPI(always(http.StatusOK, `{}`))
		c := api.client(t) // the real periods: a minute
		ctx := context.Background()
		start := time.Now()
		for i := range 3 {
			_, err := send[struct{}](ctx, c, http.MethodPost, nil, map[string]int{"n": i}, pathTo("users").id("userID", ID(i+1)).then("initiate_call"))
			require.NoError(t, err)
			_, err = send[struct{}](ctx, c, http.MethodPost, nil, map[string]int{"n": i}, pathTo("contacts"))
			require.NoError(t, err)
		}
		perMinute := 5 * rateHeadroom // initiate_call; POST contacts' 100 a minute never binds here
		call := time.Duration(float64(time.Minute) / perMinute)
		var got []time.Duration
		for _, at := range api.arrivals() {
			got = append(got, at.Sub(start))
		}
		assert.Equal(t, []time.Duration{
			0, window20(1), // call 1, then contact 1 one company slot later
			call, call + window20(1), // call 2 waits for its endpoint, contact 2 for call 2
			2 * call, 2*call + window20(1),
		}, got, "%q", api.requests())
	})
}

// window20 is n slots of the default company limiter.
func window20(n int) time.Duration {
	return time.Duration(n) * (time.Second + companySlack) / CompanyRateLimit
}

func TestWindowLimiterFakeClock(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := defaultCompanyLimiter()
		ctx := context.Background()
		require.NoError(t, l.Wait(ctx))
		// A waiter cancelled while it sleeps on its slot returns at once.
		cctx, cancel := context.WithCancel(ctx)
		done := make(chan error)
		go func() { done <- l.Wait(cctx) }()
		synctest.Wait() // it is asleep on its timer now
		start := time.Now()
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
		assert.Zero(t, time.Since(start), "returned after the cancel")
		// A deadline before the slot is refused at once, without sleeping.
		dctx, cancel2 := context.WithTimeout(ctx, time.Millisecond)
		defer cancel2()
		start = time.Now()
		assert.ErrorIs(t, l.Wait(dctx), context.DeadlineExceeded)
		assert.Zero(t, time.Since(start), "the refusal waited")
		// After an idle spell there is no burst saved up.
		time.Sleep(time.Hour)
		start = time.Now()
		for range 3 {
			require.NoError(t, l.Wait(ctx))
		}
		if got := time.Since(start); got != window20(2) {
			t.Errorf("three requests after an idle hour took %v, want two slots (%v)", got, window20(2))
		}
	})
}

// TestClientLimiterCancel cancels a call while it waits on the company
// limiter, the default one or a custom rate.Limiter (an hour per request):
// it returns at that instant and sends nothing.
func TestClientLimiterCancel(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]Option{
		"default":      nil,
		"rate.Limiter": WithLimiter(rate.NewLimiter(rate.Every(time.Hour), 1)),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				api := newMockAPI(always(http.StatusOK, `{"id": "1"}`))
				c := api.client(t, opt)
				ctx := context.Background()
				_, err := c.Users.Get(ctx, 1)
				require.NoError(t, err)
				cctx, cancel := context.WithCancel(ctx)
				done := make(chan error)
				go func() {
					_, err := c.Users.Get(cctx, 2)
					done <- err
				}()
				synctest.Wait() // the second call is asleep in the limiter
				start := time.Now()
				cancel()
				require.ErrorIs(t, <-done, context.Canceled)
				assert.Zero(t, time.Since(start), "returned after the cancel")
				assert.Len(t, api.arrivals(), 1)
			})
		})
	}
}

// TestWindowLimiterForgetsOldReleases checks that a large burst costs
// memory only for the releases of the last window, not for burst of them.
func TestWindowLimiterForgetsOldReleases(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := NewRateLimiter(1e6, 1<<20).(*windowLimiter) // a window of about 1.05s
		for range 100 {
			require.NoError(t, l.Wait(context.Background()))
			time.Sleep(100 * time.Millisecond)
		}
		if len(l.sent.times()) > 11 {
			t.Errorf("the limiter remembers %d releases, want the last window's (11 at most)", len(l.sent.times()))
		}
	})
}

// withEndpointPeriod scales the per-endpoint limits: each operation allows
// its documented count per period instead of per minute. Tests use it to see
// the pacing without waiting minutes.
func withEndpointPeriod(period time.Duration) Option {
	return func(c *config) error {
		if period <= 0 {
			return errors.New("dialpad: withEndpointPeriod: need a positive period")
		}
		c.endpointPeriod = period
		return nil
	}
}

// times returns the ring's times, oldest first.
func (r *timeRing) times() []time.Time {
	out := make([]time.Time, r.len())
	for i := range out {
		out[i] = r.at(i)
	}
	return out
}

// TestTimeRing: the ring keeps times in order through growth and
// wrap-around.
func TestTimeRing(t *testing.T) {
	t.Parallel()
	var r timeRing
	base := time.Unix(0, 0)
	var want []time.Time
	for i := range 100 {
		r.push(base.Add(time.Duration(i)))
		want = append(want, base.Add(time.Duration(i)))
		if i%3 == 0 {
			r.dropOldest()
			want = want[1:]
		}
		require.Equal(t, want, r.times(), "after %d pushes", i+1)
	}
}

// BenchmarkWindowLimiterHistory: a limiter with a burst of 1<<20 whose
// history holds 1<<10 to 1<<19 releases, each call releasing one request
// and ageing out the oldest, on a clock the benchmark drives (one
// microsecond a call, a window of history-length microseconds). A call
// costs the same whatever the history's length: the ring drops from its
// front instead of copying what it keeps.
func BenchmarkWindowLimiterHistory(b *testing.B) {
	for _, history := range []int{1 << 10, 1 << 14, 1 << 19} {
		b.Run(fmt.Sprintf("history=%d", history), func(b *testing.B) {
			const step = time.Microsecond
			l := newWindowLimiter(1<<20, time.Duration(history)*step, 0)
			now := time.Unix(0, 0)
			l.now = func() time.Time { return now }
			ctx := context.Background()
			for range history { // fill the window
				now = now.Add(step)
				if err := l.Wait(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				now = now.Add(step)
				if err := l.Wait(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if got := l.sent.len(); got != history {
				b.Fatalf("history holds %d releases, want %d", got, history)
			}
		})
	}
}

// TestCompanyLimiterRefusesAtOnce: with the company limiter alone, a call
// whose deadline comes before its slot is refused as it arrives, even behind
// other waiters.
func TestCompanyLimiterRefusesAtOnce(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]Option{
		"default":       nil,
		"WithRateLimit": WithRateLimit(20, 1),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				f := newMockAPI(always(http.StatusOK, `{"id": "1"}`))
				c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: f}), WithEndpointLimits(false), opt)
				require.NoError(t, err)
				gap := window20(1) // the default's slot; WithRateLimit(20, 1)'s is 50ms
				if opt != nil {
					gap = 50 * time.Millisecond
				}
				ctx := context.Background()
				start := time.Now()
				_, err = c.Users.Get(ctx, 1) // slot 0
				require.NoError(t, err)

				// A second call waits for slot 1 (no deadline)...
				done := make(chan error)
				go func() { _, err := c.Users.Get(ctx, 2); done <- err }()
				synctest.Wait()

				// ...so a third, whose deadline falls before slot 2, is refused
				// now, without waiting its turn.
				dctx, cancel := context.WithTimeout(ctx, gap+gap/2)
				defer cancel()
				before := time.Now()
				_, err = c.Users.Get(dctx, 3)
				assert.Zero(t, time.Since(before), "the refusal waited")
				require.ErrorIs(t, err, context.DeadlineExceeded)
				require.ErrorIs(t, err, errLimiterRefused)
				assert.Equal(t, fmt.Sprintf("dialpad: GET /api/v2/users/3: limiter refused the request: the next request slot is %v away, after the context's deadline",
					(2*gap).Round(time.Millisecond)), err.Error())

				// A fourth, whose deadline falls after slot 2, gets it.
				dctx2, cancel2 := context.WithTimeout(ctx, 2*gap+gap/2)
				defer cancel2()
				_, err = c.Users.Get(dctx2, 4)
				require.NoError(t, err)
				require.NoError(t, <-done)
				times := f.arrivals()
				require.Len(t, times, 3)
				assert.Equal(t, []time.Duration{0, gap, 2 * gap}, []time.Duration{times[0].Sub(start), times[1].Sub(start), times[2].Sub(start)})
				assert.Equal(t, []string{"GET /api/v2/users/1", "GET /api/v2/users/2", "GET /api/v2/users/4"}, f.requests())
			})
		})
	}
}

// TestWithRateLimitIsAWindowLimiter: WithRateLimit and NewRateLimiter give
// the same kind of limiter as the default: a window counted by real release
// times, burst respected.
func TestWithRateLimitIsAWindowLimiter(t *testing.T) {
	t.Parallel()
	_, ok := NewRateLimiter(5, 2).(*windowLimiter)
	assert.True(t, ok, "NewRateLimiter returns %T", NewRateLimiter(5, 2))
	synctest.Test(t, func(t *testing.T) {
		f := newMockAPI(always(http.StatusOK, `{"id": "1"}`))
		// 10 a second in bursts of 3: at most 3 in any 300ms.
		c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: f}), WithRateLimit(10, 3), WithEndpointLimits(false))
		require.NoError(t, err)
		start := time.Now()
		var wg sync.WaitGroup
		for range 7 {
			wg.Go(func() {
				_, err := c.Users.Get(context.Background(), 1)
				assert.NoError(t, err)
			})
		}
		wg.Wait()
		var got []time.Duration
		for _, at := range f.arrivals() {
			got = append(got, at.Sub(start))
		}
		ms := time.Millisecond
		assert.Equal(t, []time.Duration{0, 0, 0, 300 * ms, 300 * ms, 300 * ms, 600 * ms}, got)
	})
}

// A custom Limiter's refusal keeps its own meaning: DeadlineExceeded only
// when the limiter says so (no special case for any limiter type).
func TestCustomLimiterDeadline(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {})
	l := &failingLimiter{err: fmt.Errorf("dialpad-redis: slot in 3s: %w", context.DeadlineExceeded)}
	_, err := plumbingClient(t, srv.URL, WithLimiter(l)).Users.Get(context.Background(), 1)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorIs(t, err, errLimiterRefused)
	assert.Equal(t, int64(0), n.Load())
}

func TestLimiterErrorMessage(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newMockAPI(always(http.StatusOK, `{"id": "42"}`))
		c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: f}), WithRateLimit(20, 1), WithEndpointLimits(false))
		require.NoError(t, err)
		_, err = c.Users.Get(context.Background(), 42)
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		_, err = c.Users.Get(ctx, 42)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, "dialpad: GET /api/v2/users/42: limiter refused the request: the next request slot is 50ms away, after the context's deadline", err.Error())
	})
}

// slidingWindow is a responder that enforces "at most n requests in any
// window", as Dialpad documents its per-endpoint limits, and answers 429
// beyond it. Register one per endpoint.
type slidingWindow struct {
	n        int
	window   time.Duration
	mu       sync.Mutex
	arrivals []time.Time // accepted requests still inside the window
	ok, t429 int
}

func (s *slidingWindow) respond(r *http.Request) (*http.Response, error) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	recent := s.arrivals[:0]
	for _, t := range s.arrivals {
		if now.Sub(t) < s.window {
			recent = append(recent, t)
		}
	}
	s.arrivals = recent
	if len(recent) >= s.n {
		s.t429++
		return answer(http.StatusTooManyRequests, http.Header{"Retry-After": {"60"}},
			`{"error": {"code": 429, "message": "rate limited"}}`), nil
	}
	s.arrivals = append(s.arrivals, now)
	s.ok++
	return answer(http.StatusOK, nil, `{"id": "1", "device": {"id": "d1"}}`), nil // a contact, or a call's device
}

// TestBulkLoopsStayUnderEndpointLimits runs bulk loops over Contacts.Create
// (100 a minute) and Calls.Initiate (5 a minute) on a default Client against
// a server enforcing exactly those limits in sliding one-minute windows. The
// fake clock of testing/synctest lets minutes pass instantly and without
// scheduling jitter; not one request may be answered 429.
func TestBulkLoopsStayUnderEndpointLimits(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		contacts := &slidingWindow{n: 100, window: time.Minute}
		calls := &slidingWindow{n: 5, window: time.Minute}
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder(http.MethodPost, "https://dialpad.com/api/v2/contacts", contacts.respond)
		mt.RegisterResponder(http.MethodPost, "https://dialpad.com/api/v2/users/42/initiate_call", calls.respond)
		c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: mt}), WithMaxRetries(0))
		require.NoError(t, err)
		ctx := context.Background()
		var wg sync.WaitGroup
		start := time.Now()
		wg.Go(func() {
			for range 250 {
				_, err := c.Contacts.Create(ctx, &CreateContactRequest{FirstName: "Jane", LastName: "Doe"})
				if !assert.NoError(t, err) {
					return
				}
			}
		})
		wg.Go(func() {
			for range 12 {
				_, err := c.Calls.Initiate(ctx, 42, &InitiateCallRequest{PhoneNumber: "+14155551001"})
				if !assert.NoError(t, err) {
					return
				}
			}
		})
		wg.Wait()
		took := time.Since(start)
		assert.Equal(t, [2]int{250, 0}, [2]int{contacts.ok, contacts.t429}, "contacts answered, 429s")
		assert.Equal(t, [2]int{12, 0}, [2]int{calls.ok, calls.t429}, "calls answered, 429s")
		assert.Equal(t, 262, mt.GetTotalCallCount())
		// 12 calls at 5 a minute (less the headroom) need 11 intervals;
		// 250 contacts at 100 a minute, 249, which is longer.
		every := func(perMinute float64) time.Duration {
			return time.Duration(float64(time.Minute) / (perMinute * rateHeadroom))
		}
		assert.Equal(t, 249*every(100), took, "the loops took that long on the fake clock")
		t.Logf("250 contacts and 12 calls in %v of fake time, no 429", took.Round(time.Second))
	})
}
