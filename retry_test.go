package dialpad

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetryable(t *testing.T) {
	t.Parallel()
	status := func(code int, retryAfter string) *http.Response {
		r := &http.Response{StatusCode: code, Header: http.Header{}}
		if retryAfter != "" {
			r.Header.Set("Retry-After", retryAfter)
		}
		return r
	}
	dropped := errors.New("connection reset by peer")
	methods := []string{http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodPost, http.MethodPatch}
	idempotent := map[string]bool{http.MethodGet: true, http.MethodPut: true, http.MethodDelete: true}
	for _, m := range methods {
		cases := []struct {
			name string
			resp *http.Response
			err  error
			want bool
		}{
			{"200", status(200, ""), nil, false},
			{"400", status(400, ""), nil, false},
			{"404", status(404, ""), nil, false},
			{"429", status(429, ""), nil, true},
			{"429 Retry-After 120", status(429, "120"), nil, true},
			{"429 Retry-After 121", status(429, "121"), nil, false},
			{"429 Retry-After junk", status(429, "soon"), nil, true},
			{"500", status(500, ""), nil, idempotent[m]},
			{"501", status(501, ""), nil, false},
			{"502", status(502, ""), nil, idempotent[m]},
			{"503 Retry-After 1", status(503, "1"), nil, idempotent[m]},
			{"503 Retry-After 3600", status(503, "3600"), nil, false},
			{"dropped", nil, dropped, idempotent[m]},
			{"limiter", nil, fmt.Errorf("%w: %w", errLimiterRefused, context.DeadlineExceeded), false},
			{"too large", nil, ErrResponseTooLarge, false},
			{"redirect", nil, fmt.Errorf("%w to another host", errRedirectRefused), false},
		}
		for _, tc := range cases {
			if got := retryable(m, tc.resp, tc.err); got != tc.want {
				t.Errorf("retryable(%s, %s) = %v, want %v", m, tc.name, got, tc.want)
			}
		}
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	min, max := 100*time.Millisecond, time.Second
	for attempt := range 10 {
		want := min << attempt
		if want > max || want <= 0 {
			want = max
		}
		for range 50 {
			d := backoff(min, max, attempt, nil)
			if d < want/2 || d > want {
				t.Fatalf("attempt %d: backoff %v, want %v to %v", attempt, d, want/2, want)
			}
		}
	}
	// A huge max must not overflow into a negative wait.
	for attempt := range 80 {
		if d := backoff(time.Second, time.Duration(1<<62), attempt, nil); d <= 0 {
			t.Fatalf("attempt %d: backoff %v", attempt, d)
		}
	}
	if d := backoff(0, 0, 3, nil); d != 0 {
		t.Errorf("backoff(0, 0) = %v", d)
	}
	resp := &http.Response{Header: http.Header{}}
	resp.Header.Set("Retry-After", "7")
	if d := backoff(min, max, 0, resp); d != 7*time.Second {
		t.Errorf("Retry-After 7: backoff %v, want 7s (over max: the server knows best)", d)
	}
	synctest.Test(t, func(t *testing.T) { // the fake clock stands still, on a whole second
		resp.Header.Set("Retry-After", time.Now().Add(30*time.Second).UTC().Format(http.TimeFormat))
		assert.Equal(t, 30*time.Second, backoff(min, max, 0, resp), "Retry-After as a date")
	})
	resp.Header.Set("Retry-After", "86400")
	if d := backoff(min, max, 0, resp); d != maxRetryAfter {
		t.Errorf("Retry-After 86400: backoff %v, want the cap %v", d, maxRetryAfter)
	}
}

// sequence answers the i-th request (from 0) with steps[i], or with the
// last step once they run out. A step is a status code, or drop to cut the
// connection.
func sequence(t *testing.T, steps ...int) http.HandlerFunc {
	var i atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		n := int(i.Add(1)) - 1
		step := steps[min(n, len(steps)-1)]
		switch {
		case step == drop:
			dropConnection(t, w)
		case step == http.StatusTooManyRequests:
			w.Header().Set("Retry-After", "0")
			replyJSON(w, step, `{"error": {"message": "Rate limit exceeded."}}`)
		case step >= 400:
			replyJSON(w, step, `{"error": {"message": "failed"}}`)
		default:
			replyJSON(w, step, `{"id": "5835806903417907"}`)
		}
	}
}

