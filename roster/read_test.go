package roster_test

import (
	"errors"
	"strings"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/roster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadCSV(t *testing.T) {
	t.Parallel()
	in := "\ufeffEmail, First_Name,last_name,OFFICE,license,extension,job_title,number,area_code,state,call_centers,departments\n" +
		"# a comment\n" +
		"ada@example.com,Ada,Lovelace,Headquarters,talk,101,CTO,,415,,Support:supervisor; Escalations:operator ,Sales:admin\n" +
		"\n" +
		"grace@example.com,Grace,Hopper,5220648944236254,AGENTS,,,none,,suspended,Support,\n" +
		"\"hedy@example.com\",Hedy,\"Lamarr, Hedwig\",New York,,,,+12125550100,,active,,\n"
	people, err := roster.ReadCSV(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, people, 3)
	assert.Equal(t, roster.Person{
		Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace", Office: "Headquarters",
		License: dialpad.LicenseTalk, Extension: "101", JobTitle: "CTO", AreaCode: "415",
		CallCenters: []roster.Membership{{Group: "Support", Role: dialpad.GroupRoleSupervisor}, {Group: "Escalations", Role: dialpad.GroupRoleOperator}},
		Departments: []roster.Membership{{Group: "Sales", Role: dialpad.GroupRoleAdmin}},
		Line:        3,
	}, people[0])
	assert.Equal(t, roster.Person{
		Email: "grace@example.com", FirstName: "Grace", LastName: "Hopper", Office: "5220648944236254",
		License: dialpad.LicenseAgents, NoNumber: true, State: dialpad.UserStateSuspended,
		CallCenters: []roster.Membership{{Group: "Support"}},
		Departments: []roster.Membership{}, // the column is there: an empty cell means "in none"
		Line:        5,
	}, people[1])
	assert.Equal(t, 6, people[2].Line)
	assert.Equal(t, "Lamarr, Hedwig", people[2].LastName)
	assert.Equal(t, "+12125550100", people[2].Number)

	// Without the membership columns, memberships are left alone (nil).
	people, err = roster.ReadCSV(strings.NewReader("email,office\nada@example.com,HQ\n"))
	require.NoError(t, err)
	assert.Nil(t, people[0].CallCenters)
	assert.Nil(t, people[0].Departments)
}

func TestReadCSVErrors(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct{ in, want string }{
		"empty":          {"", "empty"},
		"unknown column": {"email,office,job_tilte\n", `unknown column "job_tilte"`},
		"twice":          {"email,office,Email\n", `column "email" appears twice`},
		"no office":      {"email,first_name\nada@example.com,Ada\n", `office: is required (the header has no office column)`},
		"near miss":      {"email,office,callcenters\n", `unknown column "callcenters"; did you mean "call_centers"?`},
		"quoting":        {"email,office\n\"ada@example.com,HQ\n", "reading CSV"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := roster.ReadCSV(strings.NewReader(tc.in))
			require.ErrorContains(t, err, tc.want)
			assert.NotContains(t, err.Error(), "\n", "one problem, said once")
		})
	}

	// Every bad row is reported, each with its line; no people come back.
	in := "email,office,license,state,number,area_code,call_centers,departments\n" +
		"ada@example.com,HQ,talk,active,,,Support,Sales\n" +
		"not-an-email,HQ,,,,,,\n" +
		"bob@example.com,,,,,,,\n" +
		"carol@example.com,HQ,gold,away,,,,\n" +
		"dan@example.com,HQ,,,+1415,415,,\n" +
		"eve@example.com,HQ,,,,,Support:boss;:operator,Sales:supervisor\n" +
		"fay@example.com,HQ\n"
	people, err := roster.ReadCSV(strings.NewReader(in))
	require.Error(t, err)
	assert.Nil(t, people)
	msg := err.Error()
	for _, want := range []string{
		`roster: line 3 (not-an-email): email: "not-an-email" is not an email address`,
		`roster: line 4 (bob@example.com): office: is required`,
		`roster: line 5 (carol@example.com): license: unknown license "gold"`,
		`roster: line 5 (carol@example.com): state: "away" is not "active", "suspended" or "deleted"`,
		`roster: line 6 (dan@example.com): number: set either number or area_code, not both`,
		`roster: line 7 (eve@example.com): call_centers: ":operator" names no group`,
		`roster: line 7 (eve@example.com): departments: Sales: role "supervisor" is not one of operator, admin`,
		`roster: line 8 (fay@example.com): has 2 fields, the header has 8`,
	} {
		assert.Contains(t, msg, want)
	}
	assert.NotContains(t, msg, "line 2")
	var rowErr *roster.RowError
	require.ErrorAs(t, err, &rowErr)
	assert.Equal(t, 3, rowErr.Line)
	assert.Equal(t, 8, strings.Count(msg, "\n")+1, msg)

	// A line break inside a quoted name is refused, naming the line the
	// record starts on.
	_, err = roster.ReadCSV(strings.NewReader("email,office,last_name\n\"hedy@example.com\",HQ,\"Lamarr\nHedwig\"\n"))
	require.ErrorContains(t, err, "roster: line 2 (hedy@example.com): last_name: must be a single line")

	// A role unknown for the kind of group.
	_, err = roster.ReadCSV(strings.NewReader("email,office,call_centers,departments\neve@example.com,HQ,Support:boss,Sales:supervisor\n"))
	require.ErrorContains(t, err, `line 2 (eve@example.com): call_centers: Support: role "boss" is not one of operator, supervisor, admin`)
	require.ErrorContains(t, err, `line 2 (eve@example.com): departments: Sales: role "supervisor" is not one of operator, admin`)
}

