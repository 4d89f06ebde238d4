package dialpadtest_test

import (
	"net/http"
	"reflect"
	"slices"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func TestCallCentersAndDepartments(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	hq, ny := id(dialpadtest.SeedOfficeID), id(dialpadtest.SeedBranchOfficeID)
	support, escalations := id(dialpadtest.SeedCallCenterID), id(dialpadtest.SeedBranchCallCenterID)
	sales, desk := id(dialpadtest.SeedDepartmentID), id(dialpadtest.SeedBranchDepartmentID)
	groupsListed(t, srv, hq, ny, support, escalations, sales, desk)
	groupsGot(t, srv, hq, ny, support, sales, desk)
}

// groupsListed lists call centers and departments by filter, and pages them.
func groupsListed(t *testing.T, srv *dialpadtest.Server, hq, ny, support, escalations, sales, desk string) {
	t.Helper()
	for _, tc := range []struct {
		path  string
		query string
		want  []string
	}{
		{"callcenters", "", []string{escalations, support}},
		{"callcenters", "?office_id=" + hq, []string{support}},
		{"callcenters", "?office_id=" + ny, []string{escalations}},
		{"callcenters", "?name_search=ESC", []string{escalations}},
		{"callcenters", "?name_search=port&office_id=" + hq, []string{support}},
		{"callcenters", "?name_search=port&office_id=" + ny, nil},
		{"callcenters", "?name_search=nothing", nil},
		{"departments", "", []string{sales, desk}},
		{"departments", "?office_id=" + ny, []string{desk}},
		{"departments", "?name_search=front%20d", []string{desk}},
		{"departments", "?name_search=s", []string{sales, desk}},
	} {
		if got := ids(t, send(t, srv, "GET", "/api/v2/"+tc.path+tc.query, nil).ok(t)); !slices.Equal(got, tc.want) {
			t.Errorf("%s%s = %v, want %v", tc.path, tc.query, got, tc.want)
		}
	}
	for _, p := range []string{"callcenters", "departments"} {
		send(t, srv, "GET", "/api/v2/"+p+"?office_id=1", nil).fails(t, http.StatusNotFound, "office 1 not found")
		send(t, srv, "GET", "/api/v2/"+p+"?office_id=hq", nil).fails(t, http.StatusBadRequest, "office_id")
		send(t, srv, "GET", "/api/v2/"+p+"?cursor=nope", nil).fails(t, http.StatusBadRequest, "cursor")
		m := send(t, srv, "GET", "/api/v2/"+p+"?limit=1", nil).ok(t)
		next := send(t, srv, "GET", "/api/v2/"+p+"?limit=1&cursor="+m["cursor"].(string), nil).ok(t)
		if len(ids(t, m)) != 1 || len(ids(t, next)) != 1 || next["cursor"] != nil || ids(t, m)[0] == ids(t, next)[0] {
			t.Errorf("%s pages: %v then %v", p, m, next)
		}
	}
}

// groupsGot gets a call center and a department, and neither as the other.
func groupsGot(t *testing.T, srv *dialpadtest.Server, hq, ny, support, sales, desk string) {
	t.Helper()
	m := send(t, srv, "GET", "/api/v2/callcenters/"+support, nil).ok(t)
	if m["name"] != "Support" || m["office_id"] != hq || m["group_description"] != "First-line support" || m["country"] != "us" ||
		m["timezone"] != "US/Pacific" || m["ring_seconds"] != "30" || m["state"] != "active" ||
		!reflect.DeepEqual(m["phone_numbers"], []any{dialpadtest.SeedCallCenterNumber}) {
		t.Errorf("support = %v", m)
	}
	m = send(t, srv, "GET", "/api/v2/departments/"+desk, nil).ok(t)
	if m["name"] != "Front Desk" || m["office_id"] != ny || m["timezone"] != "US/Eastern" ||
		!reflect.DeepEqual(m["phone_numbers"], []any{"+12125550110"}) {
		t.Errorf("front desk = %v", m)
	}
	send(t, srv, "GET", "/api/v2/callcenters/"+sales, nil).fails(t, http.StatusNotFound, "call center")
	send(t, srv, "GET", "/api/v2/departments/"+support, nil).fails(t, http.StatusNotFound, "department")
	send(t, srv, "GET", "/api/v2/callcenters/x", nil).fails(t, http.StatusNotFound, "")
	send(t, srv, "GET", "/api/v2/departments/1/operators", nil).fails(t, http.StatusNotFound, "")
}

// TestOfficeAndDepartmentOperators runs the same checks on the operator
// lists of an office and of a department, which take the same bodies.
func TestOfficeAndDepartmentOperators(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind, path string
		group      dialpad.ID
		seeded     []dialpad.ID // the seed's operators, by id
	}{
		{"office", "offices", dialpadtest.SeedOfficeID, []dialpad.ID{dialpadtest.SeedAgentUserID, dialpadtest.SeedAdminUserID}},
		{"department", "departments", dialpadtest.SeedDepartmentID, []dialpad.ID{dialpadtest.SeedSuspendedUserID, dialpadtest.SeedAdminUserID}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			ops := "/api/v2/" + tc.path + "/" + id(tc.group) + "/operators"
			var want []string
			for _, u := range tc.seeded {
				want = append(want, id(u))
			}
			m := send(t, srv, "GET", ops, nil).ok(t)
			if got := operatorIDs(t, m); !slices.Equal(got, want) {
				t.Errorf("operators = %v, want %v", got, want)
			}
			// The users are full users, with their group_details.
			if u := m["users"].([]any)[0].(map[string]any); u["display_name"] == nil || u["group_details"] == nil {
				t.Errorf("operator = %v", u)
			}

			// A new user becomes an operator (role "operator" by default).
			nu := send(t, srv, "POST", "/api/v2/users", map[string]any{"email": "op@example.com", "office_id": dialpadtest.SeedOfficeID,
				"first_name": "Opal", "last_name": "Rator"}).ok(t)
			uid := nu["id"].(string)
			userID, err := dialpad.ParseID(uid)
			must(t, err)
			checkGroupDetails(t, srv, userID)
			m = send(t, srv, "POST", ops, map[string]any{"operator_id": userID, "operator_type": "user"}).ok(t)
			wantOp := map[string]any{"company_id": id(dialpadtest.CompanyID), "country": "us", "id": uid, "is_on_duty": false,
				"name": "Opal Rator", "office_id": id(dialpadtest.SeedOfficeID), "state": "active"}
			if !reflect.DeepEqual(m, wantOp) {
				t.Errorf("added operator = %v\nwant %v", m, wantOp)
			}
			checkGroupDetails(t, srv, userID, groupDetail{id(tc.group), tc.kind, "operator", false})
			if got := operatorIDs(t, send(t, srv, "GET", ops, nil).ok(t)); !slices.Equal(got, append(slices.Clone(want), uid)) {
				t.Errorf("operators after adding = %v", got)
			}
			// Adding again changes the role; the user stays on the list once.
			send(t, srv, "POST", ops, map[string]any{"operator_id": userID, "operator_type": "user", "role": "admin"}).ok(t)
			checkGroupDetails(t, srv, userID, groupDetail{id(tc.group), tc.kind, "admin", false})
			if got := operatorIDs(t, send(t, srv, "GET", ops, nil).ok(t)); len(got) != len(want)+1 {
				t.Errorf("operators after adding again = %v", got)
			}
			// DND for the group needs the place on the list, and goes with it.
			send(t, srv, "PATCH", "/api/v2/users/"+uid+"/togglednd", map[string]any{"do_not_disturb": true,
				"group_id": tc.group, "group_type": tc.kind}).ok(t)
			checkGroupDetails(t, srv, userID, groupDetail{id(tc.group), tc.kind, "admin", true})

			// Errors; none changes the list.
			send(t, srv, "POST", ops, map[string]any{"operator_id": userID, "operator_type": "user", "role": "supervisor"}).
				fails(t, http.StatusBadRequest, "role")
			send(t, srv, "POST", ops, map[string]any{"operator_id": userID, "operator_type": "room"}).fails(t, http.StatusBadRequest, "no rooms")
			send(t, srv, "POST", ops, map[string]any{"operator_id": userID, "operator_type": "bot"}).fails(t, http.StatusBadRequest, "operator_type")
			send(t, srv, "POST", ops, map[string]any{"operator_type": "user"}).fails(t, http.StatusBadRequest, `"operator_id"`)
			send(t, srv, "POST", ops, map[string]any{"operator_id": userID}).fails(t, http.StatusBadRequest, `"operator_type"`)
			send(t, srv, "POST", ops, map[string]any{"operator_id": uid, "operator_type": "user"}).fails(t, http.StatusBadRequest, "integer")
			send(t, srv, "POST", ops, map[string]any{"operator_id": userID, "operator_type": "user", "skill_level": 5}).
				fails(t, http.StatusBadRequest, "unknown field")
			send(t, srv, "POST", ops, map[string]any{"operator_id": 1, "operator_type": "user"}).fails(t, http.StatusBadRequest, "user 1 does not exist")
			send(t, srv, "POST", "/api/v2/"+tc.path+"/1/operators", map[string]any{"operator_id": userID, "operator_type": "user"}).
				fails(t, http.StatusNotFound, "not found")
			send(t, srv, "DELETE", "/api/v2/"+tc.path+"/1/operators", map[string]any{"operator_id": userID, "operator_type": "user"}).
				fails(t, http.StatusNotFound, "not found")
			send(t, srv, "DELETE", ops, map[string]any{"operator_id": 1, "operator_type": "user"}).fails(t, http.StatusBadRequest, "does not exist")
			send(t, srv, "DELETE", ops, map[string]any{"operator_id": userID}).fails(t, http.StatusBadRequest, `"operator_type"`)
			send(t, srv, "DELETE", ops, map[string]any{"operator_id": userID, "operator_type": "user", "role": "admin"}).
				fails(t, http.StatusBadRequest, "unknown field")
			send(t, srv, "DELETE", ops, nil).fails(t, http.StatusBadRequest, `"operator_id"`)
			checkGroupDetails(t, srv, userID, groupDetail{id(tc.group), tc.kind, "admin", true})

			// Removing takes the user off the list and drops its DND there.
			m = send(t, srv, "DELETE", ops, map[string]any{"operator_id": userID, "operator_type": "user"}).ok(t)
			if m["id"] != uid || m["name"] != "Opal Rator" {
				t.Errorf("removed operator = %v", m)
			}
			checkGroupDetails(t, srv, userID)
			if got := operatorIDs(t, send(t, srv, "GET", ops, nil).ok(t)); !slices.Equal(got, want) {
				t.Errorf("operators after removing = %v", got)
			}
			send(t, srv, "DELETE", ops, map[string]any{"operator_id": userID, "operator_type": "user"}).
				fails(t, http.StatusBadRequest, "is not an operator of "+tc.kind)
			send(t, srv, "POST", ops, map[string]any{"operator_id": userID, "operator_type": "user"}).ok(t)
			checkGroupDetails(t, srv, userID, groupDetail{id(tc.group), tc.kind, "operator", false})
			// A deleted user is off the list, and unknown to the operations.
			send(t, srv, "DELETE", "/api/v2/users/"+uid, nil).ok(t)
			if got := operatorIDs(t, send(t, srv, "GET", ops, nil).ok(t)); !slices.Equal(got, want) {
				t.Errorf("operators after deleting the user = %v", got)
			}
			send(t, srv, "POST", ops, map[string]any{"operator_id": userID, "operator_type": "user"}).fails(t, http.StatusBadRequest, "does not exist")
			send(t, srv, "DELETE", ops, map[string]any{"operator_id": userID, "operator_type": "user"}).fails(t, http.StatusBadRequest, "does not exist")
		})
	}
}