// callMethod sends one request with method through the client's request
// path, with a body for the methods that take one.
func callMethod(c *Client, method string) error {
	var body any
	if method == http.MethodPost || method == http.MethodPatch || method == http.MethodPut {
		body = map[string]string{"first_name": "Ada"}
	}
	_, err := send[User](context.Background(), c, method, nil, body, pathTo("users").id("id", 1))
	return err
}

func TestRetry429EveryMethod(t *testing.T) {
	t.Parallel()
	for _, m := range allMethods {
		srv, n := plumbingServer(t, sequence(t, 429, 429, 200))
		c := plumbingClient(t, srv.URL)
		if err := callMethod(c, m); err != nil {
			t.Errorf("%s: %v", m, err)
		}
		assert.Equal(t, int64(3), n.Load(), "%s: requests sent", m)
	}
}

// TestRetryHonoursRetryAfter answers 429 with Retry-After: 1, then
// success: on the fake clock, the retry goes exactly a second after the 429
// (not after the backoff, 500ms at most here), for every method, POST and
// PATCH included.
func TestRetryHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	userBody := string(fixture(t, "users/get.json"))
	for _, cl := range faultClasses() {
		t.Run(cl.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				api := newMockAPI(func(r *http.Request, n int) *http.Response {
					assert.Equal(t, cl.method, r.Method)
					assert.Equal(t, "Bearer "+testKey, r.Header.Get("Authorization"))
					if n == 1 {
						return answer(http.StatusTooManyRequests, http.Header{"Retry-After": {"1"}},
							`{"error": {"code": 429, "message": "Rate limit exceeded."}}`)
					}
					return answer(http.StatusOK, nil, userBody)
				})
				c := api.client(t, WithRateLimit(1e6, 1000), WithEndpointLimits(false), WithRetryWait(time.Millisecond, 500*time.Millisecond))
				_, err := cl.call(context.Background(), c)
				require.NoError(t, err)
				assert.Equal(t, []time.Duration{time.Second}, api.gaps())
			})
		})
	}
}

// TestRetry5xxAndDrops answers two failures, then success: a 5xx (500,
// then 503) or a dropped connection. GET, PUT and DELETE are retried and
// succeed at the third request; POST and PATCH, which may have taken effect,
// are sent once and fail with the first failure (the 500 *APIError, or the
// transport's error for a drop).
func TestRetry5xxAndDrops(t *testing.T) {
	t.Parallel()
	for _, steps := range [][]int{{500, 503, 200}, {drop, drop, 200}} {
		for _, m := range allMethods {
			srv, n := plumbingServer(t, sequence(t, steps...))
			err := callMethod(plumbingClient(t, srv.URL), m)
			name := fmt.Sprintf("%s after %v", m, steps)
			if m != http.MethodPost && m != http.MethodPatch {
				assert.NoError(t, err, name)
				assert.Equal(t, int64(3), n.Load(), name)
				continue
			}
			var apiErr *APIError
			if steps[0] == drop {
				assert.False(t, errors.As(err, &apiErr), "%s: a dropped connection became %v", name, err)
				assert.Error(t, err, name)
			} else if assert.ErrorAs(t, err, &apiErr, name) {
				assert.Equal(t, 500, apiErr.StatusCode, name)
			}
			assert.Equal(t, int64(1), n.Load(), name)
		}
	}
}

func TestRetryDroppedPOSTCreate(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, sequence(t, drop, 200))
	c := plumbingClient(t, srv.URL)
	_, err := c.Users.Create(context.Background(), &CreateUserRequest{Email: "a@example.com", OfficeID: 1})
	if err == nil {
		t.Fatal("Create succeeded: the POST was sent again after the connection dropped")
	}
	assert.Equal(t, int64(1), n.Load(), "requests sent")
}

func TestRetryBodyCutOff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method string
		want   int64
	}{{http.MethodGet, 2}, {http.MethodPost, 1}} {
		var first atomic.Bool
		srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.ReadAll(r.Body)
			if first.Swap(true) {
				replyJSON(w, http.StatusOK, `{"id": 1}`)
				return
			}
			// The status line and part of the body arrive, then the
			// connection dies.
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, `{"id": `)
			w.(http.Flusher).Flush()
			dropConnection(t, w)
		})
		err := callMethod(plumbingClient(t, srv.URL), tc.method)
		if (tc.want == 2) != (err == nil) {
			t.Errorf("%s: %v", tc.method, err)
		}
		if n.Load() != tc.want {
			t.Errorf("%s: server saw %d requests, want %d", tc.method, n.Load(), tc.want)
		}
	}
}

