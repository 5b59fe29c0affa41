package supervision

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestActionsListed: every Action constant of this package is listed once,
// in OversightActions or CaseActions, so the audit page can offer it.
func TestActionsListed(t *testing.T) {
	listed := map[Action]int{}
	for _, a := range append(append([]Action{}, OversightActions...), CaseActions...) {
		listed[a]++
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	declared := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Action" {
					continue
				}
				for _, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok {
						continue
					}
					s, _ := strconv.Unquote(lit.Value)
					declared++
					if listed[Action(s)] != 1 {
						t.Errorf("%s: action %q is listed %d times, want once", name, s, listed[Action(s)])
					}
				}
			}
		}
	}
	if declared != len(listed) || declared < 30 {
		t.Errorf("%d actions declared, %d listed", declared, len(listed))
	}
}
