package lifecycle_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

// badRow is a row of employeesCSV that must fail, and how.
type badRow struct {
	line  int    // CSV line (the header is line 1)
	row   string // the row's fields
	check func(t *testing.T, r *lifecycle.Report)
	// text must appear in the row's error.
	text string
}

// employeesCSV returns a CSV of n employees for office, the rows listed in
// bad replacing the good ones on their lines.
func employeesCSV(office int64, n int, bad []badRow) string {
	var b strings.Builder
	b.WriteString("email,first_name,last_name,office_id,license,area_code,number\n")
	for i := range n {
		line := i + 2
		if j := slices.IndexFunc(bad, func(r badRow) bool { return r.line == line }); j >= 0 {
			b.WriteString(bad[j].row + "\n")
			continue
		}
		fmt.Fprintf(&b, "emp%03d@example.com,Emp,Number %d,%d,talk,,\n", i, i, office)
	}
	return b.String()
}

// badRows are five rows that each fail in their own way.
func badRows(e *env) []badRow {
	wantStep := func(step lifecycle.StepName, target error) func(t *testing.T, r *lifecycle.Report) {
		return func(t *testing.T, r *lifecycle.Report) {
			t.Helper()
			var se *lifecycle.StepError
			if err := r.Err(); !errors.As(err, &se) || se.Step != step || !errors.Is(err, target) {
				t.Errorf("line %d: err = %v, want %s failing with %v", r.Line, err, step, target)
			}
		}
	}
	var ve *dialpad.ValidationError
	return []badRow{
		{line: 19, row: "ghost@example.com,Gus,Ghost,999,talk,,", text: "office 999",
			check: wantStep(lifecycle.StepCreateUser, lifecycle.ErrUnknownOffice)},
		{line: 44, row: fmt.Sprintf("not-an-email,No,Mail,%d,talk,,", e.office), text: `"not-an-email" is not an email`,
			check: func(t *testing.T, r *lifecycle.Report) {
				if !errors.As(r.Err(), &ve) || ve.Field != "email" {
					t.Errorf("line %d: err = %v, want a validation error for email", r.Line, r.Err())
				}
			}},
		{line: 90, row: "abc@example.com,Ab,C,abc,talk,,", text: `"abc" is not a positive id`,
			check: func(t *testing.T, r *lifecycle.Report) {
				if s, _ := r.Step(lifecycle.StepValidate); s.Status != F || !errors.As(s.Err, &ve) || ve.Field != "office_id" {
					t.Errorf("line %d: validate step %+v, want a validation error for office_id", r.Line, s)
				}
			}},
		{line: 125, row: fmt.Sprintf("emp005@example.com,Dup,Licate,%d,talk,,", e.office), text: "also on line 7",
			check: wantStep(lifecycle.StepValidate, lifecycle.ErrDuplicate)},
		{line: 172, row: fmt.Sprintf("ported@example.com,Por,Ted,%d,talk,,+15555550123", e.office), text: "not in the company's inventory",
			check: func(t *testing.T, r *lifecycle.Report) {
				wantStep(lifecycle.StepAssignNumber, dialpad.ErrNotFound)(t, r)
				if !r.RolledBack || len(r.Exists) != 0 {
					t.Errorf("line %d: RolledBack %v Exists %v, want a complete rollback", r.Line, r.RolledBack, r.Exists)
				}
			}},
	}
}

// runBulk onboards 200 employees, 5 of them bad, with rollback, and checks
// the outcome: 195 users with a number each, 5 clear errors, nothing left
// of the bad rows, no 429 in the server's log.
func runBulk(t *testing.T, e *env, c *dialpad.Client) {
	const n = 200
	bad := badRows(e)
	seats := e.freeSeats(t)
	reqs, err := lifecycle.ReadOnboardCSV(strings.NewReader(employeesCSV(e.office, n, bad)))
	must(t, err)
	for i := range reqs {
		reqs[i].Rollback = true
	}
	var progress []int
	start := time.Now()
	b := lifecycle.OnboardAll(t.Context(), c, reqs, lifecycle.BulkOptions{
		Progress: func(done, total int, r *lifecycle.Report) {
			if total != n || r == nil {
				t.Errorf("Progress(%d, %d, %v)", done, total, r)
			}
			progress = append(progress, done)
		},
	})
	t.Logf("%d employees in %v (%d requests)", n, time.Since(start).Round(time.Millisecond), len(e.srv.Requests()))

	if len(b.Reports) != n {
		t.Fatalf("%d reports, want %d", len(b.Reports), n)
	}
	for i, r := range b.Reports {
		if r.Line != i+2 {
			t.Fatalf("report %d is for line %d, want %d: reports out of order", i, r.Line, i+2)
		}
	}
	if got := b.Succeeded(); got != n-len(bad) {
		t.Errorf("%d succeeded, want %d", got, n-len(bad))
	}
	var failedLines []int
	for _, r := range b.Failed() {
		failedLines = append(failedLines, r.Line)
	}
	var badLines []int
	for _, br := range bad {
		badLines = append(badLines, br.line)
		r := b.Reports[br.line-2]
		br.check(t, r)
		if err := r.Err(); err == nil || !strings.Contains(err.Error(), br.text) ||
			!strings.Contains(err.Error(), fmt.Sprintf("(line %d)", br.line)) {
			t.Errorf("line %d: error %q should name the line and say %q", br.line, err, br.text)
		}
	}
	if !slices.Equal(failedLines, badLines) {
		t.Errorf("failed lines %v, want %v", failedLines, badLines)
	}
	if err := b.Err(); err == nil || strings.Count(err.Error(), "\n") != len(bad)-1 {
		t.Errorf("BulkReport.Err() = %v, want the %d row errors", err, len(bad))
	}
	if want := slices.Collect(func(yield func(int) bool) {
		for i := 1; i <= n; i++ {
			if !yield(i) {
				return
			}
		}
	}); !slices.Equal(progress, want) {
		t.Errorf("progress went %v", progress)
	}

	if got := len(e.liveUsers(t)); got != n-len(bad) {
		t.Errorf("%d live users, want %d", got, n-len(bad))
	}
	if got := e.freeSeats(t); got != seats-(n-len(bad)) {
		t.Errorf("%d free seats, want %d", got, seats-(n-len(bad)))
	}
	if got := len(e.assigned()); got != n-len(bad) {
		t.Errorf("%d numbers assigned, want %d", got, n-len(bad))
	}
	var limited int
	for _, q := range e.srv.Requests() {
		if q.Status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited != 0 {
		t.Errorf("the server answered 429 %d times", limited)
	}
}

func TestOnboardAll(t *testing.T) {
	t.Parallel()
	e := setup(t, 200, 200)
	runBulk(t, e, e.c)
}

// TestOnboardAllPaced runs the same batch against the fake with its rate
// limits on (20 requests in any one-second window, per-endpoint limits),
// with a client paced at the company limit less 10% and its per-endpoint
// limiters on. It takes about 22 s and must never see a 429.
//
// The client's default pacing (99% of the limit, so 10 ms of slack per
// second) is not used: on loopback the arrival times of its requests
// jitter by up to ~35 ms, and about one run in two then sees one or two
// 429s (which the SDK retries, so the batch still succeeds).
func TestOnboardAllPaced(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 22 s")
	}
	t.Parallel()
	e := setup(t, 200, 200)
	e.srv.SetRateLimits(true)
	c, err := dialpad.NewClient(e.srv.APIKey, dialpad.WithBaseURL(e.srv.URL),
		dialpad.WithRateLimit(0.9*dialpad.CompanyRateLimit, 1))
	must(t, err)
	runBulk(t, e, c)
}

