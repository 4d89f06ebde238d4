package dialpad

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exampleRouting is the routing_options object of the spec's office, call
// center and department examples: operators are rung in the given order,
// and when none answers during opening hours the call goes to department
// 130 by open.
func exampleRouting(order OperatorRouting, open RoutingAction) RoutingOptions {
	return RoutingOptions{
		Open: RoutingRule{
			TryDialOperators: true,
			OperatorRouting:  order,
			Action:           open,
			ActionTargetID:   130,
			ActionTargetType: RoutingTargetTypeDepartment,
			DTMF: []DTMFMapping{
				{Input: "0", Options: DTMFOptions{Action: RoutingActionOperator}},
				{Input: "1", Options: DTMFOptions{Action: RoutingActionDepartment, ActionTargetID: 124, ActionTargetType: RoutingTargetTypeOffice}},
			},
		},
		Closed: RoutingRule{
			OperatorRouting: order,
			Action:          RoutingActionVoicemail,
			DTMF: []DTMFMapping{
				{Input: "0", Options: DTMFOptions{Action: RoutingActionDisabled}},
				{Input: "1", Options: DTMFOptions{Action: RoutingActionDirectory}},
			},
		},
	}
}

// weekdays8to6 are the examples' opening hours.
var weekdays8to6 = WeeklyHours{
	MondayHours:    []string{"08:00", "18:00"},
	TuesdayHours:   []string{"08:00", "18:00"},
	WednesdayHours: []string{"08:00", "18:00"},
	ThursdayHours:  []string{"08:00", "18:00"},
	FridayHours:    []string{"08:00", "18:00"},
}

// wantOffice is testdata/offices/get.json (the spec's example) decoded.
var wantOffice = Office{
	ID:                 124,
	OfficeID:           124,
	Name:               "ファージー　ボール, Inc",
	Country:            "us",
	Timezone:           "US/Pacific",
	State:              UserStateActive,
	IsPrimaryOffice:    true,
	PhoneNumbers:       []string{"+14155551000"},
	AvailabilityStatus: AvailabilityStatusOpen,
	FirstAction:        FirstActionOperators,
	NoOperatorsAction:  RoutingActionVoicemail,
	RingSeconds:        30,
	RoutingOptions:     exampleRouting(OperatorRoutingSimultaneous, RoutingActionDepartment),
	WeeklyHours:        weekdays8to6,
	E911Address:        E911Address{Address: "address", City: "city", State: "state", Zip: "94111", Country: "us"},
	OfficeSettings:     OfficeSettings{BridgedTargetRecordingAllowed: true},
}

// wantOperatorUser is the user of the spec's operator-list examples
// decoded; each example differs in a field or two, set by the tests.
var wantOperatorUser = User{
	ID:                2,
	CompanyID:         123,
	OfficeID:          124,
	AdminOfficeIDs:    []ID{124},
	FirstName:         "テÉst",
	LastName:          "Bot",
	Emails:            []string{"bot@fuzz-ball.com"},
	PhoneNumbers:      []string{"+14155551001"},
	ForwardingNumbers: []string{"+14152301358"},
	Extension:         "20000",
	JobTitle:          "Mock Job Title",
	Location:          "Mock Location",
	Country:           "us",
	Language:          "en",
	Timezone:          "US/Pacific",
	ImageURL:          "https://dialpad.example.com/avatar/user/ag5kZXZ-dWJlci12b2ljZXIRCxILVXNlclByb2ZpbGUYAgw.png?version=36c0561fb8e0f5765ccfb3a5316f6d5d",
	License:           LicenseTalk,
	State:             UserStateActive,
	StatusMessage:     "Mock Status",
	IsAdmin:           true,
	IsSuperAdmin:      true,
	IsAvailable:       true,
	DateAdded:         Timestamp{time.Date(2021, 6, 20, 19, 18, 0, 0, time.UTC)},
	DateActive:        Timestamp{time.Date(2021, 6, 20, 19, 18, 0, 0, time.UTC)},
	DateFirstLogin:    Timestamp{time.Date(2021, 6, 20, 19, 18, 0, 0, time.UTC)},
}

