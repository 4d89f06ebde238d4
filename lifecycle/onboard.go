package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// Errors a Report's failed steps may wrap, besides the SDK's own.
var (
	// ErrUnknownOffice: the office does not exist, as told by an
	// OfficeCheck or by Dialpad's answer to the create (see OnboardRequest).
	ErrUnknownOffice = errors.New("lifecycle: office does not exist")
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

// cleanupTimeout bounds the rollback and the final check of a failed
// onboarding, which run even when the caller's context is done.
const cleanupTimeout = time.Minute

// OfficeCheck reports whether an office exists before Onboard creates a
// user in it: nil if it does, an error wrapping ErrUnknownOffice if it does
// not, any other error if it cannot tell (which fails the onboarding too).
// The SDK has no offices endpoint; build one from a list you keep (see
// KnownOffices) or from another system.
type OfficeCheck func(ctx context.Context, officeID dialpad.ID) error

// KnownOffices returns an OfficeCheck that accepts exactly the given office
// ids.
func KnownOffices(ids ...dialpad.ID) OfficeCheck {
	known := slices.Clone(ids)
	return func(_ context.Context, officeID dialpad.ID) error {
		if slices.Contains(known, officeID) {
			return nil
		}
		return fmt.Errorf("%w: office %d is not one of the %d known offices", ErrUnknownOffice, officeID, len(known))
	}
}

// OnboardRequest describes one employee to onboard, and how.
//
// How the office is checked: without an OfficeCheck, Onboard lets the
// create tell. Dialpad answers a create in an unknown office with a 404 or
// a 400 about the office; Onboard reports that as a failed
// StepCreateUser whose error wraps both ErrUnknownOffice and the SDK's
// error. Nothing exists then, so there is nothing to roll back. With an
// OfficeCheck, the check runs first (StepCheckOffice) and a failure stops
// before anything is sent to Dialpad.
type OnboardRequest struct {
	// Email is the user's address (required). It is how a later run finds
	// the user again.
	Email     string
	FirstName string
	LastName  string
	// OfficeID is the office the user joins (required). The user takes
	// one of its license seats as soon as it is created.
	OfficeID dialpad.ID
	// License is the seat type; empty means Dialpad's default (talk).
	License dialpad.License

	// The number: a specific E.164 Number, or any free number in AreaCode,
	// or, when both are empty, one Dialpad picks (asked for with the
	// create's auto_assign; if that gives none, with a separate assign).
	// NoNumber skips the step. A user adopted from an earlier run that
	// already has a number keeps it, unless Number names another one.
	Number   string
	AreaCode string
	NoNumber bool

	// CallerID, when set, becomes the user's outbound caller id: one of
	// the user's numbers, an office or group number, or
	// dialpad.CallerIDBlocked.
	CallerID string
	// E911, when set, is the user's emergency address.
	E911 *dialpad.UpdateE911Request
	// CoachingTeamID, when set, is a coaching team the user joins with
	// CoachingRole (default dialpad.CoachingRoleTrainee).
	CoachingTeamID dialpad.ID
	CoachingRole   dialpad.CoachingRole
	// DoNotDisturb, when set, turns do-not-disturb on or off.
	DoNotDisturb *bool

	// Rollback undoes the onboarding when a step after the create fails:
	// it unassigns the user's numbers and then deletes the user, freeing
	// its seat. A user adopted from an earlier run is never deleted; only
	// the numbers this run assigned are taken back. The rollback runs even
	// if ctx is done (bounded by its own one-minute limit). Without
	// Rollback the user is left as it is and Report.Exists says what it
	// has; running Onboard again finishes the job.
	Rollback bool
	// OfficeCheck, when set, runs before anything is sent.
	OfficeCheck OfficeCheck

	// Line is the CSV line the request was read from (zero otherwise); it
	// is copied into the Report.
	Line int
	// RowErr is set by ReadOnboardCSV for a row it could not parse.
	// Onboard fails such a request in StepValidate without sending
	// anything.
	RowErr error
}

// Onboard creates a user and sets it up as req asks, step by step:
// StepValidate, StepCheckOffice, StepFindUser, StepCreateUser,
// StepAssignNumber, StepSetCallerID, StepSetE911, StepJoinCoachingTeam,
// StepSetDoNotDisturb. It stops at the first failed step; the steps after
// it are StatusNotRun, and Report.Exists says what the user has now (after
// a rollback if req.Rollback).
//
// Onboard is safe to run again for the same employee. StepFindUser looks
// for a live user with the email: one that is active or pending in the
// same office (typically left by an earlier, half-finished run) is adopted
// and only its missing steps run; one that is suspended or in another
// office fails with ErrUserExists. A deleted user does not count.
//
// The report is never nil; the error is Report.Err().
func Onboard(ctx context.Context, c *dialpad.Client, req OnboardRequest) (*Report, error) {
	o := &onboarding{c: c, req: req, r: &Report{Op: OpOnboard, Who: req.Email, Line: req.Line}}
	o.run(ctx)
	return o.r, o.r.Err()
}

// onboarding is the state of one Onboard run.
type onboarding struct {
	c   *dialpad.Client
	req OnboardRequest
	r   *Report

	user     *dialpad.User // the created or adopted user, as last seen
	created  bool          // this run created user
	adopted  bool          // user existed before this run
	assigned []string      // numbers this run gave the user
	joined   bool          // this run (or an earlier one) put the user in the coaching team
}

type onboardStep struct {
	name   StepName
	wanted bool
	run    func(context.Context) Step
}

func (o *onboarding) run(ctx context.Context) {
	req := o.req
	steps := []onboardStep{
		{StepValidate, true, o.validate},
		{StepCheckOffice, req.OfficeCheck != nil, o.checkOffice},
		{StepFindUser, true, o.find},
		{StepCreateUser, true, o.create},
		{StepAssignNumber, !req.NoNumber, o.assign},
		{StepSetCallerID, req.CallerID != "", o.setCallerID},
		{StepSetE911, req.E911 != nil, o.setE911},
		{StepJoinCoachingTeam, req.CoachingTeamID != 0, o.joinTeam},
		{StepSetDoNotDisturb, req.DoNotDisturb != nil, o.setDND},
	}
	stopped := false
	for _, st := range steps {
		switch {
		case !st.wanted:
			o.r.add(Step{Name: st.name, Status: StatusSkipped, Detail: "not requested"})
		case stopped:
			o.r.add(Step{Name: st.name, Status: StatusNotRun})
		default:
			s := st.run(ctx)
			s.Name = st.name
			o.r.add(s)
			stopped = s.Status == StatusFailed
		}
	}
	if stopped && o.user != nil {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		if req.Rollback {
			o.rollback(cctx)
		} else if u, err := o.c.Users.Get(cctx, o.r.UserID); err == nil {
			o.user = u // learn what really exists, such as a number whose assign failed after sending
		}
	}
	o.r.Exists = o.exists()
}

// exists lists what the user has now, as far as the run knows.
func (o *onboarding) exists() []Resource {
	if o.user == nil || o.user.State == dialpad.UserStateDeleted {
		return nil
	}
	out := []Resource{{ResourceUser, o.r.UserID.String()}}
	for _, n := range o.user.PhoneNumbers {
		out = append(out, Resource{ResourceNumber, n})
	}
	if o.joined {
		out = append(out, Resource{ResourceCoachingMembership, o.req.CoachingTeamID.String()})
	}
	return out
}

func (o *onboarding) setUser(u *dialpad.User) {
	o.user = u
	o.r.UserID = u.ID
}

func (o *onboarding) validate(context.Context) Step {
	if o.c == nil {
		return failed("", errNilClient)
	}
	if err := o.req.check(); err != nil {
		return failed("", err)
	}
	return Step{Status: StatusDone}
}

// check validates the request without sending anything, so that a bad
// field fails before the user is created rather than after.
func (r *OnboardRequest) check() error {
	if r.RowErr != nil {
		return r.RowErr
	}
	if err := checkEmail("email", r.Email); err != nil {
		return err
	}
	if r.OfficeID <= 0 {
		return invalid("office_id", "must be a positive id, got %d", r.OfficeID)
	}
	switch {
	case r.Number != "" && r.AreaCode != "":
		return invalid("number", "set either number or area_code, not both")
	case r.NoNumber && (r.Number != "" || r.AreaCode != ""):
		return invalid("number", "no_number contradicts number or area_code")
	case r.Number != "" && !isE164(r.Number):
		return invalid("number", "%q is not an E.164 number (+ and 2 to 15 digits)", r.Number)
	case r.AreaCode != "" && !isDigits(r.AreaCode):
		return invalid("area_code", "%q is not an area code (digits only)", r.AreaCode)
	case r.CallerID != "" && r.CallerID != dialpad.CallerIDBlocked && !isE164(r.CallerID):
		return invalid("caller_id", "%q is neither an E.164 number nor %q", r.CallerID, dialpad.CallerIDBlocked)
	case r.CoachingTeamID < 0:
		return invalid("coaching_team_id", "must be a positive id, got %d", r.CoachingTeamID)
	case r.CoachingRole != "" && r.CoachingTeamID == 0:
		return invalid("coaching_role", "is set without a coaching team")
	case r.CoachingRole != "" && r.CoachingRole != dialpad.CoachingRoleCoach && r.CoachingRole != dialpad.CoachingRoleTrainee:
		return invalid("coaching_role", "unknown value %q (want %q or %q)", r.CoachingRole, dialpad.CoachingRoleCoach, dialpad.CoachingRoleTrainee)
	}
	if e := r.E911; e != nil {
		for _, f := range []struct{ name, v string }{
			{"e911.address", e.Address}, {"e911.city", e.City}, {"e911.state", e.State},
			{"e911.zip", e.Zip}, {"e911.country", e.Country},
		} {
			if strings.TrimSpace(f.v) == "" {
				return invalid(f.name, "is required")
			}
		}
	}
	return nil
}

func (o *onboarding) checkOffice(ctx context.Context) Step {
	id := o.req.OfficeID.String()
	if err := o.req.OfficeCheck(ctx, o.req.OfficeID); err != nil {
		return failed(id, err)
	}
	return Step{Status: StatusDone, ID: id}
}

func (o *onboarding) find(ctx context.Context) Step {
	users, err := findByEmail(ctx, o.c, o.req.Email)
	if err != nil {
		return failed("", err)
	}
	users = slices.DeleteFunc(users, func(u *dialpad.User) bool { return u.State == dialpad.UserStateDeleted })
	switch {
	case len(users) == 0:
		return Step{Status: StatusDone, Detail: "no existing user"}
	case len(users) > 1:
		return failed("", fmt.Errorf("%w: %d users have email %s", ErrAmbiguousUser, len(users), o.req.Email))
	}
	u := users[0]
	id := u.ID.String()
	if u.State != dialpad.UserStateActive && u.State != dialpad.UserStatePending {
		return failed(id, fmt.Errorf("%w: user %s with email %s is %s", ErrUserExists, id, o.req.Email, u.State))
	}
	if u.OfficeID != o.req.OfficeID {
		return failed(id, fmt.Errorf("%w: user %s with email %s is in office %d, not %d", ErrUserExists, id, o.req.Email, u.OfficeID, o.req.OfficeID))
	}
	o.setUser(u)
	o.adopted = true
	return Step{Status: StatusDone, ID: id, Detail: fmt.Sprintf("found %s user from an earlier run; adopting it", u.State)}
}

// autoNumber reports whether Dialpad is to pick the number.
func (r *OnboardRequest) autoNumber() bool { return !r.NoNumber && r.Number == "" && r.AreaCode == "" }

func (o *onboarding) create(ctx context.Context) Step {
	if o.adopted {
		return Step{Status: StatusSkipped, ID: o.r.UserID.String(), Detail: "user already exists"}
	}
	req := &dialpad.CreateUserRequest{Email: o.req.Email, OfficeID: o.req.OfficeID}
	if o.req.FirstName != "" {
		req.FirstName = dialpad.Ptr(o.req.FirstName)
	}
	if o.req.LastName != "" {
		req.LastName = dialpad.Ptr(o.req.LastName)
	}
	if o.req.License != "" {
		req.License = dialpad.Ptr(o.req.License)
	}
	if o.req.autoNumber() {
		req.AutoAssign = dialpad.Ptr(true)
	}
	u, err := o.c.Users.Create(ctx, req)
	if err == nil {
		o.setUser(u)
		o.created = true
		return Step{Status: StatusDone, ID: o.r.UserID.String(), Detail: fmt.Sprintf("office %d, license %s", u.OfficeID, u.License)}
	}
	if officeErr := unknownOffice(err, o.req.OfficeID); officeErr != nil {
		return failed("", officeErr)
	}
	if !uncertain(err) {
		return failed("", err)
	}
	// The create may have reached Dialpad before the failure (a 5xx, a
	// dropped connection, a timeout): look, rather than guess or resend.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	users, ferr := findByEmail(cctx, o.c, o.req.Email)
	if ferr != nil {
		return Step{Status: StatusFailed, Err: err, Detail: "unknown whether the user was created: " + ferr.Error()}
	}
	for _, u := range users {
		if u.State != dialpad.UserStateDeleted {
			o.setUser(u)
			o.created = true
			return Step{Status: StatusFailed, ID: o.r.UserID.String(), Err: err, Detail: "the create failed after it was sent, but the user exists"}
		}
	}
	return Step{Status: StatusFailed, Err: err, Detail: "the user was not created"}
}

// unknownOffice recognises Dialpad's answer to a create in an office that
// does not exist and returns it wrapped in ErrUnknownOffice; nil for any
// other error. A create has no path argument, so a 404 can only be about
// the office; a 400 counts when its message is about the office.
func unknownOffice(err error, officeID dialpad.ID) error {
	var apiErr *dialpad.APIError
	if !errors.As(err, &apiErr) {
		return nil
	}
	msg := strings.ToLower(apiErr.Message + " " + apiErr.Reason)
	if apiErr.StatusCode == 404 || (apiErr.StatusCode == 400 && strings.Contains(msg, "office") &&
		(strings.Contains(msg, "not found") || strings.Contains(msg, "exist") || strings.Contains(msg, "unknown") || strings.Contains(msg, "invalid"))) {
		return fmt.Errorf("%w: office %d: %w", ErrUnknownOffice, officeID, err)
	}
	return nil
}

// uncertain reports whether a write that failed with err may nonetheless
// have been carried out: anything but bad input caught before sending and
// a 4xx answer (Dialpad refused it, or a 429 it never processed).
func uncertain(err error) bool {
	var verr *dialpad.ValidationError
	if errors.As(err, &verr) {
		return false
	}
	var apiErr *dialpad.APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode >= 500
	}
	return true
}