// licenseOf is the license of a user of srv.
func licenseOf(srv *dialpadtest.Server, user dialpad.ID) string {
	u, _ := srv.User(user)
	return u.License
}

func TestCallCenterOperators(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	support := "/api/v2/callcenters/" + id(dialpadtest.SeedCallCenterID) + "/operators"
	escalations := "/api/v2/callcenters/" + id(dialpadtest.SeedBranchCallCenterID) + "/operators"
	var ada, grace, alan dialpad.ID = dialpadtest.SeedAdminUserID, dialpadtest.SeedAgentUserID, dialpadtest.SeedSuspendedUserID
	ccOperatorsSeeded(t, srv, support, escalations, ada, grace, alan)
	ccOperatorsAdded(t, srv, support, escalations, ada, grace, alan)
	ccOperatorKeepsLicense(t, srv, support, escalations, ada, grace, alan)
	ccOperatorsRemoved(t, srv, support, escalations, ada, grace, alan)
	ccOperatorsRefused(t, srv, support, escalations, ada, grace, alan)
}

// ccOperatorsSeeded lists the seeded operators of both call centers.
func ccOperatorsSeeded(t *testing.T, srv *dialpadtest.Server, support, escalations string, ada, grace, alan dialpad.ID) {
	t.Helper()
	if got := operatorIDs(t, send(t, srv, "GET", support, nil).ok(t)); !slices.Equal(got, []string{id(grace), id(ada)}) {
		t.Errorf("support operators = %v", got)
	}
	if got := operatorIDs(t, send(t, srv, "GET", escalations, nil).ok(t)); len(got) != 0 {
		t.Errorf("escalations operators = %v", got)
	}
}

