package redislimit_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/contrib/redislimit"
	"github.com/redis/go-redis/v9"
)

// No test here measures the real clock. The pacing, the fallback and the
// cancellation tests run on the fake clock of testing/synctest against
// fakeRedis (fake_test.go) and assert exact times and counts; the tests
// against a real Redis (under ci.sh) assert only counts and states; the
// shared rate a real Redis achieves is printed by BenchmarkSharedBudget.

// quietRedis drops go-redis's own log lines ("failed to dial"), which the
// tests that run without a Redis provoke on purpose.
type quietRedis struct{}

func (quietRedis) Printf(context.Context, string, ...any) {}

func TestMain(m *testing.M) {
	redis.SetLogger(quietRedis{})
	os.Exit(m.Run())
}

// rtt is the round trip of every call to a fakeRedis in these tests, about
// that of a Redis on the same host.
const rtt = 200 * time.Microsecond

// interval is the time between two grants of a burst-1 limiter at rps, as
// the Limiter computes it.
func interval(rps float64) time.Duration { return time.Duration(float64(time.Second) / rps) }

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

// find returns the records of level whose message contains substr.
func (r *recorder) find(level slog.Level, substr string) []slog.Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []slog.Record
	for _, rec := range r.recs {
		if rec.Level == level && strings.Contains(rec.Message, substr) {
			out = append(out, rec)
		}
	}
	return out
}

func (r *recorder) count(level slog.Level, substr string) int { return len(r.find(level, substr)) }

func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, rec := range r.recs {
		fmt.Fprintf(&b, "%s %s;", rec.Level, rec.Message)
	}
	return b.String()
}

// maxInWindow returns the largest number of sorted times in any half-open
// window [t, t+w) that starts at one of them, and where that window starts.
func maxInWindow(ts []time.Time, w time.Duration) (int, time.Time) {
	best, at := 0, time.Time{}
	k := 0
	for i, t := range ts {
		k = max(k, i)
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

// newLimiter returns a Limiter on rdb for company, or fails the test.
func newLimiter(t *testing.T, rdb redis.UniversalClient, company string, opts ...redislimit.Option) *redislimit.Limiter {
	t.Helper()
	lim, err := redislimit.New(rdb, company, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return lim
}

func quiet() redislimit.Option { return redislimit.WithLogger(slog.New(slog.DiscardHandler)) }

// TestSharedBudget runs three clients, each with its own Limiter and Redis
// connection as if in three processes, four goroutines each, against one
// Redis. Between them they must space their requests at least one interval
// of the shared rate apart, so that no one-second window holds more than 20,
// and, since they always have requests waiting, at most one Redis round trip
// more than that, so that every one-second window holds exactly 20.
func TestSharedBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFakeRedis(rtt)
		f := &fakeTransport{}
		const clients, workers, total = 3, 4, 120
		var next atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for i := range clients {
			c := newClient(t, f, newLimiter(t, srv.client(), "co", quiet()), "client-"+strconv.Itoa(i))
			for range workers {
				wg.Go(func() {
					for next.Add(1) <= total {
						if _, err := c.Users.Get(context.Background(), 1); err != nil {
							t.Errorf("Users.Get: %v", err)
						}
					}
				})
			}
		}
		wg.Wait()

		ts, grants := f.arrivals(), srv.grantTimes()
		if len(ts) != total || len(grants) != total {
			t.Fatalf("%d requests sent and %d grants from Redis, want %d of each", len(ts), len(grants), total)
		}
		// The first request asks a fresh key: granted on arrival.
		if got := ts[0].Sub(start); got != rtt {
			t.Errorf("first request sent %v after the start, want one round trip (%v)", got, rtt)
		}
		for i := range ts {
			if d := ts[i].Sub(grants[i]); d != rtt/2 {
				t.Errorf("request %d sent %v after its grant, want %v (the way back from Redis)", i, d, rtt/2)
			}
		}
		// A poller wakes 1 ms before the RetryAfter Redis gave it and asks
		// again, once per round trip, until it is granted: so it is granted
		// less than one round trip after the slot opens.
		T := interval(redislimit.DefaultRate)
		for i := 1; i < len(ts); i++ {
			if gap := ts[i].Sub(ts[i-1]); gap < T || gap > T+rtt {
				t.Errorf("request %d sent %v after the one before, want %v to %v", i, gap, T, T+rtt)
			}
		}
		for i := range ts {
			end := ts[i].Add(time.Second)
			if end.After(ts[len(ts)-1]) {
				break
			}
			if n := countIn(ts, ts[i], end); n != dialpad.CompanyRateLimit {
				t.Errorf("the second from request %d holds %d requests, want %d", i, n, dialpad.CompanyRateLimit)
			}
		}
		worst, _ := maxInWindow(ts, time.Second)
		if worst > dialpad.CompanyRateLimit {
			t.Errorf("a one-second window holds %d requests", worst)
		}
		// Which process wins a slot depends on the order in which the bubble
		// runs goroutines that wake at the same instant; the times do not.
		per := make([]int, clients)
		for i := range clients {
			if per[i] = len(f.arrivalsFrom("client-" + strconv.Itoa(i))); per[i] == 0 {
				t.Errorf("client-%d sent nothing", i)
			}
		}
		calls, _ := srv.counts()
		span := ts[len(ts)-1].Sub(ts[0])
		t.Logf("fake clock: %d clients x %d goroutines: %d requests in %v (%.3f req/s), busiest second %d, per client %v, %.1f Redis calls per grant",
			clients, workers, total, span, float64(total-1)/span.Seconds(), worst, per, float64(calls)/total)
	})
}

