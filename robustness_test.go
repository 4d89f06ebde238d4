package dialpad

// Regression tests for issue 11: each test names the item it covers. They
// assert counts and exact fake-clock times (testing/synctest), never wall
// clock durations.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
	"unicode"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

// oddKey is an API key with the characters servers escape: "/" (\/ in
// JSON), "+" (%2B in a URL), "é" (\u00e9, &eacute;, %C3%A9), "<" and "&"
// (\u003c and \u0026 in Go's JSON, &lt; and &amp; in HTML).
const oddKey = "sk/live+é<x&y_0123456789"

// keyForms lists oddKey as a server may echo it.
var keyForms = map[string]string{
	"plain":           oddKey,
	"JSON escapes":    `sk\/live\u002b\u00e9\u003Cx\u0026y_0123456789`,
	"Go JSON":         `sk/live+é\u003cx\u0026y_0123456789`,
	"HTML escaped":    html.EscapeString(oddKey),
	"HTML references": "sk&#47;live&#x2B;&eacute;&lt;x&amp;y_0123456789",
	"query escaped":   url.QueryEscape(oddKey),
	"path escaped":    url.PathEscape(oddKey),
}

func TestIssue11KeyForms(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"JSON escapes", "Go JSON"} {
		var s string
		require.NoError(t, json.Unmarshal([]byte(`"`+keyForms[name]+`"`), &s))
		require.Equal(t, oddKey, s, name)
	}
	require.Equal(t, oddKey, html.UnescapeString(keyForms["HTML references"]))
}

// assertNoOddKey fails if s holds oddKey in any of keyForms, or reveals it
// once decoded as HTML, JSON or a URL.
func assertNoOddKey(t *testing.T, what, s string) {
	t.Helper()
	for name, form := range keyForms {
		assert.NotContains(t, s, form, "%s holds the key (%s)", what, name)
	}
	decoded := []string{html.UnescapeString(s), unescapeJSON(s)}
	if u, err := url.PathUnescape(s); err == nil {
		decoded = append(decoded, u)
	}
	for _, d := range decoded {
		assert.NotContains(t, d, oddKey, "%s reveals the key once decoded", what)
	}
}

// assertErrorHidesOddKey checks every way an error may be printed or
// inspected.
func assertErrorHidesOddKey(t *testing.T, err error) {
	t.Helper()
	require.Error(t, err)
	for _, verb := range []string{"%v", "%+v", "%#v", "%q"} {
		assertNoOddKey(t, "error "+verb, fmt.Sprintf(verb, err))
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		assertNoOddKey(t, "Message", apiErr.Message)
		assertNoOddKey(t, "Reason", apiErr.Reason)
		assertNoOddKey(t, "Body", string(apiErr.Body))
		for i, d := range apiErr.Details {
			assertNoOddKey(t, fmt.Sprintf("Details[%d]", i), d.Domain+" "+d.Reason+" "+d.Message)
		}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		assertNoOddKey(t, "url.Error.URL", ue.URL)
	}
	assertChainHidesKey(t, oddKey, err)
}

// oddKeyClient is a fast, unpaced client for srv that authenticates with
// oddKey.
func oddKeyClient(t *testing.T, baseURL string, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(oddKey, append([]Option{
		WithBaseURL(baseURL), ownTransport(t), WithRetryWait(time.Millisecond, 5*time.Millisecond),
		WithRateLimit(1e6, 1000), WithEndpointLimits(false),
	}, opts...)...)
	require.NoError(t, err)
	return c
}

// Item 1: a redirect that would turn a write into a GET is an error naming
// the redirect; 307 and 308 keep the method and the body.

