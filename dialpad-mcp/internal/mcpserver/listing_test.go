package mcpserver

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// hostedListing is testdata/dialpad-users-tools.json: the hosted
// dialpad-users server's tools as its public listing gives them.
type hostedListing struct {
	Tools []struct {
		Name       string `json:"name"`
		Title      string `json:"title"`
		Parameters []struct {
			Name     string `json:"name"`
			Type     string `json:"type"`
			Required bool   `json:"required"`
		} `json:"parameters"`
	} `json:"tools"`
}

func readListing(t *testing.T) hostedListing {
	t.Helper()
	b, err := os.ReadFile("../../testdata/dialpad-users-tools.json")
	if err != nil {
		t.Fatal(err)
	}
	var l hostedListing
	if err := json.Unmarshal(b, &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Tools) != 35 {
		t.Fatalf("the listing has %d tools, want 35", len(l.Tools))
	}
	return l
}

// listingType gives a served parameter's type in the listing's notation:
// "string", "integer", "string[]", ...
func listingType(s *jsonschema.Schema) string {
	if s.Type == "array" && s.Items != nil {
		return s.Items.Type + "[]"
	}
	return s.Type
}

// TestToolsMatchHostedListing: the 35 tools of the hosted server are served
// under the same names and titles, each with exactly the listing's
// parameters, of the same JSON types, required alike.
func TestToolsMatchHostedListing(t *testing.T) {
	h := newHarness(t, Options{})
	served := listTools(t, h.session)
	for _, want := range readListing(t).Tools {
		t.Run(want.Name, func(t *testing.T) {
			tool, ok := served[want.Name]
			if !ok {
				t.Fatalf("not served")
			}
			if tool.Title != want.Title {
				t.Errorf("title %q, want %q", tool.Title, want.Title)
			}
			schema := inputSchema(t, tool)
			got := map[string]bool{}
			for _, p := range want.Parameters {
				got[p.Name] = true
				ps, ok := schema.Properties[p.Name]
				if !ok {
					t.Errorf("parameter %s: missing", p.Name)
					continue
				}
				if typ := listingType(ps); typ != p.Type {
					t.Errorf("parameter %s: type %s, want %s", p.Name, typ, p.Type)
				}
				if req := slices.Contains(schema.Required, p.Name); req != p.Required {
					t.Errorf("parameter %s: required %v, want %v", p.Name, req, p.Required)
				}
				if ps.Description == "" {
					t.Errorf("parameter %s: no description", p.Name)
				}
			}
			for name := range schema.Properties {
				if !got[name] {
					t.Errorf("parameter %s: not in the listing", name)
				}
			}
		})
	}
}

// workflowToolNames are the tools that are not one operation each but the
// SDK's change engine (workflow.go).
var workflowToolNames = []string{"dialpad_roster_apply", "dialpad_roster_offboard", "dialpad_roster_onboard", "dialpad_roster_plan"}

// specOperations returns the operationIds of one of the repository's copies
// of Dialpad's OpenAPI specs (dialpadtest/testdata).
func specOperations(t *testing.T, file string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("../../../dialpadtest/testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, methods := range spec.Paths {
		for _, raw := range methods {
			var op struct {
				OperationID string `json:"operationId"`
			}
			if json.Unmarshal(raw, &op) == nil && op.OperationID != "" {
				ids[op.OperationID] = true
			}
		}
	}
	return ids
}

// TestToolsCoverEveryOperation: besides the 35, exactly the 17
// organization operations are served, each named dialpad_org_ and its
// operationId with dots as underscores, so that every operation of the
// users and organization specs that the fake (and the SDK) implements has
// exactly one tool; the rest are the four workflow tools. (The fake's
// webhook operations, of the events spec, are not tools.)
func TestToolsCoverEveryOperation(t *testing.T) {
	h := newHarness(t, Options{})
	served := listTools(t, h.session)
	hosted := map[string]bool{}
	for _, tool := range readListing(t).Tools {
		hosted[tool.Name] = true
	}
	users, orgSpec := specOperations(t, "dialpad-users-v2.openapi.json"), specOperations(t, "dialpad-org-v2.openapi.json")
	want := map[string]bool{}
	var org []string
	for _, op := range dialpadtest.Operations() {
		id := string(op)
		if !users[id] && !orgSpec[id] {
			continue
		}
		name := "dialpad_users_" + strings.ReplaceAll(strings.TrimPrefix(id, "users."), ".", "_")
		if !hosted[name] {
			name = "dialpad_org_" + strings.ReplaceAll(id, ".", "_")
			org = append(org, name)
		}
		want[name] = true
	}
	if len(org) != 17 || len(want) != 52 {
		t.Fatalf("%d organization operations of %d, want 17 of 52", len(org), len(want))
	}
	for name := range want {
		if served[name] == nil {
			t.Errorf("%s: not served", name)
		}
	}
	for name, tool := range served {
		workflow := slices.Contains(workflowToolNames, name)
		if !want[name] && !workflow {
			t.Errorf("%s: served but no operation has this name", name)
		}
		if tool.Description == "" || (!workflow && !strings.Contains(tool.Description, "Dialpad API: ")) {
			t.Errorf("%s: the description does not name its endpoint: %q", name, tool.Description)
		}
		for pname, p := range inputSchema(t, tool).Properties {
			if p.Description == "" || len(p.Types) > 0 {
				t.Errorf("%s: parameter %s: want a description and one type, got %+v", name, pname, p)
			}
		}
	}
	if len(served) != len(want)+len(workflowToolNames) {
		t.Errorf("%d tools served, want %d operations and %d workflows", len(served), len(want), len(workflowToolNames))
	}
}

// inputSchema decodes a listed tool's input schema.
func inputSchema(t *testing.T, tool *mcp.Tool) *jsonschema.Schema {
	t.Helper()
	b, err := json.Marshal(tool.InputSchema)
	if err != nil {
		t.Fatal(err)
	}
	var s jsonschema.Schema
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if s.Type != "object" {
		t.Fatalf("%s: input schema type %q", tool.Name, s.Type)
	}
	return &s
}
