package redislimit_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/contrib/redislimit"
	"github.com/redis/go-redis/v9"
)

// quietRedis drops go-redis's own log lines ("failed to dial"), which the
// tests that run without a Redis provoke on purpose.
type quietRedis struct{}

func (quietRedis) Printf(context.Context, string, ...any) {}

func TestMain(m *testing.M) {
	redis.SetLogger(quietRedis{})
	os.Exit(m.Run())
}

// redisAddr returns REDIS_ADDR or skips the test: the tests that need a
// real Redis run under ci.sh, which starts one.
func redisAddr(t *testing.T) string {
	t.Helper()
	addr := os.Getenv("REDIS_ADDR")
	if addr == "" {
		t.Skip("REDIS_ADDR is not set; run ci.sh for the Redis tests")
	}
	return addr
}

// newRedis returns a client of its own for addr, closed when the test ends:
// each Limiter in these tests stands for a separate process.
func newRedis(t *testing.T, addr string) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(redislimit.RedisOptions(addr))
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// company returns a company name no other test or run uses, so that no
// earlier state in Redis affects the test.
func company(t *testing.T) string {
	return fmt.Sprintf("%s-%d", t.Name(), time.Now().UnixNano())
}

// freePort returns a loopback port nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	return port
}

// recorder is a slog.Handler that keeps every record.
type recorder struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *recorder) WithGroup(string) slog.Handler            { return r }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recs = append(r.recs, rec.Clone())
	return nil
}

// count returns how many records of level whose message contains substr
// were logged.
func (r *recorder) count(level slog.Level, substr string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, rec := range r.recs {
		if rec.Level == level && strings.Contains(rec.Message, substr) {
			n++
		}
	}
	return n
}

func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, rec := range r.recs {
		fmt.Fprintf(&b, "%s %s;", rec.Level, rec.Message)
	}
	return b.String()
}

// arrivals is a loopback Dialpad stand-in that records when each request
// arrives and answers GET /api/v2/users/{id} with a user.
type arrivals struct {
	mu    sync.Mutex
	times []time.Time
	from  []string // the User-Agent of each request, naming its client
	srv   *httptest.Server
}

func newArrivals(t *testing.T) *arrivals {
	a := &arrivals{}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		a.mu.Lock()
		a.times = append(a.times, now)
		a.from = append(a.from, r.Header.Get("User-Agent"))
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id": "1", "display_name": "Test User"}`))
	}))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *arrivals) snapshot() []time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	ts := slices.Clone(a.times)
	slices.SortFunc(ts, func(x, y time.Time) int { return x.Compare(y) })
	return ts
}

func (a *arrivals) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.times)
}

// maxInWindow returns the largest number of sorted times in any half-open
// window [t, t+w) that starts at one of them and lies within [from, to),
// and where that window starts.
func maxInWindow(ts []time.Time, w time.Duration, from, to time.Time) (int, time.Time) {
	best, at := 0, time.Time{}
	k := 0
	for i, t := range ts {
		if t.Before(from) || t.Add(w).After(to) {
			continue
		}
		if k < i {
			k = i
		}
		for k < len(ts) && ts[k].Before(t.Add(w)) {
			k++
		}
		if k-i > best {
			best, at = k-i, t
		}
	}
	return best, at
}

// countIn returns how many sorted times fall in [from, to).
func countIn(ts []time.Time, from, to time.Time) int {
	n := 0
	for _, t := range ts {
		if !t.Before(from) && t.Before(to) {
			n++
		}
	}
	return n
}

func newClient(t *testing.T, baseURL string, lim dialpad.Limiter, name string) *dialpad.Client {
	t.Helper()
	c, err := dialpad.NewClient("test-key",
		dialpad.WithBaseURL(baseURL),
		dialpad.WithLimiter(lim),
		dialpad.WithEndpointLimits(false),
		dialpad.WithMaxRetries(0),
		dialpad.WithUserAgent(name),
	)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// hammer runs workers goroutines that call Users.Get on c until ctx ends,
// reporting any error that is not the context's.
func hammer(t *testing.T, ctx context.Context, wg *sync.WaitGroup, c *dialpad.Client, workers int) {
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				if _, err := c.Users.Get(ctx, "1"); err != nil && ctx.Err() == nil &&
					!errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("Users.Get: %v", err)
					return
				}
			}
		})
	}
}

