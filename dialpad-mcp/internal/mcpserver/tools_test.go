package mcpserver

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	dt "github.com/dialpad-community/dialpad-go/dialpadtest"
)

// Ids of the default seed, as the listing's string-typed id parameters
// take them.
var (
	ada   = fmt.Sprint(dt.SeedAdminUserID)
	grace = fmt.Sprint(dt.SeedAgentUserID)
	alan  = fmt.Sprint(dt.SeedSuspendedUserID)
)

// toolCase calls one tool against a fresh seeded company and checks what
// it returned and what the company looks like afterwards.
type toolCase struct {
	name  string
	setup func(t *testing.T, fake *dt.Server)
	args  map[string]any
	// argsFrom, when set, makes the arguments with the harness (a handle
	// from the same server); the requests it sends are not counted.
	argsFrom func(t *testing.T, h *harness) map[string]any
	check    func(t *testing.T, fake *dt.Server, out map[string]any)
}

// eq fails the test unless got and want print alike (a JSON number, an
// id, a string).
func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// list returns the items of a list result.
func list(t *testing.T, out map[string]any) []map[string]any {
	t.Helper()
	raw, ok := out["items"].([]any)
	if !ok {
		t.Fatalf("no items in %v", out)
	}
	items := make([]map[string]any, len(raw))
	for i, v := range raw {
		items[i] = v.(map[string]any)
	}
	return items
}

// only returns the one item of a list result, and fails the test when
// there are more or none.
func only(t *testing.T, out map[string]any) map[string]any {
	t.Helper()
	items := list(t, out)
	if len(items) != 1 {
		t.Fatalf("%d items, want one: %v", len(items), items)
	}
	return items[0]
}

// user returns the fake's user of that id, and fails the test when there
// is none.
func user(t *testing.T, fake *dt.Server, id dialpad.ID) dt.User {
	t.Helper()
	u, ok := fake.User(id)
	if !ok {
		t.Fatalf("user %d not found", id)
	}
	return u
}

// everyToolCase is a call of every tool with its check, in three tables
// (users A-E, users G-U, organization and roster) to keep each readable.
func everyToolCase() []toolCase {
	return slices.Concat(userToolCasesAE(), userToolCasesGU(), orgAndRosterToolCases())
}

