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
	seen := map[Operation]bool{}
	for _, k := range opConstants(t) {
		seen[k.id] = true
		op := findOperation(k.id)
		switch {
		case op == nil:
			t.Errorf("%s = %q: no such operation in the table", k.name, k.id)
		case k.name != opConstName(k.id):
			t.Errorf("%s = %q: want the name %s", k.name, k.id, opConstName(k.id))
		case k.comment != op.method+" "+op.path:
			t.Errorf("%s: comment %q, want %q", k.name, k.comment, op.method+" "+op.path)
		}
	}
	for _, id := range Operations() {
		if !seen[id] {
			t.Errorf("operation %q has no Op constant", id)
		}
	}
	if ops := Operations(); len(seen) != 62 || len(ops) != 62 || !slices.IsSorted(ops) {
		t.Errorf("%d constants; Operations() = %v, want the 62 operations, sorted", len(seen), ops)
	}
}

// opConst is a constant of type Operation as operations.go declares it.
type opConst struct {
	name, comment string
	id            Operation
}

// opConstants parses operations.go for its constants of type Operation.
func opConstants(t *testing.T) []opConst {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "operations.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var out []opConst
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		if typ, ok := vs.Type.(*ast.Ident); ok && typ.Name == "Operation" {
			raw, err := strconv.Unquote(vs.Values[0].(*ast.BasicLit).Value)
			if err != nil {
				t.Fatalf("%s: %v", vs.Names[0].Name, err)
			}
			out = append(out, opConst{vs.Names[0].Name, strings.TrimSpace(vs.Comment.Text()), Operation(raw)})
		}
		return false
	})
	return out
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
