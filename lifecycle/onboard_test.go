package lifecycle_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

func TestOnboardEveryStep(t *testing.T) {
	t.Parallel()
	e := setup(t, 3, 6)
	seats := e.freeSeats(t)
	r, err := lifecycle.Onboard(t.Context(), e.c, e.fullRequest("new@example.com"))
	require.NoError(t, err, "%s", r)
	office := e.office.String()
	s, _ := r.Step(lifecycle.StepAssignNumber)
	uid := r.UserID.String()
	team := e.team.String()
	assert.Equal(t, []string{
		"validate done", "resolve_office done " + office, "resolve_groups skipped", "find_user done",
		"check_seats done " + office, "create_user done " + uid, "assign_number done " + s.ID,
		"join_call_center skipped", "join_department skipped", "set_caller_id done " + mainLine,
		"set_e911 done", "join_coaching_team done " + team, "set_do_not_disturb done",
	}, stepList(r))
	u := e.user(t, r)
	assert.EqualValues(t, "active", u.State)
	assert.Equal(t, "talk", u.License)
	assert.Equal(t, e.office, u.OfficeID)
	require.Len(t, u.PhoneNumbers, 1)
	assert.True(t, strings.HasPrefix(u.PhoneNumbers[0], "+1646"), "number %s, want one in 646", u.PhoneNumbers[0])
	assert.Equal(t, mainLine, u.CallerID)
	assert.True(t, u.DoNotDisturb)
	require.NotNil(t, u.E911)
	assert.Equal(t, "San Ramon", u.E911.City)
	members, err := e.c.CoachingTeams.ListMembers(t.Context(), e.team)
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(members, func(m *dialpad.CoachingTeamMember) bool {
		return m.ID == r.UserID && m.Role == dialpad.CoachingRoleTrainee
	}), "user is not a trainee of the team")
	assert.Equal(t, seats-1, e.freeSeats(t))
	assert.Equal(t, []lifecycle.Resource{{Kind: lifecycle.ResourceUser, ID: uid}, {Kind: lifecycle.ResourceNumber, ID: s.ID},
		{Kind: lifecycle.ResourceCoachingMembership, ID: team}}, r.Exists)
	assert.True(t, r.Changed())
	assert.False(t, r.NothingToDo())
	assert.False(t, r.RolledBack)
	// The reads before the create: the office listing, the lookup and the
	// free seats, once each.
	reqs := e.srv.Requests()
	for _, op := range []string{"offices.list", "users.list", "plan.available_licenses.get", "users.create"} {
		assert.Equal(t, 1, countOp(reqs, op), op)
	}
}

func TestOnboardNumberChoice(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		set     func(*lifecycle.OnboardRequest, *env)
		check   func(t *testing.T, numbers []string, e *env)
		assigns int // assign_number requests
	}{
		{"specific", func(r *lifecycle.OnboardRequest, e *env) { r.Number = e.numbers[4] },
			func(t *testing.T, ns []string, e *env) { assert.Equal(t, []string{e.numbers[4]}, ns) }, 1},
		{"area code", func(r *lifecycle.OnboardRequest, e *env) { r.AreaCode = "646" },
			func(t *testing.T, ns []string, e *env) {
				require.Len(t, ns, 1)
				assert.True(t, strings.HasPrefix(ns[0], "+1646"), ns[0])
			}, 1},
		{"auto", func(r *lifecycle.OnboardRequest, e *env) {},
			func(t *testing.T, ns []string, e *env) { assert.Len(t, ns, 1) }, 0}, // asked for with the create's auto_assign
		{"none", func(r *lifecycle.OnboardRequest, e *env) { r.NoNumber = true },
			func(t *testing.T, ns []string, e *env) { assert.Empty(t, ns) }, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t, 2, 6)
			req := lifecycle.OnboardRequest{Email: "n@example.com", OfficeID: e.office}
			tc.set(&req, e)
			r, err := lifecycle.Onboard(t.Context(), e.c, req)
			require.NoError(t, err, "%s", r)
			tc.check(t, e.user(t, r).PhoneNumbers, e)
			assert.Equal(t, tc.assigns, countOp(e.srv.Requests(), "numbers.assign_user_number.post"))
		})
	}
}

