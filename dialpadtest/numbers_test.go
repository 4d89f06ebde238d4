package dialpadtest_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func TestAssignAndUnassignNumbers(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	alan := "/api/v2/users/" + id(dialpadtest.SeedSuspendedUserID)
	assign := func(body map[string]any) response { return send(t, srv, "POST", alan+"/assign_number", body) }
	numbers := func() []string { u, _ := srv.User(dialpadtest.SeedSuspendedUserID); return u.PhoneNumbers }

	// By exact number: primary by default.
	m := assign(map[string]any{"number": "+14155550105"}).ok(t)
	if m["status"] != "user" || m["target_id"] != id(dialpadtest.SeedSuspendedUserID) || m["target_type"] != "user" || m["area_code"] != "415" {
		t.Errorf("assigned %v", m)
	}
	if got := numbers(); !slices.Equal(got, []string{"+14155550105", "+14155550102"}) {
		t.Errorf("numbers = %v", got)
	}
	// By area code, not primary: appended.
	m = assign(map[string]any{"area_code": "646", "primary": false}).ok(t)
	if m["number"] != "+16465550102" {
		t.Errorf("area code 646 gave %v", m["number"])
	}
	// Automatically: the first available one.
	m = assign(map[string]any{}).ok(t)
	if m["number"] != "+14155550103" {
		t.Errorf("auto gave %v", m["number"])
	}
	if got := numbers(); !slices.Equal(got, []string{"+14155550103", "+14155550105", "+14155550102", "+16465550102"}) {
		t.Errorf("numbers = %v", got)
	}

	assign(map[string]any{"number": dialpadtest.SeedAdminNumber}).fails(t, http.StatusBadRequest, "not available")
	assign(map[string]any{"number": "+12125550101"}).fails(t, http.StatusBadRequest, "belongs to office")
	assign(map[string]any{"number": "+19995550000"}).fails(t, http.StatusNotFound, "inventory")
	assign(map[string]any{"number": "555-0100"}).fails(t, http.StatusBadRequest, "E.164")
	assign(map[string]any{"number": "+14155550104", "area_code": "646"}).fails(t, http.StatusBadRequest, "area code")
	assign(map[string]any{"area_code": "212"}).fails(t, http.StatusBadRequest, "no available number in area code 212")
	assign(map[string]any{"primary": "yes"}).fails(t, http.StatusBadRequest, "boolean")
	send(t, srv, "POST", "/api/v2/users/1/assign_number", map[string]any{}).fails(t, http.StatusNotFound, "")

	// Unassign puts the number back.
	m = send(t, srv, "POST", alan+"/unassign_number", map[string]any{"number": "+14155550105"}).ok(t)
	if m["status"] != "available" || m["target_id"] != nil {
		t.Errorf("unassigned %v", m)
	}
	if n, _ := srv.Number("+14155550105"); n.Status != "available" {
		t.Errorf("number = %+v", n)
	}
	send(t, srv, "POST", alan+"/unassign_number", map[string]any{"number": "+14155550105"}).fails(t, http.StatusBadRequest, "not assigned")
	send(t, srv, "POST", alan+"/unassign_number", map[string]any{"number": dialpadtest.SeedAdminNumber}).fails(t, http.StatusBadRequest, "not assigned")
	send(t, srv, "POST", alan+"/unassign_number", map[string]any{"number": "+19995550000"}).fails(t, http.StatusNotFound, "")
	send(t, srv, "POST", alan+"/unassign_number", map[string]any{}).fails(t, http.StatusBadRequest, `"number"`)

	// Until the office runs dry: 415555010{4,5} and 646555010{3,4} are left.
	for range 4 {
		assign(map[string]any{}).ok(t)
	}
	assign(map[string]any{}).fails(t, http.StatusBadRequest, "no available number")
}
