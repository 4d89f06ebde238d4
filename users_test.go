package dialpad

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handleRaw registers pattern on mux like handle, but hands check the raw
// body, so that a test can tell an absent field from a null or an empty
// one, and counts the requests.
func handleRaw(t *testing.T, mux *http.ServeMux, pattern, fixtureName string, check func(r *http.Request, body []byte)) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
			t.Errorf("%s: Authorization = %q", pattern, got)
		}
		body, _ := io.ReadAll(r.Body)
		if ct := r.Header.Get("Content-Type"); (len(body) > 0) != (ct == "application/json") {
			t.Errorf("%s: Content-Type %q with a %d-byte body", pattern, ct, len(body))
		}
		if check != nil {
			check(r, body)
		}
		serveJSON(t, w, http.StatusOK, fixtureName)
	})
	return &n
}

// ts is the UTC time of a zone-less Dialpad timestamp.
func ts(s string) Timestamp {
	v, err := time.Parse("2006-01-02T15:04:05", s)
	if err != nil {
		panic(err)
	}
	return Timestamp{v}
}

// wantUserGet is testdata/users/get.json decoded.
var wantUserGet = User{
	ID:                5835806903417907,
	CompanyID:         4508591728425653,
	OfficeID:          6422934115149452,
	AdminOfficeIDs:    []ID{6422934115149452},
	FirstName:         "テÉst",
	LastName:          "Bot",
	DisplayName:       "テÉst Bot",
	Emails:            []string{"bot@fuzz-ball.com"},
	PhoneNumbers:      []string{"+14155551001"},
	ForwardingNumbers: []string{"+14152301358"},
	JobTitle:          "Mock Job Title",
	Location:          "Mock Location",
	Country:           "us",
	Language:          "en",
	Timezone:          "US/Pacific",
	ImageURL:          "https://dialpad.example.com/avatar/user/ag5kZXZ-dWJlci12b2ljZXIYCxILVXNlclByb2ZpbGUYs_jS66r0rgoM.png?version=36c0561fb8e0f5765ccfb3a5316f6d5d",
	License:           LicenseTalk,
	State:             UserStateActive,
	StatusMessage:     "Mock Status",
	IsAdmin:           true,
	IsSuperAdmin:      true,
	IsAvailable:       true,
	OnDutyStatus:      OnDutyStatusUnavailable,
	OnDutyStarted:     ts("2013-01-01T00:00:00"),
	DutyStatusStarted: ts("2013-01-01T00:00:00"),
	GroupDetails: []GroupDetails{
		{GroupID: 5220648944236254, GroupType: GroupTypeCallCenter, Role: GroupRoleAdmin},
		{GroupID: 6422934115149452, GroupType: GroupTypeOffice, Role: GroupRoleAdmin},
	},
	DateAdded:      ts("2021-06-20T19:18:00"),
	DateActive:     ts("2021-06-20T19:18:00"),
	DateFirstLogin: ts("2021-06-20T19:18:00"),
}

func assertUser(t *testing.T, got *User, want User) {
	t.Helper()
	if got == nil {
		t.Fatal("nil user")
	}
	if !reflect.DeepEqual(*got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("user =\n%s\nwant\n%s", g, w)
	}
}

func TestUsersGet(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handleRaw(t, mux, "GET /api/v2/users/{id}", "users/get.json", func(r *http.Request, body []byte) {
		assert.Equal(t, "5835806903417907", r.PathValue("id"))
		assert.Empty(t, body, "GET sent a body")
		assert.Empty(t, r.URL.RawQuery, "query")
	})
	u, err := c.Users.Get(context.Background(), 5835806903417907)
	require.NoError(t, err)
	assertUser(t, u, wantUserGet)
	if got := u.DateActive.Time; got.Location() != time.UTC || got.Hour() != 19 || got.Minute() != 18 {
		t.Errorf("DateActive = %v, want 19:18 UTC", got)
	}
}

func TestUsersDecodeNumericIDs(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handleRaw(t, mux, "GET /api/v2/users/{id}", "users/get_numeric_ids.json", nil)
	u, err := c.Users.Get(context.Background(), 5835806903417907)
	require.NoError(t, err)
	assertUser(t, u, User{
		ID:             5835806903417907,
		CompanyID:      4508591728425653,
		OfficeID:       6422934115149452,
		AdminOfficeIDs: []ID{6422934115149452, 4449170667665453},
		DisplayName:    "Numeric Ids",
		License:        LicenseAgents,
		State:          UserStateSuspended,
		GroupDetails:   []GroupDetails{{GroupID: 5220648944236254, GroupType: GroupTypeDepartment, Role: GroupRoleOperator, DoNotDisturb: true}},
		DateAdded:      ts("2021-06-20T19:18:00"),
		DateActive:     ts("2021-06-20T19:18:00"),
	})
}

