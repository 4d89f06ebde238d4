package dialpadtest_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"testing"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func TestUsersList(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ada, grace, alan := id(dialpadtest.SeedAdminUserID), id(dialpadtest.SeedAgentUserID), id(dialpadtest.SeedSuspendedUserID)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{grace, ada}}, // active only, by id
		{"?state=active", []string{grace, ada}},
		{"?state=suspended", []string{alan}},
		{"?state=all", []string{grace, alan, ada}},
		{"?state=deleted", nil},
		{"?email=ADA@example.com", []string{ada}},
		{"?email=nobody@example.com", nil},
		{"?number=" + url.QueryEscape(dialpadtest.SeedAgentNumber), []string{grace}},
		{"?company_admin=true", []string{ada}},
		{"?company_admin=false&state=all", []string{grace, alan}},
	} {
		got := ids(t, send(t, srv, "GET", "/api/v2/users"+tc.query, nil).ok(t))
		if !slices.Equal(got, tc.want) {
			t.Errorf("users%s = %v, want %v", tc.query, got, tc.want)
		}
	}
	send(t, srv, "GET", "/api/v2/users?state=gone", nil).fails(t, http.StatusBadRequest, "state")
	send(t, srv, "GET", "/api/v2/users?company_admin=maybe", nil).fails(t, http.StatusBadRequest, "company_admin")
}

func TestPagination(t *testing.T) {
	t.Parallel()
	srv := newServer(t, dialpadtest.WithEmptyState())
	office, err := srv.AddOffice(dialpadtest.Office{Name: "Big", Seats: map[string]int{"talk": 150}})
	must(t, err)
	var want []string
	for i := range 130 {
		uid, err := srv.AddUser(dialpadtest.User{OfficeID: office, Emails: []string{"u" + id(int64(i)) + "@example.com"}})
		must(t, err)
		want = append(want, id(uid))
	}
	slices.Sort(want) // generated ids grow, but sort anyway: the order is by id

	pagesFollowed(t, srv, want)
	pageSizes(t, srv)
	pagesThroughSDK(t, srv, want)
}

// pagesFollowed pages through the users at the default size.
func pagesFollowed(t *testing.T, srv *dialpadtest.Server, want []string) {
	t.Helper()
	// Default page size, then follow the cursors.
	var got []string
	cursor, pages := "", 0
	for {
		m := send(t, srv, "GET", "/api/v2/users?cursor="+cursor, nil).ok(t)
		page := ids(t, m)
		pages++
		got = append(got, page...)
		c, has := m["cursor"]
		if !has {
			if len(page) != 130%25 {
				t.Errorf("last page has %d items", len(page))
			}
			break
		}
		if len(page) != dialpadtest.DefaultPageSize {
			t.Fatalf("page %d has %d items", pages, len(page))
		}
		cursor = c.(string)
		if cursor == "" {
			t.Fatal("empty cursor on a page that is not the last")
		}
	}
	if pages != 6 || !slices.Equal(got, want) {
		t.Errorf("%d pages, ids %v", pages, got)
	}
}

// pageSizes asks for pages above the maximum size and ending at the end,
// and for bad sizes and cursors.
func pageSizes(t *testing.T, srv *dialpadtest.Server) {
	t.Helper()
	// Above the maximum: a page of 100, as on Dialpad.
	m := send(t, srv, "GET", "/api/v2/users?limit=500", nil).ok(t)
	if n := len(items(t, m)); n != dialpadtest.MaxPageSize {
		t.Errorf("limit=500 gave %d items", n)
	}
	m = send(t, srv, "GET", "/api/v2/users?limit=100&cursor="+m["cursor"].(string), nil).ok(t)
	if n := len(items(t, m)); n != 30 || m["cursor"] != nil {
		t.Errorf("second page: %d items, cursor %v", n, m["cursor"])
	}
	// A page that ends exactly at the end has no cursor.
	m = send(t, srv, "GET", "/api/v2/users?limit=65", nil).ok(t)
	if m := send(t, srv, "GET", "/api/v2/users?limit=65&cursor="+m["cursor"].(string), nil).ok(t); m["cursor"] != nil {
		t.Errorf("cursor %v after the last item", m["cursor"])
	}

	for _, q := range []string{"limit=abc", "limit=0", "limit=-1", "limit=1.5"} {
		send(t, srv, "GET", "/api/v2/users?"+q, nil).fails(t, http.StatusBadRequest, "limit")
	}
	send(t, srv, "GET", "/api/v2/users?cursor=garbage", nil).fails(t, http.StatusBadRequest, "cursor")
	// A cursor of another list is refused too.
	cm := send(t, srv, "GET", "/api/v2/users?limit=1", nil).ok(t)
	send(t, srv, "GET", "/api/v2/contacts?cursor="+cm["cursor"].(string), nil).fails(t, http.StatusBadRequest, "cursor")
}