// operatorUser returns wantOperatorUser as a member (role admin) of the
// given group, changed by edit.
func operatorUser(groupID ID, groupType GroupType, edit func(*User)) *User {
	u := wantOperatorUser
	u.GroupDetails = []GroupDetails{{GroupID: groupID, GroupType: groupType, Role: GroupRoleAdmin}}
	if edit != nil {
		edit(&u)
	}
	return &u
}

// wantOperatorAsUser is testdata/*/operator_add.json (the spec's example of
// an operator answer for a user) decoded; wantOperatorAsRoom is
// operator_remove.json (its example for a room).
var (
	wantOperatorAsUser = Operator{
		ID: 2, CompanyID: 123, OfficeID: 124, Name: "テÉst Bot", Country: "us",
		ImageURL:     "https://dialpad.example.com/avatar/user/ag5kZXZ-dWJlci12b2ljZXIRCxILVXNlclByb2ZpbGUYAgw.png?version=36c0561fb8e0f5765ccfb3a5316f6d5d",
		PhoneNumbers: []string{"+14155551001"}, State: UserStateActive,
	}
	wantOperatorAsRoom = Operator{
		ID: 1127, CompanyID: 123, OfficeID: 124, Name: "fake-room", Country: "us",
		ImageURL:     "https://dialpad.example.com/avatar/room_contact/1127.png?version=184ac3360af3ab59f685ca5f7ab4c7b1",
		PhoneNumbers: []string{"+14155551001"}, State: UserStateActive,
	}
)

func TestOfficesListPageOptions(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/offices", "offices/list_page2.json", func(r *http.Request, _ map[string]any) {
		assert.Equal(t, "active_only=true&cursor=Y3Vyc29yOm9mZmljZXM6Mg%3D%3D&limit=10", r.URL.RawQuery)
	})
	opts := &OfficeListOptions{ListOptions: ListOptions{Cursor: "Y3Vyc29yOm9mZmljZXM6Mg==", Limit: 10}, ActiveOnly: true}
	page, err := c.Offices.ListPage(context.Background(), opts)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	o := page.Items[0]
	assert.Equal(t, ID(6422934115149452), o.ID)
	assert.Equal(t, ID(6422934115149452), o.OfficeID)
	assert.Equal(t, Int64(25), o.RingSeconds, "ring_seconds sent as a JSON number")
	assert.Equal(t, AvailabilityStatusClosed, o.AvailabilityStatus)
	assert.Equal(t, []string{"10:00", "14:00"}, o.SaturdayHours)
	assert.Equal(t, E911Address{Address: "100 King St W", Address2: "Floor 5", City: "Toronto", State: "ON", Zip: "M5X 1A9", Country: "ca"}, o.E911Address)
	assert.False(t, o.IsPrimaryOffice)
	assert.Equal(t, "Y3Vyc29yOm9mZmljZXM6Mg==", opts.Cursor, "ListPage must not change the caller's options")
}

func TestOfficesListAllPages(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	queries := servePages(t, mux, "GET /api/v2/offices", map[string]string{
		"":                         "offices/list_page1.json",
		"Y3Vyc29yOm9mZmljZXM6Mg==": "offices/list_page2.json",
	})
	opts := &OfficeListOptions{ActiveOnly: true}
	var ids []ID
	for o, err := range c.Offices.List(context.Background(), opts) {
		require.NoError(t, err)
		ids = append(ids, o.ID)
	}
	assert.Equal(t, []ID{124, 6422934115149452}, ids)
	assert.Equal(t, []string{"active_only=true&limit=100", "active_only=true&cursor=Y3Vyc29yOm9mZmljZXM6Mg%3D%3D&limit=100"}, queries())
	assert.Empty(t, opts.Cursor, "List must not change the caller's options")
}