func TestOnboardOfficeByName(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	other, err := e.srv.AddOffice(dialpadtest.Office{Name: "Elsewhere", Seats: map[string]int{"talk": 1}})
	require.NoError(t, err)
	_, err = e.srv.AddOffice(dialpadtest.Office{Name: "Closed", State: "suspended", Seats: map[string]int{"talk": 1}})
	require.NoError(t, err)

	r, err := lifecycle.Onboard(t.Context(), e.c, lifecycle.OnboardRequest{Email: "n@example.com", Office: " onboarding "})
	require.NoError(t, err, "%s", r)
	s, _ := r.Step(lifecycle.StepResolveOffice)
	assert.Equal(t, lifecycle.Step{Name: lifecycle.StepResolveOffice, Status: D, ID: e.office.String(), Detail: `"Onboarding"`}, s)
	assert.Equal(t, e.office, e.user(t, r).OfficeID)

	// Name and id together must agree.
	r, err = lifecycle.Onboard(t.Context(), e.c, lifecycle.OnboardRequest{Email: "n@example.com", Office: officeName, OfficeID: e.office})
	require.NoError(t, err, "%s", r)
	assert.True(t, r.NothingToDo(), "%s", r)

	for _, tc := range []struct {
		name   string
		req    lifecycle.OnboardRequest
		target error
		text   string
	}{
		{"misspelt", lifecycle.OnboardRequest{Office: "Onbaording"}, lifecycle.ErrUnknownOffice,
			`resolve_office: office does not exist: no office is named "Onbaording"; did you mean "Onboarding"?`},
		{"a part of the name", lifecycle.OnboardRequest{Office: "where"}, lifecycle.ErrUnknownOffice, `did you mean "Elsewhere"?`},
		{"nothing close", lifecycle.OnboardRequest{Office: "Tokyo"}, lifecycle.ErrUnknownOffice,
			`no office is named "Tokyo"; the offices are "Onboarding" (`},
		{"unknown id", lifecycle.OnboardRequest{OfficeID: 999}, lifecycle.ErrUnknownOffice, "no office has id 999"},
		{"not active", lifecycle.OnboardRequest{Office: "closed"}, lifecycle.ErrUnknownOffice, "is suspended, not active"},
		{"name and id disagree", lifecycle.OnboardRequest{Office: officeName, OfficeID: other}, &dialpad.ValidationError{}, "office_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.srv.ClearRequests()
			tc.req.Email = "x@example.com"
			tc.req.Rollback = true
			r, err := lifecycle.Onboard(t.Context(), e.c, tc.req)
			if ve := (*dialpad.ValidationError)(nil); errors.As(tc.target, &ve) {
				require.ErrorAs(t, err, &ve)
			} else {
				require.ErrorIs(t, err, tc.target)
			}
			assert.Contains(t, err.Error(), tc.text)
			assert.Equal(t, 1, strings.Count(err.Error(), "lifecycle:"), err.Error())
			assert.NotContains(t, r.String(), "lifecycle:", "the report's step lines carry no prefix")
			wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{
				lifecycle.StepValidate: D, lifecycle.StepResolveOffice: F, lifecycle.StepFindUser: NR,
				lifecycle.StepCheckSeats: NR, lifecycle.StepCreateUser: NR,
			})
			assert.Empty(t, writes(e.srv.Requests()))
			assert.Equal(t, 1, countOp(e.srv.Requests(), "offices.list"))
		})
	}

	// Two offices of one name: the id picks one.
	twin, err := e.srv.AddOffice(dialpadtest.Office{Name: "ONBOARDING", Seats: map[string]int{"talk": 1}})
	require.NoError(t, err)
	_, err = lifecycle.Onboard(t.Context(), e.c, lifecycle.OnboardRequest{Email: "y@example.com", Office: officeName})
	require.ErrorIs(t, err, lifecycle.ErrAmbiguousName)
	assert.Contains(t, err.Error(), `2 offices are named "Onboarding"`)
	r, err = lifecycle.Onboard(t.Context(), e.c, lifecycle.OnboardRequest{Email: "y@example.com", Office: officeName, OfficeID: twin, NoNumber: true})
	require.NoError(t, err, "%s", r)
	assert.Equal(t, twin, e.user(t, r).OfficeID)
}

// TestOnboardUnknownOfficeFromCreate: an office that the listing showed
// but the create is told does not exist (deleted in between) fails the
// create with ErrUnknownOffice, and the error says the SDK's words once.
func TestOnboardUnknownOfficeFromCreate(t *testing.T) {
	t.Parallel()
	e := setup(t, 1, 2)
	require.NoError(t, e.srv.FailNext("users.create", 1, http.StatusNotFound))
	req := e.fullRequest("n@example.com")
	req.Rollback = true
	r, err := lifecycle.Onboard(t.Context(), e.c, req)
	require.ErrorIs(t, err, lifecycle.ErrUnknownOffice)
	require.ErrorIs(t, err, dialpad.ErrNotFound)
	var se *lifecycle.StepError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, lifecycle.StepCreateUser, se.Step)
	msg := err.Error()
	assert.True(t, strings.HasPrefix(msg, "lifecycle: onboard n@example.com: create_user: dialpad: POST /api/v2/users: 404 "), msg)
	assert.Equal(t, 1, strings.Count(msg, "lifecycle:"), msg)
	assert.Equal(t, 1, strings.Count(msg, "dialpad:"), msg)
	assert.NotContains(t, msg, "office does not exist", "the sentinel's text is not repeated")
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{
		lifecycle.StepCreateUser: F, lifecycle.StepAssignNumber: NR, lifecycle.StepSetDoNotDisturb: NR,
	})
	assert.Zero(t, r.UserID)
	assert.Empty(t, r.Exists)
	assert.False(t, r.RolledBack)
	assert.Empty(t, e.liveUsers(t))
}

