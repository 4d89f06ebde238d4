package roster_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocComments checks that every exported identifier of the package
// (types, functions, methods, constants, variables and the fields of
// exported structs) has a doc comment; a field may share the comment of
// the field declared right above it.
func TestDocComments(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	missing := func(pos token.Pos, name string) { t.Errorf("%s: %s has no doc comment", fset.Position(pos), name) }
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if name == "doc.go" && f.Doc == nil {
			t.Error("doc.go has no package comment")
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Name.IsExported() && d.Doc == nil && (d.Recv == nil || exportedRecv(d.Recv)) {
					missing(d.Pos(), d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if !s.Name.IsExported() {
							continue
						}
						if s.Doc == nil && d.Doc == nil {
							missing(s.Pos(), s.Name.Name)
						}
						if st, ok := s.Type.(*ast.StructType); ok {
							checkFields(fset, s.Name.Name, st, missing)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() && s.Doc == nil && d.Doc == nil {
								missing(n.Pos(), n.Name)
							}
						}
					}
				}
			}
		}
	}
}

func exportedRecv(recv *ast.FieldList) bool {
	typ := recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}

// checkFields lets a field without a comment share the one of the field on
// the line above.
func checkFields(fset *token.FileSet, typ string, st *ast.StructType, missing func(token.Pos, string)) {
	prevLine, prevDocumented := -10, false
	for _, f := range st.Fields.List {
		line := fset.Position(f.Pos()).Line
		documented := f.Doc != nil || (prevDocumented && line == prevLine+1)
		for _, n := range f.Names {
			if n.IsExported() && !documented {
				missing(n.Pos(), typ+"."+n.Name)
			}
		}
		prevLine, prevDocumented = fset.Position(f.End()).Line, documented
	}
}
