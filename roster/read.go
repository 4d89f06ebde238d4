package roster

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// CSVColumns are the columns ReadCSV understands, the same for every job:
// onboarding, offboarding and sync. email is required in the header;
// office too, unless every row is a leaver (state suspended or deleted).
var CSVColumns = []string{
	"email", "first_name", "last_name", "office", "license", "extension", "job_title",
	"number", "area_code", "state", "call_centers", "departments", "caller_id",
	"e911_address", "e911_address2", "e911_city", "e911_state", "e911_zip", "e911_country",
	"coaching_team", "coaching_role", "do_not_disturb",
}

// ReadCSV reads a roster from CSV. The first line is a header naming the
// columns, in any order and any case (see CSVColumns); a column it does
// not know is an error that names the close matches ("did you mean
// \"call_centers\"?"), so that a misspelt "job_tilte" is not silently
// ignored. Lines starting with # are comments.
//
//	email,first_name,last_name,office,license,job_title,state,call_centers,departments
//	ada@example.com,Ada,Lovelace,Headquarters,talk,CTO,,Support:supervisor,Sales:admin
//	grace@example.com,Grace,Hopper,Headquarters,agents,,,Support;Escalations:operator,
//	john@example.com,,,,,,deleted,,
//
// The cells map to the fields of Person. office names an office or gives
// its id; number is an E.164 number, or "none" for no number (both used
// only when the user is created); state is "active" (the default),
// "suspended" or "deleted" (a leaver, who needs no other cell). caller_id
// is an E.164 number or "blocked"; the e911_* cells set the emergency
// address when any of them is filled; coaching_team is a team's name or
// id and coaching_role coach or trainee; do_not_disturb is true/false,
// yes/no, on/off or 1/0, and empty leaves it alone.
//
// call_centers and departments hold any number of memberships, separated
// by semicolons; each is a group's name or id, optionally followed by a
// colon and a role: "Support:operator;Escalations:supervisor". The role
// defaults to operator. A group whose name holds a colon or semicolon is
// named by its id. When the column is in the header, the roster governs
// those memberships for every active person, and an empty cell means "in
// none"; when it is absent, memberships of that kind are left alone.
//
// ReadCSV reads the whole input and reports every bad row, each as a
// *RowError naming its line, joined with errors.Join; it returns no
// people then: nothing is acted on while any row is bad. Duplicate emails
// are found by NewPlan, which names both lines.
func ReadCSV(r io.Reader) ([]Person, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	cols, err := readCSVHeader(cr)
	if err != nil {
		return nil, err
	}
	var (
		people []Person
		errs   rowErrors
	)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// Broken quoting: the reader cannot tell where rows end. The
			// error names the line.
			return nil, fmt.Errorf("roster: reading CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		people = append(people, cols.person(rec, line, len(people), &errs))
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return people, nil
}

// csvColumns is the header of a roster CSV file.
type csvColumns struct {
	col                       map[string]int // the index of each column
	n                         int            // the number of columns
	hasOffice, hasCC, hasDept bool
}

// readCSVHeader reads and checks the header line of a roster CSV file.
func readCSVHeader(cr *csv.Reader) (*csvColumns, error) {
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("roster: the CSV input is empty (want a header line)")
	}
	if err != nil {
		return nil, fmt.Errorf("roster: reading the CSV header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !slices.Contains(CSVColumns, h) {
			return nil, fmt.Errorf("roster: CSV header: unknown column %q%s", h, suggest(h, CSVColumns, "columns"))
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("roster: CSV header: column %q appears twice", h)
		}
		col[h] = i
	}
	if _, ok := col["email"]; !ok {
		return nil, errors.New(`roster: CSV header: the "email" column is required`)
	}
	cols := &csvColumns{col: col, n: len(header)}
	_, cols.hasOffice = col["office"]
	_, cols.hasCC = col["call_centers"]
	_, cols.hasDept = col["departments"]
	return cols, nil
}

