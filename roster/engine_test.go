package roster_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/lifecycle"
	"github.com/dialpad-community/dialpad-go/roster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// demo is the demo company of dialpadtest and a fast client for it.
func demo(t *testing.T) (*dialpadtest.Server, *dialpad.Client, []roster.Person) {
	t.Helper()
	srv := dialpadtest.NewServer(dialpadtest.WithEmptyState())
	t.Cleanup(srv.Close)
	require.NoError(t, srv.SeedDemo())
	people, err := roster.ReadCSV(bytes.NewReader(dialpadtest.DemoEmployeesCSV()))
	require.NoError(t, err)
	return srv, fastClient(t, srv), people
}

// leavers splits people into those who stay and those who leave.
func leavers(people []roster.Person) (stay, leave []roster.Person) {
	for _, p := range people {
		if p.State == dialpad.UserStateSuspended || p.State == dialpad.UserStateDeleted {
			leave = append(leave, p)
		} else {
			stay = append(stay, p)
		}
	}
	return stay, leave
}

// job plans and applies people under opts: first a dry run, which must
// send no write and report every action planned; then for real; then a
// second plan and apply, which must send no write at all.
func job(t *testing.T, srv *dialpadtest.Server, c *dialpad.Client, people []roster.Person, opts roster.PlanOptions) *roster.Report {
	t.Helper()
	ctx := context.Background()
	srv.ClearRequests()
	plan, err := roster.NewPlan(ctx, c, people, opts)
	require.NoError(t, err)
	require.False(t, plan.Empty())
	dry, err := roster.Apply(ctx, c, plan, roster.ApplyOptions{DryRun: true})
	require.NoError(t, err)
	assert.Equal(t, len(dry.Results), dry.Count(roster.StatusPlanned))
	assert.Empty(t, writes(srv), "a dry run sends no write")

	rep, err := roster.Apply(ctx, c, plan, roster.ApplyOptions{})
	require.NoError(t, err, statuses(rep))
	assert.Equal(t, len(rep.Results), rep.Count(roster.StatusDone)+rep.Count(roster.StatusAlready), statuses(rep))

	srv.ClearRequests()
	again, err := roster.NewPlan(ctx, c, people, opts)
	require.NoError(t, err)
	assert.True(t, again.Empty(), text(t, again))
	rep2, err := roster.Apply(ctx, c, again, roster.ApplyOptions{})
	require.NoError(t, err)
	assert.Empty(t, rep2.Results)
	assert.Empty(t, writes(srv), "a second run sends no write")
	return rep
}

// TestOneCSVDrivesEveryJob: the demo company's one CSV onboards (its
// active rows, in batch), offboards (its leavers, in batch) and syncs (all
// of it) against the fake; each job's dry run sends no write, and each
// job's second run sends none either.
func TestOneCSVDrivesEveryJob(t *testing.T) {
	t.Parallel()
	sync := roster.PlanOptions{Mode: roster.ModeSync, Offices: dialpadtest.DemoScope.Offices,
		EmailDomains: dialpadtest.DemoScope.EmailDomains, Protected: dialpadtest.DemoScope.Protected}

	t.Run("onboard then offboard", func(t *testing.T) {
		t.Parallel()
		srv, c, people := demo(t)
		stay, leave := leavers(people)
		rep := job(t, srv, c, stay, roster.PlanOptions{})
		assert.Equal(t, 2, rep.Plan.Count(roster.KindCreate)) // Hedy and Radia
		assert.Equal(t, 0, rep.Plan.Removals())
		rep = job(t, srv, c, leave, roster.PlanOptions{})
		assert.Equal(t, 1, rep.Plan.Count(roster.KindSuspend)) // Mary
		assert.Equal(t, 1, rep.Plan.Count(roster.KindDelete))  // John
		// Everything is now as the CSV says: a sync finds nothing to do.
		plan, err := roster.NewPlan(context.Background(), c, people, sync)
		require.NoError(t, err)
		assert.True(t, plan.Empty(), text(t, plan))
	})
	t.Run("sync", func(t *testing.T) {
		t.Parallel()
		srv, c, people := demo(t)
		rep := job(t, srv, c, people, sync)
		assert.Equal(t, 2, rep.Plan.Count(roster.KindCreate))
		assert.Equal(t, 1, rep.Plan.Count(roster.KindDelete))
		assert.Len(t, rep.Plan.Spared, 1) // the IT admin, protected
	})
}