func TestPlanUnmarshalCounts(t *testing.T) {
	t.Parallel()
	var p Plan
	require.NoError(t, json.Unmarshal([]byte(`{"talk_lines": "40", "sell_lines": 12, "contact_center_lines": "3",
		"room_lines": 2, "additional_number_lines": "7", "fax_lines": "1", "uberconference_lines": 0,
		"tollfree_room_lines": "1", "tollfree_additional_number_lines": 2, "tollfree_uberconference_lines": "3",
		"next_billing_date": "1767225600", "balance": "-2.5000",
		"ppu_address": {"address_line_1": "1 Main St", "address_line_2": null}}`), &p))
	assert.Equal(t, Plan{
		LineCounts: LineCounts{
			TalkLines: 40, SellLines: 12, ContactCenterLines: 3, RoomLines: 2, AdditionalNumberLines: 7, FaxLines: 1,
			TollfreeRoomLines: 1, TollfreeAdditionalNumberLines: 2, TollfreeUberconferenceLines: 3,
		},
		NextBillingDate: 1767225600,
		Balance:         "-2.5000",
		PPUAddress:      BillingAddress{AddressLine1: "1 Main St"},
	}, p)
	require.Error(t, json.Unmarshal([]byte(`{"talk_lines": "4.5"}`), &p), "a fractional count")
	require.Error(t, json.Unmarshal([]byte(`{"talk_lines": true}`), &p), "a boolean count")
}

func TestOfficesAddOperatorDefaultRole(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "POST /api/v2/offices/{id}/operators", "offices/operator_remove.json", func(r *http.Request, body map[string]any) {
		assert.Equal(t, map[string]any{"operator_id": float64(1127), "operator_type": "room"}, body, "no role: the server's default")
	})
	got, err := c.Offices.AddOperator(context.Background(), 124, &AddOperatorRequest{OperatorID: 1127, OperatorType: OperatorTypeRoom})
	require.NoError(t, err)
	assert.Equal(t, wantOperatorAsRoom, *got)
}