// TestRedisOutage takes the Redis two clients share away in the middle of a
// run (every call refused) and brings it back empty, as after a crash. While
// it is down each Limiter must pace on its fallback, one fallback interval
// between grants from an empty bucket, and try Redis once per probe
// interval; each must log one warning, and once Redis is back one info line,
// within one probe and one fallback interval; after the grace period the
// shared budget runs at full speed again; and no one-second window of the
// whole run may hold more than 20 requests.
func TestRedisOutage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := runOutage(t)
		ts := r.f.arrivals()
		var graceEnd time.Time // when the last Limiter's grace period ends
		for i := range r.logs {
			if end, ok := r.checkLimiter(t, i); ok && end.After(graceEnd) {
				graceEnd = end
			}
		}
		_, failed := r.srv.counts()
		if most := outageClients * int((r.restarted.Sub(r.killed)+outageProbe-1)/outageProbe+1); failed > most {
			t.Errorf("%d calls reached Redis while it was down, want at most %d (one per probe interval and Limiter)", failed, most)
		}
		r.checkAfterGrace(t, ts, graceEnd)
		worst, at := maxInWindow(ts, time.Second)
		if worst > dialpad.CompanyRateLimit {
			t.Errorf("the second from %v holds %d requests, more than %d", at.Sub(r.start), worst, dialpad.CompanyRateLimit)
		}
		for i, lim := range r.lims {
			if lim.Degraded() {
				t.Errorf("limiter %d: still Degraded after Redis came back", i)
			}
		}
		t.Logf("fake clock: Redis up %v: %d requests; refused %v: %d requests (2 x %.2f req/s); back %v: %d requests; "+
			"%d calls to Redis while down; busiest second %d",
			outagePhase, countIn(ts, r.start, r.killed), outagePhase, countIn(ts, r.killed, r.restarted), outageFallbackRate,
			outagePhase*2, countIn(ts, r.restarted, r.start.Add(4*outagePhase)), failed, worst)
	})
}

// The set-up of TestRedisOutage: two clients of three workers each share
// one Redis, which is up for a phase, refuses every call for a phase, and
// is back (empty) for two; the Limiters probe it every outageProbe and
// fall back to their share of the rate.
const (
	outageClients      = 2
	outageWorkers      = 3
	outagePhase        = 2 * time.Second
	outageProbe        = 250 * time.Millisecond
	outageFallbackRate = redislimit.DefaultRate / outageClients
)

