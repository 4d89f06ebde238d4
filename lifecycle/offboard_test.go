package lifecycle_test

import (
	"net/http"
	"slices"
	"testing"
	"testing/synctest"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

// leaver adds a user with two numbers and two desk phones.
func (e *env) leaver(t *testing.T, email string) (id dialpad.ID, numbers, phones []string) {
	t.Helper()
	numbers = []string{e.numbers[0], e.numbers[1]}
	id, err := e.srv.AddUser(dialpadtest.User{OfficeID: e.office, Emails: []string{email}, FirstName: "Lee", LastName: "Ver",
		PhoneNumbers: numbers})
	require.NoError(t, err)
	for _, name := range []string{"Desk", "Lobby"} {
		p, err := e.srv.AddDeskPhone(dialpadtest.DeskPhone{UserID: id, Name: name})
		require.NoError(t, err)
		phones = append(phones, p)
	}
	slices.Sort(phones)
	return id, numbers, phones
}

// routingEnv is setup's office with two call centers ("Support" and
// "Billing"), a department ("Sales") and an agent on all three lists and
// on the office's main line, with two numbers and a desk phone.
type routingEnv struct {
	*env
	agent                   dialpad.ID
	support, billing, sales dialpad.ID
	numbers                 []string
	phone                   string
}

func setupRouting(t *testing.T) *routingEnv {
	t.Helper()
	g := &routingEnv{env: setup(t, 2, 4)}
	var err error
	g.numbers = []string{g.env.numbers[0], g.env.numbers[1]}
	g.agent, err = g.srv.AddUser(dialpadtest.User{OfficeID: g.office, Emails: []string{"agent@example.com"}, License: "agents",
		PhoneNumbers: g.numbers})
	require.NoError(t, err)
	g.phone, err = g.srv.AddDeskPhone(dialpadtest.DeskPhone{UserID: g.agent, Name: "Desk"})
	require.NoError(t, err)
	g.support, err = g.srv.AddCallCenter(dialpadtest.CallCenter{Name: "Support", OfficeID: g.office,
		Operators: []dialpadtest.Operator{{UserID: g.agent}}})
	require.NoError(t, err)
	g.billing, err = g.srv.AddCallCenter(dialpadtest.CallCenter{Name: "Billing", OfficeID: g.office,
		Operators: []dialpadtest.Operator{{UserID: g.agent, Role: "supervisor"}}})
	require.NoError(t, err)
	g.sales, err = g.srv.AddDepartment(dialpadtest.Department{Name: "Sales", OfficeID: g.office,
		Operators: []dialpadtest.Operator{{UserID: g.agent, Role: "admin"}}})
	require.NoError(t, err)
	return g
}

// onLists names the operator lists (of the groups and the office) that
// hold the agent.
func (g *routingEnv) onLists(t *testing.T) []string {
	t.Helper()
	var out []string
	holds := func(ops []dialpadtest.Operator) bool {
		return slices.ContainsFunc(ops, func(o dialpadtest.Operator) bool { return o.UserID == g.agent })
	}
	for _, id := range []dialpad.ID{g.support, g.billing} {
		cc, ok := g.srv.CallCenter(id)
		require.True(t, ok)
		if holds(cc.Operators) {
			out = append(out, cc.Name)
		}
	}
	d, ok := g.srv.Department(g.sales)
	require.True(t, ok)
	if holds(d.Operators) {
		out = append(out, d.Name)
	}
	o, ok := g.srv.Office(g.office)
	require.True(t, ok)
	if holds(o.Operators) {
		out = append(out, o.Name)
	}
	return out
}

func id(v dialpad.ID) string { return v.String() }

// TestOffboardLeavesRouting: a user on two call centers and a department
// is taken off all three, its numbers released and its desk phone
// deleted, then the user; every step is in the report, and a second run
// sends nothing.
func TestOffboardLeavesRouting(t *testing.T) {
	t.Parallel()
	g := setupRouting(t)
	require.Equal(t, []string{"Support", "Billing", "Sales"}, g.onLists(t))
	r, err := lifecycle.Offboard(t.Context(), g.c, "agent@example.com", lifecycle.OffboardOptions{Delete: true})
	require.NoError(t, err, "%s", r)
	uid := id(g.agent)
	assert.Equal(t, []lifecycle.Step{
		{Name: lifecycle.StepFindUser, Status: D, ID: uid, Detail: "active"},
		{Name: lifecycle.StepLeaveCallCenter, Status: D, ID: id(g.support), Detail: `call center "Support", as operator`},
		{Name: lifecycle.StepLeaveCallCenter, Status: D, ID: id(g.billing), Detail: `call center "Billing", as supervisor`},
		{Name: lifecycle.StepLeaveDepartment, Status: D, ID: id(g.sales), Detail: `department "Sales", as admin`},
		{Name: lifecycle.StepListDeskPhones, Status: D, ID: uid, Detail: "1 desk phone(s)"},
		{Name: lifecycle.StepUnassignNumber, Status: D, ID: g.numbers[0]},
		{Name: lifecycle.StepUnassignNumber, Status: D, ID: g.numbers[1]},
		{Name: lifecycle.StepDeleteDeskPhone, Status: D, ID: g.phone, Detail: "Desk"},
		{Name: lifecycle.StepDeleteUser, Status: D, ID: uid, Detail: "seat freed"},
	}, r.Steps)
	// Routing first, then numbers, desk phones and the user.
	assert.Equal(t, []string{"callcenters.operators.delete", "callcenters.operators.delete", "departments.operators.delete",
		"numbers.user_unassign_number.post", "numbers.user_unassign_number.post", "deskphones.users.delete", "users.delete",
	}, writes(g.srv.Requests()))
	assert.Equal(t, 1, countOp(g.srv.Requests(), "callcenters.listall"), "names listed once")
	assert.Empty(t, g.onLists(t))
	assert.Empty(t, g.assigned())
	u, _ := g.srv.User(g.agent)
	assert.EqualValues(t, "deleted", u.State)

	for _, who := range []string{"agent@example.com", uid} {
		g.srv.ClearRequests()
		r, err := lifecycle.Offboard(t.Context(), g.c, who, lifecycle.OffboardOptions{Delete: true})
		require.NoError(t, err, who)
		assert.True(t, r.NothingToDo(), "%s", r)
		assert.Empty(t, writes(g.srv.Requests()), who)
	}
}

// TestOffboardSuspendLeavesRouting: a suspend also takes the user off
// every operator list, the office's main line included; ReleaseNumbers
// returns its numbers without deleting it.
func TestOffboardSuspendLeavesRouting(t *testing.T) {
	t.Parallel()
	for _, release := range []bool{false, true} {
		t.Run(map[bool]string{false: "keep numbers", true: "release numbers"}[release], func(t *testing.T) {
			t.Parallel()
			g := setupRouting(t)
			require.NoError(t, g.srv.AddOfficeOperator(g.office, dialpadtest.Operator{UserID: g.agent}))
			opts := lifecycle.OffboardOptions{ReleaseNumbers: release}
			r, err := lifecycle.Offboard(t.Context(), g.c, id(g.agent), opts)
			require.NoError(t, err, "%s", r)
			uid := id(g.agent)
			want := []string{"find_user done " + uid, "leave_call_center done " + id(g.support), "leave_call_center done " + id(g.billing),
				"leave_department done " + id(g.sales), "leave_office done " + id(g.office)}
			if release {
				want = append(want, "unassign_number done "+g.numbers[0], "unassign_number done "+g.numbers[1])
			}
			want = append(want, "suspend_user done "+uid)
			assert.Equal(t, want, stepList(r))
			s, _ := r.Step(lifecycle.StepLeaveOffice)
			assert.Equal(t, `office "Onboarding" main line, as operator`, s.Detail)
			assert.Empty(t, g.onLists(t))
			u, _ := g.srv.User(g.agent)
			assert.EqualValues(t, "suspended", u.State)
			if release {
				assert.Empty(t, u.PhoneNumbers)
			} else {
				assert.Equal(t, g.numbers, u.PhoneNumbers)
			}
			_, err = g.srv.AddDeskPhone(dialpadtest.DeskPhone{UserID: g.agent, Name: "second"})
			require.NoError(t, err, "a suspended user keeps its desk phones")

			g.srv.ClearRequests()
			r, err = lifecycle.Offboard(t.Context(), g.c, "agent@example.com", opts)
			require.NoError(t, err)
			assert.True(t, r.NothingToDo(), "%s", r)
			assert.Empty(t, writes(g.srv.Requests()))
		})
	}
}

// TestOffboardSuspendDespiteFailedCleanup: a suspend goes ahead when a
// removal fails, and the next run finishes the removal.
func TestOffboardSuspendDespiteFailedCleanup(t *testing.T) {
	t.Parallel()
	g := setupRouting(t)
	require.NoError(t, g.srv.FailNext("departments.operators.delete", 1, http.StatusForbidden))
	r, err := lifecycle.Offboard(t.Context(), g.c, "agent@example.com", lifecycle.OffboardOptions{})
	require.ErrorIs(t, err, dialpad.ErrForbidden)
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepLeaveDepartment: F, lifecycle.StepSuspendUser: D})
	assert.Equal(t, []string{"Sales"}, g.onLists(t))

	r, err = lifecycle.Offboard(t.Context(), g.c, "agent@example.com", lifecycle.OffboardOptions{})
	require.NoError(t, err, "%s", r)
	assert.Equal(t, []string{"find_user done " + id(g.agent), "leave_department done " + id(g.sales), "suspend_user skipped " + id(g.agent)},
		stepList(r))
	assert.Empty(t, g.onLists(t))
}