// TestSharedBudget runs three clients, each with its own Limiter and Redis
// connection as if in three processes, against one server: together they
// must never put more than 20 requests into any one-second window, and must
// still use at least 95% of the 20 per second.
func TestSharedBudget(t *testing.T) {
	addr := redisAddr(t)
	srv := newArrivals(t)
	co := company(t)
	const clients, workers = 3, 4
	const run = 5500 * time.Millisecond

	ctx, cancel := context.WithTimeout(context.Background(), run)
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	for i := range clients {
		lim, err := redislimit.New(newRedis(t, addr), co, redislimit.WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			t.Fatal(err)
		}
		hammer(t, ctx, &wg, newClient(t, srv.srv.URL, lim, "client-"+strconv.Itoa(i)), workers)
	}
	wg.Wait()
	ts := srv.snapshot()
	if len(ts) < 2 {
		t.Fatalf("only %d requests arrived", len(ts))
	}

	span := ts[len(ts)-1].Sub(ts[0])
	rps := float64(len(ts)-1) / span.Seconds()
	worst, at := maxInWindow(ts, time.Second, ts[0], ts[len(ts)-1].Add(time.Second))
	per := map[string]int{}
	srv.mu.Lock()
	for _, f := range srv.from {
		per[strings.Fields(f)[0]]++
	}
	srv.mu.Unlock()
	t.Logf("%d clients x %d goroutines for %v: %d requests, first to last %v = %.2f req/s (%.1f%% of %d/s); "+
		"busiest 1 s window holds %d (starting %v in); per client %v",
		clients, workers, run, len(ts), span.Round(time.Millisecond), rps,
		100*rps/dialpad.CompanyRateLimit, dialpad.CompanyRateLimit, worst, at.Sub(start).Round(time.Millisecond), per)

	if worst > dialpad.CompanyRateLimit {
		t.Errorf("a one-second window held %d requests, more than %d", worst, dialpad.CompanyRateLimit)
	}
	if want := 0.95 * dialpad.CompanyRateLimit; rps < want {
		t.Errorf("together the clients reached %.2f req/s, under 95%% of the limit (%.2f)", rps, want)
	}
	if span < run-time.Second {
		t.Errorf("requests spanned only %v of the %v run", span, run)
	}
	for i := range clients {
		if n := per["client-"+strconv.Itoa(i)]; n < len(ts)/(clients*4) {
			t.Errorf("client-%d sent only %d of %d requests", i, n, len(ts))
		}
	}
}

// redisServer is a redis-server this test started and will stop.
type redisServer struct {
	t    *testing.T
	port int
	cmd  *exec.Cmd
}