// outageRun is what one run of TestRedisOutage observed.
type outageRun struct {
	srv                      *fakeRedis
	f                        *fakeTransport
	lims                     []*redislimit.Limiter
	logs                     []*recorder
	start, killed, restarted time.Time
}

// runOutage runs the clients through the outage, checking halfway through
// it that every Limiter is Degraded, and returns when the run is over.
func runOutage(t *testing.T) *outageRun {
	r := &outageRun{srv: newFakeRedis(rtt), f: &fakeTransport{}, start: time.Now()}
	ctx, cancel := context.WithTimeout(context.Background(), 4*outagePhase)
	defer cancel()
	var wg sync.WaitGroup
	for i := range outageClients {
		rec := &recorder{}
		lim := newLimiter(t, r.srv.client(), "co",
			redislimit.WithReplicas(outageClients),
			redislimit.WithProbeInterval(outageProbe),
			redislimit.WithLogger(slog.New(rec)))
		r.lims, r.logs = append(r.lims, lim), append(r.logs, rec)
		c := newClient(t, r.f, lim, "client-"+strconv.Itoa(i))
		for range outageWorkers {
			wg.Go(func() {
				for ctx.Err() == nil {
					// Near the end a Wait may refuse a sleep that would
					// pass the deadline.
					if _, err := c.Users.Get(ctx, 1); err != nil && ctx.Err() == nil &&
						!errors.Is(err, context.DeadlineExceeded) {
						t.Errorf("Users.Get: %v", err)
					}
				}
			})
		}
	}

	time.Sleep(outagePhase)
	r.killed = time.Now()
	r.srv.setMode(fakeRefusing)
	time.Sleep(outagePhase / 2)
	for i, lim := range r.lims {
		if !lim.Degraded() {
			t.Errorf("limiter %d: not Degraded while Redis is down", i)
		}
	}
	time.Sleep(outagePhase / 2)
	r.restarted = time.Now()
	r.srv.setMode(fakeUp)
	wg.Wait()
	return r
}

// checkLimiter checks what limiter i logged about the outage and how its
// client paced during it and in the grace period after it, which it
// returns the end of. ok is false when the logs do not show one outage.
func (r *outageRun) checkLimiter(t *testing.T, i int) (graceEnd time.Time, ok bool) {
	I, T := interval(outageFallbackRate), interval(redislimit.DefaultRate)
	name, rec := "client-"+strconv.Itoa(i), r.logs[i]
	warns, infos := rec.find(slog.LevelWarn, "unreachable"), rec.find(slog.LevelInfo, "reachable again")
	if len(warns) != 1 || len(infos) != 1 {
		t.Errorf("limiter %d logged %d warnings and %d recoveries for one outage, want 1 of each: %s",
			i, len(warns), len(infos), rec)
		return time.Time{}, false
	}
	down, up := warns[0].Time, infos[0].Time
	if down.Before(r.killed) || down.After(r.killed.Add(T+rtt)) {
		t.Errorf("limiter %d noticed the outage %v after it began, want within a poll (%v)", i, down.Sub(r.killed), T+rtt)
	}
	// The probe falls due at most a probe interval after the
	// restart, and the next Wait, at most a fallback interval later,
	// claims it.
	if up.Before(r.restarted) || up.After(r.restarted.Add(outageProbe+I+rtt)) {
		t.Errorf("limiter %d saw Redis back %v after the restart, want within %v", i, up.Sub(r.restarted), outageProbe+I+rtt)
	}
	graceEnd = up.Add(outageProbe + I + redislimit.DefaultTimeout + time.Second)

	mine := r.f.arrivalsFrom(name)
	checkOutagePacing(t, name, mine, down, up)
	// In the grace period after the outage each request also takes a
	// fallback token (before it asks Redis, so two grants may still
	// come closer than I): no more requests than tokens.
	if n, most := countIn(mine, up, graceEnd), int(graceEnd.Sub(up)/I)+1; n > most {
		t.Errorf("%s: %d requests in the %v grace period, more than its %d fallback tokens",
			name, n, graceEnd.Sub(up), most)
	}
	return graceEnd, true
}