// TestOffboardAlreadyGone: removals answered 404 are skipped as already
// gone, not failed, and do not hold back the delete.
func TestOffboardAlreadyGone(t *testing.T) {
	t.Parallel()
	g := setupRouting(t)
	for _, op := range []dialpadtest.Operation{"callcenters.operators.delete", "deskphones.users.delete", "users.delete"} {
		require.NoError(t, g.srv.FailNext(op, 1, http.StatusNotFound))
	}
	r, err := lifecycle.Offboard(t.Context(), g.c, "agent@example.com", lifecycle.OffboardOptions{Delete: true})
	require.NoError(t, err, "%s", r)
	for _, s := range []lifecycle.Step{r.Steps[1], r.Steps[7], r.Steps[8]} {
		assert.Equal(t, S, s.Status, "%s", r)
		assert.Contains(t, s.Detail, "already gone")
	}
	assert.Equal(t, `call center "Support", as operator; already gone`, r.Steps[1].Detail)
	assert.Equal(t, "already gone", r.Steps[8].Detail)
	assert.Equal(t, lifecycle.StepDeleteUser, r.Steps[8].Name)
	assert.False(t, r.NothingToDo(), "the other removals were done")
}

func TestOffboardSuspendTwice(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	uid, numbers, _ := e.leaver(t, "lee@example.com")
	seats := e.freeSeats(t)
	r, err := lifecycle.Offboard(t.Context(), e.c, "lee@example.com", lifecycle.OffboardOptions{})
	require.NoError(t, err, "%s", r)
	assert.Equal(t, []string{"find_user done " + id(uid), "suspend_user done " + id(uid)}, stepList(r))
	assert.Equal(t, uid, r.UserID)
	assert.True(t, r.Changed())
	u, _ := e.srv.User(uid)
	assert.EqualValues(t, "suspended", u.State)
	assert.Equal(t, numbers, u.PhoneNumbers, "a suspended user keeps its numbers")
	assert.Equal(t, seats, e.freeSeats(t), "and its seat")

	for _, who := range []string{"lee@example.com", id(uid)} {
		e.srv.ClearRequests()
		r, err := lifecycle.Offboard(t.Context(), e.c, who, lifecycle.OffboardOptions{})
		require.NoError(t, err, who)
		assert.True(t, r.NothingToDo(), "%s", r)
		s, _ := r.Step(lifecycle.StepSuspendUser)
		assert.Equal(t, S, s.Status)
		assert.Equal(t, "already suspended", s.Detail)
		assert.Empty(t, writes(e.srv.Requests()), who)
	}
}