func TestReadJSON(t *testing.T) {
	t.Parallel()
	in := `[
  {"email": "ada@example.com", "first_name": "Ada", "office": "Headquarters",
   "call_centers": [{"group": "Support", "role": "supervisor"}], "departments": []},
  {"email": "grace@example.com", "office": "Headquarters", "license": "agents",
   "no_number": true, "state": "suspended"}
]`
	people, err := roster.ReadJSON(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, people, 2)
	assert.Equal(t, roster.Person{Email: "ada@example.com", FirstName: "Ada", Office: "Headquarters",
		CallCenters: []roster.Membership{{Group: "Support", Role: dialpad.GroupRoleSupervisor}},
		Departments: []roster.Membership{}, Line: 2}, people[0])
	assert.Equal(t, 4, people[1].Line)
	assert.Nil(t, people[1].CallCenters)
	assert.True(t, people[1].NoNumber)
}

func TestReadJSONErrors(t *testing.T) {
	t.Parallel()
	_, err := roster.ReadJSON(strings.NewReader(`{"email": "ada@example.com"}`))
	require.ErrorContains(t, err, "must be an array")
	_, err = roster.ReadJSON(strings.NewReader(`[{"email": "ada@example.com", "office": "HQ"}`))
	require.ErrorContains(t, err, "reading JSON")

	in := `[
  {"email": "ada@example.com", "office": "HQ"},
  {"email": "bob@example.com", "office": "HQ", "job_tilte": "CTO"},
  {"email": "carol@example.com", "office": 42},
  {"email": "dan@example.com", "office": "HQ", "call_centers": [{"group": "Support", "role": "boss"}]}
]`
	people, err := roster.ReadJSON(strings.NewReader(in))
	assert.Nil(t, people)
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, `roster: line 3: unknown field "job_tilte"`)
	assert.Contains(t, msg, `roster: line 4: office: want a string, got a JSON number`)
	assert.Contains(t, msg, `roster: line 5 (dan@example.com): call_centers: Support: role "boss"`)
	var rowErr *roster.RowError
	require.True(t, errors.As(err, &rowErr))
}
