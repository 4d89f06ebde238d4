package roster_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/roster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	assert.Equal(t, string(want), got)
}

// richCompany is a company with one user for each kind of change, and its
// roster.
func richCompany(t *testing.T) (*company, []roster.Person) {
	t.Helper()
	co := newCompany(t)
	co.user(t, dialpadtest.User{Emails: []string{"ada@example.com"}, FirstName: "Ada", LastName: "Lovelace", JobTitle: "CTO"})
	co.user(t, dialpadtest.User{Emails: []string{"bob@example.com"}, FirstName: "Bob", JobTitle: "Engineer"})
	co.user(t, dialpadtest.User{Emails: []string{"carol@example.com"}, FirstName: "Carol"})
	co.user(t, dialpadtest.User{Emails: []string{"dan@example.com"}, FirstName: "Dan", State: "suspended"})
	co.user(t, dialpadtest.User{Emails: []string{"erin@example.com"}, FirstName: "Erin", License: "agents"})
	co.user(t, dialpadtest.User{Emails: []string{"frank@example.com"}, FirstName: "Frank", OfficeID: co.ny})
	co.user(t, dialpadtest.User{Emails: []string{"gina@example.com"}, FirstName: "Gina"})
	co.user(t, dialpadtest.User{Emails: []string{"root@example.com"}, FirstName: "Root"})
	co.user(t, dialpadtest.User{Emails: []string{"xena@contractor.example"}, FirstName: "Xena", OfficeID: co.ext})
	ops := []struct {
		cc    bool
		group dialpad.ID
		email string
		role  string
	}{
		{true, co.support, "ada@example.com", "supervisor"},
		{true, co.support, "erin@example.com", "operator"},
		{true, co.support, "xena@contractor.example", "supervisor"},
		{false, co.sales, "ada@example.com", "admin"},
		{false, co.frontDesk, "frank@example.com", "operator"},
	}
	for _, o := range ops {
		op := dialpadtest.Operator{UserID: co.ids[o.email], Role: o.role}
		if o.cc {
			require.NoError(t, co.srv.AddCallCenterOperator(o.group, op))
		} else {
			require.NoError(t, co.srv.AddDepartmentOperator(o.group, op))
		}
	}
	in := `email,first_name,last_name,office,license,job_title,area_code,state,call_centers,departments
ada@example.com,Ada,Lovelace,Headquarters,talk,CTO,,,Support:supervisor,Sales:admin
bob@example.com,Bob,,Headquarters,agents,Senior Engineer,,,Support,
dan@example.com,Dan,,Headquarters,,,,active,,
erin@example.com,Erin,,New York,talk,,,,Support:supervisor,
frank@example.com,Frank,,New York,,,,,,
gina@example.com,Gina,,Headquarters,,,,suspended,,
hedy@example.com,Hedy,Lamarr,New York,talk,Inventor,212,,,Front Desk:operator
`
	people, err := roster.ReadCSV(strings.NewReader(in))
	require.NoError(t, err)
	return co, people
}

var richOptions = roster.PlanOptions{Mode: roster.ModeSync, Offices: []string{"Headquarters", "New York"}, Protected: []string{"Root@Example.com"}, MaxRemovals: 2}