func TestOffboardDeleteTwice(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	uid, numbers, phones := e.leaver(t, "lee@example.com")
	seats := e.freeSeats(t)
	r, err := lifecycle.Offboard(t.Context(), e.c, "lee@example.com", lifecycle.OffboardOptions{Delete: true})
	require.NoError(t, err, "%s", r)
	assert.Equal(t, []string{"find_user done " + id(uid), "list_desk_phones done " + id(uid),
		"unassign_number done " + numbers[0], "unassign_number done " + numbers[1],
		"delete_desk_phone done " + phones[0], "delete_desk_phone done " + phones[1], "delete_user done " + id(uid)}, stepList(r))
	// The numbers and phones went first, the user last.
	assert.Equal(t, []string{"numbers.user_unassign_number.post", "numbers.user_unassign_number.post",
		"deskphones.users.delete", "deskphones.users.delete", "users.delete"}, writes(e.srv.Requests()))
	u, _ := e.srv.User(uid)
	assert.EqualValues(t, "deleted", u.State)
	assert.Equal(t, seats+1, e.freeSeats(t))
	assert.Empty(t, e.assigned())

	for _, who := range []string{"lee@example.com", id(uid)} {
		e.srv.ClearRequests()
		r, err := lifecycle.Offboard(t.Context(), e.c, who, lifecycle.OffboardOptions{Delete: true})
		require.NoError(t, err, who)
		assert.True(t, r.NothingToDo(), "%s", r)
		assert.False(t, r.Changed())
		assert.Empty(t, writes(e.srv.Requests()), who)
	}
	// Dialpad strips a deleted user's emails: by email the user is gone.
	r, _ = lifecycle.Offboard(t.Context(), e.c, "lee@example.com", lifecycle.OffboardOptions{Delete: true})
	s, _ := r.Step(lifecycle.StepFindUser)
	assert.Equal(t, S, s.Status)
	assert.Zero(t, r.UserID)
	// By id it is found, deleted.
	r, _ = lifecycle.Offboard(t.Context(), e.c, id(uid), lifecycle.OffboardOptions{})
	s, _ = r.Step(lifecycle.StepSuspendUser)
	assert.Equal(t, lifecycle.Step{Name: lifecycle.StepSuspendUser, Status: S, ID: id(uid), Detail: "already deleted"}, s)
}

