package redislimit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/dialpad-community/dialpad-go"
	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"
)

const (
	// DefaultRate is the shared pace in requests per second: 99% of
	// dialpad.CompanyRateLimit, so that network jitter cannot put 21
	// requests into one of Dialpad's seconds.
	DefaultRate = dialpad.CompanyRateLimit * 0.99

	// DefaultBurst is the default burst: 1, so that no one-second window
	// holds more than 20 requests.
	DefaultBurst = 1

	// DefaultReplicas is the number of processes the fallback assumes share
	// the budget when neither WithReplicas nor WithFallbackRate is given: the
	// fallback paces at DefaultRate/10, 1.98 requests per second.
	DefaultReplicas = 10

	// DefaultTimeout bounds each Redis call (see WithTimeout).
	DefaultTimeout = 250 * time.Millisecond

	// DefaultProbeInterval is how often a Limiter tries Redis again while
	// it is down (see WithProbeInterval).
	DefaultProbeInterval = time.Second

	// KeyPrefix starts the default Redis key; the company follows it.
	KeyPrefix = "dialpad:ratelimit:"
)

// ErrUnavailable is wrapped by the error Wait returns, with WithFailClosed,
// while Redis cannot be reached. The request is not sent.
var ErrUnavailable = errors.New("redislimit: Redis is unavailable")

// Limiter is a dialpad.Limiter whose budget lives in Redis and is shared by
// every Limiter, in any process, with the same key. Create it with New; it
// is safe for concurrent use.
type Limiter struct {
	rl            *redis_rate.Limiter
	key           string
	limit         redis_rate.Limit
	timeout       time.Duration
	probeInterval time.Duration
	failClosed    bool
	logger        *slog.Logger
	fallbackRate  rate.Limit
	fallbackBurst int

	// turn lets one goroutine at a time wait for a grant (from Redis or the
	// fallback); the others queue for it in a select on their context.
	turn chan struct{}

	mu        sync.Mutex
	down      bool          // the last Redis call failed
	downSince time.Time     // start of the current outage
	nextProbe time.Time     // while down: when one Wait may try Redis again
	lastErr   error         // while down: the error that failed the last call
	fallback  *rate.Limiter // the local limiter, while down and in the grace period after; new per outage
	graceEnd  time.Time     // after an outage: until then grants also take a fallback token
}

var _ dialpad.Limiter = (*Limiter)(nil)

// config collects what the options set.
type config struct {
	rps           float64
	burst         int
	replicas      int
	fallbackRPS   float64 // 0: rps/replicas
	fallbackBurst int
	failClosed    bool
	logger        *slog.Logger
	timeout       time.Duration
	probeInterval time.Duration
	key           string
}

// Option configures a Limiter. An option given a bad value makes New return
// an error.
type Option func(*config) error

func validRate(rps float64) bool { return rps > 0 && !math.IsInf(rps, 0) }

// WithRate sets the shared pace: rps requests per second, with bursts of up
// to burst. It is used exactly as given; the default is DefaultRate (19.8)
// and burst 1. Every process sharing the key must use the same values,
// since the Redis state is read with the caller's rate.
func WithRate(rps float64, burst int) Option {
	return func(c *config) error {
		if !validRate(rps) || burst < 1 {
			return fmt.Errorf("redislimit: WithRate: need rps > 0 and burst >= 1, got %v and %d", rps, burst)
		}
		c.rps, c.burst = rps, burst
		return nil
	}
}

// WithReplicas says how many processes share the budget. While Redis is
// unreachable each one paces itself at the shared rate divided by n, burst
// 1, rounded down where needed so that n processes cannot put more
// requests into one second between them than the shared limiter would
// (19.8/2 = 9.9 each for two, but 5.94 rather than 6.6 for three). The
// default is DefaultReplicas. WithFallbackRate overrides it.
func WithReplicas(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("redislimit: WithReplicas: need n >= 1, got %d", n)
		}
		c.replicas = n
		return nil
	}
}

// WithFallbackRate sets the local pace used while Redis is unreachable:
// rps requests per second with bursts of up to burst, in this process alone.
func WithFallbackRate(rps float64, burst int) Option {
	return func(c *config) error {
		if !validRate(rps) || burst < 1 {
			return fmt.Errorf("redislimit: WithFallbackRate: need rps > 0 and burst >= 1, got %v and %d", rps, burst)
		}
		c.fallbackRPS, c.fallbackBurst = rps, burst
		return nil
	}
}