// TestOrgExamples calls each organization operation once against the
// spec's example answer (testdata/<service>/*.json) and checks the request
// (path, query, JSON body, or none) and the decoded result.
func TestOrgExamples(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	noOptions := "limit=100"
	runMethodCases(t, []methodCase{
		{"Offices.ListPage", "GET /api/v2/offices", noOptions, nil, "offices/list.json",
			func(c *Client) (any, error) { return c.Offices.ListPage(ctx, nil) }, &Page[Office]{Items: []*Office{&wantOffice}}},
		{"Offices.Get", "GET /api/v2/offices/124", "", nil, "offices/get.json",
			func(c *Client) (any, error) { return c.Offices.Get(ctx, 124) }, &wantOffice},
		// The example sends every count as a string.
		{"Offices.AvailableLicenses", "GET /api/v2/offices/6422934115149452/available_licenses", "", nil, "offices/available_licenses.json",
			func(c *Client) (any, error) { return c.Offices.AvailableLicenses(ctx, 6422934115149452) },
			&AvailableLicenses{LineCounts{TalkLines: 4, RoomLines: 5, FaxLines: 1}}},
		{"Offices.GetPlan", "GET /api/v2/offices/124/plan", "", nil, "offices/plan.json",
			func(c *Client) (any, error) { return c.Offices.GetPlan(ctx, 124) },
			&Plan{Balance: "10.0000", PPUAddress: BillingAddress{City: "SAN FRANCISCO", Region: "CA", PostalCode: "94111", Country: "us"}}},
		{"Offices.ListOperators", "GET /api/v2/offices/124/operators", "", nil, "offices/operators.json",
			func(c *Client) (any, error) { return c.Offices.ListOperators(ctx, 124) },
			&Operators{Users: []*User{operatorUser(124, GroupTypeOffice, func(u *User) { u.DisplayName = "テÉst Bot" })}}},
		// Ids go out as JSON numbers, as the spec types them.
		{"Offices.AddOperator", "POST /api/v2/offices/124/operators", "",
			map[string]any{"operator_id": float64(2), "operator_type": "user", "role": "admin"}, "offices/operator_add.json",
			func(c *Client) (any, error) {
				return c.Offices.AddOperator(ctx, 124, &AddOperatorRequest{OperatorID: 2, OperatorType: OperatorTypeUser, Role: Ptr(GroupRoleAdmin)})
			}, &wantOperatorAsUser},
		{"Offices.RemoveOperator", "DELETE /api/v2/offices/124/operators", "",
			map[string]any{"operator_id": float64(1127), "operator_type": "room"}, "offices/operator_remove.json",
			func(c *Client) (any, error) {
				return c.Offices.RemoveOperator(ctx, 124, &RemoveOperatorRequest{OperatorID: 1127, OperatorType: OperatorTypeRoom})
			}, &wantOperatorAsRoom},

		{"CallCenters.ListPage", "GET /api/v2/callcenters", noOptions, nil, "callcenters/list.json",
			func(c *Client) (any, error) { return c.CallCenters.ListPage(ctx, nil) },
			&Page[CallCenter]{Items: []*CallCenter{Ptr(wantListedCallCenter())}}},
		{"CallCenters.Get", "GET /api/v2/callcenters/1000", "", nil, "callcenters/get.json",
			func(c *Client) (any, error) { return c.CallCenters.Get(ctx, 1000) }, &wantCallCenter},
		{"CallCenters.ListOperators", "GET /api/v2/callcenters/1000/operators", "", nil, "callcenters/operators.json",
			func(c *Client) (any, error) { return c.CallCenters.ListOperators(ctx, 1000) },
			&Operators{Users: []*User{operatorUser(1000, GroupTypeCallCenter, func(u *User) { u.OnDutyStatus = OnDutyStatusUnavailable })}}},
		{"CallCenters.AddOperator", "POST /api/v2/callcenters/1000/operators", "",
			map[string]any{
				"user_id":           float64(5835806903417907),
				"role":              "supervisor",
				"skill_level":       float64(80),
				"license_type":      "lite_support_agents",
				"keep_paid_numbers": false,
			}, "callcenters/operator_add.json",
			func(c *Client) (any, error) {
				return c.CallCenters.AddOperator(ctx, 1000, &AddCallCenterOperatorRequest{
					UserID:          5835806903417907,
					Role:            Ptr(GroupRoleSupervisor),
					SkillLevel:      Ptr(80),
					LicenseType:     Ptr(LicenseLiteSupportAgents),
					KeepPaidNumbers: Ptr(false),
				})
			}, &wantOperatorAsUser},
		{"CallCenters.RemoveOperator", "DELETE /api/v2/callcenters/1000/operators", "",
			map[string]any{"user_id": float64(2)}, "callcenters/operator_remove.json",
			func(c *Client) (any, error) { return c.CallCenters.RemoveOperator(ctx, 1000, 2) }, &wantOperatorAsUser},

		{"Departments.ListPage", "GET /api/v2/departments", noOptions, nil, "departments/list.json",
			func(c *Client) (any, error) { return c.Departments.ListPage(ctx, nil) },
			&Page[Department]{Items: []*Department{&wantDepartment}}},
		{"Departments.Get", "GET /api/v2/departments/130", "", nil, "departments/get.json",
			func(c *Client) (any, error) { return c.Departments.Get(ctx, 130) }, &wantDepartment},
		{"Departments.ListOperators", "GET /api/v2/departments/130/operators", "", nil, "departments/operators.json",
			func(c *Client) (any, error) { return c.Departments.ListOperators(ctx, 130) },
			&Operators{
				Users: []*User{operatorUser(130, GroupTypeDepartment, func(u *User) { u.DisplayName = "テÉst Bot" })},
				Rooms: []*Room{{
					ID: 1127, CompanyID: 123, OfficeID: 124, Name: "fake-room", Country: "us",
					ImageURL:     "https://dialpad.example.com/avatar/room_contact/1127.png?version=184ac3360af3ab59f685ca5f7ab4c7b1",
					PhoneNumbers: []string{"+14155551001"}, State: UserStateActive,
				}},
			}},
		{"Departments.AddOperator", "POST /api/v2/departments/130/operators", "",
			map[string]any{"operator_id": float64(2), "operator_type": "user", "role": "operator"}, "departments/operator_add.json",
			func(c *Client) (any, error) {
				return c.Departments.AddOperator(ctx, 130, &AddOperatorRequest{OperatorID: 2, OperatorType: OperatorTypeUser, Role: Ptr(GroupRoleOperator)})
			}, &wantOperatorAsUser},
		{"Departments.RemoveOperator", "DELETE /api/v2/departments/130/operators", "",
			map[string]any{"operator_id": float64(1127), "operator_type": "room"}, "departments/operator_remove.json",
			func(c *Client) (any, error) {
				return c.Departments.RemoveOperator(ctx, 130, &RemoveOperatorRequest{OperatorID: 1127, OperatorType: OperatorTypeRoom})
			}, &wantOperatorAsRoom},
	})
}

