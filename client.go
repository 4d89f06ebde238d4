package dialpad

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Version is the SDK's version, sent in the User-Agent header.
const Version = "0.3.0"

const (
	// DefaultBaseURL is Dialpad's production API host.
	DefaultBaseURL = "https://dialpad.com"
	// SandboxBaseURL is Dialpad's sandbox API host.
	SandboxBaseURL = "https://sandbox.dialpad.com"

	apiPrefix        = "/api/v2/"
	defaultUserAgent = "dialpad-go/" + Version
	maxResponseBody  = 10 << 20 // bytes; larger responses fail with ErrResponseTooLarge
)

// Client talks to the Dialpad API. It is safe for concurrent use, and all
// goroutines using one Client share its rate limiters; create one per API
// key and reuse it.
type Client struct {
	// Users manages users: /api/v2/users and its sub-resources.
	Users *UsersService
	// Contacts manages shared and local contacts: /api/v2/contacts.
	Contacts *ContactsService
	// CoachingTeams reads coaching teams and adds members:
	// /api/v2/coachingteams.
	CoachingTeams *CoachingTeamsService
	// DeskPhones manages a user's desk phones:
	// /api/v2/users/{id}/deskphones.
	DeskPhones *DeskPhonesService
	// UserDevices reads the devices users are signed in on:
	// /api/v2/userdevices.
	UserDevices *UserDevicesService
	// E911 reads and sets a user's emergency address:
	// /api/v2/users/{id}/e911.
	E911 *E911Service
	// Numbers assigns and releases users' phone numbers:
	// /api/v2/users/{id}/assign_number and /api/v2/users/{id}/unassign_number.
	Numbers *NumbersService
	// Calls starts calls and controls a user's active call:
	// /api/v2/users/{id}/initiate_call, activecall, togglevi and screenpop.
	Calls *CallsService
	// AgentGroups reads agent groups: /api/v2/agent-groups.
	AgentGroups *AgentGroupsService
	// Offices reads offices, their plans and free licenses, and manages
	// their main-line operators: /api/v2/offices.
	Offices *OfficesService
	// CallCenters reads call centers and manages their operators:
	// /api/v2/callcenters.
	CallCenters *CallCentersService
	// Departments reads departments and manages their operators:
	// /api/v2/departments.
	Departments *DepartmentsService
	// Webhooks manages where Dialpad delivers events: /api/v2/webhooks.
	Webhooks *WebhooksService
	// ChangeLogSubscriptions subscribes webhooks to change-log events:
	// /api/v2/subscriptions/changelog.
	ChangeLogSubscriptions *ChangeLogSubscriptionsService

	baseURL   string // scheme://host[/prefix], no trailing slash
	userAgent string
	companyID string
	http      *http.Client
	retry     retryPolicy
	logger    *slog.Logger
	redact    func(string) string // removes the API key from text the server chose
}

// retryPolicy is how many times, and how far apart, a call is retried.
type retryPolicy struct {
	max              int // retries after the first attempt
	waitMin, waitMax time.Duration
}

// service is the shared shape of every resource service.
type service struct{ c *Client }

// config collects what the options set; defaults live in newConfig.
type config struct {
	baseURL        string
	httpClient     *http.Client
	userAgent      string
	companyID      string
	limiter        Limiter
	endpointLimits bool
	endpointPeriod time.Duration
	maxRetries     int
	retryWaitMin   time.Duration
	retryWaitMax   time.Duration
	timeout        time.Duration
	logger         *slog.Logger
}

func newConfig() *config {
	return &config{
		baseURL:        DefaultBaseURL,
		endpointLimits: true,
		endpointPeriod: time.Minute,
		maxRetries:     4,
		retryWaitMin:   500 * time.Millisecond,
		retryWaitMax:   30 * time.Second,
	}
}

// Option configures a Client. An option given a bad value makes NewClient
// return an error.
type Option func(*config) error

