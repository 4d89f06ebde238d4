package lifecycle_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
// bad replacing the good ones on their lines. Even rows name the office,
// odd ones give its id.
func employeesCSV(office dialpad.ID, n int, bad []badRow) string {
	var b strings.Builder
	b.WriteString("email,first_name,last_name,office,office_id,license,area_code,number\n")
	for i := range n {
		line := i + 2
		if j := slices.IndexFunc(bad, func(r badRow) bool { return r.line == line }); j >= 0 {
			b.WriteString(bad[j].row + "\n")
			continue
		}
		if i%2 == 0 {
			fmt.Fprintf(&b, "emp%03d@example.com,Emp,Number %d,%s,,talk,,\n", i, i, officeName)
		} else {
			fmt.Fprintf(&b, "emp%03d@example.com,Emp,Number %d,,%d,talk,,\n", i, i, office)
		}
	}
	return b.String()
}

// wantStep checks that a report failed at step with an error matching
// target.
func wantStep(step lifecycle.StepName, target error) func(t *testing.T, r *lifecycle.Report) {
	return func(t *testing.T, r *lifecycle.Report) {
		t.Helper()
		var se *lifecycle.StepError
		require.ErrorAs(t, r.Err(), &se, "line %d", r.Line)
		assert.Equal(t, step, se.Step, "line %d", r.Line)
		assert.ErrorIs(t, r.Err(), target, "line %d", r.Line)
	}
}

// wantInvalid checks that a report failed validation on field.
func wantInvalid(field string) func(t *testing.T, r *lifecycle.Report) {
	return func(t *testing.T, r *lifecycle.Report) {
		t.Helper()
		s, _ := r.Step(lifecycle.StepValidate)
		assert.Equal(t, F, s.Status, "line %d", r.Line)
		var ve *dialpad.ValidationError
		require.ErrorAs(t, s.Err, &ve, "line %d", r.Line)
		assert.Equal(t, field, ve.Field, "line %d", r.Line)
	}
}

// badRows are five rows that each fail in their own way.
func badRows(e *env) []badRow {
	return []badRow{
		{line: 19, row: "ghost@example.com,Gus,Ghost,,999,talk,,", text: "resolve_office: office does not exist: no office has id 999",
			check: wantStep(lifecycle.StepResolveOffice, lifecycle.ErrUnknownOffice)},
		{line: 44, row: fmt.Sprintf("not-an-email,No,Mail,,%d,talk,,", e.office), text: `"not-an-email" is not an email`,
			check: wantInvalid("email")},
		{line: 90, row: "abc@example.com,Ab,C,,abc,talk,,", text: `"abc" is not a positive id`,
			check: wantInvalid("office_id")},
		{line: 125, row: fmt.Sprintf("emp005@example.com,Dup,Licate,,%d,talk,,", e.office), text: "also on line 7",
			check: wantStep(lifecycle.StepValidate, lifecycle.ErrDuplicate)},
		{line: 172, row: fmt.Sprintf("ported@example.com,Por,Ted,%s,,talk,,+15555550123", officeName), text: "not in the company's inventory",
			check: func(t *testing.T, r *lifecycle.Report) {
				wantStep(lifecycle.StepAssignNumber, dialpad.ErrNotFound)(t, r)
				assert.True(t, r.RolledBack, "line %d", r.Line)
				assert.Empty(t, r.Exists, "line %d: want a complete rollback", r.Line)
			}},
	}
}

// bulkRequests is what runBulk sends for its 200 rows: the office listing
// and the free seats once; for each of the 195 good rows and the ported
// one the lookup and the create (which assigns the number); for the
// ported one also its assign, and the rollback's read and delete. The
// rows failing validation or the office send nothing.
var bulkRequests = map[string]int{
	"offices.list": 1, "plan.available_licenses.get": 1, "users.list": 196, "users.create": 196,
	"numbers.assign_user_number.post": 1, "users.get": 1, "users.delete": 1,
}