// pagesThroughSDK lists every user through the SDK's iterator, once.
func pagesThroughSDK(t *testing.T, srv *dialpadtest.Server, want []string) {
	t.Helper()
	// Through the SDK: every user, once.
	client := newClient(t, srv)
	var viaSDK []string
	for u, err := range client.Users.List(context.Background(), &dialpad.UserListOptions{ListOptions: dialpad.ListOptions{Limit: 40}}) {
		if err != nil {
			t.Fatal(err)
		}
		viaSDK = append(viaSDK, u.ID.String())
	}
	if !slices.Equal(viaSDK, want) {
		t.Errorf("SDK listed %d users", len(viaSDK))
	}
}

func TestUsersGet(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	m := send(t, srv, "GET", "/api/v2/users/me", nil).ok(t)
	if m["id"] != id(dialpadtest.SeedAdminUserID) || m["display_name"] != "Ada Lovelace" || m["company_id"] != id(dialpadtest.CompanyID) {
		t.Errorf("me = %v", m)
	}
	if m["date_added"] != "2021-06-20T19:18:00" || m["is_admin"] != true || m["office_id"] != id(dialpadtest.SeedOfficeID) {
		t.Errorf("me = %v", m)
	}
	send(t, srv, "GET", "/api/v2/users/123", nil).fails(t, http.StatusNotFound, "user 123 not found")
	send(t, srv, "GET", "/api/v2/users/ada", nil).fails(t, http.StatusNotFound, "not found")

	// With no users "me" stands for nobody.
	empty := newServer(t, dialpadtest.WithEmptyState())
	send(t, empty, "GET", "/api/v2/users/me", nil).fails(t, http.StatusBadRequest, "me")
}

func TestUsersCreate(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	create := func(body map[string]any) response { return send(t, srv, "POST", "/api/v2/users", body) }

	m := create(map[string]any{"email": "kay@example.com", "office_id": dialpadtest.SeedOfficeID, "first_name": "Kay", "last_name": "Ng"}).ok(t)
	if m["state"] != "active" || m["license"] != "talk" || m["display_name"] != "Kay Ng" || m["phone_numbers"] != nil {
		t.Errorf("created %v", m)
	}
	// auto_assign takes the first available number of the office.
	m = create(map[string]any{"email": "lee@example.com", "office_id": dialpadtest.SeedOfficeID, "auto_assign": true}).ok(t)
	if nums := m["phone_numbers"].([]any); len(nums) != 1 || nums[0] != "+14155550103" {
		t.Errorf("auto_assign gave %v", m["phone_numbers"])
	}
	if n, _ := srv.Number("+14155550103"); n.Status != "user" || id(n.TargetID) != m["id"] {
		t.Errorf("number after auto_assign: %+v", n)
	}

	create(map[string]any{"email": "KAY@example.com", "office_id": dialpadtest.SeedOfficeID}).fails(t, http.StatusBadRequest, "already used")
	create(map[string]any{"email": "x@example.com", "office_id": 1}).fails(t, http.StatusBadRequest, "office 1 does not exist")
	create(map[string]any{"email": "not an email", "office_id": dialpadtest.SeedOfficeID}).fails(t, http.StatusBadRequest, "email")
	create(map[string]any{"email": "x@example.com", "office_id": dialpadtest.SeedOfficeID, "license": "gold"}).fails(t, http.StatusBadRequest, "license")
	create(map[string]any{"email": "x@example.com"}).fails(t, http.StatusBadRequest, `"office_id"`)
	create(map[string]any{"email": "x@example.com", "office_id": id(dialpadtest.SeedOfficeID)}).fails(t, http.StatusBadRequest, "integer")
	create(map[string]any{"email": "x@example.com", "office_id": dialpadtest.SeedOfficeID, "first_name": "a\nb"}).fails(t, http.StatusBadRequest, "single line")
	// New York has 2 available numbers and 2 talk seats.
	create(map[string]any{"email": "ny1@example.com", "office_id": dialpadtest.SeedBranchOfficeID, "auto_assign": true}).ok(t)
	create(map[string]any{"email": "ny2@example.com", "office_id": dialpadtest.SeedBranchOfficeID, "auto_assign": true}).ok(t)
	create(map[string]any{"email": "ny3@example.com", "office_id": dialpadtest.SeedBranchOfficeID}).fails(t, http.StatusBadRequest, "no free talk license seat")
}