// serveOrg answers every request to the organization paths with status
// and body (Dialpad's error envelope, say), so that no other handler is
// needed.
func serveOrg(t *testing.T, mux *http.ServeMux, status int, body string) {
	for _, p := range []string{"/api/v2/offices", "/api/v2/callcenters", "/api/v2/departments"} {
		for _, pattern := range []string{p, p + "/"} {
			mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_, _ = w.Write([]byte(body))
			})
		}
	}
}

// TestOrgResourcesWithoutID checks that an answer with no id, where the
// operation returns an office, a group or an operator, is
// ErrInvalidResponse rather than a zero value; lists, plans and license
// counts carry no id and pass.
func TestOrgResourcesWithoutID(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	serveOrg(t, mux, http.StatusOK, `{"name": "no id", "items": []}`)
	withID := []string{"Offices.Get", "Offices.AddOperator", "Offices.RemoveOperator", "CallCenters.Get",
		"CallCenters.AddOperator", "CallCenters.RemoveOperator", "Departments.Get", "Departments.AddOperator",
		"Departments.RemoveOperator"}
	n := 0
	for _, tc := range operations() {
		if !tc.isOrg() {
			continue
		}
		n++
		got, err := tc.call(context.Background(), c)
		if slices.Contains(withID, tc.name) {
			require.ErrorIs(t, err, ErrInvalidResponse, tc.name)
			assert.Nil(t, got, tc.name)
		} else {
			require.NoError(t, err, tc.name)
		}
	}
	assert.Equal(t, 17, n, "organization operations")
}