// runBulk onboards 200 employees, 5 of them bad, with rollback, on c, and
// checks the outcome: 195 users with a number each, 5 clear errors,
// nothing left of the bad rows, exactly the requests needed and no 429.
func runBulk(t *testing.T, e *env, c *dialpad.Client) {
	const n = 200
	bad := badRows(e)
	seats := e.freeSeats(t)
	reqs, err := lifecycle.ReadOnboardCSV(strings.NewReader(employeesCSV(e.office, n, bad)))
	require.NoError(t, err)
	for i := range reqs {
		reqs[i].Rollback = true
	}
	var progress []int
	b := lifecycle.OnboardAll(t.Context(), c, reqs, lifecycle.BulkOptions{
		Progress: func(done, total int, r *lifecycle.Report) {
			assert.Equal(t, n, total)
			assert.NotNil(t, r)
			progress = append(progress, done)
		},
	})

	require.Len(t, b.Reports, n)
	for i, r := range b.Reports {
		require.Equal(t, i+2, r.Line, "reports out of order")
	}
	assert.Equal(t, n-len(bad), b.Succeeded())
	assert.Nil(t, b.Refused)
	assert.Equal(t, []lifecycle.SeatCount{{OfficeID: e.office, Office: officeName, License: dialpad.LicenseTalk,
		Needed: n - len(bad) + 1, Free: seats}}, b.Seats) // the ported row needs a seat too
	var failedLines, badLines []int
	for _, r := range b.Failed() {
		failedLines = append(failedLines, r.Line)
	}
	for _, br := range bad {
		badLines = append(badLines, br.line)
		r := b.Reports[br.line-2]
		br.check(t, r)
		require.Error(t, r.Err())
		msg := r.Err().Error()
		assert.Contains(t, msg, br.text, "line %d", br.line)
		assert.Contains(t, msg, fmt.Sprintf("(line %d)", br.line))
		assert.Equal(t, 1, strings.Count(msg, "lifecycle:"), msg)
	}
	assert.Equal(t, badLines, failedLines)
	require.Error(t, b.Err())
	assert.Equal(t, len(bad)-1, strings.Count(b.Err().Error(), "\n"), "BulkReport.Err() holds the %d row errors", len(bad))
	want := make([]int, n)
	for i := range want {
		want[i] = i + 1
	}
	assert.Equal(t, want, progress)

	var live int
	for u, err := range c.Users.List(t.Context(), nil) {
		require.NoError(t, err)
		if u.ID != e.coach {
			live++
		}
	}
	assert.Equal(t, n-len(bad), live)
	assert.Equal(t, seats-(n-len(bad)), e.freeSeats(t))
	assert.Len(t, e.assigned(), n-len(bad))

	got := map[string]int{}
	var limited int
	for _, q := range e.srv.Requests() {
		if q.Operation != "users.list" || q.Query.Get("email") != "" { // leave out the listing just above
			got[q.Operation]++
		}
		if q.Status == http.StatusTooManyRequests {
			limited++
		}
	}
	assert.Equal(t, bulkRequests, got)
	assert.Zero(t, limited, "429 answers")
}

func TestOnboardAll(t *testing.T) {
	t.Parallel()
	e := setup(t, 200, 200)
	runBulk(t, e, e.c)
}

// TestOnboardAllPaced runs the same batch with the client's default
// pacing (the company limit, and the per-endpoint limits) against the
// fake with Dialpad's rate limits on: at most 20 requests in any sliding
// second. It runs in a testing/synctest bubble, so the client's limiter
// waits on a fake clock that the fake's windows follow too (see
// pacedClient): twenty seconds of paced traffic take a fraction of a
// second, and the outcome does not depend on how busy the machine is. Not
// one request may be answered 429, and no one-second window may hold more
// than 20 requests.
func TestOnboardAllPaced(t *testing.T) {
	t.Parallel()
	e := setup(t, 200, 200)
	e.srv.SetRateLimits(true)
	synctest.Test(t, func(t *testing.T) {
		runBulk(t, e, e.pacedClient(t))
	})
	reqs := e.srv.Requests()
	assert.Equal(t, dialpadtest.CompanyRateLimit, maxInWindow(reqs, time.Second))
	first, last := reqs[0].Time, reqs[len(reqs)-1].Time
	t.Logf("%d requests over %v of the fake's time", len(reqs), last.Sub(first))
}

// maxInWindow is the most requests that arrived within any span shorter
// than d.
func maxInWindow(reqs []dialpadtest.Request, d time.Duration) int {
	most, lo := 0, 0
	for hi := range reqs {
		for reqs[hi].Time.Sub(reqs[lo].Time) >= d {
			lo++
		}
		most = max(most, hi-lo+1)
	}
	return most
}

// seatRequests are n onboardings into setup's office by name, with no
// number asked for.
func seatRequests(n int) []lifecycle.OnboardRequest {
	reqs := make([]lifecycle.OnboardRequest, n)
	for i := range reqs {
		reqs[i] = lifecycle.OnboardRequest{Email: fmt.Sprintf("seat%02d@example.com", i), Office: officeName, NoNumber: true}
	}
	return reqs
}

