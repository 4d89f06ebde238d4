package dialpad

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawServer answers every connection with the bytes reply returns for the
// request's path, whatever they are: a server whose answers net/http cannot
// parse. It returns the base URL.
func rawServer(t *testing.T, reply func(path string) string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer func() { _ = conn.Close() }()
				req, err := http.ReadRequest(bufio.NewReader(conn))
				if err != nil {
					return
				}
				_, _ = io.WriteString(conn, reply(req.URL.Path))
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// keyFailures produces an error from each failure mode of a call whose
// answer echoes key, for a client authenticating with key.
func keyFailures(t *testing.T, key string) map[string]error {
	t.Helper()
	ctx := context.Background()
	b64 := base64.StdEncoding.EncodeToString([]byte(key))
	errs := map[string]error{}

	// Transport errors: answers net/http refuses to parse, quoting the key.
	raw := map[string]string{
		"header line":         "HTTP/1.1 200 OK\r\nX-Echo " + key + "\r\n\r\n{}",
		"base64 header line":  "HTTP/1.1 200 OK\r\nX-Echo " + b64 + "\r\n\r\n{}",
		"status line":         "HTTP/1.1 " + key + " OK\r\nContent-Length: 2\r\n\r\n{}",
		"content length":      "HTTP/1.1 200 OK\r\nContent-Length: " + key + "\r\n\r\n{}",
		"trailer line":        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX-Echo " + key + "\r\n\r\n",
		"escaped status line": "HTTP/1.1 " + url.QueryEscape(key) + " OK\r\nContent-Length: 2\r\n\r\n{}",
		"redirect elsewhere":  "HTTP/1.1 302 Found\r\nLocation: http://other.example/?k=" + url.QueryEscape(key) + "\r\nContent-Length: 0\r\n\r\n",
		"redirect as GET":     "HTTP/1.1 303 See Other\r\nLocation: /api/v2/users/" + url.PathEscape(key) + "\r\nContent-Length: 0\r\n\r\n",
		"API error":           "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
		"decode error":        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
		"non-JSON 5xx":        "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s",
	}
	bodies := map[string]string{
		"API error":    `{"error": {"message": "bad key ` + key + `", "errors": [{"reason": "` + b64 + `", "message": "` + url.QueryEscape(key) + `"}]}}`,
		"decode error": `{"id": "1", "date_added": "` + key + `"}`,
		"non-JSON 5xx": "<html><title>" + key + "</title><body>" + b64 + "</body></html>",
	}
	for name, format := range raw {
		reply := format
		if body, ok := bodies[name]; ok {
			reply = fmt.Sprintf(format, len(body), body)
		}
		base := rawServer(t, func(string) string { return reply })
		c, err := NewClient(key, WithBaseURL(base), ownTransport(t), WithRetryWait(time.Millisecond, time.Millisecond),
			WithMaxRetries(1), WithRateLimit(1e6, 1000), WithEndpointLimits(false))
		require.NoError(t, err)
		_, errs[name+" (GET)"] = c.Users.Get(ctx, 1)
		_, errs[name+" (POST)"] = c.Users.Create(ctx, &CreateUserRequest{Email: "ada@example.com", OfficeID: 1})
	}

	// A dead port, a refused connection.
	c, err := NewClient(key, WithBaseURL("http://127.0.0.1:1"), WithMaxRetries(0), WithEndpointLimits(false))
	require.NoError(t, err)
	_, errs["connection refused"] = c.Users.Get(ctx, 1)

	// The key passed by mistake as a path argument (an opaque id), answered
	// with a 404 and with a transport failure: the path the error names is
	// the caller's text, and is redacted like the server's.
	notFound := rawServer(t, func(string) string {
		return "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
	})
	c, err = NewClient(key, WithBaseURL(notFound), ownTransport(t), WithMaxRetries(0), WithEndpointLimits(false))
	require.NoError(t, err)
	_, errs["key as a path argument, 404"] = c.Contacts.Get(ctx, key)
	c, err = NewClient(key, WithBaseURL("http://127.0.0.1:1"), WithMaxRetries(0), WithEndpointLimits(false))
	require.NoError(t, err)
	_, errs["key as a path argument, refused"] = c.Contacts.Get(ctx, key)

	// Give-ups: an answer echoing the key, then the context ends the retries.
	synctest.Test(t, func(t *testing.T) {
		api := newMockAPI(always(http.StatusServiceUnavailable, `{"error": {"message": "down for `+key+`"}}`))
		c := api.client(t)
		c2, err := NewClient(key, WithHTTPClient(&http.Client{Transport: api.MockTransport}), WithRetryWait(2*time.Second, 2*time.Second))
		require.NoError(t, err)
		_ = c
		dctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		defer cancel()
		_, errs["give-up at the deadline"] = c2.Users.Get(dctx, 1)
		cctx, cancel2 := context.WithCancel(ctx)
		time.AfterFunc(100*time.Millisecond, cancel2)
		_, errs["give-up on cancel"] = c2.Users.Get(cctx, 1)
	})
	return errs
}

// TestErrorChainHidesKey: no error the SDK returns, nor any error beneath
// it in its unwrap chain, holds the API key in any encoding, from every
// failure mode: API errors, transport errors (answers net/http cannot
// parse, which it quotes), decode errors, refused redirects and give-ups.
func TestErrorChainHidesKey(t *testing.T) {
	t.Parallel()
	for _, key := range []string{oddKey, "sk_live_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"} {
		for name, err := range keyFailures(t, key) {
			require.Error(t, err, name)
			t.Run(name, func(t *testing.T) { assertChainHidesKey(t, key, err) })
		}
	}
}

// TestTransportErrorsKeepTheirKind: a transport error rebuilt without the
// key still matches what callers test for: the context's errors, net.Error
// timeouts, io.ErrUnexpectedEOF, *url.Error.
func TestTransportErrorsKeepTheirKind(t *testing.T) {
	t.Parallel()
	key := oddKey
	base := rawServer(t, func(string) string { return "HTTP/1.1 200 OK\r\nX-Echo " + key + "\r\n\r\n{}" })
	c, err := NewClient(key, WithBaseURL(base), ownTransport(t), WithMaxRetries(0), WithEndpointLimits(false))
	require.NoError(t, err)
	_, err = c.Users.Get(context.Background(), 1)
	var ue *url.Error
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, err.Error(), "X-Echo "+redacted)

	redact := newRedactor(key)
	timeout := &net.OpError{Op: "read", Net: "tcp", Err: &timeoutErr{"i/o timeout for " + key}}
	for _, tc := range []struct {
		name   string
		err    error
		target error
	}{
		{"canceled", fmt.Errorf("waiting for %s: %w", key, context.Canceled), context.Canceled},
		{"deadline", fmt.Errorf("waiting for %s: %w", key, context.DeadlineExceeded), context.DeadlineExceeded},
		{"unexpected EOF", fmt.Errorf("reading %s: %w", key, io.ErrUnexpectedEOF), io.ErrUnexpectedEOF},
		{"joined", errors.Join(errors.New(key), io.EOF), io.EOF},
	} {
		got := scrub(&url.Error{Op: "Get", URL: "http://h/?k=" + key, Err: tc.err}, redact)
		assert.ErrorIs(t, got, tc.target, tc.name)
		require.ErrorAs(t, got, &ue, tc.name)
		assertChainHidesKey(t, key, got)
	}
	got := scrub(&url.Error{Op: "Get", URL: "http://h/", Err: timeout}, redact)
	var ne net.Error
	require.ErrorAs(t, got, &ne)
	assert.True(t, ne.Timeout())
	assertChainHidesKey(t, key, got)

	// An error without the key is handed on as it is.
	plain := &url.Error{Op: "Get", URL: "http://h/", Err: io.ErrUnexpectedEOF}
	assert.Same(t, plain, scrub(plain, redact))
	assert.True(t, reflect.DeepEqual(plain, scrub(plain, redact)))
}

// timeoutErr is a net.Error that timed out.
type timeoutErr struct{ msg string }

func (e *timeoutErr) Error() string   { return e.msg }
func (e *timeoutErr) Timeout() bool   { return true }
func (e *timeoutErr) Temporary() bool { return true }

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

func TestKeyForms(t *testing.T) {
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

// TestKeyRedactedInEveryEncoding: the key is redacted after decoding too,
// from every string of an *APIError and from any error quoting a response
// value.
func TestKeyRedactedInEveryEncoding(t *testing.T) {
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

func TestRedactor(t *testing.T) {
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