func userToolCasesAE() []toolCase {
	return []toolCase{
		{name: "dialpad_users_agentgroup_get", args: map[string]any{"id": fmt.Sprint(dt.SeedAgentGroupID)},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "name", out["name"], "Support") }},
		{name: "dialpad_users_caller_id_users_get", args: map[string]any{"id": ada},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "id", out["id"], ada) }},
		{name: "dialpad_users_caller_id_users_post", args: map[string]any{"id": ada, "caller_id": dt.SeedOfficeMainLine},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				eq(t, "caller_id", out["caller_id"], dt.SeedOfficeMainLine)
				eq(t, "stored caller id", user(t, fake, dt.SeedAdminUserID).CallerID, dt.SeedOfficeMainLine)
			}},
		{name: "dialpad_users_coaching_team_get", args: map[string]any{"id": dt.SeedCoachingTeamID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "name", out["name"], "Sales Coaching") }},
		{name: "dialpad_users_coaching_team_listall", args: map[string]any{},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) {
				eq(t, "teams", len(list(t, out)), 1)
				eq(t, "cursor", out["cursor"], "")
			}},
		{name: "dialpad_users_coaching_team_members_add", args: map[string]any{"id": dt.SeedCoachingTeamID, "member_id": alan, "role": "trainee"},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) {
				eq(t, "id", out["id"], alan)
				eq(t, "role", out["role"], "trainee")
			}},
		{name: "dialpad_users_coaching_team_members_get", args: map[string]any{"id": dt.SeedCoachingTeamID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "members", len(list(t, out)), 2) }},
		{name: "dialpad_users_contacts_create",
			args: map[string]any{"first_name": "Kim", "last_name": "Lee", "phones": []string{"+12065550100"}, "owner_id": grace},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				eq(t, "type", out["type"], "local")
				c, ok := fake.Contact(fmt.Sprint(out["id"]))
				if !ok || c.OwnerID != dt.SeedAgentUserID || c.FirstName != "Kim" {
					t.Errorf("stored contact %+v (found %v)", c, ok)
				}
			}},
		{name: "dialpad_users_contacts_create_with_uid", args: map[string]any{"uid": "crm-1", "first_name": "Kim", "last_name": "Lee"},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				eq(t, "id", out["id"], "shared_uid_crm-1")
				if _, ok := fake.Contact("shared_uid_crm-1"); !ok {
					t.Error("contact not stored")
				}
			}},
		{name: "dialpad_users_contacts_delete", args: map[string]any{"id": dt.SeedSharedContactID},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				eq(t, "id", out["id"], dt.SeedSharedContactID)
				if _, ok := fake.Contact(dt.SeedSharedContactID); ok {
					t.Error("contact still there")
				}
			}},
		{name: "dialpad_users_contacts_get", args: map[string]any{"id": dt.SeedLocalContactID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "first_name", out["first_name"], "Bob") }},
		{name: "dialpad_users_contacts_list", args: map[string]any{"owner_id": grace},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) {
				eq(t, "Grace's contact", only(t, out)["id"], dt.SeedLocalContactID)
			}},
		{name: "dialpad_users_contacts_update", args: map[string]any{"id": dt.SeedSharedContactID, "job_title": "Head Buyer", "urls": []string{}},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				c, _ := fake.Contact(dt.SeedSharedContactID)
				eq(t, "stored job title", c.JobTitle, "Head Buyer")
				eq(t, "stored urls", len(c.URLs), 0)
			}},
		{name: "dialpad_users_create",
			args: map[string]any{"email": "kj@example.com", "office_id": dt.SeedOfficeID, "first_name": "Katherine", "license": "talk", "auto_assign": true},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				u := user(t, fake, dialpad.ID(mustID(t, out["id"])))
				eq(t, "stored email", u.Emails, []string{"kj@example.com"})
				eq(t, "numbers", len(u.PhoneNumbers), 1)
			}},
		{name: "dialpad_users_delete", args: map[string]any{"id": alan},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				eq(t, "stored state", user(t, fake, dt.SeedSuspendedUserID).State, "deleted")
			}},
		{name: "dialpad_users_deskphones_users_delete", args: map[string]any{"id": dt.SeedAdminDeskPhoneID, "parent_id": dt.SeedAdminUserID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) {
				eq(t, "deleted", out["deleted"], true)
				eq(t, "id", out["id"], dt.SeedAdminDeskPhoneID)
			}},
		{name: "dialpad_users_deskphones_users_get", args: map[string]any{"id": dt.SeedAdminDeskPhoneID, "parent_id": dt.SeedAdminUserID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "id", out["id"], dt.SeedAdminDeskPhoneID) }},
		{name: "dialpad_users_deskphones_users_list", args: map[string]any{"parent_id": dt.SeedAdminUserID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "phones", len(list(t, out)), 1) }},
		{name: "dialpad_users_e911_get", args: map[string]any{"id": dt.SeedAdminUserID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "city", out["city"], "San Ramon") }},
		{name: "dialpad_users_e911_update",
			args: map[string]any{"id": dt.SeedAgentUserID, "address": "1 Main St", "city": "Denver", "state": "co", "zip": "80202", "country": "us"},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				eq(t, "city", out["city"], "Denver")
				if u := user(t, fake, dt.SeedAgentUserID); u.E911 == nil || u.E911.City != "Denver" {
					t.Errorf("stored E911 %+v", u.E911)
				}
			}},
	}
}