// WithBaseURL sets the API host, for example a dialpadtest server's URL.
// The SDK appends /api/v2/... to it; a URL that already ends in /api/v2
// (https://sandbox.dialpad.com/api/v2) means the same host. The default is
// DefaultBaseURL.
func WithBaseURL(rawURL string) Option {
	return func(c *config) error {
		u, err := url.Parse(rawURL)
		if err != nil {
			return fmt.Errorf("dialpad: WithBaseURL: %w", err)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("dialpad: WithBaseURL: %q is not an absolute http(s) URL", rawURL)
		}
		if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return errors.New("dialpad: WithBaseURL: the URL must not carry credentials, a query or a fragment")
		}
		base := strings.TrimRight(u.String(), "/")
		base = strings.TrimSuffix(base, strings.TrimSuffix(apiPrefix, "/")) // the SDK adds it
		c.baseURL = strings.TrimRight(base, "/")
		return nil
	}
}

// WithSandbox points the client at Dialpad's sandbox (SandboxBaseURL).
func WithSandbox() Option { return WithBaseURL(SandboxBaseURL) }

// WithHTTPClient sends requests through a copy of hc (its Transport, Jar
// and redirect policy). The copy's Timeout is used as the per-attempt
// timeout unless WithTimeout is also given.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("dialpad: WithHTTPClient: nil *http.Client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithUserAgent puts ua in front of the SDK's own User-Agent
// ("ua dialpad-go/<Version>"), so Dialpad can tell your integration apart.
// It must not be blank or hold control characters.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if err := checkHeaderValue(ua); err != nil {
			return fmt.Errorf("dialpad: WithUserAgent: %w", err)
		}
		c.userAgent = ua
		return nil
	}
}

// WithCompanyID sends the DP-Company-ID header, which picks the company an
// API key acts on when it has access to more than one. It must not be blank
// or hold control characters.
func WithCompanyID(id string) Option {
	return func(c *config) error {
		if err := checkHeaderValue(id); err != nil {
			return fmt.Errorf("dialpad: WithCompanyID: %w", err)
		}
		c.companyID = id
		return nil
	}
}

// checkHeaderValue accepts a header value that net/http will send as
// given: valid UTF-8, not blank, with no control characters (NUL, DEL, line
// breaks, tabs, C1 controls such as U+0085) nor Unicode line or paragraph
// separators.
func checkHeaderValue(v string) error {
	switch {
	case strings.TrimSpace(v) == "":
		return errors.New("empty value")
	case !utf8.ValidString(v):
		return errors.New("invalid UTF-8")
	case strings.ContainsFunc(v, isBreakOrControl):
		return fmt.Errorf("%q holds a control character or a line break", v)
	}
	return nil
}

// WithRateLimit replaces the company limiter with NewRateLimiter(rps,
// burst): at most burst requests in any window of burst/rps seconds, rps a
// second on average. Like the default limiter (20 a second, no bursts) it
// counts requests by when they really went, so a goroutine woken late
// spreads the next ones out instead of crowding them. Dialpad's limit is 20
// per second per company; raise it only for a server that allows more.
// Per-endpoint limits still apply (see WithEndpointLimits).
func WithRateLimit(rps float64, burst int) Option {
	return func(c *config) error {
		if !(rps > 0) || burst < 1 {
			return fmt.Errorf("dialpad: WithRateLimit: need rps > 0 and burst >= 1, got %v and %d", rps, burst)
		}
		c.limiter = NewRateLimiter(rps, burst)
		return nil
	}
}

// WithLimiter replaces the company limiter with l, for example one that
// shares the budget between processes (contrib/redislimit). A nil l, or a
// nil pointer in the interface (a (*rate.Limiter)(nil)), is an error.
func WithLimiter(l Limiter) Option {
	return func(c *config) error {
		if isNil(l) {
			return errors.New("dialpad: WithLimiter: nil Limiter")
		}
		c.limiter = l
		return nil
	}
}