func TestSeatExhaustion(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ctx := context.Background()
	client := newClient(t, srv)
	free, err := srv.FreeSeats(dialpadtest.SeedOfficeID, "talk")
	must(t, err)
	if free != 8 {
		t.Fatalf("free talk seats = %d, want 8", free)
	}
	var created []*dialpad.User
	for i := range free {
		u, err := client.Users.Create(ctx, &dialpad.CreateUserRequest{Email: "seat" + id(int64(i)) + "@example.com", OfficeID: dialpadtest.SeedOfficeID})
		if err != nil {
			t.Fatal(err)
		}
		created = append(created, u)
	}
	_, err = client.Users.Create(ctx, &dialpad.CreateUserRequest{Email: "onetoomany@example.com", OfficeID: dialpadtest.SeedOfficeID})
	var apiErr *dialpad.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, dialpad.ErrBadRequest) || apiErr.Reason != "badRequest" {
		t.Fatalf("9th user: %v", err)
	}
	// Another license has its own seats.
	if _, err := client.Users.Create(ctx, &dialpad.CreateUserRequest{Email: "agent@example.com", OfficeID: dialpadtest.SeedOfficeID,
		License: dialpad.Ptr(dialpad.LicenseAgents)}); err != nil {
		t.Fatal(err)
	}
	// Deleting frees a seat; suspending does not.
	if _, err := client.Users.Update(ctx, created[0].ID, &dialpad.UpdateUserRequest{State: dialpad.Ptr(dialpad.UserStateSuspended)}); err != nil {
		t.Fatal(err)
	}
	if n, _ := srv.FreeSeats(dialpadtest.SeedOfficeID, "talk"); n != 0 {
		t.Errorf("free seats after suspending = %d", n)
	}
	if _, err := client.Users.Delete(ctx, created[1].ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := srv.FreeSeats(dialpadtest.SeedOfficeID, "talk"); n != 1 {
		t.Errorf("free seats after deleting = %d", n)
	}
	if _, err := client.Users.Create(ctx, &dialpad.CreateUserRequest{Email: "onetoomany@example.com", OfficeID: dialpadtest.SeedOfficeID}); err != nil {
		t.Fatal(err)
	}
}

func TestUsersDeleteReleasesEverything(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	grace := id(dialpadtest.SeedAgentUserID)
	m := send(t, srv, "DELETE", "/api/v2/users/"+grace, nil).ok(t)
	if m["state"] != "deleted" || m["display_name"] != "Grace Hopper (deactivated)" || m["phone_numbers"] != nil || m["emails"] != nil {
		t.Errorf("deleted user = %v", m)
	}
	if n, _ := srv.Number(dialpadtest.SeedAgentNumber); n.Status != "available" || n.TargetID != 0 || n.OfficeID != dialpadtest.SeedOfficeID {
		t.Errorf("number after delete: %+v", n)
	}
	if n, _ := srv.FreeSeats(dialpadtest.SeedOfficeID, "agents"); n != 2 {
		t.Errorf("free agents seats = %d", n)
	}
	// Still readable, listed with state=deleted, gone for everything else.
	send(t, srv, "GET", "/api/v2/users/"+grace, nil).ok(t)
	if got := ids(t, send(t, srv, "GET", "/api/v2/users?state=deleted", nil).ok(t)); !slices.Equal(got, []string{grace}) {
		t.Errorf("deleted users = %v", got)
	}
	send(t, srv, "DELETE", "/api/v2/users/"+grace, nil).fails(t, http.StatusNotFound, "not found")
	send(t, srv, "GET", "/api/v2/users/"+grace+"/deskphones", nil).fails(t, http.StatusNotFound, "not found")
	send(t, srv, "GET", "/api/v2/userdevices/"+dialpadtest.SeedAgentDeviceID, nil).fails(t, http.StatusNotFound, "")
	send(t, srv, "GET", "/api/v2/contacts/"+dialpadtest.SeedLocalContactID, nil).fails(t, http.StatusNotFound, "")
	members := items(t, send(t, srv, "GET", "/api/v2/coachingteams/"+id(dialpadtest.SeedCoachingTeamID)+"/members", nil).ok(t))
	if len(members) != 1 {
		t.Errorf("members after delete: %v", members)
	}
	// The email is free again, and the number can be assigned to someone else.
	m = send(t, srv, "POST", "/api/v2/users", map[string]any{"email": dialpadtest.SeedAgentEmail, "office_id": dialpadtest.SeedOfficeID}).ok(t)
	send(t, srv, "POST", "/api/v2/users/"+m["id"].(string)+"/assign_number", map[string]any{"number": dialpadtest.SeedAgentNumber}).ok(t)
}

