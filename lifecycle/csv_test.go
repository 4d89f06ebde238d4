package lifecycle_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

func TestReadOnboardCSV(t *testing.T) {
	t.Parallel()
	in := "\ufeffEmail, First_Name,last_name,office,office_id,license,area_code,number,call_centers,departments,caller_id," +
		"e911_address,e911_address2,e911_city,e911_state,e911_zip,e911_country,coaching_team_id,coaching_role,dnd\n" +
		"# a comment\n" +
		"ada@example.com,Ada,Lovelace,,42,Agents,415,,Support; Escalations:Supervisor,Sales:admin,blocked,3001 Bishop Dr,ste 120,San Ramon,ca,94583,us,7,Coach,yes\n" +
		"\n" +
		"bob@example.com,\"Bob, Jr\",Builder,Headquarters,,,,none,,,,,,,,,,,,off\n" +
		"cy@example.com,Cy,,New York,42,,,+14155550100,,,,,,,,,,,,\n"
	reqs, err := lifecycle.ReadOnboardCSV(strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, []lifecycle.OnboardRequest{
		{Line: 3, Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace", OfficeID: 42, License: dialpad.LicenseAgents,
			AreaCode: "415", CallerID: "blocked",
			CallCenters: []lifecycle.Membership{{Name: "Support"}, {Name: "Escalations", Role: dialpad.GroupRoleSupervisor}},
			Departments: []lifecycle.Membership{{Name: "Sales", Role: dialpad.GroupRoleAdmin}},
			E911: &dialpad.UpdateE911Request{Address: "3001 Bishop Dr", Address2: dialpad.Ptr("ste 120"), City: "San Ramon",
				State: "ca", Zip: "94583", Country: "us"},
			CoachingTeamID: 7, CoachingRole: dialpad.CoachingRoleCoach, DoNotDisturb: dialpad.Ptr(true)},
		{Line: 5, Email: "bob@example.com", FirstName: "Bob, Jr", LastName: "Builder", Office: "Headquarters", NoNumber: true,
			DoNotDisturb: dialpad.Ptr(false)},
		{Line: 6, Email: "cy@example.com", FirstName: "Cy", Office: "New York", OfficeID: 42, Number: "+14155550100"},
	}, reqs)
}

func TestReadOnboardCSVBadRows(t *testing.T) {
	t.Parallel()
	in := "email,office_id,dnd,coaching_team_id,call_centers\n" +
		"a@example.com,abc,,,\n" +
		"b@example.com,1\n" +
		"c@example.com,1,maybe,,\n" +
		"d@example.com,1,,-3,\n" +
		"e@example.com,1,,,Support:\n" +
		"f@example.com,,,,\n" +
		"g@example.com,1,true,,Support:admin;Billing\n"
	reqs, err := lifecycle.ReadOnboardCSV(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, reqs, 7)
	for i, field := range []string{"office_id", "", "dnd", "coaching_team_id", "call_centers"} {
		r := reqs[i]
		require.Error(t, r.RowErr, "line %d", r.Line)
		if field == "" {
			assert.Contains(t, r.RowErr.Error(), "line 3 has 2 fields")
		} else {
			var ve *dialpad.ValidationError
			require.ErrorAs(t, r.RowErr, &ve, "line %d", r.Line)
			assert.Equal(t, field, ve.Field, "line %d", r.Line)
		}
		assert.NotEmpty(t, r.Email, "row %d keeps its email for the report", i)
		assert.Equal(t, i+2, r.Line)
	}
	// An empty office_id is not a parse error: Onboard's validation
	// reports it.
	assert.NoError(t, reqs[5].RowErr)
	assert.Zero(t, reqs[5].OfficeID)
	assert.NoError(t, reqs[6].RowErr)
}

func TestReadOnboardCSVBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", "empty"},
		{"email,ofice_id\n", `unknown column "ofice_id"`},
		{"email,first_name\n", `missing column "office" or "office_id"`},
		{"office\n", `missing column "email"`},
		{"email,office_id,Email\n", `"email" appears twice`},
		{"email,office_id\n\"a@example.com,1\n", "reading CSV"},
	} {
		_, err := lifecycle.ReadOnboardCSV(strings.NewReader(tc.in))
		require.Error(t, err, "%q", tc.in)
		assert.Contains(t, err.Error(), tc.want, "%q", tc.in)
	}
}

func TestReadOffboardCSV(t *testing.T) {
	t.Parallel()
	in := "\ufeffEMAIL,id,Delete,release_numbers\n" +
		"# leavers\n" +
		"ada@example.com,,yes,\n" +
		",5835806903417907,no,true\n" +
		"grace@example.com,,,\n"
	reqs, err := lifecycle.ReadOffboardCSV(strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, []lifecycle.OffboardRequest{
		{Line: 3, Who: "ada@example.com", OffboardOptions: lifecycle.OffboardOptions{Delete: true}},
		{Line: 4, Who: "5835806903417907", OffboardOptions: lifecycle.OffboardOptions{ReleaseNumbers: true}},
		{Line: 5, Who: "grace@example.com"},
	}, reqs)

	// A header with only one of email and id is enough.
	reqs, err = lifecycle.ReadOffboardCSV(strings.NewReader("id\n42\n"))
	require.NoError(t, err)
	assert.Equal(t, []lifecycle.OffboardRequest{{Line: 2, Who: "42"}}, reqs)
}

func TestReadOffboardCSVBadRows(t *testing.T) {
	t.Parallel()
	in := "email,id,delete,release_numbers\n" +
		"a@example.com,42,,\n" +
		",,yes,\n" +
		",abc,,\n" +
		"b@example.com,,maybe,\n" +
		"c@example.com,,,2\n" +
		"d@example.com,\n" +
		"e@example.com,,true,false\n"
	reqs, err := lifecycle.ReadOffboardCSV(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, reqs, 7)
	for i, field := range []string{"id", "email", "id", "delete", "release_numbers", ""} {
		r := reqs[i]
		require.Error(t, r.RowErr, "line %d", r.Line)
		assert.Equal(t, i+2, r.Line)
		if field == "" {
			assert.Contains(t, r.RowErr.Error(), "line 7 has 2 fields")
			continue
		}
		var ve *dialpad.ValidationError
		require.ErrorAs(t, r.RowErr, &ve, "line %d", r.Line)
		assert.Equal(t, field, ve.Field, "line %d", r.Line)
	}
	assert.Equal(t, "abc", reqs[2].Who, "a bad row keeps what names the user, for the report")
	assert.NoError(t, reqs[6].RowErr)

	// OffboardAll fails the bad rows in StepValidate, sending nothing for
	// them.
	e := setup(t, 1, 1)
	b := lifecycle.OffboardAll(t.Context(), e.c, reqs[:6], lifecycle.BulkOptions{})
	for _, r := range b.Reports {
		assert.Equal(t, []string{"validate failed", "suspend_user not_run"}, stepList(r), "line %d", r.Line)
		assert.Contains(t, r.Err().Error(), "(line ")
	}
	assert.Empty(t, e.srv.Requests())
}

func TestReadOffboardCSVBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", "empty"},
		{"email,dry_run\n", `unknown column "dry_run"`},
		{"delete\n", `missing column "email" or "id"`},
		{"id,ID\n", `"id" appears twice`},
		{"email\n\"a@example.com\n", "reading CSV"},
	} {
		_, err := lifecycle.ReadOffboardCSV(strings.NewReader(tc.in))
		require.Error(t, err, "%q", tc.in)
		assert.Contains(t, err.Error(), tc.want, "%q", tc.in)
	}
}