// isNil reports whether v is nil or an interface holding a nil pointer,
// map, slice, channel or function, whose methods would most likely panic.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// WithEndpointLimits turns the per-endpoint limiters on (the default) or
// off. They pace each operation under the rate Dialpad documents for it
// (1,200 per minute for most; 100 for creating contacts; 5 for starting
// calls and screen pops). Turn them off only against a server that does
// not enforce them, such as a benchmark harness.
func WithEndpointLimits(enabled bool) Option {
	return func(c *config) error {
		c.endpointLimits = enabled
		return nil
	}
}

// WithMaxRetries sets how many times a request may be retried after its
// first attempt (default 4). Zero disables retries.
func WithMaxRetries(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("dialpad: WithMaxRetries: negative count %d", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithRetryWait bounds the exponential backoff between retries (default
// 500ms to 30s). A Retry-After from the server overrides it.
func WithRetryWait(min, max time.Duration) Option {
	return func(c *config) error {
		if min < 0 || max < min {
			return fmt.Errorf("dialpad: WithRetryWait: need 0 <= min <= max, got %v and %v", min, max)
		}
		c.retryWaitMin, c.retryWaitMax = min, max
		return nil
	}
}

// WithTimeout limits each attempt (sending, waiting for headers, reading
// the body) to d; time spent waiting on the rate limiters does not count.
// The default is 30s. Use the context for a deadline on the whole call.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("dialpad: WithTimeout: need a positive duration, got %v", d)
		}
		c.timeout = d
		return nil
	}
}

// WithLogger writes one debug line per attempt (method, path, status,
// limiter wait, duration) and one per retry (status, backoff) to l. Headers,
// bodies and the API key are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("dialpad: WithLogger: nil *slog.Logger")
		}
		c.logger = l
		return nil
	}
}

// NewClient returns a Client that authenticates with apiKey. It sends
// nothing; a bad option or an empty key is an error.
func NewClient(apiKey string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(apiKey) == "" {
		return nil, ErrMissingAPIKey
	}
	if !utf8.ValidString(apiKey) || strings.ContainsFunc(apiKey, func(r rune) bool {
		return unicode.IsSpace(r) || isBreakOrControl(r)
	}) {
		return nil, errors.New("dialpad: the API key contains whitespace or control characters")
	}
	cfg := newConfig()
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(cfg); err != nil {
			return nil, err
		}
	}
	return newClient(apiKey, cfg), nil
}

// NewClientFromEnv is NewClient with the key from DIALPAD_API_KEY and, when
// set, the base URL from DIALPAD_BASE_URL. Options given here win over the
// environment.
func NewClientFromEnv(opts ...Option) (*Client, error) {
	key := os.Getenv("DIALPAD_API_KEY")
	if key == "" {
		return nil, fmt.Errorf("%w: DIALPAD_API_KEY is not set", ErrMissingAPIKey)
	}
	if base := os.Getenv("DIALPAD_BASE_URL"); base != "" {
		opts = append([]Option{WithBaseURL(base)}, opts...)
	}
	return NewClient(key, opts...)
}