func TestUsersUpdate(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ada := "/api/v2/users/" + id(dialpadtest.SeedAdminUserID)
	// Give Ada a second number, then re-order, then drop one.
	send(t, srv, "POST", ada+"/assign_number", map[string]any{"number": "+14155550104", "primary": false}).ok(t)
	m := send(t, srv, "PATCH", ada, map[string]any{"phone_numbers": []string{"+14155550104", dialpadtest.SeedAdminNumber}}).ok(t)
	if got := m["phone_numbers"].([]any); len(got) != 2 || got[0] != "+14155550104" {
		t.Errorf("re-ordered numbers: %v", got)
	}
	m = send(t, srv, "PATCH", ada, map[string]any{"phone_numbers": []string{"+14155550104"}}).ok(t)
	if n, _ := srv.Number(dialpadtest.SeedAdminNumber); n.Status != "available" {
		t.Errorf("dropped number: %+v", n)
	}
	send(t, srv, "PATCH", ada, map[string]any{"phone_numbers": []string{"+14155550105"}}).fails(t, http.StatusBadRequest, "assign_number")
	send(t, srv, "PATCH", ada, map[string]any{"phone_numbers": []string{"+1415"}}).fails(t, http.StatusBadRequest, "not assigned")

	// Suspend and reactivate.
	m = send(t, srv, "PATCH", ada, map[string]any{"state": "suspended"}).ok(t)
	if m["state"] != "suspended" || m["is_available"] != false {
		t.Errorf("suspended: %v", m)
	}
	if got := ids(t, send(t, srv, "GET", "/api/v2/users?state=suspended", nil).ok(t)); len(got) != 2 {
		t.Errorf("suspended users: %v", got)
	}
	send(t, srv, "PATCH", ada, map[string]any{"state": "active"}).ok(t)
	send(t, srv, "PATCH", ada, map[string]any{"state": "deleted"}).fails(t, http.StatusBadRequest, "state")

	// Nothing is applied when one field is wrong.
	send(t, srv, "PATCH", ada, map[string]any{"job_title": "CEO", "emails": []string{dialpadtest.SeedAgentEmail}}).
		fails(t, http.StatusBadRequest, "already used")
	if u, _ := srv.User(dialpadtest.SeedAdminUserID); u.JobTitle != "CTO" {
		t.Errorf("job title changed to %q by a failed update", u.JobTitle)
	}
	send(t, srv, "PATCH", ada, map[string]any{"emails": []string{}}).fails(t, http.StatusBadRequest, "at least one")
	send(t, srv, "PATCH", ada, map[string]any{"forwarding_numbers": []string{"0800"}}).fails(t, http.StatusBadRequest, "E.164")
	send(t, srv, "PATCH", ada, map[string]any{"admin_office_ids": []int64{1}}).fails(t, http.StatusBadRequest, "office 1")
	send(t, srv, "PATCH", ada, map[string]any{"presence_status": map[string]any{"type": "party"}}).fails(t, http.StatusBadRequest, "presence_status.type")
	// A license change needs a seat: agents has 1 left.
	send(t, srv, "PATCH", ada, map[string]any{"license": "agents"}).ok(t)
	send(t, srv, "PATCH", "/api/v2/users/"+id(dialpadtest.SeedSuspendedUserID), map[string]any{"license": "agents"}).
		fails(t, http.StatusBadRequest, "no free agents license seat")
	// Presence status sets the status message; {} clears it.
	m = send(t, srv, "PATCH", ada, map[string]any{"presence_status": map[string]any{"provider": "Zoom", "message": "Standup"}}).ok(t)
	if m["status_message"] != "Zoom: Standup" {
		t.Errorf("presence: %v", m["status_message"])
	}
	m = send(t, srv, "PATCH", ada, `{"presence_status": null}`).ok(t)
	if m["status_message"] != nil {
		t.Errorf("presence not cleared: %v", m["status_message"])
	}
	// A support license without keeping numbers drops them.
	m = send(t, srv, "PATCH", "/api/v2/users/"+id(dialpadtest.SeedSuspendedUserID), map[string]any{}).ok(t)
	if m["license"] != "talk" {
		t.Errorf("empty update changed %v", m)
	}
	must(t, srv.SetSeats(dialpadtest.SeedOfficeID, "lite_support_agents", 1))
	m = send(t, srv, "PATCH", "/api/v2/users/"+id(dialpadtest.SeedSuspendedUserID), map[string]any{"license": "lite_support_agents", "keep_paid_numbers": false}).ok(t)
	if m["phone_numbers"] != nil {
		t.Errorf("numbers kept: %v", m["phone_numbers"])
	}
	send(t, srv, "PATCH", "/api/v2/users/1", map[string]any{}).fails(t, http.StatusNotFound, "")

	// A cancelled user holds no seat: reactivating one needs a free seat.
	must(t, srv.SetSeats(dialpadtest.SeedBranchOfficeID, "talk", 0))
	cancelled, err := srv.AddUser(dialpadtest.User{OfficeID: dialpadtest.SeedBranchOfficeID, Emails: []string{"c@example.com"}, State: "cancelled"})
	must(t, err)
	send(t, srv, "PATCH", "/api/v2/users/"+id(cancelled), map[string]any{"state": "active"}).fails(t, http.StatusBadRequest, "no free talk license seat")
	must(t, srv.SetSeats(dialpadtest.SeedBranchOfficeID, "talk", 1))
	send(t, srv, "PATCH", "/api/v2/users/"+id(cancelled), map[string]any{"state": "active"}).ok(t)
}

