package dialpad

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
		ownTransport(t),
		WithRetryWait(time.Millisecond, 5*time.Millisecond),
		WithRateLimit(1e6, 1000),
		WithEndpointLimits(false),
	}
	c, err := NewClient(testKey, append(base, opts...)...)
	require.NoError(t, err)
	return c, mux
}

// fixture returns the bytes of testdata/<name>.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err, "fixture")
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

// mockAPI is the in-memory API of the fake-clock tests: a testing/synctest
// bubble cannot wait on a socket, so the client sends through a per-test
// httpmock transport (never httpmock.Activate, which is process-wide). Its
// one responder answers every request with answer (n counts the requests
// from 1; a nil answer is no answer: the attempt fails with its context's
// error, for an answer that waits until the client gives up) and notes
// when, on the bubble's clock, each one arrived and what it asked for
// ("METHOD /path").
type mockAPI struct {
	*httpmock.MockTransport
	mu    sync.Mutex
	times []time.Time
	paths []string
}

func newMockAPI(answer func(r *http.Request, n int) *http.Response) *mockAPI {
	m := &mockAPI{MockTransport: httpmock.NewMockTransport()}
	m.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		m.mu.Lock()
		m.times = append(m.times, time.Now())
		m.paths = append(m.paths, r.Method+" "+r.URL.Path)
		n := len(m.times)
		m.mu.Unlock()
		resp := answer(r, n)
		if r.Body != nil {
			_, _ = io.Copy(io.Discard, r.Body)
			_ = r.Body.Close()
		}
		if resp == nil {
			return nil, r.Context().Err()
		}
		return resp, nil
	})
	return m
}

// client returns a Client sending through m, with the SDK's defaults (the
// company and endpoint limiters, the retry policy) unless opts change them.
func (m *mockAPI) client(t testing.TB, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(testKey, append([]Option{WithHTTPClient(&http.Client{Transport: m})}, opts...)...)
	require.NoError(t, err)
	return c
}

// arrivals returns when each request arrived, in order.
func (m *mockAPI) arrivals() []time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.times)
}

// requests returns "METHOD /path" of each request, in order.
func (m *mockAPI) requests() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.paths)
}

// gaps returns the time between each request and the one before it.
func (m *mockAPI) gaps() []time.Duration {
	times := m.arrivals()
	d := []time.Duration{}
	for i := 1; i < len(times); i++ {
		d = append(d, times[i].Sub(times[i-1]))
	}
	return d
}

// answer is an httpmock response with status, a JSON body and, when
// header is not nil, those header fields.
func answer(status int, header http.Header, body string) *http.Response {
	resp := httpmock.NewStringResponse(status, body)
	for k, v := range header {
		resp.Header[k] = v
	}
	resp.Header.Set("Content-Type", "application/json")
	return resp
}

// always answers every request with status and body.
func always(status int, body string) func(*http.Request, int) *http.Response {
	return func(*http.Request, int) *http.Response { return answer(status, nil, body) }
}

// repeat returns n copies of d.
func repeat[T any](n int, d T) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = d
	}
	return out
}

// invalidCall is a call that its method must refuse before sending
// anything, with a *ValidationError naming field.
type invalidCall struct {
	name, field string
	call        func() error
}

// assertInvalid is the tests' one check of a refusal: err is a
// *ValidationError naming field, on one line that names the field and not
// the API key. msgAndArgs name the case.
func assertInvalid(t *testing.T, err error, field string, msgAndArgs ...any) bool {
	t.Helper()
	var ve *ValidationError
	if !assert.ErrorAs(t, err, &ve, msgAndArgs...) {
		return false
	}
	ok := assert.Equal(t, field, ve.Field, msgAndArgs...)
	ok = assert.Contains(t, err.Error(), field, msgAndArgs...) && ok
	ok = assert.NotContains(t, err.Error(), testKey, msgAndArgs...) && ok
	return assert.NotRegexp(t, `[\r\n]`, err.Error(), msgAndArgs...) && ok
}

// assertAllInvalid makes each call and checks its refusal.
func assertAllInvalid(t *testing.T, calls []invalidCall) {
	t.Helper()
	for _, tc := range calls {
		assertInvalid(t, tc.call(), tc.field, tc.name)
	}
}

// methodCase is one call of a service method against a spec example: the
// request it must send and the result it must decode.
type methodCase struct {
	name    string
	request string // method and path
	query   string
	body    map[string]any // nil: none
	fixture string
	call    func(c *Client) (any, error)
	want    any
}

