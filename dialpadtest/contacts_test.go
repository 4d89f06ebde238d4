package dialpadtest_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

// contactIDs lists the ids of the contacts that the query q selects.
func contactIDs(t *testing.T, srv *dialpadtest.Server, q string) []string {
	t.Helper()
	return ids(t, send(t, srv, "GET", "/api/v2/contacts"+q, nil).ok(t))
}

func TestContacts(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	contactsListedAndGot(t, srv)
	local := contactsCreated(t, srv)
	contactsByUID(t, srv)
	contactsPatchedAndDeleted(t, srv, local)
}

// contactsListedAndGot lists the seeded contacts by filter, and gets one.
func contactsListedAndGot(t *testing.T, srv *dialpadtest.Server) {
	t.Helper()
	if got := contactIDs(t, srv, ""); !slices.Equal(got, []string{dialpadtest.SeedSharedContactID}) {
		t.Errorf("shared contacts = %v", got)
	}
	if got := contactIDs(t, srv, "?include_local=true"); !slices.Equal(got, []string{dialpadtest.SeedSharedContactID, dialpadtest.SeedLocalContactID}) {
		t.Errorf("all contacts = %v", got)
	}
	if got := contactIDs(t, srv, "?owner_id="+id(dialpadtest.SeedAgentUserID)); !slices.Equal(got, []string{dialpadtest.SeedLocalContactID}) {
		t.Errorf("Grace's contacts = %v", got)
	}
	if got := contactIDs(t, srv, "?owner_id=me"); len(got) != 0 {
		t.Errorf("Ada's contacts = %v", got)
	}
	send(t, srv, "GET", "/api/v2/contacts?owner_id=1", nil).fails(t, http.StatusNotFound, "")
	send(t, srv, "GET", "/api/v2/contacts?include_local=sure", nil).fails(t, http.StatusBadRequest, "include_local")

	m := send(t, srv, "GET", "/api/v2/contacts/"+dialpadtest.SeedSharedContactID, nil).ok(t)
	if m["type"] != "shared" || m["owner_id"] != id(dialpadtest.CompanyID) || m["primary_phone"] != "+12065550123" || m["display_name"] != "Jane Doe" {
		t.Errorf("shared contact = %v", m)
	}
	send(t, srv, "GET", "/api/v2/contacts/nope", nil).fails(t, http.StatusNotFound, "nope")
}

// contactsCreated creates a local contact after the refused ones, and
// returns its id.
func contactsCreated(t *testing.T, srv *dialpadtest.Server) string {
	t.Helper()
	// Create, local and shared.
	m := send(t, srv, "POST", "/api/v2/contacts", map[string]any{"first_name": "Ana", "last_name": "Lima",
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
	return local
}

// contactsByUID creates and replaces a shared contact by uid.
func contactsByUID(t *testing.T, srv *dialpadtest.Server) {
	t.Helper()
	// Create or update by uid.
	m := send(t, srv, "PUT", "/api/v2/contacts", map[string]any{"uid": "crm-7", "first_name": "Tom", "last_name": "Ek",
		"company_name": "Old Co", "phones": []string{"+14155550180"}}).ok(t)
	if m["id"] != "shared_uid_crm-7" || m["type"] != "shared" {
		t.Errorf("uid contact = %v", m)
	}
	m = send(t, srv, "PUT", "/api/v2/contacts", map[string]any{"uid": "crm-7", "first_name": "Tom", "last_name": "Eklund"}).ok(t)
	if m["last_name"] != "Eklund" || m["company_name"] != nil || m["phones"] != nil {
		t.Errorf("replaced uid contact = %v", m)
	}
	if got := contactIDs(t, srv, ""); len(got) != 2 {
		t.Errorf("same uid made a second contact: %v", got)
	}
	send(t, srv, "PUT", "/api/v2/contacts", map[string]any{"first_name": "A", "last_name": "B"}).fails(t, http.StatusBadRequest, `"uid"`)
	// The id is usable in a path even with odd characters.
	m = send(t, srv, "PUT", "/api/v2/contacts", map[string]any{"uid": "a/b c", "first_name": "A", "last_name": "B"}).ok(t)
	send(t, srv, "GET", "/api/v2/contacts/"+url.PathEscape(m["id"].(string)), nil).ok(t)
}

// contactsPatchedAndDeleted patches the local contact, then deletes it.
func contactsPatchedAndDeleted(t *testing.T, srv *dialpadtest.Server, local string) {
	t.Helper()
	// Patch: fields given replace, [] clears, bad values change nothing.
	m := send(t, srv, "PATCH", "/api/v2/contacts/"+local, map[string]any{"job_title": "CTO", "emails": []string{}}).ok(t)
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
