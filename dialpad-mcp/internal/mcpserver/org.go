package mcpserver

import (
	"context"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// The 17 organization operations (spec/dialpad-org-v2.openapi.json), named
// as the hosted server names its tools: a prefix, then the operationId with
// its dots as underscores. The prefix is dialpad_org_, after the spec they
// come from, so that dialpad_users_ keeps meaning the hosted server's 35.
// Every id here is an integer, as the spec types it.

// Inputs of the organization tools.
type (
	listOfficesInput struct {
		Cursor     string `json:"cursor,omitempty"`
		ActiveOnly bool   `json:"active_only,omitempty"`
	}
	byOfficeID struct {
		OfficeID dialpad.ID `json:"office_id"`
	}
	listGroupsInput struct {
		Cursor     string     `json:"cursor,omitempty"`
		OfficeID   dialpad.ID `json:"office_id,omitempty"`
		NameSearch string     `json:"name_search,omitempty"`
	}
	addOperatorInput struct {
		ID dialpad.ID `json:"id"`
		dialpad.AddOperatorRequest
	}
	removeOperatorInput struct {
		ID dialpad.ID `json:"id"`
		dialpad.RemoveOperatorRequest
	}
	addCallCenterOperatorInput struct {
		ID dialpad.ID `json:"id"`
		dialpad.AddCallCenterOperatorRequest
	}
	removeCallCenterOperatorInput struct {
		ID     dialpad.ID `json:"id"`
		UserID dialpad.ID `json:"user_id"`
	}
)

// Parameter descriptions of the organization tools.
const (
	descOfficeID     = "The office's numeric id."
	descCallCenterID = "The call center's numeric id."
	descDepartmentID = "The department's numeric id."
	descOperatorID   = "The numeric id of the user (or room) who answers."
	descOperatorType = "\"user\" or \"room\"."
	descOfficeFilter = "List only the groups of this office (numeric id)."
	descNameSearch   = "List only the groups whose name contains this text (any case)."
)

func orgTools() []toolDef {
	return []toolDef{
		define(spec{name: "dialpad_org_offices_list", title: "Office — List", kind: reads,
			description: "Lists the company's offices, one page at a time; the result's cursor fetches the next page. Dialpad API: GET /api/v2/offices.",
			params:      map[string]string{"cursor": descCursor, "active_only": "List only active offices."}},
			func(ctx context.Context, c *dialpad.Client, in *listOfficesInput) (any, error) {
				return c.Offices.ListPage(ctx, &dialpad.OfficeListOptions{ListOptions: dialpad.ListOptions{Cursor: in.Cursor},
					ActiveOnly: in.ActiveOnly})
			}),
		define(spec{name: "dialpad_org_offices_get", title: "Office — Get", kind: reads,
			description: "Reads one office by id. Dialpad API: GET /api/v2/offices/{id}.",
			params:      map[string]string{"id": descOfficeID}},
			func(ctx context.Context, c *dialpad.Client, in *byID) (any, error) {
				return c.Offices.Get(ctx, in.ID)
			}),
		define(spec{name: "dialpad_org_plan_available_licenses_get", title: "Licenses — List Available", kind: reads,
			description: "Counts an office's free seats of each license and its free lines, which creating a user or changing a license needs. Dialpad API: GET /api/v2/offices/{office_id}/available_licenses.",
			params:      map[string]string{"office_id": descOfficeID}},
			func(ctx context.Context, c *dialpad.Client, in *byOfficeID) (any, error) {
				return c.Offices.AvailableLicenses(ctx, in.OfficeID)
			}),
		define(spec{name: "dialpad_org_plan_get", title: "Billing Plan — Get", kind: reads,
			description: "Reads an office's billing plan: its lines of each kind, balance and next billing date. Dialpad API: GET /api/v2/offices/{office_id}/plan.",
			params:      map[string]string{"office_id": descOfficeID}},
			func(ctx context.Context, c *dialpad.Client, in *byOfficeID) (any, error) {
				return c.Offices.GetPlan(ctx, in.OfficeID)
			}),
		define(spec{name: "dialpad_org_offices_operators_get", title: "Office Operators — List", kind: reads,
			description: "Lists the users and rooms that answer an office's main line. Dialpad API: GET /api/v2/offices/{id}/operators.",
			params:      map[string]string{"id": descOfficeID}},
			func(ctx context.Context, c *dialpad.Client, in *byID) (any, error) {
				return c.Offices.ListOperators(ctx, in.ID)
			}),
		define(spec{name: "dialpad_org_offices_operators_post", title: "Office Operator — Add", kind: sets,
			description: "Makes a user or room answer an office's main line (one already there takes the new role). Dialpad API: POST /api/v2/offices/{id}/operators.",
			params: map[string]string{"id": descOfficeID, "operator_id": descOperatorID, "operator_type": descOperatorType,
				"role": "\"operator\" (the default) or \"admin\"."}},
			func(ctx context.Context, c *dialpad.Client, in *addOperatorInput) (any, error) {
				return c.Offices.AddOperator(ctx, in.ID, &in.AddOperatorRequest)
			}),
		define(spec{name: "dialpad_org_offices_operators_delete", title: "Office Operator — Remove", kind: overwrites,
			description: "Stops a user or room answering an office's main line. Dialpad API: DELETE /api/v2/offices/{id}/operators.",
			params:      map[string]string{"id": descOfficeID, "operator_id": descOperatorID, "operator_type": descOperatorType}},
			func(ctx context.Context, c *dialpad.Client, in *removeOperatorInput) (any, error) {
				return c.Offices.RemoveOperator(ctx, in.ID, &in.RemoveOperatorRequest)
			}),
		define(spec{name: "dialpad_org_callcenters_listall", title: "Call Center — List", kind: reads,
			description: "Lists the company's call centers, one page at a time; the result's cursor fetches the next page. Dialpad API: GET /api/v2/callcenters.",
			params:      map[string]string{"cursor": descCursor, "office_id": descOfficeFilter, "name_search": descNameSearch}},
			func(ctx context.Context, c *dialpad.Client, in *listGroupsInput) (any, error) {
				return c.CallCenters.ListPage(ctx, groupListOptions(in))
			}),
		define(spec{name: "dialpad_org_callcenters_get", title: "Call Center — Get", kind: reads,
			description: "Reads one call center by id. Dialpad API: GET /api/v2/callcenters/{id}.",
			params:      map[string]string{"id": descCallCenterID}},
			func(ctx context.Context, c *dialpad.Client, in *byID) (any, error) {
				return c.CallCenters.Get(ctx, in.ID)
			}),
		define(spec{name: "dialpad_org_callcenters_operators_get", title: "Call Center Operators — List", kind: reads,
			description: "Lists the agents of a call center. Dialpad API: GET /api/v2/callcenters/{id}/operators.",
			params:      map[string]string{"id": descCallCenterID}},
			func(ctx context.Context, c *dialpad.Client, in *byID) (any, error) {
				return c.CallCenters.ListOperators(ctx, in.ID)
			}),
		define(spec{name: "dialpad_org_callcenters_operators_post", title: "Call Center Operator — Add", kind: overwrites,
			description: "Makes a user an agent of a call center. A user without a call-center license is switched to license_type, which takes a seat of it (and, with keep_paid_numbers false, may give up the user's numbers). Dialpad API: POST /api/v2/callcenters/{id}/operators.",
			params: map[string]string{"id": descCallCenterID, "user_id": "The numeric id of the user to add.",
				"role":              "\"operator\" (the default), \"supervisor\" or \"admin\".",
				"skill_level":       "From 1 to 100 (the default): ranks the agent when calls go to the most skilled.",
				"license_type":      "The license given to a user without a call-center one: agents (the default) or lite_support_agents.",
				"keep_paid_numbers": "Keep the user's numbers when the new license is a support one (default true)."}},
			func(ctx context.Context, c *dialpad.Client, in *addCallCenterOperatorInput) (any, error) {
				return c.CallCenters.AddOperator(ctx, in.ID, &in.AddCallCenterOperatorRequest)
			}),
		define(spec{name: "dialpad_org_callcenters_operators_delete", title: "Call Center Operator — Remove", kind: overwrites,
			description: "Removes an agent from a call center; the user keeps its license. Dialpad API: DELETE /api/v2/callcenters/{id}/operators.",
			params:      map[string]string{"id": descCallCenterID, "user_id": "The numeric id of the user to remove."}},
			func(ctx context.Context, c *dialpad.Client, in *removeCallCenterOperatorInput) (any, error) {
				return c.CallCenters.RemoveOperator(ctx, in.ID, in.UserID)
			}),
		define(spec{name: "dialpad_org_departments_listall", title: "Department — List", kind: reads,
			description: "Lists the company's departments, one page at a time; the result's cursor fetches the next page. Dialpad API: GET /api/v2/departments.",
			params:      map[string]string{"cursor": descCursor, "office_id": descOfficeFilter, "name_search": descNameSearch}},
			func(ctx context.Context, c *dialpad.Client, in *listGroupsInput) (any, error) {
				return c.Departments.ListPage(ctx, groupListOptions(in))
			}),
		define(spec{name: "dialpad_org_departments_get", title: "Department — Get", kind: reads,
			description: "Reads one department by id. Dialpad API: GET /api/v2/departments/{id}.",
			params:      map[string]string{"id": descDepartmentID}},
			func(ctx context.Context, c *dialpad.Client, in *byID) (any, error) {
				return c.Departments.Get(ctx, in.ID)
			}),
		define(spec{name: "dialpad_org_departments_operators_get", title: "Department Operators — List", kind: reads,
			description: "Lists the users and rooms that answer a department's calls. Dialpad API: GET /api/v2/departments/{id}/operators.",
			params:      map[string]string{"id": descDepartmentID}},
			func(ctx context.Context, c *dialpad.Client, in *byID) (any, error) {
				return c.Departments.ListOperators(ctx, in.ID)
			}),
		define(spec{name: "dialpad_org_departments_operators_post", title: "Department Operator — Add", kind: sets,
			description: "Makes a user or room answer a department's calls (one already there takes the new role). Dialpad API: POST /api/v2/departments/{id}/operators.",
			params: map[string]string{"id": descDepartmentID, "operator_id": descOperatorID, "operator_type": descOperatorType,
				"role": "\"operator\" (the default) or \"admin\"."}},
			func(ctx context.Context, c *dialpad.Client, in *addOperatorInput) (any, error) {
				return c.Departments.AddOperator(ctx, in.ID, &in.AddOperatorRequest)
			}),
		define(spec{name: "dialpad_org_departments_operators_delete", title: "Department Operator — Remove", kind: overwrites,
			description: "Stops a user or room answering a department's calls. Dialpad API: DELETE /api/v2/departments/{id}/operators.",
			params:      map[string]string{"id": descDepartmentID, "operator_id": descOperatorID, "operator_type": descOperatorType}},
			func(ctx context.Context, c *dialpad.Client, in *removeOperatorInput) (any, error) {
				return c.Departments.RemoveOperator(ctx, in.ID, &in.RemoveOperatorRequest)
			}),
	}
}

func groupListOptions(in *listGroupsInput) *dialpad.GroupListOptions {
	return &dialpad.GroupListOptions{ListOptions: dialpad.ListOptions{Cursor: in.Cursor}, OfficeID: in.OfficeID, NameSearch: in.NameSearch}
}
