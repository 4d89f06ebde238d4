package dialpad

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/time/rate"
)

// plumbingServer starts a loopback server that counts the requests it
// serves. Unlike newTestClient's, it does not record them for the spec
// conformance check: the tests that use it exercise the request path
// (headers, retries, dropped connections, limiters) with made-up answers,
// not the shape of Dialpad's operations.
func plumbingServer(t testing.TB, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// plumbingClient returns a client for baseURL that retries fast and does
// not pace, unless opts say otherwise.
func plumbingClient(t testing.TB, baseURL string, opts ...Option) *Client {
	t.Helper()
	base := []Option{
		WithBaseURL(baseURL),
		ownTransport(t),
		WithRetryWait(time.Millisecond, 5*time.Millisecond),
		WithRateLimit(1e6, 1000),
		WithEndpointLimits(false),
	}
	c, err := NewClient(testKey, append(base, opts...)...)
	require.NoError(t, err)
	return c
}

// replyJSON answers with status and body.
func replyJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// dropConnection closes the connection under w without answering, as a
// crashing proxy would.
func dropConnection(t testing.TB, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("the ResponseWriter cannot be hijacked")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

// assertJSON fails unless got and want hold the same JSON value; unlike a
// decoded map it tells a field that is absent from one that is null or [].
func assertJSON(t testing.TB, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want %q: %v", want, err)
	}
	assert.Equal(t, w, g, "body = %s\nwant   %s", got, want)
}

// assertNoKey fails if s contains the test API key.
func assertNoKey(t testing.TB, what, s string) {
	t.Helper()
	if strings.Contains(s, testKey) {
		t.Errorf("%s contains the API key: %s", what, s)
	}
}

func TestClientServices(t *testing.T) {
	t.Parallel()
	c := plumbingClient(t, "http://127.0.0.1:1")
	v := reflect.ValueOf(c).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.IsExported() && v.Field(i).IsNil() {
			t.Errorf("Client.%s is nil", f.Name)
		}
	}
}

func TestClientHeaders(t *testing.T) {
	t.Parallel()
	type seen struct {
		method string
		header http.Header
		body   []byte
	}
	var (
		mu  sync.Mutex
		got []seen
	)
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, seen{r.Method, r.Header.Clone(), body})
		mu.Unlock()
		replyJSON(w, http.StatusOK, `{"id": "1"}`)
	})
	ctx := context.Background()

	c := plumbingClient(t, srv.URL)
	_, err := c.Users.Get(ctx, 1)
	require.NoError(t, err)
	_, err = c.Users.Create(ctx, &CreateUserRequest{Email: "a@example.com", OfficeID: 1})
	require.NoError(t, err)
	_, err = c.Users.Delete(ctx, 1)
	require.NoError(t, err)
	branded := plumbingClient(t, srv.URL, WithCompanyID("4508591728425653"), WithUserAgent("acme-sync/2.1"))
	_, err = branded.Users.Get(ctx, 1)
	require.NoError(t, err)

	mu.Lock()
	defer mu.Unlock()
	if len(got) != 4 {
		t.Fatalf("server saw %d requests, want 4", len(got))
	}
	for i, s := range got {
		h := s.header
		if a := h.Get("Authorization"); a != "Bearer "+testKey {
			t.Errorf("%d %s: Authorization = %q", i, s.method, a)
		}
		if ua := h.Get("User-Agent"); !strings.Contains(ua, "dialpad-go/") {
			t.Errorf("%d %s: User-Agent = %q, want it to contain dialpad-go/", i, s.method, ua)
		}
		if a := h.Get("Accept"); a != "application/json" {
			t.Errorf("%d %s: Accept = %q", i, s.method, a)
		}
		ct := h.Get("Content-Type")
		switch {
		case len(s.body) > 0 && ct != "application/json":
			t.Errorf("%d %s: Content-Type = %q with a body", i, s.method, ct)
		case len(s.body) == 0 && ct != "":
			t.Errorf("%d %s: Content-Type = %q without a body", i, s.method, ct)
		}
	}
	if len(got[1].body) == 0 {
		t.Error("POST sent no body")
	}
	if len(got[0].body) != 0 || len(got[2].body) != 0 {
		t.Error("GET or DELETE sent a body")
	}
	for i := range 3 {
		if _, ok := got[i].header["Dp-Company-Id"]; ok {
			t.Errorf("%d: DP-Company-ID sent without WithCompanyID", i)
		}
	}
	if id := got[3].header.Get("DP-Company-ID"); id != "4508591728425653" {
		t.Errorf("DP-Company-ID = %q", id)
	}
	if ua := got[3].header.Get("User-Agent"); ua != "acme-sync/2.1 dialpad-go/"+Version {
		t.Errorf("User-Agent = %q", ua)
	}
}

