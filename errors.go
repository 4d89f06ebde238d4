package dialpad

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinel errors. An *APIError matches the sentinel for its status code
// through errors.Is, however deeply it is wrapped:
//
//	if errors.Is(err, dialpad.ErrNotFound) { ... }
var (
	// ErrMissingAPIKey is returned by NewClient and NewClientFromEnv when no
	// API key was given.
	ErrMissingAPIKey = errors.New("dialpad: missing API key")
	// ErrBadRequest matches an *APIError with status 400.
	ErrBadRequest = errors.New("dialpad: bad request")
	// ErrUnauthorized matches an *APIError with status 401: the key is wrong,
	// revoked, or lacks a scope.
	ErrUnauthorized = errors.New("dialpad: unauthorized")
	// ErrForbidden matches an *APIError with status 403.
	ErrForbidden = errors.New("dialpad: forbidden")
	// ErrNotFound matches an *APIError with status 404, and is returned by
	// Users.GetByEmail when no user has the address.
	ErrNotFound = errors.New("dialpad: not found")
	// ErrRateLimited matches an *APIError with status 429, which the client
	// only returns once every retry was answered 429 too, or at once when
	// the server asks for a wait longer than two minutes (see
	// APIError.RetryAfter).
	ErrRateLimited = errors.New("dialpad: rate limited")
	// ErrResponseTooLarge is returned when a response body exceeds the
	// client's size cap (10 MiB); the body is not read any further.
	ErrResponseTooLarge = errors.New("dialpad: response body too large")
	// ErrInvalidResponse is returned when a 2xx body is not the JSON the
	// operation documents (malformed, or of the wrong types). The wrapped
	// cause is encoding/json's error.
	ErrInvalidResponse = errors.New("dialpad: invalid response body")
)

// sentinelFor maps an HTTP status to the sentinel an *APIError matches.
func sentinelFor(status int) error {
	switch status {
	case http.StatusBadRequest:
		return ErrBadRequest
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrForbidden
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusTooManyRequests:
		return ErrRateLimited
	}
	return nil
}

// APIError is returned for every answer from Dialpad with a non-2xx status.
// It carries the parsed error envelope and, capped, the raw body.
type APIError struct {
	// Method and Path identify the request (the path has no query string).
	Method string
	Path   string
	// StatusCode is the HTTP status of the last attempt.
	StatusCode int
	// Message is the envelope's "message", or a one-line excerpt of a
	// non-JSON body.
	Message string
	// Reason is the first entry's "reason" in the envelope's "errors" list
	// (for example "badRequest" or "notFound").
	Reason string
	// Details lists every entry of the envelope's "errors" list.
	Details []ErrorDetail
	// Body is the raw response body, capped at 64 KiB.
	Body []byte
	// RetryAfter is the server's Retry-After hint, zero when absent. A hint
	// too large for a time.Duration is the largest one.
	RetryAfter time.Duration
	// Attempts is how many times the request was sent, retries included
	// (1 when it was not retried).
	Attempts int
}

// ErrorDetail is one entry of the "errors" list in Dialpad's error envelope.
type ErrorDetail struct {
	Domain  string `json:"domain"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// Error returns one line: method, path, status, message and reason, and the
// number of attempts when the request was retried:
//
//	dialpad: GET /api/v2/users/42: 404 Not Found: User not found. (notFound)
//	dialpad: GET /api/v2/users/42: 503 Service Unavailable (after 5 attempts)
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("dialpad: ")
	if e.Method != "" {
		b.WriteString(e.Method)
		b.WriteByte(' ')
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Reason != "" {
		fmt.Fprintf(&b, " (%s)", e.Reason)
	}
	writeAttempts(&b, e.Attempts)
	return b.String()
}

// writeAttempts appends " (after n attempts)" when there was more than one.
func writeAttempts(b *strings.Builder, n int) {
	if n > 1 {
		fmt.Fprintf(b, " (after %d attempts)", n)
	}
}

// Is reports whether target is the sentinel for e's status code, so that
// errors.Is(err, ErrNotFound) works through any wrapping.
func (e *APIError) Is(target error) bool {
	s := sentinelFor(e.StatusCode)
	return s != nil && target == s
}

// Temporary reports whether the same request may succeed later: rate
// limiting and server-side faults.
func (e *APIError) Temporary() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}

const (
	maxErrorBody    = 64 << 10 // bytes of an error body kept in APIError.Body
	maxErrorMessage = 200      // characters of a non-JSON body kept in Message
)

// newAPIError builds an *APIError from a status and the (already capped)
// body of a non-2xx answer.
func newAPIError(method, path string, status int, header http.Header, body []byte) *APIError {
	e := &APIError{Method: method, Path: path, StatusCode: status, Body: body}
	if header != nil {
		e.RetryAfter, _ = parseRetryAfter(header.Get("Retry-After"), time.Now())
	}
	var env struct {
		Error *struct {
			Message string        `json:"message"`
			Errors  []ErrorDetail `json:"errors"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &env) == nil && env.Error != nil {
		e.Message = oneLine(env.Error.Message, maxErrorMessage)
		e.Details = env.Error.Errors
		if len(e.Details) > 0 {
			e.Reason = oneLine(e.Details[0].Reason, maxErrorMessage)
			if e.Message == "" {
				e.Message = oneLine(e.Details[0].Message, maxErrorMessage)
			}
		}
		return e
	}
	e.Message = excerpt(body)
	return e
}