func (o *onboarding) assign(ctx context.Context) Step {
	have := o.user.PhoneNumbers
	req := &dialpad.AssignNumberRequest{}
	what := "a number Dialpad picks"
	switch {
	case o.req.Number != "":
		if slices.Contains(have, o.req.Number) {
			return Step{Status: StatusSkipped, ID: o.req.Number, Detail: "already assigned"}
		}
		req.Number = dialpad.Ptr(o.req.Number)
		what = "number " + o.req.Number
	case len(have) > 0 && o.created:
		// Only the create's auto_assign can have given a new user a number.
		o.assigned = append(o.assigned, have...)
		return Step{Status: StatusDone, ID: have[0], Detail: "auto-assigned at create"}
	case len(have) > 0:
		return Step{Status: StatusSkipped, ID: have[0], Detail: "user already has a number"}
	case o.req.AreaCode != "":
		req.AreaCode = dialpad.Ptr(o.req.AreaCode)
		what = "a number in area code " + o.req.AreaCode
	}
	n, err := o.c.Numbers.Assign(ctx, o.r.UserID, req)
	if err != nil {
		s := failed(o.req.Number, err)
		s.Detail = "wanted " + what
		return s
	}
	o.assigned = append(o.assigned, n.Number)
	if !slices.Contains(o.user.PhoneNumbers, n.Number) {
		o.user.PhoneNumbers = append(o.user.PhoneNumbers, n.Number)
	}
	return Step{Status: StatusDone, ID: n.Number, Detail: what}
}