func TestClientBaseURLWithPrefix(t *testing.T) {
	t.Parallel()
	var uri atomic.Value
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		uri.Store(r.RequestURI)
		replyJSON(w, http.StatusOK, `{"id": "7"}`)
	})
	c := plumbingClient(t, srv.URL+"/proxy/")
	if _, err := c.Users.Get(context.Background(), 7); err != nil {
		t.Fatal(err)
	}
	if got := uri.Load(); got != "/proxy/api/v2/users/7" {
		t.Errorf("hit %v, want /proxy/api/v2/users/7", got)
	}
}

func TestNewClientOptions(t *testing.T) {
	t.Parallel()
	good := []struct {
		name string
		opt  Option
	}{
		{"WithBaseURL", WithBaseURL("https://dialpad.example.com/")},
		{"WithSandbox", WithSandbox()},
		{"WithHTTPClient", WithHTTPClient(&http.Client{Timeout: time.Second})},
		{"WithUserAgent", WithUserAgent("acme/1")},
		{"WithCompanyID", WithCompanyID("123")},
		{"WithRateLimit", WithRateLimit(5, 1)},
		{"WithLimiter", WithLimiter(NewRateLimiter(1, 1))},
		{"WithEndpointLimits", WithEndpointLimits(false)},
		{"WithMaxRetries(0)", WithMaxRetries(0)},
		{"WithRetryWait", WithRetryWait(0, 0)},
		{"WithTimeout", WithTimeout(time.Second)},
		{"WithLogger", WithLogger(slog.New(slog.DiscardHandler))},
		{"nil Option", nil},
	}
	for _, tc := range good {
		if _, err := NewClient(testKey, tc.opt); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	bad := []struct {
		name string
		opt  Option
	}{
		{"WithHTTPClient(nil)", WithHTTPClient(nil)},
		{`WithBaseURL("::")`, WithBaseURL("::")},
		{`WithBaseURL("")`, WithBaseURL("")},
		{"WithBaseURL without scheme", WithBaseURL("dialpad.com")},
		{"WithBaseURL ftp", WithBaseURL("ftp://dialpad.com")},
		{"WithBaseURL with credentials", WithBaseURL("https://user:pw@dialpad.com")},
		{"WithBaseURL with query", WithBaseURL("https://dialpad.com/?apikey=x")},
		{"WithRateLimit rps 0", WithRateLimit(0, 1)},
		{"WithRateLimit rps < 0", WithRateLimit(-1, 1)},
		{"WithRateLimit NaN", WithRateLimit(math.NaN(), 1)},
		{"WithRateLimit burst 0", WithRateLimit(1, 0)},
		{"WithLimiter(nil)", WithLimiter(nil)},
		{"WithMaxRetries(-1)", WithMaxRetries(-1)},
		{"WithRetryWait min > max", WithRetryWait(2*time.Second, time.Second)},
		{"WithRetryWait min < 0", WithRetryWait(-time.Second, time.Second)},
		{"WithTimeout(0)", WithTimeout(0)},
		{"WithTimeout(-1s)", WithTimeout(-time.Second)},
		{"WithLogger(nil)", WithLogger(nil)},
		{`WithUserAgent("")`, WithUserAgent("")},
		{"WithUserAgent multi-line", WithUserAgent("a\r\nX-Evil: 1")},
		{`WithCompanyID("")`, WithCompanyID("")},
		{"WithCompanyID multi-line", WithCompanyID("1\n2")},
		{"withEndpointPeriod(0)", withEndpointPeriod(0)},
	}
	for _, tc := range bad {
		c, err := NewClient(testKey, WithBaseURL("https://dialpad.com"), tc.opt)
		if err == nil || c != nil {
			t.Errorf("%s: NewClient = %v, %v; want nil and an error", tc.name, c, err)
			continue
		}
		assertNoKey(t, tc.name, err.Error())
	}
}

func TestNewClientKey(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"", "   "} {
		c, err := NewClient(key)
		assert.ErrorIs(t, err, ErrMissingAPIKey, "NewClient(%q)", key)
		assert.Nil(t, c, "NewClient(%q)", key)
	}
	for _, key := range []string{testKey + "\n", "sk test", testKey + "\x00"} {
		c, err := NewClient(key)
		if c != nil || err == nil {
			t.Errorf("NewClient(%q) = %v, %v; want an error", key, c, err)
			continue
		}
		assertNoKey(t, "error", err.Error())
	}
}