// startRedis starts a throwaway redis-server on port (a free one when 0)
// with no persistence, waits until it answers, and stops it when the test
// ends.
func startRedis(t *testing.T, port int) *redisServer {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server is not installed")
	}
	if port == 0 {
		port = freePort(t)
	}
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &redisServer{t: t, port: port, cmd: cmd}
	t.Cleanup(s.kill)
	rdb := redis.NewClient(&redis.Options{Addr: s.addr(), MaxRetries: -1})
	defer rdb.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := rdb.Ping(ctx).Err()
		cancel()
		if err == nil {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server on port %d did not answer: %v", port, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *redisServer) addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// kill stops the server with SIGKILL, as a crash would, and reaps it.
func (s *redisServer) kill() {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
}

// TestRedisOutage kills the Redis two clients share in the middle of a run,
// then starts it again on the same port (empty, as after a crash). While it
// is down the clients must keep pacing on their fallback limiters, each
// Limiter must log one warning, and once it is back one info line.
func TestRedisOutage(t *testing.T) {
	redisAddr(t) // ci.sh runs this; it starts its own server below
	rs := startRedis(t, 0)
	srv := newArrivals(t)
	co := company(t)
	const clients, workers = 2, 3
	const phase = 2 * time.Second
	const probe = 250 * time.Millisecond

	ctx, cancel := context.WithTimeout(context.Background(), 3*phase)
	defer cancel()
	var wg sync.WaitGroup
	var lims []*redislimit.Limiter
	var logs []*recorder
	start := time.Now()
	for i := range clients {
		rec := &recorder{}
		lim, err := redislimit.New(newRedis(t, rs.addr()), co,
			redislimit.WithReplicas(clients),
			redislimit.WithProbeInterval(probe),
			redislimit.WithLogger(slog.New(rec)))
		if err != nil {
			t.Fatal(err)
		}
		lims, logs = append(lims, lim), append(logs, rec)
		hammer(t, ctx, &wg, newClient(t, srv.srv.URL, lim, "client-"+strconv.Itoa(i)), workers)
	}

	time.Sleep(phase)
	killed := time.Now()
	rs.kill()
	time.Sleep(phase)
	for i, lim := range lims {
		if !lim.Degraded() {
			t.Errorf("limiter %d: not Degraded while Redis is down", i)
		}
	}
	restarted := time.Now()
	startRedis(t, rs.port)
	wg.Wait()
	end := time.Now()
	ts := srv.snapshot()

	// Let the limiters settle onto the fallback and back: the first local
	// grant waits one fallback interval, and a probe every 250 ms.
	settle := 500 * time.Millisecond
	before := countIn(ts, start, killed)
	during := countIn(ts, killed.Add(settle), restarted)
	after := countIn(ts, restarted.Add(settle), end)
	duringRPS := float64(during) / (restarted.Sub(killed) - settle).Seconds()
	afterRPS := float64(after) / (end.Sub(restarted) - settle).Seconds()
	worstUp, _ := maxInWindow(ts, time.Second, start, restarted)
	worstAll, worstAt := maxInWindow(ts, time.Second, start, end.Add(time.Second))
	t.Logf("Redis up %v: %d requests; killed, fallback (2 x %.2f req/s): %.2f req/s; restarted: %.2f req/s; "+
		"busiest 1 s window before the restart %d, over the whole run %d (from %v)",
		killed.Sub(start).Round(time.Millisecond), before, redislimit.DefaultRate/clients, duringRPS, afterRPS,
		worstUp, worstAll, worstAt.Sub(start).Round(time.Millisecond))
	for i, rec := range logs {
		t.Logf("limiter %d logged: %s", i, rec)
	}
	if os.Getenv("DEBUG_TIMELINE") != "" { // every arrival, in ms from the start
		var b strings.Builder
		for _, ts := range ts {
			fmt.Fprintf(&b, " %d", ts.Sub(start).Milliseconds())
		}
		t.Logf("killed %d restarted %d: %s", killed.Sub(start).Milliseconds(), restarted.Sub(start).Milliseconds(), b.String())
	}

	if worstUp > dialpad.CompanyRateLimit {
		t.Errorf("before the restart a one-second window held %d requests, more than %d", worstUp, dialpad.CompanyRateLimit)
	}
	if worstAll > dialpad.CompanyRateLimit {
		t.Errorf("a one-second window held %d requests, more than %d", worstAll, dialpad.CompanyRateLimit)
	}
	if lo, hi := 0.8*redislimit.DefaultRate, redislimit.DefaultRate*1.05; duringRPS < lo || duringRPS > hi {
		t.Errorf("while Redis was down the clients sent %.2f req/s; want the fallback's pace, %.2f to %.2f", duringRPS, lo, hi)
	}
	if afterRPS < 0.9*redislimit.DefaultRate {
		t.Errorf("after Redis came back the clients sent only %.2f req/s", afterRPS)
	}
	for i, rec := range logs {
		if n := rec.count(slog.LevelWarn, "unreachable"); n != 1 {
			t.Errorf("limiter %d logged %d warnings for one outage, want 1", i, n)
		}
		if n := rec.count(slog.LevelInfo, "reachable again"); n != 1 {
			t.Errorf("limiter %d logged %d recoveries, want 1", i, n)
		}
	}
	for i, lim := range lims {
		if lim.Degraded() {
			t.Errorf("limiter %d: still Degraded after Redis came back", i)
		}
	}
}

// deadRedis returns a client for a loopback port nothing listens on.
func deadRedis(t *testing.T) *redis.Client {
	return newRedis(t, "127.0.0.1:"+strconv.Itoa(freePort(t)))
}

// TestFailClosed: with WithFailClosed and no Redis, the call fails with
// ErrUnavailable at once and the server sees nothing.
func TestFailClosed(t *testing.T) {
	srv := newArrivals(t)
	rec := &recorder{}
	lim, err := redislimit.New(deadRedis(t), company(t),
		redislimit.WithFailClosed(), redislimit.WithLogger(slog.New(rec)))
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv.srv.URL, lim, "fail-closed")
	for i := range 3 {
		start := time.Now()
		_, err := c.Users.Get(context.Background(), "1")
		took := time.Since(start)
		if !errors.Is(err, redislimit.ErrUnavailable) {
			t.Fatalf("call %d: got %v, want an error wrapping ErrUnavailable", i, err)
		}
		if took > time.Second {
			t.Errorf("call %d took %v to fail", i, took)
		}
		t.Logf("call %d failed after %v: %v", i, took.Round(time.Microsecond), err)
	}
	if n := srv.count(); n != 0 {
		t.Errorf("the server saw %d requests, want 0", n)
	}
	if n := rec.count(slog.LevelWarn, "unreachable"); n != 1 {
		t.Errorf("logged %d warnings, want 1: %s", n, rec)
	}
	if !lim.Degraded() {
		t.Error("not Degraded")
	}
}

