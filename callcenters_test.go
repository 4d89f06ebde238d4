package dialpad

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wantCallCenter is testdata/callcenters/get.json (the spec's example)
// decoded, every id and count from a string.
var wantCallCenter = CallCenter{
	ID:                 1000,
	OfficeID:           124,
	Name:               "call center 2049",
	Country:            "us",
	Timezone:           "US/Pacific",
	State:              UserStateActive,
	PhoneNumbers:       []string{"+14155551001"},
	AvailabilityStatus: AvailabilityStatusOpen,
	FirstAction:        FirstActionOperators,
	NoOperatorsAction:  RoutingActionVoicemail,
	RingSeconds:        30,
	RoutingOptions:     exampleRouting(OperatorRoutingLongestIdle, RoutingActionBridgeTarget),
	HoldQueue: CallCenterHoldQueue{
		MaxHoldCount:                50,
		MaxHoldSeconds:              900,
		AnnouncePosition:            true,
		AnnouncementIntervalSeconds: 120,
		QueueCallbackDTMF:           "9",
		QueueCallbackThreshold:      5,
		QueueEscapeDTMF:             "*",
	},
	Alerts:            CallCenterAlerts{CCServiceLevel: 95, CCServiceLevelSeconds: 60},
	VoiceIntelligence: VoiceIntelligence{AutoStart: true, AllowPause: true},
}

// wantListedCallCenter is the call center of the spec's list example
// (testdata/callcenters/list.json): the one above with hours, routed to a
// department when open.
func wantListedCallCenter() CallCenter {
	cc := wantCallCenter
	cc.WeeklyHours = weekdays8to6
	cc.RoutingOptions = exampleRouting(OperatorRoutingLongestIdle, RoutingActionDepartment)
	return cc
}

func TestCallCentersListPageFilters(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/callcenters", "callcenters/list_page2.json", func(r *http.Request, _ map[string]any) {
		// office_id goes out as a decimal integer, name_search escaped.
		assert.Equal(t, "cursor=Y3Vyc29yOmNhbGxjZW50ZXJzOjI%3D&limit=25&name_search=Support+%26+Sales&office_id=6422934115149452", r.URL.RawQuery)
	})
	page, err := c.CallCenters.ListPage(context.Background(), &GroupListOptions{
		ListOptions: ListOptions{Cursor: "Y3Vyc29yOmNhbGxjZW50ZXJzOjI=", Limit: 25},
		OfficeID:    6422934115149452,
		NameSearch:  "Support & Sales",
	})
	require.NoError(t, err)
	assert.Empty(t, page.Cursor, `"cursor": "" ends the list`)
	require.Len(t, page.Items, 1)
	cc := page.Items[0]
	assert.Equal(t, ID(5220044739510272), cc.ID)
	assert.Equal(t, ID(6422934115149452), cc.OfficeID)
	assert.Equal(t, "Tier 1 support", cc.GroupDescription)
	assert.True(t, cc.HoursOn)
	assert.True(t, cc.HoldQueue.AllowQueueCallback)
	assert.True(t, cc.HoldQueue.StayInQueueAfterClosing)
	assert.Equal(t, AutoCallRecording{AllowPauseRecording: true, CallRecordingInbound: true}, cc.AdvancedSettings.AutoCallRecording)
}

func TestCallCentersListAllPages(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	queries := servePages(t, mux, "GET /api/v2/callcenters", map[string]string{
		"":                             "callcenters/list_page1.json",
		"Y3Vyc29yOmNhbGxjZW50ZXJzOjI=": "callcenters/list_page2.json",
	})
	var ids []ID
	for cc, err := range c.CallCenters.List(context.Background(), &GroupListOptions{OfficeID: 124}) {
		require.NoError(t, err)
		ids = append(ids, cc.ID)
	}
	assert.Equal(t, []ID{1000, 5220044739510272}, ids)
	// The filter rides along with every page.
	assert.Equal(t, []string{"limit=100&office_id=124", "cursor=Y3Vyc29yOmNhbGxjZW50ZXJzOjI%3D&limit=100&office_id=124"}, queries())
}

func TestCallCentersAddOperatorDefaults(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "POST /api/v2/callcenters/{id}/operators", "callcenters/operator_add.json", func(r *http.Request, body map[string]any) {
		assert.Equal(t, map[string]any{"user_id": float64(2)}, body, "unset options are left to the server")
	})
	got, err := c.CallCenters.AddOperator(context.Background(), 1000, &AddCallCenterOperatorRequest{UserID: 2})
	require.NoError(t, err)
	assert.Equal(t, ID(2), got.ID)
}
