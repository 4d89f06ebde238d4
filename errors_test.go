package dialpad

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sentinels lists every status sentinel, to check that an error matches
// its own and no other.
var sentinels = map[string]error{
	"ErrBadRequest":      ErrBadRequest,
	"ErrUnauthorized":    ErrUnauthorized,
	"ErrForbidden":       ErrForbidden,
	"ErrNotFound":        ErrNotFound,
	"ErrRateLimited":     ErrRateLimited,
	"ErrMissingAPIKey":   ErrMissingAPIKey,
	"ErrInvalidResponse": ErrInvalidResponse,
}

func TestAPIErrorSentinels(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status int
		want   string // key in sentinels, "" for none
	}{
		{http.StatusBadRequest, "ErrBadRequest"},
		{http.StatusUnauthorized, "ErrUnauthorized"},
		{http.StatusForbidden, "ErrForbidden"},
		{http.StatusNotFound, "ErrNotFound"},
		{http.StatusTooManyRequests, "ErrRateLimited"},
		{http.StatusConflict, ""},
		{http.StatusUnprocessableEntity, ""},
		{http.StatusInternalServerError, ""},
		{http.StatusBadGateway, ""},
	}
	for _, tc := range cases {
		srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
			replyJSON(w, tc.status, `{"error": {"code": `+fmt.Sprint(tc.status)+`, "message": "nope"}}`)
		})
		c := plumbingClient(t, srv.URL, WithMaxRetries(0))
		_, err := c.Users.Get(context.Background(), 1)
		var apiErr *APIError
		if !assert.ErrorAs(t, err, &apiErr, tc.status) || !assert.Equal(t, tc.status, apiErr.StatusCode) {
			continue
		}
		assert.Equal(t, int64(1), n.Load(), "%d: requests sent", tc.status)
		wrapped := fmt.Errorf("syncing user 1: %w", fmt.Errorf("batch 3: %w", err))
		for name, sentinel := range sentinels {
			assert.Equal(t, name == tc.want, errors.Is(wrapped, sentinel), "%d: errors.Is(wrapped, %s)", tc.status, name)
		}
		var got *APIError
		if assert.ErrorAs(t, wrapped, &got, tc.status) {
			assert.Equal(t, tc.status, got.StatusCode, "errors.As through wrapping lost the status")
		}
	}
}

func TestAPIErrorEnvelope(t *testing.T) {
	t.Parallel()
	const body = `{"error": {"code": 400, "message": "Invalid value for field 'office_id'.",
		"errors": [
			{"domain": "global", "reason": "badRequest", "message": "Invalid value for field 'office_id'."},
			{"domain": "users", "reason": "invalidOffice", "message": "Office 7 is closed."}
		]}}`
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		replyJSON(w, http.StatusBadRequest, body)
	})
	c := plumbingClient(t, srv.URL)
	_, err := c.Users.MoveOffice(context.Background(), 42, 7)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	want := &APIError{
		Method:     http.MethodPatch,
		Path:       "/api/v2/users/42/move_office",
		StatusCode: 400,
		Message:    "Invalid value for field 'office_id'.",
		Reason:     "badRequest",
		Details: []ErrorDetail{
			{Domain: "global", Reason: "badRequest", Message: "Invalid value for field 'office_id'."},
			{Domain: "users", Reason: "invalidOffice", Message: "Office 7 is closed."},
		},
		Body:     []byte(body),
		Attempts: 1,
	}
	if fmt.Sprintf("%#v", apiErr) != fmt.Sprintf("%#v", want) {
		t.Errorf("got  %#v\nwant %#v", apiErr, want)
	}
	const line = "dialpad: PATCH /api/v2/users/42/move_office: 400 Bad Request: Invalid value for field 'office_id'. (badRequest)"
	if err.Error() != line {
		t.Errorf("Error() = %q\nwant      %q", err.Error(), line)
	}
	if apiErr.Temporary() {
		t.Error("a 400 is Temporary")
	}
}

