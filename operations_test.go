package dialpad

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// operation is one call of one API operation, with arguments the spec
// accepts, for the tables that run every operation.
type operation struct {
	name   string // Service.Method
	method string
	path   string // as sent, without the query
	call   func(ctx context.Context, c *Client) (any, error)
}

// operations calls each of the 62 operations of the three specs once: the
// user-management ones, then the organization ones (orgPaths), then the
// event ones (webhooks, change-log subscriptions).
func operations() []operation {
	const user, other = ID(5835806903417907), ID(4449170667665453)
	addOp := &AddOperatorRequest{OperatorID: 2, OperatorType: OperatorTypeUser}
	rmOp := &RemoveOperatorRequest{OperatorID: 2, OperatorType: OperatorTypeUser}
	e911 := &UpdateE911Request{Address: "3001 Bishop Dr", City: "San Ramon", State: "CA", Zip: "94583", Country: "us"}
	return []operation{
		{"Users.ListPage", "GET", "/api/v2/users", func(ctx context.Context, c *Client) (any, error) { return c.Users.ListPage(ctx, nil) }},
		{"Users.Get", "GET", "/api/v2/users/5835806903417907", func(ctx context.Context, c *Client) (any, error) { return c.Users.Get(ctx, user) }},
		{"Users.Create", "POST", "/api/v2/users", func(ctx context.Context, c *Client) (any, error) {
			return c.Users.Create(ctx, &CreateUserRequest{Email: "ada@example.com", OfficeID: other})
		}},
		{"Users.Update", "PATCH", "/api/v2/users/5835806903417907", func(ctx context.Context, c *Client) (any, error) {
			return c.Users.Update(ctx, user, &UpdateUserRequest{JobTitle: Ptr("CFO")})
		}},
		{"Users.Delete", "DELETE", "/api/v2/users/5835806903417907", func(ctx context.Context, c *Client) (any, error) { return c.Users.Delete(ctx, user) }},
		{"Users.MoveOffice", "PATCH", "/api/v2/users/5835806903417907/move_office", func(ctx context.Context, c *Client) (any, error) {
			return c.Users.MoveOffice(ctx, user, other)
		}},
		{"Users.SetDoNotDisturb", "PATCH", "/api/v2/users/5835806903417907/togglednd", func(ctx context.Context, c *Client) (any, error) {
			return c.Users.SetDoNotDisturb(ctx, user, &DoNotDisturbRequest{DoNotDisturb: true})
		}},
		{"Users.SetStatus", "PATCH", "/api/v2/users/5835806903417907/status", func(ctx context.Context, c *Client) (any, error) {
			return c.Users.SetStatus(ctx, user, &UserStatusRequest{StatusMessage: "out"})
		}},
		{"Users.ListPersonas", "GET", "/api/v2/users/5835806903417907/personas", func(ctx context.Context, c *Client) (any, error) {
			return c.Users.ListPersonas(ctx, user)
		}},
		{"Users.GetCallerID", "GET", "/api/v2/users/5835806903417907/caller_id", func(ctx context.Context, c *Client) (any, error) {
			return c.Users.GetCallerID(ctx, user)
		}},
		{"Users.SetCallerID", "POST", "/api/v2/users/5835806903417907/caller_id", func(ctx context.Context, c *Client) (any, error) {
			return c.Users.SetCallerID(ctx, user, "+14155551001")
		}},
		{"Contacts.ListPage", "GET", "/api/v2/contacts", func(ctx context.Context, c *Client) (any, error) { return c.Contacts.ListPage(ctx, nil) }},
		{"Contacts.Get", "GET", "/api/v2/contacts/5764418315837440", func(ctx context.Context, c *Client) (any, error) {
			return c.Contacts.Get(ctx, "5764418315837440")
		}},
		{"Contacts.Create", "POST", "/api/v2/contacts", func(ctx context.Context, c *Client) (any, error) {
			return c.Contacts.Create(ctx, &CreateContactRequest{FirstName: "Wile", LastName: "Coyote"})
		}},
		{"Contacts.CreateOrUpdate", "PUT", "/api/v2/contacts", func(ctx context.Context, c *Client) (any, error) {
			return c.Contacts.CreateOrUpdate(ctx, &CreateOrUpdateContactRequest{UID: "crm-1", FirstName: "Wile", LastName: "Coyote"})
		}},
		{"Contacts.Update", "PATCH", "/api/v2/contacts/5764418315837440", func(ctx context.Context, c *Client) (any, error) {
			return c.Contacts.Update(ctx, "5764418315837440", &UpdateContactRequest{JobTitle: Ptr("Chief Engineer")})
		}},
		{"Contacts.Delete", "DELETE", "/api/v2/contacts/5764418315837440", func(ctx context.Context, c *Client) (any, error) {
			return c.Contacts.Delete(ctx, "5764418315837440")
		}},
		{"CoachingTeams.ListPage", "GET", "/api/v2/coachingteams", func(ctx context.Context, c *Client) (any, error) {
			return c.CoachingTeams.ListPage(ctx, nil)
		}},
		{"CoachingTeams.Get", "GET", "/api/v2/coachingteams/1130", func(ctx context.Context, c *Client) (any, error) { return c.CoachingTeams.Get(ctx, 1130) }},
		{"CoachingTeams.ListMembers", "GET", "/api/v2/coachingteams/1130/members", func(ctx context.Context, c *Client) (any, error) {
			return c.CoachingTeams.ListMembers(ctx, 1130)
		}},
		{"CoachingTeams.AddMember", "POST", "/api/v2/coachingteams/1130/members", func(ctx context.Context, c *Client) (any, error) {
			return c.CoachingTeams.AddMember(ctx, 1130, &AddCoachingTeamMemberRequest{MemberID: user, Role: CoachingRoleTrainee})
		}},
		{"DeskPhones.List", "GET", "/api/v2/users/2/deskphones", func(ctx context.Context, c *Client) (any, error) { return c.DeskPhones.List(ctx, 2) }},
		{"DeskPhones.Get", "GET", "/api/v2/users/2/deskphones/obi-1", func(ctx context.Context, c *Client) (any, error) {
			return c.DeskPhones.Get(ctx, 2, "obi-1")
		}},
		{"DeskPhones.Delete", "DELETE", "/api/v2/users/2/deskphones/obi-1", func(ctx context.Context, c *Client) (any, error) {
			return nil, c.DeskPhones.Delete(ctx, 2, "obi-1")
		}},
		{"UserDevices.ListPage", "GET", "/api/v2/userdevices", func(ctx context.Context, c *Client) (any, error) {
			return c.UserDevices.ListPage(ctx, &UserDeviceListOptions{UserID: user})
		}},
		{"UserDevices.Get", "GET", "/api/v2/userdevices/web-1", func(ctx context.Context, c *Client) (any, error) {
			return c.UserDevices.Get(ctx, "web-1")
		}},
		{"E911.Get", "GET", "/api/v2/users/2/e911", func(ctx context.Context, c *Client) (any, error) { return c.E911.Get(ctx, 2) }},
		{"E911.Update", "PUT", "/api/v2/users/2/e911", func(ctx context.Context, c *Client) (any, error) { return c.E911.Update(ctx, 2, e911) }},
		{"Numbers.Assign", "POST", "/api/v2/users/2/assign_number", func(ctx context.Context, c *Client) (any, error) {
			return c.Numbers.Assign(ctx, 2, &AssignNumberRequest{AreaCode: Ptr("415")})
		}},
		{"Numbers.Unassign", "POST", "/api/v2/users/2/unassign_number", func(ctx context.Context, c *Client) (any, error) {
			return c.Numbers.Unassign(ctx, 2, "+14155551002")
		}},
		{"Calls.Initiate", "POST", "/api/v2/users/2/initiate_call", func(ctx context.Context, c *Client) (any, error) {
			return c.Calls.Initiate(ctx, 2, &InitiateCallRequest{PhoneNumber: "+14155550123"})
		}},
		{"Calls.SetRecording", "PATCH", "/api/v2/users/2/activecall", func(ctx context.Context, c *Client) (any, error) {
			return c.Calls.SetRecording(ctx, 2, &RecordingRequest{IsRecording: Ptr(true)})
		}},
		{"Calls.SetVI", "PATCH", "/api/v2/users/2/togglevi", func(ctx context.Context, c *Client) (any, error) {
			return c.Calls.SetVI(ctx, 2, &VIRequest{EnableVI: Ptr(true)})
		}},
		{"Calls.ScreenPop", "POST", "/api/v2/users/2/screenpop", func(ctx context.Context, c *Client) (any, error) {
			return c.Calls.ScreenPop(ctx, 2, "https://crm.example.com/contacts/42")
		}},
		{"AgentGroups.Get", "GET", "/api/v2/agent-groups/4869863920304128", func(ctx context.Context, c *Client) (any, error) {
			return c.AgentGroups.Get(ctx, "4869863920304128")
		}},

		{"Offices.ListPage", "GET", "/api/v2/offices", func(ctx context.Context, c *Client) (any, error) { return c.Offices.ListPage(ctx, nil) }},
		{"Offices.Get", "GET", "/api/v2/offices/124", func(ctx context.Context, c *Client) (any, error) { return c.Offices.Get(ctx, 124) }},
		{"Offices.AvailableLicenses", "GET", "/api/v2/offices/124/available_licenses", func(ctx context.Context, c *Client) (any, error) {
			return c.Offices.AvailableLicenses(ctx, 124)
		}},
		{"Offices.GetPlan", "GET", "/api/v2/offices/124/plan", func(ctx context.Context, c *Client) (any, error) { return c.Offices.GetPlan(ctx, 124) }},
		{"Offices.ListOperators", "GET", "/api/v2/offices/124/operators", func(ctx context.Context, c *Client) (any, error) {
			return c.Offices.ListOperators(ctx, 124)
		}},
		{"Offices.AddOperator", "POST", "/api/v2/offices/124/operators", func(ctx context.Context, c *Client) (any, error) {
			return c.Offices.AddOperator(ctx, 124, addOp)
		}},
		{"Offices.RemoveOperator", "DELETE", "/api/v2/offices/124/operators", func(ctx context.Context, c *Client) (any, error) {
			return c.Offices.RemoveOperator(ctx, 124, rmOp)
		}},
		{"CallCenters.ListPage", "GET", "/api/v2/callcenters", func(ctx context.Context, c *Client) (any, error) { return c.CallCenters.ListPage(ctx, nil) }},
		{"CallCenters.Get", "GET", "/api/v2/callcenters/1000", func(ctx context.Context, c *Client) (any, error) { return c.CallCenters.Get(ctx, 1000) }},
		{"CallCenters.ListOperators", "GET", "/api/v2/callcenters/1000/operators", func(ctx context.Context, c *Client) (any, error) {
			return c.CallCenters.ListOperators(ctx, 1000)
		}},
		{"CallCenters.AddOperator", "POST", "/api/v2/callcenters/1000/operators", func(ctx context.Context, c *Client) (any, error) {
			return c.CallCenters.AddOperator(ctx, 1000, &AddCallCenterOperatorRequest{UserID: 2})
		}},
		{"CallCenters.RemoveOperator", "DELETE", "/api/v2/callcenters/1000/operators", func(ctx context.Context, c *Client) (any, error) {
			return c.CallCenters.RemoveOperator(ctx, 1000, 2)
		}},
		{"Departments.ListPage", "GET", "/api/v2/departments", func(ctx context.Context, c *Client) (any, error) { return c.Departments.ListPage(ctx, nil) }},
		{"Departments.Get", "GET", "/api/v2/departments/130", func(ctx context.Context, c *Client) (any, error) { return c.Departments.Get(ctx, 130) }},
		{"Departments.ListOperators", "GET", "/api/v2/departments/130/operators", func(ctx context.Context, c *Client) (any, error) {
			return c.Departments.ListOperators(ctx, 130)
		}},
		{"Departments.AddOperator", "POST", "/api/v2/departments/130/operators", func(ctx context.Context, c *Client) (any, error) {
			return c.Departments.AddOperator(ctx, 130, addOp)
		}},
		{"Departments.RemoveOperator", "DELETE", "/api/v2/departments/130/operators", func(ctx context.Context, c *Client) (any, error) {
			return c.Departments.RemoveOperator(ctx, 130, rmOp)
		}},

		{"Webhooks.ListPage", "GET", "/api/v2/webhooks", func(ctx context.Context, c *Client) (any, error) { return c.Webhooks.ListPage(ctx, nil) }},
		{"Webhooks.Get", "GET", "/api/v2/webhooks/1000", func(ctx context.Context, c *Client) (any, error) { return c.Webhooks.Get(ctx, 1000) }},
		{"Webhooks.Create", "POST", "/api/v2/webhooks", func(ctx context.Context, c *Client) (any, error) {
			return c.Webhooks.Create(ctx, &CreateWebhookRequest{HookURL: "https://hooks.example.com/dialpad", Secret: Ptr("s3cret")})
		}},
		{"Webhooks.Update", "PATCH", "/api/v2/webhooks/1000", func(ctx context.Context, c *Client) (any, error) {
			return c.Webhooks.Update(ctx, 1000, &UpdateWebhookRequest{Secret: Ptr("n3w")})
		}},
		{"Webhooks.Delete", "DELETE", "/api/v2/webhooks/1000", func(ctx context.Context, c *Client) (any, error) { return c.Webhooks.Delete(ctx, 1000) }},
		{"ChangeLogSubscriptions.ListPage", "GET", "/api/v2/subscriptions/changelog", func(ctx context.Context, c *Client) (any, error) {
			return c.ChangeLogSubscriptions.ListPage(ctx, nil)
		}},
		{"ChangeLogSubscriptions.Get", "GET", "/api/v2/subscriptions/changelog/1001", func(ctx context.Context, c *Client) (any, error) {
			return c.ChangeLogSubscriptions.Get(ctx, 1001)
		}},
		{"ChangeLogSubscriptions.Create", "POST", "/api/v2/subscriptions/changelog", func(ctx context.Context, c *Client) (any, error) {
			return c.ChangeLogSubscriptions.Create(ctx, &CreateChangeLogSubscriptionRequest{EndpointID: 1000})
		}},
		{"ChangeLogSubscriptions.Update", "PATCH", "/api/v2/subscriptions/changelog/1001", func(ctx context.Context, c *Client) (any, error) {
			return c.ChangeLogSubscriptions.Update(ctx, 1001, &UpdateChangeLogSubscriptionRequest{Enabled: Ptr(false)})
		}},
		{"ChangeLogSubscriptions.Delete", "DELETE", "/api/v2/subscriptions/changelog/1001", func(ctx context.Context, c *Client) (any, error) {
			return c.ChangeLogSubscriptions.Delete(ctx, 1001)
		}},
	}
}

