package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// DefaultWorkers is how many employees a bulk run handles at once unless
// BulkOptions.Workers says otherwise.
const DefaultWorkers = 4

// BulkOptions tune OnboardAll and OffboardAll.
type BulkOptions struct {
	// Workers is how many employees are handled at once (default
	// DefaultWorkers). They all wait on the client's rate limiter, which
	// sets the real pace: more workers only help while requests are in
	// flight, not past the client's requests-per-second budget.
	Workers int
	// Progress, when set, is called once per finished employee with the
	// number finished so far, the total and that employee's report. Calls
	// never overlap, so Progress needs no locking, but the workers wait
	// while it runs.
	Progress func(done, total int, r *Report)
	// FitSeats makes an onboarding that needs more seats than an office
	// has free run as many employees as fit instead of being refused: in
	// each office and license, the first employees in input order take
	// the free seats and the rest are left out (Report.SkippedForSeats,
	// StepCheckSeats skipped, nothing sent). OffboardAll ignores it.
	FitSeats bool
}

// BulkReport is the outcome of a bulk run.
type BulkReport struct {
	// Reports holds one report per employee, in input order.
	Reports []*Report
	// Seats is OnboardAll's seat pre-flight: per office and license the
	// run creates users with, the seats needed and free before the run.
	// Licenses Dialpad gives no free count for are not in it.
	Seats []SeatCount
	// Refused is set when OnboardAll refused the whole run before
	// changing anything: a *SeatError when the seats did not suffice (and
	// FitSeats was not set), or the error that kept the free seats from
	// being read. Every employee that got that far then fails
	// StepCheckSeats with this error.
	Refused error
}

// Failed returns the reports whose run failed, in input order.
func (b *BulkReport) Failed() []*Report {
	var out []*Report
	for _, r := range b.Reports {
		if r.Err() != nil {
			out = append(out, r)
		}
	}
	return out
}

// Skipped returns the reports of the employees a FitSeats run left out for
// want of a seat, in input order.
func (b *BulkReport) Skipped() []*Report {
	var out []*Report
	for _, r := range b.Reports {
		if r.SkippedForSeats {
			out = append(out, r)
		}
	}
	return out
}

// Succeeded counts the reports without a failed step, other than those
// skipped for want of a seat.
func (b *BulkReport) Succeeded() int {
	n := 0
	for _, r := range b.Reports {
		if r.Err() == nil && !r.SkippedForSeats {
			n++
		}
	}
	return n
}

// Err returns nil when every employee succeeded (or was skipped for want
// of a seat). Otherwise it joins Refused, when set, and the errors of the
// failed reports (each a *StepError, or a join of them), leaving out the
// refusal each report repeats.
func (b *BulkReport) Err() error {
	var errs []error
	if b.Refused != nil {
		errs = append(errs, b.Refused)
	}
	for _, r := range b.Reports {
		if err := r.errExcept(b.Refused); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// OnboardAll onboards every request and returns one report per request in
// input order. A request that fails (bad input, an unknown office, any
// failed step) fails only its own report; the rest of the batch goes on.
// A request with the same email as an earlier one is not run: its
// StepValidate fails with ErrDuplicate.
//
// It runs in two passes, opts.Workers requests at a time. The first only
// reads: it checks every request, resolves office, call center and
// department names (listing each kind once for the whole run, not once
// per row) and looks for users an earlier run left. Then the seat
// pre-flight counts, per office and license, the users the run will
// create: not requests that adopt an existing user, nor those that
// failed already. It reads each office's free seats once
// (Offices.AvailableLicenses: talk seats are its TalkLines, agents its
// SellLines, lite_support_agents its ContactCenterLines; other licenses
// have no count there and are not checked). If some office is short,
// the whole run is refused before any request that changes anything:
// BulkReport.Refused is a *SeatError with the shortfall table, unless
// opts.FitSeats runs as many as fit. The second pass then creates and
// sets up the users.
//
// When ctx is done, the requests not yet finished fail with the
// context's error (and roll back if they asked to).
func OnboardAll(ctx context.Context, c *dialpad.Client, reqs []OnboardRequest, opts BulkOptions) *BulkReport {
	dir := newDirectory(c)
	rows := make([]*onboarding, len(reqs))
	first := map[string]int{}
	for i, req := range reqs {
		o := &onboarding{c: c, dir: dir, req: req, r: &Report{Op: OpOnboard, Who: req.Email, Line: req.Line}}
		if key := strings.ToLower(strings.TrimSpace(req.Email)); key != "" {
			if j, ok := first[key]; ok {
				o.dup = fmt.Errorf("%w: %s is also on %s", ErrDuplicate, req.Email, rowName(reqs[j].Line, j))
			} else {
				first[key] = i
			}
		}
		rows[i] = o
	}
	b := &BulkReport{Reports: make([]*Report, len(reqs))}
	each(len(rows), opts.Workers, func(i int) { rows[i].prepare(ctx) })
	if c != nil {
		b.Seats, b.Refused = checkSeats(ctx, c, rows, opts.FitSeats)
	}
	done := progress(len(rows), opts)
	each(len(rows), opts.Workers, func(i int) {
		rows[i].execute(ctx)
		b.Reports[i] = rows[i].r
		done(rows[i].r)
	})
	return b
}

// OffboardAll offboards every request (its Who as Offboard takes it, with
// its own options), opts.Workers at a time, and returns one report per
// request in input order. A failure fails only its own report. A request
// for the same Who as an earlier one is skipped (its StepFindUser says
// which request handles it). The names of call centers, departments and
// offices in the steps are listed once for the whole run.
func OffboardAll(ctx context.Context, c *dialpad.Client, reqs []OffboardRequest, opts BulkOptions) *BulkReport {
	first := map[string]int{}
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].RowErr == nil {
			first[strings.ToLower(strings.TrimSpace(reqs[i].Who))] = i
		}
	}
	dir := newDirectory(c)
	b := &BulkReport{Reports: make([]*Report, len(reqs))}
	done := progress(len(reqs), opts)
	each(len(reqs), opts.Workers, func(i int) {
		req := reqs[i]
		r := &Report{Op: OpOffboard, Who: req.Who, Line: req.Line, DryRun: req.DryRun}
		if j, ok := first[strings.ToLower(strings.TrimSpace(req.Who))]; ok && j != i && req.RowErr == nil {
			r.add(Step{Name: StepFindUser, Status: StatusSkipped, Detail: "same user as " + rowName(reqs[j].Line, j)})
		} else {
			offboard(ctx, c, dir, r, req)
		}
		b.Reports[i] = r
		done(r)
	})
	return b
}

// rowName names a request for messages: its CSV line, or its position.
func rowName(line, index int) string {
	if line > 0 {
		return fmt.Sprintf("line %d", line)
	}
	return fmt.Sprintf("row %d", index+1)
}

// progress returns the function a bulk run calls as each employee
// finishes: it counts them and calls opts.Progress, one call at a time.
func progress(total int, opts BulkOptions) func(*Report) {
	var (
		mu       sync.Mutex
		finished int
	)
	return func(r *Report) {
		if opts.Progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		finished++
		opts.Progress(finished, total, r)
	}
}

// each runs work for 0..n-1 on up to workers goroutines (DefaultWorkers
// when workers is not positive) and returns when all are done.
func each(n, workers int, work func(int)) {
	if workers <= 0 {
		workers = DefaultWorkers
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				work(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
