package lifecycle

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// Errors a Report's failed steps may wrap, besides the SDK's own.
var (
	// ErrUnknownOffice: the office named by an OnboardRequest is not among
	// the company's active offices (StepResolveOffice, which names the
	// close matches), or Dialpad answered the create that it does not
	// exist.
	ErrUnknownOffice = errors.New("lifecycle: office does not exist")
	// ErrUnknownGroup: no call center or department has the name an
	// OnboardRequest gives (StepResolveGroups, which names the close
	// matches).
	ErrUnknownGroup = errors.New("lifecycle: call center or department does not exist")
	// ErrAmbiguousName: more than one office, or more than one call center
	// or department, has the name an OnboardRequest gives.
	ErrAmbiguousName = errors.New("lifecycle: name is not unique")
	// ErrNotEnoughSeats: an onboarding run needs more seats of a license in
	// an office than are free; see SeatError.
	ErrNotEnoughSeats = errors.New("lifecycle: not enough free seats")
	// ErrUserExists: a user with the email exists but cannot be adopted by
	// Onboard (it is suspended, or in another office).
	ErrUserExists = errors.New("lifecycle: user already exists")
	// ErrAmbiguousUser: more than one live user has the email.
	ErrAmbiguousUser = errors.New("lifecycle: more than one user matches")
	// ErrDuplicate: a bulk run was given the same employee twice; the later
	// row is not run.
	ErrDuplicate = errors.New("lifecycle: duplicate employee in batch")

	// errNilClient fails a run given no client, rather than panicking.
	errNilClient = errors.New("lifecycle: nil *dialpad.Client")
)

// marked is an SDK error that also matches one of the sentinels above. It
// reads as the SDK's error alone: that already says what went wrong
// ("office 999 does not exist"), and saying it twice helps nobody.
type marked struct{ sentinel, err error }

func mark(sentinel, err error) error { return &marked{sentinel, err} }

func (m *marked) Error() string   { return m.err.Error() }
func (m *marked) Unwrap() []error { return []error{m.sentinel, m.err} }

// invalid returns the SDK's *ValidationError, so that callers test bad
// input the same way whichever layer caught it.
func invalid(field, format string, args ...any) error {
	return &dialpad.ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// oneLine reports whether v holds no line break or other control
// character: no CR, LF, tab, NEL (U+0085), line or paragraph separator
// (U+2028, U+2029), nor anything else unicode calls a control.
func oneLine(v string) bool {
	return !strings.ContainsFunc(v, func(r rune) bool {
		return unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
	})
}

func isDigits(v string) bool {
	return v != "" && strings.Trim(v, "0123456789") == ""
}

// isE164 reports whether v is "+" and 2 to 15 digits, the first not 0.
func isE164(v string) bool {
	return len(v) >= 3 && len(v) <= 16 && v[0] == '+' && v[1] != '0' && isDigits(v[1:])
}
