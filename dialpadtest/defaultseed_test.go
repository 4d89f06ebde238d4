package dialpadtest_test

import (
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func TestDefaultSeed(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	defaultSeedSeats(t, srv)
	defaultSeedRecords(t, srv)
}

// defaultSeedSeats checks the seeded offices' free seats.
func defaultSeedSeats(t *testing.T, srv *dialpadtest.Server) {
	t.Helper()
	for _, tc := range []struct {
		license string
		free    int
	}{{"talk", 8}, {"agents", 1}, {"admins", 0}} {
		if n, err := srv.FreeSeats(dialpadtest.SeedOfficeID, tc.license); err != nil || n != tc.free {
			t.Errorf("FreeSeats(%s) = %d, %v; want %d", tc.license, n, err, tc.free)
		}
	}
	if _, err := srv.FreeSeats(1, "talk"); err == nil {
		t.Error("FreeSeats(unknown office) did not fail")
	}
	if _, err := srv.FreeSeats(dialpadtest.SeedOfficeID, "gold"); err == nil {
		t.Error("FreeSeats(unknown license) did not fail")
	}
}

// defaultSeedRecords checks the seeded users, offices, contacts and numbers.
func defaultSeedRecords(t *testing.T, srv *dialpadtest.Server) {
	t.Helper()
	defaultSeedUsers(t, srv)
	defaultSeedOthers(t, srv)
}

// defaultSeedUsers checks the seeded users.
func defaultSeedUsers(t *testing.T, srv *dialpadtest.Server) {
	t.Helper()
	u, ok := srv.User(dialpadtest.SeedAdminUserID)
	if !ok || u.Emails[0] != dialpadtest.SeedAdminEmail || u.PhoneNumbers[0] != dialpadtest.SeedAdminNumber || !u.IsSuperAdmin {
		t.Errorf("admin = %+v", u)
	}
	u, ok = srv.User(dialpadtest.SeedAgentUserID)
	if !ok || u.Emails[0] != dialpadtest.SeedAgentEmail || u.PhoneNumbers[0] != dialpadtest.SeedAgentNumber || u.License != "agents" {
		t.Errorf("agent = %+v", u)
	}
	if u, _ := srv.User(dialpadtest.SeedSuspendedUserID); u.State != "suspended" {
		t.Errorf("suspended user = %+v", u)
	}
}

// defaultSeedOthers checks the seeded offices, contacts and numbers.
func defaultSeedOthers(t *testing.T, srv *dialpadtest.Server) {
	t.Helper()
	for _, o := range []dialpad.ID{dialpadtest.SeedOfficeID, dialpadtest.SeedBranchOfficeID} {
		if _, ok := srv.Office(o); !ok {
			t.Errorf("no office %d", o)
		}
	}
	for _, c := range []string{dialpadtest.SeedSharedContactID, dialpadtest.SeedLocalContactID} {
		if _, ok := srv.Contact(c); !ok {
			t.Errorf("no contact %s", c)
		}
	}
	send(t, srv, "GET", "/api/v2/userdevices/"+dialpadtest.SeedAgentDeviceID, nil).ok(t)
	send(t, srv, "GET", "/api/v2/users/"+id(dialpadtest.SeedAgentUserID)+"/deskphones/"+dialpadtest.SeedAgentDeskPhoneID, nil).ok(t)
	if n, ok := srv.Number(dialpadtest.SeedOfficeMainLine); !ok || n.Status != "office" {
		t.Errorf("main line = %+v", n)
	}
}

func TestDefaultSeedGroups(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	var ada, grace, alan dialpad.ID = dialpadtest.SeedAdminUserID, dialpadtest.SeedAgentUserID, dialpadtest.SeedSuspendedUserID
	cc, dep, hq := id(dialpadtest.SeedCallCenterID), id(dialpadtest.SeedDepartmentID), id(dialpadtest.SeedOfficeID)
	checkGroupDetails(t, srv, ada, groupDetail{cc, "callcenter", "supervisor", false}, groupDetail{dep, "department", "admin", false},
		groupDetail{hq, "office", "admin", false})
	checkGroupDetails(t, srv, grace, groupDetail{cc, "callcenter", "operator", false}, groupDetail{hq, "office", "operator", false})
	checkGroupDetails(t, srv, alan, groupDetail{dep, "department", "operator", false})

	for _, g := range []dialpad.ID{dialpadtest.SeedCallCenterID, dialpadtest.SeedBranchCallCenterID} {
		if _, ok := srv.CallCenter(g); !ok {
			t.Errorf("no call center %d", g)
		}
	}
	for _, g := range []dialpad.ID{dialpadtest.SeedDepartmentID, dialpadtest.SeedBranchDepartmentID} {
		if _, ok := srv.Department(g); !ok {
			t.Errorf("no department %d", g)
		}
	}
	for n, target := range map[string]dialpad.ID{dialpadtest.SeedCallCenterNumber: dialpadtest.SeedCallCenterID,
		dialpadtest.SeedDepartmentNumber: dialpadtest.SeedDepartmentID, "+12125550110": dialpadtest.SeedBranchDepartmentID} {
		if got, ok := srv.Number(n); !ok || got.TargetID != target {
			t.Errorf("number %s = %+v", n, got)
		}
	}
	if o, _ := srv.Office(dialpadtest.SeedOfficeID); o.Plan.FaxLines != 1 || o.Plan.RoomLines != 5 || o.Plan.Balance != 10 {
		t.Errorf("plan = %+v", o.Plan)
	}
}
