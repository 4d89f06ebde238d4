package roster

import (
	"errors"
	"fmt"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// Person is one employee: the one record every job of this package reads,
// whether it onboards new hires, offboards leavers or keeps the whole
// company in step with the HR system. A roster is a []Person; NewPlan
// turns it into a Plan and Apply carries that out.
//
// Email is the key: a person is the Dialpad user one of whose emails is
// Email, compared with ASCII-only case folding (dialpad.SameEmail). Office
// is required for an active person; the other fields are optional, and an
// empty one is left as it is in Dialpad (an empty JobTitle does not clear
// a job title). CallCenters and Departments follow the SDK's convention
// for lists: nil leaves the memberships of that kind alone, and a non-nil
// empty slice means "in none".
//
// State says what the person's user should be: active (the default),
// suspended or deleted. A suspended or deleted person is offboarded: taken
// off every call-center, department and office operator list, then (when
// deleted, or with PlanOptions.ReleaseNumbers) relieved of their numbers,
// then (when deleted) of their desk phones, and finally suspended or
// deleted. Such a person needs nothing but Email and State.
type Person struct {
	// Email is the person's address (required), unique in the roster.
	Email string `json:"email"`
	// FirstName and LastName are the person's names.
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	// Office is the office the person works in (required unless the
	// person is suspended or deleted): its name, compared without regard
	// to case, or its id in decimal.
	Office string `json:"office,omitempty"`
	// License is the person's license; empty leaves an existing user's
	// license alone, and a new user gets Dialpad's default,
	// dialpad.LicenseTalk.
	License dialpad.License `json:"license,omitempty"`
	// Extension is the person's extension.
	Extension string `json:"extension,omitempty"`
	// JobTitle is the person's job title.
	JobTitle string `json:"job_title,omitempty"`
	// Number, AreaCode and NoNumber are the phone-number wish for a new
	// user, used only when the user is created: a specific E.164 number, a
	// free number in an area code, or none; with none of the three set,
	// Dialpad picks a number. An existing user's numbers are never changed
	// (except released when offboarding).
	Number   string `json:"number,omitempty"`
	AreaCode string `json:"area_code,omitempty"`
	NoNumber bool   `json:"no_number,omitempty"`
	// State is dialpad.UserStateActive (the default when empty),
	// dialpad.UserStateSuspended or dialpad.UserStateDeleted.
	State dialpad.UserState `json:"state,omitempty"`
	// CallCenters are the call centers the person belongs to, each with a
	// role; nil leaves call-center memberships alone.
	CallCenters []Membership `json:"call_centers,omitzero"`
	// Departments are the departments the person belongs to, each with a
	// role; nil leaves department memberships alone.
	Departments []Membership `json:"departments,omitzero"`
	// CallerID, when set, is the caller id the user shows on outbound
	// calls: one of its numbers, an office's or a group's number, or
	// dialpad.CallerIDBlocked.
	CallerID string `json:"caller_id,omitempty"`
	// E911, when set, is the user's emergency address.
	E911 *dialpad.E911Address `json:"e911,omitempty"`
	// CoachingTeam, when set, is a coaching team the user belongs to (its
	// name or id), with CoachingRole (default dialpad.CoachingRoleTrainee).
	CoachingTeam string               `json:"coaching_team,omitempty"`
	CoachingRole dialpad.CoachingRole `json:"coaching_role,omitempty"`
	// DoNotDisturb, when set, turns do-not-disturb on or off.
	DoNotDisturb *bool `json:"do_not_disturb,omitempty"`

	// Line is where the person was read from: the line of the CSV record
	// or of the JSON object; zero for a Person built in code. Errors name
	// it, and the plan keeps it.
	Line int `json:"-"`
}

// leaving reports whether the person is to be offboarded.
func (p *Person) leaving() bool {
	return p.State == dialpad.UserStateSuspended || p.State == dialpad.UserStateDeleted
}

// Membership is a person's place in a call center or department.
type Membership struct {
	// Group is the call center or department: its name, compared without
	// regard to case, or its id in decimal. A name that several groups
	// share is resolved to the one in the person's office, if exactly one
	// is there.
	Group string `json:"group"`
	// Role is dialpad.GroupRoleOperator (the default when empty),
	// dialpad.GroupRoleAdmin or, in call centers only,
	// dialpad.GroupRoleSupervisor. A call center's operator needs a
	// call-center license (dialpad.LicenseAgents or
	// dialpad.LicenseLiteSupportAgents).
	Role dialpad.GroupRole `json:"role,omitempty"`
}

// RowError is a problem with one person of a roster: a field a reader
// could not parse, or one Plan cannot act on (an unknown office, a
// duplicate email, a user outside the scope). Readers and Plan return all
// the problems they find at once, joined with errors.Join.
type RowError struct {
	// Line is the person's line in the input, zero when unknown.
	Line int
	// Index is the person's position in the roster (0-based).
	Index int
	// Email is the person's email as given, when known.
	Email string
	// Field names the field at fault (the CSV column or JSON name), when
	// one is.
	Field string
	// Reason says what is wrong.
	Reason string
}

// Error returns `roster: line 4 (ada@example.com): office: "Nowhere" is
// not an office`.
func (e *RowError) Error() string {
	var b strings.Builder
	b.WriteString("roster: ")
	b.WriteString(where(e.Line, e.Index))
	if e.Email != "" {
		fmt.Fprintf(&b, " (%s)", e.Email)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// where names a person for messages: its line, or its position.
func where(line, index int) string {
	if line > 0 {
		return fmt.Sprintf("line %d", line)
	}
	return fmt.Sprintf("entry %d", index+1)
}

// maxRowErrors caps how many row errors one call reports; the rest are
// counted.
const maxRowErrors = 50

// rowErrors collects row errors up to maxRowErrors.
type rowErrors struct {
	errs  []error
	extra int
}

func (r *rowErrors) add(e *RowError) {
	if len(r.errs) >= maxRowErrors {
		r.extra++
		return
	}
	r.errs = append(r.errs, e)
}

func (r *rowErrors) err() error {
	if len(r.errs) == 0 {
		return nil
	}
	errs := r.errs
	if r.extra > 0 {
		errs = append(errs[:len(errs):len(errs)], fmt.Errorf("roster: and %d more problems", r.extra))
	}
	return joinLines(errs)
}

// joinLines returns the one error, or errors.Join of several (one per
// line).
func joinLines(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// check validates the fields of p that need no Dialpad state, reporting
// every problem to errs. whyNoOffice, when set, ends the reason a missing
// office is reported with: what the caller knows of why it is missing.
func (p *Person) check(index int, errs *rowErrors, whyNoOffice string) {
	bad := func(field, format string, args ...any) {
		errs.add(&RowError{Line: p.Line, Index: index, Email: p.Email, Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	switch {
	case strings.TrimSpace(p.Email) == "":
		bad("email", "is required")
	case !isEmail(p.Email):
		bad("email", "%q is not an email address", p.Email)
	}
	if strings.TrimSpace(p.Office) == "" && !p.leaving() {
		bad("office", "is required%s", whyNoOffice)
	}
	for _, f := range []struct{ name, v string }{
		{"first_name", p.FirstName}, {"last_name", p.LastName}, {"office", p.Office},
		{"extension", p.Extension}, {"job_title", p.JobTitle}, {"coaching_team", p.CoachingTeam},
	} {
		if strings.ContainsAny(f.v, "\r\n") {
			bad(f.name, "must be a single line")
		}
	}
	if p.License != "" && !knownLicense(p.License) {
		bad("license", "unknown license %q (want one of %s)", p.License, joinStrings(licenses))
	}
	p.checkNumber(bad)
	switch p.State {
	case "", dialpad.UserStateActive, dialpad.UserStateSuspended, dialpad.UserStateDeleted:
	default:
		bad("state", "%q is not %q, %q or %q", p.State, dialpad.UserStateActive, dialpad.UserStateSuspended, dialpad.UserStateDeleted)
	}
	if p.CallerID != "" && p.CallerID != dialpad.CallerIDBlocked && dialpad.ValidateE164(p.CallerID) != nil {
		bad("caller_id", "%q is neither an E.164 number nor %q", p.CallerID, dialpad.CallerIDBlocked)
	}
	if p.E911 != nil {
		checkE911(p.E911, bad)
	}
	switch {
	case p.CoachingRole != "" && p.CoachingTeam == "":
		bad("coaching_role", "is set without a coaching_team")
	case p.CoachingRole != "" && p.CoachingRole != dialpad.CoachingRoleCoach && p.CoachingRole != dialpad.CoachingRoleTrainee:
		bad("coaching_role", "%q is neither %q nor %q", p.CoachingRole, dialpad.CoachingRoleCoach, dialpad.CoachingRoleTrainee)
	}
	checkMemberships("call_centers", p.CallCenters, []dialpad.GroupRole{dialpad.GroupRoleOperator, dialpad.GroupRoleSupervisor, dialpad.GroupRoleAdmin}, bad)
	checkMemberships("departments", p.Departments, []dialpad.GroupRole{dialpad.GroupRoleOperator, dialpad.GroupRoleAdmin}, bad)
}

// badField reports a problem with one field of a person.
type badField func(field, format string, args ...any)

// checkNumber checks that p asks for at most one of a number, an area code
// or no number, and that what it asks for is well formed.
func (p *Person) checkNumber(bad badField) {
	switch {
	case p.Number != "" && p.AreaCode != "":
		bad("number", "set either number or area_code, not both")
	case p.NoNumber && (p.Number != "" || p.AreaCode != ""):
		bad("number", "no number contradicts number or area_code")
	case p.Number != "" && dialpad.ValidateE164(p.Number) != nil:
		bad("number", "%q is not an E.164 number (+ and 2 to 15 digits)", p.Number)
	case p.AreaCode != "" && !isDigits(p.AreaCode):
		bad("area_code", "%q is not an area code (digits only)", p.AreaCode)
	}
}

// checkE911 checks that an E911 address has every required part, each on
// a single line.
func checkE911(e *dialpad.E911Address, bad badField) {
	for _, f := range []struct{ name, v string }{
		{"e911_address", e.Address}, {"e911_city", e.City}, {"e911_state", e.State},
		{"e911_zip", e.Zip}, {"e911_country", e.Country},
	} {
		if strings.TrimSpace(f.v) == "" {
			bad(f.name, "is required with an E911 address")
		}
	}
	for _, v := range []string{e.Address, e.Address2, e.City, e.State, e.Zip, e.Country} {
		if strings.ContainsAny(v, "\r\n") {
			bad("e911", "must be single lines")
			break
		}
	}
}

// checkMemberships checks the memberships ms of the column field: each
// names a group, once, with one of roles (or none).
func checkMemberships(field string, ms []Membership, roles []dialpad.GroupRole, bad badField) {
	seen := map[string]bool{}
	for _, m := range ms {
		name := strings.TrimSpace(m.Group)
		if name == "" {
			bad(field, "a membership names no group")
			continue
		}
		if m.Role != "" && !containsRole(roles, m.Role) {
			bad(field, "%s: role %q is not one of %s", name, m.Role, joinStrings(roles))
		}
		if seen[strings.ToLower(name)] {
			bad(field, "%s is listed twice", name)
		}
		seen[strings.ToLower(name)] = true
	}
}

// licenses are the licenses a person may ask for.
var licenses = []dialpad.License{dialpad.LicenseTalk, dialpad.LicenseAgents, dialpad.LicenseLiteSupportAgents,
	dialpad.LicenseAdmins, dialpad.LicenseDPDEAll, dialpad.LicenseDPDEOne, dialpad.LicenseLiteLines, dialpad.LicenseMagentaLines}

func knownLicense(l dialpad.License) bool {
	for _, k := range licenses {
		if k == l {
			return true
		}
	}
	return false
}

// isCallCenterLicense reports whether l lets a user be a call center's
// operator.
func isCallCenterLicense(l dialpad.License) bool {
	return l == dialpad.LicenseAgents || l == dialpad.LicenseLiteSupportAgents
}

func containsRole(roles []dialpad.GroupRole, r dialpad.GroupRole) bool {
	for _, k := range roles {
		if k == r {
			return true
		}
	}
	return false
}

func joinStrings[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// isEmail reports whether v is one bare address on one line, by the SDK's
// own check.
func isEmail(v string) bool { return dialpad.ValidateEmail(v) == nil }

func isDigits(v string) bool { return v != "" && strings.Trim(v, "0123456789") == "" }

// emailKey is the form emails are looked up in: trimmed, with ASCII
// letters lower-cased and nothing else folded, so that two keys are equal
// exactly when dialpad.SameEmail says the addresses are (the Kelvin sign
// is not a k).
func emailKey(e string) string {
	e = strings.TrimSpace(e)
	b := []byte(e)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// domainOf returns the lower-case domain of an email.
func domainOf(e string) string {
	_, d, _ := strings.Cut(emailKey(e), "@")
	return d
}
