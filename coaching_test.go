package dialpad

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wantCoachingTeam is testdata/coaching/get.json (the spec's example)
// decoded.
var wantCoachingTeam = CoachingTeam{
	ID:                    1130,
	CompanyID:             123,
	OfficeID:              124,
	Name:                  "team_name2",
	Country:               "us",
	State:                 UserStateActive,
	AllowTraineeEavesdrop: true,
}

// wantCoachingMember is the member of the spec's example
// (testdata/coaching/add_member.json) decoded.
var wantCoachingMember = CoachingTeamMember{
	Role: CoachingRoleTrainee,
	User: User{
		ID:           1130,
		CompanyID:    123,
		OfficeID:     124,
		FirstName:    "テÉst",
		LastName:     "Bot",
		Emails:       []string{"test-email@test.com"},
		PhoneNumbers: []string{"+14155551006"},
		Country:      "us",
		Language:     "en",
		Timezone:     "US/Pacific",
		ImageURL:     "https://dialpad.example.com/avatar/user/ag5kZXZ-dWJlci12b2ljZXISCxILVXNlclByb2ZpbGUY6ggM.png?version=36c0561fb8e0f5765ccfb3a5316f6d5d",
		License:      LicenseTalk,
		State:        UserStateActive,
		IsAvailable:  true,
		DateAdded:    Timestamp{time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC)},
	},
}

func TestCoachingTeamsListPage(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/coachingteams", "coaching/list.json", func(r *http.Request, body map[string]any) {
		if got, want := r.URL.RawQuery, "limit=100"; got != want {
			t.Errorf("query = %q, want %q", got, want)
		}
		if body != nil {
			t.Errorf("GET sent a body: %v", body)
		}
	})
	page, err := c.CoachingTeams.ListPage(context.Background(), nil)
	require.NoError(t, err)
	if page.Cursor != "" || len(page.Items) != 2 {
		t.Fatalf("page = %+v", page)
	}
	want0 := wantCoachingTeam
	want0.ID, want0.Name = 1001, "team_name"
	assert.Equal(t, want0, *page.Items[0])
	assert.Equal(t, wantCoachingTeam, *page.Items[1])
}

func TestCoachingTeamsListPageCursorAndLimit(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/coachingteams", "coaching/list_page2.json", func(r *http.Request, _ map[string]any) {
		q := r.URL.Query()
		if len(q) != 2 || q.Get("limit") != "10" || q.Get("cursor") != "Y3Vyc29yOnRlYW1zOjI=" {
			t.Errorf("query = %q", r.URL.RawQuery)
		}
	})
	opts := &ListOptions{Cursor: "Y3Vyc29yOnRlYW1zOjI=", Limit: 10}
	page, err := c.CoachingTeams.ListPage(context.Background(), opts)
	require.NoError(t, err)
	want := CoachingTeam{
		ID: 1207, CompanyID: 123, OfficeID: 125, Name: "Support Onboarding",
		TeamDescription: "New support hires and their coaches", Country: "ca",
		State: UserStateActive, PhoneNumbers: []string{"+16045550142"}, RingSeconds: 30,
	}
	if page.Cursor != "" || len(page.Items) != 1 || !reflect.DeepEqual(*page.Items[0], want) {
		t.Errorf("page = %+v, items[0] = %+v", page, page.Items[0])
	}
}

func TestCoachingTeamsListAllPages(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	queries := servePages(t, mux, "GET /api/v2/coachingteams", map[string]string{
		"":                     "coaching/list_page1.json",
		"Y3Vyc29yOnRlYW1zOjI=": "coaching/list_page2.json",
	})
	var ids []ID
	for team, err := range c.CoachingTeams.List(context.Background(), nil) {
		require.NoError(t, err)
		ids = append(ids, team.ID)
	}
	assert.Equal(t, []ID{1001, 1130, 1207}, ids)
	assert.Equal(t, []string{"limit=100", "cursor=Y3Vyc29yOnRlYW1zOjI%3D&limit=100"}, queries())
}

