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