func TestUsersThroughSDK(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ctx := context.Background()
	client := newClient(t, srv)
	sdkReadsUsers(t, ctx, client)
	sdkFindsUsersByEmail(t, ctx, client)
	uid := sdkCreatesAndMovesAUser(t, ctx, client)
	sdkSetsDNDAndStatus(t, ctx, client, uid)
	sdkReadsPersonasAndCallerIDs(t, ctx, client)
	sdkDeletesAUser(t, ctx, client, uid)
}

// sdkReadsUsers lists the seeded users and gets one, and an unknown one.
func sdkReadsUsers(t *testing.T, ctx context.Context, client *dialpad.Client) {
	t.Helper()
	page, err := client.Users.ListPage(ctx, nil)
	if err != nil || len(page.Items) != 2 || page.Cursor != "" {
		t.Fatalf("ListPage = %+v, %v", page, err)
	}
	me, err := client.Users.Get(ctx, dialpadtest.SeedAdminUserID)
	if err != nil || me.ID != dialpadtest.SeedAdminUserID || me.CompanyID != dialpadtest.CompanyID ||
		!me.DateAdded.Equal(time.Date(2021, 6, 20, 19, 18, 0, 0, time.UTC)) || len(me.AdminOfficeIDs) != 1 {
		t.Fatalf("Get(me) = %+v, %v", me, err)
	}
	if _, err := client.Users.Get(ctx, 42); !errors.Is(err, dialpad.ErrNotFound) {
		t.Errorf("Get(42): %v", err)
	}
}

// sdkFindsUsersByEmail finds users by email, without regard to case and
// whatever their state but deleted.
func sdkFindsUsersByEmail(t *testing.T, ctx context.Context, client *dialpad.Client) {
	t.Helper()
	g, err := client.Users.GetByEmail(ctx, "Grace@Example.com")
	if err != nil || g.ID != dialpadtest.SeedAgentUserID {
		t.Errorf("GetByEmail = %+v, %v", g, err)
	}
	if a, err := client.Users.GetByEmail(ctx, "alan@example.com"); err != nil || a.ID != dialpadtest.SeedSuspendedUserID {
		t.Errorf("GetByEmail(suspended) = %+v, %v; want the suspended user (every state but deleted is searched)", a, err)
	}
}

// sdkCreatesAndMovesAUser creates a user, updates and clears its fields,
// moves it, and returns its id.
func sdkCreatesAndMovesAUser(t *testing.T, ctx context.Context, client *dialpad.Client) dialpad.ID {
	t.Helper()
	u, err := client.Users.Create(ctx, &dialpad.CreateUserRequest{Email: "max@example.com", OfficeID: dialpadtest.SeedOfficeID,
		FirstName: dialpad.Ptr("Max"), LastName: dialpad.Ptr("Planck"), AutoAssign: dialpad.Ptr(true)})
	if err != nil || u.DisplayName != "Max Planck" || len(u.PhoneNumbers) != 1 || u.State != dialpad.UserStateActive {
		t.Fatalf("Create = %+v, %v", u, err)
	}
	uid := u.ID
	u, err = client.Users.Update(ctx, uid, &dialpad.UpdateUserRequest{JobTitle: dialpad.Ptr("Physicist"), ForwardingNumbers: []string{"+14155550177"}})
	if err != nil || u.JobTitle != "Physicist" || !slices.Equal(u.ForwardingNumbers, []string{"+14155550177"}) {
		t.Fatalf("Update = %+v, %v", u, err)
	}
	u, err = client.Users.Update(ctx, uid, &dialpad.UpdateUserRequest{ForwardingNumbers: []string{}})
	if err != nil || len(u.ForwardingNumbers) != 0 {
		t.Fatalf("clearing forwarding numbers = %+v, %v", u, err)
	}
	u, err = client.Users.MoveOffice(ctx, uid, dialpadtest.SeedBranchOfficeID)
	if err != nil || u.OfficeID != dialpadtest.SeedBranchOfficeID {
		t.Fatalf("MoveOffice = %+v, %v", u, err)
	}
	if _, err := client.Users.MoveOffice(ctx, uid, 12345); !errors.Is(err, dialpad.ErrBadRequest) {
		t.Errorf("MoveOffice(unknown) = %v", err)
	}
	return uid
}