// TestOnboardAllNotEnoughSeats: 30 employees for an office with 25 free
// talk seats. The run is refused before anything changes, with the
// shortfall; with FitSeats, the first 25 are onboarded and the last 5
// reported as skipped for want of a seat.
func TestOnboardAllNotEnoughSeats(t *testing.T) {
	t.Parallel()
	e := setup(t, 25, 0)
	require.Equal(t, 25, e.freeSeats(t))
	reqs := seatRequests(30)
	shortfall := lifecycle.SeatCount{OfficeID: e.office, Office: officeName, License: dialpad.LicenseTalk,
		Needed: 30, Free: 25, Short: 5}

	b := lifecycle.OnboardAll(t.Context(), e.c, reqs, lifecycle.BulkOptions{})
	assert.Empty(t, writes(e.srv.Requests()), "requests that change state")
	var seatErr *lifecycle.SeatError
	require.ErrorAs(t, b.Refused, &seatErr)
	assert.Equal(t, []lifecycle.SeatCount{shortfall}, seatErr.Shortfalls)
	assert.Equal(t, []lifecycle.SeatCount{shortfall}, b.Seats)
	require.ErrorIs(t, b.Err(), lifecycle.ErrNotEnoughSeats)
	assert.Equal(t, `lifecycle: not enough free seats: office "Onboarding" talk: 30 needed, 25 free, 5 short`+
		" (set BulkOptions.FitSeats to onboard as many as fit)", b.Err().Error(), "the refusal once, not once per row")
	assert.Len(t, b.Failed(), 30)
	assert.Zero(t, b.Succeeded())
	for _, r := range b.Reports {
		s, _ := r.Step(lifecycle.StepCheckSeats)
		assert.Equal(t, F, s.Status)
		assert.Same(t, seatErr, s.Err)
		wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepFindUser: D, lifecycle.StepCreateUser: NR})
	}
	assert.Equal(t, 25, e.freeSeats(t))
	assert.Empty(t, e.liveUsers(t))

	e.srv.ClearRequests()
	b = lifecycle.OnboardAll(t.Context(), e.c, reqs, lifecycle.BulkOptions{FitSeats: true})
	require.NoError(t, b.Err())
	assert.Nil(t, b.Refused)
	assert.Equal(t, []lifecycle.SeatCount{shortfall}, b.Seats)
	assert.Equal(t, 25, b.Succeeded())
	assert.Empty(t, b.Failed())
	skipped := b.Skipped()
	require.Len(t, skipped, 5)
	for i, r := range skipped {
		assert.Equal(t, reqs[25+i].Email, r.Who)
		assert.True(t, r.SkippedForSeats)
		s, _ := r.Step(lifecycle.StepCheckSeats)
		assert.Equal(t, lifecycle.Step{Name: lifecycle.StepCheckSeats, Status: S, ID: e.office.String(),
			Detail: `no free talk seat in "Onboarding": 25 free, 30 needed by this run`}, s)
		wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepCreateUser: NR})
		assert.Contains(t, r.Summary(), "skipped, no free seat")
	}
	for _, r := range b.Reports[:25] {
		assert.False(t, r.SkippedForSeats)
		wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepCheckSeats: D, lifecycle.StepCreateUser: D})
	}
	assert.Equal(t, slices.Repeat([]string{"users.create"}, 25), writes(e.srv.Requests()))
	assert.Zero(t, e.freeSeats(t))
	assert.Len(t, e.liveUsers(t), 25)
}

// TestOnboardAllSeatsCounted: the pre-flight counts only the users a run
// will create, per license: not rows that adopt an existing user, nor
// duplicates; agents seats are the office's sell lines and
// lite_support_agents seats its contact-center lines; licenses without a
// count are not checked.
func TestOnboardAllSeatsCounted(t *testing.T) {
	t.Parallel()
	e := setup(t, 25, 0)
	reqs := seatRequests(25)
	for _, r := range reqs[:3] { // three users exist already: 22 talk seats left
		_, err := e.srv.AddUser(dialpadtest.User{OfficeID: e.office, Emails: []string{r.Email}})
		require.NoError(t, err)
	}
	reqs = append(reqs, reqs[10], reqs[11]) // duplicates
	reqs = append(reqs,
		lifecycle.OnboardRequest{Email: "seller@example.com", Office: officeName, License: dialpad.LicenseAgents, NoNumber: true},
		lifecycle.OnboardRequest{Email: "support@example.com", Office: officeName, License: dialpad.LicenseLiteSupportAgents, NoNumber: true},
		lifecycle.OnboardRequest{Email: "boss@example.com", Office: officeName, License: dialpad.LicenseAdmins, NoNumber: true})
	office := e.office
	table := []lifecycle.SeatCount{
		{OfficeID: office, Office: officeName, License: dialpad.LicenseTalk, Needed: 22, Free: 22},
		{OfficeID: office, Office: officeName, License: dialpad.LicenseAgents, Needed: 1, Free: 1},
		{OfficeID: office, Office: officeName, License: dialpad.LicenseLiteSupportAgents, Needed: 1, Free: 0, Short: 1},
	}

	b := lifecycle.OnboardAll(t.Context(), e.c, reqs, lifecycle.BulkOptions{})
	assert.Equal(t, table, b.Seats)
	var seatErr *lifecycle.SeatError
	require.ErrorAs(t, b.Refused, &seatErr)
	assert.Equal(t, table[2:], seatErr.Shortfalls)
	assert.Empty(t, writes(e.srv.Requests()))

	b = lifecycle.OnboardAll(t.Context(), e.c, reqs, lifecycle.BulkOptions{FitSeats: true})
	assert.Equal(t, table, b.Seats)
	require.Len(t, b.Skipped(), 1)
	assert.Equal(t, "support@example.com", b.Skipped()[0].Who)
	// The duplicates fail; the admins row is not pre-checked, and Dialpad
	// (the fake: the office has no admins seats) refuses its create.
	var failed []string
	for _, r := range b.Failed() {
		failed = append(failed, r.Who)
	}
	assert.Equal(t, []string{reqs[10].Email, reqs[11].Email, "boss@example.com"}, failed)
	s, _ := b.Reports[len(reqs)-1].Step(lifecycle.StepCheckSeats)
	assert.Equal(t, S, s.Status)
	for _, r := range b.Reports[:3] {
		s, _ := r.Step(lifecycle.StepCheckSeats)
		assert.Equal(t, lifecycle.Step{Name: lifecycle.StepCheckSeats, Status: S, Detail: "the user exists; no seat needed"}, s)
	}
	assert.Equal(t, 3+22+1, b.Succeeded())
	assert.Zero(t, e.freeSeats(t))
}