// TestOrgValidation checks every argument the organization methods reject
// before sending: the client has no handlers, so a request that went out
// would fail the test.
func TestOrgValidation(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	ctx := context.Background()
	addOp := func(r *AddOperatorRequest) func() error {
		return func() error { _, err := c.Offices.AddOperator(ctx, 124, r); return err }
	}
	addDept := func(r *AddOperatorRequest) func() error {
		return func() error { _, err := c.Departments.AddOperator(ctx, 130, r); return err }
	}
	rmOp := func(r *RemoveOperatorRequest) func() error {
		return func() error { _, err := c.Offices.RemoveOperator(ctx, 124, r); return err }
	}
	rmDept := func(r *RemoveOperatorRequest) func() error {
		return func() error { _, err := c.Departments.RemoveOperator(ctx, 130, r); return err }
	}
	addCC := func(r *AddCallCenterOperatorRequest) func() error {
		return func() error { _, err := c.CallCenters.AddOperator(ctx, 1000, r); return err }
	}
	user := OperatorTypeUser
	assertAllInvalid(t, []invalidCall{
		{"office list limit", "limit", func() error {
			_, err := c.Offices.ListPage(ctx, &OfficeListOptions{ListOptions: ListOptions{Limit: 101}})
			return err
		}},
		{"office iterate limit", "limit", func() error {
			for _, err := range c.Offices.List(ctx, &OfficeListOptions{ListOptions: ListOptions{Limit: -1}}) {
				return err
			}
			return nil
		}},
		{"office get zero id", "id", func() error { _, err := c.Offices.Get(ctx, 0); return err }},
		{"licenses zero office", "officeID", func() error { _, err := c.Offices.AvailableLicenses(ctx, 0); return err }},
		{"plan negative office", "officeID", func() error { _, err := c.Offices.GetPlan(ctx, -124); return err }},
		{"office operators zero office", "officeID", func() error { _, err := c.Offices.ListOperators(ctx, 0); return err }},
		{"office add zero office", "officeID", func() error {
			_, err := c.Offices.AddOperator(ctx, 0, &AddOperatorRequest{OperatorID: 2, OperatorType: user})
			return err
		}},
		{"office remove zero office", "officeID", func() error {
			_, err := c.Offices.RemoveOperator(ctx, 0, &RemoveOperatorRequest{OperatorID: 2, OperatorType: user})
			return err
		}},
		{"office add nil", "request", addOp(nil)},
		{"office add no operator", "operator_id", addOp(&AddOperatorRequest{OperatorType: user})},
		{"office add negative operator", "operator_id", addOp(&AddOperatorRequest{OperatorID: -2, OperatorType: user})},
		{"office add no type", "operator_type", addOp(&AddOperatorRequest{OperatorID: 2})},
		{"office add unknown type", "operator_type", addOp(&AddOperatorRequest{OperatorID: 2, OperatorType: "contact"})},
		{"office add supervisor", "role", addOp(&AddOperatorRequest{OperatorID: 2, OperatorType: user, Role: Ptr(GroupRoleSupervisor)})},
		{"office add empty role", "role", addOp(&AddOperatorRequest{OperatorID: 2, OperatorType: user, Role: Ptr(GroupRole(""))})},
		{"office remove nil", "request", rmOp(nil)},
		{"office remove no operator", "operator_id", rmOp(&RemoveOperatorRequest{OperatorType: user})},
		{"office remove no type", "operator_type", rmOp(&RemoveOperatorRequest{OperatorID: 2})},
		{"office remove unknown type", "operator_type", rmOp(&RemoveOperatorRequest{OperatorID: 2, OperatorType: "User"})},
		{"cc list limit", "limit", func() error {
			_, err := c.CallCenters.ListPage(ctx, &GroupListOptions{ListOptions: ListOptions{Limit: 500}})
			return err
		}},
		{"cc list negative office", "office_id", func() error {
			_, err := c.CallCenters.ListPage(ctx, &GroupListOptions{OfficeID: -1})
			return err
		}},
		{"cc list multi-line name", "name_search", func() error {
			_, err := c.CallCenters.ListPage(ctx, &GroupListOptions{NameSearch: "Sales\nSupport"})
			return err
		}},
		{"cc iterate negative office", "office_id", func() error {
			for _, err := range c.CallCenters.List(ctx, &GroupListOptions{OfficeID: -1}) {
				return err
			}
			return nil
		}},
		{"cc get zero id", "id", func() error { _, err := c.CallCenters.Get(ctx, 0); return err }},
		{"cc operators zero id", "id", func() error { _, err := c.CallCenters.ListOperators(ctx, 0); return err }},
		{"cc add zero id", "id", func() error {
			_, err := c.CallCenters.AddOperator(ctx, 0, &AddCallCenterOperatorRequest{UserID: 2})
			return err
		}},
		{"cc add nil", "request", addCC(nil)},
		{"cc add no user", "user_id", addCC(&AddCallCenterOperatorRequest{})},
		{"cc add unknown role", "role", addCC(&AddCallCenterOperatorRequest{UserID: 2, Role: Ptr(GroupRole("owner"))})},
		{"cc add skill 0", "skill_level", addCC(&AddCallCenterOperatorRequest{UserID: 2, SkillLevel: Ptr(0)})},
		{"cc add skill 101", "skill_level", addCC(&AddCallCenterOperatorRequest{UserID: 2, SkillLevel: Ptr(101)})},
		{"cc add talk license", "license_type", addCC(&AddCallCenterOperatorRequest{UserID: 2, LicenseType: Ptr(LicenseTalk)})},
		{"cc remove zero id", "id", func() error { _, err := c.CallCenters.RemoveOperator(ctx, 0, 2); return err }},
		{"cc remove zero user", "user_id", func() error { _, err := c.CallCenters.RemoveOperator(ctx, 1000, 0); return err }},
		{"dept list limit", "limit", func() error {
			_, err := c.Departments.ListPage(ctx, &GroupListOptions{ListOptions: ListOptions{Limit: 101}})
			return err
		}},
		{"dept list multi-line name", "name_search", func() error {
			_, err := c.Departments.ListPage(ctx, &GroupListOptions{NameSearch: "a\u2028b"})
			return err
		}},
		{"dept get negative id", "id", func() error { _, err := c.Departments.Get(ctx, -130); return err }},
		{"dept operators zero id", "id", func() error { _, err := c.Departments.ListOperators(ctx, 0); return err }},
		{"dept add zero id", "id", func() error {
			_, err := c.Departments.AddOperator(ctx, 0, &AddOperatorRequest{OperatorID: 2, OperatorType: user})
			return err
		}},
		{"dept add nil", "request", addDept(nil)},
		{"dept add no type", "operator_type", addDept(&AddOperatorRequest{OperatorID: 2})},
		{"dept add supervisor", "role", addDept(&AddOperatorRequest{OperatorID: 2, OperatorType: user, Role: Ptr(GroupRoleSupervisor)})},
		{"dept remove zero id", "id", func() error {
			_, err := c.Departments.RemoveOperator(ctx, 0, &RemoveOperatorRequest{OperatorID: 2, OperatorType: user})
			return err
		}},
		{"dept remove nil", "request", rmDept(nil)},
		{"dept remove no operator", "operator_id", rmDept(&RemoveOperatorRequest{OperatorType: OperatorTypeRoom})},
	})
}