func newClient(apiKey string, cfg *config) *Client {
	hc := &http.Client{}
	if cfg.httpClient != nil {
		*hc = *cfg.httpClient
	}
	timeout := cfg.timeout
	if timeout == 0 {
		timeout = hc.Timeout
	}
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	hc.Timeout = 0 // the transport times each attempt, after the limiter wait
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	limiter := cfg.limiter
	if limiter == nil {
		limiter = defaultCompanyLimiter()
	}
	var endpoints *endpointLimiters
	if cfg.endpointLimits {
		endpoints = newEndpointLimiters(cfg.endpointPeriod)
	}
	apiHost := mustHost(cfg.baseURL)
	// The key lives only in this closure and redact's: no field of any
	// struct holds it, so printing a Client cannot reveal it.
	redact := newRedactor(apiKey)
	t := &transport{
		base:      base,
		company:   limiter,
		endpoints: endpoints,
		timeout:   timeout,
		logger:    cfg.logger,
		redact:    redact,
		authorize: func(r *http.Request) {
			if r.URL.Scheme+"://"+r.URL.Host == apiHost {
				r.Header.Set("Authorization", "Bearer "+apiKey)
			}
		},
	}
	hc.Transport = t
	hc.CheckRedirect = redirectPolicy(hc.CheckRedirect, redact)

	c := &Client{
		baseURL:   cfg.baseURL,
		userAgent: defaultUserAgent,
		companyID: cfg.companyID,
		http:      hc,
		retry:     retryPolicy{max: cfg.maxRetries, waitMin: cfg.retryWaitMin, waitMax: cfg.retryWaitMax},
		logger:    cfg.logger,
		// An answer that echoes the key (some servers quote a rejected key
		// back) must not carry it into an error.
		redact: redact,
	}
	if cfg.userAgent != "" {
		c.userAgent = cfg.userAgent + " " + defaultUserAgent
	}
	s := &service{c: c}
	c.Users = (*UsersService)(s)
	c.Contacts = (*ContactsService)(s)
	c.CoachingTeams = (*CoachingTeamsService)(s)
	c.DeskPhones = (*DeskPhonesService)(s)
	c.UserDevices = (*UserDevicesService)(s)
	c.E911 = (*E911Service)(s)
	c.Numbers = (*NumbersService)(s)
	c.Calls = (*CallsService)(s)
	c.AgentGroups = (*AgentGroupsService)(s)
	c.Offices = (*OfficesService)(s)
	c.CallCenters = (*CallCentersService)(s)
	c.Departments = (*DepartmentsService)(s)
	c.Webhooks = (*WebhooksService)(s)
	c.ChangeLogSubscriptions = (*ChangeLogSubscriptionsService)(s)
	return c
}

func mustHost(base string) string {
	u, _ := url.Parse(base) // validated by WithBaseURL or a constant
	return u.Scheme + "://" + u.Host
}

// redirectPolicy wraps the caller's redirect policy (nil: follow only to
// the same scheme and host) with the checks every redirect passes first: at
// most 10 of them, and none that would change the method. net/http turns a
// POST, PATCH, PUT or DELETE answered 301, 302 or 303 into a GET without a
// body, and the GET's answer would then be reported as the write's: an
// error naming the redirect is the truthful outcome. 307 and 308 keep the
// method and the body (net/http resends it through Request.GetBody) and are
// followed. The key is sent to the API host only, whatever the policy (see
// transport.authorize).
func redirectPolicy(caller func(*http.Request, []*http.Request) error, redact func(string) string) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		refuse := func(why string) error {
			return fmt.Errorf("%w: %s: %s", errRedirectRefused, describeRedirect(req, redact), why)
		}
		if len(via) >= 10 {
			return refuse("stopped after 10 redirects")
		}
		if orig := via[0].Method; req.Method != orig {
			return refuse(fmt.Sprintf("following it would resend the %s as a %s", orig, req.Method))
		}
		if caller != nil {
			return caller(req, via)
		}
		if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
			return refuse("it leads to another host or scheme")
		}
		return nil
	}
}

// describeRedirect names the answer that redirected req: its status and
// where it pointed (the key redacted, on one line).
func describeRedirect(req *http.Request, redact func(string) string) string {
	loc := req.URL.String()
	status := "redirect"
	if r := req.Response; r != nil {
		status = fmt.Sprintf("%d %s", r.StatusCode, http.StatusText(r.StatusCode))
		if l := r.Header.Get("Location"); l != "" {
			loc = l
		}
	}
	return fmt.Sprintf("%s to %s", status, cut(redact(clean(loc)), maxErrorMessage))
}

// call is what the request path knows about one API call, carried in the
// request's context so that the transport can see it.
type call struct {
	method   string
	path     string // /api/v2/..., escaped, without query; redact it before an error or a log line shows it
	endpoint string // "METHOD pattern", the per-endpoint limiter's key
	attempt  int    // 1-based, set before each attempt
}

