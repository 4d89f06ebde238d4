// Package redislimit shares Dialpad's per-company rate limit between
// processes through Redis.
//
// Dialpad allows 20 requests per second per company, however many processes
// use the company's API key. A dialpad.Client paces itself, but two Clients
// in two processes each pace themselves at the full rate and together draw
// 429s. A Limiter from this package keeps the budget in one Redis key
// instead, with the GCRA algorithm of github.com/go-redis/redis_rate, so
// that every process spends the same budget:
//
//	rdb := redis.NewClient(redislimit.RedisOptions("redis:6379"))
//	lim, err := redislimit.New(rdb, companyID, redislimit.WithReplicas(4))
//	client, err := dialpad.NewClient(apiKey, dialpad.WithLimiter(lim))
//
// Every process must name the same company and the same rate (WithRate).
// The key is "dialpad:ratelimit:<company>", which redis_rate stores as
// "rate:dialpad:ratelimit:<company>".
//
// # Rate and headroom
//
// The default pace is DefaultRate, 19.8 requests per second (99% of
// dialpad.CompanyRateLimit), with burst 1. Redis decides on its own clock,
// but the requests reach Dialpad later, each after its own network and
// scheduling delay; pacing at exactly 20 per second would let a request
// delayed by a few milliseconds share a server-side second with the
// twentieth one after it. One percent of headroom buys about 10 ms of such
// slack per second, and with burst 1 no one-second window holds more than 20
// grants. WithRate takes its rate as given, with no headroom added: where
// the delays to Dialpad vary more than 10 ms from one request to the next,
// trade a little more rate for slack, for example WithRate(20/1.025, 1)
// for 25 ms.
//
// # How it relates to the client's own limiters
//
// WithLimiter replaces only the client's company limiter. Without it, each
// dialpad.Client paces itself with a window limiter: at most 20 requests in
// any window of one second plus 40 ms, counted by when requests really
// left (about 19.2 a second), which is safe for one process but not shared.
// This package moves that budget into Redis, where a grant is decided on
// Redis's clock, with GCRA at 99% of Dialpad's rate instead of a window
// with slack. The per-endpoint limiters (WithEndpointLimits) stay in each
// process: every process paces its own calls to, say, initiate_call under
// Dialpad's 5 a minute, so processes that share an endpoint's budget should
// divide it among themselves (or leave that endpoint to one of them).
//
// # Waiting
//
// Wait asks Redis for a slot. When the script answers "not yet", Wait sleeps
// for the RetryAfter the script returned, in a select on the context, and
// asks again; it returns an error matching context.DeadlineExceeded at
// once, without sleeping, when the wait would pass the context's deadline,
// and the context's error as soon as it is cancelled. The sleep ends 1 ms
// before RetryAfter (and a "not yet" with less than that to go is asked
// again at once): GCRA counts the next interval from the moment the granted
// request reached Redis, so a poller that wakes late loses its lateness
// from the budget. That costs a few extra Redis calls per request (about
// five per grant and process in the package's tests, three processes at a
// 200 µs round trip) and keeps the shared rate within a round trip of the
// configured one.
//
// Within one process one goroutine at a time waits for a grant, and the
// others queue for their turn (also honouring their contexts), so Redis sees
// a poll or two per process per request rather than one per goroutine.
//
// # When Redis is unreachable
//
// Every Redis call is bounded by WithTimeout (default 250 ms). Use
// RedisOptions, or set similar timeouts and ContextTimeoutEnabled on your
// own client, so that a dead Redis cannot stall callers. When a call fails
// (an error or a timeout, but not the caller's own cancellation) the Limiter
// marks Redis down and logs one warning for the outage on its *slog.Logger
// (WithLogger; slog.Default() otherwise). Then, by default, it paces on a
// local golang.org/x/time/rate limiter:
//
//   - at WithFallbackRate's rate, when given;
//   - otherwise at the shared rate divided by WithReplicas (default
//     DefaultReplicas, 10), burst 1, rounded down where needed so that all
//     the processes together stay within the shared limit, second by second.
//
// The fallback bucket starts empty at each outage (the shared budget may
// just have been spent), so the first local grant comes one fallback
// interval after the failure. While Redis is down one Wait per probe
// interval (WithProbeInterval, default 1 s) tries it again; the others do
// not touch Redis. The first success logs an info line and the Limiter goes
// back to the shared budget, after a grace period: until every other busy
// process has had its chance to probe and their purely local requests have
// left the one-second window (a probe interval plus a fallback interval plus
// a second), each request needs a fallback token as well as a Redis grant.
// Degraded reports whether the Limiter is in an outage.
//
// With WithFailClosed, Wait instead returns an error wrapping ErrUnavailable
// (and the Redis error) while Redis is down, without waiting, and the SDK
// does not send the request. Either way no request is let through without a
// grant from Redis or from the fallback limiter.
//
// The shared bound holds through a whole outage, and through a Redis that
// comes back empty, when every process loses and regains Redis together. A
// process cut off from a Redis that others still reach adds its fallback
// rate to theirs until it reaches Redis again; WithReplicas keeps that to a
// small share of the budget, and Dialpad's 429, which the SDK retries after
// its Retry-After, is the backstop.
package redislimit
