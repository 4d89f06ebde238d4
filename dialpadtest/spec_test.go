package dialpadtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

// specFiles are the OpenAPI documents the server implements: the users
// spec (35 operations), the organization spec (17) and the events spec
// (10). Each operation is checked against the file that defines it.
var specFiles = []string{"testdata/dialpad-users-v2.openapi.json", "testdata/dialpad-org-v2.openapi.json", "testdata/dialpad-events-v2.openapi.json"}

// schemaChecker validates JSON values against the subset of JSON Schema
// the specs use (type, nullable, enum, format date-time, items,
// properties, required, $ref), resolving references in one spec file.
// Like the live API, the fake writes int64 fields as JSON strings; the
// checker requires that.
type schemaChecker struct {
	schemas map[string]map[string]any
	errs    []string
}

// specDoc is one spec file as the happy-path test uses it: a checker for
// its schemas, the 200 response schema of each of its operations, and a
// kin-openapi router to validate requests with.
type specDoc struct {
	file      string
	checker   *schemaChecker
	responses map[string]map[string]any // by operationId; nil for no body
	router    routers.Router
}

// loadSpecDocs reads every spec file and returns them by operationId.
func loadSpecDocs(t *testing.T) map[string]*specDoc {
	t.Helper()
	byOp := map[string]*specDoc{}
	for _, file := range specFiles {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Paths      map[string]map[string]map[string]any `json:"paths"`
			Components struct {
				Schemas map[string]map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		kinDoc, err := openapi3.NewLoader().LoadFromData(raw)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		kinDoc.Servers = nil // match on the path alone
		router, err := gorillamux.NewRouter(kinDoc)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		sd := &specDoc{file: file, checker: &schemaChecker{schemas: doc.Components.Schemas},
			responses: map[string]map[string]any{}, router: router}
		for _, ops := range doc.Paths {
			for _, op := range ops {
				opID, _ := op["operationId"].(string)
				if other := byOp[opID]; other != nil {
					t.Fatalf("operation %s is in %s and %s", opID, other.file, file)
				}
				schema, _ := dig(op, "responses", "200", "content", "application/json", "schema").(map[string]any)
				sd.responses[opID] = schema
				byOp[opID] = sd
			}
		}
	}
	return byOp
}

// validateRequest checks a request the server received against the spec
// with kin-openapi: the route, the path and query parameters and the JSON
// body. It returns the problems found.
func (sd *specDoc) validateRequest(r dialpadtest.Request) []string {
	u := "http://dialpad.test" + r.Path
	if q := r.Query.Encode(); q != "" {
		u += "?" + q
	}
	req, err := http.NewRequest(r.Method, u, bytes.NewReader(r.Body))
	if err != nil {
		return []string{err.Error()}
	}
	req.Header = r.Header.Clone()
	if len(r.Body) == 0 {
		req.Body = http.NoBody
	}
	route, params, err := sd.router.FindRoute(req)
	if err != nil {
		return []string{"matches no operation of " + sd.file + ": " + err.Error()}
	}
	opts := &openapi3filter.Options{
		MultiError:                        true,
		AuthenticationFunc:                openapi3filter.NoopAuthenticationFunc,
		RejectWhenRequestBodyNotSpecified: true,
		SkipSettingDefaults:               true,
	}
	opts.WithCustomSchemaErrorFunc(func(err *openapi3.SchemaError) string {
		return fmt.Sprintf("at /%s: %s", strings.Join(err.JSONPointer(), "/"), err.Reason)
	})
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		return []string{strings.Join(strings.Fields(err.Error()), " ")}
	}
	return nil
}

// dig walks nested maps.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

var dateTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$`)

func (c *schemaChecker) resolve(s map[string]any) map[string]any {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		s = c.schemas[ref[strings.LastIndex(ref, "/")+1:]]
	}
}

func (c *schemaChecker) fail(path, format string, args ...any) {
	c.errs = append(c.errs, path+": "+fmt.Sprintf(format, args...))
}

// check checks the JSON value v at path against schema s, recording what
// does not match.
func (c *schemaChecker) check(path string, v any, s map[string]any) {
	s = c.resolve(s)
	types := schemaTypes(s)
	if v == nil {
		if s["nullable"] != true && !slices.Contains(types, "null") {
			c.fail(path, "null for a non-nullable field")
		}
		return
	}
	switch {
	case slices.Contains(types, "integer"):
		c.checkInteger(path, v)
	case slices.Contains(types, "string"):
		c.checkString(path, v, s)
	case slices.Contains(types, "boolean"):
		if _, ok := v.(bool); !ok {
			c.fail(path, "%v is not a boolean", v)
		}
	case slices.Contains(types, "array"):
		c.checkArray(path, v, s)
	default:
		c.checkObject(path, v, s)
	}
}

// schemaTypes lists the types a schema allows ("type" is a string or a list).
func schemaTypes(s map[string]any) []string {
	switch t := s["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var types []string
		for _, x := range t {
			types = append(types, x.(string))
		}
		return types
	}
	return nil
}

// checkInteger checks an int64, which Dialpad writes as a JSON string.
func (c *schemaChecker) checkInteger(path string, v any) {
	str, ok := v.(string)
	if !ok {
		c.fail(path, "int64 %v not written as a JSON string", v)
	} else if _, err := strconv.ParseInt(str, 10, 64); err != nil {
		c.fail(path, "%q is not an integer", str)
	}
}

// checkString checks a string, its enum and its date-time format.
func (c *schemaChecker) checkString(path string, v any, s map[string]any) {
	str, ok := v.(string)
	if !ok {
		c.fail(path, "%v is not a string", v)
		return
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, any(str)) {
		c.fail(path, "%q is not in the enum %v", str, enum)
	}
	if s["format"] == "date-time" && !dateTime.MatchString(str) {
		c.fail(path, "%q is not a Dialpad date-time", str)
	}
}

// checkArray checks an array and each of its items.
func (c *schemaChecker) checkArray(path string, v any, s map[string]any) {
	list, ok := v.([]any)
	if !ok {
		c.fail(path, "%v is not an array", v)
		return
	}
	for i, x := range list {
		c.check(fmt.Sprintf("%s[%d]", path, i), x, s["items"].(map[string]any))
	}
}

// checkObject checks an object: each property against the schema's, and
// the required ones present.
func (c *schemaChecker) checkObject(path string, v any, s map[string]any) {
	obj, ok := v.(map[string]any)
	if !ok {
		c.fail(path, "%v is not an object", v)
		return
	}
	props, _ := s["properties"].(map[string]any)
	for k, x := range obj {
		ps, ok := props[k].(map[string]any)
		if !ok {
			c.fail(path+"."+k, "not in the schema")
			continue
		}
		c.check(path+"."+k, x, ps)
	}
	req, _ := s["required"].([]any)
	for _, k := range req {
		if _, ok := obj[k.(string)]; !ok {
			c.fail(path+"."+k.(string), "required but missing")
		}
	}
}

// TestHappyPathsMatchSpec runs every operation once on the default seed,
// checks that the request it sends is valid for the spec file defining the
// operation (so that the fake is shown to accept what the spec allows) and
// checks each answer against the operation's response schema there.
func TestHappyPathsMatchSpec(t *testing.T) {
	t.Parallel()
	docs := loadSpecDocs(t)
	srv := newServer(t)
	ada, grace, alan := id(dialpadtest.SeedAdminUserID), id(dialpadtest.SeedAgentUserID), id(dialpadtest.SeedSuspendedUserID)
	hq, cc, dep := id(dialpadtest.SeedOfficeID), id(dialpadtest.SeedCallCenterID), id(dialpadtest.SeedDepartmentID)
	if _, err := srv.SetActiveCall(dialpadtest.SeedAdminUserID, dialpadtest.ActiveCall{CallAI: true}); err != nil {
		t.Fatal(err)
	}
	var newUser, newContact string
	steps := []specStep{
		{"agentgroup.get", "GET", fixed("/api/v2/agent-groups/" + id(dialpadtest.SeedAgentGroupID)), nil, nil},
		{"coaching_team.listall", "GET", fixed("/api/v2/coachingteams"), nil, nil},
		{"coaching_team.get", "GET", fixed("/api/v2/coachingteams/" + id(dialpadtest.SeedCoachingTeamID)), nil, nil},
		{"coaching_team.members.get", "GET", fixed("/api/v2/coachingteams/" + id(dialpadtest.SeedCoachingTeamID) + "/members"), nil, nil},
		{"coaching_team.members.add", "POST", fixed("/api/v2/coachingteams/" + id(dialpadtest.SeedCoachingTeamID) + "/members"),
			map[string]any{"member_id": id(dialpadtest.SeedSuspendedUserID), "role": "trainee"}, nil},
		{"contacts.list", "GET", fixed("/api/v2/contacts?include_local=true"), nil, nil},
		{"contacts.create", "POST", fixed("/api/v2/contacts"), map[string]any{
			"first_name": "Lin", "last_name": "Chen", "company_name": "Initech", "job_title": "CFO", "extension": "12",
			"emails": []string{"lin@initech.example"}, "phones": []string{"+14155550142"},
			"urls": []string{"https://initech.example"}, "owner_id": ada, "trunk_group": "ignored",
		}, func(m map[string]any) { newContact = m["id"].(string) }},
		{"contacts.create_with_uid", "PUT", fixed("/api/v2/contacts"), map[string]any{
			"uid": "crm-1", "first_name": "Sam", "last_name": "Lee", "phones": []string{"+14155550143"},
		}, nil},
		{"contacts.get", "GET", fixed("/api/v2/contacts/shared_uid_crm-1"), nil, nil},
		{"contacts.update", "PATCH", func() string { return "/api/v2/contacts/" + newContact },
			map[string]any{"job_title": "CEO", "urls": []string{}}, nil},
		{"contacts.delete", "DELETE", func() string { return "/api/v2/contacts/" + newContact }, nil, nil},
		{"userdevices.list", "GET", fixed("/api/v2/userdevices"), nil, nil},
		{"userdevices.get", "GET", fixed("/api/v2/userdevices/" + dialpadtest.SeedAdminDeviceID), nil, nil},
		{"users.list", "GET", fixed("/api/v2/users?state=all"), nil, nil},
		{"users.create", "POST", fixed("/api/v2/users"), map[string]any{
			"email": "new@example.com", "office_id": dialpadtest.SeedOfficeID, "first_name": "New", "last_name": "Hire",
			"license": "talk", "auto_assign": true,
		}, func(m map[string]any) { newUser = m["id"].(string) }},
		{"users.get", "GET", fixed("/api/v2/users/me"), nil, nil},
		{"users.update", "PATCH", func() string { return "/api/v2/users/" + newUser }, map[string]any{
			"first_name": "Newer", "job_title": "Engineer", "extension": "1234", "emails": []string{"newer@example.com"},
			"forwarding_numbers": []string{"+14155550199"}, "admin_office_ids": []int64{dialpadtest.SeedOfficeID},
			"international_dialing_enabled": true, "is_super_admin": false, "license": "talk", "keep_paid_numbers": true,
			"state": "active", "presence_status": map[string]any{"provider": "Zoom", "message": "standup", "type": "conference"},
		}, nil},
		{"users.update_active_call", "PATCH", fixed("/api/v2/users/" + ada + "/activecall"),
			map[string]any{"is_recording": true, "play_message": false, "recording_type": "user"}, nil},
		{"numbers.assign_user_number.post", "POST", fixed("/api/v2/users/" + ada + "/assign_number"),
			map[string]any{"area_code": "646", "primary": false}, nil},
		{"caller_id.users.get", "GET", fixed("/api/v2/users/" + grace + "/caller_id"), nil, nil},
		{"caller_id.users.post", "POST", fixed("/api/v2/users/" + grace + "/caller_id"), map[string]any{"caller_id": dialpadtest.SeedCallCenterNumber}, nil},
		{"users.e911.get", "GET", fixed("/api/v2/users/" + grace + "/e911"), nil, nil},
		{"users.e911.update", "PUT", fixed("/api/v2/users/" + grace + "/e911"), map[string]any{
			"address": "1 Main St", "address2": "", "city": "Austin", "state": "TX", "zip": "78701", "country": "us",
			"use_validated_option": true,
		}, nil},
		{"users.initiate_call", "POST", fixed("/api/v2/users/" + ada + "/initiate_call"), map[string]any{
			"phone_number": "+12065550123", "custom_data": "ticket 42", "outbound_caller_id": dialpadtest.SeedOfficeMainLine,
			"group_id": dialpadtest.SeedOfficeID, "group_type": "office",
		}, nil},
		{"users.move_office.patch", "PATCH", func() string { return "/api/v2/users/" + newUser + "/move_office" },
			map[string]any{"office_id": dialpadtest.SeedBranchOfficeID}, nil},
		{"users.personas.get", "GET", fixed("/api/v2/users/" + ada + "/personas"), nil, nil},
		{"screen_pop.initiate", "POST", fixed("/api/v2/users/" + grace + "/screenpop"),
			map[string]any{"screen_pop_uri": "https://crm.example/contacts/42"}, nil},
		{"users.update_status", "PATCH", fixed("/api/v2/users/" + ada + "/status"),
			map[string]any{"status_message": "At lunch", "expiration": 3600}, nil},
		{"users.toggle_dnd", "PATCH", fixed("/api/v2/users/" + grace + "/togglednd"),
			map[string]any{"do_not_disturb": true, "group_id": dialpadtest.SeedCallCenterID, "group_type": "callcenter"}, nil},
		{"users.toggle_call_vi", "PATCH", fixed("/api/v2/users/" + ada + "/togglevi"),
			map[string]any{"enable_vi": true, "vi_locale": "en-us"}, nil},
		{"numbers.user_unassign_number.post", "POST", fixed("/api/v2/users/" + ada + "/unassign_number"),
			map[string]any{"number": dialpadtest.SeedAdminNumber}, nil},
		{"deskphones.users.list", "GET", fixed("/api/v2/users/" + ada + "/deskphones"), nil, nil},
		{"deskphones.users.get", "GET", fixed("/api/v2/users/" + ada + "/deskphones/" + dialpadtest.SeedAdminDeskPhoneID), nil, nil},
		{"deskphones.users.delete", "DELETE", fixed("/api/v2/users/" + ada + "/deskphones/" + dialpadtest.SeedAdminDeskPhoneID), nil, nil},
		{"offices.list", "GET", fixed("/api/v2/offices?active_only=true"), nil, nil},
		{"offices.get", "GET", fixed("/api/v2/offices/" + hq), nil, nil},
		{"plan.get", "GET", fixed("/api/v2/offices/" + hq + "/plan"), nil, nil},
		{"plan.available_licenses.get", "GET", fixed("/api/v2/offices/" + hq + "/available_licenses"), nil, nil},
		{"offices.operators.get", "GET", fixed("/api/v2/offices/" + hq + "/operators"), nil, nil},
		{"offices.operators.post", "POST", fixed("/api/v2/offices/" + hq + "/operators"),
			map[string]any{"operator_id": dialpadtest.SeedSuspendedUserID, "operator_type": "user", "role": "admin"}, nil},
		{"offices.operators.delete", "DELETE", fixed("/api/v2/offices/" + hq + "/operators"),
			map[string]any{"operator_id": dialpadtest.SeedSuspendedUserID, "operator_type": "user"}, nil},
		{"callcenters.listall", "GET", fixed("/api/v2/callcenters?office_id=" + hq + "&name_search=sup"), nil, nil},
		{"callcenters.get", "GET", fixed("/api/v2/callcenters/" + cc), nil, nil},
		{"callcenters.operators.get", "GET", fixed("/api/v2/callcenters/" + cc + "/operators"), nil, nil},
		{"callcenters.operators.post", "POST", fixed("/api/v2/callcenters/" + cc + "/operators"), map[string]any{
			"user_id": dialpadtest.SeedSuspendedUserID, "role": "operator", "license_type": "agents",
			"keep_paid_numbers": true, "skill_level": 50,
		}, nil},
		{"callcenters.operators.delete", "DELETE", fixed("/api/v2/callcenters/" + cc + "/operators"),
			map[string]any{"user_id": dialpadtest.SeedSuspendedUserID}, nil},
		{"departments.listall", "GET", fixed("/api/v2/departments?office_id=" + hq + "&name_search=SAL"), nil, nil},
		{"departments.get", "GET", fixed("/api/v2/departments/" + dep), nil, nil},
		{"departments.operators.get", "GET", fixed("/api/v2/departments/" + dep + "/operators"), nil, nil},
		{"departments.operators.post", "POST", fixed("/api/v2/departments/" + dep + "/operators"),
			map[string]any{"operator_id": dialpadtest.SeedAgentUserID, "operator_type": "user", "role": "operator"}, nil},
		{"departments.operators.delete", "DELETE", fixed("/api/v2/departments/" + dep + "/operators"),
			map[string]any{"operator_id": dialpadtest.SeedAgentUserID, "operator_type": "user"}, nil},
		{"users.get", "GET", fixed("/api/v2/users/" + alan), nil, nil}, // with group_details
		{"users.delete", "DELETE", func() string { return "/api/v2/users/" + newUser }, nil, nil},
	}
	steps = append(steps, eventHappySteps()...)
	done := map[string]bool{}
	for _, st := range steps {
		done[st.op] = done[st.op] || runSpecStep(t, srv, docs, st)
	}
	for _, op := range dialpadtest.Operations() {
		if !done[string(op)] {
			t.Errorf("operation %s was not exercised", op)
		}
	}
	reportSchemaErrors(t, docs)
}

// specStep is one request of TestHappyPathsMatchSpec: the operation it
// exercises, its method, path (computed when it runs, from what earlier
// steps made), body, and what to keep from the answer.
type specStep struct {
	op, method string
	path       func() string
	body       any
	after      func(map[string]any)
}

// runSpecStep sends a step's request and checks it and its answer against
// the spec. It reports whether the request reached the step's operation.
func runSpecStep(t *testing.T, srv *dialpadtest.Server, docs map[string]*specDoc, st specStep) bool {
	t.Helper()
	srv.ClearRequests()
	path := st.path()
	m := send(t, srv, st.method, path, st.body).ok(t)
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Operation != st.op {
		t.Errorf("%s %s was served as %+v, want %s", st.method, path, reqs, st.op)
		return false
	}
	doc := docs[st.op]
	if doc == nil {
		t.Errorf("%s is in no spec file", st.op)
		return true
	}
	for _, p := range doc.validateRequest(reqs[0]) {
		t.Errorf("%s: request %s %s: %s", st.op, st.method, path, p)
	}
	schema := doc.responses[st.op]
	switch {
	case schema == nil && m != nil:
		t.Errorf("%s: the spec documents no body, got %v", st.op, m)
	case schema == nil:
	case m == nil:
		t.Errorf("%s: empty body", st.op)
	default:
		doc.checker.check(st.op, m, schema)
		if st.after != nil {
			st.after(m)
		}
	}
	return true
}

// reportSchemaErrors reports what the answers' schema checks found, by
// spec file.
func reportSchemaErrors(t *testing.T, docs map[string]*specDoc) {
	t.Helper()
	for _, file := range specFiles {
		for _, doc := range docs {
			if doc.file == file {
				for _, e := range doc.checker.errs {
					t.Errorf("%s: %s", file, e)
				}
				break
			}
		}
	}
}

func fixed(p string) func() string { return func() string { return p } }
