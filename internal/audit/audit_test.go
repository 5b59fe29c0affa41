package audit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
)

// TestActionsListsEveryAction: every Action constant of this package is in
// Actions once, and no two share a value.
func TestActionsListsEveryAction(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "audit.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[Action]int{}
	for _, a := range Actions {
		listed[a]++
	}
	declared := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			for _, v := range spec.(*ast.ValueSpec).Values {
				lit, ok := v.(*ast.BasicLit)
				if !ok {
					continue
				}
				s, _ := strconv.Unquote(lit.Value)
				declared++
				if listed[Action(s)] != 1 {
					t.Errorf("action %q is listed %d times in Actions, want once", s, listed[Action(s)])
				}
			}
		}
	}
	if declared != len(Actions) {
		t.Errorf("%d actions declared, %d listed", declared, len(Actions))
	}
}

// TestServiceNamesActionsByConstant: the use cases pass an Action constant
// to their audit helper, never a string literal that this list would miss.
func TestServiceNamesActionsByConstant(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("../service/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no service sources: %v", err)
	}
	calls := 0
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := c.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "audit" && sel.Sel.Name != "beginExport") {
				return true
			}
			calls++
			// audit(ctx, q, actor, action, …) and beginExport(ctx, actor, inst, action, …)
			if len(c.Args) > 3 {
				if lit, ok := c.Args[3].(*ast.BasicLit); ok {
					t.Errorf("%s: action %s written as a literal; declare it in package audit", fset.Position(lit.Pos()), lit.Value)
				}
			}
			return true
		})
	}
	if calls == 0 {
		t.Fatal("found no audit calls in the service")
	}
}
