package lifecycle

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// OffboardOptions say how Offboard treats a user.
type OffboardOptions struct {
	// Delete deletes the user, freeing its license seat, after taking it
	// off every operator list, unassigning every number and deleting every
	// desk phone. Without it the user is suspended: it keeps its seat and
	// phones (and its numbers, unless ReleaseNumbers) and can be
	// reactivated.
	Delete bool
	// ReleaseNumbers unassigns the user's numbers also when it is only
	// suspended, returning them to the company's inventory. A delete
	// always releases them.
	ReleaseNumbers bool
	// DryRun finds the user and lists what would be done (StatusPlanned
	// steps) without changing anything. It still reads: the user, the
	// names of its groups and, for a delete, its desk phones.
	DryRun bool
}

// OffboardRequest is one employee of OffboardAll: who, and how.
type OffboardRequest struct {
	// Who is the user's email or numeric id, as Offboard takes it.
	Who string
	OffboardOptions
	// Line is the CSV line the request was read from (zero otherwise); it
	// is copied into the Report.
	Line int
	// RowErr is set by ReadOffboardCSV for a row it could not parse.
	// OffboardAll fails such a request in StepValidate without sending
	// anything.
	RowErr error
}

// Offboard finds a user by email or numeric id (who) and suspends it or,
// with opts.Delete, deletes it.
//
// An email is looked up among users in every state, so that a suspended
// user is found too; two live users with it fail with ErrAmbiguousUser.
// Dialpad strips the emails of a deleted user, so an email that matches no
// user at all is taken as already offboarded: StepFindUser is skipped
// ("no user has this email"), nothing else runs and Report.UserID stays
// empty; check that if a typo must not pass for done. An id must exist
// (deleted users keep theirs): an unknown id fails, wrapping
// dialpad.ErrNotFound.
//
// The steps run in this order, each attempted even if one before it
// failed:
//
//   - routing: one StepLeaveCallCenter, StepLeaveDepartment or
//     StepLeaveOffice per operator list the user is on (from its
//     group_details), so that no call center, department or main line
//     keeps ringing a user who has left; Step.ID is the group's id and
//     Detail its name and the user's role there;
//   - for a delete, StepListDeskPhones;
//   - numbers: one StepUnassignNumber per number, for a delete or with
//     opts.ReleaseNumbers;
//   - desk phones: one StepDeleteDeskPhone per phone, for a delete;
//   - StepDeleteUser, only if everything before it succeeded (Dialpad
//     wants the numbers released first), or StepSuspendUser, which runs
//     even when a removal failed: a leaver's access is cut at once, and a
//     second run retries what is left.
//
// A removal (from an operator list, of a desk phone, of the user) that
// Dialpad answers 404 is StatusSkipped with Detail "already gone": what
// the step was to remove is not there, which is what it wanted. A user
// already in the wanted state (or deleted, when a suspend was asked) has
// its final step skipped, so running Offboard twice is safe and the
// second report's NothingToDo is true.
//
// The report is never nil; the error is Report.Err().
func Offboard(ctx context.Context, c *dialpad.Client, who string, opts OffboardOptions) (*Report, error) {
	r := &Report{Op: OpOffboard, Who: who, DryRun: opts.DryRun}
	offboard(ctx, c, newDirectory(c), r, OffboardRequest{Who: who, OffboardOptions: opts})
	return r, r.Err()
}