// TestPlanApplyReplan plans every kind of change, checks the text and the
// order of the actions, applies the plan, and plans again: nothing is
// left, and applying the same plan again sends nothing.
func TestPlanApplyReplan(t *testing.T) {
	t.Parallel()
	co, people := richCompany(t)
	ctx := context.Background()
	plan := co.plan(t, people, richOptions)
	golden(t, "plan.golden", text(t, plan))
	assert.Empty(t, writes(co.srv), "planning sends nothing that changes state")

	erin := plan.Changes[3]
	require.Equal(t, "erin@example.com", erin.Email)
	var ops []roster.Op
	for _, a := range erin.Actions {
		ops = append(ops, a.Op)
	}
	// The operator gives up the operator role before the license that it
	// needs goes.
	assert.Equal(t, []roster.Op{roster.OpJoinGroup, roster.OpMoveOffice, roster.OpSetLicense}, ops)

	rep, err := roster.Apply(ctx, co.c, plan, roster.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, len(rep.Results), rep.Count(roster.StatusDone), statuses(rep))

	bob := co.get(t, "bob@example.com")
	assert.Equal(t, "Senior Engineer", bob.JobTitle)
	assert.Equal(t, "agents", bob.License)
	e := co.get(t, "erin@example.com")
	assert.Equal(t, co.ny, e.OfficeID)
	assert.Equal(t, "talk", e.License)
	assert.EqualValues(t, "suspended", co.get(t, "carol@example.com").State)
	assert.EqualValues(t, "suspended", co.get(t, "gina@example.com").State)
	assert.EqualValues(t, "active", co.get(t, "dan@example.com").State)
	assert.EqualValues(t, "active", co.get(t, "root@example.com").State, "protected")
	cc, _ := co.srv.CallCenter(co.support)
	assert.ElementsMatch(t, []dialpadtest.Operator{
		{UserID: co.ids["ada@example.com"], Role: "supervisor"},
		{UserID: co.ids["bob@example.com"], Role: "operator", SkillLevel: 100},
		{UserID: co.ids["erin@example.com"], Role: "supervisor", SkillLevel: 100},
		{UserID: co.ids["xena@contractor.example"], Role: "supervisor", SkillLevel: 100},
	}, zeroSkill(cc.Operators, co.ids["ada@example.com"]))

	again := co.plan(t, people, richOptions)
	assert.True(t, again.Empty(), text(t, again))
	assert.Contains(t, text(t, again), "no changes; 7 unchanged")

	// Applying the old plan again finds everything done and sends nothing.
	co.srv.ClearRequests()
	rep, err = roster.Apply(ctx, co.c, plan, roster.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, len(rep.Results), rep.Count(roster.StatusAlready), statuses(rep))
	assert.Empty(t, writes(co.srv))
}

// zeroSkill gives the seeded operator its stored skill level back, for
// comparison (seeded operators keep the skill they were given).
func zeroSkill(ops []dialpadtest.Operator, seeded dialpad.ID) []dialpadtest.Operator {
	for i := range ops {
		if ops[i].UserID == seeded {
			ops[i].SkillLevel = 0
		}
	}
	return ops
}