func TestOnboardNoFreeSeat(t *testing.T) {
	t.Parallel()
	e := setup(t, 0, 2)
	r, err := lifecycle.Onboard(t.Context(), e.c, lifecycle.OnboardRequest{Email: "n@example.com", Office: officeName})
	require.ErrorIs(t, err, lifecycle.ErrNotEnoughSeats)
	var seatErr *lifecycle.SeatError
	require.ErrorAs(t, err, &seatErr)
	assert.Equal(t, []lifecycle.SeatCount{{OfficeID: e.office, Office: officeName, License: dialpad.LicenseTalk,
		Needed: 1, Free: 0, Short: 1}}, seatErr.Shortfalls)
	assert.Contains(t, err.Error(), `check_seats: not enough free seats: office "Onboarding" talk: 1 needed, 0 free, 1 short`)
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepCheckSeats: F, lifecycle.StepCreateUser: NR, lifecycle.StepAssignNumber: NR})
	assert.Empty(t, writes(e.srv.Requests()))

	// Free seats that cannot be read refuse the run too.
	require.NoError(t, e.srv.FailNext("plan.available_licenses.get", 1, http.StatusForbidden))
	b := lifecycle.OnboardAll(t.Context(), e.c, []lifecycle.OnboardRequest{{Email: "n@example.com", Office: officeName}}, lifecycle.BulkOptions{})
	require.ErrorIs(t, b.Refused, dialpad.ErrForbidden)
	assert.NotErrorIs(t, b.Refused, lifecycle.ErrNotEnoughSeats)
	assert.Contains(t, b.Err().Error(), `lifecycle: reading the free seats of office "Onboarding": dialpad: GET`)
	wantStatuses(t, b.Reports[0], map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepCheckSeats: F, lifecycle.StepCreateUser: NR})
	assert.Empty(t, writes(e.srv.Requests()))

	// A license without a free count is not checked: the create tells.
	r, err = lifecycle.Onboard(t.Context(), e.c, lifecycle.OnboardRequest{Email: "n@example.com", Office: officeName, License: dialpad.LicenseAdmins})
	require.ErrorIs(t, err, dialpad.ErrBadRequest)
	s, _ := r.Step(lifecycle.StepCheckSeats)
	assert.Equal(t, S, s.Status)
	assert.Equal(t, "not checked: Dialpad counts no free admins seats", s.Detail)
}

func TestOnboardValidation(t *testing.T) {
	t.Parallel()
	e := setup(t, 1, 2)
	for _, tc := range []struct {
		name  string
		field string
		set   func(*lifecycle.OnboardRequest)
	}{
		{"no email", "email", func(r *lifecycle.OnboardRequest) { r.Email = "" }},
		{"bad email", "email", func(r *lifecycle.OnboardRequest) { r.Email = "Ann <ann@example.com>" }},
		{"email with U+2028", "email", func(r *lifecycle.OnboardRequest) { r.Email = "a\u2028b@example.com" }},
		{"email with U+2029", "email", func(r *lifecycle.OnboardRequest) { r.Email = "ab@example.com\u2029" }},
		{"email with NEL", "email", func(r *lifecycle.OnboardRequest) { r.Email = "a\u0085b@example.com" }},
		{"email with a control", "email", func(r *lifecycle.OnboardRequest) { r.Email = "a\x1bb@example.com" }},
		{"no office", "office", func(r *lifecycle.OnboardRequest) { r.OfficeID = 0 }},
		{"negative office", "office_id", func(r *lifecycle.OnboardRequest) { r.OfficeID = -1 }},
		{"office name on two lines", "office", func(r *lifecycle.OnboardRequest) { r.Office = "Onboarding\nHQ" }},
		{"number and area code", "number", func(r *lifecycle.OnboardRequest) { r.Number = "+14155551000" }},
		{"bad number", "number", func(r *lifecycle.OnboardRequest) { r.AreaCode, r.Number = "", "4155551000" }},
		{"bad area code", "area_code", func(r *lifecycle.OnboardRequest) { r.AreaCode = "41a" }},
		{"no number and area code", "number", func(r *lifecycle.OnboardRequest) { r.NoNumber = true }},
		{"bad caller id", "caller_id", func(r *lifecycle.OnboardRequest) { r.CallerID = "office" }},
		{"e911 without city", "e911.city", func(r *lifecycle.OnboardRequest) { r.E911.City = " " }},
		{"role without team", "coaching_role", func(r *lifecycle.OnboardRequest) { r.CoachingTeamID = 0 }},
		{"bad role", "coaching_role", func(r *lifecycle.OnboardRequest) { r.CoachingRole = "boss" }},
		{"call center without name", "call_centers[0].name", func(r *lifecycle.OnboardRequest) {
			r.CallCenters = []lifecycle.Membership{{Name: " "}}
		}},
		{"bad call center role", "call_centers[1].role", func(r *lifecycle.OnboardRequest) {
			r.CallCenters = []lifecycle.Membership{{Name: "Support"}, {Name: "Sales", Role: "boss"}}
		}},
		{"supervisor of a department", "departments[0].role", func(r *lifecycle.OnboardRequest) {
			r.Departments = []lifecycle.Membership{{Name: "Sales", Role: dialpad.GroupRoleSupervisor}}
		}},
		{"department twice", "departments[1].name", func(r *lifecycle.OnboardRequest) {
			r.Departments = []lifecycle.Membership{{Name: "Sales"}, {Name: "sales"}}
		}},
		{"row error", "office_id", func(r *lifecycle.OnboardRequest) {
			r.RowErr = &dialpad.ValidationError{Field: "office_id", Reason: `"abc" is not a positive id`}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := e.fullRequest("v@example.com")
			tc.set(&req)
			r, err := lifecycle.Onboard(t.Context(), e.c, req)
			var ve *dialpad.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepValidate: F, lifecycle.StepFindUser: NR, lifecycle.StepCreateUser: NR})
		})
	}
	assert.Empty(t, e.srv.Requests(), "requests sent")
}