func userToolCasesGU() []toolCase {
	return []toolCase{
		{name: "dialpad_users_get", args: map[string]any{"id": ada},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) {
				eq(t, "id", out["id"], ada)
				eq(t, "first_name", out["first_name"], "Ada")
			}},
		{name: "dialpad_users_initiate_call", args: map[string]any{"id": ada, "phone_number": "+12065550123", "custom_data": "ticket 7"},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				calls := fake.InitiatedCalls()
				if len(calls) != 1 || calls[0].UserID != dt.SeedAdminUserID || calls[0].PhoneNumber != "+12065550123" || calls[0].CustomData != "ticket 7" {
					t.Errorf("initiated calls %+v", calls)
				}
			}},
		{name: "dialpad_users_list", args: map[string]any{"state": "suspended"},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) {
				eq(t, "the suspended user", only(t, out)["id"], alan)
			}},
		{name: "dialpad_users_move_office_patch", args: map[string]any{"id": alan, "office_id": dt.SeedBranchOfficeID},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				eq(t, "office_id", out["office_id"], dt.SeedBranchOfficeID)
				eq(t, "stored office", user(t, fake, dt.SeedSuspendedUserID).OfficeID, dt.SeedBranchOfficeID)
			}},
		{name: "dialpad_users_numbers_assign_user_number_post", args: map[string]any{"id": dt.SeedAgentUserID, "area_code": "646"},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				n, ok := fake.Number(fmt.Sprint(out["number"]))
				if !ok || n.TargetID != dt.SeedAgentUserID || !strings.HasPrefix(n.Number, "+1646") {
					t.Errorf("stored number %+v (found %v)", n, ok)
				}
			}},
		{name: "dialpad_users_numbers_user_unassign_number_post", args: map[string]any{"id": dt.SeedAdminUserID, "number": dt.SeedAdminNumber},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				n, _ := fake.Number(dt.SeedAdminNumber)
				eq(t, "stored status", n.Status, "available")
			}},
		{name: "dialpad_users_personas_get", args: map[string]any{"id": ada},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "personas", len(list(t, out)), 1) }},
		{name: "dialpad_users_screen_pop_initiate", args: map[string]any{"id": dt.SeedAdminUserID, "screen_pop_uri": "https://crm.example/c/1"},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) {
				if _, ok := out["device"].(map[string]any); !ok {
					t.Errorf("no device in %v", out)
				}
			}},
		{name: "dialpad_users_toggle_call_vi", args: map[string]any{"id": dt.SeedAdminUserID, "enable_vi": true, "vi_locale": "en-us"},
			setup: func(t *testing.T, fake *dt.Server) {
				if _, err := fake.SetActiveCall(dt.SeedAdminUserID, dt.ActiveCall{CallAI: true}); err != nil {
					t.Fatal(err)
				}
			},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				eq(t, "enable_vi", out["enable_vi"], true)
				c, _ := fake.ActiveCall(dt.SeedAdminUserID)
				eq(t, "stored VI", c.VIEnabled, true)
			}},
		{name: "dialpad_users_toggle_dnd", args: map[string]any{"id": grace, "do_not_disturb": true},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				eq(t, "do_not_disturb", out["do_not_disturb"], true)
				eq(t, "stored DND", user(t, fake, dt.SeedAgentUserID).DoNotDisturb, true)
			}},
		{name: "dialpad_users_update",
			args: map[string]any{"id": grace, "job_title": "Lead", "admin_office_ids": []dialpad.ID{dt.SeedOfficeID}, "presence_status": map[string]any{"message": "On a break"}},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				u := user(t, fake, dt.SeedAgentUserID)
				eq(t, "stored job title", u.JobTitle, "Lead")
				eq(t, "stored admin offices", u.AdminOfficeIDs, []dialpad.ID{dt.SeedOfficeID})
			}},
		{name: "dialpad_users_update_active_call", args: map[string]any{"id": dt.SeedAdminUserID, "is_recording": true},
			setup: func(t *testing.T, fake *dt.Server) {
				if _, err := fake.SetActiveCall(dt.SeedAdminUserID, dt.ActiveCall{}); err != nil {
					t.Fatal(err)
				}
			},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				c, _ := fake.ActiveCall(dt.SeedAdminUserID)
				eq(t, "stored recording", c.IsRecording, true)
			}},
		{name: "dialpad_users_update_status", args: map[string]any{"id": dt.SeedAdminUserID, "status_message": "At lunch", "expiration": 3600},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				eq(t, "stored status", user(t, fake, dt.SeedAdminUserID).StatusMessage, "At lunch")
			}},
		{name: "dialpad_users_userdevices_get", args: map[string]any{"id": dt.SeedAgentDeviceID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "user_id", out["user_id"], grace) }},
		{name: "dialpad_users_userdevices_list", args: map[string]any{"user_id": ada},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) {
				eq(t, "Ada's device", only(t, out)["id"], dt.SeedAdminDeviceID)
			}},
	}
}