func (o *onboarding) setCallerID(ctx context.Context) Step {
	want := o.req.CallerID
	if o.adopted {
		if cur, err := o.c.Users.GetCallerID(ctx, o.r.UserID); err == nil && cur.CallerID == want {
			return Step{Status: StatusSkipped, ID: want, Detail: "already set"}
		}
	}
	if _, err := o.c.Users.SetCallerID(ctx, o.r.UserID, want); err != nil {
		return failed(want, err)
	}
	return Step{Status: StatusDone, ID: want}
}

func (o *onboarding) setE911(ctx context.Context) Step {
	want := o.req.E911
	detail := want.Address + ", " + want.City
	if o.adopted {
		if cur, err := o.c.E911.Get(ctx, o.r.UserID); err == nil && sameAddress(cur, want) {
			return Step{Status: StatusSkipped, Detail: detail + " (already set)"}
		}
	}
	if _, err := o.c.E911.Update(ctx, o.r.UserID, want); err != nil {
		return failed("", err)
	}
	return Step{Status: StatusDone, Detail: detail}
}

// sameAddress compares an address on file with a wanted one, ignoring
// case (Dialpad stores addresses upper-cased).
func sameAddress(cur *dialpad.E911Address, want *dialpad.UpdateE911Request) bool {
	addr2 := ""
	if want.Address2 != nil {
		addr2 = *want.Address2
	}
	return strings.EqualFold(cur.Address, want.Address) && strings.EqualFold(cur.Address2, addr2) &&
		strings.EqualFold(cur.City, want.City) && strings.EqualFold(cur.State, want.State) &&
		strings.EqualFold(cur.Zip, want.Zip) && strings.EqualFold(cur.Country, want.Country)
}

