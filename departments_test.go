package dialpad

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wantDepartment is testdata/departments/get.json (the spec's example)
// decoded; the list example holds the same department.
var wantDepartment = Department{
	ID:                 130,
	OfficeID:           124,
	Name:               "Sales",
	Country:            "us",
	Timezone:           "US/Pacific",
	State:              UserStateActive,
	PhoneNumbers:       []string{"+14155551001"},
	AvailabilityStatus: AvailabilityStatusOpen,
	FirstAction:        FirstActionOperators,
	NoOperatorsAction:  RoutingActionVoicemail,
	RingSeconds:        30,
	RoutingOptions:     exampleRouting(OperatorRoutingSimultaneous, RoutingActionDepartment),
	WeeklyHours:        weekdays8to6,
	HoldQueue:          DepartmentHoldQueue{MaxHoldCount: 50, MaxHoldSeconds: 900},
	VoiceIntelligence:  VoiceIntelligence{AutoStart: true, AllowPause: true},
}

func TestDepartmentsListPage(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/departments", "departments/list.json", func(r *http.Request, body map[string]any) {
		assert.Equal(t, "limit=100", r.URL.RawQuery)
		assert.Nil(t, body)
	})
	page, err := c.Departments.ListPage(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, page.Cursor)
	require.Len(t, page.Items, 1)
	assert.Equal(t, wantDepartment, *page.Items[0])
}

func TestDepartmentsListPageFilters(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/departments", "departments/list_page2.json", func(r *http.Request, _ map[string]any) {
		assert.Equal(t, "limit=100&name_search=Bill%C3%A9", r.URL.RawQuery)
	})
	page, err := c.Departments.ListPage(context.Background(), &GroupListOptions{NameSearch: "Billé"})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	d := page.Items[0]
	assert.Equal(t, ID(4785074604081152), d.ID)
	assert.Equal(t, "Invoices and refunds", d.GroupDescription)
	assert.True(t, d.AutoCallRecording)
	assert.True(t, d.HoursOn)
	assert.Equal(t, DepartmentHoldQueue{AllowQueuing: true, MaxHoldCount: 10, MaxHoldSeconds: 300}, d.HoldQueue)
	assert.Equal(t, []string{}, d.SundayHours, "an empty day is closed")
}

func TestDepartmentsListAllPages(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	queries := servePages(t, mux, "GET /api/v2/departments", map[string]string{
		"":                             "departments/list_page1.json",
		"Y3Vyc29yOmRlcGFydG1lbnRzOjI=": "departments/list_page2.json",
	})
	var names []string
	for d, err := range c.Departments.List(context.Background(), &GroupListOptions{ListOptions: ListOptions{Limit: 1}, NameSearch: "l"}) {
		require.NoError(t, err)
		names = append(names, d.Name)
	}
	assert.Equal(t, []string{"Sales", "Billing"}, names)
	assert.Equal(t, []string{"limit=1&name_search=l", "cursor=Y3Vyc29yOmRlcGFydG1lbnRzOjI%3D&limit=1&name_search=l"}, queries())
}

func TestDepartmentsListStopsEarly(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	calls := 0
	mux.HandleFunc("GET /api/v2/departments", func(w http.ResponseWriter, r *http.Request) {
		calls++
		serveJSON(t, w, http.StatusOK, "departments/list_page1.json")
	})
	for d, err := range c.Departments.List(context.Background(), nil) {
		require.NoError(t, err)
		assert.Equal(t, ID(130), d.ID)
		break
	}
	assert.Equal(t, 1, calls, "break fetches no further page")
}

func TestDepartmentsGet(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/departments/{id}", "departments/get.json", func(r *http.Request, body map[string]any) {
		assert.Equal(t, "130", r.PathValue("id"))
		noQueryNoBody(t)(r, body)
	})
	got, err := c.Departments.Get(context.Background(), 130)
	require.NoError(t, err)
	assert.Equal(t, wantDepartment, *got)
}

func TestDepartmentsListOperators(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/departments/{id}/operators", "departments/operators.json", func(r *http.Request, body map[string]any) {
		assert.Equal(t, "130", r.PathValue("id"))
		noQueryNoBody(t)(r, body)
	})
	got, err := c.Departments.ListOperators(context.Background(), 130)
	require.NoError(t, err)
	want := &Operators{
		Users: []*User{operatorUser(130, GroupTypeDepartment, func(u *User) { u.DisplayName = "テÉst Bot" })},
		Rooms: []*Room{{
			ID: 1127, CompanyID: 123, OfficeID: 124, Name: "fake-room", Country: "us",
			ImageURL:     "https://dialpad.example.com/avatar/room_contact/1127.png?version=184ac3360af3ab59f685ca5f7ab4c7b1",
			PhoneNumbers: []string{"+14155551001"}, State: UserStateActive,
		}},
	}
	assert.Equal(t, want, got)
}

func TestDepartmentsAddOperator(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "POST /api/v2/departments/{id}/operators", "departments/operator_add.json", func(r *http.Request, body map[string]any) {
		assert.Equal(t, "130", r.PathValue("id"))
		assert.Empty(t, r.URL.RawQuery)
		assert.Equal(t, map[string]any{"operator_id": float64(2), "operator_type": "user", "role": "operator"}, body)
	})
	got, err := c.Departments.AddOperator(context.Background(), 130,
		&AddOperatorRequest{OperatorID: 2, OperatorType: OperatorTypeUser, Role: Ptr(GroupRoleOperator)})
	require.NoError(t, err)
	assert.Equal(t, wantOperatorAsUser, *got)
}

func TestDepartmentsRemoveOperator(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "DELETE /api/v2/departments/{id}/operators", "departments/operator_remove.json", func(r *http.Request, body map[string]any) {
		assert.Equal(t, "130", r.PathValue("id"))
		assert.Empty(t, r.URL.RawQuery)
		assert.Equal(t, map[string]any{"operator_id": float64(1127), "operator_type": "room"}, body)
	})
	got, err := c.Departments.RemoveOperator(context.Background(), 130, &RemoveOperatorRequest{OperatorID: 1127, OperatorType: OperatorTypeRoom})
	require.NoError(t, err)
	assert.Equal(t, wantOperatorAsRoom, *got)
}