func TestUsersDecodeErrors(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"id": "58358069O3417907"}`,
		`{"office_id": 1.5}`,
		`{"admin_office_ids": ["1", "x"]}`,
		`{"group_details": [{"group_id": true}]}`,
		`{"company_id": {"id": 1}}`,
	} {
		srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
			replyJSON(w, http.StatusOK, body)
		})
		_, err := plumbingClient(t, srv.URL).Users.Get(context.Background(), 1)
		if !assert.ErrorIs(t, err, ErrInvalidResponse, body) {
			continue
		}
		// The error names the field and the JSON type, never the value.
		for _, leak := range []string{"58358069O3417907", "1.5", `"x"`} {
			if strings.Contains(body, leak) && strings.Contains(err.Error(), leak) {
				t.Errorf("%s: the error quotes the value: %v", body, err)
			}
		}
	}
	// Empty and null ids are absent ones.
	var u User
	if err := json.Unmarshal([]byte(`{"id": "", "office_id": null, "admin_office_ids": null}`), &u); err != nil || u.ID != 0 || u.AdminOfficeIDs != nil {
		t.Errorf("empty ids: %+v, %v", u, err)
	}
}

func TestUsersListPage(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handleRaw(t, mux, "GET /api/v2/users", "users/list.json", func(r *http.Request, body []byte) {
		want := url.Values{
			"limit":         {"100"},
			"state":         {"all"},
			"company_admin": {"false"},
			"email":         {"bot+1@fuzz-ball.com"},
			"number":        {"+14155551001"},
		}
		assert.Equal(t, want, r.URL.Query())
		if strings.Contains(r.URL.RawQuery, "+1") {
			t.Errorf("raw query %q: a + in a value must be escaped", r.URL.RawQuery)
		}
	})
	page, err := c.Users.ListPage(context.Background(), &UserListOptions{
		State:        UserStateAll,
		CompanyAdmin: Ptr(false),
		Email:        "bot+1@fuzz-ball.com",
		Number:       "+14155551001",
	})
	require.NoError(t, err)
	if len(page.Items) != 2 || page.Cursor != "" {
		t.Fatalf("page = %+v", page)
	}
	first := wantUserGet
	first.GroupDetails = first.GroupDetails[1:]
	first.OnDutyStatus, first.OnDutyStarted, first.DutyStatusStarted = "", Timestamp{}, Timestamp{}
	assertUser(t, page.Items[0], first)
	if u := page.Items[1]; u.ID != 4335858969377504 || u.Emails[0] != "test_contact@fuzz-ball.com" || u.IsSuperAdmin {
		t.Errorf("second user = %+v", u)
	}
}

func TestUsersList(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handleRaw(t, mux, "GET /api/v2/users", "users/list.json", func(r *http.Request, _ []byte) {
		if q := r.URL.Query(); q.Get("limit") != "100" || q.Get("state") != "active" || q.Get("company_admin") != "true" {
			t.Errorf("query = %v", q)
		}
	})
	var ids []ID
	for u, err := range c.Users.List(context.Background(), &UserListOptions{State: UserStateActive, CompanyAdmin: Ptr(true)}) {
		require.NoError(t, err)
		ids = append(ids, u.ID)
	}
	assert.Equal(t, []ID{5835806903417907, 4335858969377504}, ids)
}

func TestUsersGetByEmail(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	c, mux := newTestClient(t)
	handleRaw(t, mux, "GET /api/v2/users", "users/list_by_email.json", func(r *http.Request, _ []byte) {
		want := url.Values{"limit": {"100"}, "email": {"bot@fuzz-ball.com"}, "state": {"all"}}
		assert.Equal(t, want, r.URL.Query())
	})
	u, err := c.Users.GetByEmail(ctx, "bot@fuzz-ball.com") // the user has Bot@Fuzz-Ball.com
	if err != nil || u.ID != 5835806903417907 {
		t.Errorf("GetByEmail = %+v, %v", u, err)
	}

	for _, fixtureName := range []string{"users/list_empty.json", "users/list.json"} {
		c, mux := newTestClient(t)
		handleRaw(t, mux, "GET /api/v2/users", fixtureName, nil)
		u, err := c.Users.GetByEmail(ctx, "nobody@fuzz-ball.com")
		var apiErr *APIError
		assert.ErrorIs(t, err, ErrNotFound, fixtureName)
		assert.False(t, errors.As(err, &apiErr), "%s: an *APIError", fixtureName)
		assert.Nil(t, u, fixtureName)
	}
}

func TestUsersCreate(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	var bodies [][]byte
	handleRaw(t, mux, "POST /api/v2/users", "users/create.json", func(r *http.Request, body []byte) {
		bodies = append(bodies, body)
	})
	ctx := context.Background()
	req := &CreateUserRequest{
		Email:      "mocky@fuzz-ball.com",
		OfficeID:   6422934115149452,
		FirstName:  Ptr("Mocky"),
		LastName:   Ptr("Mockson"),
		License:    Ptr(LicenseTalk),
		AutoAssign: Ptr(false),
	}
	u, err := c.Users.Create(ctx, req)
	require.NoError(t, err)
	if _, err := c.Users.Create(ctx, &CreateUserRequest{Email: "min@fuzz-ball.com", OfficeID: 1}); err != nil {
		t.Fatal(err)
	}
	if len(bodies) != 2 {
		t.Fatalf("%d requests, want 2", len(bodies))
	}
	assertJSON(t, bodies[0], `{"email": "mocky@fuzz-ball.com", "office_id": 6422934115149452,
		"first_name": "Mocky", "last_name": "Mockson", "license": "talk", "auto_assign": false}`)
	assertJSON(t, bodies[1], `{"email": "min@fuzz-ball.com", "office_id": 1}`)
	if !strings.Contains(string(bodies[0]), `"office_id":6422934115149452`) {
		t.Errorf("office_id not sent as an exact integer: %s", bodies[0])
	}
	if u.ID != 5137304475768569 || u.OfficeID != 6422934115149452 || u.License != LicenseTalk ||
		u.DisplayName != "Mocky Mockson" || !u.DateAdded.Equal(ts("2013-01-01T00:00:00").Time) || !u.IsAvailable {
		t.Errorf("created user = %+v", u)
	}
}

func TestUsersUpdate(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	var bodies [][]byte
	handleRaw(t, mux, "PATCH /api/v2/users/{id}", "users/update.json", func(r *http.Request, body []byte) {
		if id := r.PathValue("id"); id != "5835806903417907" {
			t.Errorf("id = %q", id)
		}
		bodies = append(bodies, body)
	})
	ctx := context.Background()
	full := &UpdateUserRequest{
		FirstName:                   Ptr("Blocky"),
		LastName:                    Ptr("Mockson"),
		JobTitle:                    Ptr("Junior Accountant"),
		Extension:                   Ptr("12345"),
		Emails:                      []string{"bot@fuzz-ball.com"},
		PhoneNumbers:                []string{"+14155551001"},
		ForwardingNumbers:           []string{"+442074865800", "+815058098764"},
		AdminOfficeIDs:              []ID{4449170667665453},
		InternationalDialingEnabled: Ptr(false),
		IsSuperAdmin:                Ptr(true),
		License:                     Ptr(LicenseLiteSupportAgents),
		KeepPaidNumbers:             Ptr(true),
		OfficeID:                    Ptr(ID(4449170667665453)),
		PresenceStatus:              &PresenceStatus{Message: Ptr("Weekly sync"), Provider: Ptr("Zoom"), Type: Ptr(PresenceTypeConference)},
		State:                       Ptr(UserStateActive),
	}
	snapshot, _ := json.Marshal(full)
	u, err := c.Users.Update(ctx, 5835806903417907, full)
	require.NoError(t, err)
	for _, req := range []*UpdateUserRequest{
		{},                                    // nothing to change
		{JobTitle: Ptr("")},                   // clears a scalar
		{ForwardingNumbers: []string{}},       // clears a list
		{Emails: nil, AdminOfficeIDs: []ID{}}, // nil left alone, [] cleared
		{PresenceStatus: &PresenceStatus{}},   // clears the presence status
		{IsSuperAdmin: Ptr(false), State: Ptr(UserStateSuspended)},
	} {
		if _, err := c.Users.Update(ctx, 5835806903417907, req); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		`{"first_name": "Blocky", "last_name": "Mockson", "job_title": "Junior Accountant", "extension": "12345",
		  "emails": ["bot@fuzz-ball.com"], "phone_numbers": ["+14155551001"],
		  "forwarding_numbers": ["+442074865800", "+815058098764"], "admin_office_ids": [4449170667665453],
		  "international_dialing_enabled": false, "is_super_admin": true, "license": "lite_support_agents",
		  "keep_paid_numbers": true, "office_id": 4449170667665453,
		  "presence_status": {"message": "Weekly sync", "provider": "Zoom", "type": "conference"}, "state": "active"}`,
		`{}`,
		`{"job_title": ""}`,
		`{"forwarding_numbers": []}`,
		`{"admin_office_ids": []}`,
		`{"presence_status": {}}`,
		`{"is_super_admin": false, "state": "suspended"}`,
	}
	if len(bodies) != len(want) {
		t.Fatalf("%d requests, want %d", len(bodies), len(want))
	}
	for i := range want {
		assertJSON(t, bodies[i], want[i])
	}
	if after, _ := json.Marshal(full); string(after) != string(snapshot) {
		t.Errorf("Update changed the caller's request:\n%s\nwas\n%s", after, snapshot)
	}
	if u.JobTitle != "Junior Accountant" || u.License != LicenseLiteSupportAgents || u.OfficeID != 4449170667665453 ||
		!reflect.DeepEqual(u.ForwardingNumbers, []string{"+442074865800", "+815058098764"}) || u.Extension != "12345" {
		t.Errorf("updated user = %+v", u)
	}
}

func TestUsersDelete(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handleRaw(t, mux, "DELETE /api/v2/users/{id}", "users/delete.json", func(r *http.Request, body []byte) {
		assert.Equal(t, "5643742714968973", r.PathValue("id"))
		assert.Empty(t, body, "DELETE sent a body")
	})
	u, err := c.Users.Delete(context.Background(), 5643742714968973)
	require.NoError(t, err)
	if u.ID != 5643742714968973 || u.State != UserStateDeleted || u.License != LicenseAgents || !u.DoNotDisturb ||
		u.DisplayName != "Blocky Mockson (deactivated)" || u.OfficeID != 5220648944236254 {
		t.Errorf("deleted user = %+v", u)
	}
}

func TestUsersMoveOffice(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handleRaw(t, mux, "PATCH /api/v2/users/{id}/move_office", "users/move_office.json", func(r *http.Request, body []byte) {
		if r.PathValue("id") != "5835806903417907" {
			t.Errorf("id = %q", r.PathValue("id"))
		}
		assertJSON(t, body, `{"office_id": 4449170667665453}`)
	})
	u, err := c.Users.MoveOffice(context.Background(), 5835806903417907, 4449170667665453)
	require.NoError(t, err)
	if u.ID != 5835806903417907 || u.OfficeID != 4449170667665453 {
		t.Errorf("moved user = %+v", u)
	}
}

func TestUsersSetDoNotDisturb(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	var bodies [][]byte
	handleRaw(t, mux, "PATCH /api/v2/users/{id}/togglednd", "users/togglednd.json", func(r *http.Request, body []byte) {
		bodies = append(bodies, body)
	})
	ctx := context.Background()
	d, err := c.Users.SetDoNotDisturb(ctx, 5835806903417907, &DoNotDisturbRequest{
		DoNotDisturb: true, GroupID: Ptr(ID(5220648944236254)), GroupType: Ptr(GroupTypeDepartment),
	})
	require.NoError(t, err)
	if _, err := c.Users.SetDoNotDisturb(ctx, 5835806903417907, &DoNotDisturbRequest{}); err != nil {
		t.Fatal(err)
	}
	assertJSON(t, bodies[0], `{"do_not_disturb": true, "group_id": 5220648944236254, "group_type": "department"}`)
	assertJSON(t, bodies[1], `{"do_not_disturb": false}`) // false is sent, not left out
	want := DoNotDisturb{ID: 5835806903417907, DoNotDisturb: true, GroupID: 5220648944236254, GroupType: GroupTypeDepartment}
	if *d != want {
		t.Errorf("DND = %+v, want %+v", *d, want)
	}
}

func TestUsersSetStatus(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	var bodies [][]byte
	handleRaw(t, mux, "PATCH /api/v2/users/{id}/status", "users/status.json", func(r *http.Request, body []byte) {
		if r.PathValue("id") != "5835806903417907" {
			t.Errorf("id = %q", r.PathValue("id"))
		}
		bodies = append(bodies, body)
	})
	ctx := context.Background()
	st, err := c.Users.SetStatus(ctx, 5835806903417907, &UserStatusRequest{
		StatusMessage: "test status with expiration", Expiration: Ptr(int64(3600)),
	})
	require.NoError(t, err)
	if _, err := c.Users.SetStatus(ctx, 5835806903417907, &UserStatusRequest{}); err != nil {
		t.Fatal(err)
	}
	assertJSON(t, bodies[0], `{"status_message": "test status with expiration", "expiration": 3600}`)
	assertJSON(t, bodies[1], `{"status_message": ""}`)
	want := UserStatus{ID: 5835806903417907, StatusMessage: "test status with expiration", Expiration: 3600}
	if *st != want {
		t.Errorf("status = %+v, want %+v", *st, want)
	}
}

func TestUsersListPersonas(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handleRaw(t, mux, "GET /api/v2/users/{id}/personas", "users/personas.json", func(r *http.Request, body []byte) {
		assert.Equal(t, "5835806903417907", r.PathValue("id"))
		assert.Empty(t, body, "GET sent a body")
		assert.Empty(t, r.URL.RawQuery, "query")
	})
	ps, err := c.Users.ListPersonas(context.Background(), 5835806903417907)
	require.NoError(t, err)
	want := []*Persona{
		{ID: 5835806903417907, Name: "Support Line", Type: "callcenter", CallerID: "+14155551001",
			ImageURL: "https://dialpad.example.com/avatar/persona/support.png", PhoneNumbers: []string{"+14155551001", "+14155551003"}},
		{ID: 4335858969377504, Name: "Sales", Type: "department", CallerID: "+14155551002", PhoneNumbers: []string{"+14155551002"}},
	}
	assert.Equal(t, want, ps)
}

func TestUsersGetCallerID(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handleRaw(t, mux, "GET /api/v2/users/{id}/caller_id", "users/caller_id.json", func(r *http.Request, body []byte) {
		assert.Equal(t, "5835806903417907", r.PathValue("id"))
		assert.Empty(t, body, "GET sent a body")
	})
	got, err := c.Users.GetCallerID(context.Background(), 5835806903417907)
	require.NoError(t, err)
	want := &CallerID{
		ID:                5835806903417907,
		CallerID:          "+14155551001",
		PrimaryPhone:      "+14155551001",
		OfficeMainLine:    "+14155551004",
		PhoneNumbers:      []string{"+14155551001", "+14155551002"},
		ForwardingNumbers: []string{"+14152301358"},
		Groups: []CallerIDGroup{
			{DisplayName: "Support Line", CallerID: "+14155551003"},
			{DisplayName: "Mock Office", CallerID: "+14155551004"},
		},
	}
	assert.Equal(t, want, got)
}

func TestUsersSetCallerID(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	var bodies [][]byte
	handleRaw(t, mux, "POST /api/v2/users/{id}/caller_id", "users/caller_id_blocked.json", func(r *http.Request, body []byte) {
		bodies = append(bodies, body)
	})
	ctx := context.Background()
	got, err := c.Users.SetCallerID(ctx, 5835806903417907, CallerIDBlocked)
	require.NoError(t, err)
	if _, err := c.Users.SetCallerID(ctx, 5835806903417907, "+14155551002"); err != nil {
		t.Fatal(err)
	}
	assertJSON(t, bodies[0], `{"caller_id": "blocked"}`)
	assertJSON(t, bodies[1], `{"caller_id": "+14155551002"}`)
	if got.ID != 5835806903417907 || got.CallerID != CallerIDBlocked || got.Groups != nil {
		t.Errorf("caller id = %+v", got)
	}
}

// TestUsersGetByEmailIgnoresLookalikes: a server user whose address
// differs only by a character Unicode folds to an ASCII letter (the Kelvin
// sign to k, the long s to s) is not the user asked for; ASCII case still
// does not matter.
func TestUsersGetByEmailIgnoresLookalikes(t *testing.T) {
	t.Parallel()
	api := newMockAPI(always(http.StatusOK,
		`{"items": [{"id": "1", "emails": ["\u212Aate@example.com"], "state": "active"},
		            {"id": "2", "emails": ["ro\u017Fa@example.com"], "state": "active"},
		            {"id": "3", "emails": ["Rosa@Example.com"], "state": "active"}]}`))
	c := fastMockClient(t, api)
	_, err := c.Users.GetByEmail(context.Background(), "kate@example.com")
	assert.ErrorIs(t, err, ErrNotFound)
	u, err := c.Users.GetByEmail(context.Background(), "rosa@example.com")
	require.NoError(t, err)
	assert.Equal(t, ID(3), u.ID)
}
