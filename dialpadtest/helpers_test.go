package dialpadtest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

// newServer starts a server closed by t.Cleanup. Rate limits are off unless
// the test turns them on (the limit tests do), so that tests stay
// independent of timing.
func newServer(t *testing.T, opts ...dialpadtest.Option) *dialpadtest.Server {
	t.Helper()
	srv := dialpadtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns an SDK client for srv, over its socket, that retries
// quickly and does not pace itself: newServer's rate limits are off, and
// pacing would only make the test wait on the real clock (20 requests a
// second). The pacing tests run on the fake clock instead.
func newClient(t *testing.T, srv *dialpadtest.Server, opts ...dialpad.Option) *dialpad.Client {
	t.Helper()
	base := []dialpad.Option{
		dialpad.WithBaseURL(srv.URL),
		dialpad.WithRetryWait(time.Millisecond, 10*time.Millisecond),
		dialpad.WithRateLimit(1e6, 1000),
		dialpad.WithEndpointLimits(false),
	}
	c, err := dialpad.NewClient(srv.APIKey, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// response is a raw answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// send makes an authenticated raw request. body is sent as is when it is
// a string, JSON-encoded otherwise, and not at all when nil.
func send(t *testing.T, srv *dialpadtest.Server, method, path string, body any) response {
	t.Helper()
	return sendWith(t, srv, method, path, body, http.Header{"Authorization": {"Bearer " + srv.APIKey}})
}

// sendWith is send with the given headers only (no key unless given).
func sendWith(t *testing.T, srv *dialpadtest.Server, method, path string, body any, h http.Header) response {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, srv.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if r != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: raw}
}

// serveRaw hands an authenticated request for target (a path and query,
// sent exactly as written) straight to the server's Handler, so that
// nothing on the client's side cleans the path or follows a redirect.
func serveRaw(srv *dialpadtest.Server, method, target, body string) response {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+srv.APIKey)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	srv.Handler().ServeHTTP(w, r)
	return response{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
}

// ok fails the test unless the answer is 200, and decodes its body.
func (r response) ok(t *testing.T) map[string]any {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", r.status, r.body)
	}
	if len(r.body) == 0 {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

// fails checks that the answer has status and Dialpad's error envelope
// whose message contains substr, and returns the message.
func (r response) fails(t *testing.T, status int, substr string) string {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	var env struct {
		Error *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
			Errors  []struct {
				Domain  string `json:"domain"`
				Reason  string `json:"reason"`
				Message string `json:"message"`
			} `json:"errors"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.body, &env); err != nil || env.Error == nil {
		t.Fatalf("body is not an error envelope: %s", r.body)
	}
	e := env.Error
	if e.Code != status || e.Message == "" || len(e.Errors) != 1 || e.Errors[0].Domain != "global" ||
		e.Errors[0].Reason == "" || e.Errors[0].Message != e.Message {
		t.Errorf("malformed envelope: %s", r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if !strings.Contains(e.Message, substr) {
		t.Errorf("message %q does not contain %q", e.Message, substr)
	}
	return e.Message
}

// items returns the "items" of a list answer.
func items(t *testing.T, m map[string]any) []map[string]any {
	t.Helper()
	raw, ok := m["items"].([]any)
	if !ok {
		t.Fatalf("no items list in %v", m)
	}
	out := make([]map[string]any, len(raw))
	for i, v := range raw {
		out[i] = v.(map[string]any)
	}
	return out
}

// ids returns the "id" of each item.
func ids(t *testing.T, m map[string]any) []string {
	t.Helper()
	var out []string
	for _, it := range items(t, m) {
		out = append(out, it["id"].(string))
	}
	return out
}

// fixedClock is a clock for WithClock that moves only when told to.
type fixedClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock(t time.Time) *fixedClock { return &fixedClock{now: t} }

// Now returns the clock's time.
func (c *fixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Add moves the clock forward.
func (c *fixedClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// mustFail fails the test unless err is an error; what says what was
// tried.
func mustFail(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", what)
	}
}

// must fails the test on err.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// id formats an int64 id for paths.
func id[T ~int | ~int64](v T) string { return strconv.FormatInt(int64(v), 10) }

// operatorIDs returns the ids in an operator list answer, checking that it
// has no rooms.
func operatorIDs(t *testing.T, m map[string]any) []string {
	t.Helper()
	if _, ok := m["rooms"]; ok {
		t.Errorf("rooms in %v", m)
	}
	raw, ok := m["users"].([]any)
	if !ok {
		t.Fatalf("no users list in %v", m)
	}
	out := []string{}
	for _, u := range raw {
		out = append(out, u.(map[string]any)["id"].(string))
	}
	return out
}

// lines reads the line counts of plan.get or available_licenses.
func lines(t *testing.T, srv *dialpadtest.Server, office dialpad.ID, what string) map[string]any {
	t.Helper()
	return send(t, srv, "GET", "/api/v2/offices/"+id(office)+"/"+what, nil).ok(t)
}

// checkLines compares some line counts of an answer.
func checkLines(t *testing.T, m map[string]any, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %q (in %v)", k, m[k], v, m)
		}
	}
}
