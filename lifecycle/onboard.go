package lifecycle

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// cleanupTimeout bounds the rollback and the final check of a failed
// onboarding, which run even when the caller's context is done.
const cleanupTimeout = time.Minute

// OnboardRequest describes one employee to onboard, and how.
type OnboardRequest struct {
	// Email is the user's address (required). It is how a later run finds
	// the user again.
	Email string
	// FirstName and LastName are the user's given and family names
	// (single-line), sent when the user is created; empty leaves them
	// unset, and a user adopted from an earlier run keeps its own.
	FirstName string
	LastName  string
	// Office is the name of the office the user joins, matched without
	// regard to case among the company's offices; OfficeID is its id. Set
	// either (or both, which must then agree). The office must be active.
	// The user takes one of its license seats as soon as it is created.
	Office   string
	OfficeID dialpad.ID
	// License is the seat type; empty means Dialpad's default (talk).
	License dialpad.License

	// The number: a specific E.164 Number, or any free number in AreaCode,
	// or, when both are empty, one Dialpad picks (asked for with the
	// create's auto_assign; if that gives none, with a separate assign).
	// NoNumber skips the step. A user adopted from an earlier run that
	// already has a number keeps it, unless Number names another one.
	Number string
	// AreaCode asks for any free number in this area code (digits only,
	// such as "415"); it excludes Number.
	AreaCode string
	// NoNumber leaves the user without a number: StepAssignNumber is
	// skipped. It excludes Number and AreaCode.
	NoNumber bool

	// CallCenters and Departments are groups the user joins as an
	// operator, by name (see Membership). Joining a call center in the
	// "operator" role needs a call-center license: Dialpad switches a user
	// without one to agents, which takes a seat the seat pre-flight does
	// not count, so give call-center agents License agents or
	// lite_support_agents.
	CallCenters []Membership
	Departments []Membership

	// CallerID, when set, becomes the user's outbound caller id: one of
	// the user's numbers, an office number, the number of a call center or
	// department the user is an operator of (joined above), or
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
	// it takes the user off the call centers and departments it joined,
	// unassigns its numbers and then deletes the user, freeing its seat. A
	// user adopted from an earlier run is never deleted; only the
	// memberships and numbers this run gave it are taken back. The
	// rollback runs even if ctx is done (bounded by its own one-minute
	// limit). Without Rollback the user is left as it is and
	// Report.Exists says what it has; running Onboard again finishes the
	// job.
	Rollback bool

	// Line is the CSV line the request was read from (zero otherwise); it
	// is copied into the Report.
	Line int
	// RowErr is set by ReadOnboardCSV for a row it could not parse.
	// Onboard fails such a request in StepValidate without sending
	// anything.
	RowErr error
}

// Membership names a call center or department for OnboardRequest and
// the user's role in it.
type Membership struct {
	// Name is the group's name, matched without regard to case. When
	// groups in several offices share it, the one in the user's office is
	// taken; a name that still matches more than one group fails with
	// ErrAmbiguousName.
	Name string
	// Role is dialpad.GroupRoleOperator (the default) or
	// dialpad.GroupRoleAdmin; call centers also know
	// dialpad.GroupRoleSupervisor.
	Role dialpad.GroupRole
}

// Onboard creates a user and sets it up as req asks, step by step:
// StepValidate, StepResolveOffice, StepResolveGroups, StepFindUser,
// StepCheckSeats, StepCreateUser, StepAssignNumber, one StepJoinCallCenter
// and one StepJoinDepartment per group, StepSetCallerID, StepSetE911,
// StepJoinCoachingTeam, StepSetDoNotDisturb. The steps up to
// StepCheckSeats only read: a bad request, an unknown office or group
// name, or an office without a free seat of the license stops there with
// nothing changed. Onboard stops at the first failed step; the steps after
// it are StatusNotRun, and Report.Exists says what the user has now (after
// a rollback if req.Rollback).
//
// Onboard is OnboardAll with one request: it lists the company's offices
// (and, when req names groups, its call centers or departments) and reads
// the office's free seats, a few reads more than the steps themselves.
//
// Onboard is safe to run again for the same employee. StepFindUser looks
// for a live user with the email: one that is active or pending in the
// same office (typically left by an earlier, half-finished run) is adopted
// and only its missing steps run; one that is suspended or in another
// office fails with ErrUserExists. A deleted user does not count.
//
// The report is never nil; the error is Report.Err().
func Onboard(ctx context.Context, c *dialpad.Client, req OnboardRequest) (*Report, error) {
	r := OnboardAll(ctx, c, []OnboardRequest{req}, BulkOptions{Workers: 1}).Reports[0]
	return r, r.Err()
}