// stepOps are the fake's operations behind the steps after the create.
var stepOps = []struct {
	step lifecycle.StepName
	op   string
}{
	{lifecycle.StepAssignNumber, "numbers.assign_user_number.post"},
	{lifecycle.StepSetCallerID, "caller_id.users.post"},
	{lifecycle.StepSetE911, "users.e911.update"},
	{lifecycle.StepJoinCoachingTeam, "coaching_team.members.add"},
	{lifecycle.StepSetDoNotDisturb, "users.toggle_dnd"},
}

// TestOnboardFailingStep fails each step after the create in turn, with
// and without rollback, with a 503 (which the SDK never retries for a POST
// or PATCH, and gives up on for the PUT after its retries).
func TestOnboardFailingStep(t *testing.T) {
	t.Parallel()
	order := []lifecycle.StepName{lifecycle.StepCreateUser}
	for _, so := range stepOps {
		order = append(order, so.step)
	}
	for i, so := range stepOps {
		for _, rollback := range []bool{false, true} {
			name := string(so.step)
			if rollback {
				name += "/rollback"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				e := setup(t, 2, 6)
				seats := e.freeSeats(t)
				require.NoError(t, e.srv.FailNext(dialpadtest.Operation(so.op), 10, http.StatusServiceUnavailable))
				req := e.fullRequest("half@example.com")
				req.Rollback = rollback
				r, err := lifecycle.Onboard(t.Context(), e.c, req)
				var se *lifecycle.StepError
				require.ErrorAs(t, err, &se)
				assert.Equal(t, so.step, se.Step)
				var apiErr *dialpad.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
				want := map[lifecycle.StepName]lifecycle.StepStatus{}
				for j, name := range order {
					switch {
					case j < i+1:
						want[name] = D
					case j == i+1:
						want[name] = F
					default:
						want[name] = NR
					}
				}
				wantStatuses(t, r, want)
				if so.op != "users.e911.update" {
					assert.Equal(t, 1, countOp(e.srv.Requests(), so.op), "sent once, never resent")
				}
				assert.Contains(t, r.Summary(), "FAILED at "+string(so.step))
				assert.Equal(t, i < len(stepOps)-1, strings.Contains(r.Summary(), "not done:"), r.Summary())
				require.NoError(t, e.srv.FailNext(dialpadtest.Operation(so.op), 0, http.StatusServiceUnavailable))

				if rollback {
					assert.True(t, r.RolledBack)
					assert.Empty(t, r.Exists)
					wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepDeleteUser: D})
					assert.EqualValues(t, "deleted", e.user(t, r).State)
					assert.Equal(t, seats, e.freeSeats(t), "all seats freed")
					assert.Empty(t, e.assigned())
					assert.Empty(t, e.liveUsers(t))
					return
				}

				// Without rollback the user stays, and the report says what it has.
				u := e.user(t, r)
				wantExists := []lifecycle.Resource{{Kind: lifecycle.ResourceUser, ID: r.UserID.String()}}
				for _, n := range u.PhoneNumbers {
					wantExists = append(wantExists, lifecycle.Resource{Kind: lifecycle.ResourceNumber, ID: n})
				}
				if so.step == lifecycle.StepSetDoNotDisturb {
					wantExists = append(wantExists, lifecycle.Resource{Kind: lifecycle.ResourceCoachingMembership, ID: e.team.String()})
				}
				assert.Equal(t, wantExists, r.Exists)
				assert.Equal(t, seats-1, e.freeSeats(t))
				// Running again adopts the user and does only what is missing.
				r2, err := lifecycle.Onboard(t.Context(), e.c, req)
				require.NoError(t, err, "second run\n%s", r2)
				assert.Equal(t, r.UserID, r2.UserID)
				want = map[lifecycle.StepName]lifecycle.StepStatus{}
				for j, name := range order {
					if j < i+1 {
						want[name] = S
					} else {
						want[name] = D
					}
				}
				wantStatuses(t, r2, want)
				assert.Equal(t, seats-1, e.freeSeats(t))
				u = e.user(t, r2)
				assert.Len(t, u.PhoneNumbers, 1)
				assert.Equal(t, mainLine, u.CallerID)
				assert.True(t, u.DoNotDisturb)
			})
		}
	}
}

