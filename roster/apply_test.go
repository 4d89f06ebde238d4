package roster_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/roster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDryRun: a dry run reads, checks seats and reports what it would do,
// and sends no request that changes state.
func TestDryRun(t *testing.T) {
	t.Parallel()
	co, people := richCompany(t)
	plan := co.plan(t, people, richOptions)
	co.srv.ClearRequests()
	var progress int
	rep, err := roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{DryRun: true,
		Progress: func(e roster.Event) {
			if e.Stage != roster.StageApply {
				return
			}
			progress++
			assert.Equal(t, progress, e.Done)
			assert.Equal(t, 13, e.Actions)
		}})
	require.NoError(t, err)
	assert.True(t, rep.DryRun)
	assert.Equal(t, 13, progress)
	assert.Equal(t, len(rep.Results), rep.Count(roster.StatusPlanned), statuses(rep))
	reqs := co.srv.Requests()
	require.NotEmpty(t, reqs)
	for _, r := range reqs {
		assert.Equal(t, http.MethodGet, r.Method, r.Path)
	}
	var ops []string
	for _, r := range reqs {
		ops = append(ops, r.Operation)
	}
	// The users, the operator lists of the groups the plan touches, and
	// the free seats of the offices that take seats.
	assert.ElementsMatch(t, []string{"users.list", "users.get", "callcenters.operators.get", "departments.operators.get",
		"plan.available_licenses.get"}, compact(ops))
	// Nothing changed: the same plan comes out.
	assert.Equal(t, text(t, plan), text(t, co.plan(t, people, richOptions)))
	var out strings.Builder
	require.NoError(t, rep.WriteText(&out))
	assert.Contains(t, out.String(), "0 done, 0 already, 0 stale, 0 held, 0 failed, 0 not run, 13 planned (dry run)")
}

// compact returns the distinct values of vs, in first-seen order.
func compact(vs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// TestSeatPreflight: creates beyond an office's free seats are refused
// before anything is sent, with the shortfall.
func TestSeatPreflight(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	require.NoError(t, co.srv.SetSeats(co.ny, "talk", 2))
	co.user(t, dialpadtest.User{Emails: []string{"ann@example.com"}, OfficeID: co.ny})
	co.user(t, dialpadtest.User{Emails: []string{"sam@example.com"}, License: "agents"})
	people := []roster.Person{
		{Email: "ann@example.com", Office: "New York"},
		{Email: "sam@example.com", Office: "New York", License: "agents"}, // moves: an agents seat in New York
		{Email: "new1@example.com", Office: "New York", NoNumber: true},
		{Email: "new2@example.com", Office: "New York", NoNumber: true},
		{Email: "new3@example.com", Office: "New York", NoNumber: true},
		{Email: "new4@example.com", Office: "Headquarters", License: "lite_support_agents", NoNumber: true},
	}
	plan := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync})
	co.srv.ClearRequests()
	rep, err := roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{})
	assert.Nil(t, rep)
	require.ErrorIs(t, err, roster.ErrNotEnoughSeats)
	var seatErr *roster.SeatError
	require.ErrorAs(t, err, &seatErr)
	assert.Equal(t, []roster.Shortfall{
		{Office: roster.OfficeRef{ID: co.ny, Name: "New York"}, License: dialpad.LicenseTalk, Need: 3, Free: 1},
	}, seatErr.Shortfalls)
	assert.EqualError(t, err, "roster: not enough license seats: New York talk: need 3, 1 free (2 short) (set ApplyOptions.FitSeats to apply what fits)")
	assert.Empty(t, writes(co.srv))

	require.NoError(t, co.srv.SetSeats(co.ny, "talk", 4))
	rep, err = roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, 5, rep.Count(roster.StatusDone))
	free, err := co.srv.FreeSeats(co.ny, "talk")
	require.NoError(t, err)
	assert.Equal(t, 0, free)
}

// TestDeleteMissing deletes users missing from the roster only when asked,
// and only them: people suspended in the roster are suspended.
func TestDeleteMissing(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	co.user(t, dialpadtest.User{Emails: []string{"ann@example.com"}})
	co.user(t, dialpadtest.User{Emails: []string{"old@example.com"}, State: "suspended"})
	co.user(t, dialpadtest.User{Emails: []string{"gone@example.com"}})
	co.user(t, dialpadtest.User{Emails: []string{"leave@example.com"}})
	people := []roster.Person{
		{Email: "ann@example.com", Office: "Headquarters"},
		{Email: "leave@example.com", Office: "Headquarters", State: dialpad.UserStateSuspended},
	}
	plan := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync, DeleteMissing: true, MaxRemovals: 3})
	assert.Equal(t, `roster plan (sync): 4 users in scope (the whole company; missing users are deleted)
- suspend leave@example.com  (suspended in roster)
- delete gone@example.com  (not in roster)
- delete old@example.com  (not in roster)
0 to create, 0 to update, 0 to reactivate, 1 to suspend, 2 to delete; 1 unchanged; ~6 requests, ~300ms at 20 requests/s
`, text(t, plan))
	_, err := roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{})
	require.NoError(t, err)
	assert.EqualValues(t, "deleted", co.get(t, "gone@example.com").State)
	assert.EqualValues(t, "deleted", co.get(t, "old@example.com").State)
	assert.EqualValues(t, "suspended", co.get(t, "leave@example.com").State)
	assert.True(t, co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync, DeleteMissing: true}).Empty())

	// Without DeleteMissing the same roster only suspends.
	co2 := newCompany(t)
	co2.user(t, dialpadtest.User{Emails: []string{"gone@example.com"}})
	plan = co2.plan(t, nil, roster.PlanOptions{Mode: roster.ModeSync, MaxRemovals: 1})
	require.Len(t, plan.Changes, 1)
	assert.Equal(t, roster.KindSuspend, plan.Changes[0].Kind)
}