// sdkSetsDNDAndStatus sets DND, for the user and for a group, and a status.
func sdkSetsDNDAndStatus(t *testing.T, ctx context.Context, client *dialpad.Client, uid dialpad.ID) {
	t.Helper()
	dnd, err := client.Users.SetDoNotDisturb(ctx, uid, &dialpad.DoNotDisturbRequest{DoNotDisturb: true})
	if err != nil || !dnd.DoNotDisturb || dnd.ID != uid || dnd.GroupID != 0 {
		t.Fatalf("SetDoNotDisturb = %+v, %v", dnd, err)
	}
	dnd, err = client.Users.SetDoNotDisturb(ctx, dialpadtest.SeedAgentUserID, &dialpad.DoNotDisturbRequest{
		DoNotDisturb: true, GroupID: dialpad.Ptr(dialpad.ID(dialpadtest.SeedCallCenterID)), GroupType: dialpad.Ptr(dialpad.GroupTypeCallCenter)})
	if err != nil || dnd.GroupID != dialpadtest.SeedCallCenterID || dnd.GroupType != dialpad.GroupTypeCallCenter {
		t.Fatalf("SetDoNotDisturb(group) = %+v, %v", dnd, err)
	}
	st, err := client.Users.SetStatus(ctx, uid, &dialpad.UserStatusRequest{StatusMessage: "Thinking", Expiration: dialpad.Ptr[int64](60)})
	if err != nil || st.StatusMessage != "Thinking" || st.Expiration != 60 || st.ID != uid {
		t.Fatalf("SetStatus = %+v, %v", st, err)
	}
}

// sdkReadsPersonasAndCallerIDs reads personas and caller ids, and sets one.
func sdkReadsPersonasAndCallerIDs(t *testing.T, ctx context.Context, client *dialpad.Client) {
	t.Helper()
	ps, err := client.Users.ListPersonas(ctx, dialpadtest.SeedAdminUserID)
	if err != nil || len(ps) != 1 || ps[0].CallerID != dialpadtest.SeedOfficeMainLine {
		t.Fatalf("ListPersonas = %+v, %v", ps, err)
	}
	cid, err := client.Users.GetCallerID(ctx, dialpadtest.SeedAgentUserID)
	if err != nil || cid.CallerID != dialpadtest.SeedAgentNumber || cid.OfficeMainLine != dialpadtest.SeedOfficeMainLine || len(cid.Groups) != 1 {
		t.Fatalf("GetCallerID = %+v, %v", cid, err)
	}
	cid, err = client.Users.SetCallerID(ctx, dialpadtest.SeedAgentUserID, dialpad.CallerIDBlocked)
	if err != nil || cid.CallerID != "blocked" {
		t.Fatalf("SetCallerID = %+v, %v", cid, err)
	}
	if _, err := client.Users.SetCallerID(ctx, dialpadtest.SeedAgentUserID, "+19995550000"); !errors.Is(err, dialpad.ErrBadRequest) {
		t.Errorf("SetCallerID(foreign number) = %v", err)
	}
}

// sdkDeletesAUser deletes a user, and finds it gone for a second delete.
func sdkDeletesAUser(t *testing.T, ctx context.Context, client *dialpad.Client, uid dialpad.ID) {
	t.Helper()
	del, err := client.Users.Delete(ctx, uid)
	if err != nil || del.State != dialpad.UserStateDeleted {
		t.Fatalf("Delete = %+v, %v", del, err)
	}
	if _, err := client.Users.Delete(ctx, uid); !errors.Is(err, dialpad.ErrNotFound) {
		t.Errorf("second Delete = %v", err)
	}
}