// groupsEnv adds to setup's office a call center "Support" (with a number)
// and a department "Sales", and elsewhere a second "Support" and an
// "Escalations" call center.
type groupsEnv struct {
	*env
	support, sales, farSupport dialpad.ID
	supportLine                string
}

func setupGroups(t *testing.T) *groupsEnv {
	t.Helper()
	g := &groupsEnv{env: setup(t, 2, 6), supportLine: "+14155550110"}
	var err error
	g.support, err = g.srv.AddCallCenter(dialpadtest.CallCenter{Name: "Support", OfficeID: g.office, PhoneNumbers: []string{g.supportLine}})
	require.NoError(t, err)
	g.sales, err = g.srv.AddDepartment(dialpadtest.Department{Name: "Sales", OfficeID: g.office})
	require.NoError(t, err)
	far, err := g.srv.AddOffice(dialpadtest.Office{Name: "Far away", Seats: map[string]int{"talk": 1}})
	require.NoError(t, err)
	g.farSupport, err = g.srv.AddCallCenter(dialpadtest.CallCenter{Name: "Support", OfficeID: far})
	require.NoError(t, err)
	_, err = g.srv.AddCallCenter(dialpadtest.CallCenter{Name: "Escalations", OfficeID: far})
	require.NoError(t, err)
	return g
}

// agentRequest is a call-center agent who joins Support (as an operator)
// and Sales (as an admin) and calls out as Support.
func (g *groupsEnv) agentRequest(email string) lifecycle.OnboardRequest {
	return lifecycle.OnboardRequest{Email: email, Office: officeName, License: dialpad.LicenseAgents, NoNumber: true,
		CallCenters: []lifecycle.Membership{{Name: "support"}},
		Departments: []lifecycle.Membership{{Name: "Sales", Role: dialpad.GroupRoleAdmin}},
		CallerID:    g.supportLine}
}

// operators lists the user ids and roles on a group's operator list.
func (g *groupsEnv) operators(t *testing.T, kind string, id dialpad.ID) []dialpadtest.Operator {
	t.Helper()
	if kind == "callcenter" {
		cc, ok := g.srv.CallCenter(id)
		require.True(t, ok)
		return cc.Operators
	}
	d, ok := g.srv.Department(id)
	require.True(t, ok)
	return d.Operators
}

func TestOnboardJoinsGroups(t *testing.T) {
	t.Parallel()
	g := setupGroups(t)
	r, err := lifecycle.Onboard(t.Context(), g.c, g.agentRequest("agent@example.com"))
	require.NoError(t, err, "%s", r)
	uid := r.UserID
	support, sales := g.support.String(), g.sales.String()
	assert.Equal(t, []string{
		"validate done", "resolve_office done " + g.office.String(), "resolve_groups done", "find_user done",
		"check_seats done " + g.office.String(), "create_user done " + uid.String(), "assign_number skipped",
		"join_call_center done " + support, "join_department done " + sales, "set_caller_id done " + g.supportLine,
		"set_e911 skipped", "join_coaching_team skipped", "set_do_not_disturb skipped",
	}, stepList(r))
	s, _ := r.Step(lifecycle.StepJoinCallCenter)
	assert.Equal(t, `"Support" as operator`, s.Detail)
	// Of the two call centers named Support, the one in the user's office.
	assert.Equal(t, []dialpadtest.Operator{{UserID: uid, Role: "operator", SkillLevel: 100}}, g.operators(t, "callcenter", g.support))
	assert.Empty(t, g.operators(t, "callcenter", g.farSupport))
	assert.Equal(t, []dialpadtest.Operator{{UserID: uid, Role: "admin"}}, g.operators(t, "department", g.sales))
	assert.Equal(t, []lifecycle.Resource{{Kind: lifecycle.ResourceUser, ID: uid.String()},
		{Kind: lifecycle.ResourceCallCenterMembership, ID: support}, {Kind: lifecycle.ResourceDepartmentMembership, ID: sales}}, r.Exists)
	// The call centers and departments were listed once each.
	assert.Equal(t, 1, countOp(g.srv.Requests(), "callcenters.listall"))
	assert.Equal(t, 1, countOp(g.srv.Requests(), "departments.listall"))

	// Again: already a member, nothing sent.
	g.srv.ClearRequests()
	r2, err := lifecycle.Onboard(t.Context(), g.c, g.agentRequest("agent@example.com"))
	require.NoError(t, err, "%s", r2)
	assert.True(t, r2.NothingToDo(), "%s", r2)
	assert.Empty(t, writes(g.srv.Requests()))
	s, _ = r2.Step(lifecycle.StepJoinDepartment)
	assert.Equal(t, lifecycle.Step{Name: lifecycle.StepJoinDepartment, Status: S, ID: sales, Detail: `"Sales": already admin`}, s)
}

