package dialpadtest_test

import (
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func TestOffices(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	hq, ny := id(dialpadtest.SeedOfficeID), id(dialpadtest.SeedBranchOfficeID)
	officesListed(t, srv, hq, ny)
	closed := officesActiveOnly(t, srv, hq, ny)
	officesPaginated(t, srv, hq, ny, closed)
	officeGot(t, srv, closed)
}

// officesListed checks the offices list and the headquarters in it.
func officesListed(t *testing.T, srv *dialpadtest.Server, hq, ny string) {
	t.Helper()
	m := send(t, srv, "GET", "/api/v2/offices", nil).ok(t)
	if got := ids(t, m); !slices.Equal(got, []string{ny, hq}) || m["cursor"] != nil {
		t.Fatalf("offices = %v, cursor %v", got, m["cursor"])
	}
	o := items(t, m)[1]
	if o["name"] != "Headquarters" || o["office_id"] != hq || o["is_primary_office"] != true || o["state"] != "active" ||
		o["timezone"] != "US/Pacific" || o["country"] != "us" || !reflect.DeepEqual(o["phone_numbers"], []any{dialpadtest.SeedOfficeMainLine}) {
		t.Errorf("headquarters = %v", o)
	}
	if e := o["e911_address"].(map[string]any); e["city"] != "San Ramon" || e["zip"] != "94583" {
		t.Errorf("e911 address = %v", e)
	}
	if items(t, m)[0]["is_primary_office"] != false {
		t.Error("New York is the primary office")
	}
}

// officesActiveOnly adds an office that is not active, which active_only=true
// leaves out, and returns its id.
func officesActiveOnly(t *testing.T, srv *dialpadtest.Server, hq, ny string) dialpad.ID {
	t.Helper()
	// active_only leaves out an office that is not active.
	closed, err := srv.AddOffice(dialpadtest.Office{Name: "Closed", State: "suspended"})
	must(t, err)
	if got := ids(t, send(t, srv, "GET", "/api/v2/offices", nil).ok(t)); len(got) != 3 {
		t.Errorf("all offices = %v", got)
	}
	if got := ids(t, send(t, srv, "GET", "/api/v2/offices?active_only=false", nil).ok(t)); len(got) != 3 {
		t.Errorf("active_only=false = %v", got)
	}
	if got := ids(t, send(t, srv, "GET", "/api/v2/offices?active_only=true", nil).ok(t)); !slices.Equal(got, []string{ny, hq}) {
		t.Errorf("active offices = %v", got)
	}
	send(t, srv, "GET", "/api/v2/offices?active_only=maybe", nil).fails(t, http.StatusBadRequest, "active_only")
	return closed
}

// officesPaginated pages through the three offices.
func officesPaginated(t *testing.T, srv *dialpadtest.Server, hq, ny string, closed dialpad.ID) {
	t.Helper()
	// Paginated like the other lists.
	m := send(t, srv, "GET", "/api/v2/offices?limit=2", nil).ok(t)
	if got := ids(t, m); !slices.Equal(got, []string{ny, hq}) || m["cursor"] == nil {
		t.Fatalf("first page = %v, cursor %v", got, m["cursor"])
	}
	m = send(t, srv, "GET", "/api/v2/offices?limit=2&cursor="+m["cursor"].(string), nil).ok(t)
	if got := ids(t, m); !slices.Equal(got, []string{id(closed)}) || m["cursor"] != nil {
		t.Errorf("second page = %v, cursor %v", got, m["cursor"])
	}
	send(t, srv, "GET", "/api/v2/offices?cursor=nope", nil).fails(t, http.StatusBadRequest, "cursor")
}

// officeGot gets an office, and not an unknown one or a call center.
func officeGot(t *testing.T, srv *dialpadtest.Server, closed dialpad.ID) {
	t.Helper()
	m := send(t, srv, "GET", "/api/v2/offices/"+id(closed), nil).ok(t)
	if m["state"] != "suspended" || m["phone_numbers"] != nil || m["e911_address"] != nil || m["is_primary_office"] != false {
		t.Errorf("closed office = %v", m)
	}
	send(t, srv, "GET", "/api/v2/offices/1", nil).fails(t, http.StatusNotFound, "office \"1\" not found")
	send(t, srv, "GET", "/api/v2/offices/hq", nil).fails(t, http.StatusNotFound, "not found")
	send(t, srv, "GET", "/api/v2/offices/"+id(dialpadtest.SeedCallCenterID), nil).fails(t, http.StatusNotFound, "")
}

func TestPlan(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	m := lines(t, srv, dialpadtest.SeedOfficeID, "plan")
	checkLines(t, m, map[string]string{"talk_lines": "10", "sell_lines": "2", "contact_center_lines": "0", "fax_lines": "1",
		"room_lines": "5", "additional_number_lines": "0", "uberconference_lines": "0", "tollfree_room_lines": "0",
		"tollfree_additional_number_lines": "0", "tollfree_uberconference_lines": "0", "balance": "10.0000",
		"next_billing_date": id(time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC).UnixMilli())})
	// The place of primary use defaults to the office's E911 address.
	want := map[string]any{"address_line_1": "3001 Bishop Dr", "address_line_2": "Ste 120", "city": "San Ramon",
		"region": "ca", "postal_code": "94583", "country": "us"}
	if !reflect.DeepEqual(m["ppu_address"], want) {
		t.Errorf("ppu_address = %v", m["ppu_address"])
	}
	m = lines(t, srv, dialpadtest.SeedBranchOfficeID, "plan")
	checkLines(t, m, map[string]string{"talk_lines": "2", "sell_lines": "0", "fax_lines": "0", "balance": "0.0000"})
	if _, ok := m["next_billing_date"]; ok {
		t.Errorf("next_billing_date without one: %v", m)
	}

	// A plan of its own; no E911 address, no default place of primary use.
	bare, err := srv.AddOffice(dialpadtest.Office{Name: "Bare"})
	must(t, err)
	if m := lines(t, srv, bare, "plan"); m["ppu_address"] != nil || m["talk_lines"] != "0" {
		t.Errorf("bare plan = %v", m)
	}
	rich, err := srv.AddOffice(dialpadtest.Office{Name: "Rich", Seats: map[string]int{"lite_support_agents": 4, "magenta_lines": 3},
		E911: dialpadtest.E911Address{Address: "1 Elm St", City: "Reno", State: "nv", Zip: "89501", Country: "us"},
		Plan: dialpadtest.Plan{AdditionalNumberLines: 1, FaxLines: 2, RoomLines: 3, UberconferenceLines: 4,
			TollFreeAdditionalNumberLines: 5, TollFreeRoomLines: 6, TollFreeUberconferenceLines: 7, Balance: 1234.5,
			PPUAddress: &dialpadtest.BillingAddress{Line1: "2 Oak St", City: "Boise", Region: "ID", PostalCode: "83702", Country: "us"}}})
	must(t, err)
	m = lines(t, srv, rich, "plan")
	checkLines(t, m, map[string]string{"contact_center_lines": "4", "talk_lines": "0", "additional_number_lines": "1",
		"fax_lines": "2", "room_lines": "3", "uberconference_lines": "4", "tollfree_additional_number_lines": "5",
		"tollfree_room_lines": "6", "tollfree_uberconference_lines": "7", "balance": "1234.5000"})
	if a := m["ppu_address"].(map[string]any); a["city"] != "Boise" || a["address_line_2"] != nil {
		t.Errorf("ppu_address = %v", a)
	}
	send(t, srv, "GET", "/api/v2/offices/1/plan", nil).fails(t, http.StatusNotFound, "not found")
	send(t, srv, "GET", "/api/v2/offices/x/available_licenses", nil).fails(t, http.StatusNotFound, "not found")
}

