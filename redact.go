package dialpad

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"slices"
)

// scrub returns err unchanged when no error in its chain holds the API key
// in any form redact knows; otherwise a copy of the chain in which every
// error that does is replaced by its redacted text. Error trackers walk the
// chain (errors.Unwrap, errors.As), so redacting the top error's message is
// not enough: net/http quotes a malformed status line, header line or
// Content-Length verbatim, and a decoder quotes the value it rejected.
//
// The copy keeps what callers test for: a *url.Error stays a *url.Error,
// an error that matched one of the standard sentinels (the context's
// errors, io.EOF, io.ErrUnexpectedEOF, os.ErrDeadlineExceeded,
// net.ErrClosed) still matches it, a net.Error keeps its Timeout, and the
// errors beneath that hold no key are kept as they are.
func scrub(err error, redact func(string) string) error {
	if err == nil || !leaks(err, redact) {
		return err
	}
	if ue, ok := err.(*url.Error); ok {
		return &url.Error{Op: ue.Op, URL: redact(ue.URL), Err: scrub(ue.Err, redact)}
	}
	r := &redactedError{msg: redact(err.Error())}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		if inner := u.Unwrap(); inner != nil {
			r.inner = []error{scrub(inner, redact)}
		}
	case interface{ Unwrap() []error }:
		for _, inner := range u.Unwrap() {
			r.inner = append(r.inner, scrub(inner, redact))
		}
	}
	for _, s := range keptSentinels {
		if errors.Is(err, s) {
			r.is = append(r.is, s)
		}
	}
	if ne, ok := err.(net.Error); ok {
		return &redactedNetError{redactedError: r, timeout: ne.Timeout()}
	}
	return r
}

// keptSentinels are the standard errors a scrubbed error still matches when
// the original did.
var keptSentinels = []error{
	context.Canceled, context.DeadlineExceeded, io.EOF, io.ErrUnexpectedEOF,
	os.ErrDeadlineExceeded, net.ErrClosed,
}

// leaks reports whether err, or any error beneath it, prints the key.
func leaks(err error, redact func(string) string) bool {
	if err == nil {
		return false
	}
	for _, s := range []string{err.Error(), fmt.Sprintf("%#v", err)} {
		if redact(s) != s {
			return true
		}
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return leaks(u.Unwrap(), redact)
	case interface{ Unwrap() []error }:
		return slices.ContainsFunc(u.Unwrap(), func(e error) bool { return leaks(e, redact) })
	}
	return false
}

// redactedError stands in for an error whose text held the key: its text
// redacted, the errors beneath it scrubbed, and the sentinels it matched.
type redactedError struct {
	msg   string
	inner []error
	is    []error
}

func (e *redactedError) Error() string   { return e.msg }
func (e *redactedError) Unwrap() []error { return e.inner }

func (e *redactedError) Is(target error) bool { return slices.Contains(e.is, target) }

// redactedNetError is a redactedError standing in for a net.Error.
type redactedNetError struct {
	*redactedError
	timeout bool
}

// Timeout reports whether the original error was a timeout.
func (e *redactedNetError) Timeout() bool { return e.timeout }

// Temporary reports the same as Timeout, as net.Error's deprecated method
// has come to mean.
func (e *redactedNetError) Temporary() bool { return e.timeout }
