package dialpadtest_test

import (
	"reflect"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

// groupDetail is one group_details entry as the tests compare them.
type groupDetail struct {
	id, kind, role string
	dnd            bool
}

// groupDetailsOf reads a user's group_details through users.get.
func groupDetailsOf(t *testing.T, srv *dialpadtest.Server, user dialpad.ID) []groupDetail {
	t.Helper()
	m := send(t, srv, "GET", "/api/v2/users/"+id(user), nil).ok(t)
	raw, _ := m["group_details"].([]any)
	var out []groupDetail
	for _, v := range raw {
		g := v.(map[string]any)
		out = append(out, groupDetail{g["group_id"].(string), g["group_type"].(string), g["role"].(string), g["do_not_disturb"].(bool)})
	}
	return out
}

// checkGroupDetails compares a user's group_details with want.
func checkGroupDetails(t *testing.T, srv *dialpadtest.Server, user dialpad.ID, want ...groupDetail) {
	t.Helper()
	if got := groupDetailsOf(t, srv, user); !reflect.DeepEqual(got, want) {
		t.Errorf("group_details of %d = %v, want %v", user, got, want)
	}
}

func TestOrgSeeding(t *testing.T) {
	t.Parallel()
	srv := newServer(t, dialpadtest.WithEmptyState())
	office := orgSeedOffice(t, srv)
	talker, agent, gone := orgSeedUsers(t, srv, office)
	cc := orgSeedCallCenter(t, srv, office, talker, agent, gone)
	dep := orgSeedDepartment(t, srv, office, talker, cc)
	orgSeedOperators(t, srv, office, talker, agent, gone, cc, dep)
	orgSeedOfficeWithOperators(t, srv, talker)
}

// orgSeedOffice adds an office with a plan after the refused ones, and
// returns its id.
func orgSeedOffice(t *testing.T, srv *dialpadtest.Server) dialpad.ID {
	t.Helper()
	_, err := srv.AddOffice(dialpadtest.Office{Name: "X", State: "closed"})
	mustFail(t, "office in an unknown state", err)
	_, err = srv.AddOffice(dialpadtest.Office{Name: "X", Plan: dialpadtest.Plan{FaxLines: -1}})
	mustFail(t, "negative fax lines", err)
	_, err = srv.AddOffice(dialpadtest.Office{Name: "X", Plan: dialpadtest.Plan{PPUAddress: &dialpadtest.BillingAddress{City: "a\nb"}}})
	mustFail(t, "multi-line billing address", err)
	_, err = srv.AddOffice(dialpadtest.Office{Name: "X", Operators: []dialpadtest.Operator{{UserID: 1}}})
	mustFail(t, "office operator who does not exist", err)

	addr := &dialpadtest.BillingAddress{Line1: "1 Main St", City: "Austin", Region: "TX", PostalCode: "78701", Country: "us"}
	office, err := srv.AddOffice(dialpadtest.Office{Name: "Lab", Timezone: "US/Central", MainLine: "+15125550100",
		Seats: map[string]int{"talk": 3, "agents": 1}, Plan: dialpadtest.Plan{FaxLines: 2, PPUAddress: addr}})
	must(t, err)
	addr.City = "Dallas" // the server keeps its own copy
	o, _ := srv.Office(office)
	if o.State != "active" || o.Plan.FaxLines != 2 || o.Plan.PPUAddress.City != "Austin" || len(o.Operators) != 0 {
		t.Errorf("office = %+v", o)
	}
	o.Plan.PPUAddress.City = "Houston"
	if again, _ := srv.Office(office); again.Plan.PPUAddress.City != "Austin" {
		t.Error("Office returned the server's own address")
	}
	return office
}

// orgSeedUsers adds a talk user, an agent and a deleted user to office.
func orgSeedUsers(t *testing.T, srv *dialpadtest.Server, office dialpad.ID) (talker, agent, gone dialpad.ID) {
	t.Helper()
	must(t, srv.AddNumbers(office, "+15125550101"))
	talker, err := srv.AddUser(dialpadtest.User{OfficeID: office, Emails: []string{"talker@example.com"}})
	must(t, err)
	agent, err = srv.AddUser(dialpadtest.User{OfficeID: office, Emails: []string{"agent@example.com"}, License: "agents"})
	must(t, err)
	gone, err = srv.AddUser(dialpadtest.User{OfficeID: office, Emails: []string{"gone@example.com"}, State: "deleted"})
	must(t, err)
	return talker, agent, gone
}

// orgSeedCallCenter adds a call center after the refused ones, and returns
// its id.
func orgSeedCallCenter(t *testing.T, srv *dialpadtest.Server, office, talker, agent, gone dialpad.ID) dialpad.ID {
	t.Helper()
	for _, tc := range []struct {
		what string
		c    dialpadtest.CallCenter
	}{
		{"no name", dialpadtest.CallCenter{OfficeID: office}},
		{"two-line name", dialpadtest.CallCenter{Name: "a\nb", OfficeID: office}},
		{"no office", dialpadtest.CallCenter{Name: "C"}},
		{"an office's id", dialpadtest.CallCenter{ID: office, Name: "C", OfficeID: office}},
		{"unknown state", dialpadtest.CallCenter{Name: "C", OfficeID: office, State: "open"}},
		{"negative ring", dialpadtest.CallCenter{Name: "C", OfficeID: office, RingSeconds: -1}},
		{"bad number", dialpadtest.CallCenter{Name: "C", OfficeID: office, PhoneNumbers: []string{"5125550102"}}},
		{"repeated number", dialpadtest.CallCenter{Name: "C", OfficeID: office, PhoneNumbers: []string{"+15125550102", "+15125550102"}}},
		{"main line", dialpadtest.CallCenter{Name: "C", OfficeID: office, PhoneNumbers: []string{"+15125550100"}}},
		{"unknown operator", dialpadtest.CallCenter{Name: "C", OfficeID: office, Operators: []dialpadtest.Operator{{UserID: 1}}}},
		{"deleted operator", dialpadtest.CallCenter{Name: "C", OfficeID: office, Operators: []dialpadtest.Operator{{UserID: gone}}}},
		{"bad role", dialpadtest.CallCenter{Name: "C", OfficeID: office, Operators: []dialpadtest.Operator{{UserID: agent, Role: "boss"}}}},
		{"bad skill", dialpadtest.CallCenter{Name: "C", OfficeID: office, Operators: []dialpadtest.Operator{{UserID: agent, SkillLevel: 101}}}},
		{"operator without a call-center license", dialpadtest.CallCenter{Name: "C", OfficeID: office,
			Operators: []dialpadtest.Operator{{UserID: talker}}}},
	} {
		_, err := srv.AddCallCenter(tc.c)
		mustFail(t, "call center: "+tc.what, err)
	}
	ops := []dialpadtest.Operator{{UserID: talker, Role: "supervisor"}, {UserID: agent, SkillLevel: 40}}
	cc, err := srv.AddCallCenter(dialpadtest.CallCenter{Name: "Help", OfficeID: office, PhoneNumbers: []string{"+15125550101", "+15125550102"}, Operators: ops})
	must(t, err)
	ops[0].Role = "admin" // the server keeps its own copy
	c, ok := srv.CallCenter(cc)
	want := dialpadtest.CallCenter{ID: cc, Name: "Help", OfficeID: office, PhoneNumbers: []string{"+15125550101", "+15125550102"},
		State: "active", Timezone: "US/Central", RingSeconds: 30,
		Operators: []dialpadtest.Operator{{UserID: talker, Role: "supervisor", SkillLevel: 100}, {UserID: agent, Role: "operator", SkillLevel: 40}}}
	if talker > agent {
		want.Operators[0], want.Operators[1] = want.Operators[1], want.Operators[0]
	}
	if !ok || !reflect.DeepEqual(c, want) {
		t.Errorf("call center = %+v\nwant %+v", c, want)
	}
	for _, n := range []string{"+15125550101", "+15125550102"} { // the second joins the inventory
		if got, _ := srv.Number(n); got.Status != "call_center" || got.TargetType != "callcenter" || got.TargetID != cc || got.OfficeID != office {
			t.Errorf("number %s = %+v", n, got)
		}
	}
	return cc
}

// orgSeedDepartment adds a department after the refused ones (ids and
// numbers are shared with call centers), and returns its id.
func orgSeedDepartment(t *testing.T, srv *dialpadtest.Server, office, talker, cc dialpad.ID) dialpad.ID {
	t.Helper()
	_, err := srv.AddCallCenter(dialpadtest.CallCenter{ID: cc, Name: "Again", OfficeID: office})
	mustFail(t, "taken call center id", err)
	_, err = srv.AddDepartment(dialpadtest.Department{ID: cc, Name: "D", OfficeID: office})
	mustFail(t, "department with a call center's id", err)
	_, err = srv.AddOffice(dialpadtest.Office{ID: cc, Name: "O"})
	mustFail(t, "office with a call center's id", err)
	_, err = srv.AddDepartment(dialpadtest.Department{Name: "D", OfficeID: office, PhoneNumbers: []string{"+15125550101"}})
	mustFail(t, "department with a call center's number", err)
	_, err = srv.AddDepartment(dialpadtest.Department{Name: "D", OfficeID: office, Operators: []dialpadtest.Operator{{UserID: talker, Role: "supervisor"}}})
	mustFail(t, "department supervisor", err)

	dep, err := srv.AddDepartment(dialpadtest.Department{Name: "Desk", OfficeID: office, PhoneNumbers: []string{"+15125550103"},
		Operators: []dialpadtest.Operator{{UserID: talker, SkillLevel: 7}}})
	must(t, err)
	d, ok := srv.Department(dep)
	if !ok || d.State != "active" || d.RingSeconds != 30 || !reflect.DeepEqual(d.Operators, []dialpadtest.Operator{{UserID: talker, Role: "operator"}}) {
		t.Errorf("department = %+v", d)
	}
	if n, _ := srv.Number("+15125550103"); n.Status != "department" || n.TargetType != "department" || n.TargetID != dep {
		t.Errorf("department number = %+v", n)
	}
	if _, ok := srv.Department(cc); ok {
		t.Error("a call center is found as a department")
	}
	if _, ok := srv.CallCenter(dep); ok {
		t.Error("a department is found as a call center")
	}
	return dep
}

// orgSeedOperators adds operators to the three kinds of lists.
func orgSeedOperators(t *testing.T, srv *dialpadtest.Server, office, talker, agent, gone, cc, dep dialpad.ID) {
	t.Helper()
	mustFail(t, "operator of no office", srv.AddOfficeOperator(1, dialpadtest.Operator{UserID: talker}))
	mustFail(t, "operator of no call center", srv.AddCallCenterOperator(dep, dialpadtest.Operator{UserID: agent}))
	mustFail(t, "operator of no department", srv.AddDepartmentOperator(cc, dialpadtest.Operator{UserID: agent}))
	mustFail(t, "deleted office operator", srv.AddOfficeOperator(office, dialpadtest.Operator{UserID: gone}))
	mustFail(t, "office supervisor", srv.AddOfficeOperator(office, dialpadtest.Operator{UserID: talker, Role: "supervisor"}))
	mustFail(t, "call-center operator with a talk license", srv.AddCallCenterOperator(cc, dialpadtest.Operator{UserID: talker, Role: "operator"}))
	must(t, srv.AddOfficeOperator(office, dialpadtest.Operator{UserID: agent, Role: "admin"}))
	must(t, srv.AddDepartmentOperator(dep, dialpadtest.Operator{UserID: talker, Role: "admin"})) // changes the role
	must(t, srv.AddCallCenterOperator(cc, dialpadtest.Operator{UserID: talker, Role: "admin"}))
	if d, _ := srv.Department(dep); len(d.Operators) != 1 || d.Operators[0].Role != "admin" {
		t.Errorf("department operators = %+v", d.Operators)
	}
	if o, _ := srv.Office(office); !reflect.DeepEqual(o.Operators, []dialpadtest.Operator{{UserID: agent, Role: "admin"}}) {
		t.Errorf("office operators = %+v", o.Operators)
	}
	checkGroupDetails(t, srv, talker, groupDetail{id(cc), "callcenter", "admin", false}, groupDetail{id(dep), "department", "admin", false})
	checkGroupDetails(t, srv, agent, groupDetail{id(cc), "callcenter", "operator", false}, groupDetail{id(office), "office", "admin", false})
}

// orgSeedOfficeWithOperators adds an office with operators from the start.
func orgSeedOfficeWithOperators(t *testing.T, srv *dialpadtest.Server, talker dialpad.ID) {
	t.Helper()
	// An office may list existing users as operators from the start.
	other, err := srv.AddOffice(dialpadtest.Office{Name: "Annex", Operators: []dialpadtest.Operator{{UserID: talker}, {UserID: talker, Role: "admin"}}})
	must(t, err)
	if o, _ := srv.Office(other); !reflect.DeepEqual(o.Operators, []dialpadtest.Operator{{UserID: talker, Role: "admin"}}) {
		t.Errorf("annex operators = %+v", o.Operators)
	}
}

// TestDeleteLeavesOperatorLists deletes a user on three operator lists.
func TestDeleteLeavesOperatorLists(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	var ada dialpad.ID = dialpadtest.SeedAdminUserID
	send(t, srv, "DELETE", "/api/v2/users/"+id(ada), nil).ok(t)
	if c, _ := srv.CallCenter(dialpadtest.SeedCallCenterID); !reflect.DeepEqual(c.Operators,
		[]dialpadtest.Operator{{UserID: dialpadtest.SeedAgentUserID, Role: "operator", SkillLevel: 100}}) {
		t.Errorf("call center operators = %+v", c.Operators)
	}
	if d, _ := srv.Department(dialpadtest.SeedDepartmentID); !reflect.DeepEqual(d.Operators,
		[]dialpadtest.Operator{{UserID: dialpadtest.SeedSuspendedUserID, Role: "operator"}}) {
		t.Errorf("department operators = %+v", d.Operators)
	}
	if o, _ := srv.Office(dialpadtest.SeedOfficeID); !reflect.DeepEqual(o.Operators,
		[]dialpadtest.Operator{{UserID: dialpadtest.SeedAgentUserID, Role: "operator"}}) {
		t.Errorf("office operators = %+v", o.Operators)
	}
	checkGroupDetails(t, srv, ada)
	// A deleted user cannot be put back on a list.
	if err := srv.AddDepartmentOperator(dialpadtest.SeedDepartmentID, dialpadtest.Operator{UserID: ada}); err == nil {
		t.Error("a deleted user became an operator")
	}
}