func TestMoveOffice(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	paris, err := srv.AddOffice(dialpadtest.Office{Name: "Paris", Country: "fr", Timezone: "Europe/Paris", Seats: map[string]int{"talk": 1}})
	must(t, err)
	must(t, srv.AddNumbers(paris, "+33155550101"))
	ada := "/api/v2/users/" + id(dialpadtest.SeedAdminUserID)
	move := func(path string, office dialpad.ID) response {
		return send(t, srv, "PATCH", path+"/move_office", map[string]any{"office_id": office})
	}
	// users.update refuses to take numbers abroad; move_office replaces them.
	send(t, srv, "PATCH", ada, map[string]any{"office_id": paris}).fails(t, http.StatusBadRequest, "another country")
	m := move(ada, paris).ok(t)
	if got := m["phone_numbers"].([]any); len(got) != 1 || got[0] != "+33155550101" || m["country"] != "fr" {
		t.Errorf("moved: %v", m)
	}
	if n, _ := srv.Number(dialpadtest.SeedAdminNumber); n.Status != "available" {
		t.Errorf("old number: %+v", n)
	}
	// Paris is now full.
	move("/api/v2/users/"+id(dialpadtest.SeedSuspendedUserID), paris).fails(t, http.StatusBadRequest, "no free talk license seat")
	// Moving within a country keeps the numbers; moving to the same office changes nothing.
	m = move("/api/v2/users/"+id(dialpadtest.SeedSuspendedUserID), dialpadtest.SeedBranchOfficeID).ok(t)
	if got := m["phone_numbers"].([]any); len(got) != 1 || got[0] != "+14155550102" {
		t.Errorf("domestic move: %v", m["phone_numbers"])
	}
	move("/api/v2/users/"+id(dialpadtest.SeedSuspendedUserID), dialpadtest.SeedBranchOfficeID).ok(t)
	send(t, srv, "PATCH", ada+"/move_office", map[string]any{}).fails(t, http.StatusBadRequest, `"office_id"`)
	move("/api/v2/users/9", paris).fails(t, http.StatusNotFound, "")
}

func TestDoNotDisturbAndStatus(t *testing.T) {
	t.Parallel()
	clock := newClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	srv := newServer(t, dialpadtest.WithClock(clock.Now))
	grace := "/api/v2/users/" + id(dialpadtest.SeedAgentUserID)
	send(t, srv, "PATCH", grace+"/togglednd", map[string]any{}).fails(t, http.StatusBadRequest, `"do_not_disturb"`)
	send(t, srv, "PATCH", grace+"/togglednd", map[string]any{"do_not_disturb": true, "group_id": 1}).fails(t, http.StatusBadRequest, "together")
	send(t, srv, "PATCH", grace+"/togglednd", map[string]any{"do_not_disturb": true, "group_id": 1, "group_type": "office"}).fails(t, http.StatusBadRequest, "not an operator of office 1")
	send(t, srv, "PATCH", grace+"/togglednd", map[string]any{"do_not_disturb": true, "group_id": 1, "group_type": "callcenter"}).fails(t, http.StatusBadRequest, "not an operator")
	// Operators only: Grace is in Headquarters but not on the New York line or in the Sales department.
	send(t, srv, "PATCH", grace+"/togglednd", map[string]any{"do_not_disturb": true, "group_id": dialpadtest.SeedBranchOfficeID, "group_type": "office"}).
		fails(t, http.StatusBadRequest, "not an operator")
	send(t, srv, "PATCH", grace+"/togglednd", map[string]any{"do_not_disturb": true, "group_id": dialpadtest.SeedDepartmentID, "group_type": "department"}).
		fails(t, http.StatusBadRequest, "not an operator")
	send(t, srv, "PATCH", grace+"/togglednd", map[string]any{"do_not_disturb": true, "group_id": 1, "group_type": "room"}).fails(t, http.StatusBadRequest, "group_type")
	send(t, srv, "PATCH", grace+"/togglednd", map[string]any{"do_not_disturb": true, "group_id": dialpadtest.SeedOfficeID, "group_type": "office"}).ok(t)
	m := send(t, srv, "GET", grace, nil).ok(t)
	if m["do_not_disturb"] != false {
		t.Error("group DND changed the user's own DND")
	}
	for _, g := range m["group_details"].([]any) {
		g := g.(map[string]any)
		if g["group_type"] == "office" && g["do_not_disturb"] != true {
			t.Errorf("office DND not shown: %v", g)
		}
	}

	// Status messages expire by the server's clock.
	m = send(t, srv, "PATCH", grace+"/status", map[string]any{"status_message": "Back in 5", "expiration": 300}).ok(t)
	if m["expiration"] != "300" || m["id"] != id(dialpadtest.SeedAgentUserID) {
		t.Errorf("status = %v", m)
	}
	clock.Add(299 * time.Second)
	if m := send(t, srv, "GET", grace, nil).ok(t); m["status_message"] != "Back in 5" {
		t.Errorf("status before expiry: %v", m["status_message"])
	}
	clock.Add(time.Second)
	if m := send(t, srv, "GET", grace, nil).ok(t); m["status_message"] != nil {
		t.Errorf("status after expiry: %v", m["status_message"])
	}
	send(t, srv, "PATCH", grace+"/status", map[string]any{"expiration": -1}).fails(t, http.StatusBadRequest, "negative")
	if reqs := srv.Requests(); !reqs[len(reqs)-1].Time.Equal(clock.Now()) {
		t.Errorf("request time %v, clock %v", reqs[len(reqs)-1].Time, clock.Now())
	}
}