// TestBatchOffboardOrder: a leaver who is an operator of two call centers
// and a department leaves all three before the numbers are released, and
// the desk phone goes before the user is deleted; on the wire, in that
// order.
func TestBatchOffboardOrder(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	id := co.user(t, dialpadtest.User{Emails: []string{"leaver@example.com"}, License: "agents",
		PhoneNumbers: []string{"+14155551000"}})
	keep := co.user(t, dialpadtest.User{Emails: []string{"stays@example.com"}})
	_, err := co.srv.AddDeskPhone(dialpadtest.DeskPhone{UserID: id, Name: "desk"})
	require.NoError(t, err)
	for _, g := range []dialpad.ID{co.support, co.escalations} {
		_, err := co.c.CallCenters.AddOperator(context.Background(), g, &dialpad.AddCallCenterOperatorRequest{UserID: id})
		require.NoError(t, err)
	}
	_, err = co.c.Departments.AddOperator(context.Background(), co.sales, &dialpad.AddOperatorRequest{OperatorID: id, OperatorType: dialpad.OperatorTypeUser})
	require.NoError(t, err)

	people, err := roster.ReadCSV(strings.NewReader("email,state\nleaver@example.com,deleted\n"))
	require.NoError(t, err)
	co.srv.ClearRequests()
	plan := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeBatch})
	assert.Regexp(t, `- delete leaver@example.com  leave callcenter .+[^,] \(deleted in roster\)\n`, plan.String(),
		"the removals, then the reason")
	co.srv.ClearRequests()
	rep, err := roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{})
	require.NoError(t, err, statuses(rep))
	var ops []string
	for _, r := range co.srv.Requests() {
		if r.Method != http.MethodGet {
			ops = append(ops, r.Operation)
		}
	}
	assert.Equal(t, []string{
		"callcenters.operators.delete", "callcenters.operators.delete", "departments.operators.delete",
		"numbers.user_unassign_number.post", "deskphones.users.delete", "users.delete",
	}, ops)
	u, _ := co.srv.User(id)
	assert.EqualValues(t, "deleted", u.State)
	other, _ := co.srv.User(keep)
	assert.EqualValues(t, "active", other.State, "batch leaves everyone not listed alone")
}

// TestChangeHeldWhole: the plan reads "job title Engineer → Lead, then
// join Sales as operator"; before it is applied someone makes the person a
// Sales admin. The join is stale, so the title is held too: nothing of the
// change is sent.
func TestChangeHeldWhole(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	id := co.user(t, dialpadtest.User{Emails: []string{"bob@example.com"}, JobTitle: "Engineer"})
	people := []roster.Person{{Email: "bob@example.com", Office: "Headquarters", JobTitle: "Lead",
		Departments: []roster.Membership{{Group: "Sales"}}}}
	plan := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeBatch})
	require.Len(t, plan.Changes, 1)
	require.Len(t, plan.Changes[0].Actions, 2)
	_, err := co.c.Departments.AddOperator(context.Background(), co.sales, &dialpad.AddOperatorRequest{OperatorID: id,
		OperatorType: dialpad.OperatorTypeUser, Role: dialpad.Ptr(dialpad.GroupRoleAdmin)})
	require.NoError(t, err)
	co.srv.ClearRequests()
	rep, err := roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"held update_fields bob@example.com", "stale join_group bob@example.com"}, statuses(rep))
	assert.Empty(t, writes(co.srv))
	assert.Equal(t, "Engineer", co.get(t, "bob@example.com").JobTitle)
}

// TestEmptySyncRoster: a CSV that is only a header is an empty roster; a
// sync of it is refused unless AllowEmpty says it is meant. A batch of
// nobody is simply nothing to do.
func TestEmptySyncRoster(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	co.user(t, dialpadtest.User{Emails: []string{"ada@example.com"}})
	people, err := roster.ReadCSV(strings.NewReader("email,office\n"))
	require.NoError(t, err)
	require.Empty(t, people)
	co.srv.ClearRequests()
	_, err = roster.NewPlan(context.Background(), co.c, people, roster.PlanOptions{Mode: roster.ModeSync})
	require.ErrorIs(t, err, roster.ErrEmptyRoster)
	assert.Empty(t, co.srv.Requests(), "refused before reading anything")
	_, err = roster.PlanFrom(&roster.Snapshot{}, nil, roster.PlanOptions{Mode: roster.ModeSync})
	require.ErrorIs(t, err, roster.ErrEmptyRoster)

	plan, err := roster.NewPlan(context.Background(), co.c, people, roster.PlanOptions{Mode: roster.ModeSync, AllowEmpty: true})
	require.NoError(t, err)
	assert.Equal(t, 1, plan.Count(roster.KindSuspend))
	plan, err = roster.NewPlan(context.Background(), co.c, people, roster.PlanOptions{})
	require.NoError(t, err)
	assert.True(t, plan.Empty())
}