// ccOperatorsAdded adds a supervisor and operators, switching licenses where
// an operator needs one and a seat is free.
func ccOperatorsAdded(t *testing.T, srv *dialpadtest.Server, support, escalations string, ada, grace, alan dialpad.ID) {
	t.Helper()
	// A supervisor needs no call-center license.
	m := send(t, srv, "POST", escalations, map[string]any{"user_id": ada, "role": "supervisor"}).ok(t)
	if m["id"] != id(ada) || m["name"] != "Ada Lovelace" || licenseOf(srv, ada) != "talk" {
		t.Errorf("added supervisor = %v, license %s", m, licenseOf(srv, ada))
	}
	// An operator does: Alan (talk, suspended) is switched to agents.
	send(t, srv, "POST", escalations, map[string]any{"user_id": alan, "skill_level": 80}).ok(t)
	if licenseOf(srv, alan) != "agents" {
		t.Errorf("Alan's license = %s", licenseOf(srv, alan))
	}
	c, _ := srv.CallCenter(dialpadtest.SeedBranchCallCenterID)
	wantOps := []dialpadtest.Operator{{UserID: alan, Role: "operator", SkillLevel: 80}, {UserID: ada, Role: "supervisor", SkillLevel: 100}} // by id
	if !reflect.DeepEqual(c.Operators, wantOps) {
		t.Errorf("escalations operators = %+v", c.Operators)
	}
	checkGroupDetails(t, srv, alan, groupDetail{id(dialpadtest.SeedBranchCallCenterID), "callcenter", "operator", false},
		groupDetail{id(dialpadtest.SeedDepartmentID), "department", "operator", false})
	// Headquarters has no agents seat left: Ada cannot become an operator,
	// and nothing changes.
	send(t, srv, "POST", escalations, map[string]any{"user_id": ada, "role": "operator"}).fails(t, http.StatusBadRequest, "no free agents license seat")
	if c, _ := srv.CallCenter(dialpadtest.SeedBranchCallCenterID); !reflect.DeepEqual(c.Operators, wantOps) || licenseOf(srv, ada) != "talk" {
		t.Errorf("a failed add changed %+v, license %s", c.Operators, licenseOf(srv, ada))
	}
	// With a seat of lite_support_agents, and without keeping her numbers.
	must(t, srv.SetSeats(dialpadtest.SeedOfficeID, "lite_support_agents", 1))
	send(t, srv, "POST", escalations, map[string]any{"user_id": ada, "role": "operator", "license_type": "lite_support_agents",
		"keep_paid_numbers": false, "skill_level": 1}).ok(t)
	if u, _ := srv.User(ada); u.License != "lite_support_agents" || len(u.PhoneNumbers) != 0 {
		t.Errorf("Ada = %s %v", u.License, u.PhoneNumbers)
	}
	if n, _ := srv.Number(dialpadtest.SeedAdminNumber); n.Status != "available" {
		t.Errorf("Ada's number = %+v", n)
	}
}