func TestNewAPIError(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body          string
		wantMsg, wantReason string
	}{
		{"details only", `{"error": {"errors": [{"reason": "notFound", "message": "No such\nuser."}]}}`, "No such user.", "notFound"},
		{"message only", `{"error": {"code": 404, "message": "  Not   found. "}}`, "Not found.", ""},
		{"empty body", ``, "", ""},
		{"plain text", "upstream\r\nconnect error\n", "upstream connect error", ""},
		{"other JSON", `{"detail": "nope"}`, `{"detail": "nope"}`, ""},
		{"error is a string", `{"error": "nope"}`, `{"error": "nope"}`, ""},
		{"invalid UTF-8", "bad \xff\xfe byte", "bad byte", ""},
	}
	for _, tc := range cases {
		e := newAPIError(http.MethodGet, "/api/v2/users/1", http.StatusNotFound, nil, []byte(tc.body))
		if e.Message != tc.wantMsg || e.Reason != tc.wantReason {
			t.Errorf("%s: Message %q, Reason %q; want %q, %q", tc.name, e.Message, e.Reason, tc.wantMsg, tc.wantReason)
		}
		if strings.ContainsAny(e.Error(), "\r\n") {
			t.Errorf("%s: Error() has a line break: %q", tc.name, e.Error())
		}
	}
	e := &APIError{StatusCode: 418}
	if got := e.Error(); got != "dialpad: 418 I'm a teapot" {
		t.Errorf("bare Error() = %q", got)
	}
}

// htmlErrorPage returns an HTML error page of about size bytes, of the kind
// a load balancer answers with.
func htmlErrorPage(title string, size int) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n<title>" + title + "</title>\n<style>\n")
	for b.Len() < size {
		b.WriteString("  body { background: #fff; color: #222; font-family: arial, sans-serif; }\n")
	}
	b.WriteString("</style>\n</head>\n<body><h1>" + title + "</h1>\n<p>The server encountered a temporary error.</p></body></html>\n")
	return b.String()
}

func TestAPIErrorHTMLPage(t *testing.T) {
	t.Parallel()
	page := htmlErrorPage("502 Bad Gateway", 50<<10)
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(page))
	})
	c := plumbingClient(t, srv.URL)
	_, err := c.Users.Create(context.Background(), &CreateUserRequest{Email: "a@example.com", OfficeID: 1})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusBadGateway, apiErr.StatusCode)
	assert.Equal(t, int64(1), n.Load(), "requests sent")
	if apiErr.Message != "502 Bad Gateway" {
		t.Errorf("Message = %q, want the page's title", apiErr.Message)
	}
	if msg := err.Error(); len(msg) > 300 || strings.ContainsAny(msg, "\r\n<>") {
		t.Errorf("Error() is not a short line: %q", msg)
	}
	if string(apiErr.Body) != page {
		t.Errorf("Body holds %d bytes, want the whole %d-byte page", len(apiErr.Body), len(page))
	}
	if !apiErr.Temporary() {
		t.Error("a 502 is not Temporary")
	}
}

func TestAPIErrorBodyCapped(t *testing.T) {
	t.Parallel()
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(strings.Repeat("x", 1<<20)))
	})
	c := plumbingClient(t, srv.URL)
	_, err := c.Users.Get(context.Background(), 1)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	if len(apiErr.Body) != maxErrorBody {
		t.Errorf("Body holds %d bytes, want the cap %d", len(apiErr.Body), maxErrorBody)
	}
	if len(apiErr.Message) > maxErrorMessage+len("…") {
		t.Errorf("Message holds %d bytes", len(apiErr.Message))
	}
}

// TestAPIErrorRetryAfter answers 429 with a Retry-After longer than the
// client sleeps through, as seconds or as a date, on the fake clock: the
// call fails at once and the error carries the hint, exactly.
func TestAPIErrorRetryAfter(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		date := time.Now().Add(5 * time.Minute).UTC().Format(http.TimeFormat)
		for _, header := range []string{"300", date} {
			api := newMockAPI(func(*http.Request, int) *http.Response {
				return answer(http.StatusTooManyRequests, http.Header{"Retry-After": {header}}, `{"error": {"message": "Rate limit exceeded."}}`)
			})
			_, err := api.client(t).Users.Get(context.Background(), 1)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr, header)
			require.ErrorIs(t, err, ErrRateLimited, header)
			assert.Equal(t, 300*time.Second, apiErr.RetryAfter, header)
			assert.Len(t, api.arrivals(), 1, header)
			assert.True(t, apiErr.Temporary(), "a 429 is not Temporary")
		}
	})
}