// person reads the person of rec, the row on line, the index-th of the
// file, reporting every problem to errs.
func (cs *csvColumns) person(rec []string, line, index int, errs *rowErrors) Person {
	cell := func(name string) string {
		if i, ok := cs.col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	p := Person{
		Email:        cell("email"),
		FirstName:    cell("first_name"),
		LastName:     cell("last_name"),
		Office:       cell("office"),
		License:      dialpad.License(strings.ToLower(cell("license"))),
		Extension:    cell("extension"),
		JobTitle:     cell("job_title"),
		AreaCode:     cell("area_code"),
		State:        dialpad.UserState(strings.ToLower(cell("state"))),
		CallerID:     cell("caller_id"),
		CoachingTeam: cell("coaching_team"),
		CoachingRole: dialpad.CoachingRole(strings.ToLower(cell("coaching_role"))),
		Line:         line,
	}
	rowErr := func(field string, err error) {
		errs.add(&RowError{Line: line, Index: index, Email: p.Email, Field: field, Reason: err.Error()})
	}
	if len(rec) != cs.n {
		errs.add(&RowError{Line: line, Index: index, Email: p.Email,
			Reason: fmt.Sprintf("has %d fields, the header has %d", len(rec), cs.n)})
		return p
	}
	if n := cell("number"); strings.EqualFold(n, "none") {
		p.NoNumber = true
	} else {
		p.Number = n
	}
	if strings.EqualFold(p.CallerID, dialpad.CallerIDBlocked) {
		p.CallerID = dialpad.CallerIDBlocked
	}
	if v := cell("do_not_disturb"); v != "" {
		b, err := parseBool(v)
		if err != nil {
			rowErr("do_not_disturb", err)
		}
		p.DoNotDisturb = &b
	}
	e := dialpad.E911Address{Address: cell("e911_address"), Address2: cell("e911_address2"), City: cell("e911_city"),
		State: cell("e911_state"), Zip: cell("e911_zip"), Country: cell("e911_country")}
	if e != (dialpad.E911Address{}) {
		p.E911 = &e
	}
	var err error
	if cs.hasCC {
		if p.CallCenters, err = parseMemberships(cell("call_centers")); err != nil {
			rowErr("call_centers", err)
		}
	}
	if cs.hasDept {
		if p.Departments, err = parseMemberships(cell("departments")); err != nil {
			rowErr("departments", err)
		}
	}
	var whyNoOffice string
	if !cs.hasOffice {
		whyNoOffice = " (the header has no office column)"
	}
	p.check(index, errs, whyNoOffice)
	return p
}

// parseBool reads a yes/no cell.
func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "false", "no", "off", "0", "n", "f":
		return false, nil
	case "true", "yes", "on", "1", "y", "t":
		return true, nil
	}
	return false, fmt.Errorf("%q is not true or false", v)
}

// parseMemberships reads "Support:operator;Escalations:supervisor". An
// empty cell is no membership (a non-nil empty slice).
func parseMemberships(cell string) ([]Membership, error) {
	out := []Membership{}
	for part := range strings.SplitSeq(cell, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, role, _ := strings.Cut(part, ":")
		name = strings.TrimSpace(name)
		if name == "" {
			return nil, fmt.Errorf("%q names no group", part)
		}
		if strings.Contains(role, ":") {
			return nil, fmt.Errorf("%q has more than one colon (want group:role)", part)
		}
		out = append(out, Membership{Group: name, Role: dialpad.GroupRole(strings.ToLower(strings.TrimSpace(role)))})
	}
	return out, nil
}

// ReadJSON reads a roster from a JSON array of people, each an object
// with the JSON names of Person's fields:
//
//	[{"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace",
//	  "office": "Headquarters", "license": "talk", "job_title": "CTO",
//	  "call_centers": [{"group": "Support", "role": "supervisor"}],
//	  "departments": [{"group": "Sales", "role": "admin"}]}]
//
// An absent or null "call_centers" (or "departments") leaves those
// memberships alone; [] means "in none". An unknown field is an error.
// Each person's Line is the line its object starts on. Like ReadCSV it
// reports every bad entry, as *RowError values joined with errors.Join,
// and then returns no people.
func ReadJSON(r io.Reader) ([]Person, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("roster: reading JSON: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("roster: reading JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, errors.New("roster: JSON input must be an array of people")
	}
	var (
		people []Person
		errs   rowErrors
	)
	for dec.More() {
		index := len(people)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("roster: reading JSON, entry %d: %w", index+1, err)
		}
		// The decoder stands just past the value: find where it started.
		end := int(dec.InputOffset())
		start := end - len(raw)
		line := 1 + bytes.Count(data[:max(start, 0)], []byte("\n"))
		var p Person
		vd := json.NewDecoder(bytes.NewReader(raw))
		vd.DisallowUnknownFields()
		if err := vd.Decode(&p); err != nil {
			errs.add(&RowError{Line: line, Index: index, Reason: describeJSON(err)})
			people = append(people, Person{Line: line})
			continue
		}
		p.Line = line
		p.Email = strings.TrimSpace(p.Email)
		p.Office = strings.TrimSpace(p.Office)
		p.check(index, &errs, "")
		people = append(people, p)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("roster: reading JSON: %w", err)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return people, nil
}

// describeJSON words a decoding error of one entry.
func describeJSON(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s: want a %s, got a JSON %s", te.Field, te.Type, te.Value)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
