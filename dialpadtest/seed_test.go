package dialpadtest_test

import (
	"net/http"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func TestEmptyState(t *testing.T) {
	t.Parallel()
	srv := newServer(t, dialpadtest.WithEmptyState())
	for _, p := range []string{"/api/v2/users?state=all", "/api/v2/contacts?include_local=true", "/api/v2/coachingteams", "/api/v2/userdevices",
		"/api/v2/offices", "/api/v2/callcenters", "/api/v2/departments"} {
		if got := items(t, send(t, srv, "GET", p, nil).ok(t)); len(got) != 0 {
			t.Errorf("%s = %v", p, got)
		}
	}
	if _, ok := srv.User(dialpadtest.SeedAdminUserID); ok {
		t.Error("the empty state has the seed's admin")
	}
}

// TestSeeding adds an office, numbers, users and everything else to an
// empty server: each Add method refuses what the API would, changes nothing
// then, and keeps copies of what it stores.
func TestSeeding(t *testing.T) {
	t.Parallel()
	srv := newServer(t, dialpadtest.WithEmptyState())
	office := seedOffice(t, srv)
	seedNumbers(t, srv, office)
	pat := seedUser(t, srv, office)
	gone := seedSeats(t, srv, office)
	seedContactsAndTeams(t, srv, office, pat, gone)
	seedAgentGroup(t, srv, office, pat)
	seedDevicesPersonasCalls(t, srv, pat)
}

// seedOffice adds an office after the refused ones, and returns its id.
func seedOffice(t *testing.T, srv *dialpadtest.Server) dialpad.ID {
	t.Helper()
	_, err := srv.AddOffice(dialpadtest.Office{})
	mustFail(t, "office without a name", err)
	_, err = srv.AddOffice(dialpadtest.Office{Name: "X", Seats: map[string]int{"gold": 1}})
	mustFail(t, "unknown license", err)
	_, err = srv.AddOffice(dialpadtest.Office{Name: "X", Seats: map[string]int{"talk": -1}})
	mustFail(t, "negative seats", err)
	_, err = srv.AddOffice(dialpadtest.Office{Name: "X", MainLine: "415"})
	mustFail(t, "bad main line", err)
	seats := map[string]int{"talk": 1}
	office, err := srv.AddOffice(dialpadtest.Office{Name: "Lab", MainLine: "+15035550100", Seats: seats})
	must(t, err)
	seats["talk"] = 99 // the server keeps its own copy
	if n, _ := srv.FreeSeats(office, "talk"); n != 1 {
		t.Errorf("free seats = %d", n)
	}
	_, err = srv.AddOffice(dialpadtest.Office{ID: office, Name: "Again"})
	mustFail(t, "taken office id", err)
	if o, ok := srv.Office(office); !ok || o.Country != "us" || o.Timezone != "US/Pacific" {
		t.Errorf("office = %+v", o)
	}
	if n, ok := srv.Number("+15035550100"); !ok || n.Status != "office" || n.TargetID != office {
		t.Errorf("main line = %+v", n)
	}
	return office
}

// seedNumbers adds numbers to the office's inventory, all or none.
func seedNumbers(t *testing.T, srv *dialpadtest.Server, office dialpad.ID) {
	t.Helper()
	mustFail(t, "numbers for no office", srv.AddNumbers(1, "+15035550101"))
	mustFail(t, "a bad number", srv.AddNumbers(office, "+15035550101", "nope"))
	mustFail(t, "a known number", srv.AddNumbers(office, "+15035550100"))
	mustFail(t, "a repeated number", srv.AddNumbers(office, "+15035550102", "+15035550102"))
	if _, ok := srv.Number("+15035550101"); ok {
		t.Error("a failed AddNumbers added some numbers")
	}
	must(t, srv.AddNumbers(office, "+15035550101", "+18005550100"))
	if n, _ := srv.Number("+18005550100"); n.Type != "tollfree" || n.AreaCode != "800" || n.Status != "available" {
		t.Errorf("toll-free number = %+v", n)
	}
}

// seedUser adds a user after the refused ones, and returns its id.
func seedUser(t *testing.T, srv *dialpadtest.Server, office dialpad.ID) dialpad.ID {
	t.Helper()
	for _, tc := range []struct {
		what string
		u    dialpadtest.User
	}{
		{"no office", dialpadtest.User{Emails: []string{"a@example.com"}}},
		{"no email", dialpadtest.User{OfficeID: office}},
		{"bad email", dialpadtest.User{OfficeID: office, Emails: []string{"a"}}},
		{"bad license", dialpadtest.User{OfficeID: office, Emails: []string{"a@example.com"}, License: "gold"}},
		{"bad state", dialpadtest.User{OfficeID: office, Emails: []string{"a@example.com"}, State: "gone"}},
		{"no seat", dialpadtest.User{OfficeID: office, Emails: []string{"a@example.com"}, License: "agents"}},
		{"office main line", dialpadtest.User{OfficeID: office, Emails: []string{"a@example.com"}, PhoneNumbers: []string{"+15035550100"}}},
		{"bad number", dialpadtest.User{OfficeID: office, Emails: []string{"a@example.com"}, PhoneNumbers: []string{"5035550100"}}},
		{"repeated number", dialpadtest.User{OfficeID: office, Emails: []string{"a@example.com"}, PhoneNumbers: []string{"+15035550101", "+15035550101"}}},
		{"unknown admin office", dialpadtest.User{OfficeID: office, Emails: []string{"a@example.com"}, AdminOfficeIDs: []dialpad.ID{1}}},
	} {
		_, err := srv.AddUser(tc.u)
		mustFail(t, tc.what, err)
	}
	emails := []string{"pat@example.com"}
	pat, err := srv.AddUser(dialpadtest.User{OfficeID: office, FirstName: "Pat", Emails: emails,
		PhoneNumbers: []string{"+15035550101", "+15035550199"}}) // the second joins the inventory
	must(t, err)
	emails[0] = "changed@example.com"
	u, _ := srv.User(pat)
	if u.Emails[0] != "pat@example.com" || u.License != "talk" || u.State != "active" || u.Language != "en" || u.DateAdded.IsZero() {
		t.Errorf("user = %+v", u)
	}
	u.PhoneNumbers[0] = "+1"
	if again, _ := srv.User(pat); again.PhoneNumbers[0] != "+15035550101" {
		t.Error("User returned the server's own slice")
	}
	if n, ok := srv.Number("+15035550199"); !ok || n.Status != "user" || n.TargetID != pat || n.OfficeID != office {
		t.Errorf("added number = %+v", n)
	}
	// The first user is "me".
	if m := send(t, srv, "GET", "/api/v2/users/me", nil).ok(t); m["id"] != id(pat) {
		t.Errorf("me = %v", m["id"])
	}
	return pat
}

// seedSeats fills the office's seats, adds a deleted user, and returns it.
func seedSeats(t *testing.T, srv *dialpadtest.Server, office dialpad.ID) dialpad.ID {
	t.Helper()
	// No seat left, but a deleted or cancelled user needs none; its email
	// may be reused by a deleted user only.
	_, err := srv.AddUser(dialpadtest.User{OfficeID: office, Emails: []string{"sam@example.com"}})
	mustFail(t, "no seat left", err)
	gone, err := srv.AddUser(dialpadtest.User{OfficeID: office, Emails: []string{"pat@example.com"}, State: "deleted"})
	must(t, err)
	_, err = srv.AddUser(dialpadtest.User{OfficeID: office, Emails: []string{"PAT@example.com"}, State: "cancelled"})
	mustFail(t, "taken email", err)
	must(t, srv.SetMe(gone))
	send(t, srv, "GET", "/api/v2/users/me/caller_id", nil).fails(t, http.StatusNotFound, "")
	mustFail(t, "SetMe(unknown)", srv.SetMe(1))
	mustFail(t, "SetSeats(unknown office)", srv.SetSeats(1, "talk", 1))
	mustFail(t, "SetSeats(unknown license)", srv.SetSeats(office, "gold", 1))
	mustFail(t, "SetSeats(negative)", srv.SetSeats(office, "talk", -1))
	must(t, srv.SetSeats(office, "talk", 2))
	_, err = srv.AddUser(dialpadtest.User{OfficeID: office, Emails: []string{"sam@example.com"}})
	must(t, err)
	return gone
}

// seedContactsAndTeams adds contacts and a coaching team.
func seedContactsAndTeams(t *testing.T, srv *dialpadtest.Server, office, pat, gone dialpad.ID) {
	t.Helper()
	_, err := srv.AddContact(dialpadtest.Contact{FirstName: "A"})
	mustFail(t, "contact without a last name", err)
	_, err = srv.AddContact(dialpadtest.Contact{FirstName: "A", LastName: "B", OwnerID: 1})
	mustFail(t, "contact of nobody", err)
	_, err = srv.AddContact(dialpadtest.Contact{FirstName: "A", LastName: "B", Phones: []string{"1"}})
	mustFail(t, "contact with a bad phone", err)
	cid, err := srv.AddContact(dialpadtest.Contact{FirstName: "A", LastName: "B", OwnerID: pat})
	must(t, err)
	_, err = srv.AddContact(dialpadtest.Contact{ID: cid, FirstName: "A", LastName: "B"})
	mustFail(t, "taken contact id", err)
	if c, ok := srv.Contact(cid); !ok || c.OwnerID != pat {
		t.Errorf("contact = %+v", c)
	}

	_, err = srv.AddCoachingTeam(dialpadtest.CoachingTeam{Name: "T"})
	mustFail(t, "team without an office", err)
	_, err = srv.AddCoachingTeam(dialpadtest.CoachingTeam{OfficeID: office})
	mustFail(t, "team without a name", err)
	_, err = srv.AddCoachingTeam(dialpadtest.CoachingTeam{Name: "T", OfficeID: office, Members: []dialpadtest.CoachingTeamMember{{UserID: pat, Role: "boss"}}})
	mustFail(t, "bad role", err)
	team, err := srv.AddCoachingTeam(dialpadtest.CoachingTeam{Name: "T", OfficeID: office})
	must(t, err)
	mustFail(t, "member of no team", srv.AddCoachingTeamMember(1, pat, "coach"))
	mustFail(t, "deleted member", srv.AddCoachingTeamMember(team, gone, "coach"))
	must(t, srv.AddCoachingTeamMember(team, pat, "coach"))
}

// seedAgentGroup adds an agent group, which no user answers for.
func seedAgentGroup(t *testing.T, srv *dialpadtest.Server, office, pat dialpad.ID) {
	t.Helper()
	_, err := srv.AddAgentGroup(dialpadtest.AgentGroup{Name: "G", OfficeID: 1})
	mustFail(t, "group of no office", err)
	_, err = srv.AddAgentGroup(dialpadtest.AgentGroup{OfficeID: office})
	mustFail(t, "group without a name", err)
	group, err := srv.AddAgentGroup(dialpadtest.AgentGroup{Name: "G", OfficeID: office})
	must(t, err)
	send(t, srv, "GET", "/api/v2/agent-groups/"+id(group), nil).ok(t)
	// An agent group is no call center: nobody answers for it.
	if m := send(t, srv, "GET", "/api/v2/users/"+id(pat), nil).ok(t); m["group_details"] != nil {
		t.Errorf("group details = %v", m["group_details"])
	}
}

// seedDevicesPersonasCalls adds a device, a desk phone and a persona, and
// refuses calls of nobody.
func seedDevicesPersonasCalls(t *testing.T, srv *dialpadtest.Server, pat dialpad.ID) {
	t.Helper()
	_, err := srv.AddDevice(dialpadtest.Device{UserID: 1})
	mustFail(t, "device of nobody", err)
	_, err = srv.AddDevice(dialpadtest.Device{UserID: pat, Type: "toaster"})
	mustFail(t, "unknown device type", err)
	dev, err := srv.AddDevice(dialpadtest.Device{UserID: pat})
	must(t, err)
	if want := "+15035550101-user-" + id(pat) + "-client-native"; dev != want {
		t.Errorf("device id %q, want %q", dev, want)
	}
	_, err = srv.AddDevice(dialpadtest.Device{UserID: pat})
	mustFail(t, "taken device id", err)
	_, err = srv.AddDeskPhone(dialpadtest.DeskPhone{UserID: pat, Type: "toaster"})
	mustFail(t, "unknown desk phone type", err)
	phone, err := srv.AddDeskPhone(dialpadtest.DeskPhone{UserID: pat, Name: "Desk"})
	must(t, err)
	if m := send(t, srv, "GET", "/api/v2/users/"+id(pat)+"/deskphones/"+phone, nil).ok(t); m["phone_number"] != "+15035550101" || m["type"] != "obi" {
		t.Errorf("desk phone = %v", m)
	}

	mustFail(t, "persona of nobody", srv.AddPersona(1, dialpadtest.Persona{}))
	must(t, srv.AddPersona(pat, dialpadtest.Persona{Name: "Lab", Type: "office"}))
	if ps := items(t, send(t, srv, "GET", "/api/v2/users/"+id(pat)+"/personas", nil).ok(t)); len(ps) != 1 || ps[0]["id"] != id(pat) {
		t.Errorf("personas = %v", ps)
	}

	_, err = srv.SetActiveCall(1, dialpadtest.ActiveCall{})
	mustFail(t, "call of nobody", err)
	_, err = srv.SetActiveCall(pat, dialpadtest.ActiveCall{VILocale: "xx"})
	mustFail(t, "call with a bad locale", err)
	mustFail(t, "ending the call of nobody", srv.EndActiveCall(1))
	if _, ok := srv.ActiveCall(pat); ok {
		t.Error("Pat is on a call")
	}
}
