package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// OffboardOptions say how Offboard treats a user.
type OffboardOptions struct {
	// Delete deletes the user, freeing its license seat, after
	// unassigning every number and deleting every desk phone. Without it
	// the user is suspended: it keeps its seat, numbers and phones and can
	// be reactivated.
	Delete bool
	// DryRun finds the user and lists what would be done (StatusPlanned
	// steps) without changing anything. It still reads: the user and, for
	// a delete, its desk phones.
	DryRun bool
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
// A delete runs StepListDeskPhones, one StepUnassignNumber per number and
// one StepDeleteDeskPhone per phone, all attempted even if one fails, then
// StepDeleteUser only if they all succeeded. A suspend is one
// StepSuspendUser. A user already in the wanted state (or deleted, when a
// suspend was asked) gets skipped steps, so running Offboard twice is safe
// and the second report's NothingToDo is true.
//
// The report is never nil; the error is Report.Err().
func Offboard(ctx context.Context, c *dialpad.Client, who string, opts OffboardOptions) (*Report, error) {
	r := &Report{Op: OpOffboard, Who: who, DryRun: opts.DryRun}
	offboard(ctx, c, r, opts)
	return r, r.Err()
}

func offboard(ctx context.Context, c *dialpad.Client, r *Report, opts OffboardOptions) {
	final := StepSuspendUser
	if opts.Delete {
		final = StepDeleteUser
	}
	var (
		u   *dialpad.User
		err = errNilClient
	)
	if c != nil {
		u, err = resolve(ctx, c, strings.TrimSpace(r.Who))
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
	r.add(Step{Name: StepFindUser, Status: StatusDone, ID: r.UserID.String(), Detail: string(u.State)})

	switch {
	case u.State == dialpad.UserStateDeleted:
		r.add(Step{Name: final, Status: StatusSkipped, ID: r.UserID.String(), Detail: "already deleted"})
		return
	case !opts.Delete && u.State == dialpad.UserStateSuspended:
		r.add(Step{Name: final, Status: StatusSkipped, ID: r.UserID.String(), Detail: "already suspended"})
		return
	case !opts.Delete:
		if opts.DryRun {
			r.add(Step{Name: final, Status: StatusPlanned, ID: r.UserID.String(), Detail: "from " + string(u.State)})
			return
		}
		if _, err := c.Users.Update(ctx, r.UserID, &dialpad.UpdateUserRequest{State: dialpad.Ptr(dialpad.UserStateSuspended)}); err != nil {
			r.add(failed(r.UserID.String(), err).named(final))
			return
		}
		r.add(Step{Name: final, Status: StatusDone, ID: r.UserID.String(), Detail: "was " + string(u.State)})
		return
	}

	// A delete: numbers and desk phones first.
	phones, err := c.DeskPhones.List(ctx, r.UserID)
	if err != nil {
		r.add(failed(r.UserID.String(), err).named(StepListDeskPhones))
	} else {
		r.add(Step{Name: StepListDeskPhones, Status: StatusDone, ID: r.UserID.String(), Detail: fmt.Sprintf("%d desk phone(s)", len(phones))})
	}
	clean := err == nil
	for _, n := range u.PhoneNumbers {
		clean = act(r, Step{Name: StepUnassignNumber, ID: n}, opts.DryRun, func() error {
			_, err := c.Numbers.Unassign(ctx, r.UserID, n)
			return err
		}) && clean
	}
	for _, p := range phones {
		clean = act(r, Step{Name: StepDeleteDeskPhone, ID: p.ID, Detail: p.Name}, opts.DryRun, func() error {
			return c.DeskPhones.Delete(ctx, r.UserID, p.ID)
		}) && clean
	}
	switch {
	case opts.DryRun:
		r.add(Step{Name: final, Status: StatusPlanned, ID: r.UserID.String(), Detail: "from " + string(u.State)})
	case !clean:
		r.add(Step{Name: final, Status: StatusNotRun, ID: r.UserID.String(), Detail: "numbers and desk phones must be removed first"})
	default:
		if _, err := c.Users.Delete(ctx, r.UserID); err != nil {
			r.add(failed(r.UserID.String(), err).named(final))
			return
		}
		r.add(Step{Name: final, Status: StatusDone, ID: r.UserID.String(), Detail: "seat freed"})
	}
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
		if err != nil {
			return nil, invalid("who", "%q is not a user id", who)
		}
		return c.Users.Get(ctx, id)
	case strings.Contains(who, "@"):
		if err := checkEmail("email", who); err != nil {
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