func (o *onboarding) joinTeam(ctx context.Context) Step {
	team := o.req.CoachingTeamID
	id := team.String()
	role := o.req.CoachingRole
	if role == "" {
		role = dialpad.CoachingRoleTrainee
	}
	if o.adopted {
		if members, err := o.c.CoachingTeams.ListMembers(ctx, team); err == nil {
			for _, m := range members {
				if m.ID == o.user.ID {
					o.joined = true
					return Step{Status: StatusSkipped, ID: id, Detail: "already a " + string(m.Role)}
				}
			}
		}
	}
	if _, err := o.c.CoachingTeams.AddMember(ctx, team, &dialpad.AddCoachingTeamMemberRequest{MemberID: o.r.UserID, Role: role}); err != nil {
		return failed(id, err)
	}
	o.joined = true
	return Step{Status: StatusDone, ID: id, Detail: "as " + string(role)}
}

func (o *onboarding) setDND(ctx context.Context) Step {
	want := *o.req.DoNotDisturb
	state := map[bool]string{true: "on", false: "off"}[want]
	if o.user.DoNotDisturb == want {
		return Step{Status: StatusSkipped, Detail: "already " + state}
	}
	if _, err := o.c.Users.SetDoNotDisturb(ctx, o.r.UserID, &dialpad.DoNotDisturbRequest{DoNotDisturb: want}); err != nil {
		return failed("", err)
	}
	o.user.DoNotDisturb = want
	return Step{Status: StatusDone, Detail: state}
}