func TestPersonasCallerIDAndE911(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	alan := "/api/v2/users/" + id(dialpadtest.SeedSuspendedUserID)
	if got := items(t, send(t, srv, "GET", alan+"/personas", nil).ok(t)); len(got) != 0 {
		t.Errorf("personas = %v", got)
	}
	send(t, srv, "GET", "/api/v2/users/7/personas", nil).fails(t, http.StatusNotFound, "")

	m := send(t, srv, "GET", alan+"/caller_id", nil).ok(t)
	wantGroups := []any{map[string]any{"caller_id": dialpadtest.SeedDepartmentNumber, "display_name": "Sales"}}
	if m["caller_id"] != "+14155550102" || m["primary_phone"] != "+14155550102" || !reflect.DeepEqual(m["groups"], wantGroups) {
		t.Errorf("caller id = %v", m)
	}
	send(t, srv, "POST", alan+"/caller_id", map[string]any{"caller_id": dialpadtest.SeedOfficeMainLine}).ok(t)
	send(t, srv, "POST", alan+"/caller_id", map[string]any{"caller_id": dialpadtest.SeedDepartmentNumber}).ok(t)
	// Support's number is not Alan's to use: he does not answer for it.
	send(t, srv, "POST", alan+"/caller_id", map[string]any{"caller_id": dialpadtest.SeedCallCenterNumber}).fails(t, http.StatusBadRequest, "group number")
	send(t, srv, "POST", alan+"/caller_id", map[string]any{}).fails(t, http.StatusBadRequest, `"caller_id"`)
	// Unassigning the chosen number resets the caller id.
	send(t, srv, "POST", alan+"/caller_id", map[string]any{"caller_id": "+14155550102"}).ok(t)
	send(t, srv, "POST", alan+"/unassign_number", map[string]any{"number": "+14155550102"}).ok(t)
	if m := send(t, srv, "GET", alan+"/caller_id", nil).ok(t); m["caller_id"] != dialpadtest.SeedOfficeMainLine {
		t.Errorf("caller id after unassign: %v", m["caller_id"])
	}

	// E911: the office's address, until the user gets one.
	m = send(t, srv, "GET", alan+"/e911", nil).ok(t)
	if m["city"] != "San Ramon" {
		t.Errorf("e911 = %v", m)
	}
	addr := map[string]any{"address": "350 5th Ave", "city": "New York", "state": "NY", "zip": "10118", "country": "us"}
	m = send(t, srv, "PUT", alan+"/e911", addr).ok(t)
	if m["address"] != "350 5th Ave" || m["state"] != "NY" {
		t.Errorf("e911 = %v", m)
	}
	if m := send(t, srv, "GET", alan+"/e911", nil).ok(t); m["city"] != "New York" {
		t.Errorf("e911 after update = %v", m)
	}
	delete(addr, "zip")
	send(t, srv, "PUT", alan+"/e911", addr).fails(t, http.StatusBadRequest, `"zip"`)
	addr["zip"], addr["country"] = "10118", "usa"
	send(t, srv, "PUT", alan+"/e911", addr).fails(t, http.StatusBadRequest, "country")
	// No address anywhere: 404.
	office, err := srv.AddOffice(dialpadtest.Office{Name: "Nowhere", Seats: map[string]int{"talk": 1}})
	must(t, err)
	uid, err := srv.AddUser(dialpadtest.User{OfficeID: office, Emails: []string{"nomad@example.com"}})
	must(t, err)
	send(t, srv, "GET", "/api/v2/users/"+id(uid)+"/e911", nil).fails(t, http.StatusNotFound, "no E911 address")
}

// TestCallCenterOperatorKeepsItsLicense checks that users.update does not
// take the call-center license from a call center's operator.
func TestCallCenterOperatorKeepsItsLicense(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	grace := "/api/v2/users/" + id(dialpadtest.SeedAgentUserID)
	send(t, srv, "PATCH", grace, map[string]any{"license": "talk"}).fails(t, http.StatusBadRequest, "operator of call center")
	if u, _ := srv.User(dialpadtest.SeedAgentUserID); u.License != "agents" {
		t.Errorf("license = %s", u.License)
	}
	// Another call-center license is fine (it needs a seat, like any change).
	must(t, srv.SetSeats(dialpadtest.SeedOfficeID, "lite_support_agents", 1))
	send(t, srv, "PATCH", grace, map[string]any{"license": "lite_support_agents"}).ok(t)
	// A supervisor needs no call-center license.
	send(t, srv, "PATCH", "/api/v2/users/"+id(dialpadtest.SeedAdminUserID), map[string]any{"license": "agents"}).ok(t)
	send(t, srv, "PATCH", "/api/v2/users/"+id(dialpadtest.SeedAdminUserID), map[string]any{"license": "talk"}).ok(t)
}
