// Package internal_test keeps the package docs true: every package under
// internal/ states in its doc.go which of magecrm's packages it imports,
// and this test holds the code to it.
package internal_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "magecrm/"

// listedPackage is what `go list -json` says of a package that the test needs.
type listedPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Imports    []string
}

// importRule is a package's stated imports: the packages it may import,
// each with the one file allowed to import it, or "" for any file.
type importRule map[string]string

// ruleRE finds the rule in a doc comment: "Of magecrm, it imports
// nothing." or "Of magecrm, it imports only: acl, model (a note) and
// store (in cli.go only)." — a note in parentheses says why, unless it
// names the one file allowed the import.
var (
	ruleRE  = regexp.MustCompile(`Of magecrm, it imports (nothing|only: (.+?))\.(?:\s|$)`)
	entryRE = regexp.MustCompile(`^(\w+)(?: \(([^)]*)\))?$`)
	fileRE  = regexp.MustCompile(`^in ([\w.]+) only$`)
)

func TestEveryPackageImportsOnlyWhatItsDocSays(t *testing.T) {
	for _, p := range listPackages(t) {
		name := strings.TrimPrefix(p.ImportPath, module)
		if !strings.HasPrefix(name, "internal/") {
			continue
		}
		rule, err := readRule(filepath.Join(p.Dir, "doc.go"))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, imp := range p.Imports {
			dep, ok := strings.CutPrefix(imp, module+"internal/")
			if !ok {
				continue
			}
			file, allowed := rule[dep]
			if !allowed {
				t.Errorf("%s imports %s, which its doc.go does not allow: change the code, or the doc.go with a reason", name, dep)
				continue
			}
			if file == "" {
				continue
			}
			for _, f := range importingFiles(t, p, imp) {
				if f != file {
					t.Errorf("%s/%s imports %s, which its doc.go allows only in %s", name, f, dep, file)
				}
			}
		}
	}
}

// readRule reads the import rule of a package's doc.go.
func readRule(path string) (importRule, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments|parser.PackageClauseOnly)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errors.New("no doc.go: add one saying what the package owns and what it imports of magecrm")
	}
	if err != nil {
		return nil, err
	}
	if f.Doc == nil {
		return nil, errors.New("doc.go has no package comment")
	}
	text := strings.Join(strings.Fields(f.Doc.Text()), " ")
	m := ruleRE.FindStringSubmatch(text)
	if m == nil {
		return nil, errors.New(`doc.go does not say what it imports of magecrm ("Of magecrm, it imports nothing." or "Of magecrm, it imports only: a, b.")`)
	}
	rule := importRule{}
	if m[1] == "nothing" {
		return rule, nil
	}
	for _, entry := range splitList(m[2]) {
		e := entryRE.FindStringSubmatch(entry)
		if e == nil {
			return nil, errors.New("doc.go's import list has " + strconv.Quote(entry) + ": write a package name, with a note in parentheses if need be")
		}
		rule[e[1]] = ""
		if f := fileRE.FindStringSubmatch(e[2]); f != nil {
			rule[e[1]] = f[1]
		}
	}
	return rule, nil
}

// splitList splits "a, b (note, more) and c" at the commas and "and"s
// outside parentheses.
func splitList(s string) []string {
	var out []string
	depth, start := 0, 0
	flush := func(end int) {
		if e := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s[start:end]), "and ")); e != "" {
			out = append(out, e)
		}
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '(':
			depth++
		case s[i] == ')':
			depth--
		case depth == 0 && s[i] == ',':
			flush(i)
			start = i + 1
		case depth == 0 && strings.HasPrefix(s[i:], " and "):
			flush(i)
			start = i + 1
		}
	}
	flush(len(s))
	return out
}

// importingFiles lists the package's files (tests aside) that import path.
func importingFiles(t *testing.T, p listedPackage, path string) []string {
	t.Helper()
	var out []string
	for _, name := range p.GoFiles {
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(p.Dir, name), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(f.Imports, func(s *ast.ImportSpec) bool { return unquote(s.Path.Value) == path }) {
			out = append(out, name)
		}
	}
	return out
}

func unquote(s string) string {
	u, err := strconv.Unquote(s)
	if err != nil {
		return s
	}
	return u
}

// listPackages lists the module's packages, tests aside.
func listPackages(t *testing.T) []listedPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Dir = ".."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var list []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		list = append(list, p)
	}
	if len(list) < 10 {
		t.Fatalf("go list found %d packages: run from the module", len(list))
	}
	return list
}
