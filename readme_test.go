package dialpad

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeQuickStartBuilds compiles the README's quick start the way a
// user gets it: the first Go block after "## Quick start", alone in a module
// of its own that requires the SDK through a replace directive pointing at
// this checkout. A quick start that stops compiling (a renamed method, a
// changed field type, a missing import) fails here instead of in a reader's
// editor.
func TestReadmeQuickStartBuilds(t *testing.T) {
	t.Parallel()
	buildReadmeBlock(t, "## Quick start")
}

// TestReadmeWebhooksBuilds compiles the README's webhook receiver the
// same way.
func TestReadmeWebhooksBuilds(t *testing.T) {
	t.Parallel()
	buildReadmeBlock(t, "## Receiving change-log events: webhook")
}

// TestReadmeWatchBuilds compiles the README's drift watcher the same way.
func TestReadmeWatchBuilds(t *testing.T) {
	t.Parallel()
	buildReadmeBlock(t, "## Catching drift as it happens: roster.Watcher")
}

// buildReadmeBlock builds the first Go block after heading as the main
// package of a module of its own.
func buildReadmeBlock(t *testing.T, heading string) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH:", err)
	}
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	src, err := goBlockAfter(readme, heading)
	require.NoError(t, err)
	root, err := filepath.Abs(".")
	require.NoError(t, err)
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	gosum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	module, goVersion := modDirectives(gomod)
	if module == "" || goVersion == "" {
		t.Fatalf("go.mod names no module or go version:\n%s", gomod)
	}

	dir := t.TempDir()
	files := map[string][]byte{
		"main.go": src,
		"go.mod": fmt.Appendf(nil, "module example.com/quickstart\n\ngo %s\n\nrequire %s v0.0.0-00010101000000-000000000000\n\nreplace %s => %s\n",
			goVersion, module, module, root),
		"go.sum": gosum,
	}
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}

	cmd := exec.CommandContext(t.Context(), goTool, "build", "-o", os.DevNull, ".")
	cmd.Dir = dir
	// -mod=mod lets go add the SDK's requirements to the new go.mod. They
	// are the SDK's own, already in the module cache for this test to run,
	// so nothing is downloaded (GOPROXY=off); GOWORK=off keeps any go.work
	// out of it.
	cmd.Env = append(os.Environ(),
		"GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"),
		"GOWORK=off",
		"GOPROXY=off",
	)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the README's block after %q does not build (%v):\n%s\n--- main.go:\n%s", heading, err, out, src)
	}
}

// goBlockAfter returns the body of the first ```go fenced block after the
// line heading.
func goBlockAfter(md []byte, heading string) ([]byte, error) {
	var body bytes.Buffer
	seenHeading, inBlock := false, false
	sc := bufio.NewScanner(bytes.NewReader(md))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case !seenHeading:
			seenHeading = strings.TrimSpace(line) == heading
		case !inBlock:
			inBlock = strings.TrimSpace(line) == "```go"
		case strings.TrimSpace(line) == "```":
			return body.Bytes(), nil
		default:
			body.WriteString(line)
			body.WriteByte('\n')
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !seenHeading {
		return nil, fmt.Errorf("README.md has no %q heading", heading)
	}
	return nil, errors.New("README.md has no complete ```go block after " + heading)
}

// modDirectives reads the module path and the go version from a go.mod.
func modDirectives(gomod []byte) (module, goVersion string) {
	for line := range strings.Lines(string(gomod)) {
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == "module" {
			module = f[1]
		}
		if len(f) == 2 && f[0] == "go" {
			goVersion = f[1]
		}
	}
	return module, goVersion
}

// TestReadmeWordsMatchTheCode checks the README's claims that code can
// check: every count of operations it gives is the specs' count, its
// Operations table has a row for each (plus the one convenience method
// marked as such), and its promise that errors read as one line is made for
// this package, whose errors keep it (roster's plan errors may list more).
func TestReadmeWordsMatchTheCode(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	text := string(readme)
	counts := regexp.MustCompile(`(?:the|all)\s+(\d+)\s+operations`).FindAllStringSubmatch(text, -1)
	require.NotEmpty(t, counts, "the README gives no count of operations")
	for _, m := range counts {
		assert.Equal(t, strconv.Itoa(specOperationCount), m[1], "README: %q", m[0])
	}
	_, table, ok := strings.Cut(text, "\n## Operations\n")
	require.True(t, ok, "README.md has no Operations section")
	ops, convenience := 0, 0
	for line := range strings.Lines(table) {
		if strings.HasPrefix(line, "## ") {
			break
		}
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		if strings.Contains(line, "(convenience)") {
			convenience++
			continue
		}
		ops++
	}
	assert.Equal(t, specOperationCount, ops, "rows of the Operations table")
	assert.Equal(t, 1, convenience, "convenience rows of the Operations table")
	oneLine := regexp.MustCompile(`(?s)Every\s+error\s+(\S+\s+\S+\s+\S+\s+)?reads\s+as\s+one\s+line`).FindAllStringSubmatch(text, -1)
	for _, m := range oneLine {
		assert.Equal(t, "of package `dialpad` ", strings.Join(strings.Fields(m[1]), " ")+" ", "README: %q", m[0])
	}
}