// onboarding is the state of one request of an onboarding run.
type onboarding struct {
	c   *dialpad.Client
	dir *directory // shared by the run
	req OnboardRequest
	r   *Report
	dup error // set by OnboardAll when an earlier request has the email

	office      entry  // the resolved office
	callCenters []join // resolved, in the order of req.CallCenters
	departments []join // resolved, in the order of req.Departments

	user     *dialpad.User // the created or adopted user, as last seen
	created  bool          // this run created user
	adopted  bool          // user existed before this run
	writing  bool          // the run got past the read-only steps
	stopped  bool          // a step failed, or the request was skipped: the rest do not run
	assigned []string      // numbers this run gave the user
	member   []join        // groups the user is on, by this run or an earlier one
	added    []join        // groups this run put the user on
	coached  bool          // this run (or an earlier one) put the user in the coaching team
}

// join is a call center or department to join, resolved.
type join struct {
	entry
	role dialpad.GroupRole
}

// add appends a step to the report; a failed one stops the run.
func (o *onboarding) add(s Step) {
	o.r.add(s)
	if s.Status == StatusFailed {
		o.stopped = true
	}
}

// step runs one step, or records why it did not run.
func (o *onboarding) step(ctx context.Context, name StepName, wanted bool, run func(context.Context) Step) {
	switch {
	case !wanted:
		o.add(Step{Name: name, Status: StatusSkipped, Detail: "not requested"})
	case o.stopped:
		o.add(Step{Name: name, Status: StatusNotRun})
	default:
		s := run(ctx)
		s.Name = name
		o.add(s)
	}
}

// prepare runs the read-only steps before the seat pre-flight.
func (o *onboarding) prepare(ctx context.Context) {
	o.step(ctx, StepValidate, true, o.validate)
	o.step(ctx, StepResolveOffice, true, o.resolveOffice)
	o.step(ctx, StepResolveGroups, len(o.req.CallCenters)+len(o.req.Departments) > 0, o.resolveGroups)
	o.step(ctx, StepFindUser, true, o.find)
}