// WithFailClosed makes Wait return an error wrapping ErrUnavailable while
// Redis is unreachable, instead of pacing locally. The SDK then fails the
// call without sending it.
func WithFailClosed() Option {
	return func(c *config) error {
		c.failClosed = true
		return nil
	}
}

// WithLogger sets where the Limiter reports outages: one warning when Redis
// becomes unreachable and one info line when it is back. The default is
// slog.Default(); pass slog.New(slog.DiscardHandler) for silence.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("redislimit: WithLogger: nil *slog.Logger")
		}
		c.logger = l
		return nil
	}
}

// WithTimeout bounds each Redis call (default DefaultTimeout, 250 ms). A
// call that takes longer counts as Redis being unreachable. The bound
// reaches the network only if the client honours contexts: RedisOptions
// sets ContextTimeoutEnabled; on a client of your own, set it or short
// Dial/Read/WriteTimeouts.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("redislimit: WithTimeout: need a positive duration, got %v", d)
		}
		c.timeout = d
		return nil
	}
}

// WithProbeInterval sets how often, while Redis is down, one Wait tries it
// again (default DefaultProbeInterval, 1 s). The other waits in between do
// not touch Redis: they use the fallback or, with WithFailClosed, return
// ErrUnavailable at once.
func WithProbeInterval(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("redislimit: WithProbeInterval: need a positive duration, got %v", d)
		}
		c.probeInterval = d
		return nil
	}
}

// WithKey replaces the Redis key, KeyPrefix + company by default.
// (redis_rate stores it as "rate:" + key.)
func WithKey(key string) Option {
	return func(c *config) error {
		if key == "" {
			return errors.New("redislimit: WithKey: empty key")
		}
		c.key = key
		return nil
	}
}

// RedisOptions returns go-redis options for addr ("host:port") with the
// short timeouts a limiter wants: a dead or blackholed Redis costs a
// caller at most about 200 ms before the Limiter falls back, rather than
// go-redis's default of seconds. Adjust the result (password, TLS, DB)
// before passing it to redis.NewClient.
func RedisOptions(addr string) *redis.Options {
	return &redis.Options{
		Addr:                  addr,
		DialTimeout:           200 * time.Millisecond,
		DialerRetries:         1,
		ReadTimeout:           200 * time.Millisecond,
		WriteTimeout:          200 * time.Millisecond,
		PoolTimeout:           200 * time.Millisecond,
		MaxRetries:            1, // one retry on a fresh connection after a stale one
		ContextTimeoutEnabled: true,
	}
}

// New returns a Limiter that spends company's budget in rdb. company names
// the Dialpad company (for example its id); every process using the same API
// key must pass the same one. New does not contact Redis.
//
// rdb may be a *redis.Client, *redis.ClusterClient, *redis.Ring or any
// other redis.UniversalClient; see RedisOptions for suitable settings.
func New(rdb redis.UniversalClient, company string, opts ...Option) (*Limiter, error) {
	if rdb == nil {
		return nil, errors.New("redislimit: New: nil Redis client")
	}
	cfg := &config{
		rps:           DefaultRate,
		burst:         DefaultBurst,
		replicas:      DefaultReplicas,
		timeout:       DefaultTimeout,
		probeInterval: DefaultProbeInterval,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(cfg); err != nil {
			return nil, err
		}
	}
	if cfg.key == "" {
		if strings.TrimSpace(company) == "" {
			return nil, errors.New("redislimit: New: empty company")
		}
		cfg.key = KeyPrefix + company
	}
	if cfg.logger == nil {
		cfg.logger = slog.Default()
	}
	fbRate, fbBurst := cfg.fallbackRPS, cfg.fallbackBurst
	if fbRate == 0 {
		fbRate, fbBurst = replicaRate(cfg.rps, cfg.replicas), 1
	}
	ns := float64(time.Second) / cfg.rps
	if ns < 1 || ns > float64(math.MaxInt64) {
		return nil, fmt.Errorf("redislimit: rate %v is out of range", cfg.rps)
	}
	period := time.Duration(ns)
	return &Limiter{
		rl:  redis_rate.NewLimiter(rdb),
		key: cfg.key,
		// GCRA's emission interval is Period/Rate: one request per period.
		limit:         redis_rate.Limit{Rate: 1, Burst: cfg.burst, Period: period},
		timeout:       cfg.timeout,
		probeInterval: cfg.probeInterval,
		failClosed:    cfg.failClosed,
		logger:        cfg.logger,
		fallbackRate:  rate.Limit(fbRate),
		fallbackBurst: fbBurst,
		turn:          make(chan struct{}, 1),
	}, nil
}