// excerpt turns a non-JSON error body (an HTML error page, plain text) into a
// short single line. For HTML that is the page's <title> when it has one,
// otherwise its text without tags, scripts and styles; whitespace is folded
// and the length capped.
func excerpt(body []byte) string {
	if len(body) > 4096 {
		body = body[:4096]
	}
	if !bytes.Contains(body, []byte("<")) {
		return oneLine(string(body), maxErrorMessage)
	}
	lower := asciiLower(body)
	if i := bytes.Index(lower, []byte("<title")); i >= 0 {
		if j := bytes.IndexByte(lower[i:], '>'); j >= 0 {
			start := i + j + 1
			end := bytes.Index(lower[start:], []byte("</title"))
			if end > 0 {
				if t := oneLine(html.UnescapeString(string(body[start:start+end])), maxErrorMessage); t != "" {
					return t
				}
			}
		}
	}
	var out []byte
	for i := 0; i < len(body); {
		c := body[i]
		if c != '<' {
			out = append(out, c)
			i++
			continue
		}
		// Skip the tag, and a script's or a style's whole content.
		for _, skip := range []string{"script", "style"} {
			if bytes.HasPrefix(lower[i+1:], []byte(skip)) {
				if k := bytes.Index(lower[i:], []byte("</"+skip)); k >= 0 {
					i += k + 1
				}
				break
			}
		}
		k := bytes.IndexByte(body[i:], '>')
		if k < 0 {
			break
		}
		i += k + 1
		out = append(out, ' ')
	}
	return oneLine(html.UnescapeString(string(out)), maxErrorMessage)
}

// asciiLower lower-cases the ASCII letters of b into a new slice of the same
// length, so that offsets found in it hold in b (bytes.ToLower may change
// lengths: "İ" grows, invalid UTF-8 becomes U+FFFD).
func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// oneLine folds all whitespace runs into single spaces, drops invalid UTF-8
// and cuts s to at most max runes.
func oneLine(s string, max int) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return s
}

// bare returns err's message without the "dialpad: " it starts with, for
// an error quoted inside another of the package's errors: a message carries
// the prefix once.
func bare(err error) string {
	return strings.TrimPrefix(err.Error(), "dialpad: ")
}

// callError is a call that failed without an answer to report as an
// *APIError: the connection broke, the limiter refused, a redirect was
// refused, or a 2xx body was not the documented result. Its message names
// the call once and is built (cleaned, the key redacted) when the error is
// made; it unwraps to the cause, so errors.Is and errors.As see through it.
//
//	dialpad: GET /api/v2/users/42: read: connection reset by peer (after 3 attempts)
type callError struct {
	msg string
	err error
}

func (e *callError) Error() string { return e.msg }
func (e *callError) Unwrap() error { return e.err }

// newCallError wraps cause, a failure of the call ci after the given number
// of attempts. A *url.Error from net/http is quoted by its cause alone:
// its text repeats the method and the whole URL.
func newCallError(ci *call, attempts int, cause error, redact func(string) string) error {
	text := cause
	var ue *url.Error
	if errors.As(cause, &ue) && ue.Err != nil {
		text = ue.Err
		ue.URL = redact(ue.URL) // a redirect's Location, which the server chose
	}
	var b strings.Builder
	b.WriteString("dialpad: ")
	b.WriteString(ci.method)
	b.WriteByte(' ')
	b.WriteString(ci.path)
	b.WriteString(": ")
	b.WriteString(redact(bare(text)))
	writeAttempts(&b, attempts)
	return &callError{msg: b.String(), err: cause}
}

// gaveUpError is returned when the context ends a call between attempts
// (in the backoff wait, or in the next attempt's limiter wait), or when the
// next attempt would come after the context's deadline. It wraps both the
// last attempt's failure (an *APIError for an answer) and the context's
// error, so both errors.As(err, &apiErr) and errors.Is(err,
// context.DeadlineExceeded) hold.
type gaveUpError struct {
	last  error // the last attempt's failure, naming the call
	cause error // matches the context's error
}

func (e *gaveUpError) Error() string {
	return e.last.Error() + "; gave up: " + bare(e.cause)
}

func (e *gaveUpError) Unwrap() []error { return []error{e.last, e.cause} }

// deadlineError refuses a wait that would end after the context's deadline.
// It matches context.DeadlineExceeded, though the deadline has not passed:
// the call is given up at once instead of when it does.
type deadlineError struct {
	what string        // "the next request slot", "the next attempt"
	wait time.Duration // how far away it is
}

func (e *deadlineError) Error() string {
	return fmt.Sprintf("dialpad: %s is %v away, after the context's deadline", e.what, e.wait.Round(time.Millisecond))
}

func (e *deadlineError) Is(target error) bool { return target == context.DeadlineExceeded }

// Timeout reports true, like context.DeadlineExceeded.
func (e *deadlineError) Timeout() bool { return true }

// ValidationError reports bad input caught before anything was sent.
type ValidationError struct {
	// Field names the offending field with its JSON name ("phone_numbers[1]",
	// "id" for a path argument).
	Field string
	// Reason says what is wrong with it.
	Reason string
}

// Error returns "dialpad: invalid <field>: <reason>".
func (e *ValidationError) Error() string {
	return "dialpad: invalid " + e.Field + ": " + e.Reason
}

// invalid is shorthand for returning a *ValidationError.
func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