// TestEmailMatchIsASCIIOnly: a user whose address starts with the Kelvin
// sign (U+212A) is not kate@example.com.
func TestEmailMatchIsASCIIOnly(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	co.user(t, dialpadtest.User{Emails: []string{"\u212Aate@example.com"}})
	co.user(t, dialpadtest.User{Emails: []string{"BOB@Example.com"}})
	plan := co.plan(t, []roster.Person{
		{Email: "kate@example.com", Office: "Headquarters"},
		{Email: "bob@example.com", Office: "Headquarters"},
	}, roster.PlanOptions{Mode: roster.ModeBatch})
	require.Len(t, plan.Changes, 1, text(t, plan))
	assert.Equal(t, roster.KindCreate, plan.Changes[0].Kind)
	assert.Equal(t, "kate@example.com", plan.Changes[0].Email)
	assert.Equal(t, 1, plan.Unchanged) // bob, in another case
}

// TestNearMissNames: an unknown office or group is named with the close
// matches.
func TestNearMissNames(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	_, err := roster.NewPlan(context.Background(), co.c, []roster.Person{
		{Email: "a@example.com", Office: "Headquarter", CallCenters: []roster.Membership{{Group: "Supprt"}}},
	}, roster.PlanOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"Headquarter" is not an office (name or id); did you mean "Headquarters"?`)
	_, err = roster.NewPlan(context.Background(), co.c, []roster.Person{
		{Email: "a@example.com", Office: "Headquarters", License: dialpad.LicenseAgents, CallCenters: []roster.Membership{{Group: "Supprt"}}},
	}, roster.PlanOptions{})
	assert.ErrorContains(t, err, `"Supprt" is not a call center (name or id); did you mean "Support"?`)
}

// fakeClock is a clock that moves one second per reading.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

// TestApplyProgress: Apply reports what it reads, every action, and on a
// long run a status line every StatusEvery with done/total, the elapsed
// time on its clock and the time left from the requests still to send at
// the rate budget.
func TestApplyProgress(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	co.users(t, 30, "emp", "example.com", co.hq)
	var people []roster.Person
	for i := range 30 {
		people = append(people, roster.Person{Email: "emp" + itoa(i) + "@example.com", Office: "Headquarters", JobTitle: "Engineer"})
	}
	var reads []string
	plan := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeBatch, Progress: func(e roster.Event) {
		reads = append(reads, e.What)
	}})
	require.Len(t, plan.Changes, 30)
	assert.Contains(t, reads, "users")
	assert.Contains(t, reads, "offices")

	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var events []roster.Event
	_, err := roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{Concurrency: 1, Now: clock.now,
		StatusEvery: 10 * time.Second, RequestsPerSecond: 2, Progress: func(e roster.Event) { events = append(events, e) }})
	require.NoError(t, err)
	var applied, status []roster.Event
	for _, e := range events {
		switch e.Stage {
		case roster.StageApply:
			applied = append(applied, e)
		case roster.StageStatus:
			status = append(status, e)
		}
	}
	require.Len(t, applied, 30)
	for i, e := range applied {
		assert.Equal(t, i+1, e.Done)
		assert.Equal(t, 30, e.Actions)
		// 30 - (i+1) updates left, at 2 requests a second.
		assert.Equal(t, time.Duration(30-(i+1))*500*time.Millisecond, e.Left)
	}
	// The clock moves a second per reading: once at the start, once for
	// the read, then once per action; a status line every 10 s and one at
	// the end.
	require.NotEmpty(t, status)
	last := status[len(status)-1]
	assert.Equal(t, 30, last.Done)
	assert.Equal(t, time.Duration(0), last.Left)
	for i := 1; i < len(status)-1; i++ {
		assert.Equal(t, 10*time.Second, status[i].Elapsed-status[i-1].Elapsed)
	}

	var out strings.Builder
	p := roster.NewPrinter(&out)
	for _, e := range events {
		p.Event(e)
	}
	assert.Contains(t, out.String(), "[1/30] done     update_fields emp0@example.com  job_title=\"Engineer\"")
	assert.Contains(t, out.String(), "progress: 30/30 actions,")
}

// TestFitSeats: with too few seats Apply refuses the plan, or with
// FitSeats applies the changes that fit and leaves the others out whole.
func TestFitSeats(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	require.NoError(t, co.srv.SetSeats(co.ny, "talk", 1))
	people := []roster.Person{
		{Email: "a@example.com", Office: "New York", JobTitle: "A", NoNumber: true},
		{Email: "b@example.com", Office: "New York", JobTitle: "B", NoNumber: true},
	}
	plan := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeBatch})
	_, err := roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{})
	var seatErr *roster.SeatError
	require.ErrorAs(t, err, &seatErr)
	assert.Equal(t, 2, seatErr.Shortfalls[0].Need)
	rep, err := roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{FitSeats: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"done create a@example.com", "done update_fields a@example.com",
		"not_run create b@example.com", "not_run update_fields b@example.com"}, statuses(rep))
}

// TestSingleCalls: lifecycle.Onboard and Offboard are one call each on
// the engine: a dry run sends no write and carries the plan; the real run
// does it; a second run does nothing; an id of 0 is refused.
func TestSingleCalls(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	ctx := context.Background()
	ada := roster.Person{Email: "ada@example.com", FirstName: "Ada", Office: "Headquarters", License: dialpad.LicenseAgents,
		JobTitle: "CTO", AreaCode: "415", CallCenters: []roster.Membership{{Group: "Support"}}, CallerID: "blocked",
		E911:         &dialpad.E911Address{Address: "1 Main St", City: "San Francisco", State: "CA", Zip: "94105", Country: "us"},
		DoNotDisturb: dialpad.Ptr(true), CoachingTeam: "Onboarding", CoachingRole: dialpad.CoachingRoleCoach}
	_, err := co.srv.AddCoachingTeam(dialpadtest.CoachingTeam{Name: "Onboarding", OfficeID: co.hq})
	require.NoError(t, err)

	co.srv.ClearRequests()
	rep, err := lifecycle.Onboard(ctx, co.c, ada, lifecycle.OnboardOptions{DryRun: true})
	assert.Contains(t, rep.Plan.String(), `join coachingteam "Onboarding" as coach`)
	require.NoError(t, err)
	assert.Empty(t, writes(co.srv))
	assert.Contains(t, rep.Plan.String(), "+ create ada@example.com  office=Headquarters license=agents area_code=415")

	rep, err = lifecycle.Onboard(ctx, co.c, ada, lifecycle.OnboardOptions{})
	require.NoError(t, err, statuses(rep))
	u, err := co.c.Users.GetByEmail(ctx, "ada@example.com")
	require.NoError(t, err)
	assert.Equal(t, "CTO", u.JobTitle)
	assert.Len(t, u.PhoneNumbers, 1)
	assert.True(t, u.DoNotDisturb)

	co.srv.ClearRequests()
	rep, err = lifecycle.Onboard(ctx, co.c, ada, lifecycle.OnboardOptions{})
	require.NoError(t, err)
	assert.Empty(t, rep.Results, text(t, rep.Plan))
	assert.Empty(t, writes(co.srv))

	co.srv.ClearRequests()
	rep, err = lifecycle.Offboard(ctx, co.c, u.ID.String(), lifecycle.OffboardOptions{Delete: true, DryRun: true})
	require.NoError(t, err)
	assert.Empty(t, writes(co.srv))
	assert.Contains(t, rep.Plan.String(), "- delete ada@example.com  leave callcenter \"Support\" (operator), release number")

	rep, err = lifecycle.Offboard(ctx, co.c, "ADA@example.com", lifecycle.OffboardOptions{Delete: true})
	require.NoError(t, err, statuses(rep))
	co.srv.ClearRequests()
	rep, err = lifecycle.Offboard(ctx, co.c, "ada@example.com", lifecycle.OffboardOptions{Delete: true})
	require.NoError(t, err)
	assert.Empty(t, rep.Results)
	assert.Empty(t, writes(co.srv))

	_, err = lifecycle.Offboard(ctx, co.c, "0", lifecycle.OffboardOptions{})
	var verr *dialpad.ValidationError
	require.ErrorAs(t, err, &verr)
	_, err = lifecycle.Onboard(ctx, co.c, roster.Person{Email: "x@example.com", State: dialpad.UserStateDeleted}, lifecycle.OnboardOptions{})
	require.Error(t, err)
}

// TestOnboardRollback: a create whose later action fails is undone with
// Rollback: the user is deleted again.
func TestOnboardRollback(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	ctx := context.Background()
	require.NoError(t, co.srv.FailNext("departments.operators.post", 1, 400))
	rep, err := lifecycle.Onboard(ctx, co.c, roster.Person{Email: "new@example.com", Office: "Headquarters",
		Departments: []roster.Membership{{Group: "Sales"}}}, lifecycle.OnboardOptions{Rollback: true})
	require.Error(t, err)
	var actErr *roster.ActionError
	require.True(t, errors.As(err, &actErr))
	assert.True(t, rep.Results[0].RolledBack, statuses(rep))
	_, err = co.c.Users.GetByEmail(ctx, "new@example.com")
	require.ErrorIs(t, err, dialpad.ErrNotFound)
	assert.True(t, slices.Contains(writes(co.srv), "DELETE /api/v2/users/"+rep.Results[0].UserID.String()))
}

// TestPlanJSONCarriesEverything: a plan with every kind of action (a
// create with settings, an offboarding with groups, numbers and a desk
// phone) survives JSON and is applied from the copy exactly as from the
// original: the copy holds all the stale-precondition checks need.
func TestPlanJSONCarriesEverything(t *testing.T) {
	t.Parallel()
	srv, c, people := demo(t)
	for i := range people {
		if people[i].Email == "hedy@example.com" {
			people[i].CallerID = "blocked"
			people[i].DoNotDisturb = dialpad.Ptr(true)
			people[i].E911 = &dialpad.E911Address{Address: "1 Main St", City: "San Francisco", State: "CA", Zip: "94105", Country: "us"}
		}
	}
	opts := roster.PlanOptions{Mode: roster.ModeSync, Offices: dialpadtest.DemoScope.Offices,
		EmailDomains: dialpadtest.DemoScope.EmailDomains, Protected: dialpadtest.DemoScope.Protected}
	plan, err := roster.NewPlan(context.Background(), c, people, opts)
	require.NoError(t, err)
	data, err := json.Marshal(plan)
	require.NoError(t, err)
	copied, err := roster.ReadPlan(bytes.NewReader(data))
	require.NoError(t, err)
	assert.Equal(t, plan, copied)
	assert.Equal(t, plan.String(), copied.String())
	for _, op := range []string{`"op":"set_caller_id"`, `"op":"set_e911"`, `"op":"set_do_not_disturb"`,
		`"op":"unassign_number"`, `"op":"delete_desk_phone"`, `"op":"leave_group"`} {
		assert.Contains(t, string(data), op)
	}
	rep, err := roster.Apply(context.Background(), c, copied, roster.ApplyOptions{})
	require.NoError(t, err, statuses(rep))
	srv.ClearRequests()
	again, err := roster.NewPlan(context.Background(), c, people, opts)
	require.NoError(t, err)
	assert.True(t, again.Empty(), text(t, again))
	// Applying the saved copy again changes nothing.
	srv.ClearRequests()
	rep, err = roster.Apply(context.Background(), c, copied, roster.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, len(rep.Results), rep.Count(roster.StatusAlready), statuses(rep))
	assert.Empty(t, writes(srv))
}

// TestOffboardSuspendReleasesNumbers: lifecycle.Offboard without Delete
// takes the user off an office's main line, releases its numbers when
// asked, keeps its desk phone and suspends it; in that order.
func TestOffboardSuspendReleasesNumbers(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	ctx := context.Background()
	id := co.user(t, dialpadtest.User{Emails: []string{"op@example.com"}, PhoneNumbers: []string{"+14155551001"}})
	_, err := co.srv.AddDeskPhone(dialpadtest.DeskPhone{UserID: id})
	require.NoError(t, err)
	_, err = co.c.Offices.AddOperator(ctx, co.hq, &dialpad.AddOperatorRequest{OperatorID: id, OperatorType: dialpad.OperatorTypeUser})
	require.NoError(t, err)
	co.srv.ClearRequests()
	rep, err := lifecycle.Offboard(ctx, co.c, "op@example.com", lifecycle.OffboardOptions{ReleaseNumbers: true})
	require.NoError(t, err, statuses(rep))
	assert.Equal(t, []string{"done leave_group op@example.com", "done unassign_number op@example.com", "done suspend op@example.com"}, statuses(rep))
	var ops []string
	for _, r := range co.srv.Requests() {
		if r.Method != http.MethodGet {
			ops = append(ops, r.Operation)
		}
	}
	assert.Equal(t, []string{"offices.operators.delete", "numbers.user_unassign_number.post", "users.update"}, ops)
	u := co.get(t, "op@example.com")
	assert.EqualValues(t, "suspended", u.State)
	assert.Empty(t, u.PhoneNumbers)
}
