package dialpadtest

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultAPIKey is the API key a Server accepts unless WithAPIKey says
// otherwise.
const DefaultAPIKey = "test-key"

// maxBody is the largest request body the server reads; a larger one is
// answered 413.
const maxBody = 1 << 20

// Server is an in-memory Dialpad API (the v2 user-management and
// organization operations) listening on a loopback address. Create it with
// NewServer and stop it with Close. All its methods are safe for concurrent
// use, also while requests are being served.
type Server struct {
	// URL is the base URL of the server, "http://127.0.0.1:port", with no
	// trailing slash. Pass it to dialpad.WithBaseURL; the API lives under
	// URL + "/api/v2/". It is set by NewServer and must not be changed.
	URL string
	// APIKey is the key the server accepts, in an "Authorization: Bearer"
	// header or an "apikey" query parameter (DefaultAPIKey unless
	// WithAPIKey was given). It is informational: changing it has no effect.
	APIKey string

	hs        *httptest.Server // nil under WithoutListener
	handler   http.Handler
	key       string
	closed    chan struct{}
	closeOnce sync.Once

	// mu guards everything below: the state of the fake company, the
	// limiters, the faults and the request log.
	mu         sync.Mutex
	now        func() time.Time
	st         *state
	rateLimits bool
	company    window
	endpoints  map[Operation]*window
	faults     map[Operation]*fault
	requests   []*Request
	ev         eventState // webhooks, change-log subscriptions, deliveries (events.go)
}

// config collects the options of NewServer.
type config struct {
	apiKey     string
	now        func() time.Time
	limits     bool
	emptyState bool
	noListener bool
}

// Option configures a Server in NewServer.
type Option func(*config)

// WithAPIKey sets the key the server accepts instead of DefaultAPIKey. An
// empty key is ignored.
func WithAPIKey(key string) Option {
	return func(c *config) {
		if key != "" {
			c.apiKey = key
		}
	}
}

// WithClock makes the server read the time from now instead of time.Now:
// for the rate limiters' windows, for timestamps in responses and in
// Requests, and for status-message expiry. Tests use it to be
// deterministic. A nil func is ignored. SetTimeNowFunc changes it later.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithRateLimits makes the server enforce Dialpad's company and
// per-endpoint rate limits (see CompanyRateLimit and EndpointRateLimit),
// which are off by default. A client from NewClient then paces itself to
// them. SetRateLimits switches them at run time.
func WithRateLimits() Option {
	return func(c *config) { c.limits = true }
}

// WithoutRateLimits leaves the rate limits off, as they are by default.
//
// Deprecated: the limits are off unless WithRateLimits turns them on.
func WithoutRateLimits() Option {
	return func(c *config) { c.limits = false }
}

// WithEmptyState starts the server with no offices, users or anything else,
// instead of the default seed (see the Seed constants). Add what a test
// needs with AddOffice, AddNumbers, AddUser and the other Add methods.
func WithEmptyState() Option {
	return func(c *config) { c.emptyState = true }
}

// WithoutListener makes NewServer open no socket: requests reach the server
// only through Transport (or Client, which uses it), and URL is
// InMemoryURL. A testing/synctest bubble needs this, since it cannot wait on
// a socket: create the server inside the bubble and give the client
// dialpad.WithHTTPClient(srv.Client()) and dialpad.WithBaseURL(srv.URL).
func WithoutListener() Option {
	return func(c *config) { c.noListener = true }
}

// InMemoryURL is the URL of a server started WithoutListener. Nothing
// listens there: only the server's Transport answers it.
const InMemoryURL = "http://dialpadtest.invalid"

// NewServer starts a fake Dialpad server on a loopback address. Unless
// WithEmptyState is given it holds the default seed: the offices, users,
// numbers, call centers, departments, contacts, coaching team, agent
// group, devices and desk phones named by the Seed constants. Rate limits
// are off unless WithRateLimits is given. Like httptest.NewServer, it
// panics if it cannot listen.
func NewServer(opts ...Option) *Server {
	cfg := &config{apiKey: DefaultAPIKey, now: time.Now}
	for _, opt := range opts {
		if opt != nil {
			opt(cfg)
		}
	}
	s := &Server{
		APIKey:     cfg.apiKey,
		key:        cfg.apiKey,
		closed:     make(chan struct{}),
		now:        cfg.now,
		st:         newState(),
		rateLimits: cfg.limits,
		company:    window{limit: CompanyRateLimit, period: time.Second},
		endpoints:  map[Operation]*window{},
		faults:     map[Operation]*fault{},
	}
	s.ev.stop, s.ev.cancel = context.WithCancel(context.Background())
	if !cfg.emptyState {
		if err := s.seedDefault(); err != nil {
			panic("dialpadtest: default seed: " + err.Error()) // a bug in this package
		}
	}
	mux := http.NewServeMux()
	for _, op := range operations {
		mux.HandleFunc(op.method+" "+op.path, func(w http.ResponseWriter, r *http.Request) {
			s.serve(op, w, r)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.serveUnmatched(mux, w, r)
	})
	s.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !cleanPath(r.URL.Path) {
			// ServeMux would answer with a redirect to the cleaned path.
			s.serveUnmatched(mux, w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
	if cfg.noListener {
		s.URL = InMemoryURL
		return s
	}
	s.hs = httptest.NewServer(s.handler)
	s.URL = s.hs.URL
	return s
}

// Close stops the server: requests waiting out an injected latency return
// at once, and Close blocks until all requests have finished.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		s.ev.cancel()
	})
	if s.hs != nil {
		s.hs.Close()
	}
}