func TestIssue11RedirectChangingTheMethodIsRefused(t *testing.T) {
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

func TestIssue11Redirect307And308KeepMethodAndBody(t *testing.T) {
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

func TestIssue11RedirectGETOnlyToSameSchemeAndHost(t *testing.T) {
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

// Item 2: one email check, which rejects line breaks and control
// characters wherever an email is taken.

func TestIssue11EmailsWithLineBreaksAndControls(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	})
	c := plumbingClient(t, srv.URL)
	ctx := context.Background()
	for _, bad := range []string{
		"ada\u2028@example.com", "ada@exam\u2029ple.com", "ada\u0085@example.com", "ada@example.com\u2028",
		"ada\u202e@example.com", "ada\u200b@example.com", "ada\u2066@example.com", "ada\ufeff@example.com",
		"ada\x1b@example.com", "ada\x00@example.com", "ada\n@example.com", "ada\u000b@example.com",
	} {
		calls := map[string]struct {
			field string
			call  func() error
		}{
			"ValidateEmail": {"email", func() error { return ValidateEmail(bad) }},
			"Users.Create": {"email", func() error {
				_, err := c.Users.Create(ctx, &CreateUserRequest{Email: bad, OfficeID: 1})
				return err
			}},
			"Users.Update": {"emails[1]", func() error {
				_, err := c.Users.Update(ctx, 1, &UpdateUserRequest{Emails: []string{"ok@example.com", bad}})
				return err
			}},
			"Users.GetByEmail": {"email", func() error { _, err := c.Users.GetByEmail(ctx, bad); return err }},
			"Contacts.Create": {"emails[0]", func() error {
				_, err := c.Contacts.Create(ctx, &CreateContactRequest{FirstName: "A", LastName: "B", Emails: []string{bad}})
				return err
			}},
			"Contacts.CreateOrUpdate": {"emails[0]", func() error {
				_, err := c.Contacts.CreateOrUpdate(ctx, &CreateOrUpdateContactRequest{UID: "u", FirstName: "A", LastName: "B", Emails: []string{bad}})
				return err
			}},
			"Contacts.Update": {"emails[0]", func() error {
				_, err := c.Contacts.Update(ctx, "c1", &UpdateContactRequest{Emails: []string{bad}})
				return err
			}},
		}
		for name, tc := range calls {
			assertInvalid(t, tc.call(), tc.field, "%s(%q)", name, bad)
		}
	}
	require.NoError(t, ValidateEmail("ada.lovelace+ops@example.co.uk"))
	require.NoError(t, ValidateEmail("josé@example.com"))
	assert.Equal(t, int64(0), n.Load())
}

// Item 3: the key is redacted after decoding too, from every string of an
// *APIError and from any error quoting a response value.

func TestIssue11KeyRedactedInEveryEncoding(t *testing.T) {
	t.Parallel()
	jsonBody := func(form string) string {
		return `{"error": {"code": 401, "message": "invalid key ` + form + `", "errors": [` +
			`{"domain": "auth ` + form + `", "reason": "bad ` + form + `", "message": "key ` + form + ` revoked"}]}}`
	}
	bodies := map[string]struct {
		contentType, body string
	}{
		"JSON escapes in JSON":     {"application/json", jsonBody(keyForms["JSON escapes"])},
		"Go JSON escapes in JSON":  {"application/json", jsonBody(keyForms["Go JSON"])},
		"HTML references in JSON":  {"application/json", jsonBody(keyForms["HTML references"])},
		"percent-encoded in JSON":  {"application/json", jsonBody(keyForms["query escaped"])},
		"double-escaped in JSON":   {"application/json", jsonBody(strings.ReplaceAll(keyForms["JSON escapes"], `\`, `\\`))},
		"HTML title":               {"text/html", "<html><head><title>Bad key " + keyForms["HTML escaped"] + "</title></head></html>"},
		"HTML references in text":  {"text/html", "<html><body><p>Bad key " + keyForms["HTML references"] + "</p></body></html>"},
		"plain text with controls": {"text/plain", "bad key \x1b[1m" + oddKey + "\x1b[0m"},
	}
	for name, b := range bodies {
		srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", b.contentType)
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, b.body)
		})
		_, err := oddKeyClient(t, srv.URL).Users.Get(context.Background(), 1)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr, name)
		assertErrorHidesOddKey(t, err)
		assert.Contains(t, apiErr.Message, redacted, name)
	}

	// A 2xx body whose bad value is the key: the decoder's error quotes it.
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		replyJSON(w, http.StatusOK, `{"id": "1", "date_added": "`+keyForms["JSON escapes"]+`"}`)
	})
	_, err := oddKeyClient(t, srv.URL).Users.Get(context.Background(), 1)
	require.ErrorIs(t, err, ErrInvalidResponse)
	assertErrorHidesOddKey(t, err)
}

func TestIssue11Redactor(t *testing.T) {
	t.Parallel()
	redact := newRedactor(oddKey)
	for name, form := range keyForms {
		got := redact("before " + form + " after")
		assert.Equal(t, "before "+redacted+" after", got, name)
	}
	assert.Equal(t, "a &amp; b \\u00e9 %2F", redact("a &amp; b \\u00e9 %2F"), "text without the key is left alone")
	astral := newRedactor("k😀y")
	assert.Equal(t, redacted, astral(`k\ud83d\uDE00y`))
}

// Item 4: a 2xx answer with an empty body, null or {} to an operation that
// returns a resource (or a page) is ErrInvalidResponse naming the call.

func TestIssue11EmptyAnswersAreInvalid(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ops := []struct {
		name, call string
		do         func(*Client) (any, error)
	}{
		{"Users.Get", "GET /api/v2/users/1", func(c *Client) (any, error) { return c.Users.Get(ctx, 1) }},
		{"Users.Create", "POST /api/v2/users", func(c *Client) (any, error) {
			return c.Users.Create(ctx, &CreateUserRequest{Email: "a@example.com", OfficeID: 1})
		}},
		{"Users.Update", "PATCH /api/v2/users/1", func(c *Client) (any, error) {
			return c.Users.Update(ctx, 1, &UpdateUserRequest{JobTitle: Ptr("x")})
		}},
		{"Users.Delete", "DELETE /api/v2/users/1", func(c *Client) (any, error) { return c.Users.Delete(ctx, 1) }},
		{"Users.ListPage", "GET /api/v2/users", func(c *Client) (any, error) { return c.Users.ListPage(ctx, nil) }},
		{"Contacts.Get", "GET /api/v2/contacts/c1", func(c *Client) (any, error) { return c.Contacts.Get(ctx, "c1") }},
		{"Contacts.Create", "POST /api/v2/contacts", func(c *Client) (any, error) {
			return c.Contacts.Create(ctx, &CreateContactRequest{FirstName: "A", LastName: "B"})
		}},
		{"Contacts.Update", "PATCH /api/v2/contacts/c1", func(c *Client) (any, error) {
			return c.Contacts.Update(ctx, "c1", &UpdateContactRequest{JobTitle: Ptr("x")})
		}},
		{"Contacts.Delete", "DELETE /api/v2/contacts/c1", func(c *Client) (any, error) { return c.Contacts.Delete(ctx, "c1") }},
	}
	for _, body := range []string{"", "null", " null\n", "{}", " \n"} {
		for _, op := range ops {
			if body == "{}" && op.name == "Users.ListPage" {
				continue // {} is a valid empty last page
			}
			srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.ReadAll(r.Body)
				w.WriteHeader(http.StatusOK)
				_, _ = io.WriteString(w, body)
			})
			got, err := op.do(plumbingClient(t, srv.URL))
			require.ErrorIs(t, err, ErrInvalidResponse, "%s with body %q", op.name, body)
			assert.Nil(t, got, op.name)
			assert.True(t, strings.HasPrefix(err.Error(), "dialpad: "+op.call+": invalid response body: "),
				"%s: %q does not name the call", op.name, err.Error())
			assert.Equal(t, 1, strings.Count(err.Error(), "dialpad"), err.Error())
			assert.Equal(t, int64(1), n.Load(), "%s: an invalid answer is final", op.name)
		}
	}

	// An empty list answer is not an empty list.
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	var errs []error
	for u, err := range plumbingClient(t, srv.URL).Users.List(ctx, nil) {
		assert.Nil(t, u)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	require.ErrorIs(t, errs[0], ErrInvalidResponse)
}

// Item 5: a Retry-After too large for an int64 saturates.

func TestIssue11RetryAfterOverflowSaturates(t *testing.T) {
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

// Item 6: a deadline that ends (or would end) a retry wait returns an error
// wrapping both the context's error and the last answer.

func TestIssue11DeadlineDuringRetryWait(t *testing.T) {
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
func TestIssue11ContextEndsAsRetryableAnswerArrives(t *testing.T) {
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

func TestIssue11DeadlineDuringRetryWaitAfterDrop(t *testing.T) {
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
func TestIssue11LimiterRefusesRetry(t *testing.T) {
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

// Item 7: an iterator stops after a bounded run of empty pages.

func TestIssue11IteratorStopsOnEmptyPages(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	var n atomic.Int64
	mux.HandleFunc("GET /api/v2/users", func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		if i > 50 { // a bound for the code under test, not the answer
			replyJSON(w, http.StatusInternalServerError, `{"error": {"message": "enough"}}`)
			return
		}
		replyJSON(w, http.StatusOK, fmt.Sprintf(`{"items": [], "cursor": "c%d"}`, i))
	})
	ids, err := collectIDs(c.Users.List(context.Background(), nil))
	require.ErrorIs(t, err, ErrEmptyPages)
	assert.Empty(t, ids)
	assert.Equal(t, int64(maxEmptyPages), n.Load())
	assert.Equal(t, "dialpad: server sent 10 empty pages in a row, each with a new cursor", err.Error())

	// Items between empty pages start the count again.
	c2, mux2 := newTestClient(t)
	pages := map[string]string{}
	for i := range 25 {
		cursor, next := fmt.Sprintf("c%d", i), fmt.Sprintf("c%d", i+1)
		if i == 0 {
			cursor = ""
		}
		switch {
		case i == 24:
			pages[cursor] = usersPage("", 2)
		case i == 9, i == 18:
			pages[cursor] = usersPage(next, 1)
		default:
			pages[cursor] = fmt.Sprintf(`{"items": [null], "cursor": %q}`, next)
		}
	}
	queries := pagedUsers(t, mux2, pages)
	ids, err = collectIDs(c2.Users.List(context.Background(), nil))
	require.NoError(t, err)
	assert.Equal(t, []ID{1, 1, 2}, ids)
	assert.Len(t, queries(), 25)
}

// Item 8: with the company limiter alone, a call whose deadline comes
// before its slot is refused as it arrives, even behind other waiters.

func TestIssue11CompanyLimiterRefusesAtOnce(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]Option{
		"default":       nil,
		"WithRateLimit": WithRateLimit(20, 1),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				f := newMockAPI(always(http.StatusOK, `{"id": "1"}`))
				c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: f}), WithEndpointLimits(false), opt)
				require.NoError(t, err)
				gap := window20(1) // the default's slot; WithRateLimit(20, 1)'s is 50ms
				if opt != nil {
					gap = 50 * time.Millisecond
				}
				ctx := context.Background()
				start := time.Now()
				_, err = c.Users.Get(ctx, 1) // slot 0
				require.NoError(t, err)

				// A second call waits for slot 1 (no deadline)...
				done := make(chan error)
				go func() { _, err := c.Users.Get(ctx, 2); done <- err }()
				synctest.Wait()

				// ...so a third, whose deadline falls before slot 2, is refused
				// now, without waiting its turn.
				dctx, cancel := context.WithTimeout(ctx, gap+gap/2)
				defer cancel()
				before := time.Now()
				_, err = c.Users.Get(dctx, 3)
				assert.Zero(t, time.Since(before), "the refusal waited")
				require.ErrorIs(t, err, context.DeadlineExceeded)
				require.ErrorIs(t, err, errLimiterRefused)
				assert.Equal(t, fmt.Sprintf("dialpad: GET /api/v2/users/3: limiter refused the request: the next request slot is %v away, after the context's deadline",
					(2*gap).Round(time.Millisecond)), err.Error())

				// A fourth, whose deadline falls after slot 2, gets it.
				dctx2, cancel2 := context.WithTimeout(ctx, 2*gap+gap/2)
				defer cancel2()
				_, err = c.Users.Get(dctx2, 4)
				require.NoError(t, err)
				require.NoError(t, <-done)
				times := f.arrivals()
				require.Len(t, times, 3)
				assert.Equal(t, []time.Duration{0, gap, 2 * gap}, []time.Duration{times[0].Sub(start), times[1].Sub(start), times[2].Sub(start)})
				assert.Equal(t, []string{"GET /api/v2/users/1", "GET /api/v2/users/2", "GET /api/v2/users/4"}, f.requests())
			})
		})
	}
}

// Item 9: bad limiters and header values are refused at NewClient.

func TestIssue11NewClientRejectsTypedNilAndControls(t *testing.T) {
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

// Item 10: control characters from an error body never reach Error().

func TestIssue11ControlCharactersStripped(t *testing.T) {
	t.Parallel()
	evil := "User\x1b[31m not\u202e found\x00\u2066 here\u200b\x7f\u0085now\u2028end"
	body, err := json.Marshal(map[string]any{"error": map[string]any{
		"message": evil,
		"errors":  []map[string]string{{"reason": "not\x1b[0mFound\u202e", "message": evil}},
	}})
	require.NoError(t, err)
	for name, b := range map[string]string{"JSON": string(body), "text": evil, "HTML": "<title>" + evil + "</title>"} {
		srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, b)
		})
		_, err := plumbingClient(t, srv.URL).Users.Get(context.Background(), 1)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr, name)
		for what, s := range map[string]string{"Error()": err.Error(), "Message": apiErr.Message, "Reason": apiErr.Reason} {
			assert.False(t, strings.ContainsFunc(s, func(r rune) bool {
				return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
			}), "%s %s = %q", name, what, s)
		}
		assert.Equal(t, "User[31m not found here now end", apiErr.Message, name)
	}
	// Hand-built errors print cleanly too.
	e := &APIError{Method: "GET", Path: "/api/v2/users/1", StatusCode: 404, Message: "a\x1b]0;pwned\x07b", Reason: "x\ny"}
	assert.Equal(t, "dialpad: GET /api/v2/users/1: 404 Not Found: a]0;pwnedb (x y)", e.Error())
}

// Item 11: WithRateLimit and NewRateLimiter give the same kind of limiter
// as the default: a window counted by real release times, burst respected.

func TestIssue11WithRateLimitIsAWindowLimiter(t *testing.T) {
	t.Parallel()
	_, ok := NewRateLimiter(5, 2).(*windowLimiter)
	assert.True(t, ok, "NewRateLimiter returns %T", NewRateLimiter(5, 2))
	synctest.Test(t, func(t *testing.T) {
		f := newMockAPI(always(http.StatusOK, `{"id": "1"}`))
		// 10 a second in bursts of 3: at most 3 in any 300ms.
		c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: f}), WithRateLimit(10, 3), WithEndpointLimits(false))
		require.NoError(t, err)
		start := time.Now()
		var wg sync.WaitGroup
		for range 7 {
			wg.Go(func() {
				_, err := c.Users.Get(context.Background(), 1)
				assert.NoError(t, err)
			})
		}
		wg.Wait()
		var got []time.Duration
		for _, at := range f.arrivals() {
			got = append(got, at.Sub(start))
		}
		ms := time.Millisecond
		assert.Equal(t, []time.Duration{0, 0, 0, 300 * ms, 300 * ms, 300 * ms, 600 * ms}, got)
	})
}

// A custom Limiter's refusal keeps its own meaning: DeadlineExceeded only
// when the limiter says so (no special case for any limiter type).
func TestIssue11CustomLimiterDeadline(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {})
	l := &failingLimiter{err: fmt.Errorf("dialpad-redis: slot in 3s: %w", context.DeadlineExceeded)}
	_, err := plumbingClient(t, srv.URL, WithLimiter(l)).Users.Get(context.Background(), 1)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.ErrorIs(t, err, errLimiterRefused)
	assert.Equal(t, int64(0), n.Load())
}

// Item 12: errors read well: one "dialpad:" prefix, the call named once,
// the attempt count after retries, the cause still wrapped.

func TestIssue11ErrorMessages(t *testing.T) {
	t.Parallel()
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v2/users/42":
			replyJSON(w, http.StatusNotFound, `{"error": {"code": 404, "message": "user 42 not found", "errors": [{"reason": "notFound"}]}}`)
		case "/api/v2/users/503":
			replyJSON(w, http.StatusServiceUnavailable, `{"error": {"message": "down", "errors": [{"reason": "backendError"}]}}`)
		case "/api/v2/users/7":
			dropConnection(t, w)
		case "/api/v2/users/8":
			replyJSON(w, http.StatusOK, `{"id": true}`)
		}
	})
	c := plumbingClient(t, srv.URL, WithMaxRetries(2))
	ctx := context.Background()

	var errs []error
	_, err := c.Users.Get(ctx, 42)
	errs = append(errs, err)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, "dialpad: GET /api/v2/users/42: 404 Not Found: user 42 not found (notFound)", err.Error())

	_, err = c.Users.Get(ctx, 503)
	errs = append(errs, err)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 3, apiErr.Attempts)
	assert.Equal(t, "dialpad: GET /api/v2/users/503: 503 Service Unavailable: down (backendError) (after 3 attempts)", err.Error())

	_, err = c.Users.Get(ctx, 7)
	errs = append(errs, err)
	require.Error(t, err)
	assert.False(t, errors.As(err, &apiErr))
	var ue *url.Error
	require.ErrorAs(t, err, &ue, "the transport's error is still wrapped")
	require.ErrorIs(t, err, ue.Err)
	msg := err.Error()
	assert.True(t, strings.HasPrefix(msg, "dialpad: GET /api/v2/users/7: "), msg)
	assert.True(t, strings.HasSuffix(msg, " (after 3 attempts)"), msg)
	assert.NotContains(t, msg, srv.URL, "the URL is repeated")

	_, err = c.Users.Get(ctx, 8)
	errs = append(errs, err)
	require.ErrorIs(t, err, ErrInvalidResponse)
	assert.True(t, strings.HasPrefix(err.Error(), "dialpad: GET /api/v2/users/8: invalid response body: "), err.Error())

	for _, e := range errs {
		assert.Equal(t, 1, strings.Count(e.Error(), "dialpad:"), e.Error())
		assert.Equal(t, 1, strings.Count(e.Error(), "/api/v2/users/"), e.Error())
	}
}

func TestIssue11LimiterErrorMessage(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newMockAPI(always(http.StatusOK, `{"id": "42"}`))
		c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: f}), WithRateLimit(20, 1), WithEndpointLimits(false))
		require.NoError(t, err)
		_, err = c.Users.Get(context.Background(), 42)
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		_, err = c.Users.Get(ctx, 42)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, "dialpad: GET /api/v2/users/42: limiter refused the request: the next request slot is 50ms away, after the context's deadline", err.Error())
	})
}

// Item 13: a base URL ending in /api/v2 is the host's base URL.

func TestIssue11BaseURLWithAPIPrefix(t *testing.T) {
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