func TestOnboardUnknownGroup(t *testing.T) {
	t.Parallel()
	g := setupGroups(t)
	req := g.agentRequest("agent@example.com")
	req.CallCenters = []lifecycle.Membership{{Name: "Suport"}, {Name: "Escalation"}}
	req.Departments = []lifecycle.Membership{{Name: "Marketing"}}
	r, err := lifecycle.Onboard(t.Context(), g.c, req)
	require.ErrorIs(t, err, lifecycle.ErrUnknownGroup)
	for _, want := range []string{`no call center is named "Suport"; did you mean "Support"?`,
		`no call center is named "Escalation"; did you mean "Escalations"?`,
		`no department is named "Marketing"; the departments are "Sales" (`} {
		assert.Contains(t, err.Error(), want)
	}
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{
		lifecycle.StepResolveGroups: F, lifecycle.StepCreateUser: NR, lifecycle.StepJoinCallCenter: NR, lifecycle.StepJoinDepartment: NR,
	})
	assert.Empty(t, writes(g.srv.Requests()))
}

// TestOnboardRollbackLeavesGroups: a failure after the joins takes the
// user off the operator lists before deleting it.
func TestOnboardRollbackLeavesGroups(t *testing.T) {
	t.Parallel()
	g := setupGroups(t)
	require.NoError(t, g.srv.FailNext("users.toggle_dnd", 1, http.StatusServiceUnavailable))
	req := g.agentRequest("agent@example.com")
	req.DoNotDisturb = dialpad.Ptr(true)
	req.Rollback = true
	r, err := lifecycle.Onboard(t.Context(), g.c, req)
	var se *lifecycle.StepError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, lifecycle.StepSetDoNotDisturb, se.Step)
	assert.True(t, r.RolledBack)
	assert.Empty(t, r.Exists)
	uid := r.UserID.String()
	steps := stepList(r)
	assert.Equal(t, []string{"set_do_not_disturb failed", "leave_call_center done " + g.support.String(),
		"leave_department done " + g.sales.String(), "delete_user done " + uid}, steps[len(steps)-4:])
	assert.Equal(t, []string{"users.create", "callcenters.operators.post", "departments.operators.post", "caller_id.users.post",
		"users.toggle_dnd", "callcenters.operators.delete", "departments.operators.delete", "users.delete"}, writes(g.srv.Requests()))
	assert.Empty(t, g.operators(t, "callcenter", g.support))
	assert.Empty(t, g.operators(t, "department", g.sales))
	assert.EqualValues(t, "deleted", g.user(t, r).State)
}

func TestOnboardTwiceIsNoop(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	req := e.fullRequest("twice@example.com")
	r1, err := lifecycle.Onboard(t.Context(), e.c, req)
	require.NoError(t, err, "first run\n%s", r1)
	e.srv.ClearRequests()
	r2, err := lifecycle.Onboard(t.Context(), e.c, req)
	require.NoError(t, err, "second run\n%s", r2)
	assert.True(t, r2.NothingToDo(), "%s", r2)
	assert.False(t, r2.Changed())
	assert.Equal(t, r1.UserID, r2.UserID)
	assert.Empty(t, writes(e.srv.Requests()))
	assert.Contains(t, r2.Summary(), "nothing to do")
}

func TestOnboardExistingUser(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	other, err := e.srv.AddOffice(dialpadtest.Office{Name: "Elsewhere", Seats: map[string]int{"talk": 1}})
	require.NoError(t, err)
	_, err = e.srv.AddUser(dialpadtest.User{OfficeID: e.office, Emails: []string{"sus@example.com"}, State: "suspended"})
	require.NoError(t, err)
	_, err = e.srv.AddUser(dialpadtest.User{OfficeID: other, Emails: []string{"away@example.com"}})
	require.NoError(t, err)
	for _, email := range []string{"sus@example.com", "AWAY@example.com"} {
		e.srv.ClearRequests()
		r, err := lifecycle.Onboard(t.Context(), e.c, lifecycle.OnboardRequest{Email: email, OfficeID: e.office, Rollback: true})
		require.ErrorIs(t, err, lifecycle.ErrUserExists, email)
		assert.Zero(t, r.UserID, "an existing user is not this run's")
		assert.False(t, r.RolledBack)
		assert.Empty(t, r.Exists)
		assert.Empty(t, writes(e.srv.Requests()), email)
	}
}

// loseAnswer forwards every request to next, but for the first one
// matching method and path it throws the answer away and reports a broken
// connection: the server acted, the client cannot know.
type loseAnswer struct {
	next         http.RoundTripper
	method, path string
	lost         atomic.Bool
}

func (l *loseAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(r)
	if err == nil && r.Method == l.method && r.URL.Path == l.path && l.lost.CompareAndSwap(false, true) {
		resp.Body.Close()
		return nil, errors.New("connection reset by peer (test)")
	}
	return resp, err
}