func TestCoachingTeamsGet(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/coachingteams/{id}", "coaching/get.json", func(r *http.Request, body map[string]any) {
		if id := r.PathValue("id"); id != "1130" {
			t.Errorf("id = %q", id)
		}
		if r.URL.RawQuery != "" || body != nil {
			t.Errorf("query %q, body %v: want neither", r.URL.RawQuery, body)
		}
	})
	got, err := c.CoachingTeams.Get(context.Background(), 1130)
	require.NoError(t, err)
	assert.Equal(t, wantCoachingTeam, *got)
}

func TestCoachingTeamsListMembersOnePage(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/coachingteams/{id}/members", "coaching/members.json", func(r *http.Request, _ map[string]any) {
		if id := r.PathValue("id"); id != "1130" {
			t.Errorf("id = %q", id)
		}
		if got, want := r.URL.RawQuery, "limit=100"; got != want {
			t.Errorf("query = %q, want %q", got, want)
		}
	})
	got, err := c.CoachingTeams.ListMembers(context.Background(), 1130)
	require.NoError(t, err)
	if len(got) != 1 || !reflect.DeepEqual(*got[0], wantCoachingMember) {
		t.Errorf("got %d members: %+v\nwant %+v", len(got), got, wantCoachingMember)
	}
}

func TestCoachingTeamsListMembersAllPages(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	var queries []string
	mux.HandleFunc("GET /api/v2/coachingteams/{id}/members", func(w http.ResponseWriter, r *http.Request) {
		if id := r.PathValue("id"); id != "2260" {
			t.Errorf("id = %q", id)
		}
		queries = append(queries, r.URL.RawQuery)
		cursor := r.URL.Query().Get("cursor")
		switch cursor {
		case "":
			serveJSON(t, w, http.StatusOK, "coaching/members_page1.json")
		case "Y3Vyc29yOm1lbWJlcnM6Mg==":
			serveJSON(t, w, http.StatusOK, "coaching/members_page2.json")
		default:
			t.Errorf("unexpected cursor %q", cursor)
			http.NotFound(w, r)
		}
	})
	got, err := c.CoachingTeams.ListMembers(context.Background(), 2260)
	require.NoError(t, err)
	assert.Equal(t, []string{"limit=100", "cursor=Y3Vyc29yOm1lbWJlcnM6Mg%3D%3D&limit=100"}, queries)
	if len(got) != 3 {
		t.Fatalf("got %d members, want 3", len(got))
	}
	assert.Equal(t, wantCoachingMember, *got[0])
	coach := got[1]
	if coach.ID != 5835806903417907 || coach.Role != CoachingRoleCoach || coach.License != LicenseAgents ||
		!reflect.DeepEqual(coach.AdminOfficeIDs, []ID{124}) ||
		!reflect.DeepEqual(coach.ForwardingNumbers, []string{"+14155550199"}) ||
		coach.Extension != "201" || coach.JobTitle != "Support Lead" || coach.Location != "San Francisco" ||
		coach.StatusMessage != "Coaching" || !coach.IsAdmin ||
		!coach.DateActive.Equal(time.Date(2021, 6, 20, 19, 18, 0, 0, time.UTC)) ||
		!coach.DateFirstLogin.Equal(time.Date(2021, 6, 21, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("got[1] = %+v", coach)
	}
	if got[2].ID != 6047190138274816 || got[2].Role != CoachingRoleTrainee || got[2].FirstName != "Grace" {
		t.Errorf("got[2] = %+v", got[2])
	}
}

func TestCoachingTeamsListMembersCursorLoop(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	calls := 0
	mux.HandleFunc("GET /api/v2/coachingteams/{id}/members", func(w http.ResponseWriter, r *http.Request) {
		calls++
		serveJSON(t, w, http.StatusOK, "coaching/members_page1.json") // always hands back the same cursor
	})
	got, err := c.CoachingTeams.ListMembers(context.Background(), 2261)
	require.ErrorIs(t, err, ErrCursorLoop)
	require.Nil(t, got)
	if calls != 2 {
		t.Errorf("server saw %d requests, want 2", calls)
	}
}

func TestCoachingTeamsListMembersError(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	mux.HandleFunc("GET /api/v2/coachingteams/{id}/members", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("cursor") == "" {
			serveJSON(t, w, http.StatusOK, "coaching/members_page1.json")
			return
		}
		http.Error(w, `{"error": {"message": "gone"}}`, http.StatusNotFound)
	})
	got, err := c.CoachingTeams.ListMembers(context.Background(), 2262)
	require.ErrorIs(t, err, ErrNotFound)
	require.Nil(t, got, "members with the error")
}