// ccOperatorKeepsLicense re-adds an operator that has a call-center license.
func ccOperatorKeepsLicense(t *testing.T, srv *dialpadtest.Server, support, escalations string, ada, grace, alan dialpad.ID) {
	t.Helper()
	// A user who has a call-center license keeps it; license_type is for
	// users who need one.
	send(t, srv, "POST", support, map[string]any{"user_id": grace, "role": "admin", "skill_level": 10, "license_type": "lite_support_agents"}).ok(t)
	c, _ := srv.CallCenter(dialpadtest.SeedCallCenterID)
	if i := slices.IndexFunc(c.Operators, func(o dialpadtest.Operator) bool { return o.UserID == grace }); i < 0 ||
		c.Operators[i] != (dialpadtest.Operator{UserID: grace, Role: "admin", SkillLevel: 10}) || licenseOf(srv, grace) != "agents" {
		t.Errorf("support operators = %+v, Grace's license %s", c.Operators, licenseOf(srv, grace))
	}
}

// ccOperatorsRemoved removes an operator, who keeps its license.
func ccOperatorsRemoved(t *testing.T, srv *dialpadtest.Server, support, escalations string, ada, grace, alan dialpad.ID) {
	t.Helper()
	// While Alan is an operator, users.update keeps his call-center license.
	send(t, srv, "PATCH", "/api/v2/users/"+id(alan), map[string]any{"license": "talk"}).fails(t, http.StatusBadRequest, "operator of call center")
	// Removing changes no license.
	m := send(t, srv, "DELETE", escalations, map[string]any{"user_id": alan}).ok(t)
	if m["id"] != id(alan) || licenseOf(srv, alan) != "agents" {
		t.Errorf("removed = %v, license %s", m, licenseOf(srv, alan))
	}
	checkGroupDetails(t, srv, alan, groupDetail{id(dialpadtest.SeedDepartmentID), "department", "operator", false})
	send(t, srv, "PATCH", "/api/v2/users/"+id(alan), map[string]any{"license": "talk"}).ok(t)
	send(t, srv, "DELETE", escalations, map[string]any{"user_id": alan}).fails(t, http.StatusBadRequest, "not an operator of call center")
}