// orgPaths are the path prefixes of the organization spec's operations.
var orgPaths = []string{"/api/v2/offices", "/api/v2/callcenters", "/api/v2/departments"}

// isOrg reports whether op belongs to the organization spec.
func (op operation) isOrg() bool {
	for _, p := range orgPaths {
		if strings.HasPrefix(op.path, p) {
			return true
		}
	}
	return false
}

// TestOperationsCoverTheSpecs checks that operations() calls every
// operation of the specs exactly once, so that the tables built on it
// (TestErrorMapping) leave none out: the limiter key each call computes
// (method and path, arguments as {}) against the keys of the specs'
// operations.
func TestOperationsCoverTheSpecs(t *testing.T) {
	t.Parallel()
	want := map[string]int{}
	for _, op := range allSpecOperations(t) {
		key, err := endpointKeyFor(op)
		require.NoError(t, err, op.String())
		want[key]++
	}
	got := map[string]int{}
	for _, op := range operations() {
		// The key the client computed for the call, as its transport sees it.
		var key string
		api := newMockAPI(func(r *http.Request, _ int) *http.Response {
			key = callFrom(r.Context()).endpoint
			return answer(http.StatusNotFound, nil, `{}`)
		})
		_, err := op.call(context.Background(), fastMockClient(t, api))
		require.ErrorIs(t, err, ErrNotFound, op.name)
		got[key]++
	}
	assert.Len(t, got, specOperationCount)
	assert.Equal(t, want, got)
}