// runMethodCases runs each case in parallel on a client whose server
// answers tc.request with tc.fixture, and checks the query, the JSON body
// and the decoded result.
func runMethodCases(t *testing.T, cases []methodCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mux := newTestClient(t)
			handle(t, mux, tc.request, tc.fixture, func(r *http.Request, body map[string]any) {
				assert.Equal(t, tc.query, r.URL.RawQuery, "query")
				assert.Equal(t, tc.body, body, "body")
			})
			got, err := tc.call(c)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// servePages registers pattern on mux to answer a list page by page:
// pages maps the cursor a request sends ("" for the first page) to the
// fixture that answers it, and any other cursor fails the test. It returns
// the raw queries the server saw, in order.
func servePages(t *testing.T, mux *http.ServeMux, pattern string, pages map[string]string) func() []string {
	t.Helper()
	var (
		mu      sync.Mutex
		queries []string
	)
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		name, ok := pages[r.URL.Query().Get("cursor")]
		if !ok {
			t.Errorf("unexpected cursor in %q", r.URL.RawQuery)
			http.NotFound(w, r)
			return
		}
		serveJSON(t, w, http.StatusOK, name)
	})
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(queries)
	}
}

// ownTransport gives a test client a transport of its own. The default one
// is shared by the whole test binary, and every httptest.Server.Close
// closes its idle connections: a parallel test's cleanup could then break
// a connection this test is about to reuse, and a POST or PATCH sent on it
// fails (rightly not resent) with "CloseIdleConnections called".
func ownTransport(t testing.TB) Option {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	return WithHTTPClient(&http.Client{Transport: tr})
}

// pathFor is apiPathOf for a test: a bad spec path fails it.
func pathFor(t testing.TB, spec string, args ...any) apiPath {
	t.Helper()
	p, err := apiPathOf(spec, args...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// apiPathOf builds the apiPath of a path written the way the specs write
// them ("/api/v2/users/{id}/deskphones/{phone_id}", with or without the
// /api/v2/ prefix), each {param} set to the next of args: an ID, or a
// string for an opaque id.
func apiPathOf(spec string, args ...any) (apiPath, error) {
	var p apiPath
	for i, seg := range strings.Split(strings.TrimPrefix(spec, apiPrefix), "/") {
		name, isParam := strings.CutPrefix(seg, "{")
		switch {
		case i == 0 && isParam:
			return p, fmt.Errorf("path %q does not start with a collection", spec)
		case i == 0:
			p = pathTo(seg)
		case !isParam:
			p = p.then(seg)
		case len(args) == 0:
			return p, fmt.Errorf("path %q: too few arguments", spec)
		default:
			name = strings.TrimSuffix(name, "}")
			switch v := args[0].(type) {
			case ID:
				p = p.id(name, v)
			case string:
				p = p.opaque(name, v)
			default:
				return p, fmt.Errorf("path %q: argument of type %T", spec, v)
			}
			args = args[1:]
		}
	}
	if len(args) > 0 {
		return p, fmt.Errorf("path %q: too many arguments", spec)
	}
	return p, nil
}

// encodedKeyForms lists the forms of key that are not text escapes but
// whole encodings of the bytes (base64, hex): the parts of each that
// depend on the key alone, whatever bytes surround it, at each of the
// three alignments base64 can put it in.
func encodedKeyForms(key string) map[string]string {
	forms := map[string]string{
		"hex":       hex.EncodeToString([]byte(key)),
		"HEX":       strings.ToUpper(hex.EncodeToString([]byte(key))),
		"base64":    base64.StdEncoding.EncodeToString([]byte(key)),
		"base64url": base64.URLEncoding.EncodeToString([]byte(key)),
		"bearer64":  base64.StdEncoding.EncodeToString([]byte("Bearer " + key)),
	}
	for off := range 3 {
		enc := base64.StdEncoding.EncodeToString(append(make([]byte, off), key...))
		from, to := (8*off+5)/6, 8*(off+len(key))/6
		forms[fmt.Sprintf("base64 core %d", off)] = enc[from:to]
	}
	return forms
}

// assertChainHidesKey walks every error reachable from err by
// errors.Unwrap (both Unwrap() error and Unwrap() []error) and checks that
// none holds key in any form, however it is printed: what an error
// tracker does with a chain.
func assertChainHidesKey(t *testing.T, key string, err error) {
	t.Helper()
	require.Error(t, err)
	forms := encodedKeyForms(key)
	var walk func(e error, depth int)
	walk = func(e error, depth int) {
		if e == nil || depth > 32 {
			return
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%q"} {
			s := fmt.Sprintf(verb, e)
			what := fmt.Sprintf("%T %s at depth %d", e, verb, depth)
			if key == oddKey {
				assertNoOddKey(t, what, s)
			}
			assert.NotContains(t, s, key, what)
			for name, form := range forms {
				assert.NotContains(t, s, form, "%s holds the key (%s)", what, name)
			}
		}
		switch x := e.(type) {
		case *url.Error:
			assert.NotContains(t, x.URL, key, "url.Error.URL")
		case *APIError:
			for _, s := range []string{x.Message, x.Reason, string(x.Body), fmt.Sprint(x.Details)} {
				assert.NotContains(t, s, key, "APIError field")
				if key == oddKey {
					assertNoOddKey(t, "APIError field", s)
				}
			}
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap(), depth+1)
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner, depth+1)
			}
		}
	}
	walk(err, 0)
}