// Not parallel: t.Setenv.
func TestNewClientFromEnv(t *testing.T) {
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
			t.Errorf("Authorization = %q", got)
		}
		replyJSON(w, http.StatusOK, `{"id": 42}`)
	})

	t.Setenv("DIALPAD_API_KEY", "")
	t.Setenv("DIALPAD_BASE_URL", "")
	c, err := NewClientFromEnv()
	assert.ErrorIs(t, err, ErrMissingAPIKey, "without DIALPAD_API_KEY")
	assert.Nil(t, c, "without DIALPAD_API_KEY")

	t.Setenv("DIALPAD_API_KEY", testKey)
	t.Setenv("DIALPAD_BASE_URL", srv.URL)
	c, err = NewClientFromEnv(WithRateLimit(1e6, 1000))
	require.NoError(t, err)
	assert.Equal(t, int64(0), n.Load(), "requests sent")
	u, err := c.Users.Get(context.Background(), 42)
	if err != nil || u.ID != 42 {
		t.Fatalf("Get = %+v, %v", u, err)
	}
	assert.Equal(t, int64(1), n.Load(), "requests sent")

	// An option wins over the environment.
	c, err = NewClientFromEnv(WithBaseURL("https://sandbox.dialpad.com"))
	if err != nil || c.baseURL != "https://sandbox.dialpad.com" {
		t.Errorf("WithBaseURL over DIALPAD_BASE_URL: base %q, %v", c.baseURL, err)
	}

	t.Setenv("DIALPAD_BASE_URL", "::")
	if c, err := NewClientFromEnv(); c != nil || err == nil {
		t.Errorf("bad DIALPAD_BASE_URL: %v, %v; want an error", c, err)
	}
}

func TestNewClientSendsNothing(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {})
	mock := httpmock.NewMockTransport()
	for _, opts := range [][]Option{
		{WithBaseURL(srv.URL)},
		{WithBaseURL(srv.URL), WithCompanyID("1"), WithLogger(slog.New(slog.DiscardHandler)), WithMaxRetries(9)},
		{WithBaseURL(srv.URL), WithHTTPClient(&http.Client{Transport: mock})},
	} {
		if _, err := NewClient(testKey, opts...); err != nil {
			t.Fatal(err)
		}
	}
	if n.Load() != 0 || mock.GetTotalCallCount() != 0 {
		t.Errorf("construction sent %d requests to the server and %d to the mock", n.Load(), mock.GetTotalCallCount())
	}
}

func TestWithHTTPClient(t *testing.T) {
	t.Parallel()
	mock := httpmock.NewMockTransport()
	mock.RegisterResponder(http.MethodGet, "https://dialpad.com/api/v2/users/1",
		func(r *http.Request) (*http.Response, error) {
			if r.Header.Get("Authorization") != "Bearer "+testKey {
				t.Errorf("Authorization = %q", r.Header.Get("Authorization"))
			}
			return httpmock.NewStringResponse(http.StatusOK, `{"id": "1", "display_name": "Mock"}`), nil
		})
	hc := &http.Client{Transport: mock, Timeout: 7 * time.Second}
	c, err := NewClient(testKey, WithHTTPClient(hc), WithRateLimit(1e6, 1000))
	require.NoError(t, err)
	u, err := c.Users.Get(context.Background(), 1)
	if err != nil || u.DisplayName != "Mock" {
		t.Fatalf("Get = %+v, %v", u, err)
	}
	if mock.GetTotalCallCount() != 1 {
		t.Errorf("mock saw %d calls, want 1", mock.GetTotalCallCount())
	}
	// The caller's client is copied, never changed.
	if hc.Transport != mock || hc.Timeout != 7*time.Second || hc.CheckRedirect != nil {
		t.Errorf("WithHTTPClient changed the caller's *http.Client: %+v", hc)
	}
}

func TestClientContextDoneBeforeSend(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {})
	c := plumbingClient(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Users.Get(ctx, 1)
	assert.ErrorIs(t, err, context.Canceled)
	var nilCtx context.Context
	if _, err := c.Users.Get(nilCtx, 1); err == nil {
		t.Error("Get with a nil context succeeded")
	}
	assert.Equal(t, int64(0), n.Load(), "requests sent")
}

// TestContextEndedBeforeSendSaysSo: a call whose context ended before its
// request went says so, whether or not the client paces, instead of
// blaming a limiter.
func TestContextEndedBeforeSendSaysSo(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {})
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(1, 0))
	defer cancel2()
	for _, c := range []*Client{plumbingClient(t, srv.URL), plumbingClient(t, srv.URL, WithEndpointLimits(true))} {
		_, err := c.Users.Get(canceled, 1)
		require.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, "dialpad: GET /api/v2/users/1: canceled before it was sent: context canceled", err.Error())
		_, err = c.Users.Get(expired, 1)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, "dialpad: GET /api/v2/users/1: timed out before it was sent: context deadline exceeded", err.Error())
	}
	assert.Equal(t, int64(0), n.Load(), "requests sent")

	// Canceled while waiting its turn at a limiter: the same words.
	synctest.Test(t, func(t *testing.T) {
		api := newMockAPI(always(http.StatusOK, `{"id": "1"}`))
		c := api.client(t, WithRateLimit(1, 1), WithEndpointLimits(false))
		_, err := c.Users.Get(context.Background(), 1)
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		_, err = c.Users.Get(ctx, 1)
		require.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, "dialpad: GET /api/v2/users/1: canceled before it was sent: context canceled", err.Error())
		assert.Len(t, api.requests(), 1)
	})
}