type callKey struct{}

func callFrom(ctx context.Context) *call {
	ci, _ := ctx.Value(callKey{}).(*call)
	return ci
}

// send is the one request path of the SDK. It builds the URL from p
// (checking its arguments), JSON-encodes body when non-nil, sends the
// request through the limiters and the retry policy, maps a non-2xx answer
// to *APIError and decodes a 2xx body into a new T.
func send[T any](ctx context.Context, c *Client, method string, query url.Values, body any, p apiPath) (*T, error) {
	out := new(T)
	if err := c.do(ctx, method, query, body, out, p); err != nil {
		return nil, err
	}
	return out, nil
}

// request is implemented by every request body: validate checks it before
// anything is sent.
type request[R any] interface {
	*R
	validate() error
}

// write is send for a method with a request body: a nil req is a
// *ValidationError, then req.validate(), then one send. Every method that
// sends a body goes through it.
func write[T, R any, P request[R]](ctx context.Context, c *Client, method string, req P, p apiPath) (*T, error) {
	if err := checkNotNil("request", (*R)(req)); err != nil {
		return nil, err
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	return send[T](ctx, c, method, nil, req, p)
}

// checked is implemented by every answer that can tell when a decoded 2xx
// body cannot be it: problem says why (a resource without its id, or with
// an id below 1; a list item without one; an object missing the member it
// cannot lack), or returns "".
type checked interface{ problem() string }

// needsBody reports whether an empty or null 2xx answer cannot be the
// result decoded into out: every documented answer is an object but that
// of DeskPhones.Delete, which has none.
func needsBody(out any) bool {
	_, none := out.(*json.RawMessage)
	return !none
}

// checkResult says why a decoded 2xx answer cannot be the documented
// result, or returns "".
func checkResult(out any) string {
	if c, ok := out.(checked); ok {
		return c.problem()
	}
	return ""
}

// idProblem is problem for a resource whose own id is id.
func idProblem(id ID) string {
	switch {
	case id == 0:
		return "the answer carries no id"
	case id < 0:
		return fmt.Sprintf("the answer carries an impossible id %d", int64(id))
	}
	return ""
}

// opaqueIDProblem is problem for a resource whose own id is an opaque
// string.
func opaqueIDProblem(id string) string {
	if id == "" {
		return "the answer carries no id"
	}
	return ""
}

// itemsProblem is problem for a list: the first item that has one, named
// by its index. Null items are skipped, as the iterators skip them.
func itemsProblem[T any](what string, items []*T) string {
	for i, item := range items {
		if c, ok := any(item).(checked); ok && item != nil {
			if why := c.problem(); why != "" {
				return fmt.Sprintf("%s[%d]: %s", what, i, why)
			}
		}
	}
	return ""
}

// do runs one call: it builds the request, then loops attempt → classify
// → wait until an attempt succeeds or waitOrGiveUp ends the call, and
// decodes the answer into out.
func (c *Client) do(ctx context.Context, method string, query url.Values, body, out any, p apiPath) error {
	ci, req, err := c.newCall(ctx, method, query, body, p)
	if err != nil {
		return err
	}
	var last error // the previous attempt's failure, naming the call
	for attempt := 1; ; attempt++ {
		resp, err := c.attempt(ci, replay(req, attempt), out)
		if err == nil {
			return nil
		}
		o := c.classify(ctx, ci, attempt, resp, err)
		if end := c.waitOrGiveUp(ctx, ci, o, last); end != nil {
			return end
		}
		last = o.failure
	}
}

// newCall builds a call's description and its first request, whose context
// carries the description for the transport.
func (c *Client) newCall(ctx context.Context, method string, query url.Values, body any, p apiPath) (*call, *http.Request, error) {
	if ctx == nil {
		return nil, nil, errors.New("dialpad: nil Context")
	}
	path, endpoint, err := p.build(method)
	if err != nil {
		return nil, nil, err
	}
	ci := &call{method: method, path: path, endpoint: endpoint}
	var payload []byte
	if body != nil {
		if payload, err = json.Marshal(body); err != nil {
			return nil, nil, newCallError(ci, 0, fmt.Errorf("encoding the request: %w", err), c.redact)
		}
	}
	target := c.baseURL + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	req, err := c.newRequest(context.WithValue(ctx, callKey{}, ci), method, target, payload)
	if err != nil {
		return nil, nil, newCallError(ci, 0, err, c.redact)
	}
	return ci, req, nil
}

// replay returns the request for the attempt-th attempt: req itself the
// first time, then a copy with its body rewound.
func replay(req *http.Request, attempt int) *http.Request {
	callFrom(req.Context()).attempt = attempt
	if attempt == 1 {
		return req
	}
	r := req.Clone(req.Context())
	if r.GetBody != nil {
		r.Body, _ = r.GetBody() // a bytes.Reader's: never fails
	}
	return r
}

// retryVerdict is what the retry policy makes of a failed attempt.
type retryVerdict int

const (
	final       retryVerdict = iota // the failure is the call's result
	retry                           // another attempt may succeed
	interrupted                     // no answer came: the context ended, or the limiter refused a slot after the deadline
)

// outcome is a failed attempt, classified.
type outcome struct {
	verdict retryVerdict
	attempt int            // 1-based
	resp    *http.Response // the answer, if any (its body consumed)
	err     error          // what the attempt returned
	failure error          // err as the call returns it, naming the call
}

// classify applies the retry policy to the attempt-th attempt, which
// ended with resp and err.
func (c *Client) classify(ctx context.Context, ci *call, attempt int, resp *http.Response, err error) outcome {
	o := outcome{verdict: final, attempt: attempt, resp: resp, err: err, failure: c.failure(ci, attempt, err)}
	var refused *limiterError
	switch {
	case ctx.Err() != nil && !isAnswer(err),
		errors.As(err, &refused) && errors.Is(err, context.DeadlineExceeded):
		o.verdict = interrupted
	case attempt <= c.retry.max && c.shouldRetry(ci, resp, err):
		o.verdict = retry
	}
	return o
}

// waitOrGiveUp ends the call or waits for its next attempt: it returns the
// error the call ends with, or nil once the backoff before the next attempt
// has passed. A call given up after a failed attempt (the context ended,
// or the next attempt would come after its deadline) returns a
// *gaveUpError wrapping both that failure and the reason; last is the
// failure before o's, which an interrupted retry reports.
func (c *Client) waitOrGiveUp(ctx context.Context, ci *call, o outcome, last error) error {
	switch {
	case o.verdict == interrupted && last != nil:
		cause := ctx.Err()
		var refused *limiterError
		if cause == nil && errors.As(o.err, &refused) {
			cause = refused // the slot is after the deadline
		}
		return &gaveUpError{last: last, cause: cause}
	case o.verdict != retry:
		return o.failure
	case ctx.Err() != nil:
		// An answer worth retrying came as the context ended.
		return &gaveUpError{last: o.failure, cause: ctx.Err()}
	}
	wait := backoff(c.retry.waitMin, c.retry.waitMax, o.attempt-1, o.resp)
	c.logRetry(ctx, ci, o.resp, wait)
	if deadline, ok := ctx.Deadline(); ok && !time.Now().Add(wait).Before(deadline) {
		return &gaveUpError{last: o.failure, cause: &deadlineError{what: "the next attempt", wait: wait}}
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return &gaveUpError{last: o.failure, cause: ctx.Err()}
	case <-timer.C:
		return nil
	}
}

// logRetry writes the debug line of a retry: the call, the answer's status
// if there was one, and the backoff before the next attempt.
func (c *Client) logRetry(ctx context.Context, ci *call, resp *http.Response, wait time.Duration) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{slog.String("method", ci.method), slog.String("path", c.redact(ci.path)), slog.Duration("backoff", wait)}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "dialpad retry", attrs...)
}