// Client returns an *http.Client configured for the server, for raw
// requests in tests: the httptest.Server's, or one whose transport is
// Transport when the server was started WithoutListener.
func (s *Server) Client() *http.Client {
	if s.hs == nil {
		return &http.Client{Transport: s.Transport()}
	}
	return s.hs.Client()
}

// Handler returns the server's HTTP handler: the whole API, as served on
// URL. It answers requests for any host.
func (s *Server) Handler() http.Handler { return s.handler }

// Transport returns an http.RoundTripper that hands each request straight
// to Handler, in the calling goroutine, with no socket: the request's host
// is ignored. Plug it into a client with
// dialpad.WithHTTPClient(&http.Client{Transport: srv.Transport()}). A
// dropped connection (DropNext) is a transport error, as on the network.
// Unlike a socket, it works inside a testing/synctest bubble, where the
// server's clock is then the bubble's fake one.
func (s *Server) Transport() http.RoundTripper { return memoryTransport{s.handler} }

// SetTimeNowFunc replaces the server's clock (see WithClock); nil restores
// time.Now.
func (s *Server) SetTimeNowFunc(now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// SetRateLimits turns the company and per-endpoint rate limits on or off.
// Turning them on starts with empty windows. A client NewClient returned
// before keeps the pacing it was given (none while the limits were off).
func (s *Server) SetRateLimits(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if on && !s.rateLimits {
		s.company.times = nil
		s.endpoints = map[Operation]*window{}
	}
	s.rateLimits = on
}

// call is one request on its way through an operation's handler.
type call struct {
	s    *Server
	r    *http.Request
	body []byte
	now  time.Time
}

// serve runs one request for op: record, latency, drop, authentication,
// rate limits, injected failure, then the operation's handler under the
// lock.
func (s *Server) serve(op *operation, w http.ResponseWriter, r *http.Request) {
	body, tooLarge := readBody(r)

	s.mu.Lock()
	now := s.now()
	rec := s.record(string(op.id), r, body, now)
	var latency time.Duration
	drop := false
	if f := s.faults[op.id]; f != nil {
		latency = f.latency
		if f.drops > 0 {
			f.drops--
			drop = true
		}
	}
	s.mu.Unlock()

	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		case <-s.closed:
			t.Stop()
		}
	}
	if drop {
		dropConnection(w)
		return
	}

	if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
		// r.URL.Query would quietly drop the bad parameter.
		s.reply(w, rec, nil, badRequest("malformed query string: %v", err))
		return
	}
	if e := s.authenticate(r); e != nil {
		s.reply(w, rec, nil, e)
		return
	}
	if tooLarge {
		s.reply(w, rec, nil, errorf(http.StatusRequestEntityTooLarge, "request body is larger than %d bytes", maxBody))
		return
	}

	s.mu.Lock()
	a := s.handle(op, rec, r, body, now)
	s.mu.Unlock()
	a.write(w)
}

// handle applies the rate limits and injected failures, then runs the
// operation's handler, and renders its answer. s.mu is held.
func (s *Server) handle(op *operation, rec *Request, r *http.Request, body []byte, now time.Time) answer {
	if e := s.limit(op, now); e != nil {
		return s.render(rec, nil, e)
	}
	if f := s.faults[op.id]; f != nil && f.fails > 0 {
		f.fails--
		return s.render(rec, nil, errorf(f.status, "injected fault for %s", op.id))
	}
	out, e := op.handle(&call{s: s, r: r, body: body, now: now})
	s.announce(op, r, body, out, e, now)
	return s.render(rec, out, e)
}

// cleanPath reports whether p is an absolute path without empty, "." or
// ".." segments: the only paths Dialpad routes. ServeMux would redirect the
// others to their cleaned form, which Dialpad does not do.
func cleanPath(p string) bool {
	rest, ok := strings.CutPrefix(p, "/")
	if !ok {
		return false
	}
	for rest != "" { // without splitting: every request comes through here
		seg, after, more := strings.Cut(rest, "/")
		if seg == "." || seg == ".." || (seg == "" && more) {
			return false
		}
		rest = after
	}
	return true
}

