package lifecycle_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

func TestReadOnboardCSV(t *testing.T) {
	t.Parallel()
	in := "\ufeffEmail, First_Name,last_name,office_id,license,area_code,number,caller_id," +
		"e911_address,e911_address2,e911_city,e911_state,e911_zip,e911_country,coaching_team_id,coaching_role,dnd\n" +
		"# a comment\n" +
		"ada@example.com,Ada,Lovelace,42,Agents,415,,blocked,3001 Bishop Dr,ste 120,San Ramon,ca,94583,us,7,Coach,yes\n" +
		"\n" +
		"bob@example.com,\"Bob, Jr\",Builder,42,,,none,,,,,,,,,,off\n" +
		"cy@example.com,Cy,,42,,,+14155550100,,,,,,,,,,\n"
	reqs, err := lifecycle.ReadOnboardCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []lifecycle.OnboardRequest{
		{Line: 3, Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace", OfficeID: 42, License: dialpad.LicenseAgents,
			AreaCode: "415", CallerID: "blocked",
			E911: &dialpad.UpdateE911Request{Address: "3001 Bishop Dr", Address2: dialpad.Ptr("ste 120"), City: "San Ramon",
				State: "ca", Zip: "94583", Country: "us"},
			CoachingTeamID: 7, CoachingRole: dialpad.CoachingRoleCoach, DoNotDisturb: dialpad.Ptr(true)},
		{Line: 5, Email: "bob@example.com", FirstName: "Bob, Jr", LastName: "Builder", OfficeID: 42, NoNumber: true,
			DoNotDisturb: dialpad.Ptr(false)},
		{Line: 6, Email: "cy@example.com", FirstName: "Cy", OfficeID: 42, Number: "+14155550100"},
	}
	if !reflect.DeepEqual(reqs, want) {
		t.Errorf("got  %+v\nwant %+v", reqs, want)
	}
}

func TestReadOnboardCSVBadRows(t *testing.T) {
	t.Parallel()
	in := "email,office_id,dnd,coaching_team_id\n" +
		"a@example.com,abc,,\n" +
		"b@example.com,1\n" +
		"c@example.com,1,maybe,\n" +
		"d@example.com,1,,-3\n" +
		"e@example.com,,,\n" +
		"f@example.com,1,true,\n"
	reqs, err := lifecycle.ReadOnboardCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 6 {
		t.Fatalf("%d rows, want 6", len(reqs))
	}
	for i, field := range []string{"office_id", "", "dnd", "coaching_team_id"} {
		r := reqs[i]
		var ve *dialpad.ValidationError
		switch {
		case r.RowErr == nil:
			t.Errorf("line %d: no RowErr", r.Line)
		case field != "" && (!errors.As(r.RowErr, &ve) || ve.Field != field):
			t.Errorf("line %d: RowErr %v, want one for %s", r.Line, r.RowErr, field)
		case field == "" && !strings.Contains(r.RowErr.Error(), "line 3 has 2 fields"):
			t.Errorf("line %d: RowErr %v", r.Line, r.RowErr)
		}
		if r.Email == "" || r.Line != i+2 {
			t.Errorf("row %d: email %q line %d; want both kept for the report", i, r.Email, r.Line)
		}
	}
	// An empty office_id is not a parse error: Onboard's validation
	// reports it.
	if reqs[4].RowErr != nil || reqs[4].OfficeID != 0 || reqs[5].RowErr != nil {
		t.Errorf("rows 5 and 6: %+v %+v", reqs[4], reqs[5])
	}
}

func TestReadOnboardCSVBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", "empty"},
		{"email,ofice_id\n", `unknown column "ofice_id"`},
		{"email,first_name\n", `missing column "office_id"`},
		{"email,office_id,Email\n", `"email" appears twice`},
		{"email,office_id\n\"a@example.com,1\n", "reading CSV"},
	} {
		_, err := lifecycle.ReadOnboardCSV(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadOnboardCSV(%q): err = %v, want %q", tc.in, err, tc.want)
		}
	}
}