// isAnswer reports whether err stands for an answer from the server (an
// *APIError, or a 2xx body that is not the documented result).
func isAnswer(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) || errors.Is(err, ErrInvalidResponse) || errors.Is(err, ErrResponseTooLarge)
}

// shouldRetry applies the retry policy to an attempt that failed with err:
// an answer from the server by its status (resp), and anything else (a
// broken connection, a body cut off) as a transport failure.
func (c *Client) shouldRetry(ci *call, resp *http.Response, err error) bool {
	var apiErr *APIError
	switch {
	case errors.As(err, &apiErr):
		// A non-2xx status; an error envelope in a 2xx answer is final.
		return resp != nil && (resp.StatusCode < 200 || resp.StatusCode > 299) && retryable(ci.method, resp, nil)
	case errors.Is(err, ErrInvalidResponse), errors.Is(err, ErrResponseTooLarge):
		return false // a decided answer
	}
	return retryable(ci.method, nil, err)
}

// failure is the error a call returns when its attempt-th attempt failed
// with err: an *APIError counts the attempts, and any other failure is
// wrapped to name the call.
func (c *Client) failure(ci *call, attempts int, err error) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.Attempts = attempts
		return apiErr
	}
	return newCallError(ci, attempts, err, c.redact)
}

// newRequest builds a call's request, with a replayable body (GetBody),
// which both a retry and a 307 or 308 redirect resend.
func (c *Client) newRequest(ctx context.Context, method, target string, payload []byte) (*http.Request, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.companyID != "" {
		req.Header.Set("DP-Company-ID", c.companyID)
	}
	return req, nil
}