// orgEnumsBySpec maps every enum of the organization spec to the SDK's Go
// type for it, as enumsBySpec (enums_test.go) does for the users spec.
var orgEnumsBySpec = map[string]enumSDK{
	"schemas.group.AddCallCenterOperatorMessage.license_type": {typ: "License", subset: enumStrings(callCenterLicenses)},
	"schemas.group.AddCallCenterOperatorMessage.role":         {typ: "GroupRole"},
	"schemas.group.AddOperatorMessage.operator_type":          {typ: "OperatorType"},
	"schemas.group.AddOperatorMessage.role":                   {typ: "GroupRole", subset: enumStrings(operatorRoles)},
	"schemas.group.CallCenterProto.availability_status":       {typ: "AvailabilityStatus"},
	"schemas.group.CallCenterProto.first_action":              {typ: "FirstAction"},
	"schemas.group.CallCenterProto.no_operators_action":       {typ: "RoutingAction"},
	"schemas.group.CallCenterProto.state":                     {typ: "UserState", subset: enumStrings(userStates)},
	"schemas.group.DepartmentProto.availability_status":       {typ: "AvailabilityStatus"},
	"schemas.group.DepartmentProto.first_action":              {typ: "FirstAction"},
	"schemas.group.DepartmentProto.no_operators_action":       {typ: "RoutingAction"},
	"schemas.group.DepartmentProto.state":                     {typ: "UserState", subset: enumStrings(userStates)},
	"schemas.group.DtmfOptions.action":                        {typ: "RoutingAction"},
	"schemas.group.DtmfOptions.action_target_type":            {typ: "RoutingTargetType"},
	"schemas.group.RemoveOperatorMessage.operator_type":       {typ: "OperatorType"},
	"schemas.group.RoutingOptionsInner.action":                {typ: "RoutingAction"},
	"schemas.group.RoutingOptionsInner.action_target_type":    {typ: "RoutingTargetType"},
	"schemas.group.RoutingOptionsInner.operator_routing":      {typ: "OperatorRouting"},
	"schemas.group.UserOrRoomProto.state":                     {typ: "UserState", subset: enumStrings(userStates)},
	"schemas.office.OfficeProto.availability_status":          {typ: "AvailabilityStatus"},
	"schemas.office.OfficeProto.first_action":                 {typ: "FirstAction"},
	"schemas.office.OfficeProto.no_operators_action":          {typ: "RoutingAction"},
	"schemas.office.OfficeProto.state":                        {typ: "UserState", subset: enumStrings(userStates)},
	"schemas.room.RoomProto.state":                            {typ: "UserState", subset: enumStrings(userStates)},
	"schemas.user.GroupDetailsProto.group_type":               {typ: "GroupType"},
	"schemas.user.GroupDetailsProto.role":                     {typ: "GroupRole"},
	"schemas.user.UserProto.license":                          {typ: "License"},
	"schemas.user.UserProto.on_duty_status":                   {typ: "OnDutyStatus"},
	"schemas.user.UserProto.state":                            {typ: "UserState", subset: enumStrings(userStates)},
}