// TestPlanJSONRoundTrip saves a plan and reads it back unchanged; ReadPlan
// refuses other formats, versions, unknown fields and incomplete actions.
func TestPlanJSONRoundTrip(t *testing.T) {
	t.Parallel()
	co, people := richCompany(t)
	plan := co.plan(t, people, richOptions)
	saved, err := json.MarshalIndent(plan, "", "  ")
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(saved, []byte("{\n  \"format\": \"dialpad-roster-plan\",\n  \"version\": 2,\n")), string(saved[:80]))
	loaded, err := roster.ReadPlan(bytes.NewReader(saved))
	require.NoError(t, err)
	assert.Equal(t, plan, loaded)
	// json.Unmarshal reads it the same way.
	var again roster.Plan
	require.NoError(t, json.Unmarshal(saved, &again))
	assert.Equal(t, *plan, again)
	// The loaded plan applies like the original.
	rep, err := roster.Apply(context.Background(), co.c, loaded, roster.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, len(rep.Results), rep.Count(roster.StatusDone))

	empty, err := json.Marshal(&roster.Plan{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"format": "dialpad-roster-plan", "version": 2, "mode": "batch", "scope": {}, "in_scope": 0, "unchanged": 0,
		"max_removals": 0, "changes": []}`, string(empty))

	for name, tc := range map[string]struct{ in, want string }{
		"not json":      {`{"format":`, "roster: reading a plan"},
		"format":        {`{"format": "terraform", "version": 2, "changes": []}`, `format "terraform"`},
		"version":       {`{"format": "dialpad-roster-plan", "version": 3, "changes": []}`, "version 3, this release reads version 2"},
		"unknown field": {`{"format": "dialpad-roster-plan", "version": 2, "changes": [], "force": true}`, `unknown field "force"`},
		"unknown op": {`{"format": "dialpad-roster-plan", "version": 2, "changes": [{"kind": "update", "email": "a@example.com",
			"user_id": 1, "actions": [{"op": "promote", "state": {"from": "active", "to": "active"}}]}]}`, `action 1: unknown op "promote"`},
		"no details": {`{"format": "dialpad-roster-plan", "version": 2, "changes": [{"kind": "update", "email": "a@example.com",
			"user_id": 1, "actions": [{"op": "set_license"}]}]}`, "set_license: want exactly one detail, got 0"},
		"contradiction": {`{"format": "dialpad-roster-plan", "version": 2, "changes": [{"kind": "suspend", "email": "a@example.com",
			"user_id": 1, "actions": [{"op": "suspend", "state": {"from": "active", "to": "deleted"}}]}]}`, "suspend: incomplete or contradictory details"},
		"create with id": {`{"format": "dialpad-roster-plan", "version": 2, "changes": [{"kind": "create", "email": "a@example.com",
			"user_id": 1, "actions": [{"op": "create", "create": {"office": {"id": 5, "name": "HQ"}}}]}]}`, "a create has no user id"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := roster.ReadPlan(strings.NewReader(tc.in))
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// TestCreateAdoptsExistingUser: a create whose user appeared meanwhile in
// the planned office (an earlier run, say) is already done, and the rest of
// its change runs against that user.
func TestCreateAdoptsExistingUser(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	people := []roster.Person{{Email: "new@example.com", Office: "Headquarters", JobTitle: "Analyst", NoNumber: true}}
	plan := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync})
	co.user(t, dialpadtest.User{Emails: []string{"NEW@example.com"}})
	rep, err := roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"already create new@example.com", "done update_fields new@example.com"}, statuses(rep))
	assert.Equal(t, co.ids["NEW@example.com"], rep.Results[1].UserID)
	assert.Equal(t, "Analyst", co.get(t, "NEW@example.com").JobTitle)

	// One in another office is someone else's doing: stale.
	co.user(t, dialpadtest.User{Emails: []string{"ny@example.com"}, OfficeID: co.ny})
	plan = co.plan(t, []roster.Person{{Email: "other@example.com", Office: "Headquarters", NoNumber: true}}, roster.PlanOptions{Mode: roster.ModeSync, Offices: []string{"Headquarters"}, MaxRemovals: 10})
	require.Len(t, plan.Changes, 2) // the create, and suspending new@ (not in this roster)
	co.user(t, dialpadtest.User{Emails: []string{"other@example.com"}, OfficeID: co.ny})
	rep, err = roster.Apply(context.Background(), co.c, plan, roster.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, roster.StatusStale, rep.Results[0].Status)
	assert.Contains(t, rep.Results[0].Detail, "now exists, in office "+co.ny.String())
}

// TestApplyCancelled: when the context ends, the changes not yet started
// are reported not run, and the error says why.
func TestApplyCancelled(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	co.users(t, 5, "emp", "example.com", co.hq)
	var people []roster.Person
	for i := range 5 {
		people = append(people, roster.Person{Email: "emp" + itoa(i) + "@example.com", Office: "Headquarters", JobTitle: "Engineer"})
	}
	plan := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rep, err := roster.Apply(ctx, co.c, plan, roster.ApplyOptions{Concurrency: 1, Progress: func(e roster.Event) {
		if e.Stage == roster.StageApply && e.Done == 2 {
			cancel()
		}
	}})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, []string{
		"done update_fields emp0@example.com", "done update_fields emp1@example.com",
		"not_run update_fields emp2@example.com", "not_run update_fields emp3@example.com", "not_run update_fields emp4@example.com",
	}, statuses(rep))
	assert.Len(t, writes(co.srv), 2)
}
