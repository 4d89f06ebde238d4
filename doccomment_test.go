package dialpad

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// parsePackage parses the non-test files of the package in dir (those the
// default build context selects) with their comments.
func parsePackage(t *testing.T, dir string) (*token.FileSet, []*ast.File) {
	t.Helper()
	pkg, err := build.ImportDir(dir, 0)
	require.NoError(t, err)
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range pkg.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(pkg.Dir, name), nil, parser.ParseComments)
		require.NoError(t, err)
		files = append(files, f)
	}
	if len(files) == 0 {
		t.Fatal("no Go files in the package")
	}
	return fset, files
}

// dialpadAPILine is the form of the line that names the operation a method
// calls, as CONTRIBUTING.md ("Adding an operation") shows it.
var dialpadAPILine = regexp.MustCompile(`^Dialpad API: (GET|POST|PUT|PATCH|DELETE) (/api/v2/\S*)$`)

// TestDocCommentsNameSpecOperations checks the "Dialpad API: METHOD /path"
// lines of method doc comments: each must name one of the operations of
// the two specs, users and organization (method and path template
// exactly), must sit in the doc comment of a method, and together they must
// name every operation of both. While services are still being written,
// DIALPAD_CONFORMANCE_MIN relaxes the last part to that many operations;
// the missing ones are logged either way.
func TestDocCommentsNameSpecOperations(t *testing.T) {
	t.Parallel()
	want, err := conformanceMin()
	require.NoError(t, err)
	ops := allSpecOperations(t)
	known := map[string]bool{}
	for _, op := range ops {
		known[op.String()] = true
	}

	fset, files := parsePackage(t, ".")
	documented, problems := dialpadAPILines(fset, files, known)
	for _, p := range problems {
		t.Error(p)
	}

	var missing []string
	for _, op := range ops {
		if len(documented[op.String()]) == 0 {
			missing = append(missing, op.String())
		}
	}
	t.Logf("%d of %d operations named by a method's \"Dialpad API:\" line", len(ops)-len(missing), len(ops))
	if len(missing) > 0 {
		t.Logf("operations no method names:\n  %s", strings.Join(missing, "\n  "))
	}
	if n := len(ops) - len(missing); n < want {
		t.Errorf("%d of %d operations are named in doc comments, want at least %d (DIALPAD_CONFORMANCE_MIN); missing:\n  %s",
			n, len(ops), want, strings.Join(missing, "\n  "))
	}
}

// dialpadAPILines collects the "Dialpad API:" lines of files: the methods
// naming each operation, and a problem for each line that is malformed,
// names an operation not in known, or is not in a method's doc comment.
func dialpadAPILines(fset *token.FileSet, files []*ast.File, known map[string]bool) (documented map[string][]string, problems []string) {
	documented = map[string][]string{} // operation → methods naming it
	for _, f := range files {
		methodDocs := map[*ast.CommentGroup]string{}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && fd.Doc != nil {
				methodDocs[fd.Doc] = receiverName(fd) + "." + fd.Name.Name
			}
		}
		for _, cg := range f.Comments {
			method, isMethodDoc := methodDocs[cg]
			for _, c := range cg.List {
				for i, line := range strings.Split(c.Text, "\n") {
					line = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(line, "//"), "/*"))
					if !strings.HasPrefix(line, "Dialpad API:") {
						continue
					}
					pos := fset.Position(c.Pos())
					pos.Line += i
					m := dialpadAPILine.FindStringSubmatch(line)
					switch {
					case !isMethodDoc:
						problems = append(problems, fmt.Sprintf("%s: %q is not in the doc comment of a method", pos, line))
					case m == nil:
						problems = append(problems, fmt.Sprintf("%s: %s: %q is not of the form \"Dialpad API: METHOD /api/v2/path\"", pos, method, line))
					case !known[m[1]+" "+m[2]]:
						problems = append(problems, fmt.Sprintf("%s: %s: %q names no operation of the spec", pos, method, line))
					default:
						documented[m[1]+" "+m[2]] = append(documented[m[1]+" "+m[2]], method)
					}
				}
			}
		}
	}
	return documented, problems
}

