package dialpad

// Key redaction. The API key lives only in the closure newRedactor
// returns (and in the transport's, which sets the Authorization header).
// Whatever the SDK hands back that a server chose (error bodies, messages,
// redirect locations, errors from net/http and the decoder) goes through
// the redactor first; scrub applies it to whole error chains.

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// redactBody redacts the key from an error body, then caps it at
// maxErrorBody bytes. A body longer than errorBodyRead was cut by the read,
// perhaps through a key: the last errorBodySlack bytes of what was read
// are dropped before the cap, so that no part of such a key is kept.
func redactBody(body []byte, redact func(string) string) []byte {
	more := len(body) > errorBodyRead
	text := redact(string(body[:min(len(body), errorBodyRead)]))
	if more {
		text = text[:max(len(text)-errorBodySlack, 0)]
	}
	if len(text) > maxErrorBody {
		text = text[:maxErrorBody]
	}
	if text == string(body) {
		return body
	}
	return []byte(text)
}

// redacted replaces the API key wherever it is found.
const redacted = "[REDACTED]"

// newRedactor returns a function that replaces key in a string with
// [REDACTED], in the forms a server may echo it in: as is; with any of its
// characters JSON-escaped (\/, \u00e9, \u00E9, a surrogate pair), written as
// an HTML character reference (&lt;, &#60;, &#x3C;) or percent-encoded
// (%2F, %C3%A9), in any mix; encoded whole as base64 (standard or URL
// alphabet, at any alignment, so also inside "Bearer <key>" encoded) or hex;
// and, for encodings the pattern does not spell out (other named HTML
// entities, double escaping), in the text decoded from such forms, which
// then replaces the original.
//
// The key lives only in the returned closure, never in a struct field.
func newRedactor(key string) func(string) string {
	pattern := sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(keyPattern(key) + "|" + encodedKeyPattern(key))
	})
	return func(s string) string {
		if s == "" {
			return s
		}
		re := pattern() // compiled on first use (a call's path), not by NewClient
		if re.MatchString(s) {
			s = re.ReplaceAllLiteralString(s, redacted)
		}
		// Decode what the pattern does not cover, a layer at a time.
		for range 3 {
			changed := false
			for _, decode := range []func(string) string{html.UnescapeString, unescapeJSON, unescapePercent} {
				if d := decode(s); d != s && re.MatchString(d) {
					s = re.ReplaceAllLiteralString(d, redacted)
					changed = true
				}
			}
			if !changed {
				break
			}
		}
		return s
	}
}

// keyPattern is a regular expression matching key with each of its runes
// in any of the forms newRedactor lists.
func keyPattern(key string) string {
	var b strings.Builder
	for _, r := range key {
		b.WriteString("(?:")
		b.WriteString(regexp.QuoteMeta(string(r)))
		if r > 0xFFFF {
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(&b, `|\\u(?i:%04x)\\u(?i:%04x)`, r1, r2)
		} else {
			fmt.Fprintf(&b, `|\\u(?i:%04x)`, r)
		}
		switch r {
		case '/', '"', '\\':
			b.WriteString(`|\\` + regexp.QuoteMeta(string(r)))
		}
		fmt.Fprintf(&b, `|&#0*%d;?|&#[xX]0*(?i:%x);?`, r, r)
		if name, ok := htmlEntities[r]; ok {
			fmt.Fprintf(&b, `|&%s;`, name)
		}
		b.WriteByte('|')
		for _, c := range []byte(string(r)) {
			fmt.Fprintf(&b, `%%(?i:%02x)`, c)
		}
		b.WriteByte(')')
	}
	return b.String()
}

// encodedKeyPattern matches key encoded whole: in hex, in either case, and
// in base64 with either alphabet. Base64 writes 3 bytes as 4 characters,
// so the characters that stand for key depend on where it starts modulo 3
// in the encoded bytes; for each start, the pattern holds the characters
// that depend on key alone (all but at most one at each end).
func encodedKeyPattern(key string) string {
	alts := []string{"(?i:" + hex.EncodeToString([]byte(key)) + ")"}
	for off := range 3 {
		padded := append(make([]byte, off), key...)
		from, to := (8*off+5)/6, 8*len(padded)/6
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			if s := enc.EncodeToString(padded); to > from {
				alts = append(alts, regexp.QuoteMeta(s[from:to]))
			}
		}
	}
	return strings.Join(alts, "|")
}

// htmlEntities are the named character references html.EscapeString and
// most templates write.
var htmlEntities = map[rune]string{'<': "lt", '>': "gt", '&': "amp", '"': "quot", '\'': "apos"}

// unescapeJSON decodes the backslash escapes of a JSON string's content
// (\", \\, \/, \b, \f, \n, \r, \t, \uXXXX); anything else is kept as is.
func unescapeJSON(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch c := s[i+1]; c {
		case '"', '\\', '/':
			b.WriteByte(c)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, n := jsonRune(s[i:])
			if n == 0 {
				b.WriteByte('\\')
				continue
			}
			b.WriteRune(r)
			i += n - 2
		default:
			b.WriteByte('\\')
			continue
		}
		i++
	}
	return b.String()
}

// jsonRune decodes the \uXXXX escape (or surrogate pair of them) s starts
// with, and its length in bytes; 0 when s does not start with one.
func jsonRune(s string) (rune, int) {
	hex4 := func(s string) (rune, bool) {
		if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(s[2:6], 16, 16)
		return rune(v), err == nil
	}
	r, ok := hex4(s)
	if !ok {
		return 0, 0
	}
	if utf16.IsSurrogate(r) {
		if r2, ok := hex4(s[6:]); ok {
			if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
				return d, 12
			}
		}
	}
	return r, 6
}

// unescapePercent decodes %XX escapes, leaving s as it is if one is bad.
func unescapePercent(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

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