func offboard(ctx context.Context, c *dialpad.Client, dir *directory, r *Report, req OffboardRequest) {
	opts := req.OffboardOptions
	final := StepSuspendUser
	if opts.Delete {
		final = StepDeleteUser
	}
	if req.RowErr != nil {
		r.add(failed("", req.RowErr).named(StepValidate))
		r.add(Step{Name: final, Status: StatusNotRun})
		return
	}
	var (
		u   *dialpad.User
		err = errNilClient
	)
	if c != nil {
		u, err = resolve(ctx, c, strings.TrimSpace(req.Who))
	}
	switch {
	case errors.Is(err, errNoSuchEmail):
		r.add(Step{Name: StepFindUser, Status: StatusSkipped, Detail: "no user has this email: already deleted, or never existed"})
		r.add(Step{Name: final, Status: StatusSkipped, Detail: "no such user"})
		return
	case err != nil:
		r.add(failed("", err).named(StepFindUser))
		r.add(Step{Name: final, Status: StatusNotRun})
		return
	}
	r.UserID = u.ID
	uid := r.UserID.String()
	r.add(Step{Name: StepFindUser, Status: StatusDone, ID: uid, Detail: string(u.State)})
	if u.State == dialpad.UserStateDeleted {
		r.add(Step{Name: final, Status: StatusSkipped, ID: uid, Detail: "already deleted"})
		return
	}

	clean := true
	for _, m := range memberships(u.GroupDetails) {
		m.name = dir.name(ctx, m.kind, m.id)
		clean = leave(ctx, c, r, u.ID, m, opts.DryRun, "") && clean
	}
	var phones []*dialpad.DeskPhone
	if opts.Delete {
		phones, err = c.DeskPhones.List(ctx, u.ID)
		if err != nil {
			r.add(failed(uid, err).named(StepListDeskPhones))
			clean = false
		} else {
			r.add(Step{Name: StepListDeskPhones, Status: StatusDone, ID: uid, Detail: fmt.Sprintf("%d desk phone(s)", len(phones))})
		}
	}
	if opts.Delete || opts.ReleaseNumbers {
		for _, n := range u.PhoneNumbers {
			clean = act(r, Step{Name: StepUnassignNumber, ID: n}, opts.DryRun, func() error {
				_, err := c.Numbers.Unassign(ctx, u.ID, n)
				return err
			}) && clean
		}
	}
	for _, p := range phones {
		clean = remove(r, Step{Name: StepDeleteDeskPhone, ID: p.ID, Detail: p.Name}, opts.DryRun, "", func() error {
			return c.DeskPhones.Delete(ctx, u.ID, p.ID)
		}) && clean
	}

	switch {
	case !opts.Delete && u.State == dialpad.UserStateSuspended:
		r.add(Step{Name: final, Status: StatusSkipped, ID: uid, Detail: "already suspended"})
	case opts.DryRun:
		r.add(Step{Name: final, Status: StatusPlanned, ID: uid, Detail: "from " + string(u.State)})
	case !opts.Delete:
		if _, err := c.Users.Update(ctx, u.ID, &dialpad.UpdateUserRequest{State: dialpad.Ptr(dialpad.UserStateSuspended)}); err != nil {
			r.add(failed(uid, err).named(final))
			return
		}
		r.add(Step{Name: final, Status: StatusDone, ID: uid, Detail: "was " + string(u.State)})
	case !clean:
		r.add(Step{Name: final, Status: StatusNotRun, ID: uid, Detail: "operator lists, numbers and desk phones must be cleared first"})
	default:
		remove(r, Step{Name: final, ID: uid}, false, "seat freed", func() error {
			_, err := c.Users.Delete(ctx, u.ID)
			return err
		})
	}
}

// membership is a place on an operator list: of a call center, a
// department, or an office's main line.
type membership struct {
	kind dialpad.GroupType
	id   dialpad.ID
	name string // "" when unknown
	role dialpad.GroupRole
}

// memberOrder is the order in which a user leaves operator lists: call
// centers, then departments, then office main lines.
var memberOrder = []dialpad.GroupType{dialpad.GroupTypeCallCenter, dialpad.GroupTypeDepartment, dialpad.GroupTypeOffice}

// memberships picks the operator lists out of a user's group details, in
// memberOrder (and, within a kind, as Dialpad listed them).
func memberships(details []dialpad.GroupDetails) []membership {
	var out []membership
	for _, kind := range memberOrder {
		for _, g := range details {
			if g.GroupType == kind && g.GroupID != 0 {
				out = append(out, membership{kind: g.GroupType, id: g.GroupID, role: g.Role})
			}
		}
	}
	return out
}

// leaveSteps names the step that takes a user off each kind of list.
var leaveSteps = map[dialpad.GroupType]StepName{
	dialpad.GroupTypeCallCenter: StepLeaveCallCenter,
	dialpad.GroupTypeDepartment: StepLeaveDepartment,
	dialpad.GroupTypeOffice:     StepLeaveOffice,
}