// execute runs the steps that write, after the seat pre-flight, and the
// rollback or final check of a failed run.
func (o *onboarding) execute(ctx context.Context) {
	if _, ok := o.r.Step(StepCheckSeats); !ok {
		o.add(Step{Name: StepCheckSeats, Status: StatusNotRun}) // an earlier step failed
	}
	req := &o.req
	o.step(ctx, StepCreateUser, true, o.create)
	o.step(ctx, StepAssignNumber, !req.NoNumber, o.assign)
	o.joinAll(ctx, StepJoinCallCenter, req.CallCenters, o.callCenters)
	o.joinAll(ctx, StepJoinDepartment, req.Departments, o.departments)
	o.step(ctx, StepSetCallerID, req.CallerID != "", o.setCallerID)
	o.step(ctx, StepSetE911, req.E911 != nil, o.setE911)
	o.step(ctx, StepJoinCoachingTeam, req.CoachingTeamID != 0, o.joinTeam)
	o.step(ctx, StepSetDoNotDisturb, req.DoNotDisturb != nil, o.setDND)

	if o.writing && o.user != nil && o.r.hasFailure() {
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

// joinAll runs one join step per group of a kind.
func (o *onboarding) joinAll(ctx context.Context, name StepName, want []Membership, resolved []join) {
	if len(want) == 0 {
		o.add(Step{Name: name, Status: StatusSkipped, Detail: "not requested"})
		return
	}
	for i, m := range want {
		if o.stopped || i >= len(resolved) {
			o.add(Step{Name: name, Status: StatusNotRun, Detail: fmt.Sprintf("%q", m.Name)})
			continue
		}
		s := o.join(ctx, resolved[i])
		s.Name = name
		o.add(s)
	}
}

// exists lists what the user has now, as far as the run knows.
func (o *onboarding) exists() []Resource {
	if o.user == nil || o.user.State == dialpad.UserStateDeleted || o.r.UserID == 0 {
		return nil
	}
	out := []Resource{{ResourceUser, o.r.UserID.String()}}
	for _, n := range o.user.PhoneNumbers {
		out = append(out, Resource{ResourceNumber, n})
	}
	for _, j := range o.member {
		kind := ResourceCallCenterMembership
		if j.kind == dialpad.GroupTypeDepartment {
			kind = ResourceDepartmentMembership
		}
		out = append(out, Resource{kind, j.id.String()})
	}
	if o.coached {
		out = append(out, Resource{ResourceCoachingMembership, o.req.CoachingTeamID.String()})
	}
	return out
}

// setUser makes u the run's user. A user without an id is never taken:
// every later step would act on user 0.
func (o *onboarding) setUser(u *dialpad.User) bool {
	if u == nil || u.ID == 0 {
		return false
	}
	o.user = u
	o.r.UserID = u.ID
	return true
}

func (o *onboarding) validate(context.Context) Step {
	switch {
	case o.c == nil:
		return failed("", errNilClient)
	case o.dup != nil:
		return failed("", o.dup)
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
	if err := dialpad.ValidateEmail(r.Email); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(r.Office) == "" && r.OfficeID == 0:
		return invalid("office", "is required: give the office's name or its id (office_id)")
	case r.OfficeID < 0:
		return invalid("office_id", "must be a positive id, got %d", r.OfficeID)
	case !oneLine(r.Office):
		return invalid("office", "%q holds a line break or control character", r.Office)
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
	if err := checkMemberships("call_centers", r.CallCenters, callCenterRoles); err != nil {
		return err
	}
	if err := checkMemberships("departments", r.Departments, departmentRoles); err != nil {
		return err
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

// The roles a user may be given in a call center and in a department.
var (
	callCenterRoles = []dialpad.GroupRole{dialpad.GroupRoleOperator, dialpad.GroupRoleAdmin, dialpad.GroupRoleSupervisor}
	departmentRoles = []dialpad.GroupRole{dialpad.GroupRoleOperator, dialpad.GroupRoleAdmin}
)

func checkMemberships(field string, ms []Membership, roles []dialpad.GroupRole) error {
	for i, m := range ms {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch name := strings.TrimSpace(m.Name); {
		case name == "":
			return invalid(f+".name", "is required")
		case !oneLine(name):
			return invalid(f+".name", "%q holds a line break or control character", m.Name)
		case m.Role != "" && !slices.Contains(roles, m.Role):
			return invalid(f+".role", "unknown value %q (want one of %v)", m.Role, roles)
		case slices.ContainsFunc(ms[:i], func(p Membership) bool { return strings.EqualFold(strings.TrimSpace(p.Name), name) }):
			return invalid(f+".name", "%q is listed twice", m.Name)
		}
	}
	return nil
}

func (o *onboarding) resolveOffice(ctx context.Context) Step {
	e, err := o.dir.office(ctx, strings.TrimSpace(o.req.Office), o.req.OfficeID)
	if err != nil {
		return failed("", err)
	}
	o.office = e
	return Step{Status: StatusDone, ID: e.id.String(), Detail: fmt.Sprintf("%q", e.name)}
}

func (o *onboarding) resolveGroups(ctx context.Context) Step {
	var (
		errs  []error
		found []string
	)
	resolve := func(kind dialpad.GroupType, want []Membership) []join {
		var out []join
		for _, m := range want {
			e, err := o.dir.group(ctx, kind, m.Name, o.office.id)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, join{e, cmp.Or(m.Role, dialpad.GroupRoleOperator)})
			found = append(found, e.label())
		}
		return out
	}
	o.callCenters = resolve(dialpad.GroupTypeCallCenter, o.req.CallCenters)
	o.departments = resolve(dialpad.GroupTypeDepartment, o.req.Departments)
	if len(errs) > 0 {
		return failed("", errors.Join(errs...))
	}
	return Step{Status: StatusDone, Detail: strings.Join(found, ", ")}
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
	if u.OfficeID != o.office.id {
		return failed(id, fmt.Errorf("%w: user %s with email %s is in office %d, not in %s", ErrUserExists, id, o.req.Email, u.OfficeID, o.office.label()))
	}
	o.setUser(u)
	o.adopted = true
	return Step{Status: StatusDone, ID: id, Detail: fmt.Sprintf("found %s user from an earlier run; adopting it", u.State)}
}

// autoNumber reports whether Dialpad is to pick the number.
func (r *OnboardRequest) autoNumber() bool { return !r.NoNumber && r.Number == "" && r.AreaCode == "" }

func (o *onboarding) create(ctx context.Context) Step {
	o.writing = true
	if o.adopted {
		return Step{Status: StatusSkipped, ID: o.r.UserID.String(), Detail: "user already exists"}
	}
	req := &dialpad.CreateUserRequest{Email: o.req.Email, OfficeID: o.office.id}
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
		if o.setUser(u) {
			o.created = true
			return Step{Status: StatusDone, ID: o.r.UserID.String(), Detail: fmt.Sprintf("office %q, license %s", o.office.name, u.License)}
		}
		err = fmt.Errorf("%w: POST /api/v2/users: the answer carries no user id", dialpad.ErrInvalidResponse)
	}
	if officeErr := unknownOffice(err); officeErr != nil {
		return failed("", officeErr)
	}
	if !uncertain(err) {
		return failed("", err)
	}
	// The create may have been carried out despite the error (a 5xx, a
	// dropped connection, a timeout, an answer without a usable id): look,
	// rather than guess or resend.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	users, ferr := findByEmail(cctx, o.c, o.req.Email)
	if ferr != nil {
		return Step{Status: StatusFailed, Err: err, Detail: "unknown whether the user was created: " + ferr.Error()}
	}
	for _, u := range users {
		if u.State != dialpad.UserStateDeleted && o.setUser(u) {
			o.created = true
			return Step{Status: StatusFailed, ID: o.r.UserID.String(), Err: err, Detail: "the create failed after it was sent, but the user exists"}
		}
	}
	return Step{Status: StatusFailed, Err: err, Detail: "the user was not created"}
}

// unknownOffice recognises Dialpad's answer to a create in an office that
// does not exist (deleted since StepResolveOffice read it, say) and marks
// it with ErrUnknownOffice; nil for any other error. A create has no path
// argument, so a 404 can only be about the office; a 400 counts when its
// message is about the office.
func unknownOffice(err error) error {
	var apiErr *dialpad.APIError
	if !errors.As(err, &apiErr) {
		return nil
	}
	msg := strings.ToLower(apiErr.Message + " " + apiErr.Reason)
	if apiErr.StatusCode == 404 || (apiErr.StatusCode == 400 && strings.Contains(msg, "office") &&
		(strings.Contains(msg, "not found") || strings.Contains(msg, "exist") || strings.Contains(msg, "unknown") || strings.Contains(msg, "invalid"))) {
		return mark(ErrUnknownOffice, err)
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

// join puts the user on a call center's or department's operators, unless
// it is there already.
func (o *onboarding) join(ctx context.Context, j join) Step {
	id := j.id.String()
	for _, g := range o.user.GroupDetails {
		if g.GroupID == j.id && g.GroupType == j.kind {
			o.member = append(o.member, j)
			detail := fmt.Sprintf("%q: already %s", j.name, cmp.Or(g.Role, dialpad.GroupRoleOperator))
			if g.Role != "" && g.Role != j.role {
				detail += fmt.Sprintf(" (not changed to %s)", j.role)
			}
			return Step{Status: StatusSkipped, ID: id, Detail: detail}
		}
	}
	var err error
	switch j.kind {
	case dialpad.GroupTypeCallCenter:
		_, err = o.c.CallCenters.AddOperator(ctx, j.id, &dialpad.AddCallCenterOperatorRequest{UserID: o.r.UserID, Role: dialpad.Ptr(j.role)})
	default:
		_, err = o.c.Departments.AddOperator(ctx, j.id, &dialpad.AddOperatorRequest{
			OperatorID: o.r.UserID, OperatorType: dialpad.OperatorTypeUser, Role: dialpad.Ptr(j.role)})
	}
	if err != nil {
		s := failed(id, err)
		s.Detail = fmt.Sprintf("%q as %s", j.name, j.role)
		return s
	}
	o.member = append(o.member, j)
	o.added = append(o.added, j)
	o.user.GroupDetails = append(o.user.GroupDetails, dialpad.GroupDetails{GroupID: j.id, GroupType: j.kind, Role: j.role})
	return Step{Status: StatusDone, ID: id, Detail: fmt.Sprintf("%q as %s", j.name, j.role)}
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
	role := cmp.Or(o.req.CoachingRole, dialpad.CoachingRoleTrainee)
	if o.adopted {
		if members, err := o.c.CoachingTeams.ListMembers(ctx, team); err == nil {
			for _, m := range members {
				if m.ID == o.user.ID {
					o.coached = true
					return Step{Status: StatusSkipped, ID: id, Detail: "already a " + string(m.Role)}
				}
			}
		}
	}
	if _, err := o.c.CoachingTeams.AddMember(ctx, team, &dialpad.AddCoachingTeamMemberRequest{MemberID: o.r.UserID, Role: role}); err != nil {
		return failed(id, err)
	}
	o.coached = true
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

// rollback undoes a failed onboarding in Offboard's order: it takes the
// user off the operator lists, unassigns the numbers (all of a user this
// run created; only what this run added to an adopted one) and deletes a
// user it created. A failed removal keeps the user, since numbers must be
// released before a delete; the report then says so.
func (o *onboarding) rollback(ctx context.Context) {
	o.r.RolledBack = true
	numbers := o.assigned
	var groups []membership
	for _, j := range o.added {
		groups = append(groups, membership{kind: j.kind, id: j.id, name: j.name, role: j.role})
	}
	if o.created {
		if u, err := o.c.Users.Get(ctx, o.r.UserID); err == nil && u.ID == o.r.UserID {
			o.user = u
		}
		numbers = o.user.PhoneNumbers
		groups = memberships(o.user.GroupDetails)
		for i, g := range groups {
			if j := slices.IndexFunc(o.member, func(j join) bool { return j.id == g.id && j.kind == g.kind }); j >= 0 {
				groups[i].name = o.member[j].name
			} else if g.kind == dialpad.GroupTypeOffice && g.id == o.office.id {
				groups[i].name = o.office.name
			}
		}
	}
	ok := true
	for _, g := range groups {
		if leave(ctx, o.c, o.r, o.r.UserID, g, false, "rollback") {
			o.member = slices.DeleteFunc(o.member, func(j join) bool { return j.id == g.id && j.kind == g.kind })
		} else {
			ok = false
		}
	}
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
	uid := o.r.UserID.String()
	if !ok {
		o.r.add(Step{Name: StepDeleteUser, Status: StatusNotRun, ID: uid, Detail: "rollback: a membership or number could not be removed"})
		return
	}
	if remove(o.r, Step{Name: StepDeleteUser, ID: uid, Detail: "rollback"}, false, "seat freed", func() error {
		_, err := o.c.Users.Delete(ctx, o.r.UserID)
		return err
	}) {
		o.user.State = dialpad.UserStateDeleted
		o.member, o.coached = nil, false
	}
}

// failed is a failed step acting on id.
func failed(id string, err error) Step { return Step{Status: StatusFailed, ID: id, Err: err} }

// named returns s with its name set.
func (s Step) named(n StepName) Step {
	s.Name = n
	return s
}

// findByEmail lists every user in any state (deleted ones included) whose
// emails include email, compared without regard to case. A listed user
// without an id is an error (dialpad.ErrInvalidResponse): nothing may act
// on user 0.
func findByEmail(ctx context.Context, c *dialpad.Client, email string) ([]*dialpad.User, error) {
	var out []*dialpad.User
	for u, err := range c.Users.List(ctx, &dialpad.UserListOptions{State: dialpad.UserStateAll, Email: email}) {
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(u.Emails, func(e string) bool { return strings.EqualFold(e, email) }) {
			continue
		}
		if u.ID == 0 {
			return nil, fmt.Errorf("%w: GET /api/v2/users: a user with email %s has no id", dialpad.ErrInvalidResponse, email)
		}
		out = append(out, u)
	}
	return out, nil
}