// replicaRate is the fallback pace of one of n processes sharing rps (with
// burst 1): rps/n, but rounded down so that n processes pacing alone cannot
// put more requests into one second than the shared limiter would. A token
// bucket at a non-integer rate r grants up to ceil(r) requests in a
// one-second window, so at 19.8/3 = 6.6 each three processes could send 21;
// each gets 99% of floor(20/3) = 5.94 instead.
func replicaRate(rps float64, n int) float64 {
	r := rps / float64(n)
	if q := math.Floor(math.Ceil(rps) / float64(n)); q >= 1 {
		r = min(r, q*0.99)
	}
	return r
}

// Key returns the key the Limiter passes to redis_rate.
func (l *Limiter) Key() string { return l.key }

// Degraded reports whether the last Redis call failed, so that the Limiter
// is pacing locally (or, with WithFailClosed, refusing). It suits a health
// check.
func (l *Limiter) Degraded() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.down
}

// Wait blocks until the shared budget (or, while Redis is unreachable, the
// fallback) grants one request, and returns nil. It returns the context's
// error when the context ends first, an error matching
// context.DeadlineExceeded when the wait would pass the context's
// deadline, and, with WithFailClosed, an error wrapping ErrUnavailable while
// Redis cannot be reached.
func (l *Limiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := l.refusal(); err != nil {
		return err
	}
	// One goroutine at a time waits for a grant; the others queue here, so
	// that a process polls Redis for one request at a time rather than once
	// per waiting goroutine.
	select {
	case l.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-l.turn }()
	return l.wait(ctx)
}

// wait is Wait for the goroutine holding the turn.
func (l *Limiter) wait(ctx context.Context) error {
	gated := false // took a fallback token in the grace period after an outage
	for {
		r, fb, err := l.route()
		if r == useLocal {
			if err != nil {
				return err
			}
			return take(ctx, fb)
		}
		if !gated {
			if fb := l.grace(); fb != nil {
				if err := take(ctx, fb); err != nil {
					return err
				}
				gated = true
				continue // Redis may have gone down meanwhile
			}
		}
		res, err := l.allow(ctx)
		if err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return cerr // the caller's cancellation says nothing about Redis
			}
			fb, err := l.markDown(err)
			if err != nil {
				return err
			}
			return take(ctx, fb)
		}
		l.markUp()
		if res.Allowed > 0 {
			if fb := l.grace(); fb != nil && !gated {
				return take(ctx, fb) // the probe that ended an outage
			}
			return nil
		}
		if err := sleep(ctx, res.RetryAfter, wakeAfter(res.RetryAfter)); err != nil {
			return err
		}
	}
}

// allow asks Redis for one request, bounded by the Limiter's timeout.
func (l *Limiter) allow(ctx context.Context) (*redis_rate.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	return l.rl.Allow(ctx, l.key, l.limit)
}

// route says how a Wait proceeds.
type route int

const (
	useRedis   route = iota // Redis is up: ask it
	probeRedis              // Redis is down and this Wait claimed the due probe: ask it
	useLocal                // Redis is down: use the fallback, or fail closed
)

// route decides between Redis and the local path. When Redis is down and a
// probe is due it claims the probe, so that one Wait per interval tries
// Redis; otherwise, while down, it returns the fallback limiter or, failing
// closed, the error to return.
func (l *Limiter) route() (route, *rate.Limiter, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.down {
		return useRedis, nil, nil
	}
	now := time.Now()
	if !now.Before(l.nextProbe) {
		l.nextProbe = now.Add(l.probeInterval)
		return probeRedis, nil, nil
	}
	if l.failClosed {
		return useLocal, nil, fmt.Errorf("%w: %w", ErrUnavailable, l.lastErr)
	}
	return useLocal, l.fallback, nil
}