func TestOffboardDryRun(t *testing.T) {
	t.Parallel()
	g := setupRouting(t)
	uid := id(g.agent)
	for _, opts := range []lifecycle.OffboardOptions{{DryRun: true}, {DryRun: true, ReleaseNumbers: true}, {DryRun: true, Delete: true}} {
		g.srv.ClearRequests()
		r, err := lifecycle.Offboard(t.Context(), g.c, "agent@example.com", opts)
		require.NoError(t, err)
		assert.Empty(t, writes(g.srv.Requests()), "%+v", opts)
		assert.True(t, r.DryRun)
		assert.False(t, r.Changed())
		assert.False(t, r.NothingToDo())
		var planned []string
		for _, s := range r.Steps {
			if s.Status == P {
				planned = append(planned, string(s.Name)+" "+s.ID+" "+s.Detail)
			}
		}
		want := []string{
			"leave_call_center " + id(g.support) + ` call center "Support", as operator`,
			"leave_call_center " + id(g.billing) + ` call center "Billing", as supervisor`,
			"leave_department " + id(g.sales) + ` department "Sales", as admin`,
		}
		if opts.Delete || opts.ReleaseNumbers {
			want = append(want, "unassign_number "+g.numbers[0]+" ", "unassign_number "+g.numbers[1]+" ")
		}
		if opts.Delete {
			want = append(want, "delete_desk_phone "+g.phone+" Desk", "delete_user "+uid+" from active")
		} else {
			want = append(want, "suspend_user "+uid+" from active")
		}
		assert.Equal(t, want, planned, "%+v", opts)
	}
	assert.Equal(t, []string{"Support", "Billing", "Sales"}, g.onLists(t))
	u, _ := g.srv.User(g.agent)
	assert.EqualValues(t, "active", u.State)
	assert.Len(t, u.PhoneNumbers, 2)
}

