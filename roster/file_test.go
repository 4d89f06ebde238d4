package roster_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/dialpad-community/dialpad-go/roster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeFile writes content to a file called name in a fresh directory and
// returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func TestReadFile(t *testing.T) {
	t.Parallel()
	csvRoster := "email,first_name,office\nada@example.com,Ada,Headquarters\n"
	jsonRoster := `[{"email": "ada@example.com", "first_name": "Ada", "office": "Headquarters"}]`
	for _, tc := range []struct{ name, content string }{
		{"employees.csv", csvRoster},
		{"employees", csvRoster},     // no extension: CSV
		{"employees.txt", csvRoster}, // any other extension: CSV
		{"employees.json", jsonRoster},
		{"EMPLOYEES.JSON", jsonRoster},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			people, err := roster.ReadFile(writeFile(t, tc.name, tc.content))
			require.NoError(t, err)
			require.Len(t, people, 1)
			assert.Equal(t, "ada@example.com", people[0].Email)
			assert.Equal(t, "Ada", people[0].FirstName)
			assert.Equal(t, "Headquarters", people[0].Office)
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	t.Parallel()
	t.Run("missing", func(t *testing.T) {
		t.Parallel()
		_, err := roster.ReadFile(filepath.Join(t.TempDir(), "nobody.csv"))
		require.ErrorIs(t, err, fs.ErrNotExist)
	})
	t.Run("bad row", func(t *testing.T) {
		t.Parallel()
		path := writeFile(t, "employees.csv", "email,office\nnot-an-email,Headquarters\n")
		people, err := roster.ReadFile(path)
		assert.Nil(t, people)
		var re *roster.RowError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 2, re.Line)
		assert.Contains(t, err.Error(), path+": roster: line 2")
	})
	t.Run("JSON read as JSON", func(t *testing.T) {
		t.Parallel()
		// CSV in a .json file: the extension decides, and JSON wants an array.
		_, err := roster.ReadFile(writeFile(t, "employees.json", "email,office\n"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "JSON")
		var re *roster.RowError
		assert.False(t, errors.As(err, &re))
	})
}

// ReadFile reads the people file a command is given, CSV or JSON by its
// extension.
func ExampleReadFile() {
	dir, err := os.MkdirTemp("", "roster")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer func() { _ = os.RemoveAll(dir) }()
	path := filepath.Join(dir, "employees.json")
	data := `[{"email": "ada@example.com", "first_name": "Ada", "office": "Headquarters", "state": "active"},
 {"email": "john@example.com", "state": "deleted"}]`
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		fmt.Println(err)
		return
	}
	people, err := roster.ReadFile(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range people {
		fmt.Printf("line %d: %s %s\n", p.Line, p.Email, p.State)
	}
	// Output:
	// line 1: ada@example.com active
	// line 2: john@example.com deleted
}