// TestScopeAndProtected: users outside the offices or domains of the scope,
// and protected users, are never touched, even when the roster leaves them
// out; a person outside the scope is an error.
func TestScopeAndProtected(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	co.user(t, dialpadtest.User{Emails: []string{"ada@example.com"}})
	co.user(t, dialpadtest.User{Emails: []string{"root@example.com"}})
	co.user(t, dialpadtest.User{Emails: []string{"guest@partner.example"}})
	co.user(t, dialpadtest.User{Emails: []string{"ny@example.com"}, OfficeID: co.ny})
	co.user(t, dialpadtest.User{Emails: []string{"xena@example.com"}, OfficeID: co.ext})
	opts := roster.PlanOptions{Mode: roster.ModeSync, Offices: []string{"Headquarters", "New York"}, EmailDomains: []string{"@Example.com"},
		Protected: []string{"root@example.com"}, MaxRemovals: 10}

	// An empty roster: everything in scope but the protected user goes.
	plan := co.plan(t, []roster.Person{}, opts)
	assert.Equal(t, 3, plan.InScope) // ada, root, ny
	require.Len(t, plan.Changes, 2)
	assert.Equal(t, "ada@example.com", plan.Changes[0].Email)
	assert.Equal(t, "ny@example.com", plan.Changes[1].Email)
	assert.Equal(t, []roster.Spared{{Email: "root@example.com", UserID: co.ids["root@example.com"],
		Reason: "would be suspended: not in roster"}}, plan.Spared)
	_, err := roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{})
	require.NoError(t, err)
	for _, e := range []string{"root@example.com", "guest@partner.example", "xena@example.com"} {
		assert.EqualValues(t, "active", co.get(t, e).State, e)
	}
	assert.EqualValues(t, "suspended", co.get(t, "ada@example.com").State)

	// A user who leaves the scope between plan and apply is not touched.
	plan = co.plan(t, []roster.Person{{Email: "ny@example.com", Office: "New York", JobTitle: "Lead"}}, opts)
	require.Len(t, plan.Changes, 1)
	_, err = co.c.Users.MoveOffice(context.Background(), co.ids["ny@example.com"], co.ext)
	require.NoError(t, err)
	rep, err := roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"stale reactivate ny@example.com", "held update_fields ny@example.com"}, statuses(rep)) // suspended above
	assert.Equal(t, "the user is now outside the roster's scope", rep.Results[0].Detail)
	assert.Empty(t, co.get(t, "ny@example.com").JobTitle)

	// A plan edited to suspend a protected user is refused.
	edited, err := json.Marshal(&roster.Plan{Scope: roster.Scope{Protected: []string{"root@example.com"}}, MaxRemovals: 1,
		Changes: []roster.Change{{Kind: roster.KindSuspend, Email: "Root@example.com", UserID: 1, Actions: []roster.Action{
			{Op: roster.OpSuspend, State: &roster.StateChange{From: "active", To: "suspended"}}}}}})
	require.NoError(t, err)
	_, err = roster.ReadPlan(bytes.NewReader(edited))
	require.ErrorContains(t, err, "Root@example.com is protected and cannot be suspended")

	// A protected user suspended in the roster is spared too.
	plan = co.plan(t, []roster.Person{{Email: "root@example.com", Office: "Headquarters", State: "suspended"}}, opts)
	assert.Len(t, plan.Spared, 1)
	assert.Empty(t, plan.Changes)

	// People and users outside the scope are errors, all reported.
	_, err = roster.NewPlan(context.Background(), co.c, []roster.Person{
		{Email: "new@example.com", Office: "Contractors"},
		{Email: "new@partner.example", Office: "Headquarters"},
		{Email: "xena@example.com", Office: "Headquarters"},
		{Email: "guest@partner.example", Office: "Headquarters"},
	}, opts)
	require.Error(t, err)
	for _, want := range []string{
		"entry 1 (new@example.com): office: Contractors is outside the roster's scope",
		"entry 2 (new@partner.example): email: the domain partner.example is outside the roster's scope",
		"entry 3 (xena@example.com): email: user " + co.ids["xena@example.com"].String() + " is in office Contractors, outside the roster's scope: it is never touched",
		"entry 4 (guest@partner.example): email: user " + co.ids["guest@partner.example"].String() + " is in email domain partner.example",
	} {
		assert.Contains(t, err.Error(), want)
	}
}