func TestOffboardAll(t *testing.T) {
	t.Parallel()
	e := setup(t, 20, 20)
	var who []string
	for i := range 20 {
		email := fmt.Sprintf("leaver%02d@example.com", i)
		_, err := e.srv.AddUser(dialpadtest.User{OfficeID: e.office, Emails: []string{email}, PhoneNumbers: []string{e.numbers[i]}})
		must(t, err)
		who = append(who, email)
	}
	who = append(who, "ghost@example.com", "LEAVER03@example.com", "4242", "bad who")
	var calls int
	opts := lifecycle.BulkOptions{Workers: 8, Progress: func(done, total int, r *lifecycle.Report) { calls++ }}
	b := lifecycle.OffboardAll(t.Context(), e.c, who, lifecycle.OffboardOptions{Delete: true}, opts)
	if calls != len(who) {
		t.Errorf("Progress called %d times, want %d", calls, len(who))
	}
	for i, r := range b.Reports[:20] {
		if !r.Changed() || r.Err() != nil {
			t.Errorf("%s: Changed %v, err %v", who[i], r.Changed(), r.Err())
		}
	}
	if r := b.Reports[20]; !r.NothingToDo() {
		t.Errorf("ghost: %s", r)
	}
	if s, _ := b.Reports[21].Step(lifecycle.StepFindUser); s.Status != S || s.Detail != "same user as row 4" {
		t.Errorf("duplicate: %s", b.Reports[21])
	}
	if !errors.Is(b.Reports[22].Err(), dialpad.ErrNotFound) {
		t.Errorf("unknown id: %v", b.Reports[22].Err())
	}
	var ve *dialpad.ValidationError
	if !errors.As(b.Reports[23].Err(), &ve) {
		t.Errorf("bad who: %v", b.Reports[23].Err())
	}
	if got := e.assigned(); len(got) != 0 || len(e.liveUsers(t)) != 0 {
		t.Errorf("left: numbers %v, users %v", got, e.liveUsers(t))
	}

	// Again: nothing to do, but for the two bad entries.
	e.srv.ClearRequests()
	b = lifecycle.OffboardAll(t.Context(), e.c, who, lifecycle.OffboardOptions{Delete: true}, lifecycle.BulkOptions{})
	if got := len(b.Failed()); got != 2 {
		t.Errorf("second run: %d failed, want 2", got)
	}
	for _, r := range b.Reports[:22] {
		if !r.NothingToDo() {
			t.Errorf("second run: %s", r)
		}
	}
	if n := writes(e.srv.Requests()); n != 0 {
		t.Errorf("second run: %d writes", n)
	}
}

func TestOnboardAllCanceled(t *testing.T) {
	t.Parallel()
	e := setup(t, 5, 5)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	reqs := []lifecycle.OnboardRequest{
		{Email: "a@example.com", OfficeID: dialpad.ID(e.office), Rollback: true},
		{Email: "b@example.com", OfficeID: dialpad.ID(e.office)},
	}
	b := lifecycle.OnboardAll(ctx, e.c, reqs, lifecycle.BulkOptions{Workers: 1})
	for _, r := range b.Reports {
		if !errors.Is(r.Err(), context.Canceled) {
			t.Errorf("%s: err = %v, want context.Canceled", r.Who, r.Err())
		}
	}
	if n := writes(e.srv.Requests()); n != 0 {
		t.Errorf("%d writes after cancel", n)
	}
	if b := lifecycle.OnboardAll(t.Context(), e.c, nil, lifecycle.BulkOptions{}); len(b.Reports) != 0 || b.Err() != nil {
		t.Errorf("empty batch: %+v", b)
	}
}
