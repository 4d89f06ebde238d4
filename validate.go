package dialpad

import (
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"unicode"
)

// The checks below run before a request is built; each failure is a
// *ValidationError naming the field by its JSON name.

// checkRequired fails when v is empty or blank.
func checkRequired(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return invalid(field, "is required")
	}
	return nil
}

// checkNotNil fails when a request struct is missing.
func checkNotNil[T any](field string, v *T) error {
	if v == nil {
		return invalid(field, "is required")
	}
	return nil
}

// lineBreaks are the characters a single-line field must not contain.
const lineBreaks = "\r\n\v\f\u0085\u2028\u2029"

// checkSingleLine fails when v contains a line break.
func checkSingleLine(field, v string) error {
	if strings.ContainsAny(v, lineBreaks) {
		return invalid(field, "must be a single line")
	}
	return nil
}

// checkSingleLinePtr is checkSingleLine for an optional field.
func checkSingleLinePtr(field string, v *string) error {
	if v == nil {
		return nil
	}
	return checkSingleLine(field, *v)
}

// isE164 reports whether v is "+" followed by 2 to 15 digits, the first not 0.
func isE164(v string) bool {
	if len(v) < 3 || len(v) > 16 || v[0] != '+' || v[1] == '0' {
		return false
	}
	for i := 1; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// checkE164 fails unless v is an E.164 number such as +14155551001.
func checkE164(field, v string) error {
	if !isE164(v) {
		return invalid(field, "%q is not an E.164 number (+ and 2 to 15 digits)", v)
	}
	return nil
}

// ValidateE164 checks a phone number the way every request of the SDK
// checks its number fields before sending: "+" followed by 2 to 15 digits,
// the first not 0, with no spaces or punctuation ("+14155551001"). A bad
// number is a *ValidationError for the field "number".
func ValidateE164(s string) error {
	return checkE164("number", s)
}

// checkE164s checks every number of a list, naming the bad one by index.
func checkE164s(field string, vs []string) error {
	for i, v := range vs {
		if err := checkE164(fmt.Sprintf("%s[%d]", field, i), v); err != nil {
			return err
		}
	}
	return nil
}

// CallerIDBlocked is the caller id that hides the caller's number.
const CallerIDBlocked = "blocked"

// checkCallerID accepts an E.164 number or "blocked".
func checkCallerID(field, v string) error {
	if v == CallerIDBlocked {
		return nil
	}
	if !isE164(v) {
		return invalid(field, "%q is neither an E.164 number nor %q", v, CallerIDBlocked)
	}
	return nil
}

// checkEmail accepts one bare address (no display name) on one line: no
// line break (\n, U+0085, U+2028, U+2029...), control character or
// invisible format character (bidirectional overrides such as U+202E,
// zero-width spaces), which net/mail lets through in an address's local
// part and domain. Every email field of the SDK goes through it.
func checkEmail(field, v string) error {
	if err := checkRequired(field, v); err != nil {
		return err
	}
	if strings.ContainsFunc(v, isBreakOrControl) {
		return invalid(field, "%q holds a line break or a control character", v)
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v {
		return invalid(field, "%q is not an email address", v)
	}
	if len(v) > maxEmailLen {
		return invalid(field, "is %d bytes long (at most %d)", len(v), maxEmailLen)
	}
	if at := strings.LastIndexByte(v, '@'); at > maxLocalPartLen {
		return invalid(field, "has a local part of %d bytes (at most %d)", at, maxLocalPartLen)
	}
	return nil
}

// The length limits of an address (RFC 5321, section 4.5.3.1, as narrowed
// by its erratum 1690): a path holds at most 254 bytes of address, and the
// part before the "@" at most 64.
const (
	maxEmailLen     = 254
	maxLocalPartLen = 64
)

// SameEmail reports whether a and b are the same address, ignoring the case
// of ASCII letters only. strings.EqualFold is not safe for this: it folds
// the Kelvin sign (U+212A) to "k" and the long s (U+017F) to "s", so a
// lookalike address would match a real one. Every email comparison of the
// SDK, dialpadtest, lifecycle and roster goes through it.
func SameEmail(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// ValidateEmail checks an email address the way every request of the SDK
// checks its email fields before sending (Users.Create, Users.Update,
// Users.GetByEmail, the Contacts writes): one bare address such as
// "ada@example.com", without a display name, angle brackets, line breaks
// (including U+0085, U+2028 and U+2029) or control and format characters.
// A bad address is a *ValidationError for the field "email".
func ValidateEmail(s string) error {
	return checkEmail("email", s)
}

// isBreakOrControl reports whether r is a line or paragraph separator, a
// control character (C0, DEL, C1 with NEL) or a format character (bidi
// controls, zero-width characters, BOM): characters that have no place in
// a single-line value.
func isBreakOrControl(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// checkEmails checks every address of a list.
func checkEmails(field string, vs []string) error {
	for i, v := range vs {
		if err := checkEmail(fmt.Sprintf("%s[%d]", field, i), v); err != nil {
			return err
		}
	}
	return nil
}

// checkEnum accepts the empty value (an optional field left out) or one of
// known.
func checkEnum[E ~string](field string, v E, known []E) error {
	if v == "" || slices.Contains(known, v) {
		return nil
	}
	return invalid(field, "unknown value %q (want one of %v)", v, known)
}

// checkEnumPtr is checkEnum for an optional pointer field.
func checkEnumPtr[E ~string](field string, v *E, known []E) error {
	if v == nil {
		return nil
	}
	if *v == "" {
		return invalid(field, "must not be empty when set")
	}
	return checkEnum(field, *v, known)
}

// checkID fails unless an id is above zero.
func checkID(field string, v ID) error {
	if v <= 0 {
		return invalid(field, "must be a positive id, got %d", int64(v))
	}
	return nil
}

// checkWebURL accepts an absolute http or https URL with a host, on one
// line, that carries no user:password (Dialpad rejects those, and they
// would leak secrets into a user's screen). Other schemes (javascript:,
// data:, file:, custom ones) could run code or open files in the app that
// receives the URL.
func checkWebURL(field, v string) error {
	if err := checkRequired(field, v); err != nil {
		return err
	}
	if err := checkSingleLine(field, v); err != nil {
		return err
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || (u.Host == "" && u.Opaque == "") {
		return invalid(field, "is not an absolute URI")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return invalid(field, "scheme %q is not http or https", u.Scheme)
	}
	if u.Host == "" {
		return invalid(field, "has no host")
	}
	if u.User != nil {
		return invalid(field, "must not carry user:password credentials")
	}
	return nil
}

// firstErr returns the first non-nil error, so that a request's checks read
// as one list.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
