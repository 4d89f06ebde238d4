package lifecycle

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// CSVColumns are the columns ReadOnboardCSV understands. Only email and
// one of office and office_id are required; the others may be left out of
// the header or left empty.
var CSVColumns = []string{
	"email", "first_name", "last_name", "office", "office_id", "license",
	"area_code", "number", "call_centers", "departments", "caller_id",
	"e911_address", "e911_address2", "e911_city", "e911_state", "e911_zip", "e911_country",
	"coaching_team_id", "coaching_role", "dnd",
}

// OffboardCSVColumns are the columns ReadOffboardCSV understands: email
// or id (or both), and optionally delete and release_numbers.
var OffboardCSVColumns = []string{"email", "id", "delete", "release_numbers"}

// ReadOnboardCSV reads one OnboardRequest per row of a CSV file whose
// first line is a header naming the columns (any order, any case; see
// CSVColumns):
//
//	email,first_name,last_name,office,license,area_code,call_centers
//	ada@example.com,Ada,Lovelace,Headquarters,agents,415,Support;Escalations:supervisor
//
// office is the office's name and office_id its id; give either. number
// is an E.164 number, or "none" for no number (NoNumber); with neither
// number nor area_code, Dialpad picks one. call_centers and departments
// list group names separated by ";", each optionally followed by ":" and
// a role (operator, admin or supervisor), so a name holding ";" or ":"
// must be set in code instead. The e911_* columns set E911 when any of
// them is filled. dnd is true/false, yes/no, on/off or 1/0. Lines
// starting with # are comments.
//
// A row that cannot be parsed (a non-numeric office_id, a wrong number of
// fields, ...) is still returned, with Line and RowErr set, so that a bulk
// run reports it as that row's failure. The error is only for input that
// cannot be read at all: a missing, unknown or repeated header column, or
// broken CSV quoting. Rollback is not a column; set it on the requests.
func ReadOnboardCSV(r io.Reader) ([]OnboardRequest, error) {
	t, err := openCSV(r, CSVColumns)
	if err != nil {
		return nil, err
	}
	if err := t.need("email"); err != nil {
		return nil, err
	}
	if err := t.need("office", "office_id"); err != nil {
		return nil, err
	}
	var out []OnboardRequest
	err = t.rows(func(line int, get func(string) string, rowErr error) {
		req := OnboardRequest{Line: line, Email: get("email"), RowErr: rowErr}
		if rowErr == nil {
			req.RowErr = parseOnboardRow(&req, get)
		}
		out = append(out, req)
	})
	return out, err
}

// parseOnboardRow fills req from one row's fields; the error is the first
// field that cannot be parsed.
func parseOnboardRow(req *OnboardRequest, get func(string) string) error {
	req.FirstName = get("first_name")
	req.LastName = get("last_name")
	req.Office = get("office")
	req.License = dialpad.License(strings.ToLower(get("license")))
	req.AreaCode = get("area_code")
	req.CallerID = get("caller_id")
	req.CoachingRole = dialpad.CoachingRole(strings.ToLower(get("coaching_role")))
	if n := get("number"); strings.EqualFold(n, "none") {
		req.NoNumber = true
	} else {
		req.Number = n
	}
	var err error
	if req.OfficeID, err = parseID("office_id", get("office_id")); err != nil {
		return err
	}
	if req.CoachingTeamID, err = parseID("coaching_team_id", get("coaching_team_id")); err != nil {
		return err
	}
	if req.CallCenters, err = parseMemberships("call_centers", get("call_centers")); err != nil {
		return err
	}
	if req.Departments, err = parseMemberships("departments", get("departments")); err != nil {
		return err
	}
	if v := get("dnd"); v != "" {
		b, err := parseBool("dnd", v)
		if err != nil {
			return err
		}
		req.DoNotDisturb = &b
	}
	e := dialpad.UpdateE911Request{
		Address: get("e911_address"), City: get("e911_city"), State: get("e911_state"),
		Zip: get("e911_zip"), Country: get("e911_country"),
	}
	a2 := get("e911_address2")
	if a2 != "" {
		e.Address2 = &a2
	}
	if e.Address+a2+e.City+e.State+e.Zip+e.Country != "" {
		req.E911 = &e
	}
	return nil
}