// TestFallbackWithoutRedis: by default a Limiter whose Redis never answers
// paces at its fallback rate, starting with an empty bucket.
func TestFallbackWithoutRedis(t *testing.T) {
	rec := &recorder{}
	lim, err := redislimit.New(deadRedis(t), company(t),
		redislimit.WithFallbackRate(20, 1), redislimit.WithLogger(slog.New(rec)))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	const n = 6
	for range n {
		if err := lim.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	took := time.Since(start)
	// n grants at 20/s from an empty bucket take n*50 ms.
	if took < n*45*time.Millisecond || took > n*50*time.Millisecond+time.Second {
		t.Errorf("%d fallback grants took %v, want about %v", n, took, n*50*time.Millisecond)
	}
	if c := rec.count(slog.LevelWarn, "pacing locally"); c != 1 {
		t.Errorf("logged %d warnings, want 1: %s", c, rec)
	}
	t.Logf("%d fallback grants in %v; log: %s", n, took.Round(time.Millisecond), rec)
}

// TestDefaultFallbackRate: without WithReplicas or WithFallbackRate the
// fallback allows DefaultRate/DefaultReplicas.
func TestDefaultFallbackRate(t *testing.T) {
	rec := &recorder{}
	lim, err := redislimit.New(deadRedis(t), company(t), redislimit.WithLogger(slog.New(rec)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	start := time.Now()
	for range 3 {
		if err := lim.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	perSecond := redislimit.DefaultRate / redislimit.DefaultReplicas
	interval := time.Duration(float64(time.Second) / perSecond)
	if took := time.Since(start); took < 3*interval-50*time.Millisecond {
		t.Errorf("3 default fallback grants took %v, want about %v", took, 3*interval)
	}
}

// TestContextCancellation: a Wait that must sleep returns promptly when its
// context is cancelled, and at once when the sleep would pass its deadline;
// a goroutine queued behind another returns promptly too, and a request
// whose Wait failed is not sent.
func TestContextCancellation(t *testing.T) {
	addr := redisAddr(t)
	lim, err := redislimit.New(newRedis(t, addr), company(t),
		redislimit.WithRate(0.2, 1), // one request per 5 s
		redislimit.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	if err := lim.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}

	// Deadline shorter than the wait: return at once.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	start := time.Now()
	err = lim.Wait(ctx)
	took := time.Since(start)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) || took > 200*time.Millisecond {
		t.Errorf("Wait with a 1 s deadline and a ~5 s wait: %v after %v; want DeadlineExceeded at once", err, took)
	}
	t.Logf("deadline: %v after %v", err, took.Round(time.Microsecond))

	// Cancelled mid-sleep, and one queued behind it.
	ctx, cancel = context.WithCancel(context.Background())
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- lim.Wait(ctx) }()
	}
	time.Sleep(100 * time.Millisecond)
	start = time.Now()
	cancel()
	for range 2 {
		select {
		case err := <-errs:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled Wait returned %v", err)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("cancelled Wait did not return")
		}
	}
	if took := time.Since(start); took > 100*time.Millisecond {
		t.Errorf("cancelled Waits took %v to return", took)
	}
	t.Logf("cancel: both waiters returned %v after cancellation", time.Since(start).Round(time.Microsecond))

	// Through the client: the request is never sent.
	srv := newArrivals(t)
	c := newClient(t, srv.srv.URL, lim, "cancel")
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start = time.Now()
	_, err = c.Users.Get(ctx, "1")
	took = time.Since(start)
	if !errors.Is(err, context.Canceled) || took > time.Second {
		t.Errorf("Users.Get cancelled after 100ms: %v after %v", err, took)
	}
	if n := srv.count(); n != 0 {
		t.Errorf("the server saw %d requests, want 0", n)
	}
}

// TestFallbackCancellation: cancellation is prompt on the fallback path too.
func TestFallbackCancellation(t *testing.T) {
	lim, err := redislimit.New(deadRedis(t), company(t),
		redislimit.WithFallbackRate(0.1, 1), // the empty bucket fills in 10 s
		redislimit.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	err = lim.Wait(ctx)
	if took := time.Since(start); !errors.Is(err, context.Canceled) || took > time.Second {
		t.Errorf("cancelled fallback Wait: %v after %v", err, took)
	}
	ctx, cancel = context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start = time.Now()
	err = lim.Wait(ctx)
	if took := time.Since(start); !errors.Is(err, context.DeadlineExceeded) || took > 300*time.Millisecond {
		t.Errorf("fallback Wait past its deadline: %v after %v", err, took)
	}
}

func TestNewValidates(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	for name, tc := range map[string]struct {
		company string
		opts    []redislimit.Option
	}{
		"empty company":  {"", nil},
		"zero rate":      {"c", []redislimit.Option{redislimit.WithRate(0, 1)}},
		"zero burst":     {"c", []redislimit.Option{redislimit.WithRate(20, 0)}},
		"zero replicas":  {"c", []redislimit.Option{redislimit.WithReplicas(0)}},
		"bad fallback":   {"c", []redislimit.Option{redislimit.WithFallbackRate(-1, 1)}},
		"nil logger":     {"c", []redislimit.Option{redislimit.WithLogger(nil)}},
		"zero timeout":   {"c", []redislimit.Option{redislimit.WithTimeout(0)}},
		"zero probe":     {"c", []redislimit.Option{redislimit.WithProbeInterval(0)}},
		"empty key":      {"c", []redislimit.Option{redislimit.WithKey("")}},
		"whitespace co.": {"  ", nil},
	} {
		if _, err := redislimit.New(rdb, tc.company, tc.opts...); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
	if _, err := redislimit.New(nil, "c"); err == nil {
		t.Error("nil client: New succeeded")
	}
	lim, err := redislimit.New(rdb, "1234")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := lim.Key(), "dialpad:ratelimit:1234"; got != want {
		t.Errorf("Key() = %q, want %q", got, want)
	}
	lim, err = redislimit.New(rdb, "", redislimit.WithKey("custom"))
	if err != nil || lim.Key() != "custom" {
		t.Errorf("WithKey: %v, %v", lim, err)
	}
}