// refusal returns the error for a Wait that fails closed while Redis is down
// and no probe is due, so that it need not queue for the turn.
func (l *Limiter) refusal() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.failClosed && l.down && time.Now().Before(l.nextProbe) {
		return fmt.Errorf("%w: %w", ErrUnavailable, l.lastErr)
	}
	return nil
}

// markDown records a failed Redis call, warns if it starts an outage, and
// returns what route would for a Wait that must not ask Redis.
func (l *Limiter) markDown(err error) (*rate.Limiter, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	l.lastErr = err
	l.nextProbe = now.Add(l.probeInterval)
	if !l.down {
		l.down, l.downSince = true, now
		attrs := []any{slog.String("key", l.key), slog.String("error", err.Error())}
		if l.failClosed {
			l.logger.Warn("redislimit: Redis is unreachable; refusing requests until it is back", attrs...)
		} else {
			// A new, empty bucket: the shared budget may just have been
			// spent, so the first local grant waits one interval.
			l.fallback = rate.NewLimiter(l.fallbackRate, l.fallbackBurst)
			l.fallback.AllowN(now, l.fallbackBurst)
			attrs = append(attrs, slog.Float64("fallback_rps", float64(l.fallbackRate)))
			l.logger.Warn("redislimit: Redis is unreachable; pacing locally", attrs...)
		}
	}
	if l.failClosed {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return l.fallback, nil
}

// markUp records a successful Redis call and reports the end of an outage.
//
// An outage ends with a grace period in which every request needs a
// fallback token as well as a Redis grant: the other processes learn that
// Redis is back only at their next probe, and until then they spend their
// fallback rate on top of the shared budget. The period lasts until every
// busy process has probed (a probe interval, plus one fallback interval for
// the probe to come round) and their last purely local requests have left
// the one-second window.
func (l *Limiter) markUp() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.down {
		return
	}
	l.down = false
	if l.fallback != nil {
		interval := time.Duration(float64(time.Second) / float64(l.fallbackRate))
		l.graceEnd = time.Now().Add(l.probeInterval + interval + l.timeout + time.Second)
	}
	l.logger.Info("redislimit: Redis is reachable again; using the shared budget",
		slog.String("key", l.key),
		slog.Duration("outage", time.Since(l.downSince)))
}

// grace returns the fallback limiter while the Limiter is in the grace
// period after an outage (see markUp), nil otherwise.
func (l *Limiter) grace() *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fallback != nil && !l.down && time.Now().Before(l.graceEnd) {
		return l.fallback
	}
	return nil
}

// take waits for a token from the local limiter fb. It takes the token
// when it wakes rather than reserving one ahead (as fb.Wait would): a
// reservation keeps its place in the schedule however late its sleeper
// wakes, so the next request would follow closer than the interval, while
// a token taken on waking starts the next interval from the real grant.
// Only the goroutine holding the turn calls it.
func take(ctx context.Context, fb *rate.Limiter) error {
	for !fb.Allow() {
		need := time.Duration((1 - fb.Tokens()) / float64(fb.Limit()) * float64(time.Second))
		if err := sleep(ctx, need, max(need, 100*time.Microsecond)); err != nil {
			return err
		}
	}
	return nil
}

// sleep waits d unless ctx ends first. When ctx's deadline comes before
// need (the whole wait, of which d may be a part) has passed, it returns at
// once with an error matching context.DeadlineExceeded.
func sleep(ctx context.Context, need, d time.Duration) error {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < need {
		return fmt.Errorf("redislimit: waiting %v would pass the context deadline: %w",
			need.Round(time.Millisecond), context.DeadlineExceeded)
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// earlyWake is how much sooner than the script's RetryAfter a poller wakes
// to ask again; told "not yet" with less than earlyWake to go, it asks again
// at once. GCRA with burst 1 counts the next interval from the moment a
// granted request reached Redis, so a poller that wakes exactly at
// RetryAfter loses its timer's and the scheduler's delay from the shared
// budget on every request (about 2% at 19.8 per second on a loaded machine).
// Waking early keeps the loss to about one Redis round trip, for one or two
// more Redis calls per request and process.
const earlyWake = time.Millisecond

// wakeAfter is how long a poller told to retry after retryAfter sleeps.
func wakeAfter(retryAfter time.Duration) time.Duration {
	return max(retryAfter-earlyWake, 0)
}