// checkOutagePacing checks that the requests mine of client name, while
// its Limiter saw Redis down (from down to up), came at its fallback rate.
func checkOutagePacing(t *testing.T, name string, mine []time.Time, down, up time.Time) {
	I := interval(outageFallbackRate)
	var outage []time.Time
	for _, t := range mine {
		if t.After(down) && !t.After(up) {
			outage = append(outage, t)
		}
	}
	// The bucket starts empty: the first local grant comes one
	// interval after the failure, and then one every interval
	// (the probes take less than an interval and fit in the waits).
	if len(outage) == 0 || outage[0] != down.Add(I) {
		t.Errorf("%s: first request of the outage at %v, want one fallback interval (%v) after the failure at %v",
			name, outage[:min(1, len(outage))], I, down)
	}
	for k := 1; k < len(outage); k++ {
		if gap := outage[k].Sub(outage[k-1]); gap != I {
			t.Errorf("%s: during the outage request %d came %v after the one before, want %v", name, k, gap, I)
		}
	}
	if want := int(up.Sub(down) / I); len(outage) != want {
		t.Errorf("%s: %d requests during the %v outage, want %d", name, len(outage), up.Sub(down), want)
	}
}

// checkAfterGrace checks that once every grace period is over (graceEnd,
// and the last gated wait with it), the shared budget paces the requests
// ts as in TestSharedBudget.
func (r *outageRun) checkAfterGrace(t *testing.T, ts []time.Time, graceEnd time.Time) {
	I, T := interval(outageFallbackRate), interval(redislimit.DefaultRate)
	after := 0
	for k := 1; k < len(ts); k++ {
		if ts[k-1].Before(graceEnd.Add(I)) {
			continue
		}
		after++
		if gap := ts[k].Sub(ts[k-1]); gap < T || gap > T+rtt {
			t.Errorf("after the grace period request %d came %v after the one before, want %v to %v", k, gap, T, T+rtt)
		}
	}
	if after == 0 {
		t.Errorf("no requests after the grace period (ends %v after the start)", graceEnd.Sub(r.start))
	}
}

// TestFallbackWithoutRedis: a Limiter whose Redis refuses every call paces
// at its fallback rate from an empty bucket, with one warning.
func TestFallbackWithoutRedis(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFakeRedis(rtt)
		srv.setMode(fakeRefusing)
		rec := &recorder{}
		lim := newLimiter(t, srv.client(), "co", redislimit.WithFallbackRate(20, 1), redislimit.WithLogger(slog.New(rec)))
		start := time.Now()
		for i := 1; i <= 6; i++ {
			if err := lim.Wait(context.Background()); err != nil {
				t.Fatal(err)
			}
			// One round trip to learn Redis is down, then one 50 ms interval
			// per grant.
			if got, want := time.Since(start), rtt+time.Duration(i)*50*time.Millisecond; got != want {
				t.Errorf("fallback grant %d at %v, want %v", i, got, want)
			}
		}
		if c := rec.count(slog.LevelWarn, "pacing locally"); c != 1 {
			t.Errorf("logged %d warnings, want 1: %s", c, rec)
		}
		if calls, _ := srv.counts(); calls != 1 {
			t.Errorf("%d calls to Redis within the first probe interval, want 1", calls)
		}
		if !lim.Degraded() {
			t.Error("not Degraded")
		}
	})
}