// ccOperatorsRefused sends bad additions and removals, which change nothing.
func ccOperatorsRefused(t *testing.T, srv *dialpadtest.Server, support, escalations string, ada, grace, alan dialpad.ID) {
	t.Helper()
	for _, tc := range []struct {
		body   map[string]any
		status int
		msg    string
	}{
		{map[string]any{}, http.StatusBadRequest, `"user_id"`},
		{map[string]any{"user_id": id(grace)}, http.StatusBadRequest, "integer"},
		{map[string]any{"user_id": 1}, http.StatusBadRequest, "user 1 does not exist"},
		{map[string]any{"user_id": grace, "role": "boss"}, http.StatusBadRequest, "role"},
		{map[string]any{"user_id": grace, "license_type": "talk"}, http.StatusBadRequest, "license_type"},
		{map[string]any{"user_id": grace, "skill_level": 0}, http.StatusBadRequest, "skill_level"},
		{map[string]any{"user_id": grace, "skill_level": 101}, http.StatusBadRequest, "skill_level"},
		{map[string]any{"operator_id": grace, "operator_type": "user"}, http.StatusBadRequest, "unknown field"},
	} {
		send(t, srv, "POST", escalations, tc.body).fails(t, tc.status, tc.msg)
	}
	send(t, srv, "POST", "/api/v2/callcenters/1/operators", map[string]any{"user_id": grace}).fails(t, http.StatusNotFound, "call center")
	send(t, srv, "DELETE", "/api/v2/callcenters/1/operators", map[string]any{"user_id": grace}).fails(t, http.StatusNotFound, "call center")
	send(t, srv, "DELETE", escalations, map[string]any{}).fails(t, http.StatusBadRequest, `"user_id"`)
	send(t, srv, "DELETE", escalations, map[string]any{"user_id": 1}).fails(t, http.StatusBadRequest, "does not exist")
	if got := operatorIDs(t, send(t, srv, "GET", escalations, nil).ok(t)); !slices.Equal(got, []string{id(ada)}) {
		t.Errorf("escalations operators at the end = %v", got)
	}
}

