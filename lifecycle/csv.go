package lifecycle

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// CSVColumns are the columns ReadOnboardCSV understands. Only email and
// office_id are required; the others may be left out of the header or left
// empty.
var CSVColumns = []string{
	"email", "first_name", "last_name", "office_id", "license",
	"area_code", "number", "caller_id",
	"e911_address", "e911_address2", "e911_city", "e911_state", "e911_zip", "e911_country",
	"coaching_team_id", "coaching_role", "dnd",
}

// ReadOnboardCSV reads one OnboardRequest per row of a CSV file whose
// first line is a header naming the columns (any order, any case; see
// CSVColumns):
//
//	email,first_name,last_name,office_id,license,area_code
//	ada@example.com,Ada,Lovelace,6422934115149452,talk,415
//
// number is an E.164 number, or "none" for no number (NoNumber); with
// neither number nor area_code, Dialpad picks one. The e911_* columns set
// E911 when any of them is filled. dnd is true/false, yes/no, on/off or
// 1/0. Lines starting with # are comments.
//
// A row that cannot be parsed (a non-numeric office_id, a wrong number of
// fields, ...) is still returned, with Line and RowErr set, so that a bulk
// run reports it as that row's failure. The error is only for input that
// cannot be read at all: a missing or bad header, or broken CSV quoting.
// Rollback and OfficeCheck are not columns; set them on the requests.
func ReadOnboardCSV(r io.Reader) ([]OnboardRequest, error) {
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
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !slices.Contains(CSVColumns, h) {
			return nil, fmt.Errorf("lifecycle: CSV header: unknown column %q (known: %s)", h, strings.Join(CSVColumns, ","))
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("lifecycle: CSV header: column %q appears twice", h)
		}
		col[h] = i
	}
	for _, must := range []string{"email", "office_id"} {
		if _, ok := col[must]; !ok {
			return nil, fmt.Errorf("lifecycle: CSV header: missing column %q", must)
		}
	}
	var out []OnboardRequest
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("lifecycle: reading CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		req := OnboardRequest{Line: line}
		if len(rec) != len(header) {
			req.RowErr = fmt.Errorf("lifecycle: CSV line %d has %d fields, the header %d", line, len(rec), len(header))
			if i, ok := col["email"]; ok && i < len(rec) {
				req.Email = strings.TrimSpace(rec[i])
			}
		} else {
			get := func(name string) string {
				if i, ok := col[name]; ok {
					return strings.TrimSpace(rec[i])
				}
				return ""
			}
			req.RowErr = parseRow(&req, get)
		}
		out = append(out, req)
	}
}

// parseRow fills req from one row's fields; the error is the first field
// that cannot be parsed.
func parseRow(req *OnboardRequest, get func(string) string) error {
	req.Email = get("email")
	req.FirstName = get("first_name")
	req.LastName = get("last_name")
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
	if v := get("dnd"); v != "" {
		b, err := parseBool(v)
		if err != nil {
			return invalid("dnd", "%q is not true or false", v)
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

// parseID reads an optional positive id; empty is zero.
func parseID(field, v string) (dialpad.ID, error) {
	if v == "" {
		return 0, nil
	}
	id, err := dialpad.ParseID(v)
	if err != nil {
		return 0, invalid(field, "%q is not a positive id", v)
	}
	return id, nil
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true", "yes", "on", "1", "y", "t":
		return true, nil
	case "false", "no", "off", "0", "n", "f":
		return false, nil
	}
	return false, errors.New("not a boolean")
}