func TestOffboardAll(t *testing.T) {
	t.Parallel()
	e := setup(t, 20, 20)
	var reqs []lifecycle.OffboardRequest
	del := lifecycle.OffboardOptions{Delete: true}
	for i := range 20 {
		email := fmt.Sprintf("leaver%02d@example.com", i)
		_, err := e.srv.AddUser(dialpadtest.User{OfficeID: e.office, Emails: []string{email}, PhoneNumbers: []string{e.numbers[i]}})
		require.NoError(t, err)
		reqs = append(reqs, lifecycle.OffboardRequest{Who: email, OffboardOptions: del})
	}
	for _, who := range []string{"ghost@example.com", "LEAVER03@example.com", "4242", "bad who"} {
		reqs = append(reqs, lifecycle.OffboardRequest{Who: who, OffboardOptions: del})
	}
	var calls int
	opts := lifecycle.BulkOptions{Workers: 8, Progress: func(done, total int, r *lifecycle.Report) { calls++ }}
	b := lifecycle.OffboardAll(t.Context(), e.c, reqs, opts)
	assert.Equal(t, len(reqs), calls, "Progress calls")
	for _, r := range b.Reports[:20] {
		assert.True(t, r.Changed(), "%s", r)
		assert.NoError(t, r.Err())
	}
	assert.True(t, b.Reports[20].NothingToDo(), "ghost: %s", b.Reports[20])
	s, _ := b.Reports[21].Step(lifecycle.StepFindUser)
	assert.Equal(t, lifecycle.Step{Name: lifecycle.StepFindUser, Status: S, Detail: "same user as row 4"}, s)
	assert.ErrorIs(t, b.Reports[22].Err(), dialpad.ErrNotFound, "unknown id")
	var ve *dialpad.ValidationError
	assert.ErrorAs(t, b.Reports[23].Err(), &ve, "bad who")
	assert.Empty(t, e.assigned())
	assert.Empty(t, e.liveUsers(t))

	// Again: nothing to do, but for the two bad entries.
	e.srv.ClearRequests()
	b = lifecycle.OffboardAll(t.Context(), e.c, reqs, lifecycle.BulkOptions{})
	assert.Len(t, b.Failed(), 2)
	for _, r := range b.Reports[:22] {
		assert.True(t, r.NothingToDo(), "second run: %s", r)
	}
	assert.Empty(t, writes(e.srv.Requests()))
}

func TestOnboardAllCanceled(t *testing.T) {
	t.Parallel()
	e := setup(t, 5, 5)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	reqs := []lifecycle.OnboardRequest{
		{Email: "a@example.com", OfficeID: e.office, Rollback: true},
		{Email: "b@example.com", Office: officeName},
	}
	b := lifecycle.OnboardAll(ctx, e.c, reqs, lifecycle.BulkOptions{Workers: 1})
	for _, r := range b.Reports {
		assert.ErrorIs(t, r.Err(), context.Canceled, r.Who)
	}
	assert.Empty(t, writes(e.srv.Requests()))
	b = lifecycle.OnboardAll(t.Context(), e.c, nil, lifecycle.BulkOptions{})
	assert.Empty(t, b.Reports)
	assert.NoError(t, b.Err())
}