// TestPlanErrors: problems of the roster that only Dialpad's state
// reveals, all reported at once with their lines.
func TestPlanErrors(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	co.user(t, dialpadtest.User{Emails: []string{"ada@example.com"}})
	_, err := co.srv.AddCallCenter(dialpadtest.CallCenter{Name: "Support", OfficeID: co.ny}) // a second Support, in New York
	require.NoError(t, err)
	_, err = co.srv.AddCallCenter(dialpadtest.CallCenter{Name: "Billing", OfficeID: co.hq})
	require.NoError(t, err)
	_, err = co.srv.AddCallCenter(dialpadtest.CallCenter{Name: "Billing", OfficeID: co.hq})
	require.NoError(t, err)
	in := `email,office,license,call_centers,departments
ada@example.com,Nowhere,,,
bob@example.com,Headquarters,talk,Support:operator,
carol@example.com,Headquarters,agents,Support:operator;Billing,Marketing
dan@example.com,Contractors,agents,Support:supervisor,
ADA@example.com,Headquarters,,,
`
	people, err := roster.ReadCSV(strings.NewReader(in))
	require.NoError(t, err)
	_, err = roster.NewPlan(context.Background(), co.c, people, roster.PlanOptions{Mode: roster.ModeSync})
	require.Error(t, err)
	for _, want := range []string{
		`line 2 (ada@example.com): office: "Nowhere" is not an office (name or id)`,
		`line 3 (bob@example.com): call_centers: Support: a call center's operator needs license agents or lite_support_agents, not talk`,
		`line 4 (carol@example.com): call_centers: 2 call centers are named "Billing": give the id`,
		`line 4 (carol@example.com): departments: "Marketing" is not a department (name or id)`,
		`line 5 (dan@example.com): call_centers: 2 call centers are named "Support": give the id`,
		`line 6 (ADA@example.com): email: duplicate of line 2`,
	} {
		assert.Contains(t, err.Error(), want)
	}
	// bob's Support is the Headquarters one: only the license is wrong.
	assert.NotContains(t, err.Error(), `line 3 (bob@example.com): call_centers: 2 call centers`)

	// Without lines, entries are named by position.
	_, err = roster.NewPlan(context.Background(), co.c, []roster.Person{
		{Email: "a@example.com", Office: "Headquarters"}, {Email: "b@example.com", Office: "Headquarters"},
		{Email: "A@example.com", Office: "Headquarters"},
	}, roster.PlanOptions{Mode: roster.ModeSync})
	require.ErrorContains(t, err, "roster: entry 3 (A@example.com): email: duplicate of entry 1")

	_, err = roster.NewPlan(context.Background(), co.c, nil, roster.PlanOptions{Mode: roster.ModeSync, AllowEmpty: true, Offices: []string{"Atlantis"}, Protected: []string{"nobody"}})
	require.ErrorContains(t, err, `PlanOptions.Offices: "Atlantis" is not an office`)
	require.ErrorContains(t, err, `PlanOptions.Protected: "nobody" is not an email address`)
}

// TestRemovalGuard: a roster truncated to half the company plans half the
// company's suspension; Apply refuses it and sends nothing, unless told.
func TestRemovalGuard(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	co.users(t, 40, "emp", "example.com", co.hq)
	var csv strings.Builder
	csv.WriteString("email,office\n")
	for i := range 20 { // the export stopped half way
		csv.WriteString("emp" + itoa(i) + "@example.com,Headquarters\n")
	}
	people, err := roster.ReadCSV(strings.NewReader(csv.String()))
	require.NoError(t, err)
	ctx := context.Background()

	plan := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync})
	assert.Equal(t, 40, plan.InScope)
	assert.Equal(t, 4, plan.MaxRemovals, "10% of 40")
	assert.Equal(t, 20, plan.Removals())
	require.ErrorIs(t, plan.CheckRemovals(), roster.ErrTooManyRemovals)
	assert.Contains(t, text(t, plan), "! refused: 20 removals exceed the limit of 4 for 40 users in scope")

	co.srv.ClearRequests()
	rep, err := roster.Apply(ctx, co.c, plan, roster.ApplyOptions{})
	require.ErrorIs(t, err, roster.ErrTooManyRemovals)
	assert.Nil(t, rep)
	assert.Empty(t, co.srv.Requests(), "refused before reading anything")
	_, err = roster.Apply(ctx, co.c, plan, roster.ApplyOptions{DryRun: true})
	require.ErrorIs(t, err, roster.ErrTooManyRemovals, "a dry run shows the refusal too")

	// A few departures pass.
	few := co.plan(t, people[:0:0], roster.PlanOptions{Mode: roster.ModeSync, Offices: []string{"Headquarters"}, EmailDomains: []string{"other.example"}})
	require.NoError(t, few.CheckRemovals())

	// Raised explicitly, when planning or when applying.
	raised := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync, MaxRemovals: 20})
	require.NoError(t, raised.CheckRemovals())
	rep, err = roster.Apply(ctx, co.c, plan, roster.ApplyOptions{AllowMassRemoval: true})
	require.NoError(t, err)
	assert.Equal(t, 20, rep.Count(roster.StatusDone))
	assert.EqualValues(t, "suspended", co.get(t, "emp39@example.com").State)
}