// TestGroupDetailsFollowOperatorLists puts a user on lists of all three
// kinds through the API, and checks users.get and users.list after each
// step.
func TestGroupDetailsFollowOperatorLists(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	var grace dialpad.ID = dialpadtest.SeedAgentUserID
	cc, dep, hq, ny := id(dialpadtest.SeedBranchCallCenterID), id(dialpadtest.SeedBranchDepartmentID),
		id(dialpadtest.SeedOfficeID), id(dialpadtest.SeedBranchOfficeID)
	support := groupDetail{id(dialpadtest.SeedCallCenterID), "callcenter", "operator", false}
	hqOp := groupDetail{hq, "office", "operator", false}
	checkGroupDetails(t, srv, grace, support, hqOp)

	send(t, srv, "POST", "/api/v2/offices/"+ny+"/operators", map[string]any{"operator_id": grace, "operator_type": "user", "role": "admin"}).ok(t)
	send(t, srv, "POST", "/api/v2/departments/"+dep+"/operators", map[string]any{"operator_id": grace, "operator_type": "user"}).ok(t)
	send(t, srv, "POST", "/api/v2/callcenters/"+cc+"/operators", map[string]any{"user_id": grace, "role": "supervisor"}).ok(t)
	// Call centers, then departments, then offices, each by id.
	all := []groupDetail{{cc, "callcenter", "supervisor", false}, support, {dep, "department", "operator", false},
		{ny, "office", "admin", false}, hqOp}
	checkGroupDetails(t, srv, grace, all...)
	// users.list shows the same.
	for _, u := range items(t, send(t, srv, "GET", "/api/v2/users?email="+dialpadtest.SeedAgentEmail, nil).ok(t)) {
		if n := len(u["group_details"].([]any)); n != len(all) {
			t.Errorf("users.list group_details = %v", u["group_details"])
		}
	}
	// An injected failure leaves them alone.
	must(t, srv.FailNext("departments.operators.delete", 1, http.StatusServiceUnavailable))
	send(t, srv, "DELETE", "/api/v2/departments/"+dep+"/operators", map[string]any{"operator_id": grace, "operator_type": "user"}).
		fails(t, http.StatusServiceUnavailable, "injected")
	checkGroupDetails(t, srv, grace, all...)

	send(t, srv, "DELETE", "/api/v2/callcenters/"+cc+"/operators", map[string]any{"user_id": grace}).ok(t)
	send(t, srv, "DELETE", "/api/v2/departments/"+dep+"/operators", map[string]any{"operator_id": grace, "operator_type": "user"}).ok(t)
	send(t, srv, "DELETE", "/api/v2/offices/"+hq+"/operators", map[string]any{"operator_id": grace, "operator_type": "user"}).ok(t)
	checkGroupDetails(t, srv, grace, support, groupDetail{ny, "office", "admin", false})
	// Off the Headquarters list, Grace may still call for her own office,
	// but not set DND there.
	send(t, srv, "POST", "/api/v2/users/"+id(grace)+"/initiate_call", map[string]any{"phone_number": "+12065550123",
		"group_id": dialpadtest.SeedOfficeID, "group_type": "office"}).ok(t)
	send(t, srv, "PATCH", "/api/v2/users/"+id(grace)+"/togglednd", map[string]any{"do_not_disturb": true,
		"group_id": dialpadtest.SeedOfficeID, "group_type": "office"}).fails(t, http.StatusBadRequest, "not an operator")
}

// TestDeleteUserLeavesEveryList deletes a user on four lists through the
// API and reads the lists back through the API.
func TestDeleteUserLeavesEveryList(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ada := id(dialpadtest.SeedAdminUserID)
	lists := []string{
		"/api/v2/offices/" + id(dialpadtest.SeedOfficeID) + "/operators",
		"/api/v2/callcenters/" + id(dialpadtest.SeedCallCenterID) + "/operators",
		"/api/v2/departments/" + id(dialpadtest.SeedDepartmentID) + "/operators",
		"/api/v2/offices/" + id(dialpadtest.SeedBranchOfficeID) + "/operators",
	}
	send(t, srv, "POST", lists[3], map[string]any{"operator_id": dialpadtest.SeedAdminUserID, "operator_type": "user"}).ok(t)
	for _, l := range lists {
		if got := operatorIDs(t, send(t, srv, "GET", l, nil).ok(t)); !slices.Contains(got, ada) {
			t.Fatalf("%s = %v before the delete", l, got)
		}
	}
	m := send(t, srv, "DELETE", "/api/v2/users/"+ada, nil).ok(t)
	if m["group_details"] != nil {
		t.Errorf("deleted user's group_details = %v", m["group_details"])
	}
	for _, l := range lists {
		if got := operatorIDs(t, send(t, srv, "GET", l, nil).ok(t)); slices.Contains(got, ada) {
			t.Errorf("%s = %v after the delete", l, got)
		}
	}
	if m := send(t, srv, "GET", "/api/v2/users/"+ada, nil).ok(t); m["group_details"] != nil {
		t.Errorf("users.get group_details = %v", m["group_details"])
	}
}