// receiverName returns the type name of a method's receiver.
func receiverName(fd *ast.FuncDecl) string {
	typ := fd.Recv.List[0].Type
	for {
		switch x := typ.(type) {
		case *ast.StarExpr:
			typ = x.X
		case *ast.IndexExpr: // T[P]
			typ = x.X
		case *ast.IndexListExpr: // T[P, Q]
			typ = x.X
		case *ast.Ident:
			return x.Name
		default:
			return "?"
		}
	}
}

// TestExportedIdentifiersDocumented checks that every exported type,
// function, method (of an exported type), constant, variable and struct
// field of the module's packages has a doc comment. A spec in a
// parenthesized group may rely on the group's doc comment or carry a
// trailing line comment; a field may share the comment of the field on the
// line above it. It is the one such check for every package of the module.
func TestExportedIdentifiersDocumented(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{".", "dialpadtest", "lifecycle", "roster", "webhook"} {
		fset, files := parsePackage(t, dir)
		for _, u := range undocumentedExports(fset, files) {
			t.Errorf("%s has no doc comment", u)
		}
	}
}

// undocumentedExports lists, sorted, the exported declarations of files
// that lack a doc comment, as "file:line:col: kind name".
func undocumentedExports(fset *token.FileSet, files []*ast.File) []string {
	type entry struct {
		pos  token.Pos
		text string
	}
	var found []entry
	report := func(pos token.Pos, what string) {
		found = append(found, entry{pos, fset.Position(pos).String() + ": " + what})
	}
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				undocumentedFunc(d, report)
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					undocumentedSpec(fset, d, spec, report)
				}
			}
		}
	}
	slices.SortFunc(found, func(a, b entry) int { return int(a.pos - b.pos) })
	undocumented := make([]string, len(found))
	for i, e := range found {
		undocumented[i] = e.text
	}
	return undocumented
}

// undocumentedFunc reports an exported function, or a method of an
// exported type, without a doc comment.
func undocumentedFunc(d *ast.FuncDecl, report func(token.Pos, string)) {
	if !d.Name.IsExported() || d.Doc != nil {
		return
	}
	if d.Recv == nil {
		report(d.Pos(), "func "+d.Name.Name)
	} else if recv := receiverName(d); ast.IsExported(recv) {
		report(d.Pos(), "method "+recv+"."+d.Name.Name)
	}
}

// undocumentedSpec reports an exported type, constant or variable of d
// without a doc comment (its own, its line's or its group's), and the
// undocumented fields of an exported struct.
func undocumentedSpec(fset *token.FileSet, d *ast.GenDecl, spec ast.Spec, report func(token.Pos, string)) {
	switch s := spec.(type) {
	case *ast.TypeSpec:
		if !s.Name.IsExported() {
			return
		}
		if s.Doc == nil && s.Comment == nil && d.Doc == nil {
			report(s.Pos(), "type "+s.Name.Name)
		}
		if st, ok := s.Type.(*ast.StructType); ok {
			undocumentedFields(fset, s.Name.Name, st, report)
		}
	case *ast.ValueSpec:
		if s.Doc != nil || s.Comment != nil || d.Doc != nil {
			return
		}
		for _, n := range s.Names {
			if n.IsExported() {
				report(n.Pos(), d.Tok.String()+" "+n.Name)
			}
		}
	}
}

// undocumentedFields reports the exported fields of st that have no doc or
// line comment and do not sit on the line right below a documented field
// (whose comment they share).
func undocumentedFields(fset *token.FileSet, typ string, st *ast.StructType, report func(token.Pos, string)) {
	prevLine, prevDocumented := -10, false
	for _, f := range st.Fields.List {
		line := fset.Position(f.Pos()).Line
		documented := f.Doc != nil || f.Comment != nil || (prevDocumented && line == prevLine+1)
		for _, n := range f.Names {
			if n.IsExported() && !documented {
				report(n.Pos(), "field "+typ+"."+n.Name)
			}
		}
		prevLine, prevDocumented = fset.Position(f.End()).Line, documented
	}
}