func TestCoachingTeamsAddMember(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "POST /api/v2/coachingteams/{id}/members", "coaching/add_member.json", func(r *http.Request, body map[string]any) {
		if id := r.PathValue("id"); id != "1130" {
			t.Errorf("id = %q", id)
		}
		assert.Equal(t, map[string]any{"member_id": "1130", "role": "trainee"}, body)
		if r.URL.RawQuery != "" {
			t.Errorf("query = %q", r.URL.RawQuery)
		}
	})
	got, err := c.CoachingTeams.AddMember(context.Background(), 1130,
		&AddCoachingTeamMemberRequest{MemberID: 1130, Role: CoachingRoleTrainee})
	require.NoError(t, err)
	assert.Equal(t, wantCoachingMember, *got)
}

func TestCoachingTeamUnmarshalNumbers(t *testing.T) {
	t.Parallel()
	var team CoachingTeam
	require.NoError(t, json.Unmarshal([]byte(`{"id": 1130, "company_id": 123, "office_id": "124", "ring_seconds": 25, "state": "suspended"}`), &team))
	if team.ID != 1130 || team.CompanyID != 123 || team.OfficeID != 124 || team.RingSeconds != 25 || team.State != UserStateSuspended {
		t.Errorf("team = %+v", team)
	}
	var m CoachingTeamMember
	require.NoError(t, json.Unmarshal([]byte(`{"id": 7, "company_id": "8", "office_id": 9, "admin_office_ids": [10, "11"], "role": "coach", "date_added": null}`), &m))
	if m.ID != 7 || m.CompanyID != 8 || m.OfficeID != 9 || !reflect.DeepEqual(m.AdminOfficeIDs, []ID{10, 11}) || m.Role != CoachingRoleCoach || !m.DateAdded.IsZero() {
		t.Errorf("member = %+v", m)
	}
	if err := json.Unmarshal([]byte(`{"id": "x1"}`), &team); err == nil {
		t.Error("a non-numeric id decoded without error")
	}
}

func TestCoachingTeamsValidation(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t) // no handlers: any request fails the test
	ctx := context.Background()
	ok := &AddCoachingTeamMemberRequest{MemberID: 5835806903417907, Role: CoachingRoleCoach}
	add := func(id ID, r *AddCoachingTeamMemberRequest) func() error {
		return func() error { _, err := c.CoachingTeams.AddMember(ctx, id, r); return err }
	}
	assertAllInvalid(t, []invalidCall{
		{"get zero id", "id", func() error { _, err := c.CoachingTeams.Get(ctx, 0); return err }},
		{"get negative id", "id", func() error { _, err := c.CoachingTeams.Get(ctx, -5); return err }},
		{"members zero id", "id", func() error { _, err := c.CoachingTeams.ListMembers(ctx, 0); return err }},
		{"members negative id", "id", func() error { _, err := c.CoachingTeams.ListMembers(ctx, -1); return err }},
		{"add zero id", "id", add(0, ok)},
		{"add negative id", "id", add(-1130, ok)},
		{"add nil", "request", add(1130, nil)},
		{"add no member", "member_id", add(1130, &AddCoachingTeamMemberRequest{Role: CoachingRoleCoach})},
		{"add negative member", "member_id", add(1130, &AddCoachingTeamMemberRequest{MemberID: -1, Role: CoachingRoleCoach})},
		{"add no role", "role", add(1130, &AddCoachingTeamMemberRequest{MemberID: 1})},
		{"add unknown role", "role", add(1130, &AddCoachingTeamMemberRequest{MemberID: 1, Role: "supervisor"})},
		{"list limit", "limit", func() error { _, err := c.CoachingTeams.ListPage(ctx, &ListOptions{Limit: 101}); return err }},
		{"iterate limit", "limit", func() error {
			for _, err := range c.CoachingTeams.List(ctx, &ListOptions{Limit: -1}) {
				return err
			}
			return nil
		}},
	})
}
