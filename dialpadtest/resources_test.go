package dialpadtest_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func TestContacts(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	list := func(q string) []string { return ids(t, send(t, srv, "GET", "/api/v2/contacts"+q, nil).ok(t)) }
	if got := list(""); !slices.Equal(got, []string{dialpadtest.SeedSharedContactID}) {
		t.Errorf("shared contacts = %v", got)
	}
	if got := list("?include_local=true"); !slices.Equal(got, []string{dialpadtest.SeedSharedContactID, dialpadtest.SeedLocalContactID}) {
		t.Errorf("all contacts = %v", got)
	}
	if got := list("?owner_id=" + id(dialpadtest.SeedAgentUserID)); !slices.Equal(got, []string{dialpadtest.SeedLocalContactID}) {
		t.Errorf("Grace's contacts = %v", got)
	}
	if got := list("?owner_id=me"); len(got) != 0 {
		t.Errorf("Ada's contacts = %v", got)
	}
	send(t, srv, "GET", "/api/v2/contacts?owner_id=1", nil).fails(t, http.StatusNotFound, "")
	send(t, srv, "GET", "/api/v2/contacts?include_local=sure", nil).fails(t, http.StatusBadRequest, "include_local")

	m := send(t, srv, "GET", "/api/v2/contacts/"+dialpadtest.SeedSharedContactID, nil).ok(t)
	if m["type"] != "shared" || m["owner_id"] != id(dialpadtest.CompanyID) || m["primary_phone"] != "+12065550123" || m["display_name"] != "Jane Doe" {
		t.Errorf("shared contact = %v", m)
	}
	send(t, srv, "GET", "/api/v2/contacts/nope", nil).fails(t, http.StatusNotFound, "nope")

	// Create, local and shared.
	m = send(t, srv, "POST", "/api/v2/contacts", map[string]any{"first_name": "Ana", "last_name": "Lima",
		"owner_id": id(dialpadtest.SeedAdminUserID), "emails": []string{"ana@x.example", "ana2@x.example"}}).ok(t)
	local := m["id"].(string)
	if m["type"] != "local" || m["owner_id"] != id(dialpadtest.SeedAdminUserID) || m["primary_email"] != "ana@x.example" {
		t.Errorf("local contact = %v", m)
	}
	for _, tc := range []struct {
		body map[string]any
		msg  string
	}{
		{map[string]any{"last_name": "X"}, `"first_name"`},
		{map[string]any{"first_name": "X"}, `"last_name"`},
		{map[string]any{"first_name": "X", "last_name": "Y", "phones": []string{"555"}}, "E.164"},
		{map[string]any{"first_name": "X", "last_name": "Y", "emails": []string{"nope"}}, "email"},
		{map[string]any{"first_name": "X", "last_name": "Y", "owner_id": "1"}, "owner_id"},
		{map[string]any{"first_name": "X", "last_name": "Y", "owner_id": 5}, "string"},
		{map[string]any{"first_name": "X", "last_name": "Y", "uid": "u"}, "unknown field"},
	} {
		send(t, srv, "POST", "/api/v2/contacts", tc.body).fails(t, http.StatusBadRequest, tc.msg)
	}

	// Create or update by uid.
	m = send(t, srv, "PUT", "/api/v2/contacts", map[string]any{"uid": "crm-7", "first_name": "Tom", "last_name": "Ek",
		"company_name": "Old Co", "phones": []string{"+14155550180"}}).ok(t)
	if m["id"] != "shared_uid_crm-7" || m["type"] != "shared" {
		t.Errorf("uid contact = %v", m)
	}
	m = send(t, srv, "PUT", "/api/v2/contacts", map[string]any{"uid": "crm-7", "first_name": "Tom", "last_name": "Eklund"}).ok(t)
	if m["last_name"] != "Eklund" || m["company_name"] != nil || m["phones"] != nil {
		t.Errorf("replaced uid contact = %v", m)
	}
	if got := list(""); len(got) != 2 {
		t.Errorf("same uid made a second contact: %v", got)
	}
	send(t, srv, "PUT", "/api/v2/contacts", map[string]any{"first_name": "A", "last_name": "B"}).fails(t, http.StatusBadRequest, `"uid"`)
	// The id is usable in a path even with odd characters.
	m = send(t, srv, "PUT", "/api/v2/contacts", map[string]any{"uid": "a/b c", "first_name": "A", "last_name": "B"}).ok(t)
	send(t, srv, "GET", "/api/v2/contacts/"+url.PathEscape(m["id"].(string)), nil).ok(t)

	// Patch: fields given replace, [] clears, bad values change nothing.
	m = send(t, srv, "PATCH", "/api/v2/contacts/"+local, map[string]any{"job_title": "CTO", "emails": []string{}}).ok(t)
	if m["job_title"] != "CTO" || m["emails"] != nil || m["first_name"] != "Ana" {
		t.Errorf("patched = %v", m)
	}
	send(t, srv, "PATCH", "/api/v2/contacts/"+local, map[string]any{"first_name": "", "job_title": "CEO"}).fails(t, http.StatusBadRequest, "first_name")
	if c, _ := srv.Contact(local); c.JobTitle != "CTO" {
		t.Errorf("failed patch changed the job title to %q", c.JobTitle)
	}
	send(t, srv, "PATCH", "/api/v2/contacts/nope", map[string]any{}).fails(t, http.StatusNotFound, "")

	// Delete returns the contact.
	m = send(t, srv, "DELETE", "/api/v2/contacts/"+local, nil).ok(t)
	if m["id"] != local {
		t.Errorf("deleted = %v", m)
	}
	send(t, srv, "DELETE", "/api/v2/contacts/"+local, nil).fails(t, http.StatusNotFound, "")
}

