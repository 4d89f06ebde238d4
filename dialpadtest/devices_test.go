package dialpadtest_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func TestDevicesAndDeskPhones(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ada := "/api/v2/users/" + id(dialpadtest.SeedAdminUserID)
	userDevices(t, srv)
	deskPhones(t, srv, ada)
}

// userDevices lists and gets user devices.
func userDevices(t *testing.T, srv *dialpadtest.Server) {
	t.Helper()
	if got := ids(t, send(t, srv, "GET", "/api/v2/userdevices", nil).ok(t)); len(got) != 2 {
		t.Errorf("devices = %v", got)
	}
	got := ids(t, send(t, srv, "GET", "/api/v2/userdevices?user_id=me", nil).ok(t))
	if !slices.Equal(got, []string{dialpadtest.SeedAdminDeviceID}) {
		t.Errorf("my devices = %v", got)
	}
	if got := ids(t, send(t, srv, "GET", "/api/v2/userdevices?user_id="+id(dialpadtest.SeedSuspendedUserID), nil).ok(t)); len(got) != 0 {
		t.Errorf("Alan's devices = %v", got)
	}
	send(t, srv, "GET", "/api/v2/userdevices?user_id=1", nil).fails(t, http.StatusNotFound, "")
	m := send(t, srv, "GET", "/api/v2/userdevices/"+url.PathEscape(dialpadtest.SeedAdminDeviceID), nil).ok(t)
	if m["type"] != "native" || m["user_id"] != id(dialpadtest.SeedAdminUserID) || m["phone_number"] != dialpadtest.SeedAdminNumber {
		t.Errorf("device = %v", m)
	}
	send(t, srv, "GET", "/api/v2/userdevices/nope", nil).fails(t, http.StatusNotFound, "")
	// Mobile devices never report a registration date.
	did, err := srv.AddDevice(dialpadtest.Device{UserID: dialpadtest.SeedSuspendedUserID, Type: "iphone"})
	must(t, err)
	if m := send(t, srv, "GET", "/api/v2/userdevices/"+url.PathEscape(did), nil).ok(t); m["date_registered"] != nil {
		t.Errorf("iphone = %v", m)
	}
}

// deskPhones lists, gets and deletes a user's desk phones.
func deskPhones(t *testing.T, srv *dialpadtest.Server, ada string) {
	t.Helper()
	// Desk phones.
	if got := ids(t, send(t, srv, "GET", ada+"/deskphones", nil).ok(t)); !slices.Equal(got, []string{dialpadtest.SeedAdminDeskPhoneID}) {
		t.Errorf("desk phones = %v", got)
	}
	phone := ada + "/deskphones/" + url.PathEscape(dialpadtest.SeedAdminDeskPhoneID)
	m := send(t, srv, "GET", phone, nil).ok(t)
	if m["owner_id"] != id(dialpadtest.SeedAdminUserID) || m["owner_type"] != "user" || m["port"] != "7060" || m["type"] != "obi" {
		t.Errorf("desk phone = %v", m)
	}
	// Another user's phone is not found under Ada.
	send(t, srv, "GET", ada+"/deskphones/"+url.PathEscape(dialpadtest.SeedAgentDeskPhoneID), nil).fails(t, http.StatusNotFound, "")
	send(t, srv, "DELETE", ada+"/deskphones/"+url.PathEscape(dialpadtest.SeedAgentDeskPhoneID), nil).fails(t, http.StatusNotFound, "")
	if r := send(t, srv, "DELETE", phone, nil); r.status != http.StatusOK || len(r.body) != 0 {
		t.Errorf("delete: %d %s", r.status, r.body)
	}
	send(t, srv, "GET", phone, nil).fails(t, http.StatusNotFound, "")
	if got := items(t, send(t, srv, "GET", ada+"/deskphones", nil).ok(t)); len(got) != 0 {
		t.Errorf("desk phones after delete = %v", got)
	}
	send(t, srv, "GET", "/api/v2/users/1/deskphones", nil).fails(t, http.StatusNotFound, "")
}

func TestAgentGroups(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	m := send(t, srv, "GET", "/api/v2/agent-groups/"+id(dialpadtest.SeedAgentGroupID), nil).ok(t)
	if m["name"] != "Support" || m["office_id"] != id(dialpadtest.SeedOfficeID) || m["created_at"] != "1624216680000" {
		t.Errorf("agent group = %v", m)
	}
	send(t, srv, "GET", "/api/v2/agent-groups/1", nil).fails(t, http.StatusNotFound, "")
	send(t, srv, "GET", "/api/v2/agent-groups/x", nil).fails(t, http.StatusNotFound, "")
}
