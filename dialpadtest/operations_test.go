package dialpadtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestOperationConstants keeps the Op constants and the operation table in
// step: every constant names an operation of the table, under the name its
// operationId spells and with the table's method and path in its comment,
// and every operation of the table has a constant.
func TestOperationConstants(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "operations.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[Operation]bool{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "Operation" {
				continue
			}
			name := vs.Names[0].Name
			raw, err := strconv.Unquote(vs.Values[0].(*ast.BasicLit).Value)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			id := Operation(raw)
			seen[id] = true
			op := findOperation(id)
			if op == nil {
				t.Errorf("%s = %q: no such operation in the table", name, id)
				continue
			}
			if want := opConstName(id); name != want {
				t.Errorf("%s = %q: want the name %s", name, id, want)
			}
			if got, want := strings.TrimSpace(vs.Comment.Text()), op.method+" "+op.path; got != want {
				t.Errorf("%s: comment %q, want %q", name, got, want)
			}
		}
	}
	for _, id := range Operations() {
		if !seen[id] {
			t.Errorf("operation %q has no Op constant", id)
		}
	}
	if ops := Operations(); len(seen) != 52 || len(ops) != 52 || !slices.IsSorted(ops) {
		t.Errorf("%d constants; Operations() = %v, want the 52 operations, sorted", len(seen), ops)
	}
}

// opConstName spells an operationId as a Go name: "Op", then each word
// between dots and underscores capitalized, with Go's initialisms and
// Dialpad's run-together words split.
func opConstName(id Operation) string {
	words := map[string]string{"agentgroup": "AgentGroup", "listall": "ListAll", "userdevices": "UserDevices",
		"deskphones": "DeskPhones", "callcenters": "CallCenters", "id": "ID", "uid": "UID", "dnd": "DND",
		"vi": "VI", "e911": "E911"}
	var b strings.Builder
	b.WriteString("Op")
	for w := range strings.FieldsFuncSeq(string(id), func(r rune) bool { return r == '.' || r == '_' }) {
		if s, ok := words[w]; ok {
			b.WriteString(s)
		} else {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}