func TestOnboardCreateAnswerLost(t *testing.T) {
	t.Parallel()
	for _, rollback := range []bool{false, true} {
		t.Run(map[bool]string{false: "keep", true: "rollback"}[rollback], func(t *testing.T) {
			t.Parallel()
			e := setup(t, 2, 4)
			seats := e.freeSeats(t)
			c := fastClient(t, e.srv, dialpad.WithHTTPClient(&http.Client{Transport: &loseAnswer{next: e.srv.Transport(), method: http.MethodPost, path: "/api/v2/users"}}))
			req := e.fullRequest("lost@example.com")
			req.Rollback = rollback
			r, err := lifecycle.Onboard(t.Context(), c, req)
			require.Error(t, err, "want the create to fail\n%s", r)
			s, _ := r.Step(lifecycle.StepCreateUser)
			assert.Equal(t, F, s.Status)
			require.NotZero(t, r.UserID)
			assert.Equal(t, r.UserID.String(), s.ID)
			assert.Contains(t, s.Detail, "exists")
			assert.Equal(t, 1, countOp(e.srv.Requests(), "users.create"), "never resent")
			if rollback {
				assert.EqualValues(t, "deleted", e.user(t, r).State)
				assert.Equal(t, seats, e.freeSeats(t))
				assert.Empty(t, e.assigned())
				assert.Empty(t, r.Exists)
				return
			}
			require.NotEmpty(t, r.Exists)
			assert.Equal(t, lifecycle.Resource{Kind: lifecycle.ResourceUser, ID: r.UserID.String()}, r.Exists[0])
			// The next run adopts the user instead of creating a second one.
			r2, err := lifecycle.Onboard(t.Context(), e.c, req)
			require.NoError(t, err, "%s", r2)
			assert.Equal(t, r.UserID, r2.UserID)
		})
	}
}

// mockDialpad is an in-memory Dialpad for the cases the fake cannot
// produce: one office with free talk seats, and answers to users.create
// and users.list that the test chooses.
func mockDialpad(t *testing.T, create, list httpmock.Responder) (*httpmock.MockTransport, *dialpad.Client) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, "https://dialpad.test/api/v2/offices",
		httpmock.NewStringResponder(http.StatusOK, `{"items": [{"id": "7", "name": "HQ", "state": "active"}]}`))
	mt.RegisterResponder(http.MethodGet, "https://dialpad.test/api/v2/offices/7/available_licenses",
		httpmock.NewStringResponder(http.StatusOK, `{"talk_lines": "5"}`))
	mt.RegisterResponder(http.MethodPost, "https://dialpad.test/api/v2/users", create)
	mt.RegisterResponder(http.MethodGet, "https://dialpad.test/api/v2/users", list)
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
		return httpmock.NewStringResponse(http.StatusNotFound, `{}`), nil
	})
	c, err := dialpad.NewClient("key", dialpad.WithBaseURL("https://dialpad.test"), dialpad.WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	return mt, c
}

// TestOnboardCreateWithoutID: a create answered 200 without an id is a
// failed create (dialpad.ErrInvalidResponse); nothing is then sent for
// user 0, and a rollback deletes the user only once a lookup found its
// real id.
func TestOnboardCreateWithoutID(t *testing.T) {
	t.Parallel()
	noID := httpmock.NewStringResponder(http.StatusOK, `{"emails": ["z@example.com"], "state": "active"}`)
	t.Run("not found after", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			mt, c := mockDialpad(t, noID, httpmock.NewStringResponder(http.StatusOK, `{"items": []}`))
			r, err := lifecycle.Onboard(t.Context(), c, lifecycle.OnboardRequest{Email: "z@example.com", Office: "hq", AreaCode: "415", Rollback: true})
			require.ErrorIs(t, err, dialpad.ErrInvalidResponse)
			var se *lifecycle.StepError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, lifecycle.StepCreateUser, se.Step)
			assert.Zero(t, r.UserID)
			assert.False(t, r.RolledBack)
			wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepCreateUser: F, lifecycle.StepAssignNumber: NR})
			assert.Equal(t, map[string]int{
				"GET https://dialpad.test/api/v2/offices": 1, "GET https://dialpad.test/api/v2/offices/7/available_licenses": 1,
				"GET https://dialpad.test/api/v2/users": 2, "POST https://dialpad.test/api/v2/users": 1,
			}, nonZero(mt.GetCallCountInfo()))
		})
	})
	t.Run("found after", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var lists atomic.Int32
			list := func(*http.Request) (*http.Response, error) {
				if lists.Add(1) == 1 {
					return httpmock.NewStringResponse(http.StatusOK, `{"items": []}`), nil
				}
				return httpmock.NewStringResponse(http.StatusOK,
					`{"items": [{"id": "42", "office_id": "7", "emails": ["z@example.com"], "state": "active"}]}`), nil
			}
			mt, c := mockDialpad(t, noID, list)
			mt.RegisterResponder(http.MethodGet, "https://dialpad.test/api/v2/users/42",
				httpmock.NewStringResponder(http.StatusOK, `{"id": "42", "office_id": "7", "emails": ["z@example.com"], "state": "active"}`))
			mt.RegisterResponder(http.MethodDelete, "https://dialpad.test/api/v2/users/42",
				httpmock.NewStringResponder(http.StatusOK, `{"id": "42", "state": "deleted"}`))
			r, err := lifecycle.Onboard(t.Context(), c, lifecycle.OnboardRequest{Email: "z@example.com", Office: "HQ", AreaCode: "415", Rollback: true})
			require.ErrorIs(t, err, dialpad.ErrInvalidResponse)
			assert.Equal(t, dialpad.ID(42), r.UserID)
			assert.True(t, r.RolledBack)
			wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepCreateUser: F, lifecycle.StepAssignNumber: NR,
				lifecycle.StepDeleteUser: D})
			assert.Equal(t, 1, mt.GetCallCountInfo()["DELETE https://dialpad.test/api/v2/users/42"])
		})
	})
}