func orgAndRosterToolCases() []toolCase {
	return []toolCase{
		{name: "dialpad_org_offices_list", args: map[string]any{"active_only": true},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "offices", len(list(t, out)), 2) }},
		{name: "dialpad_org_offices_get", args: map[string]any{"id": dt.SeedOfficeID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "name", out["name"], "Headquarters") }},
		{name: "dialpad_org_plan_available_licenses_get", args: map[string]any{"office_id": dt.SeedOfficeID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) {
				eq(t, "talk_lines", out["talk_lines"], 8)
				eq(t, "sell_lines", out["sell_lines"], 1)
			}},
		{name: "dialpad_org_plan_get", args: map[string]any{"office_id": dt.SeedOfficeID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) {
				eq(t, "talk_lines", out["talk_lines"], 10)
				eq(t, "fax_lines", out["fax_lines"], 1)
			}},
		{name: "dialpad_org_offices_operators_get", args: map[string]any{"id": dt.SeedOfficeID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "operators", len(out["users"].([]any)), 2) }},
		{name: "dialpad_org_offices_operators_post", args: map[string]any{"id": dt.SeedBranchOfficeID, "operator_id": dt.SeedAdminUserID, "operator_type": "user"},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				o, _ := fake.Office(dt.SeedBranchOfficeID)
				eq(t, "stored operators", len(o.Operators), 1)
			}},
		{name: "dialpad_org_offices_operators_delete", args: map[string]any{"id": dt.SeedOfficeID, "operator_id": dt.SeedAgentUserID, "operator_type": "user"},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				o, _ := fake.Office(dt.SeedOfficeID)
				eq(t, "stored operators", len(o.Operators), 1)
			}},
		{name: "dialpad_org_callcenters_listall", args: map[string]any{"office_id": dt.SeedOfficeID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "call centers", len(list(t, out)), 1) }},
		{name: "dialpad_org_callcenters_get", args: map[string]any{"id": dt.SeedCallCenterID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "name", out["name"], "Support") }},
		{name: "dialpad_org_callcenters_operators_get", args: map[string]any{"id": dt.SeedCallCenterID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "operators", len(out["users"].([]any)), 2) }},
		{name: "dialpad_org_callcenters_operators_post", args: map[string]any{"id": dt.SeedBranchCallCenterID, "user_id": dt.SeedAgentUserID, "skill_level": 80},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				c, _ := fake.CallCenter(dt.SeedBranchCallCenterID)
				if len(c.Operators) != 1 || c.Operators[0].UserID != dt.SeedAgentUserID || c.Operators[0].SkillLevel != 80 {
					t.Errorf("stored operators %+v", c.Operators)
				}
			}},
		{name: "dialpad_org_callcenters_operators_delete", args: map[string]any{"id": dt.SeedCallCenterID, "user_id": dt.SeedAgentUserID},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				c, _ := fake.CallCenter(dt.SeedCallCenterID)
				eq(t, "stored operators", len(c.Operators), 1)
			}},
		{name: "dialpad_org_departments_listall", args: map[string]any{"name_search": "sal"},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "departments", len(list(t, out)), 1) }},
		{name: "dialpad_org_departments_get", args: map[string]any{"id": dt.SeedDepartmentID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "name", out["name"], "Sales") }},
		{name: "dialpad_org_departments_operators_get", args: map[string]any{"id": dt.SeedDepartmentID},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) { eq(t, "operators", len(out["users"].([]any)), 2) }},
		{name: "dialpad_org_departments_operators_post",
			args: map[string]any{"id": dt.SeedBranchDepartmentID, "operator_id": dt.SeedAgentUserID, "operator_type": "user", "role": "admin"},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				d, _ := fake.Department(dt.SeedBranchDepartmentID)
				if len(d.Operators) != 1 || d.Operators[0].Role != "admin" {
					t.Errorf("stored operators %+v", d.Operators)
				}
			}},
		{name: "dialpad_org_departments_operators_delete", args: map[string]any{"id": dt.SeedDepartmentID, "operator_id": dt.SeedSuspendedUserID, "operator_type": "user"},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				d, _ := fake.Department(dt.SeedDepartmentID)
				eq(t, "stored operators", len(d.Operators), 1)
			}},

		{name: "dialpad_roster_plan", args: map[string]any{"records": rosterCSV},
			check: func(t *testing.T, _ *dt.Server, out map[string]any) {
				eq(t, "changes", out["changes"], 2)
				handleOf(t, out)
			}},
		{name: "dialpad_roster_apply",
			argsFrom: func(t *testing.T, h *harness) map[string]any {
				return map[string]any{"handle": handleOf(t, h.ok(t, "dialpad_roster_plan", map[string]any{"records": rosterCSV}))}
			},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				eq(t, "done", out["done"], 3)
				eq(t, "stored job title", user(t, fake, dt.SeedAgentUserID).JobTitle, "Lead Agent")
			}},
		{name: "dialpad_roster_onboard", args: map[string]any{"email": "kim@example.com", "office": "Headquarters", "dry_run": false},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				eq(t, "done", out["done"], 1)
				if r, _ := out["report"].(string); !strings.Contains(r, "done     create kim@example.com") {
					t.Errorf("report:\n%s", r)
				}
			}},
		{name: "dialpad_roster_offboard", args: map[string]any{"who": "grace@example.com", "delete": true, "dry_run": false},
			check: func(t *testing.T, fake *dt.Server, out map[string]any) {
				eq(t, "failed", out["failed"], 0)
				eq(t, "stored state", user(t, fake, dt.SeedAgentUserID).State, "deleted")
			}},
	}
}