func TestClientInvalidResponse(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"id": `, `<html>oops</html>`, `{"id": "not-a-number"}`, `{"date_added": "yesterday"}`, `[]`} {
		srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
			replyJSON(w, http.StatusOK, body)
		})
		c := plumbingClient(t, srv.URL)
		_, err := c.Users.Get(context.Background(), 1)
		assert.ErrorIs(t, err, ErrInvalidResponse, "body %s: Get = %v, want ErrInvalidResponse", body, err)
		if n.Load() != 1 {
			t.Errorf("body %s: server saw %d requests, want 1", body, n.Load())
		}
	}
}

func TestClientEmptySuccessBody(t *testing.T) {
	t.Parallel()
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	c := plumbingClient(t, srv.URL)
	// Delete documents the deleted user as its answer: an empty one cannot
	// be it, and must not pass for success with a zero user.
	u, err := c.Users.Delete(context.Background(), 1)
	assert.ErrorIs(t, err, ErrInvalidResponse)
	assert.Nil(t, u)
}

// Key secrecy.

func TestKeyNotInFormattedClient(t *testing.T) {
	t.Parallel()
	c := plumbingClient(t, "https://dialpad.com",
		WithLogger(slog.New(slog.DiscardHandler)), WithCompanyID("1"))
	for _, v := range []any{c, *c, c.http, *c.http, c.http.Transport, c.Users, *c.Users} {
		for _, verb := range []string{"%v", "%+v", "%#v"} {
			assertNoKey(t, fmt.Sprintf("Sprintf(%q, %T)", verb, v), fmt.Sprintf(verb, v))
		}
	}
}

func TestKeyNotInErrors(t *testing.T) {
	t.Parallel()
	echo := func(w http.ResponseWriter, r *http.Request) {
		// A careless server quoting the credentials it rejected.
		auth := r.Header.Get("Authorization")
		body, _ := json.Marshal(map[string]any{"error": map[string]any{
			"message": "invalid key " + auth,
			"errors":  []map[string]string{{"reason": "unauthorized", "message": "key " + auth + " revoked"}},
		}})
		replyJSON(w, http.StatusUnauthorized, string(body))
	}
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v2/users/1":
			echo(w, r)
		case "/api/v2/users/2":
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, "forbidden for "+r.Header.Get("Authorization"))
		case "/api/v2/users/3":
			dropConnection(t, w)
		case "/api/v2/users/4":
			replyJSON(w, http.StatusOK, `{"id": "`+testKey+`"}`)
		default:
			replyJSON(w, http.StatusInternalServerError, `{"error": {"message": "boom"}}`)
		}
	})
	c := plumbingClient(t, srv.URL, WithMaxRetries(1))
	ctx := context.Background()
	var errs []error
	for _, id := range []ID{1, 2, 3, 4, 500} {
		_, err := c.Users.Get(ctx, id)
		if err == nil {
			t.Fatalf("Get(%s) succeeded", id)
		}
		errs = append(errs, err)
	}
	_, err := c.Users.Create(ctx, &CreateUserRequest{Email: "x"})
	errs = append(errs, err)
	_, err = plumbingClient(t, "http://127.0.0.1:1", WithMaxRetries(0)).Users.Get(ctx, 1) // connection refused
	errs = append(errs, err)

	for _, err := range errs {
		assertChainHidesKey(t, testKey, err)
		for _, verb := range []string{"%v", "%+v", "%#v"} {
			assertNoKey(t, "error", fmt.Sprintf(verb, err))
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			assertNoKey(t, "APIError.Body", string(apiErr.Body))
			for _, d := range apiErr.Details {
				assertNoKey(t, "APIError.Details", d.Message)
			}
		}
	}
	var apiErr *APIError
	if assert.ErrorAs(t, errs[0], &apiErr) {
		assert.Contains(t, apiErr.Message, "[REDACTED]", "the echoed key")
	}
}

func TestKeyNotInLogs(t *testing.T) {
	t.Parallel()
	var buf lockedBuffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v2/users/404":
			replyJSON(w, http.StatusNotFound, `{"error": {"message": "no user `+r.Header.Get("Authorization")+`"}}`)
			return
		case "/api/v2/users/3":
			dropConnection(t, w)
			return
		}
		w.Header().Set("Retry-After", "0")
		replyJSON(w, http.StatusTooManyRequests, `{"error": {"message": "slow down"}}`)
	})
	c := plumbingClient(t, srv.URL, WithLogger(logger), WithMaxRetries(2))
	ctx := context.Background()
	for _, id := range []ID{429, 404, 3} {
		if _, err := c.Users.Get(ctx, id); err == nil {
			t.Errorf("Get(%s) succeeded", id)
		}
	}
	logs := buf.String()
	assertNoKey(t, "log", logs)
	if strings.Contains(logs, "Bearer") || strings.Contains(logs, "Authorization") {
		t.Errorf("the log mentions the Authorization header:\n%s", logs)
	}
	for _, want := range []string{
		"dialpad request", "method=GET", "path=/api/v2/users/429", "status=429", "wait=", "attempt=3",
		"dialpad retry", "backoff=", "path=/api/v2/users/404", "status=404", "path=/api/v2/users/3", "error=",
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log lacks %q:\n%s", want, logs)
		}
	}
	if lines := strings.Count(logs, "msg=\"dialpad request\""); lines != 3+1+3 {
		t.Errorf("%d request lines, want one per attempt (7):\n%s", lines, logs)
	}
}

func TestRedirectSameHostKeepsKey(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+testKey {
			t.Errorf("%s: Authorization = %q", r.URL.Path, r.Header.Get("Authorization"))
		}
		if r.URL.Path == "/api/v2/users/1" {
			http.Redirect(w, r, "/api/v2/users/2", http.StatusFound)
			return
		}
		replyJSON(w, http.StatusOK, `{"id": "9"}`)
	})
	c := plumbingClient(t, srv.URL)
	u, err := c.Users.Get(context.Background(), 1)
	if err != nil || u.ID != 9 {
		t.Fatalf("Get = %+v, %v", u, err)
	}
	assert.Equal(t, int64(2), n.Load(), "requests sent")
}

func TestRedirectToAnotherHostRefused(t *testing.T) {
	t.Parallel()
	other, otherN := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the other host got %s with Authorization %q", r.URL, r.Header.Get("Authorization"))
	})
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	})
	c := plumbingClient(t, srv.URL)
	_, err := c.Users.Get(context.Background(), 1)
	if err == nil || !strings.Contains(err.Error(), "another host") {
		t.Fatalf("Get = %v, want a refused redirect", err)
	}
	assertNoKey(t, "error", err.Error())
	if n.Load() != 1 || otherN.Load() != 0 {
		t.Errorf("API host saw %d requests (want 1: a refusal is final), other host %d (want 0)", n.Load(), otherN.Load())
	}
}

func TestRedirectToAnotherHostWithCallerPolicy(t *testing.T) {
	t.Parallel()
	var otherAuth atomic.Value
	other, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		otherAuth.Store(r.Header.Get("Authorization"))
		replyJSON(w, http.StatusOK, `{"id": "3"}`)
	})
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	})
	// The caller's client follows any redirect; the key still stays home.
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	c := plumbingClient(t, srv.URL, WithHTTPClient(hc))
	if _, err := c.Users.Get(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if got, _ := otherAuth.Load().(string); got != "" {
		t.Errorf("the other host got Authorization %q", got)
	}
}

// TestClientNoGoroutineLeak is not parallel, so that no other test's
// goroutines come and go while it looks: over real connections, retries,
// attempt timeouts, an error answer and an iterator left early leave
// nothing running. (Nor does a limiter wait cut short: it involves no
// socket, and TestClientLimiterCancel's synctest bubble would end in a
// deadlock were a goroutine left blocked.)
func TestClientNoGoroutineLeak(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v2/users/1":
			<-r.Context().Done()
		case "/api/v2/users":
			replyJSON(w, http.StatusOK, `{"items": [{"id": 1}, {"id": 2}], "cursor": "next"}`)
		case "/api/v2/users/404":
			replyJSON(w, http.StatusNotFound, `{}`)
		default:
			replyJSON(w, http.StatusServiceUnavailable, `{}`)
		}
	}))
	defer srv.Close()
	ctx := context.Background()

	c := plumbingClient(t, srv.URL, WithRetryWait(0, time.Millisecond), WithTimeout(20*time.Millisecond), WithMaxRetries(2))
	for u, err := range c.Users.List(ctx, nil) { // a break after the first user
		require.NoError(t, err)
		assert.Equal(t, ID(1), u.ID)
		break
	}
	_, err := c.Users.Get(ctx, 1)
	require.ErrorIs(t, err, context.DeadlineExceeded, "Get(slow): want the attempt deadline")
	_, err = c.Users.Get(ctx, 503)
	require.Error(t, err)
	// The 20ms attempt timeout is for the hanging request only: a busy
	// machine may take longer to answer this one.
	_, err = plumbingClient(t, srv.URL).Users.Get(ctx, 404)
	require.ErrorIs(t, err, ErrNotFound)
}

// TestRedirectChangingTheMethodIsRefused: a redirect that would turn a write
// into a GET is an error naming the redirect; 307 and 308 keep the method
// and the body.
func TestRedirectChangingTheMethodIsRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	writes := []struct {
		name, method, path string
		call               func(*Client) (any, error)
	}{
		{"Users.Create", http.MethodPost, "/api/v2/users", func(c *Client) (any, error) {
			return c.Users.Create(ctx, &CreateUserRequest{Email: "ada@example.com", OfficeID: 1})
		}},
		{"Users.Update", http.MethodPatch, "/api/v2/users/1", func(c *Client) (any, error) {
			return c.Users.Update(ctx, 1, &UpdateUserRequest{JobTitle: Ptr("CFO")})
		}},
		{"Contacts.CreateOrUpdate", http.MethodPut, "/api/v2/contacts", func(c *Client) (any, error) {
			return c.Contacts.CreateOrUpdate(ctx, &CreateOrUpdateContactRequest{UID: "u1", FirstName: "A", LastName: "B"})
		}},
		{"Users.Delete", http.MethodDelete, "/api/v2/users/1", func(c *Client) (any, error) {
			return c.Users.Delete(ctx, 1)
		}},
	}
	for _, w := range writes {
		for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther} {
			t.Run(fmt.Sprintf("%s/%d", w.name, status), func(t *testing.T) {
				t.Parallel()
				var writesSeen, getsSeen atomic.Int64
				srv, _ := plumbingServer(t, func(w2 http.ResponseWriter, r *http.Request) {
					_, _ = io.ReadAll(r.Body)
					switch {
					case r.Method == http.MethodGet:
						getsSeen.Add(1)
						replyJSON(w2, http.StatusOK, `{"id": "9"}`)
					case r.URL.Path == w.path:
						writesSeen.Add(1)
						// A Location carrying the key, as a careless proxy might.
						w2.Header().Set("Location", "/api/v2/users/9?token="+url.QueryEscape(oddKey))
						w2.WriteHeader(status)
					default:
						t.Errorf("unexpected %s %s", r.Method, r.URL)
					}
				})
				got, err := w.call(oddKeyClient(t, srv.URL))
				require.Error(t, err, "the redirect's GET answer passed for the %s's", w.method)
				assert.Nil(t, got)
				assert.Equal(t, int64(1), writesSeen.Load())
				assert.Equal(t, int64(0), getsSeen.Load(), "the redirect was followed")
				msg := err.Error()
				assert.True(t, strings.HasPrefix(msg, "dialpad: "+w.method+" "+w.path+": refusing redirect: "), msg)
				assert.Contains(t, msg, fmt.Sprintf("%d %s to /api/v2/users/9?token=%s", status, http.StatusText(status), redacted))
				assert.Contains(t, msg, "resend the "+w.method+" as a GET")
				assertErrorHidesOddKey(t, err)
			})
		}
	}
}

func TestRedirect307And308KeepMethodAndBody(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		var (
			mu     sync.Mutex
			bodies []string
		)
		srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			bodies = append(bodies, r.Method+" "+r.URL.Path+" "+r.Header.Get("Content-Type")+" "+string(body))
			mu.Unlock()
			assert.Equal(t, "Bearer "+testKey, r.Header.Get("Authorization"))
			if r.URL.Path == "/api/v2/users" {
				http.Redirect(w, r, "/api/v2/users-moved", status)
				return
			}
			replyJSON(w, http.StatusOK, `{"id": "5"}`)
		})
		u, err := plumbingClient(t, srv.URL).Users.Create(context.Background(), &CreateUserRequest{Email: "ada@example.com", OfficeID: 1})
		require.NoError(t, err, "status %d", status)
		assert.Equal(t, ID(5), u.ID)
		assert.Equal(t, int64(2), n.Load())
		want := `application/json {"email":"ada@example.com","office_id":1}`
		assert.Equal(t, []string{"POST /api/v2/users " + want, "POST /api/v2/users-moved " + want}, bodies, "status %d", status)
	}
}

func TestRedirectGETOnlyToSameSchemeAndHost(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v2/users/1": // same host: followed
			http.Redirect(w, r, "/api/v2/users/2", http.StatusMovedPermanently)
		case "/api/v2/users/3": // same host, other scheme: refused
			http.Redirect(w, r, "https://"+r.Host+"/api/v2/users/2", http.StatusFound)
		default:
			replyJSON(w, http.StatusOK, `{"id": "2"}`)
		}
	})
	c := plumbingClient(t, srv.URL)
	u, err := c.Users.Get(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, ID(2), u.ID)
	_, err = c.Users.Get(context.Background(), 3)
	require.ErrorIs(t, err, errRedirectRefused)
	assert.Contains(t, err.Error(), "another host or scheme")
	assert.Equal(t, int64(3), n.Load())
}

// TestNewClientRejectsTypedNilAndControls: bad limiters and header values
// are refused at NewClient.
func TestNewClientRejectsTypedNilAndControls(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]Option{
		"(*rate.Limiter)(nil)":       WithLimiter((*rate.Limiter)(nil)),
		"(*countingLimiter)(nil)":    WithLimiter((*countingLimiter)(nil)),
		"WithCompanyID NUL":          WithCompanyID("123\x00"),
		"WithCompanyID DEL":          WithCompanyID("123\x7f"),
		"WithCompanyID ESC":          WithCompanyID("\x1b123"),
		"WithCompanyID tab":          WithCompanyID("1\t23"),
		"WithCompanyID NEL":          WithCompanyID("12\u00853"),
		"WithCompanyID U+2028":       WithCompanyID("12\u20283"),
		"WithCompanyID bad UTF-8":    WithCompanyID("12\xff"),
		"WithUserAgent NUL":          WithUserAgent("acme\x00/1"),
		"WithUserAgent DEL":          WithUserAgent("acme/1\x7f"),
		"WithUserAgent CR":           WithUserAgent("acme/1\r"),
		"WithUserAgent bidi":         WithUserAgent("acme\u202e/1"),
		"WithUserAgent blank":        WithUserAgent(" \t "),
		"WithCompanyID blank":        WithCompanyID(" "),
		"WithLimiter(nil interface)": WithLimiter(nil),
	} {
		c, err := NewClient(testKey, opt)
		assert.Error(t, err, name)
		assert.Nil(t, c, name)
		if err != nil {
			assert.Equal(t, 1, strings.Count(err.Error(), "dialpad:"), err.Error())
		}
	}
	for name, key := range map[string]string{"NEL": "sk\u0085x", "bidi": "sk\u202ex", "NBSP": "sk\u00a0x", "bad UTF-8": "sk\xffx"} {
		_, err := NewClient(key)
		assert.Error(t, err, name)
	}
	_, err := NewClient(testKey, WithCompanyID("4508591728425653"), WithUserAgent("acme-sync/2.1 (ops@example.com)"))
	require.NoError(t, err)
}

// TestBaseURLWithAPIPrefix: a base URL ending in /api/v2 is the host's base
// URL.
func TestBaseURLWithAPIPrefix(t *testing.T) {
	var uris []string
	var mu sync.Mutex
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		uris = append(uris, r.RequestURI)
		mu.Unlock()
		replyJSON(w, http.StatusOK, `{"id": "7"}`)
	})
	for in, want := range map[string]string{
		"https://sandbox.dialpad.com/api/v2":        "https://sandbox.dialpad.com",
		"https://sandbox.dialpad.com/api/v2/":       "https://sandbox.dialpad.com",
		"https://proxy.example.com/dialpad/api/v2/": "https://proxy.example.com/dialpad",
		"https://proxy.example.com/dialpad/":        "https://proxy.example.com/dialpad",
	} {
		c, err := NewClient(testKey, WithBaseURL(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, c.baseURL, in)
	}

	c := plumbingClient(t, srv.URL+"/api/v2")
	_, err := c.Users.Get(context.Background(), 7)
	require.NoError(t, err)

	t.Setenv("DIALPAD_API_KEY", testKey)
	t.Setenv("DIALPAD_BASE_URL", srv.URL+"/api/v2/")
	c, err = NewClientFromEnv(WithRateLimit(1e6, 1000))
	require.NoError(t, err)
	assert.Equal(t, srv.URL, c.baseURL)
	_, err = c.Users.Get(context.Background(), 7)
	require.NoError(t, err)

	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{"/api/v2/users/7", "/api/v2/users/7"}, uris)
}

// fastMockClient is a client for the mock API that neither paces nor
// retries, so that a table can run every operation in a few milliseconds.
func fastMockClient(t testing.TB, api *mockAPI) *Client {
	return api.client(t, WithEndpointLimits(false), WithRateLimit(1e9, 1<<20), WithMaxRetries(0))
}

// aggregateAnswers are the operations whose answer is an object made only
// of counts and lists (a page, an operator collection, license counts, a
// plan): Dialpad leaves out zero counts and empty lists, so {} is a valid,
// empty answer for them. Every other object answer carries something it
// cannot lack (an id, a number, an address, a device), and {} is not it.
var aggregateAnswers = map[string]bool{
	"Users.ListPage": true, "Users.ListPersonas": true, "Contacts.ListPage": true,
	"CoachingTeams.ListPage": true, "CoachingTeams.ListMembers": true, "DeskPhones.List": true,
	"UserDevices.ListPage": true, "Offices.ListPage": true, "Offices.AvailableLicenses": true,
	"Offices.GetPlan": true, "Offices.ListOperators": true, "CallCenters.ListPage": true,
	"CallCenters.ListOperators": true, "Departments.ListPage": true, "Departments.ListOperators": true,
	"Webhooks.ListPage": true, "ChangeLogSubscriptions.ListPage": true,
}

// noAnswer are the operations whose documented answer is no object at all.
var noAnswer = map[string]bool{"DeskPhones.Delete": true}

// TestEmptyAnswersAreInvalid is the one table over every operation whose
// documented answer is an object: a 204, an empty 200, null or (where the
// object cannot be empty) {} is ErrInvalidResponse naming the call, never
// a zero value and no error, and it is not retried.
func TestEmptyAnswersAreInvalid(t *testing.T) {
	t.Parallel()
	answers := []struct {
		name   string
		status int
		body   string
	}{
		{"204", http.StatusNoContent, ""},
		{"empty 200", http.StatusOK, ""},
		{"blank 200", http.StatusOK, " \n"},
		{"null", http.StatusOK, "null"},
		{"padded null", http.StatusOK, " null\n"},
		{"{}", http.StatusOK, "{}"},
	}
	for _, op := range operations() {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			for _, a := range answers {
				api := newMockAPI(func(*http.Request, int) *http.Response { return answer(a.status, nil, a.body) })
				got, err := op.call(context.Background(), fastMockClient(t, api))
				msg := fmt.Sprintf("%s answered %s", op.name, a.name)
				if noAnswer[op.name] || (a.body == "{}" && aggregateAnswers[op.name]) {
					assert.NoError(t, err, msg)
					continue
				}
				require.ErrorIs(t, err, ErrInvalidResponse, msg)
				assert.Nil(t, got, msg)
				assert.True(t, strings.HasPrefix(err.Error(), "dialpad: "+op.method+" "+op.path+": invalid response body: "),
					"%s: %q does not name the call", msg, err.Error())
				assert.Len(t, api.requests(), 1, "%s: an invalid answer is final", msg)
			}
		})
	}
}

// idAnswers are the operations whose answer is one resource with a numeric
// id of its own.
var idAnswers = []string{
	"Users.Get", "Users.Create", "Users.Update", "Users.Delete", "Users.MoveOffice",
	"Users.SetDoNotDisturb", "Users.SetStatus", "Users.GetCallerID", "Users.SetCallerID",
	"CoachingTeams.Get", "CoachingTeams.AddMember", "Calls.SetRecording", "Calls.SetVI",
	"Offices.Get", "Offices.AddOperator", "Offices.RemoveOperator",
	"CallCenters.Get", "CallCenters.AddOperator", "CallCenters.RemoveOperator",
	"Departments.Get", "Departments.AddOperator", "Departments.RemoveOperator",
	"Webhooks.Get", "Webhooks.Create", "Webhooks.Update", "Webhooks.Delete",
	"ChangeLogSubscriptions.Get", "ChangeLogSubscriptions.Create", "ChangeLogSubscriptions.Update",
	"ChangeLogSubscriptions.Delete",
}

// TestImpossibleIDsAreInvalid: an id below 1 in a resource, or an item of
// a list without an id, cannot be what Dialpad documents; each is
// ErrInvalidResponse, as a resource without an id is.
func TestImpossibleIDsAreInvalid(t *testing.T) {
	t.Parallel()
	byName := map[string]operation{}
	for _, op := range operations() {
		byName[op.name] = op
	}
	type tc struct{ op, body string }
	var cases []tc
	for _, name := range idAnswers {
		for _, id := range []string{`-1`, `"-1"`, `"-9223372036854775808"`, `-9223372036854775808`} {
			cases = append(cases, tc{name, `{"id": ` + id + `}`})
		}
	}
	for _, name := range []string{"Users.ListPage", "Users.ListPersonas", "CoachingTeams.ListPage", "CoachingTeams.ListMembers",
		"Offices.ListPage", "CallCenters.ListPage", "Departments.ListPage", "Webhooks.ListPage",
		"ChangeLogSubscriptions.ListPage"} {
		cases = append(cases, tc{name, `{"items": [{}]}`}, tc{name, `{"items": [{"id": "0"}]}`},
			tc{name, `{"items": [{"id": "7"}, {"id": "-7"}]}`})
	}
	for _, name := range []string{"Contacts.ListPage", "DeskPhones.List", "UserDevices.ListPage"} {
		cases = append(cases, tc{name, `{"items": [{}]}`}, tc{name, `{"items": [{"id": ""}]}`})
	}
	for _, name := range []string{"Offices.ListOperators", "CallCenters.ListOperators", "Departments.ListOperators"} {
		cases = append(cases, tc{name, `{"users": [{}]}`}, tc{name, `{"rooms": [{"id": "0"}]}`}, tc{name, `{"users": [{"id": -3}]}`})
	}
	for _, c := range cases {
		op, ok := byName[c.op]
		require.True(t, ok, c.op)
		api := newMockAPI(always(http.StatusOK, c.body))
		got, err := op.call(context.Background(), fastMockClient(t, api))
		assert.ErrorIs(t, err, ErrInvalidResponse, "%s answered %s", c.op, c.body)
		assert.Nil(t, got, "%s answered %s", c.op, c.body)
	}

	// A list iterator stops at such a page instead of yielding a user 0.
	api := newMockAPI(always(http.StatusOK, `{"items": [{"id": "1"}, {}]}`))
	var ids []ID
	var errs []error
	for u, err := range fastMockClient(t, api).Users.List(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, u.ID)
	}
	assert.Empty(t, ids)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrInvalidResponse)
}