func TestRetryExhaustedDrops(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, sequence(t, drop))
	c := plumbingClient(t, srv.URL, WithMaxRetries(2))
	_, err := c.Users.Get(context.Background(), 1)
	var apiErr *APIError
	require.Error(t, err)
	require.False(t, errors.As(err, &apiErr), "Get = %v, want the transport's error", err)
	assert.Equal(t, int64(3), n.Load(), "requests sent")
}

func TestWithMaxRetriesZero(t *testing.T) {
	t.Parallel()
	for _, step := range []int{429, 500, drop} {
		srv, n := plumbingServer(t, sequence(t, step, 200))
		c := plumbingClient(t, srv.URL, WithMaxRetries(0))
		if _, err := c.Users.Get(context.Background(), 1); err == nil {
			t.Errorf("%d: Get succeeded, want the first answer's error", step)
		}
		assert.Equal(t, int64(1), n.Load(), "%d: requests sent", step)
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		defer cancel()
		replyJSON(w, http.StatusServiceUnavailable, `{}`)
	})
	// Long backoff: the context ends while the client sleeps.
	c := plumbingClient(t, srv.URL, WithRetryWait(time.Hour, time.Hour))
	_, err := c.Users.Get(ctx, 1)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, int64(1), n.Load(), "requests sent")
}

// Limiters.

func TestRetryAfterFakeClock(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		date := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
		api := newMockAPI(func(r *http.Request, n int) *http.Response {
			switch n {
			case 1:
				return answer(http.StatusTooManyRequests, http.Header{"Retry-After": {"3"}}, `{}`)
			case 2:
				return answer(http.StatusTooManyRequests, http.Header{"Retry-After": {date}}, `{}`)
			case 3:
				return answer(http.StatusServiceUnavailable, nil, `{}`) // no hint: backoff
			}
			return answer(http.StatusOK, nil, `{"id": "1"}`)
		})
		c := api.client(t, WithRetryWait(time.Second, 10*time.Second))
		_, err := c.Users.Get(context.Background(), 1)
		require.NoError(t, err)
		times := api.arrivals()
		require.Len(t, times, 4)
		assert.Equal(t, 3*time.Second, times[1].Sub(times[0]), "Retry-After: 3")
		// The date was 90s after the start; 3s of it were spent already.
		assert.Equal(t, 90*time.Second, times[2].Sub(times[0]), "Retry-After as a date: retried that long after the start")
		// Third retry (attempt index 2): 1s·2² = 4s, jittered into [2s, 4s].
		d := times[3].Sub(times[2])
		assert.True(t, d >= 2*time.Second && d <= 4*time.Second, "backoff %v, want 2s to 4s", d)
	})
}

// TestRetryAfterOverflowSaturates: a Retry-After too large for an int64
// saturates.
func TestRetryAfterOverflowSaturates(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"99999999999999999999", "9223372036854775808", "10000000000"} {
		d, ok := parseRetryAfter(v, time.Now())
		assert.True(t, ok, v)
		assert.Equal(t, time.Duration(math.MaxInt64), d, v)
	}
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "99999999999999999999")
		replyJSON(w, http.StatusTooManyRequests, `{"error": {"message": "come back never"}}`)
	})
	_, err := plumbingClient(t, srv.URL, WithMaxRetries(3)).Users.Get(context.Background(), 1)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	require.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, time.Duration(math.MaxInt64), apiErr.RetryAfter)
	assert.Equal(t, 1, apiErr.Attempts)
	assert.Equal(t, int64(1), n.Load(), "too long a wait: given up at once")
}