func mustID(t *testing.T, v any) int64 {
	t.Helper()
	id, err := dialpad.ParseID(fmt.Sprint(v))
	if err != nil {
		t.Fatal(err)
	}
	return int64(id)
}

// TestEveryTool calls each served tool over the in-memory MCP transport
// against a fresh dialpadtest company and checks its result and its
// effect. It also holds the annotations to what the tool sent: a read-only
// tool sends only GETs, any other tool sends a write, and a tool that
// sends a DELETE is marked destructive.
func TestEveryTool(t *testing.T) {
	served := listTools(t, newHarness(t, Options{}).session)
	tested := map[string]bool{}
	for _, tc := range everyToolCase() {
		tested[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, Options{})
			if tc.setup != nil {
				tc.setup(t, h.fake)
			}
			args := tc.args
			if tc.argsFrom != nil {
				args = tc.argsFrom(t, h)
				h.fake.ClearRequests()
			}
			tc.check(t, h.fake, h.ok(t, tc.name, args))

			tool := served[tc.name]
			if tool == nil {
				t.Fatal("not served")
			}
			reqs := h.fake.Requests()
			if len(reqs) == 0 {
				t.Fatal("sent nothing")
			}
			var writes, deletes int
			for _, r := range reqs {
				if r.Method != http.MethodGet {
					writes++
				}
				if r.Method == http.MethodDelete {
					deletes++
				}
			}
			a := tool.Annotations
			switch {
			case a.ReadOnlyHint && writes > 0:
				t.Errorf("marked read-only but sent %d writes", writes)
			case !a.ReadOnlyHint && writes == 0:
				t.Errorf("not marked read-only but sent only GETs")
			case !a.ReadOnlyHint && a.DestructiveHint == nil:
				t.Errorf("a write tool must say whether it is destructive")
			case deletes > 0 && !*a.DestructiveHint:
				t.Errorf("sent a DELETE but is not marked destructive")
			}
		})
	}
	for name := range served {
		if !tested[name] {
			t.Errorf("%s: served but not tested", name)
		}
	}
	if len(tested) != len(served) {
		t.Errorf("tested %d tools, %d served", len(tested), len(served))
	}
}
