package roster

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ReadFile reads the roster in the named file: with ReadJSON when its
// name ends in .json (in any case), with ReadCSV otherwise. It is how a
// command reads the people file it is given, whichever form the HR system
// exports. A bad row is an error as those functions report it (every bad
// row, each a *RowError naming its line), preceded by the file's name.
func ReadFile(name string) ([]Person, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	read := ReadCSV
	if strings.EqualFold(filepath.Ext(name), ".json") {
		read = ReadJSON
	}
	people, err := read(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return people, nil
}