// TestDefaultFallbackRate: without WithReplicas or WithFallbackRate the
// fallback allows DefaultRate/DefaultReplicas, and one Wait per default
// probe interval (1 s) tries Redis again.
func TestDefaultFallbackRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFakeRedis(rtt)
		srv.setMode(fakeRefusing)
		lim := newLimiter(t, srv.client(), "co", quiet())
		I := interval(redislimit.DefaultRate / redislimit.DefaultReplicas)
		start := time.Now()
		for i := 1; i <= 3; i++ {
			if err := lim.Wait(context.Background()); err != nil {
				t.Fatal(err)
			}
			// The third Wait probes Redis (due 1 s after the first failure);
			// the probe's round trip fits in the wait for its token.
			if got, want := time.Since(start), rtt+time.Duration(i)*I; got != want {
				t.Errorf("default fallback grant %d at %v, want %v", i, got, want)
			}
		}
		if calls, _ := srv.counts(); calls != 2 {
			t.Errorf("%d calls to Redis in %v, want 2 (the first and one probe)", calls, time.Since(start))
		}
	})
}

// TestFailClosed: with WithFailClosed and Redis refusing, a call fails with
// ErrUnavailable once Redis has answered, the next ones at once without
// asking it until the probe interval has passed, and the server sees
// nothing.
func TestFailClosed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFakeRedis(rtt)
		srv.setMode(fakeRefusing)
		f := &fakeTransport{}
		rec := &recorder{}
		lim := newLimiter(t, srv.client(), "co", redislimit.WithFailClosed(), redislimit.WithLogger(slog.New(rec)))
		c := newClient(t, f, lim, "fail-closed")
		for i, want := range []time.Duration{rtt, 0, 0} {
			start := time.Now()
			_, err := c.Users.Get(context.Background(), 1)
			if !errors.Is(err, redislimit.ErrUnavailable) || !errors.Is(err, errRefused) {
				t.Fatalf("call %d: got %v, want an error wrapping ErrUnavailable and Redis's error", i, err)
			}
			if got := time.Since(start); got != want {
				t.Errorf("call %d failed after %v, want %v", i, got, want)
			}
		}
		if calls, _ := srv.counts(); calls != 1 {
			t.Errorf("%d calls to Redis, want 1 before the probe is due", calls)
		}
		time.Sleep(redislimit.DefaultProbeInterval)
		start := time.Now()
		if err := lim.Wait(context.Background()); !errors.Is(err, redislimit.ErrUnavailable) || time.Since(start) != rtt {
			t.Errorf("Wait after the probe interval: %v after %v, want ErrUnavailable after one round trip (the probe)",
				err, time.Since(start))
		}
		if n := f.count(); n != 0 {
			t.Errorf("the server saw %d requests, want 0", n)
		}
		if n := rec.count(slog.LevelWarn, "unreachable"); n != 1 {
			t.Errorf("logged %d warnings, want 1: %s", n, rec)
		}
		if !lim.Degraded() {
			t.Error("not Degraded")
		}
	})
}

// TestBlackholedRedis: a Redis that never answers costs a caller exactly
// the Limiter's timeout, once per probe interval; the calls in between go
// straight to the fallback, or fail at once with WithFailClosed.
func TestBlackholedRedis(t *testing.T) {
	t.Run("fallback", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			srv := newFakeRedis(rtt)
			srv.setMode(fakeBlackhole)
			lim := newLimiter(t, srv.client(), "co", redislimit.WithFallbackRate(10, 1), quiet())
			start := time.Now()
			for i := 1; i <= 3; i++ {
				if err := lim.Wait(context.Background()); err != nil {
					t.Fatal(err)
				}
				want := redislimit.DefaultTimeout + time.Duration(i)*100*time.Millisecond
				if got := time.Since(start); got != want {
					t.Errorf("grant %d at %v, want %v", i, got, want)
				}
			}
		})
	})
	t.Run("fail closed", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			srv := newFakeRedis(rtt)
			srv.setMode(fakeBlackhole)
			const timeout, probe = 100 * time.Millisecond, 500 * time.Millisecond
			lim := newLimiter(t, srv.client(), "co", redislimit.WithFailClosed(),
				redislimit.WithTimeout(timeout), redislimit.WithProbeInterval(probe), quiet())
			for i, want := range []time.Duration{timeout, 0, 0} {
				start := time.Now()
				if err := lim.Wait(context.Background()); !errors.Is(err, redislimit.ErrUnavailable) ||
					!errors.Is(err, context.DeadlineExceeded) || time.Since(start) != want {
					t.Errorf("Wait %d: %v after %v, want ErrUnavailable (timed out) after %v", i, err, time.Since(start), want)
				}
			}
			time.Sleep(probe) // the probe is due a probe interval after the failure
			start := time.Now()
			if err := lim.Wait(context.Background()); !errors.Is(err, redislimit.ErrUnavailable) || time.Since(start) != timeout {
				t.Errorf("probing Wait: %v after %v, want ErrUnavailable after %v", err, time.Since(start), timeout)
			}
			if calls, failed := srv.counts(); calls != 2 || failed != 2 {
				t.Errorf("%d calls reached Redis (%d failed), want 2", calls, failed)
			}
		})
	})
}