func TestValidationErrorMessage(t *testing.T) {
	t.Parallel()
	err := error(&ValidationError{Field: "phone_numbers[1]", Reason: `"555" is not an E.164 number`})
	if got := err.Error(); got != `dialpad: invalid phone_numbers[1]: "555" is not an E.164 number` {
		t.Errorf("Error() = %q", got)
	}
	var ve *ValidationError
	if assert.ErrorAs(t, fmt.Errorf("wrapped: %w", err), &ve, "errors.As lost the *ValidationError") {
		assert.Equal(t, "phone_numbers[1]", ve.Field)
	}
	for name, s := range sentinels {
		assert.NotErrorIs(t, err, s, "a ValidationError matches %s", name)
	}
}

// TestAPIErrorBodyRedactedBeforeCap: a key that straddles the body cap is
// redacted or dropped, never kept in part, whichever form it takes and
// wherever the cut falls in it; for a non-2xx answer and for an error
// envelope sent with a 2xx status.
func TestAPIErrorBodyRedactedBeforeCap(t *testing.T) {
	t.Parallel()
	redact := newRedactor(testKey)
	check := func(t *testing.T, name string, body []byte, form string, cut int) {
		t.Helper()
		assert.LessOrEqual(t, len(body), maxErrorBody, name)
		assert.NotContains(t, string(body), "sk_test_S", "%s: form %q cut %d bytes in", name, form, cut)
		assert.NotContains(t, strings.ReplaceAll(string(body), `\u005f`, "_"), "sk_test_S", "%s: form %q cut %d", name, form, cut)
		assert.NotContains(t, string(body), "sk_test%5FS", name)
		assert.Contains(t, string(body[:min(200, len(body))]), "xxxxxxxx", "%s: the body is kept", name)
	}
	for _, form := range []string{testKey, `sk\u005ftest\u005fSECRET\u005f0123456789`, url.QueryEscape(testKey)} {
		bodyCut := func(cut int) string {
			return strings.Repeat("x", maxErrorBody-cut) + form + strings.Repeat("y", 100)
		}
		// The cap falling just inside the key, in its middle and just before
		// its end (redacting an 80 KiB body is slow under -race, so not
		// every byte), on the function that builds every APIError...
		for _, cut := range []int{1, 2, len(form) / 2, len(form) - 2, len(form) - 1} {
			e := buildAPIError("GET", "/api/v2/users/1", http.StatusUnauthorized, nil, []byte(bodyCut(cut)), redact)
			check(t, "buildAPIError", e.Body, form, cut)
		}
		// ...and once through each way a body reaches it: an error status,
		// and Dialpad's error envelope in a 200.
		cut := len(form) / 2
		body := bodyCut(cut)
		for _, tc := range []struct {
			name string
			call func(*Client) error
			resp func(w http.ResponseWriter)
		}{
			{"401", func(c *Client) error { _, err := c.Users.Get(context.Background(), 1); return err },
				func(w http.ResponseWriter) { w.WriteHeader(http.StatusUnauthorized); _, _ = io.WriteString(w, body) }},
			{"envelope in a 200", func(c *Client) error {
				_, err := c.Calls.SetVI(context.Background(), 1, &VIRequest{EnableVI: Ptr(true)})
				return err
			}, func(w http.ResponseWriter) {
				replyJSON(w, http.StatusOK, `{"error": {"code": 400, "message": "`+body+`"}}`)
			}},
		} {
			srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) { tc.resp(w) })
			err := tc.call(plumbingClient(t, srv.URL))
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr, tc.name)
			check(t, tc.name, apiErr.Body, form, cut)
		}
	}
}

// newAPIError builds an *APIError from a status and the body of a non-2xx
// answer.
func newAPIError(method, path string, status int, header http.Header, body []byte) *APIError {
	return buildAPIError(method, path, status, header, body, nil)
}

// TestErrorMessages: errors read well: one "dialpad:" prefix, the call named
// once, the attempt count after retries, the cause still wrapped.
func TestErrorMessages(t *testing.T) {
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