// attempt sends req once and reads the answer: nil when a 2xx answer
// decoded into out, an *APIError for any other status, or the transport's
// or the decoder's error, scrubbed of the key (this is where errors from
// net/http and the decoder enter the SDK). resp, when not nil, is the answer (its body
// already consumed), for the retry policy to read.
func (c *Client) attempt(ci *call, req *http.Request, out any) (*http.Response, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		if resp != nil { // a refused redirect: the body is closed already
			_ = resp.Body.Close()
		}
		return nil, scrub(err, c.redact)
	}
	defer drainClose(resp.Body)
	err = c.readResponse(ci, resp, out)
	var apiErr *APIError
	if err != nil && !errors.As(err, &apiErr) {
		// A body cut off by the connection, or a value the decoder quotes.
		err = scrub(err, c.redact)
	}
	return resp, err
}

// readResponse consumes resp. A 2xx body is decoded into out; any other
// status becomes an *APIError. A 2xx answer that cannot be the documented
// result (an empty body or null where one is expected, a resource without
// its id) is ErrInvalidResponse.
func (c *Client) readResponse(ci *call, resp *http.Response, out any) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, errorBodyRead+1))
		return buildAPIError(ci.method, ci.path, resp.StatusCode, resp.Header, body, c.redact)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			bufPool.Put(buf)
		}
	}()
	buf.Reset()
	// Read the whole (capped) body first: an error here is the connection's
	// and may be retried; an error decoding it afterwards is the server's
	// and is final.
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, maxResponseBody+1))
	if err != nil {
		return fmt.Errorf("reading the response body: %w", err)
	}
	if n > maxResponseBody {
		return fmt.Errorf("%w: over %d bytes", ErrResponseTooLarge, maxResponseBody)
	}
	data := bytes.TrimSpace(buf.Bytes())
	if len(data) == 0 || bytes.Equal(data, []byte("null")) {
		if !needsBody(out) {
			return nil // out keeps its zero value
		}
		if len(data) == 0 {
			return fmt.Errorf("%w: the answer is empty", ErrInvalidResponse)
		}
		return fmt.Errorf("%w: the answer is null", ErrInvalidResponse)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidResponse, err)
	}
	if e, ok := out.(envelope); ok {
		if status, isErr := e.errorStatus(); isErr {
			return buildAPIError(ci.method, ci.path, status, resp.Header, data[:min(len(data), errorBodyRead+1)], c.redact)
		}
	}
	if why := checkResult(out); why != "" {
		return fmt.Errorf("%w: %s", ErrInvalidResponse, why)
	}
	return nil
}