// nonZero drops the zero counts of httpmock's call-count map.
func nonZero(m map[string]int) map[string]int {
	for k, v := range m {
		if v == 0 {
			delete(m, k)
		}
	}
	return m
}

func TestOnboardRollbackCannotUnassign(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	require.NoError(t, e.srv.FailNext("users.e911.update", 10, http.StatusBadRequest))
	require.NoError(t, e.srv.FailNext("numbers.user_unassign_number.post", 1, http.StatusServiceUnavailable))
	req := e.fullRequest("stuck@example.com")
	req.Rollback = true
	r, err := lifecycle.Onboard(t.Context(), e.c, req)
	require.ErrorIs(t, err, dialpad.ErrBadRequest, "the E911 400 first")
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{
		lifecycle.StepSetE911: F, lifecycle.StepUnassignNumber: F, lifecycle.StepDeleteUser: NR,
	})
	u := e.user(t, r)
	assert.EqualValues(t, "active", u.State)
	assert.Equal(t, []lifecycle.Resource{{Kind: lifecycle.ResourceUser, ID: r.UserID.String()},
		{Kind: lifecycle.ResourceNumber, ID: u.PhoneNumbers[0]}}, r.Exists)
	assert.Contains(t, err.Error(), "set_e911")
	assert.Contains(t, err.Error(), "unassign_number")
}

// cancelAt cancels a context when a request for one method and path
// leaves, before forwarding it to next (with the now canceled context):
// the run is cut short in the middle of that step, without any timer.
type cancelAt struct {
	next         http.RoundTripper
	method, path string
	cancel       context.CancelFunc
}

func (c *cancelAt) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == c.method && strings.HasSuffix(r.URL.Path, c.path) {
		c.cancel()
	}
	return c.next.RoundTrip(r)
}

// TestOnboardRollbackAfterCancel cancels the run while a step is on its
// way: the rollback still runs.
func TestOnboardRollbackAfterCancel(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	seats := e.freeSeats(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	c := fastClient(t, e.srv, dialpad.WithHTTPClient(&http.Client{Transport: &cancelAt{e.srv.Transport(), http.MethodPut, "/e911", cancel}}))
	req := e.fullRequest("gone@example.com")
	req.Rollback = true
	r, err := lifecycle.Onboard(ctx, c, req)
	require.ErrorIs(t, err, context.Canceled)
	var se *lifecycle.StepError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, lifecycle.StepSetE911, se.Step)
	assert.True(t, r.RolledBack, "%s", r)
	assert.EqualValues(t, "deleted", e.user(t, r).State)
	assert.Equal(t, seats, e.freeSeats(t))
	assert.Empty(t, e.assigned())
}

func TestOnboardRequestBody(t *testing.T) {
	t.Parallel()
	e := setup(t, 1, 2)
	req := lifecycle.OnboardRequest{Email: "body@example.com", FirstName: "Bo", OfficeID: e.office, License: dialpad.LicenseAgents}
	r, err := lifecycle.Onboard(t.Context(), e.c, req)
	require.NoError(t, err, "%s", r)
	var bodies []map[string]any
	for _, q := range e.srv.Requests() {
		if q.Operation == "users.create" {
			var got map[string]any
			require.NoError(t, json.Unmarshal(q.Body, &got))
			bodies = append(bodies, got)
		}
	}
	assert.Equal(t, []map[string]any{{"email": "body@example.com", "first_name": "Bo", "license": "agents",
		"auto_assign": true, "office_id": float64(e.office)}}, bodies)
}

func TestOnboardLookupFails(t *testing.T) {
	t.Parallel()
	e := setup(t, 1, 2)
	require.NoError(t, e.srv.FailNext("users.list", 10, http.StatusBadGateway))
	r, err := lifecycle.Onboard(t.Context(), e.c, lifecycle.OnboardRequest{Email: "n@example.com", OfficeID: e.office, Rollback: true})
	var apiErr *dialpad.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadGateway, apiErr.StatusCode)
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepFindUser: F, lifecycle.StepCheckSeats: NR,
		lifecycle.StepCreateUser: NR, lifecycle.StepAssignNumber: NR})
	assert.Empty(t, writes(e.srv.Requests()))
	assert.False(t, r.RolledBack)
}

func TestNilClient(t *testing.T) {
	t.Parallel()
	_, err := lifecycle.Onboard(t.Context(), nil, lifecycle.OnboardRequest{Email: "n@example.com", OfficeID: 1})
	assert.Error(t, err)
	_, err = lifecycle.Offboard(t.Context(), nil, "n@example.com", lifecycle.OffboardOptions{})
	assert.Error(t, err)
}
