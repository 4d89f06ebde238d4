package redislimit_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dialpad-community/dialpad-go"
	"github.com/redis/go-redis/v9"
)

// Fake-clock tests run inside a testing/synctest bubble, where time moves
// only when every goroutine in the bubble is blocked: the Limiter's timers,
// its context deadlines and golang.org/x/time/rate all read the bubble's
// clock, so scheduling delays cannot shift anything and the tests assert
// exact times and counts. The one clock a bubble cannot reach is the Redis
// server's (redis_rate's script reads Redis TIME), so these tests talk to
// fakeRedis instead: an in-process Redis that runs the same GCRA on the
// bubble's clock. Nothing in them touches a socket, which a bubble cannot
// wait on.

// fakeRedis stands for one Redis server shared by several processes. It
// answers redis_rate's allowN script the way the script does (see
// github.com/go-redis/redis_rate/v10 lua.go), on time.Now(), in integer
// nanoseconds; every call takes rtt, half on the way in and half on the way
// out, and the decision is made in the middle, as on a real server.
type fakeRedis struct {
	rtt time.Duration

	mu     sync.Mutex
	mode   fakeMode
	tat    map[string]time.Time // per key: the theoretical arrival time
	grants []time.Time          // when each grant was decided, in order
	calls  int                  // script calls that reached the server
	failed int                  // script calls refused or blackholed
}

type fakeMode int

const (
	fakeUp        fakeMode = iota
	fakeRefusing           // every call fails after one round trip, like a closed port
	fakeBlackhole          // every call hangs until its context ends
)

// errRefused is what a call to a refusing fakeRedis returns.
var errRefused = errors.New("fake redis: connection refused")

func newFakeRedis(rtt time.Duration) *fakeRedis {
	return &fakeRedis{rtt: rtt, tat: map[string]time.Time{}}
}

// setMode switches the server between up, refusing and blackholed. Coming
// back up it starts empty, as a restarted Redis without persistence does.
func (s *fakeRedis) setMode(m fakeMode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m == fakeUp && s.mode != fakeUp {
		s.tat = map[string]time.Time{}
	}
	s.mode = m
}

func (s *fakeRedis) grantTimes() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.grants)
}

func (s *fakeRedis) counts() (calls, failed int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls, s.failed
}

// client returns a connection to s, for one Limiter ("process"). Only the
// commands redis_rate's Allow sends are implemented; any other would panic
// on the nil embedded interface.
func (s *fakeRedis) client() redis.UniversalClient { return &fakeConn{srv: s} }

type fakeConn struct {
	redis.UniversalClient
	srv *fakeRedis
}

func (c *fakeConn) EvalSha(ctx context.Context, _ string, keys []string, args ...any) *redis.Cmd {
	return c.srv.allowN(ctx, keys, args)
}

func (c *fakeConn) Eval(ctx context.Context, _ string, keys []string, args ...any) *redis.Cmd {
	return c.srv.allowN(ctx, keys, args)
}

// pause waits d, or returns ctx's error if it ends first.
func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func intArg(v any) int {
	switch v := v.(type) {
	case int:
		return v
	case int64:
		return int(v)
	}
	panic(fmt.Sprintf("fake redis: unexpected argument %#v", v))
}

// seconds formats d as the script's tostring does: a decimal number of
// seconds, which redis_rate parses back.
func seconds(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'g', -1, 64) }

// allowN is redis_rate's allowN script: ARGV burst, rate, period (float
// seconds), cost; it returns {allowed, remaining, retry_after, reset_after}.
func (s *fakeRedis) allowN(ctx context.Context, keys []string, args []any) *redis.Cmd {
	if len(keys) != 1 || len(args) != 4 {
		panic(fmt.Sprintf("fake redis: unexpected script call %v %v", keys, args))
	}
	burst, rate, cost := intArg(args[0]), intArg(args[1]), intArg(args[3])
	period := args[2].(float64)

	if err := pause(ctx, s.rtt/2); err != nil {
		return redis.NewCmdResult(nil, err)
	}
	s.mu.Lock()
	s.calls++
	switch s.mode {
	case fakeRefusing:
		s.failed++
		s.mu.Unlock()
		if err := pause(ctx, s.rtt-s.rtt/2); err != nil {
			return redis.NewCmdResult(nil, err)
		}
		return redis.NewCmdResult(nil, errRefused)
	case fakeBlackhole:
		s.failed++
		s.mu.Unlock()
		<-ctx.Done()
		return redis.NewCmdResult(nil, ctx.Err())
	}
	now := time.Now()
	interval := time.Duration(period*float64(time.Second)/float64(rate) + 0.5)
	tat, ok := s.tat[keys[0]]
	if !ok || tat.Before(now) {
		tat = now
	}
	newTAT := tat.Add(interval * time.Duration(cost))
	diff := now.Sub(newTAT.Add(-interval * time.Duration(burst)))
	var val []any
	if diff < 0 {
		val = []any{int64(0), int64(0), seconds(-diff), seconds(tat.Sub(now))}
	} else {
		s.tat[keys[0]] = newTAT
		s.grants = append(s.grants, now)
		val = []any{int64(cost), int64(diff / interval), "-1", seconds(newTAT.Sub(now))}
	}
	s.mu.Unlock()
	if err := pause(ctx, s.rtt-s.rtt/2); err != nil {
		return redis.NewCmdResult(nil, err)
	}
	return redis.NewCmdResult(val, nil)
}

// fakeTransport is an in-memory Dialpad: it answers every request with a
// user and records when it arrived and which client (User-Agent) sent it.
type fakeTransport struct {
	mu    sync.Mutex
	times []time.Time
	from  []string
}

func (f *fakeTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	f.mu.Lock()
	f.times = append(f.times, time.Now())
	f.from = append(f.from, strings.Fields(r.Header.Get("User-Agent"))[0])
	f.mu.Unlock()
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(`{"id": "1", "display_name": "Test User"}`)),
		Request:    r,
	}, nil
}

// arrivals returns the arrival times, in order.
func (f *fakeTransport) arrivals() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	ts := slices.Clone(f.times)
	slices.SortFunc(ts, func(x, y time.Time) int { return x.Compare(y) })
	return ts
}

// arrivalsFrom returns the arrival times of client name's requests, in
// order.
func (f *fakeTransport) arrivalsFrom(name string) []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ts []time.Time
	for i, from := range f.from {
		if from == name {
			ts = append(ts, f.times[i])
		}
	}
	return ts
}

func (f *fakeTransport) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.times)
}

// newClient returns a dialpad.Client that sends through f and waits on
// lim, named name in its User-Agent.
func newClient(t testing.TB, f *fakeTransport, lim dialpad.Limiter, name string) *dialpad.Client {
	t.Helper()
	c, err := dialpad.NewClient("test-key",
		dialpad.WithHTTPClient(&http.Client{Transport: f}),
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