func TestDefaultMaxRemovals(t *testing.T) {
	t.Parallel()
	for in, want := range map[int]int{0: 0, 1: 1, 5: 1, 10: 1, 11: 2, 40: 4, 100: 10, 249: 25, 250: 25, 10000: 25} {
		assert.Equal(t, want, roster.DefaultMaxRemovals(in), "in scope %d", in)
	}
}

func itoa(i int) string { return dialpad.ID(i).String() }

// TestStaleActionSkipped: a user changed by someone else between plan and
// apply is not overwritten; its action is stale, and so are the later
// actions of its change. Other changes go ahead.
func TestStaleActionSkipped(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	co.user(t, dialpadtest.User{Emails: []string{"bob@example.com"}, JobTitle: "Engineer"})
	co.user(t, dialpadtest.User{Emails: []string{"carol@example.com"}, JobTitle: "Engineer"})
	co.user(t, dialpadtest.User{Emails: []string{"dan@example.com"}})
	co.user(t, dialpadtest.User{Emails: []string{"erin@example.com"}})
	ctx := context.Background()
	people := []roster.Person{
		{Email: "erin@example.com", Office: "Headquarters", FirstName: "Erin"},
		{Email: "bob@example.com", Office: "Headquarters", JobTitle: "Senior Engineer", License: "agents"},
		{Email: "carol@example.com", Office: "Headquarters", JobTitle: "Senior Engineer"},
		{Email: "dan@example.com", Office: "Headquarters", CallCenters: []roster.Membership{{Group: "Support", Role: "supervisor"}}},
	}
	plan := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync})
	require.Len(t, plan.Changes, 4)

	// Meanwhile an admin edits Bob's title, puts Dan in Support and deletes
	// Erin.
	_, err := co.c.Users.Update(ctx, co.ids["bob@example.com"], &dialpad.UpdateUserRequest{JobTitle: dialpad.Ptr("Manager")})
	require.NoError(t, err)
	require.NoError(t, co.srv.AddCallCenterOperator(co.support, dialpadtest.Operator{UserID: co.ids["dan@example.com"], Role: "admin"}))
	_, err = co.c.Users.Delete(ctx, co.ids["erin@example.com"])
	require.NoError(t, err)
	co.srv.ClearRequests()

	rep, err := roster.Apply(ctx, co.c, plan, roster.ApplyOptions{})
	require.NoError(t, err, "stale actions are skipped, not failures")
	assert.Equal(t, []string{
		"stale update_fields bob@example.com",
		"held set_license bob@example.com",
		"done update_fields carol@example.com",
		"stale join_group dan@example.com",
		"stale update_fields erin@example.com",
	}, statuses(rep))
	assert.Equal(t, "the user no longer exists", rep.Results[4].Detail)
	assert.Equal(t, `job_title is now "Manager", planned from "Engineer"`, rep.Results[0].Detail)
	assert.Equal(t, "held with its change: update_fields is stale", rep.Results[1].Detail)
	assert.Equal(t, `the role in call center "Support" is now "admin", planned from ""`, rep.Results[3].Detail)
	bob := co.get(t, "bob@example.com")
	assert.Equal(t, "Manager", bob.JobTitle, "not overwritten")
	assert.Equal(t, "talk", bob.License)
	assert.Equal(t, "Senior Engineer", co.get(t, "carol@example.com").JobTitle)
	assert.Equal(t, []string{"PATCH /api/v2/users/" + itoa(int(co.ids["carol@example.com"]))}, writes(co.srv))

	var out bytes.Buffer
	require.NoError(t, rep.WriteText(&out))
	assert.Contains(t, out.String(), `stale    update_fields bob@example.com  job_title: "Engineer" → "Senior Engineer"  (job_title is now "Manager", planned from "Engineer")`)
	assert.Contains(t, out.String(), "1 done, 0 already, 3 stale, 1 held, 0 failed, 0 not run")

}