// TestErrorMapping runs the status matrix over every operation: a server
// answering one status (with Dialpad's error envelope) on every attempt, a
// default client (its limiters, its retry policy) on the fake clock of a
// synctest bubble, so that the retries' waits cost nothing. Each answer
// must come back as an *APIError for the call, carrying the envelope,
// matching its status's sentinel and no other, after the attempts the
// retry policy allows: one for a 4xx; maxRetries+1 for a 429, whatever the
// method; maxRetries+1 for a 500 to GET, PUT or DELETE, and one to POST or
// PATCH, which may have taken effect. One request per operation is
// recorded for the spec conformance check.
func TestErrorMapping(t *testing.T) {
	t.Parallel()
	const attempts = 4 + 1 // the default WithMaxRetries(4), plus the first
	sentinels := []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited}
	statuses := []struct {
		status   int
		reason   string
		sentinel error // nil: none
		attempts func(method string) int
	}{
		{http.StatusBadRequest, "badRequest", ErrBadRequest, nil},
		{http.StatusUnauthorized, "unauthorized", ErrUnauthorized, nil},
		{http.StatusForbidden, "forbidden", ErrForbidden, nil},
		{http.StatusNotFound, "notFound", ErrNotFound, nil},
		{http.StatusTooManyRequests, "rateLimitExceeded", ErrRateLimited, func(string) int { return attempts }},
		{http.StatusInternalServerError, "backendError", nil, func(method string) int {
			if method == http.MethodPost || method == http.MethodPatch {
				return 1
			}
			return attempts
		}},
	}
	for _, op := range operations() {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				for _, st := range statuses {
					msg := fmt.Sprintf("%s answered %d", op.name, st.status)
					api := newMockAPI(func(r *http.Request, n int) *http.Response {
						if st.status == http.StatusNotFound {
							var body []byte
							if r.Body != nil {
								body, _ = io.ReadAll(r.Body)
							}
							RecordRequest(r, body)
						}
						return answer(st.status, nil, fmt.Sprintf(
							`{"error": {"code": %d, "message": %q, "errors": [{"domain": "global", "reason": %q, "message": %q}]}}`,
							st.status, msg, st.reason, msg))
					})
					got, err := op.call(context.Background(), api.client(t))
					assert.Nil(t, got, msg)
					assertChainHidesKey(t, testKey, err)
					var apiErr *APIError
					require.ErrorAs(t, err, &apiErr, msg)
					for _, s := range sentinels {
						assert.Equal(t, s == st.sentinel, errors.Is(err, s), "%s: errors.Is(err, %v)", msg, s)
					}
					want := 1
					if st.attempts != nil {
						want = st.attempts(op.method)
					}
					assert.Equal(t, repeat(want, op.method+" "+op.path), api.requests(), msg)
					assert.Equal(t, want, apiErr.Attempts, msg)
					assert.Equal(t, st.status, apiErr.StatusCode, msg)
					assert.Equal(t, [2]string{op.method, op.path}, [2]string{apiErr.Method, apiErr.Path}, msg)
					assert.Equal(t, [2]string{msg, st.reason}, [2]string{apiErr.Message, apiErr.Reason}, msg)
				}
			})
		})
	}
}