// TestSeatAccounting follows the free lines of Headquarters through
// users.create, users.update, users.delete and the call-center operator
// operations: available_licenses and FreeSeats agree, and plan.get keeps
// the totals.
func TestSeatAccounting(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	var hq dialpad.ID = dialpadtest.SeedOfficeID
	free := func(talk, sell, contactCenter string) {
		t.Helper()
		checkLines(t, lines(t, srv, hq, "available_licenses"), map[string]string{"talk_lines": talk, "sell_lines": sell,
			"contact_center_lines": contactCenter, "fax_lines": "1", "room_lines": "5"})
		for license, want := range map[string]string{"talk": talk, "agents": sell, "lite_support_agents": contactCenter} {
			if n, _ := srv.FreeSeats(hq, license); id(int64(n)) != want {
				t.Errorf("FreeSeats(%s) = %d, want %s", license, n, want)
			}
		}
		checkLines(t, lines(t, srv, hq, "plan"), map[string]string{"talk_lines": "10", "sell_lines": "2"})
	}
	create := func(email, license string) response {
		return send(t, srv, "POST", "/api/v2/users", map[string]any{"email": email, "office_id": hq, "license": license})
	}
	// Ada and Alan (suspended) hold talk seats, Grace an agents seat.
	free("8", "1", "0")
	kay := create("kay@example.com", "talk").ok(t)["id"].(string)
	free("7", "1", "0")
	lee := create("lee@example.com", "agents").ok(t)["id"].(string)
	free("7", "0", "0")
	// No agents seat left: 400, and nothing is created.
	create("max@example.com", "agents").fails(t, http.StatusBadRequest, "no free agents license seat")
	if got := ids(t, send(t, srv, "GET", "/api/v2/users?email=max@example.com&state=all", nil).ok(t)); len(got) != 0 {
		t.Errorf("a user was created without a seat: %v", got)
	}
	free("7", "0", "0")
	// A license change moves the seat.
	send(t, srv, "PATCH", "/api/v2/users/"+lee, map[string]any{"license": "talk"}).ok(t)
	free("6", "1", "0")
	send(t, srv, "PATCH", "/api/v2/users/"+kay, map[string]any{"license": "lite_support_agents"}).
		fails(t, http.StatusBadRequest, "no free lite_support_agents license seat")
	must(t, srv.SetSeats(hq, "lite_support_agents", 1))
	free("6", "1", "1")
	send(t, srv, "PATCH", "/api/v2/users/"+kay, map[string]any{"license": "lite_support_agents"}).ok(t)
	free("7", "1", "0")
	// Deleting frees the seat; suspending keeps it.
	send(t, srv, "PATCH", "/api/v2/users/"+lee, map[string]any{"state": "suspended"}).ok(t)
	free("7", "1", "0")
	send(t, srv, "DELETE", "/api/v2/users/"+lee, nil).ok(t)
	free("8", "1", "0")
	// Making a talk user a call-center operator switches it to agents.
	send(t, srv, "POST", "/api/v2/callcenters/"+id(dialpadtest.SeedCallCenterID)+"/operators",
		map[string]any{"user_id": dialpadtest.SeedSuspendedUserID}).ok(t)
	free("9", "0", "0")
	// Fewer seats than users: nothing is free, and nothing goes below zero.
	must(t, srv.SetSeats(hq, "talk", 1))
	checkLines(t, lines(t, srv, hq, "available_licenses"), map[string]string{"talk_lines": "0"})
	checkLines(t, lines(t, srv, hq, "plan"), map[string]string{"talk_lines": "1"})
}