func TestOffboardDeleteSuspended(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	uid, err := e.srv.AddUser(dialpadtest.User{OfficeID: e.office, Emails: []string{"old@example.com"}, State: "suspended",
		PhoneNumbers: []string{e.numbers[2]}})
	require.NoError(t, err)
	r, err := lifecycle.Offboard(t.Context(), e.c, "old@example.com", lifecycle.OffboardOptions{Delete: true})
	require.NoError(t, err, "%s", r)
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepUnassignNumber: D, lifecycle.StepDeleteUser: D})
	u, _ := e.srv.User(uid)
	assert.EqualValues(t, "deleted", u.State)
}

// TestOffboardCleanupFails: a desk phone that cannot be deleted keeps the
// user; the numbers are released all the same, and a second run finishes.
func TestOffboardCleanupFails(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	uid, _, _ := e.leaver(t, "lee@example.com")
	require.NoError(t, e.srv.FailNext("deskphones.users.delete", 1, http.StatusForbidden))
	r, err := lifecycle.Offboard(t.Context(), e.c, "lee@example.com", lifecycle.OffboardOptions{Delete: true})
	require.ErrorIs(t, err, dialpad.ErrForbidden)
	var st []lifecycle.StepStatus
	for _, s := range r.Steps {
		st = append(st, s.Status)
	}
	assert.Equal(t, []lifecycle.StepStatus{D, D, D, D, F, D, NR}, st, "%s", r)
	u, _ := e.srv.User(uid)
	assert.EqualValues(t, "active", u.State)
	assert.Empty(t, u.PhoneNumbers)
	r, err = lifecycle.Offboard(t.Context(), e.c, "lee@example.com", lifecycle.OffboardOptions{Delete: true})
	require.NoError(t, err, "%s", r)
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepDeleteDeskPhone: D, lifecycle.StepDeleteUser: D})
	_, again := r.Step(lifecycle.StepUnassignNumber)
	assert.False(t, again, "second run unassigned numbers again\n%s", r)
}

func TestOffboardNotFound(t *testing.T) {
	t.Parallel()
	e := setup(t, 1, 2)
	r, err := lifecycle.Offboard(t.Context(), e.c, "123456", lifecycle.OffboardOptions{Delete: true})
	require.ErrorIs(t, err, dialpad.ErrNotFound, "unknown id")
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepFindUser: F, lifecycle.StepDeleteUser: NR})

	r, err = lifecycle.Offboard(t.Context(), e.c, "nobody@example.com", lifecycle.OffboardOptions{})
	require.NoError(t, err, "unknown email")
	assert.True(t, r.NothingToDo())
	assert.Zero(t, r.UserID)

	e.srv.ClearRequests()
	for _, who := range []string{"", "0", "bob", "../users", "a b@example.com", "a\u2028b@example.com"} {
		_, err := lifecycle.Offboard(t.Context(), e.c, who, lifecycle.OffboardOptions{})
		var ve *dialpad.ValidationError
		assert.ErrorAs(t, err, &ve, "Offboard(%q)", who)
	}
	assert.Empty(t, e.srv.Requests())
}

// TestOffboardZeroID: a listed user without an id is an error, and nothing
// is sent for user 0.
func TestOffboardZeroID(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder(http.MethodGet, "https://dialpad.test/api/v2/users",
			httpmock.NewStringResponder(http.StatusOK, `{"items": [{"emails": ["z@example.com"], "state": "active", "phone_numbers": ["+14155550100"]}]}`))
		c, err := dialpad.NewClient("key", dialpad.WithBaseURL("https://dialpad.test"), dialpad.WithHTTPClient(&http.Client{Transport: mt}))
		require.NoError(t, err)
		r, err := lifecycle.Offboard(t.Context(), c, "z@example.com", lifecycle.OffboardOptions{Delete: true})
		require.ErrorIs(t, err, dialpad.ErrInvalidResponse)
		assert.Equal(t, []string{"find_user failed", "delete_user not_run"}, stepList(r))
		assert.Equal(t, 1, mt.GetTotalCallCount())
	})
}
