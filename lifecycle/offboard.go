package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/roster"
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
	// suspended, returning them to the company's inventory.
	ReleaseNumbers bool
	// DryRun plans without changing anything; the report's Plan says what
	// would be done.
	DryRun bool
	// Progress, when set, is told what is read and done (see roster.Event).
	Progress func(roster.Event)
}

// Offboard finds a user by email or numeric id (who) and offboards it: off
// every call-center, department and office operator list (in that order),
// then its numbers released (with opts.Delete or opts.ReleaseNumbers),
// then its desk phones deleted (with opts.Delete), then the user suspended
// or, with opts.Delete, deleted. It is roster.NewPlan of one person whose
// State is suspended or deleted, in roster.ModeBatch, followed by
// roster.Apply.
//
// A who that is neither an email nor a positive id (0, say) is a
// *dialpad.ValidationError, and two live users with the email are a
// *roster.RowError saying so, both before anything is sent. A user
// already offboarded, or an email no user has (Dialpad strips a deleted
// user's emails), is nothing to do: the report has no results and the
// error is nil. An unknown id is an error wrapping dialpad.ErrNotFound. A
// removal that Dialpad answers 404 is StatusAlready. The error is
// otherwise Report.Err().
func Offboard(ctx context.Context, c *dialpad.Client, who string, opts OffboardOptions) (*roster.Report, error) {
	if c == nil {
		return nil, errors.New("lifecycle: nil *dialpad.Client")
	}
	who = strings.TrimSpace(who)
	email := who
	if !strings.Contains(who, "@") {
		id, err := dialpad.ParseID(who)
		if err != nil { // ParseID takes positive ids only
			return nil, &dialpad.ValidationError{Field: "who", Reason: fmt.Sprintf("%q is neither an email nor a user id", who)}
		}
		u, err := c.Users.Get(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("lifecycle: offboard %s: %w", who, err)
		}
		if len(u.Emails) == 0 || u.State == dialpad.UserStateDeleted {
			plan := &roster.Plan{Mode: roster.ModeBatch, Unchanged: 1, Changes: []roster.Change{}}
			return &roster.Report{Plan: plan, DryRun: opts.DryRun, Results: []roster.Result{}}, nil
		}
		email = u.Emails[0]
	}
	state := dialpad.UserStateSuspended
	if opts.Delete {
		state = dialpad.UserStateDeleted
	}
	return run(ctx, c, roster.Person{Email: email, State: state},
		roster.PlanOptions{ReleaseNumbers: opts.ReleaseNumbers, Progress: opts.Progress},
		roster.ApplyOptions{DryRun: opts.DryRun, Progress: opts.Progress})
}