// envelope is implemented by answers that may be Dialpad's error envelope
// sent with a 2xx status (Calls.SetVI's): readResponse then turns them into
// an *APIError like any other error answer.
type envelope interface{ errorStatus() (int, bool) }

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// drainClose reads a little of what is left of body, so the connection can
// be reused, and closes it.
func drainClose(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 4096)
	_ = body.Close()
}

// transport sits under net/http's client: per attempt (and per redirect
// followed) it waits on the limiters, adds the Authorization header (for
// the API host only) and bounds the attempt with the per-attempt timeout.
type transport struct {
	base      http.RoundTripper
	company   Limiter
	endpoints *endpointLimiters // nil when per-endpoint limits are off
	timeout   time.Duration
	logger    *slog.Logger
	redact    func(string) string
	authorize func(*http.Request)
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	ci := callFrom(ctx)
	start := time.Now()
	if err := t.wait(ctx, ci); err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	waited := time.Since(start)

	actx, cancel := context.WithTimeout(ctx, t.timeout)
	r := req.WithContext(actx) // shallow: only the header changes below
	r.Header = req.Header.Clone()
	t.authorize(r)
	sent := time.Now()
	resp, err := t.base.RoundTrip(r)
	if t.logger != nil && t.logger.Enabled(ctx, slog.LevelDebug) {
		attrs := []slog.Attr{
			slog.String("method", req.Method),
			slog.String("path", t.redact(req.URL.EscapedPath())),
			slog.Duration("wait", waited),
			slog.Duration("elapsed", time.Since(sent)),
		}
		if ci != nil {
			attrs = append(attrs, slog.Int("attempt", ci.attempt))
		}
		if err != nil {
			attrs = append(attrs, slog.String("error", t.redact(clean(err.Error()))))
		} else {
			attrs = append(attrs, slog.Int("status", resp.StatusCode))
		}
		t.logger.LogAttrs(ctx, slog.LevelDebug, "dialpad request", attrs...)
	}
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// wait takes a slot from the endpoint's limiter, then the company's. A
// refusal is marked as the limiter's, so that it is not retried; it keeps
// the limiter's error (which matches context.DeadlineExceeded when the
// limiter refused because of the deadline).
func (t *transport) wait(ctx context.Context, ci *call) error {
	if err := ctx.Err(); err != nil {
		return &limiterError{err: err, ctxDone: true}
	}
	if t.endpoints != nil && ci != nil {
		if err := t.endpoints.get(ci.endpoint).Wait(ctx); err != nil {
			return &limiterError{err: err, ctxDone: ctx.Err() != nil}
		}
	}
	if err := t.company.Wait(ctx); err != nil {
		return &limiterError{err: err, ctxDone: ctx.Err() != nil}
	}
	return nil
}

// limiterError is a request that was never sent: its context ended before
// its turn came (ctxDone), or a Limiter refused it. It matches
// errLimiterRefused and unwraps to the limiter's (or the context's) error.
type limiterError struct {
	err     error
	ctxDone bool
}

func (e *limiterError) Error() string {
	switch {
	case !e.ctxDone:
		return errLimiterRefused.Error() + ": " + bare(e.err)
	case errors.Is(e.err, context.Canceled):
		return "canceled before it was sent: " + bare(e.err)
	}
	return "timed out before it was sent: " + bare(e.err)
}

func (e *limiterError) Unwrap() error { return e.err }

func (e *limiterError) Is(target error) bool { return target == errLimiterRefused }

// cancelOnClose ends an attempt's timeout context once its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