func TestCoachingTeams(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	team := "/api/v2/coachingteams/" + id(dialpadtest.SeedCoachingTeamID)
	m := send(t, srv, "GET", team, nil).ok(t)
	if m["name"] != "Sales Coaching" || m["state"] != "active" || m["country"] != "us" || m["ring_seconds"] != "30" {
		t.Errorf("team = %v", m)
	}
	send(t, srv, "GET", "/api/v2/coachingteams/5", nil).fails(t, http.StatusNotFound, "")
	send(t, srv, "GET", "/api/v2/coachingteams/abc", nil).fails(t, http.StatusNotFound, "")

	second, err := srv.AddCoachingTeam(dialpadtest.CoachingTeam{Name: "Support Coaching", OfficeID: dialpadtest.SeedBranchOfficeID})
	must(t, err)
	m = send(t, srv, "GET", "/api/v2/coachingteams?limit=1", nil).ok(t)
	if got := ids(t, m); !slices.Equal(got, []string{id(dialpadtest.SeedCoachingTeamID)}) || m["cursor"] == nil {
		t.Errorf("first page = %v", m)
	}
	m = send(t, srv, "GET", "/api/v2/coachingteams?limit=1&cursor="+m["cursor"].(string), nil).ok(t)
	if got := ids(t, m); !slices.Equal(got, []string{id(second)}) || m["cursor"] != nil {
		t.Errorf("second page = %v", m)
	}

	// Members: paginated, with roles.
	members := func(q string) map[string]any { return send(t, srv, "GET", team+"/members"+q, nil).ok(t) }
	m = members("?limit=1")
	if it := items(t, m); len(it) != 1 || it[0]["id"] != id(dialpadtest.SeedAgentUserID) || it[0]["role"] != "trainee" || m["cursor"] == nil {
		t.Errorf("members page 1 = %v", m)
	}
	m = members("?limit=1&cursor=" + m["cursor"].(string))
	if it := items(t, m); len(it) != 1 || it[0]["id"] != id(dialpadtest.SeedAdminUserID) || it[0]["role"] != "coach" || m["cursor"] != nil {
		t.Errorf("members page 2 = %v", m)
	}
	add := func(body any) response { return send(t, srv, "POST", team+"/members", body) }
	m = add(map[string]any{"member_id": id(dialpadtest.SeedSuspendedUserID), "role": "coach"}).ok(t)
	if m["role"] != "coach" || m["id"] != id(dialpadtest.SeedSuspendedUserID) || m["state"] != "suspended" {
		t.Errorf("added = %v", m)
	}
	add(map[string]any{"member_id": id(dialpadtest.SeedAgentUserID), "role": "coach"}).ok(t) // a role change
	if it := items(t, members("")); len(it) != 3 || it[0]["role"] != "coach" {
		t.Errorf("members = %v", it)
	}
	add(map[string]any{"member_id": "1", "role": "coach"}).fails(t, http.StatusBadRequest, "member_id")
	add(map[string]any{"member_id": dialpadtest.SeedAgentUserID, "role": "coach"}).fails(t, http.StatusBadRequest, "string")
	add(map[string]any{"member_id": id(dialpadtest.SeedAgentUserID), "role": "boss"}).fails(t, http.StatusBadRequest, "role")
	add(map[string]any{"member_id": id(dialpadtest.SeedAgentUserID)}).fails(t, http.StatusBadRequest, `"role"`)
	send(t, srv, "POST", "/api/v2/coachingteams/5/members", map[string]any{"member_id": "1", "role": "coach"}).fails(t, http.StatusNotFound, "")
}

func TestDevicesAndDeskPhones(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ada := "/api/v2/users/" + id(dialpadtest.SeedAdminUserID)
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

	// Desk phones.
	if got := ids(t, send(t, srv, "GET", ada+"/deskphones", nil).ok(t)); !slices.Equal(got, []string{dialpadtest.SeedAdminDeskPhoneID}) {
		t.Errorf("desk phones = %v", got)
	}
	phone := ada + "/deskphones/" + url.PathEscape(dialpadtest.SeedAdminDeskPhoneID)
	m = send(t, srv, "GET", phone, nil).ok(t)
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