// serveUnmatched answers a request no operation matches: 405 when the path
// is served under another method, 404 otherwise (and for any path that is
// not clean).
func (s *Server) serveUnmatched(mux *http.ServeMux, w http.ResponseWriter, r *http.Request) {
	body, _ := readBody(r)
	s.mu.Lock()
	rec := s.record("", r, body, s.now())
	s.mu.Unlock()
	if allow := allowed(mux, r); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.reply(w, rec, nil, errorf(http.StatusMethodNotAllowed, "method %s is not allowed on %s", r.Method, r.URL.Path))
		return
	}
	s.reply(w, rec, nil, errorf(http.StatusNotFound, "no such endpoint: %s %s", r.Method, r.URL.Path))
}

// allowed lists the methods an operation serves r's path with; none for a
// path that is not clean.
func allowed(mux *http.ServeMux, r *http.Request) []string {
	if !cleanPath(r.URL.Path) {
		return nil
	}
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host}
		if _, pattern := mux.Handler(probe); pattern != "/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	return allow
}

// readBody reads at most maxBody bytes of the request body; tooLarge
// reports that there was more.
func readBody(r *http.Request) (body []byte, tooLarge bool) {
	if r.Body == nil {
		return nil, false
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if len(b) > maxBody {
		return b[:maxBody], true
	}
	return b, false
}

// dropConnection closes the client's connection without answering.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// Not hijackable (HTTP/2): make net/http abort the stream instead.
	panic(http.ErrAbortHandler)
}

// authenticate checks the API key in the Authorization header or the
// apikey query parameter, and the DP-Company-ID header when given.
func (s *Server) authenticate(r *http.Request) *apiError {
	got := ""
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return errorf(http.StatusUnauthorized, "the Authorization header must be \"Bearer <api key>\"")
		}
		got = strings.TrimSpace(token)
	} else {
		got = r.URL.Query().Get("apikey")
	}
	if got == "" {
		return errorf(http.StatusUnauthorized, "missing API key")
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.key)) != 1 {
		return errorf(http.StatusUnauthorized, "invalid API key")
	}
	if id := r.Header.Get("DP-Company-ID"); id != "" && id != strconv.FormatInt(CompanyID, 10) {
		return errorf(http.StatusForbidden, "the API key has no access to company %s", id)
	}
	return nil
}

// record adds a request to the log and returns its entry. s.mu is held.
func (s *Server) record(op string, r *http.Request, body []byte, now time.Time) *Request {
	rec := &Request{
		Operation: op,
		Method:    r.Method,
		Path:      r.URL.EscapedPath(),
		Query:     r.URL.Query(),
		Header:    r.Header.Clone(),
		Body:      bytes.Clone(body),
		Time:      now,
	}
	s.requests = append(s.requests, rec)
	return rec
}

// answer is a rendered response.
type answer struct {
	status     int
	retryAfter int // seconds; 0 for no Retry-After header
	body       []byte
}

// reply renders and writes an answer.
func (s *Server) reply(w http.ResponseWriter, rec *Request, out any, e *apiError) {
	s.mu.Lock()
	a := s.render(rec, out, e)
	s.mu.Unlock()
	a.write(w)
}

// render encodes out (or e) and records the status. s.mu is held, since out
// may share memory with the state; the answer is written after unlocking.
func (s *Server) render(rec *Request, out any, e *apiError) answer {
	a := answer{status: http.StatusOK}
	if e != nil {
		a.status, a.retryAfter, a.body = e.status, e.retryAfter, e.envelope()
	} else if out != nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			a.status = http.StatusInternalServerError
			a.body = errorf(a.status, "encoding the response: %v", err).envelope()
		} else {
			a.body = buf.Bytes()
		}
	}
	rec.Status = a.status
	return a
}

// write sends the answer.
func (a answer) write(w http.ResponseWriter) {
	if a.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(a.retryAfter))
	}
	if a.body != nil {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// user resolves the user id in path wildcard name ("me" included) to a
// user that is not deleted.
func (c *call) user(name string) (*userRec, *apiError) {
	return c.s.st.liveUser(c.r.PathValue(name))
}

// query returns a query parameter.
func (c *call) query(name string) string { return c.r.URL.Query().Get(name) }

// queryBool parses an optional boolean query parameter.
func (c *call) queryBool(name string) (value, set bool, e *apiError) {
	v := c.query(name)
	if v == "" {
		return false, false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, false, badRequest("query parameter %s=%q is not a boolean", name, v)
	}
	return b, true, nil
}

// Operations lists the operations the server implements (the Op
// constants), sorted by operationId.
func Operations() []Operation {
	ids := make([]Operation, 0, len(operations))
	for _, op := range operations {
		ids = append(ids, op.id)
	}
	slices.Sort(ids)
	return ids
}

// findOperation returns the operation with the given id, or nil.
func findOperation(id Operation) *operation {
	for _, op := range operations {
		if op.id == id {
			return op
		}
	}
	return nil
}
