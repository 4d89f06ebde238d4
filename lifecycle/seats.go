package lifecycle

import (
	"context"
	"fmt"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// SeatCount is one line of a bulk onboarding's seat pre-flight: the seats
// of one license in one office that the run needs, and how many are free.
type SeatCount struct {
	// OfficeID is the office's id.
	OfficeID dialpad.ID
	// Office is the office's name.
	Office string
	// License is the kind of seat counted.
	License dialpad.License
	// Needed counts the users the run would create with this license in
	// this office: rows that adopt an existing user, and rows that failed
	// before (bad input, duplicates, unknown office), need none.
	Needed int
	// Free is the office's free seats of the license, as
	// Offices.AvailableLicenses reported them before the run.
	Free int
	// Short is Needed - Free when that is positive, else zero.
	Short int
}

// SeatError refuses a bulk onboarding that needs more seats of some
// license in some office than are free. Nothing was changed. It matches
// ErrNotEnoughSeats.
type SeatError struct {
	// Shortfalls lists the offices and licenses without enough free
	// seats, in the order the run first needed them.
	Shortfalls []SeatCount
}

// Error returns one line: "lifecycle: not enough free seats: office
// "Sales" talk: 30 needed, 25 free, 5 short (set BulkOptions.FitSeats to
// onboard as many as fit)".
func (e *SeatError) Error() string {
	parts := make([]string, len(e.Shortfalls))
	for i, s := range e.Shortfalls {
		parts[i] = fmt.Sprintf("office %q %s: %d needed, %d free, %d short", s.Office, s.License, s.Needed, s.Free, s.Short)
	}
	return ErrNotEnoughSeats.Error() + ": " + strings.Join(parts, "; ") + " (set BulkOptions.FitSeats to onboard as many as fit)"
}

// Is reports whether target is ErrNotEnoughSeats.
func (e *SeatError) Is(target error) bool { return target == ErrNotEnoughSeats }

// counted reports whether Dialpad counts free seats of license l, so that
// the pre-flight can check them (see dialpad.LineCounts.Seats).
func counted(l dialpad.License) bool {
	_, ok := dialpad.LineCounts{}.Seats(l)
	return ok
}

// license is the seat type a create takes: the request's, or Dialpad's
// default, talk.
func (r *OnboardRequest) license() dialpad.License {
	if r.License == "" {
		return dialpad.LicenseTalk
	}
	return r.License
}

// checkSeats is the seat pre-flight of an onboarding run. It runs after
// every row's read-only steps and before any row's first write. It counts
// the seats the rows that will create a user need, per office and license,
// reads each office's free seats once, and adds StepCheckSeats to every
// row still going. When some office is short it either refuses the run
// (every row fails StepCheckSeats with the *SeatError) or, with fit, lets
// the first rows in input order take the free seats and skips the rest.
// The error is the refusal, if any.
func checkSeats(ctx context.Context, c *dialpad.Client, rows []*onboarding, fit bool) ([]SeatCount, error) {
	type key struct {
		office  dialpad.ID
		license dialpad.License
	}
	var (
		order []key
		need  = map[key][]*onboarding{}
		going []*onboarding
	)
	for _, o := range rows {
		if o.stopped {
			continue
		}
		going = append(going, o)
		if lic := o.req.license(); !o.adopted && counted(lic) {
			k := key{o.office.id, lic}
			if need[k] == nil {
				order = append(order, k)
			}
			need[k] = append(need[k], o)
		}
	}

	var (
		table []SeatCount
		short []SeatCount
		free  = map[dialpad.ID]*dialpad.AvailableLicenses{}
	)
	for _, k := range order {
		office := need[k][0].office
		avail, ok := free[k.office]
		if !ok {
			var err error
			if avail, err = c.Offices.AvailableLicenses(ctx, k.office); err != nil {
				return table, refuse(going, fmt.Errorf("lifecycle: reading the free seats of office %q: %w", office.name, err))
			}
			free[k.office] = avail
		}
		n, _ := avail.Seats(k.license)
		sc := SeatCount{OfficeID: k.office, Office: office.name, License: k.license, Needed: len(need[k]),
			Free: int(max(0, n))}
		sc.Short = max(0, sc.Needed-sc.Free)
		table = append(table, sc)
		if sc.Short > 0 {
			short = append(short, sc)
		}
	}
	if len(short) > 0 && !fit {
		return table, refuse(going, &SeatError{Shortfalls: short})
	}

	for _, o := range going {
		if lic := o.req.license(); o.adopted {
			o.add(Step{Name: StepCheckSeats, Status: StatusSkipped, Detail: "the user exists; no seat needed"})
		} else if !counted(lic) {
			o.add(Step{Name: StepCheckSeats, Status: StatusSkipped,
				Detail: fmt.Sprintf("not checked: Dialpad counts no free %s seats", lic)})
		}
	}
	for i, k := range order {
		sc := table[i]
		for j, o := range need[k] {
			if j < sc.Free {
				o.add(Step{Name: StepCheckSeats, Status: StatusDone, ID: sc.OfficeID.String(),
					Detail: fmt.Sprintf("%s in %q: %d free, %d needed by this run", sc.License, sc.Office, sc.Free, sc.Needed)})
				continue
			}
			o.r.SkippedForSeats = true
			o.stopped = true
			o.add(Step{Name: StepCheckSeats, Status: StatusSkipped, ID: sc.OfficeID.String(),
				Detail: fmt.Sprintf("no free %s seat in %q: %d free, %d needed by this run", sc.License, sc.Office, sc.Free, sc.Needed)})
		}
	}
	return table, nil
}

// refuse fails StepCheckSeats of every row in going with err, and returns
// err.
func refuse(going []*onboarding, err error) error {
	for _, o := range going {
		o.add(Step{Name: StepCheckSeats, Status: StatusFailed, Err: err, Detail: "run refused"})
		o.stopped = true
	}
	return err
}