// leave adds a step taking user off m's operator list (see remove). note
// starts the step's Detail ("rollback").
func leave(ctx context.Context, c *dialpad.Client, r *Report, user dialpad.ID, m membership, dry bool, note string) bool {
	what := kindName(m.kind)
	if m.name != "" {
		what += fmt.Sprintf(" %q", m.name)
	}
	if m.kind == dialpad.GroupTypeOffice {
		what += " main line"
	}
	detail := fmt.Sprintf("%s, as %s", what, cmp.Or(m.role, dialpad.GroupRoleOperator))
	if note != "" {
		detail = note + ": " + detail
	}
	return remove(r, Step{Name: leaveSteps[m.kind], ID: m.id.String(), Detail: detail}, dry, "", func() error {
		var err error
		switch m.kind {
		case dialpad.GroupTypeCallCenter:
			_, err = c.CallCenters.RemoveOperator(ctx, m.id, user)
		case dialpad.GroupTypeDepartment:
			_, err = c.Departments.RemoveOperator(ctx, m.id, &dialpad.RemoveOperatorRequest{OperatorID: user, OperatorType: dialpad.OperatorTypeUser})
		default:
			_, err = c.Offices.RemoveOperator(ctx, m.id, &dialpad.RemoveOperatorRequest{OperatorID: user, OperatorType: dialpad.OperatorTypeUser})
		}
		return err
	})
}

// errNoSuchEmail is resolve's answer for an email no user has; it matches
// dialpad.ErrNotFound.
var errNoSuchEmail = fmt.Errorf("%w: no user has this email", dialpad.ErrNotFound)

// resolve finds the user who names: a numeric id or an email. Among users
// with the email, a live one (not deleted) is preferred; with only deleted
// ones (a server that keeps their emails), the last listed is returned.
func resolve(ctx context.Context, c *dialpad.Client, who string) (*dialpad.User, error) {
	switch {
	case isDigits(who):
		id, err := dialpad.ParseID(who)
		if err != nil || id == 0 {
			return nil, invalid("who", "%q is not a user id", who)
		}
		return c.Users.Get(ctx, id)
	case strings.Contains(who, "@"):
		if err := dialpad.ValidateEmail(who); err != nil {
			return nil, err
		}
	default:
		return nil, invalid("who", "%q is neither an email nor a numeric user id", who)
	}
	users, err := findByEmail(ctx, c, who)
	if err != nil {
		return nil, err
	}
	var live, deleted []*dialpad.User
	for _, u := range users {
		if u.State == dialpad.UserStateDeleted {
			deleted = append(deleted, u)
		} else {
			live = append(live, u)
		}
	}
	switch {
	case len(live) == 1:
		return live[0], nil
	case len(live) > 1:
		return nil, fmt.Errorf("%w: %d users have email %s", ErrAmbiguousUser, len(live), who)
	case len(deleted) > 0:
		return deleted[len(deleted)-1], nil
	}
	return nil, errNoSuchEmail
}

// act adds s to r: planned in a dry run, otherwise done or failed as do
// says. It reports whether s did not fail.
func act(r *Report, s Step, dry bool, do func() error) bool {
	s.Status = StatusPlanned
	if !dry {
		s.Status = StatusDone
		if err := do(); err != nil {
			s.Status, s.Err = StatusFailed, err
		}
	}
	r.add(s)
	return s.Status != StatusFailed
}

// remove is act for a step that removes something (a DELETE): a 404 means
// it is gone already, which is what the step wanted, so the step is
// skipped with "already gone" in its Detail instead of failing. done is
// added to the Detail of a removal that went through.
func remove(r *Report, s Step, dry bool, done string, do func() error) bool {
	s.Status = StatusPlanned
	if !dry {
		s.Status = StatusDone
		switch err := do(); {
		case errors.Is(err, dialpad.ErrNotFound):
			s.Status, s.Detail = StatusSkipped, joinDetail(s.Detail, "already gone")
		case err != nil:
			s.Status, s.Err = StatusFailed, err
		default:
			s.Detail = joinDetail(s.Detail, done)
		}
	}
	r.add(s)
	return s.Status != StatusFailed
}

// joinDetail joins two notes of a step's Detail.
func joinDetail(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
