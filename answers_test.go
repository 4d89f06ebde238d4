package dialpad

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fastMockClient is a client for the mock API that neither paces nor
// retries, so that a table can run every operation in a few milliseconds.
func fastMockClient(t testing.TB, api *mockAPI) *Client {
	return api.client(t, WithEndpointLimits(false), WithRateLimit(1e9, 1<<20), WithMaxRetries(0))
}

// aggregateAnswers are the operations whose answer is an object made only
// of counts and lists (a page, an operator collection, license counts, a
// plan): Dialpad leaves out zero counts and empty lists, so {} is a valid,
// empty answer for them. Every other object answer carries something it
// cannot lack (an id, a number, an address, a device), and {} is not it.
var aggregateAnswers = map[string]bool{
	"Users.ListPage": true, "Users.ListPersonas": true, "Contacts.ListPage": true,
	"CoachingTeams.ListPage": true, "CoachingTeams.ListMembers": true, "DeskPhones.List": true,
	"UserDevices.ListPage": true, "Offices.ListPage": true, "Offices.AvailableLicenses": true,
	"Offices.GetPlan": true, "Offices.ListOperators": true, "CallCenters.ListPage": true,
	"CallCenters.ListOperators": true, "Departments.ListPage": true, "Departments.ListOperators": true,
}

// noAnswer are the operations whose documented answer is no object at all.
var noAnswer = map[string]bool{"DeskPhones.Delete": true}

// TestEmptyAnswersAreInvalid is the one table over every operation whose
// documented answer is an object: a 204, an empty 200, null or (where the
// object cannot be empty) {} is ErrInvalidResponse naming the call, never
// a zero value and no error, and it is not retried.
func TestEmptyAnswersAreInvalid(t *testing.T) {
	t.Parallel()
	answers := []struct {
		name   string
		status int
		body   string
	}{
		{"204", http.StatusNoContent, ""},
		{"empty 200", http.StatusOK, ""},
		{"blank 200", http.StatusOK, " \n"},
		{"null", http.StatusOK, "null"},
		{"padded null", http.StatusOK, " null\n"},
		{"{}", http.StatusOK, "{}"},
	}
	for _, op := range operations() {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			for _, a := range answers {
				api := newMockAPI(func(*http.Request, int) *http.Response { return answer(a.status, nil, a.body) })
				got, err := op.call(context.Background(), fastMockClient(t, api))
				msg := fmt.Sprintf("%s answered %s", op.name, a.name)
				if noAnswer[op.name] || (a.body == "{}" && aggregateAnswers[op.name]) {
					assert.NoError(t, err, msg)
					continue
				}
				require.ErrorIs(t, err, ErrInvalidResponse, msg)
				assert.Nil(t, got, msg)
				assert.True(t, strings.HasPrefix(err.Error(), "dialpad: "+op.method+" "+op.path+": invalid response body: "),
					"%s: %q does not name the call", msg, err.Error())
				assert.Len(t, api.requests(), 1, "%s: an invalid answer is final", msg)
			}
		})
	}
}

// idAnswers are the operations whose answer is one resource with a numeric
// id of its own.
var idAnswers = []string{
	"Users.Get", "Users.Create", "Users.Update", "Users.Delete", "Users.MoveOffice",
	"Users.SetDoNotDisturb", "Users.SetStatus", "Users.GetCallerID", "Users.SetCallerID",
	"CoachingTeams.Get", "CoachingTeams.AddMember", "Calls.SetRecording", "Calls.SetVI",
	"Offices.Get", "Offices.AddOperator", "Offices.RemoveOperator",
	"CallCenters.Get", "CallCenters.AddOperator", "CallCenters.RemoveOperator",
	"Departments.Get", "Departments.AddOperator", "Departments.RemoveOperator",
}

// TestImpossibleIDsAreInvalid: an id below 1 in a resource, or an item of
// a list without an id, cannot be what Dialpad documents; each is
// ErrInvalidResponse, as a resource without an id is.
func TestImpossibleIDsAreInvalid(t *testing.T) {
	t.Parallel()
	byName := map[string]operation{}
	for _, op := range operations() {
		byName[op.name] = op
	}
	type tc struct{ op, body string }
	var cases []tc
	for _, name := range idAnswers {
		for _, id := range []string{`-1`, `"-1"`, `"-9223372036854775808"`, `-9223372036854775808`} {
			cases = append(cases, tc{name, `{"id": ` + id + `}`})
		}
	}
	for _, name := range []string{"Users.ListPage", "Users.ListPersonas", "CoachingTeams.ListPage", "CoachingTeams.ListMembers",
		"Offices.ListPage", "CallCenters.ListPage", "Departments.ListPage"} {
		cases = append(cases, tc{name, `{"items": [{}]}`}, tc{name, `{"items": [{"id": "0"}]}`},
			tc{name, `{"items": [{"id": "7"}, {"id": "-7"}]}`})
	}
	for _, name := range []string{"Contacts.ListPage", "DeskPhones.List", "UserDevices.ListPage"} {
		cases = append(cases, tc{name, `{"items": [{}]}`}, tc{name, `{"items": [{"id": ""}]}`})
	}
	for _, name := range []string{"Offices.ListOperators", "CallCenters.ListOperators", "Departments.ListOperators"} {
		cases = append(cases, tc{name, `{"users": [{}]}`}, tc{name, `{"rooms": [{"id": "0"}]}`}, tc{name, `{"users": [{"id": -3}]}`})
	}
	for _, c := range cases {
		op, ok := byName[c.op]
		require.True(t, ok, c.op)
		api := newMockAPI(always(http.StatusOK, c.body))
		got, err := op.call(context.Background(), fastMockClient(t, api))
		assert.ErrorIs(t, err, ErrInvalidResponse, "%s answered %s", c.op, c.body)
		assert.Nil(t, got, "%s answered %s", c.op, c.body)
	}

	// A list iterator stops at such a page instead of yielding a user 0.
	api := newMockAPI(always(http.StatusOK, `{"items": [{"id": "1"}, {}]}`))
	var ids []ID
	var errs []error
	for u, err := range fastMockClient(t, api).Users.List(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, u.ID)
	}
	assert.Empty(t, ids)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ErrInvalidResponse)
}
