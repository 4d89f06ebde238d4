package dialpadtest_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func TestCoachingTeams(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	team := "/api/v2/coachingteams/" + id(dialpadtest.SeedCoachingTeamID)
	coachingTeamsListed(t, srv, team)
	coachingTeamMembers(t, srv, team)
}

// coachingTeamsListed gets the seeded team and pages through two teams.
func coachingTeamsListed(t *testing.T, srv *dialpadtest.Server, team string) {
	t.Helper()
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
}

// coachingTeamMembers pages through the team's members and adds one.
func coachingTeamMembers(t *testing.T, srv *dialpadtest.Server, team string) {
	t.Helper()
	// Members: paginated, with roles.
	members := func(q string) map[string]any { return send(t, srv, "GET", team+"/members"+q, nil).ok(t) }
	m := members("?limit=1")
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
