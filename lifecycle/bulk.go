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
}

// BulkReport is the outcome of a bulk run.
type BulkReport struct {
	// Reports holds one report per employee, in input order.
	Reports []*Report
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

// Succeeded counts the reports without a failed step.
func (b *BulkReport) Succeeded() int { return len(b.Reports) - len(b.Failed()) }

// Err joins the errors of the failed reports (each a *StepError, or a
// join of them), or returns nil when every employee succeeded.
func (b *BulkReport) Err() error {
	var errs []error
	for _, r := range b.Failed() {
		errs = append(errs, r.Err())
	}
	return errors.Join(errs...)
}

// OnboardAll onboards every request, opts.Workers at a time, and returns
// one report per request in input order. A request that fails (bad input,
// an unknown office, any failed step) fails only its own report; the rest
// of the batch goes on. A request with the same email as an earlier one is
// not run: its StepValidate fails with ErrDuplicate.
//
// When ctx is done, the requests not yet finished fail with the
// context's error (and roll back if they asked to).
func OnboardAll(ctx context.Context, c *dialpad.Client, reqs []OnboardRequest, opts BulkOptions) *BulkReport {
	first := map[string]int{}
	dup := make([]error, len(reqs))
	for i, req := range reqs {
		key := strings.ToLower(strings.TrimSpace(req.Email))
		if key == "" {
			continue
		}
		if j, ok := first[key]; ok {
			dup[i] = fmt.Errorf("%w: %s is also on %s", ErrDuplicate, req.Email, rowName(reqs[j].Line, j))
			continue
		}
		first[key] = i
	}
	return runAll(ctx, len(reqs), opts, func(ctx context.Context, i int) *Report {
		req := reqs[i]
		if dup[i] != nil {
			return &Report{Op: OpOnboard, Who: req.Email, Line: req.Line,
				Steps: []Step{failed("", dup[i]).named(StepValidate)}}
		}
		r, _ := Onboard(ctx, c, req)
		return r
	})
}

// OffboardAll offboards every user in who (emails or ids) with opts,
// bulk.Workers at a time, and returns one report per entry in input order.
// A failure fails only its own report. An entry repeating an earlier one
// is skipped (its StepFindUser says which entry handles it).
func OffboardAll(ctx context.Context, c *dialpad.Client, who []string, opts OffboardOptions, bulk BulkOptions) *BulkReport {
	first := map[string]int{}
	for i := len(who) - 1; i >= 0; i-- {
		first[strings.ToLower(strings.TrimSpace(who[i]))] = i
	}
	return runAll(ctx, len(who), bulk, func(ctx context.Context, i int) *Report {
		r := &Report{Op: OpOffboard, Who: who[i], DryRun: opts.DryRun}
		if j := first[strings.ToLower(strings.TrimSpace(who[i]))]; j != i {
			r.add(Step{Name: StepFindUser, Status: StatusSkipped, Detail: "same user as " + rowName(0, j)})
			return r
		}
		offboard(ctx, c, r, opts)
		return r
	})
}

// rowName names a request for messages: its CSV line, or its position.
func rowName(line, index int) string {
	if line > 0 {
		return fmt.Sprintf("line %d", line)
	}
	return fmt.Sprintf("row %d", index+1)
}

// runAll runs work for 0..n-1 on up to opts.Workers goroutines and
// collects the reports in order.
func runAll(ctx context.Context, n int, opts BulkOptions, work func(context.Context, int) *Report) *BulkReport {
	b := &BulkReport{Reports: make([]*Report, n)}
	workers := opts.Workers
	if workers <= 0 {
		workers = DefaultWorkers
	}
	workers = min(workers, n)
	next := make(chan int)
	var (
		mu       sync.Mutex
		finished int
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for i := range next {
				r := work(ctx, i)
				b.Reports[i] = r
				if opts.Progress != nil {
					mu.Lock()
					finished++
					opts.Progress(finished, n, r)
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return b
}