// TestPartialApplyThenReplan: a failed action stops its change; planning
// again lists only what is left, and applying that finishes the job.
func TestPartialApplyThenReplan(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	co.users(t, 6, "emp", "example.com", co.hq)
	var people []roster.Person
	for i := range 6 {
		people = append(people, roster.Person{Email: "emp" + itoa(i) + "@example.com", Office: "Headquarters",
			JobTitle: "Engineer", Departments: []roster.Membership{{Group: "Sales"}}})
	}
	ctx := context.Background()
	plan := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync})
	require.Len(t, plan.Changes, 6)

	// The second users.update fails with a 500 (a PATCH is never retried
	// after one).
	require.NoError(t, co.srv.FailNext("users.update", 0, 500))
	var failOnce bool
	rep, err := roster.Apply(ctx, co.c, plan, roster.ApplyOptions{Concurrency: 1, ContinueOnError: true,
		Progress: func(e roster.Event) {
			if e.Stage == roster.StageApply && e.Done == 2 && !failOnce { // after emp0's two actions
				failOnce = true
				require.NoError(t, co.srv.FailNext("users.update", 1, 500))
			}
		}})
	require.Error(t, err)
	var actErr *roster.ActionError
	require.ErrorAs(t, err, &actErr)
	assert.Equal(t, "emp1@example.com", actErr.Email)
	assert.Contains(t, err.Error(), `roster: emp1@example.com: update_fields (job_title="Engineer"): dialpad: PATCH`)
	got := statuses(rep)
	assert.Equal(t, []string{
		"done update_fields emp0@example.com", "done join_group emp0@example.com",
		"failed update_fields emp1@example.com", "not_run join_group emp1@example.com",
		"done update_fields emp2@example.com", "done join_group emp2@example.com",
	}, got[:6])
	assert.Equal(t, 10, rep.Count(roster.StatusDone))

	// Planning again lists only emp1's change.
	again := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync})
	require.Len(t, again.Changes, 1)
	assert.Equal(t, "emp1@example.com", again.Changes[0].Email)
	assert.Equal(t, plan.Changes[1].Actions, again.Changes[0].Actions)
	assert.Equal(t, 5, again.Unchanged)
	// Applying the first plan again would do the same: the rest is already
	// done.
	rep, err = roster.Apply(ctx, co.c, plan, roster.ApplyOptions{DryRun: true})
	require.NoError(t, err)
	assert.Equal(t, 2, rep.Count(roster.StatusPlanned))
	assert.Equal(t, 10, rep.Count(roster.StatusAlready))

	rep, err = roster.Apply(ctx, co.c, again, roster.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, 2, rep.Count(roster.StatusDone))
	assert.True(t, co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync}).Empty())
}

// TestStopOnError: without ContinueOnError, no change starts after a
// failure; the rest is reported not run.
func TestStopOnError(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	co.users(t, 4, "emp", "example.com", co.hq)
	var people []roster.Person
	for i := range 4 {
		people = append(people, roster.Person{Email: "emp" + itoa(i) + "@example.com", Office: "Headquarters", JobTitle: "Engineer"})
	}
	plan := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync})
	require.NoError(t, co.srv.FailNext("users.update", 1, 400))
	rep, err := roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{Concurrency: 1})
	require.ErrorIs(t, err, dialpad.ErrBadRequest)
	assert.Equal(t, []string{
		"failed update_fields emp0@example.com",
		"not_run update_fields emp1@example.com",
		"not_run update_fields emp2@example.com",
		"not_run update_fields emp3@example.com",
	}, statuses(rep))
	assert.Equal(t, "Apply stopped after a failure (see ApplyOptions.ContinueOnError)", rep.Results[1].Detail)
	assert.Len(t, writes(co.srv), 1)
}