// TestOrgEnumsMatchSpec checks every enum of the organization spec against
// the SDK, value for value, like TestEnumsMatchSpec for the users spec: each
// has a Go type in orgEnumsBySpec whose constants, named TypeName+Value,
// are exactly the spec's values, or a validation list that is exactly them
// where a request takes only some of a type's values. A new enum in the
// spec fails the test until it is typed.
func TestOrgEnumsMatchSpec(t *testing.T) {
	t.Parallel()
	doc, err := loadOrgSpec()
	require.NoError(t, err)
	checkEnums(t, doc, orgEnumsBySpec, "orgEnumsBySpec")
	consts := enumConstants(t)
	// The response-only enums keep a list of their values; each must hold
	// every constant of its type.
	for typ, list := range map[string][]string{
		"GroupType":          enumStrings(groupTypes),
		"OnDutyStatus":       enumStrings(onDutyStatuses),
		"AvailabilityStatus": enumStrings(availabilityStatuses),
		"FirstAction":        enumStrings(firstActions),
		"RoutingAction":      enumStrings(routingActions),
		"RoutingTargetType":  enumStrings(routingTargetTypes),
		"OperatorRouting":    enumStrings(operatorRoutings),
		"OperatorType":       enumStrings(operatorTypes),
	} {
		var all []string
		for _, v := range consts[typ] {
			all = append(all, v)
		}
		slices.Sort(all)
		assert.Equal(t, all, list, "the value list of %s", typ)
	}
}

// TestOrgOperatorWritesRetry checks the retry policy on the operator
// writes: adding an operator (POST) is not repeated after a 5xx; removing
// one (DELETE, with a body) is, and the body goes out again each time.
func TestOrgOperatorWritesRetry(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t, WithMaxRetries(2))
	var posts, deletes int
	mux.HandleFunc("POST /api/v2/departments/{id}/operators", func(w http.ResponseWriter, r *http.Request) {
		posts++
		http.Error(w, `{"error": {"message": "boom"}}`, http.StatusBadGateway)
	})
	mux.HandleFunc("DELETE /api/v2/departments/{id}/operators", func(w http.ResponseWriter, r *http.Request) {
		deletes++
		body, _ := io.ReadAll(r.Body)
		assert.JSONEq(t, `{"operator_id": 1127, "operator_type": "room"}`, string(body), "attempt %d", deletes)
		if deletes < 3 {
			http.Error(w, `{"error": {"message": "boom"}}`, http.StatusBadGateway)
			return
		}
		serveJSON(t, w, http.StatusOK, "departments/operator_remove.json")
	})
	ctx := context.Background()
	_, err := c.Departments.AddOperator(ctx, 130, &AddOperatorRequest{OperatorID: 2, OperatorType: OperatorTypeUser})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadGateway, apiErr.StatusCode)
	assert.Equal(t, 1, posts, "a POST is never resent after a 5xx")
	got, err := c.Departments.RemoveOperator(ctx, 130, &RemoveOperatorRequest{OperatorID: 1127, OperatorType: OperatorTypeRoom})
	require.NoError(t, err)
	assert.Equal(t, ID(1127), got.ID)
	assert.Equal(t, 3, deletes, "a DELETE is retried after a 5xx, its body sent again")
}

func TestLineCountsSeats(t *testing.T) {
	t.Parallel()
	c := LineCounts{TalkLines: 4, SellLines: 2, ContactCenterLines: 1, RoomLines: 9}
	for _, tc := range []struct {
		license License
		want    int64
		ok      bool
	}{
		{LicenseTalk, 4, true},
		{LicenseAgents, 2, true},
		{LicenseLiteSupportAgents, 1, true},
		{LicenseAdmins, 0, false},
		{LicenseLiteLines, 0, false},
	} {
		n, ok := c.Seats(tc.license)
		assert.Equal(t, tc.want, n, tc.license)
		assert.Equal(t, tc.ok, ok, tc.license)
	}
}