// parseMemberships reads "Support;Escalations:supervisor".
func parseMemberships(field, v string) ([]Membership, error) {
	var out []Membership
	for part := range strings.SplitSeq(v, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		m := Membership{Name: part}
		if i := strings.LastIndexByte(part, ':'); i >= 0 {
			m.Name = strings.TrimSpace(part[:i])
			m.Role = dialpad.GroupRole(strings.ToLower(strings.TrimSpace(part[i+1:])))
			if m.Name == "" || m.Role == "" {
				return nil, invalid(field, "%q is not a name or name:role", part)
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// ReadOffboardCSV reads one OffboardRequest per row of a CSV file whose
// first line is a header naming the columns (any order, any case; see
// OffboardCSVColumns), as ReadOnboardCSV does:
//
//	email,id,delete,release_numbers
//	ada@example.com,,yes,
//	,5835806903417907,no,yes
//
// Each row names the user by email or by numeric id (one of the two; the
// header needs at least one of the columns). delete and release_numbers
// are true/false, yes/no, on/off or 1/0, false when empty, and fill the
// request's OffboardOptions. Lines starting with # are comments.
//
// A row that cannot be parsed (both or neither of email and id, an id that
// is not a number, a bad boolean, a wrong number of fields) is returned
// with Line and RowErr set, and OffboardAll fails it in StepValidate. The
// error is only for input that cannot be read at all: a missing, unknown
// or repeated header column, or broken CSV quoting. DryRun is not a
// column; set it on the requests.
func ReadOffboardCSV(r io.Reader) ([]OffboardRequest, error) {
	t, err := openCSV(r, OffboardCSVColumns)
	if err != nil {
		return nil, err
	}
	if err := t.need("email", "id"); err != nil {
		return nil, err
	}
	var out []OffboardRequest
	err = t.rows(func(line int, get func(string) string, rowErr error) {
		req := OffboardRequest{Line: line, Who: cmp.Or(get("email"), get("id")), RowErr: rowErr}
		if rowErr == nil {
			req.RowErr = parseOffboardRow(&req, get)
		}
		out = append(out, req)
	})
	return out, err
}

func parseOffboardRow(req *OffboardRequest, get func(string) string) error {
	email, id := get("email"), get("id")
	switch {
	case email != "" && id != "":
		return invalid("id", "give email or id, not both")
	case email == "" && id == "":
		return invalid("email", "is required (or id)")
	case id != "":
		if _, err := parseID("id", id); err != nil {
			return err
		}
	}
	var err error
	if req.Delete, err = parseBool("delete", get("delete")); err != nil {
		return err
	}
	if req.ReleaseNumbers, err = parseBool("release_numbers", get("release_numbers")); err != nil {
		return err
	}
	return nil
}

// csvTable reads a CSV file with a header line.
type csvTable struct {
	cr     *csv.Reader
	header []string
	col    map[string]int
	known  []string
}

// openCSV reads the header: each column must be one of known (compared
// without regard to case, spaces or a byte-order mark) and appear once.
func openCSV(r io.Reader, known []string) (*csvTable, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("lifecycle: CSV input is empty (want a header line)")
	}
	if err != nil {
		return nil, fmt.Errorf("lifecycle: reading CSV header: %w", err)
	}
	t := &csvTable{cr: cr, header: header, col: map[string]int{}, known: known}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !slices.Contains(known, h) {
			return nil, fmt.Errorf("lifecycle: CSV header: unknown column %q (known: %s)", h, strings.Join(known, ","))
		}
		if _, dup := t.col[h]; dup {
			return nil, fmt.Errorf("lifecycle: CSV header: column %q appears twice", h)
		}
		t.col[h] = i
	}
	return t, nil
}

// need fails unless the header has one of the columns.
func (t *csvTable) need(cols ...string) error {
	if slices.ContainsFunc(cols, func(c string) bool { _, ok := t.col[c]; return ok }) {
		return nil
	}
	if len(cols) == 1 {
		return fmt.Errorf("lifecycle: CSV header: missing column %q", cols[0])
	}
	return fmt.Errorf("lifecycle: CSV header: missing column %q or %q", cols[0], cols[1])
}

// rows calls row for each record: its line, a getter of its trimmed
// fields by column name ("" for a column the header lacks), and an error
// when it has the wrong number of fields (then the getter sees only the
// fields it has).
func (t *csvTable) rows(row func(line int, get func(string) string, rowErr error)) error {
	for {
		rec, err := t.cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("lifecycle: reading CSV: %w", err)
		}
		line, _ := t.cr.FieldPos(0)
		get := func(name string) string {
			if i, ok := t.col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		var rowErr error
		if len(rec) != len(t.header) {
			rowErr = fmt.Errorf("lifecycle: CSV line %d has %d fields, the header %d", line, len(rec), len(t.header))
		}
		row(line, get, rowErr)
	}
}

// parseID reads an optional positive id; empty is zero.
func parseID(field, v string) (dialpad.ID, error) {
	if v == "" {
		return 0, nil
	}
	id, err := dialpad.ParseID(v)
	if err != nil || id <= 0 {
		return 0, invalid(field, "%q is not a positive id", v)
	}
	return id, nil
}

// parseBool reads an optional boolean; empty is false.
func parseBool(field, v string) (bool, error) {
	switch strings.ToLower(v) {
	case "", "false", "no", "off", "0", "n", "f":
		return false, nil
	case "true", "yes", "on", "1", "y", "t":
		return true, nil
	}
	return false, invalid(field, "%q is not true or false", v)
}