// rollback undoes a failed onboarding: it unassigns the numbers (all of a
// user this run created, only those it assigned to an adopted one) and
// deletes a user it created. A failed unassign keeps the user, since
// numbers must be released before a delete; the report then says so.
func (o *onboarding) rollback(ctx context.Context) {
	o.r.RolledBack = true
	numbers := o.assigned
	if o.created {
		if u, err := o.c.Users.Get(ctx, o.r.UserID); err == nil {
			o.user = u
		}
		numbers = o.user.PhoneNumbers
	}
	ok := true
	for _, n := range slices.Clone(numbers) {
		if act(o.r, Step{Name: StepUnassignNumber, ID: n, Detail: "rollback"}, false, func() error {
			_, err := o.c.Numbers.Unassign(ctx, o.r.UserID, n)
			return err
		}) {
			o.user.PhoneNumbers = slices.DeleteFunc(o.user.PhoneNumbers, func(x string) bool { return x == n })
		} else {
			ok = false
		}
	}
	if !o.created {
		return
	}
	if !ok {
		o.r.add(Step{Name: StepDeleteUser, Status: StatusNotRun, ID: o.r.UserID.String(), Detail: "rollback: a number could not be unassigned"})
		return
	}
	u, err := o.c.Users.Delete(ctx, o.r.UserID)
	if err != nil {
		o.r.add(failed(o.r.UserID.String(), err).named(StepDeleteUser))
		return
	}
	o.user = u
	o.user.State = dialpad.UserStateDeleted
	o.joined = false
	o.r.add(Step{Name: StepDeleteUser, Status: StatusDone, ID: o.r.UserID.String(), Detail: "rollback; seat freed"})
}

// failed is a failed step acting on id.
func failed(id string, err error) Step { return Step{Status: StatusFailed, ID: id, Err: err} }

// named returns s with its name set.
func (s Step) named(n StepName) Step {
	s.Name = n
	return s
}

// findByEmail lists every user in any state (deleted ones included) whose
// emails include email, compared without regard to case.
func findByEmail(ctx context.Context, c *dialpad.Client, email string) ([]*dialpad.User, error) {
	var out []*dialpad.User
	for u, err := range c.Users.List(ctx, &dialpad.UserListOptions{State: dialpad.UserStateAll, Email: email}) {
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(u.Emails, func(e string) bool { return strings.EqualFold(e, email) }) {
			out = append(out, u)
		}
	}
	return out, nil
}

// invalid returns the SDK's *ValidationError, so that callers test bad
// input the same way whichever layer caught it.
func invalid(field, format string, args ...any) error {
	return &dialpad.ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

func checkEmail(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return invalid(field, "is required")
	}
	if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
		return invalid(field, "%q is not an email address", v)
	}
	return nil
}

func isDigits(v string) bool {
	return v != "" && strings.Trim(v, "0123456789") == ""
}

// isE164 reports whether v is "+" and 2 to 15 digits, the first not 0.
func isE164(v string) bool {
	return len(v) >= 3 && len(v) <= 16 && v[0] == '+' && v[1] != '0' && isDigits(v[1:])
}
