package mcpserver

import (
	"context"
	"strings"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	dt "github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// TestDialpadErrorsAreToolErrors: a Dialpad failure reaches the model as a
// tool error holding the SDK's one-line message, after the SDK's retries
// and no more.
func TestDialpadErrorsAreToolErrors(t *testing.T) {
	t.Run("404", func(t *testing.T) {
		h := newHarness(t, Options{})
		got := h.toolError(t, "dialpad_users_get", map[string]any{"id": "1"})
		if !strings.HasPrefix(got, "dialpad: GET /api/v2/users/1: 404 Not Found") {
			t.Errorf("got %q", got)
		}
	})
	t.Run("429 storm", func(t *testing.T) {
		h := newHarness(t, Options{}, dialpad.WithMaxRetries(3))
		if err := h.fake.FailNext("users.get", 100, 429); err != nil {
			t.Fatal(err)
		}
		got := h.toolError(t, "dialpad_users_get", map[string]any{"id": ada})
		want := "dialpad: GET /api/v2/users/" + ada + ": 429 Too Many Requests"
		if !strings.HasPrefix(got, want) || !strings.Contains(got, "(after 4 attempts)") {
			t.Errorf("got %q, want %q ... (after 4 attempts)", got, want)
		}
		if n := len(h.fake.Requests()); n != 4 {
			t.Errorf("%d requests, want 4 (one and three retries)", n)
		}
	})
	t.Run("503 on a POST is not repeated", func(t *testing.T) {
		h := newHarness(t, Options{})
		if err := h.fake.FailNext("users.create", 1, 503); err != nil {
			t.Fatal(err)
		}
		got := h.toolError(t, "dialpad_users_create", map[string]any{"email": "kj@example.com", "office_id": dt.SeedOfficeID})
		if !strings.HasPrefix(got, "dialpad: POST /api/v2/users: 503 Service Unavailable") {
			t.Errorf("got %q", got)
		}
		if n := len(h.fake.Requests()); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("wrong key", func(t *testing.T) {
		const wrongKey = "dpk_WRONG-9d2e7b"
		fake := dt.NewServer(dt.WithoutListener(), dt.WithAPIKey(testKey))
		t.Cleanup(fake.Close)
		client, err := dialpad.NewClient(wrongKey, dialpad.WithBaseURL(fake.URL), dialpad.WithHTTPClient(fake.Client()))
		if err != nil {
			t.Fatal(err)
		}
		h := &harness{fake: fake, session: connect(t, New(client, Options{}))}
		got := h.toolError(t, "dialpad_users_get", map[string]any{"id": ada})
		if !strings.Contains(got, "401 Unauthorized") || strings.Contains(got, wrongKey) {
			t.Errorf("got %q", got)
		}
	})
}

// TestBadInputIsAToolErrorNamingTheParameter: bad arguments are refused
// with a *dialpad.ValidationError's message naming the parameter (for a
// roster's records, the line and field too), and nothing is sent.
func TestBadInputIsAToolErrorNamingTheParameter(t *testing.T) {
	tests := []struct {
		tool string
		args map[string]any
		want string
	}{
		{"dialpad_users_get", map[string]any{"id": "me"}, `dialpad: invalid id: "me" is not supported`},
		{"dialpad_users_get", map[string]any{"id": "ME"}, `dialpad: invalid id: "me" is not supported`},
		{"dialpad_users_userdevices_list", map[string]any{"user_id": "me"}, `dialpad: invalid user_id: "me" is not supported`},
		{"dialpad_users_get", map[string]any{"id": "ada"}, `dialpad: invalid id: must be a Dialpad id (a positive whole number), got "ada"`},
		{"dialpad_users_get", map[string]any{"id": "-5"}, `dialpad: invalid id: must be a Dialpad id`},
		{"dialpad_users_get", map[string]any{"id": 42}, "dialpad: invalid id: want a string, got number"},
		{"dialpad_users_get", map[string]any{}, "dialpad: invalid id: required parameter is missing"},
		{"dialpad_users_get", map[string]any{"id": nil}, "dialpad: invalid id: required parameter is missing"},
		{"dialpad_users_get", map[string]any{"id": ada, "email": "x"}, `dialpad: invalid email: unknown parameter: this tool takes ["id"]`},
		{"dialpad_users_coaching_team_get", map[string]any{"id": "team"}, "dialpad: invalid id: want an integer"},
		{"dialpad_users_coaching_team_get", map[string]any{"id": 0}, "dialpad: invalid id: must be a Dialpad id (a positive whole number), got 0"},
		{"dialpad_users_coaching_team_get", map[string]any{"id": 1.5}, "dialpad: invalid id: want an integer"},
		{"dialpad_users_coaching_team_members_add", map[string]any{"id": 1001, "member_id": "me", "role": "coach"}, `dialpad: invalid member_id: "me" is not supported`},
		{"dialpad_users_update", map[string]any{"id": ada, "admin_office_ids": []int{-1}}, "dialpad: invalid admin_office_ids[0]: must be a Dialpad id"},
		{"dialpad_users_update", map[string]any{"id": ada, "emails": "ada@example.com"}, "dialpad: invalid emails: want an array"},
		{"dialpad_users_update", map[string]any{"id": ada, "state": "deleted"}, "dialpad: invalid state"},
		{"dialpad_users_update", map[string]any{"id": ada, "first_name": "Ada\nLovelace"}, "dialpad: invalid first_name"},
		{"dialpad_users_create", map[string]any{"email": "not-an-email", "office_id": dt.SeedOfficeID}, "dialpad: invalid email"},
		{"dialpad_users_create", map[string]any{"email": "kj@example.com", "office_id": dt.SeedOfficeID, "license": "gold"}, "dialpad: invalid license"},
		{"dialpad_users_caller_id_users_post", map[string]any{"id": ada, "caller_id": "12345"}, "dialpad: invalid caller_id"},
		{"dialpad_users_contacts_create", map[string]any{"first_name": "A", "last_name": "B", "trunk_group": "tg1"}, "dialpad: invalid trunk_group: deprecated"},
		{"dialpad_users_contacts_create", map[string]any{"first_name": "A", "last_name": "B", "phones": []string{"555-0100"}}, "dialpad: invalid phones[0]"},
		{"dialpad_users_initiate_call", map[string]any{"id": ada}, "dialpad: invalid phone_number"},
		{"dialpad_users_list", map[string]any{"state": "gone"}, "dialpad: invalid state"},
		{"dialpad_users_list", map[string]any{"number": "4155550101"}, "dialpad: invalid number"},
		{"dialpad_users_screen_pop_initiate", map[string]any{"id": dt.SeedAdminUserID, "screen_pop_uri": "https://u:p@crm.example/"}, "dialpad: invalid screen_pop_uri"},
		{"dialpad_users_move_office_patch", map[string]any{"id": ada}, "dialpad: invalid office_id"},
		{"dialpad_users_toggle_dnd", map[string]any{"id": ada, "do_not_disturb": "yes"}, "dialpad: invalid do_not_disturb: want a boolean"},
		{"dialpad_users_update_status", map[string]any{"id": dt.SeedAdminUserID, "expiration": -1}, "dialpad: invalid expiration"},
		{"dialpad_users_numbers_assign_user_number_post", map[string]any{"id": dt.SeedAdminUserID, "number": "+14155550103", "area_code": "415"}, "dialpad: invalid number"},
		{"dialpad_org_offices_operators_post", map[string]any{"id": dt.SeedOfficeID, "operator_id": dt.SeedAgentUserID, "operator_type": "robot"}, "dialpad: invalid operator_type"},
		{"dialpad_org_callcenters_operators_post", map[string]any{"id": dt.SeedCallCenterID, "user_id": dt.SeedAgentUserID, "skill_level": 101}, "dialpad: invalid skill_level"},
		{"dialpad_org_callcenters_operators_delete", map[string]any{"id": dt.SeedCallCenterID}, "dialpad: invalid user_id: required parameter is missing"},
		{"dialpad_org_departments_listall", map[string]any{"office_id": -3}, "dialpad: invalid office_id: must be a Dialpad id"},
		// The workflow tools: the records' rows are named by line and field.
		{"dialpad_roster_plan", map[string]any{}, "dialpad: invalid records: required parameter is missing"},
		{"dialpad_roster_plan", map[string]any{"records": rosterCSV, "format": "xml"}, `dialpad: invalid format: "xml"`},
		{"dialpad_roster_plan", map[string]any{"records": rosterCSV, "mode": "mirror"}, `dialpad: invalid mode: "mirror"`},
		{"dialpad_roster_plan", map[string]any{"records": rosterCSV, "max_removals": -1}, "dialpad: invalid max_removals"},
		{"dialpad_roster_plan", map[string]any{"records": "email,office\nnot-an-email,Headquarters\n"}, "dialpad: invalid records: roster: line 2"},
		{"dialpad_roster_plan", map[string]any{"records": "email,job_tilte\nkim@example.com,x\n"}, "dialpad: invalid records: roster: "},
		{"dialpad_roster_plan", map[string]any{"records": `[{"email": "kim@example.com", "office": 7}]`}, "dialpad: invalid records: roster: line 1"},
		{"dialpad_roster_plan", map[string]any{"records": "email,office\n", "mode": "sync"}, "roster: the roster is empty"},
		{"dialpad_roster_apply", map[string]any{}, "dialpad: invalid handle: required parameter is missing"},
		{"dialpad_roster_onboard", map[string]any{"email": "kim", "office": "Headquarters"}, "dialpad: invalid email"},
		{"dialpad_roster_onboard", map[string]any{"email": "kim@example.com"}, "dialpad: invalid office"},
		{"dialpad_roster_onboard", map[string]any{"email": "kim@example.com", "office": "Headquarters", "license": "gold"}, "dialpad: invalid license"},
		{"dialpad_roster_onboard", map[string]any{"email": "kim@example.com", "office": "Headquarters", "dry_run": "no"}, "dialpad: invalid dry_run: want a boolean"},
		{"dialpad_roster_onboard", map[string]any{"email": "kim@example.com", "office": "Headquarters", "state": "suspended"}, `dialpad: invalid state: "suspended": onboarding makes a user active`},
		{"dialpad_roster_offboard", map[string]any{"who": "me"}, `dialpad: invalid who: "me" is neither an email nor a user id`},
	}
	h := newHarness(t, Options{})
	for _, tt := range tests {
		got := h.toolError(t, tt.tool, tt.args)
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s(%v):\n got %q\nwant %q...", tt.tool, tt.args, got, tt.want)
		}
	}
	if reqs := h.fake.Requests(); len(reqs) > 0 {
		t.Errorf("bad input sent %d requests, the first %s %s", len(reqs), reqs[0].Method, reqs[0].Path)
	}
	if logs := h.logs.String(); strings.Count(logs, "tool call failed") != len(tests) || strings.Contains(logs, testKey) {
		t.Errorf("want one line per failed call and no key, got:\n%s", logs)
	}
}

// TestReadOnlyServesOnlyReadingTools: -read-only lists exactly the tools
// marked read-only (among the workflows, only dialpad_roster_plan), and no
// write tool can be called.
func TestReadOnlyServesOnlyReadingTools(t *testing.T) {
	all := listTools(t, newHarness(t, Options{}).session)
	ro := newHarness(t, Options{ReadOnly: true, PlanKey: testPlanKey})
	served := listTools(t, ro.session)
	var reads int
	for name, tool := range all {
		_, ok := served[name]
		if tool.Annotations.ReadOnlyHint {
			reads++
		}
		if ok != tool.Annotations.ReadOnlyHint {
			t.Errorf("%s: served %v, read-only %v", name, ok, tool.Annotations.ReadOnlyHint)
		}
	}
	if reads != 27 || len(served) != reads {
		t.Errorf("%d tools served of %d read-only ones, want 27 (26 operations and dialpad_roster_plan)", len(served), reads)
	}
	if served["dialpad_roster_plan"] == nil {
		t.Error("dialpad_roster_plan, which changes nothing, is not served")
	}
	// A handle from a server that may write, with the same plan key.
	rw := &harness{session: connect(t, New(ro.client, Options{PlanKey: testPlanKey}))}
	handle := handleOf(t, rw.ok(t, "dialpad_roster_plan", map[string]any{"records": rosterCSV}))
	ro.fake.ClearRequests()
	for name, args := range map[string]map[string]any{
		"dialpad_users_delete":    {"id": ada},
		"dialpad_roster_apply":    {"handle": handle},
		"dialpad_roster_onboard":  {"email": "kim@example.com", "office": "Headquarters", "dry_run": false},
		"dialpad_roster_offboard": {"who": grace, "dry_run": false},
	} {
		res, err := ro.session.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
		if err == nil && !res.IsError {
			t.Errorf("%s could be called in read-only mode", name)
		}
	}
	if _, ok := ro.fake.User(dt.SeedAdminUserID); !ok || len(ro.fake.Requests()) > 0 {
		t.Error("read-only mode sent a request for a write tool")
	}
}
