package dialpad

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// testKey is the API key every test client uses; tests assert it never
// shows up anywhere but the Authorization header.
const testKey = "sk_test_SECRET_0123456789"

// recordedRequest is one request a test server received, kept for the
// spec conformance check.
type recordedRequest struct {
	Method string
	URL    string // path and query as sent
	Header http.Header
	Body   []byte
}

var (
	recordedMu sync.Mutex
	recorded   []recordedRequest
)

// RecordRequest adds r (whose body was already read into body) to the
// requests the conformance test validates against the OpenAPI spec.
func RecordRequest(r *http.Request, body []byte) {
	recordedMu.Lock()
	defer recordedMu.Unlock()
	recorded = append(recorded, recordedRequest{Method: r.Method, URL: r.URL.RequestURI(), Header: r.Header.Clone(), Body: body})
}

// RecordingHandler wraps h so that every request it serves is recorded for
// the conformance test; the body stays readable for h.
func RecordingHandler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		RecordRequest(r, body)
		h.ServeHTTP(w, r)
	})
}

// newTestClient starts a loopback server whose mux the test fills with
// handlers for "METHOD /api/v2/..." patterns; any other request fails the
// test. The client retries fast and does not pace, unless opts say
// otherwise.
func newTestClient(t *testing.T, opts ...Option) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		http.Error(w, "unexpected", http.StatusNotImplemented)
	})
	srv := httptest.NewServer(RecordingHandler(mux))
	t.Cleanup(srv.Close)
	base := []Option{
		WithBaseURL(srv.URL),
		WithRetryWait(time.Millisecond, 5*time.Millisecond),
		WithRateLimit(1e6, 1000),
		WithEndpointLimits(false),
	}
	c, err := NewClient(testKey, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c, mux
}

// fixture returns the bytes of testdata/<name>.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return b
}

// serveJSON answers with status and the given fixture file (or, when name
// is "", an empty body).
func serveJSON(t testing.TB, w http.ResponseWriter, status int, name string) {
	t.Helper()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if name != "" {
		_, _ = w.Write(fixture(t, name))
	}
}

// handle registers pattern on mux: it checks the request's auth header,
// hands the decoded JSON body (nil without one) and the request to check,
// then serves the fixture with status 200.
func handle(t *testing.T, mux *http.ServeMux, pattern, fixtureName string, check func(r *http.Request, body map[string]any)) {
	t.Helper()
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
			t.Errorf("%s: Authorization = %q", pattern, got)
		}
		var body map[string]any
		if raw, _ := io.ReadAll(r.Body); len(raw) > 0 {
			if ct := r.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("%s: Content-Type = %q", pattern, ct)
			}
			if err := json.Unmarshal(raw, &body); err != nil {
				t.Errorf("%s: body is not a JSON object: %v", pattern, err)
			}
		} else if r.Header.Get("Content-Type") != "" {
			t.Errorf("%s: Content-Type sent without a body", pattern)
		}
		if check != nil {
			check(r, body)
		}
		serveJSON(t, w, http.StatusOK, fixtureName)
	})
}
