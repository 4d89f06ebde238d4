package lifecycle

import (
	"context"
	"errors"
	"fmt"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/roster"
)

// OnboardOptions tune Onboard.
type OnboardOptions struct {
	// DryRun plans and checks (the user, the seats) without changing
	// anything; the report's Plan says what would be done.
	DryRun bool
	// Rollback deletes the user again when this call created it and a
	// later step (a number, a group, a setting) failed, after taking it
	// off the lists it joined and releasing its numbers. A user adopted
	// from an earlier run is never deleted.
	Rollback bool
	// Progress, when set, is told what is read and done (see roster.Event;
	// roster.NewPrinter prints it).
	Progress func(roster.Event)
}

// Onboard makes Dialpad hold the employee p describes: it creates the
// user in p.Office (with a number, unless p.NoNumber), or adopts one an
// earlier run created with the same email, and sets up what p asks for:
// job title and extension, call centers and departments, caller id, E911
// address, coaching team and do-not-disturb. It is roster.NewPlan of p
// alone in roster.ModeBatch followed by roster.Apply, and reads only what
// p needs (p's user by email, the offices and groups it names).
//
// p.State must be empty or active: offboard with Offboard. The returned
// report holds the plan (Report.Plan), one result per action and, with
// opts.DryRun, the actions as StatusPlanned. A bad record (an unknown
// office, with the close matches named, say) is an error before anything
// is sent, and so is a shortage of seats (*roster.SeatError). The error
// is otherwise Report.Err().
func Onboard(ctx context.Context, c *dialpad.Client, p roster.Person, opts OnboardOptions) (*roster.Report, error) {
	if p.State != "" && p.State != dialpad.UserStateActive {
		return nil, fmt.Errorf("lifecycle: onboard %s: state %q (offboard with Offboard)", p.Email, p.State)
	}
	return run(ctx, c, p, roster.PlanOptions{Progress: opts.Progress},
		roster.ApplyOptions{DryRun: opts.DryRun, Rollback: opts.Rollback, Progress: opts.Progress})
}

// run plans the one person p and applies the plan.
func run(ctx context.Context, c *dialpad.Client, p roster.Person, po roster.PlanOptions, ao roster.ApplyOptions) (*roster.Report, error) {
	if c == nil {
		return nil, errors.New("lifecycle: nil *dialpad.Client")
	}
	po.Mode = roster.ModeBatch
	plan, err := roster.NewPlan(ctx, c, []roster.Person{p}, po)
	if err != nil {
		return nil, err
	}
	return roster.Apply(ctx, c, plan, ao)
}