// TestDeadlineDuringRetryWait: a deadline that ends (or would end) a retry
// wait returns an error wrapping both the context's error and the last
// answer.
func TestDeadlineDuringRetryWait(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newMockAPI(always(http.StatusServiceUnavailable, `{"error": {"message": "down"}}`))
		// Backoff before the second attempt: 2s, jittered into [1s, 2s].
		c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: f}), WithRetryWait(2*time.Second, 2*time.Second))
		require.NoError(t, err)

		// The wait cannot finish before the deadline: given up at once.
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err = c.Users.Get(ctx, 1)
		assert.Zero(t, time.Since(start), "returned after a wait")
		assert.NoError(t, ctx.Err(), "returned at the deadline, not before")
		require.ErrorIs(t, err, context.DeadlineExceeded)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
		assert.Equal(t, 1, apiErr.Attempts)
		assert.Len(t, f.arrivals(), 1)
		assert.Regexp(t, `^dialpad: GET /api/v2/users/1: 503 Service Unavailable: down; gave up: the next attempt is (1(\.\d+)?|2)s away, after the context's deadline$`, err.Error())

		// The context ends during the wait: both errors again.
		ctx2, cancel2 := context.WithCancel(context.Background())
		time.AfterFunc(500*time.Millisecond, cancel2)
		start = time.Now()
		_, err = c.Users.Get(ctx2, 1)
		assert.Equal(t, 500*time.Millisecond, time.Since(start))
		require.ErrorIs(t, err, context.Canceled)
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
		assert.Len(t, f.arrivals(), 2)
		assert.Equal(t, "dialpad: GET /api/v2/users/1: 503 Service Unavailable: down; gave up: context canceled", err.Error())
	})
}

// The context ends while a retryable answer is on its way: the caller
// still gets both the answer and the context's error.
func TestContextEndsAsRetryableAnswerArrives(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		f := newMockAPI(func(*http.Request, int) *http.Response {
			// The context ends as the client reads the answer: cancelling in
			// the responder would race httpmock's own watch on the context.
			resp := answer(http.StatusServiceUnavailable, nil, `{"error": {"message": "down"}}`)
			resp.Body = closeHook{resp.Body, cancel}
			return resp
		})
		c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: f}), WithRetryWait(time.Second, time.Second))
		require.NoError(t, err)
		_, err = c.Users.Get(ctx, 1)
		require.ErrorIs(t, err, context.Canceled)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
		assert.Len(t, f.arrivals(), 1)
		assert.Equal(t, "dialpad: GET /api/v2/users/1: 503 Service Unavailable: down; gave up: context canceled", err.Error())
	})
}

func TestDeadlineDuringRetryWaitAfterDrop(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		reset := errors.New("connection reset by peer")
		mt := httpmock.NewMockTransport()
		mt.RegisterNoResponder(httpmock.NewErrorResponder(reset))
		c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: mt}), WithRetryWait(2*time.Second, 2*time.Second))
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		_, err = c.Users.Get(ctx, 1)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.ErrorIs(t, err, reset, "the last failure is kept")
		assert.NoError(t, ctx.Err())
		assert.Equal(t, 1, mt.GetTotalCallCount())
		assert.True(t, strings.HasPrefix(err.Error(), "dialpad: GET /api/v2/users/1: connection reset by peer; gave up: the next attempt is "), err.Error())
	})
}

// The limiter refusing the retry's slot counts as the deadline ending the
// retry wait: both errors are kept.
func TestLimiterRefusesRetry(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newMockAPI(func(*http.Request, int) *http.Response {
			return answer(http.StatusTooManyRequests, http.Header{"Retry-After": {"0"}}, `{"error": {"message": "slow down"}}`)
		})
		c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: f}), WithRateLimit(1, 1), WithEndpointLimits(false))
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		_, err = c.Users.Get(ctx, 1)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.ErrorIs(t, err, ErrRateLimited)
		assert.Len(t, f.arrivals(), 1)
		assert.Equal(t, "dialpad: GET /api/v2/users/1: 429 Too Many Requests: slow down; gave up: limiter refused the request: the next request slot is 1s away, after the context's deadline", err.Error())
	})
}

// closeHook is a body that calls hook when it is closed.
type closeHook struct {
	io.ReadCloser
	hook func()
}

func (b closeHook) Close() error {
	b.hook()
	return b.ReadCloser.Close()
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{"120", 2 * time.Minute, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"Sun, 01 Mar 2026 12:00:30 GMT", 30 * time.Second, true},
		{"Sunday, 01-Mar-26 12:00:30 GMT", 30 * time.Second, true}, // RFC 850
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},     // in the past: retry now
	}
	for _, tc := range cases {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}