// TestContextCancellation: a Wait that must sleep returns at the instant
// its context is cancelled, and at once when the sleep would pass its
// deadline; a goroutine queued behind another returns at once too, and a
// request whose Wait failed is not sent.
func TestContextCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFakeRedis(rtt)
		lim := newLimiter(t, srv.client(), "co", redislimit.WithRate(0.2, 1), quiet()) // one request per 5 s
		if err := lim.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}

		// Deadline shorter than the wait: return once Redis has named the
		// wait, without sleeping.
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		start := time.Now()
		err := lim.Wait(ctx)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != rtt {
			t.Errorf("Wait with a 1 s deadline and a 5 s wait: %v after %v; want DeadlineExceeded after one round trip",
				err, time.Since(start))
		}

		// Cancelled mid-sleep, and one queued behind it.
		ctx, cancel = context.WithCancel(context.Background())
		errs := make(chan error, 2)
		for range 2 {
			go func() { errs <- lim.Wait(ctx) }()
		}
		synctest.Wait() // one asleep on RetryAfter, one waiting for its turn
		start = time.Now()
		cancel()
		for range 2 {
			if err := <-errs; !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled Wait returned %v", err)
			}
		}
		if took := time.Since(start); took != 0 {
			t.Errorf("cancelled Waits took %v to return, want 0", took)
		}

		// Through the client: the request is never sent.
		f := &fakeTransport{}
		c := newClient(t, f, lim, "cancel")
		ctx, cancel = context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start = time.Now()
		_, err = c.Users.Get(ctx, 1)
		if !errors.Is(err, context.Canceled) || time.Since(start) != 100*time.Millisecond {
			t.Errorf("Users.Get cancelled after 100ms: %v after %v", err, time.Since(start))
		}
		if n := f.count(); n != 0 {
			t.Errorf("the server saw %d requests, want 0", n)
		}
	})
}

// TestFallbackCancellation: cancellation is just as prompt on the fallback
// path.
func TestFallbackCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newFakeRedis(rtt)
		srv.setMode(fakeRefusing)
		lim := newLimiter(t, srv.client(), "co", redislimit.WithFallbackRate(0.1, 1), quiet()) // the empty bucket fills in 10 s
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		if err := lim.Wait(ctx); !errors.Is(err, context.Canceled) || time.Since(start) != 100*time.Millisecond {
			t.Errorf("fallback Wait cancelled after 100ms: %v after %v", err, time.Since(start))
		}
		dctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		start = time.Now()
		if err := lim.Wait(dctx); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 0 {
			t.Errorf("fallback Wait past its deadline: %v after %v, want DeadlineExceeded at once", err, time.Since(start))
		}
	})
}

