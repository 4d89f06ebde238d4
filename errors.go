package dialpad

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
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
	// ErrInvalidResponse is returned when a 2xx answer cannot be the result
	// the operation documents: a body that is not its JSON (malformed, or
	// of the wrong types; the wrapped cause is encoding/json's error); a
	// 204, an empty body or null where the operation documents an object;
	// {} where that object must carry an id, a number, an address or a
	// device; a resource whose id is below 1; a list item without an id.
	// It is never retried.
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
// It carries the parsed error envelope and, capped, the raw body. Every
// string in it has the API key replaced by [REDACTED], in whatever encoding
// the server echoed it (JSON or HTML escapes, percent-encoding).
type APIError struct {
	// Method and Path identify the request (the path has no query string).
	Method string
	Path   string
	// StatusCode is the HTTP status of the last attempt.
	StatusCode int
	// Message is the envelope's "message", or a one-line excerpt of a
	// non-JSON body, without control characters.
	Message string
	// Reason is the first entry's "reason" in the envelope's "errors" list
	// (for example "badRequest" or "notFound").
	Reason string
	// Details lists every entry of the envelope's "errors" list.
	Details []ErrorDetail
	// Body is the response body, at most 64 KiB of it, with the API key
	// redacted wherever the server echoed it.
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
	// Domain is the part of Dialpad the error comes from, often "global".
	Domain string `json:"domain"`
	// Reason is a short machine-readable code, such as "badRequest" or
	// "notFound".
	Reason string `json:"reason"`
	// Message is the human-readable explanation, as Dialpad wrote it.
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
	if m := oneLine(e.Message, maxErrorMessage); m != "" {
		b.WriteString(": ")
		b.WriteString(m)
	}
	if r := oneLine(e.Reason, maxErrorMessage); r != "" {
		fmt.Fprintf(&b, " (%s)", r)
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

	// errorBodySlack is read beyond maxErrorBody, so that a key straddling
	// the cap is redacted whole before the body is cut; and dropped from
	// the end of what was read when the body went on, so that a key cut by
	// the read is never kept in part. It exceeds the longest form of a
	// key of up to 1,000 bytes (10 bytes a character: &#x0000XX;).
	errorBodySlack = 16 << 10
	errorBodyRead  = maxErrorBody + errorBodySlack // bytes of an error body read
)

// buildAPIError builds an *APIError from a status and the body of a
// non-2xx answer, with the API key redacted (when redact is not nil) from
// the body and from every string decoded from it. body is
// what was read of the answer, at most errorBodyRead bytes, or one more
// when the body went on. Text is cleaned, then redacted, then cut: cutting
// first could leave part of a key.
func buildAPIError(method, path string, status int, header http.Header, body []byte, redact func(string) string) *APIError {
	if redact == nil {
		redact = func(s string) string { return s }
	}
	body = redactBody(body, redact)
	// A path argument is the caller's text and could hold the key (a
	// contact id pasted from the wrong variable): it is redacted like
	// anything the server echoes, here where an error shows it rather than
	// on every call (the pattern costs microseconds a match).
	e := &APIError{Method: method, Path: redact(path), StatusCode: status, Body: body}
	if header != nil {
		e.RetryAfter, _ = parseRetryAfter(header.Get("Retry-After"), time.Now())
	}
	line := func(s string) string { return cut(redact(clean(s)), maxErrorMessage) }
	var env struct {
		Error *struct {
			Message string        `json:"message"`
			Errors  []ErrorDetail `json:"errors"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &env) == nil && env.Error != nil {
		e.Message = line(env.Error.Message)
		e.Details = env.Error.Errors
		for i := range e.Details {
			d := &e.Details[i]
			d.Domain, d.Reason, d.Message = redact(d.Domain), redact(d.Reason), redact(d.Message)
		}
		if len(e.Details) > 0 {
			e.Reason = line(e.Details[0].Reason)
			if e.Message == "" {
				e.Message = line(e.Details[0].Message)
			}
		}
		return e
	}
	e.Message = cut(redact(excerptText(body)), maxErrorMessage)
	return e
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
	b.WriteString(redact(ci.path)) // a path argument is the caller's text: it could hold the key
	b.WriteString(": ")
	b.WriteString(redact(clean(bare(text))))
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
	return e.last.Error() + "; gave up: " + clean(bare(e.cause))
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