func TestNewValidates(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer closeRedis(t, rdb)
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

// Tests against a real Redis (and real sockets). They check what the fake
// cannot: that redis_rate's script, the key and go-redis's errors behave as
// the Limiter expects. They assert counts and states only, never times.

// redisAddr returns REDIS_ADDR or skips the test: the tests that need a
// real Redis run under ci.sh, which starts one.
func redisAddr(t testing.TB) string {
	t.Helper()
	addr := os.Getenv("REDIS_ADDR")
	if addr == "" {
		t.Skip("REDIS_ADDR is not set; run ci.sh for the Redis tests")
	}
	return addr
}

// newRedis returns a client of its own for addr, closed when the test ends:
// each Limiter in these tests stands for a separate process.
func newRedis(t testing.TB, addr string) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(redislimit.RedisOptions(addr))
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// company returns a company name no other test or run uses, so that no
// earlier state in a real Redis affects the test.
func company(t testing.TB) string {
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

// TestRedisSharedBudget: three Limiters, as if in three processes, share
// one key in a real Redis at one request per 1000 s with burst 5. Between
// them exactly five requests are granted and sent; every other Wait is
// told a wait of about 1000 s and, its deadline being nearer, fails with
// DeadlineExceeded without sending. The budget is kept under the key
// redis_rate derives from Key().
func TestRedisSharedBudget(t *testing.T) {
	addr := redisAddr(t)
	co := company(t)
	f := &fakeTransport{}
	const clients, attempts, burst = 3, 4, 5
	var lims []*redislimit.Limiter
	var cs []*dialpad.Client
	for i := range clients {
		lim := newLimiter(t, newRedis(t, addr), co, redislimit.WithRate(0.001, burst), quiet())
		lims = append(lims, lim)
		cs = append(cs, newClient(t, f, lim, "client-"+strconv.Itoa(i)))
	}
	ok := 0
	for k := range attempts {
		for i, c := range cs {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			_, err := c.Users.Get(ctx, 1)
			cancel()
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, context.DeadlineExceeded):
				t.Errorf("client-%d, attempt %d: %v, want DeadlineExceeded", i, k, err)
			}
		}
	}
	if ok != burst || f.count() != burst {
		t.Errorf("%d calls succeeded and %d requests were sent, want %d of each", ok, f.count(), burst)
	}
	for i, want := range []int{2, 2, 1} { // the first five turns of the round robin
		if n := len(f.arrivalsFrom("client-" + strconv.Itoa(i))); n != want {
			t.Errorf("client-%d sent %d requests, want %d", i, n, want)
		}
	}
	for i, lim := range lims {
		if lim.Degraded() {
			t.Errorf("limiter %d is Degraded", i)
		}
	}
	rdb := newRedis(t, addr)
	ttl, err := rdb.TTL(context.Background(), "rate:"+lims[0].Key()).Result()
	if err != nil || ttl <= 0 {
		t.Errorf("TTL of %q: %v, %v; want the key to hold the budget, with an expiry", "rate:"+lims[0].Key(), ttl, err)
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
	defer closeRedis(t, rdb)
	// Give up after many tries (a hang guard, not a timing assertion).
	for try := 0; ; try++ {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := rdb.Ping(ctx).Err()
		cancel()
		if err == nil {
			return s
		}
		if try == 500 {
			t.Fatalf("redis-server on port %d did not answer: %v", port, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// closeRedis closes rdb, failing t when closing fails.
func closeRedis(t testing.TB, rdb *redis.Client) {
	t.Helper()
	if err := rdb.Close(); err != nil {
		t.Errorf("closing the Redis client: %v", err)
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

// TestRedisOutageRealServer kills the real Redis two clients share, then
// starts it again on the same port, empty. Step by step, without measuring
// time: while it is down every call still succeeds (on the fallback) and
// each Limiter is Degraded and has logged one warning; after the restart
// each recovers, logs one info line, and spends the budget in the new
// server again.
func TestRedisOutageRealServer(t *testing.T) {
	redisAddr(t) // ci.sh runs this; it starts its own server below
	rs := startRedis(t, 0)
	co := company(t)
	f := &fakeTransport{}
	const clients = 2
	var lims []*redislimit.Limiter
	var logs []*recorder
	var cs []*dialpad.Client
	for i := range clients {
		rec := &recorder{}
		lim := newLimiter(t, newRedis(t, rs.addr()), co,
			redislimit.WithRate(1000, 1000), // never waits on Redis here
			redislimit.WithFallbackRate(1000, 1),
			redislimit.WithProbeInterval(10*time.Millisecond),
			redislimit.WithLogger(slog.New(rec)))
		lims, logs = append(lims, lim), append(logs, rec)
		cs = append(cs, newClient(t, f, lim, "client-"+strconv.Itoa(i)))
	}
	sent := 0
	get := func(i int) {
		t.Helper()
		if _, err := cs[i].Users.Get(context.Background(), 1); err != nil {
			t.Fatalf("client-%d: %v", i, err)
		}
		sent++
	}
	state := func(when string, degraded bool, warns, infos int) {
		t.Helper()
		for i, lim := range lims {
			if lim.Degraded() != degraded {
				t.Errorf("%s: limiter %d Degraded() = %v", when, i, lim.Degraded())
			}
			w, in := logs[i].count(slog.LevelWarn, "unreachable"), logs[i].count(slog.LevelInfo, "reachable again")
			if w != warns || in != infos {
				t.Errorf("%s: limiter %d logged %d warnings and %d recoveries, want %d and %d: %s",
					when, i, w, in, warns, infos, logs[i])
			}
		}
	}

	for i := range clients {
		for range 3 {
			get(i)
		}
	}
	state("Redis up", false, 0, 0)

	rs.kill()
	for i := range clients {
		for range 3 {
			get(i)
		}
	}
	state("Redis killed", true, 1, 0)

	startRedis(t, rs.port)
	for i, lim := range lims {
		// Each call waits about 1 ms on the fallback and a probe is due
		// every 10 ms; give up only after far more calls than that needs.
		for try := 0; lim.Degraded(); try++ {
			if try == 20000 {
				t.Fatalf("limiter %d still Degraded after %d calls since the restart", i, try)
			}
			get(i)
		}
	}
	state("Redis restarted", false, 1, 1)
	for i := range clients {
		get(i)
	}
	state("Redis restarted", false, 1, 1)
	if f.count() != sent {
		t.Errorf("the server saw %d requests, want %d (one per successful call)", f.count(), sent)
	}
	rdb := newRedis(t, rs.addr())
	if n, err := rdb.Exists(context.Background(), "rate:"+lims[0].Key()).Result(); err != nil || n != 1 {
		t.Errorf("the restarted Redis holds %d budget keys (%v), want 1", n, err)
	}
}

// TestFailClosedDeadPort: with WithFailClosed and nothing listening on the
// Redis port, go-redis's dial error makes calls fail with ErrUnavailable,
// the server sees nothing, and one warning is logged.
func TestFailClosedDeadPort(t *testing.T) {
	f := &fakeTransport{}
	rec := &recorder{}
	lim := newLimiter(t, newRedis(t, "127.0.0.1:"+strconv.Itoa(freePort(t))), company(t),
		redislimit.WithFailClosed(), redislimit.WithLogger(slog.New(rec)))
	c := newClient(t, f, lim, "fail-closed")
	for i := range 3 {
		if _, err := c.Users.Get(context.Background(), 1); !errors.Is(err, redislimit.ErrUnavailable) {
			t.Fatalf("call %d: got %v, want an error wrapping ErrUnavailable", i, err)
		}
	}
	if n := f.count(); n != 0 {
		t.Errorf("the server saw %d requests, want 0", n)
	}
	if n := rec.count(slog.LevelWarn, "unreachable"); n != 1 {
		t.Errorf("logged %d warnings, want 1: %s", n, rec)
	}
	if !lim.Degraded() {
		t.Error("not Degraded")
	}
}
