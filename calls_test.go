package dialpad

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCallsInitiate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		req  *InitiateCallRequest
		want map[string]any
	}{
		{"minimal", &InitiateCallRequest{PhoneNumber: "+14155550123"}, map[string]any{"phone_number": "+14155550123"}},
		{"everything", &InitiateCallRequest{
			PhoneNumber:      "+442079460958",
			OutboundCallerID: Ptr("+14155551001"),
			GroupID:          Ptr(ID(4567)),
			GroupType:        Ptr(GroupTypeCallCenter),
			CustomData:       Ptr(`{"ticket": 42}`),
		}, map[string]any{
			"phone_number":       "+442079460958",
			"outbound_caller_id": "+14155551001",
			"group_id":           float64(4567),
			"group_type":         "callcenter",
			"custom_data":        `{"ticket": 42}`,
		}},
		{"blocked caller id", &InitiateCallRequest{PhoneNumber: "+14155550123", OutboundCallerID: Ptr(CallerIDBlocked)},
			map[string]any{"phone_number": "+14155550123", "outbound_caller_id": "blocked"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mux := newTestClient(t)
			handle(t, mux, "POST /api/v2/users/{id}/initiate_call", "calls/initiate.json", func(r *http.Request, body map[string]any) {
				if got := r.PathValue("id"); got != "42" {
					t.Errorf("id = %q", got)
				}
				if r.URL.RawQuery != "" {
					t.Errorf("query = %q", r.URL.RawQuery)
				}
				assert.Equal(t, tc.want, body)
			})
			got, err := c.Calls.Initiate(context.Background(), 42, tc.req)
			require.NoError(t, err)
			day := Timestamp{time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC)}
			want := InitiatedCall{Device: UserDevice{
				ID:             "+14155551001-user-2-client-native",
				UserID:         2,
				Type:           DeviceTypeNative,
				DisplayName:    "native",
				DateCreated:    day,
				DateRegistered: day,
				DateUpdated:    day,
			}}
			assert.Equal(t, want, *got)
		})
	}
}

func TestCallsSetRecording(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		req  *RecordingRequest
		want map[string]any
	}{
		{"start", &RecordingRequest{IsRecording: Ptr(true)}, map[string]any{"is_recording": true}},
		{"stop quietly for the group", &RecordingRequest{IsRecording: Ptr(false), PlayMessage: Ptr(false), RecordingType: Ptr(RecordingTypeGroup)},
			map[string]any{"is_recording": false, "play_message": false, "recording_type": "group"}},
		{"empty", &RecordingRequest{}, map[string]any{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mux := newTestClient(t)
			handle(t, mux, "PATCH /api/v2/users/{id}/activecall", "calls/activecall.json", func(r *http.Request, body map[string]any) {
				if got := r.PathValue("id"); got != "2" {
					t.Errorf("id = %q", got)
				}
				assert.Equal(t, tc.want, body)
			})
			got, err := c.Calls.SetRecording(context.Background(), 2, tc.req)
			require.NoError(t, err)
			if want := (ActiveCall{ID: 1000, CallState: "connected", IsRecording: true}); *got != want {
				t.Errorf("got %+v, want %+v", *got, want)
			}
		})
	}
}

func TestCallsSetVI(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "PATCH /api/v2/users/{id}/togglevi", "calls/togglevi.json", func(r *http.Request, body map[string]any) {
		if got := r.PathValue("id"); got != "2" {
			t.Errorf("id = %q", got)
		}
		assert.Equal(t, map[string]any{"enable_vi": true, "vi_locale": "en-us"}, body)
	})
	got, err := c.Calls.SetVI(context.Background(), 2, &VIRequest{EnableVI: Ptr(true), VILocale: Ptr(VILocaleEnUS)})
	require.NoError(t, err)
	if want := (VIStatus{ID: 6112350019208192, CallState: "connected", EnableVI: true, VILocale: VILocaleEnUS}); *got != want {
		t.Errorf("got %+v, want %+v", *got, want)
	}
}

// TestCallsSetVIErrorEnvelopeWith200 serves the spec's own example for
// togglevi, an error envelope, with status 200.
func TestCallsSetVIErrorEnvelopeWith200(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "PATCH /api/v2/users/{id}/togglevi", "calls/togglevi_error.json", func(r *http.Request, body map[string]any) {
		assert.Equal(t, map[string]any{"enable_vi": false}, body)
	})
	got, err := c.Calls.SetVI(context.Background(), 2, &VIRequest{EnableVI: Ptr(false)})
	assert.Nil(t, got, "a result with the error")
	require.ErrorIs(t, err, ErrBadRequest)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, []any{http.StatusBadRequest, http.MethodPatch, "/api/v2/users/2/togglevi", "call 1001 does not have callai", "badRequest"},
		[]any{apiErr.StatusCode, apiErr.Method, apiErr.Path, apiErr.Message, apiErr.Reason})
	assert.NotEmpty(t, apiErr.Body)
}

func TestCallsSetVIErrorEnvelopeRedactsKey(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	mux.HandleFunc("PATCH /api/v2/users/{id}/togglevi", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"error": {"code": 401, "message": "bad key ` + testKey + `"}}`))
	})
	_, err := c.Calls.SetVI(context.Background(), 2, &VIRequest{EnableVI: Ptr(true)})
	var apiErr *APIError
	require.ErrorIs(t, err, ErrUnauthorized)
	require.ErrorAs(t, err, &apiErr)
	if strings.Contains(err.Error(), testKey) || strings.Contains(string(apiErr.Body), testKey) || strings.Contains(apiErr.Message, testKey) {
		t.Errorf("the error reveals the API key: %v / %s", err, apiErr.Body)
	}
}

func TestCallsSetVIAnswers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		status  int
		body    string
		want    *VIStatus
		wantErr error
		code    int
	}{
		{"numeric id, null error", http.StatusOK, `{"error": null, "id": 5, "enable_vi": false, "vi_locale": "fr-ca"}`, &VIStatus{ID: 5, VILocale: VILocaleFrCA}, nil, 0},
		{"empty body", http.StatusOK, ``, nil, ErrInvalidResponse, 0},
		{"envelope without code", http.StatusOK, `{"error": {"message": "no call"}}`, nil, ErrBadRequest, http.StatusBadRequest},
		{"envelope with 404 code", http.StatusOK, `{"error": {"code": "404", "message": "no call", "errors": [{"reason": "notFound"}]}}`, nil, ErrNotFound, http.StatusNotFound},
		{"malformed", http.StatusOK, `{"id": [}`, nil, ErrInvalidResponse, 0},
		{"wrong type", http.StatusOK, `{"enable_vi": "yes"}`, nil, ErrInvalidResponse, 0},
		{"real 400", http.StatusBadRequest, `{"error": {"code": 400, "message": "call 1001 does not have callai"}}`, nil, ErrBadRequest, http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mux := newTestClient(t)
			mux.HandleFunc("PATCH /api/v2/users/{id}/togglevi", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})
			got, err := c.Calls.SetVI(context.Background(), 2, &VIRequest{VILocale: Ptr(VILocaleFrCA)})
			if tc.wantErr == nil {
				require.NoError(t, err)
				if *got != *tc.want {
					t.Errorf("got %+v, want %+v", *got, *tc.want)
				}
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
			require.Nil(t, got)
			if tc.code != 0 {
				var apiErr *APIError
				if assert.ErrorAs(t, err, &apiErr) {
					assert.Equal(t, tc.code, apiErr.StatusCode)
				}
			}
		})
	}
}

func TestCallsScreenPop(t *testing.T) {
	t.Parallel()
	for _, uri := range []string{
		"https://crm.example.com/contacts/42?tab=calls",
		"http://intranet.example.com/crm?id=42",
		"HTTPS://CRM.example.com/contacts/42",
	} {
		t.Run(uri, func(t *testing.T) {
			t.Parallel()
			c, mux := newTestClient(t)
			handle(t, mux, "POST /api/v2/users/{id}/screenpop", "calls/screenpop.json", func(r *http.Request, body map[string]any) {
				if got := r.PathValue("id"); got != "5835806903417907" {
					t.Errorf("id = %q", got)
				}
				assert.Equal(t, map[string]any{"screen_pop_uri": uri}, body)
			})
			got, err := c.Calls.ScreenPop(context.Background(), 5835806903417907, uri)
			require.NoError(t, err)
			assert.Equal(t, wantNativeDevice, got.Device)
		})
	}
}

// wantE911 is testdata/e911/get.json decoded.
var wantE911 = E911Address{
	Address:  "3001 BISHOP DR",
	Address2: "ste 120",
	City:     "SAN RAMON",
	State:    "ca",
	Zip:      "94583",
	Country:  "us",
}

func TestCallsValidation(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t) // no handlers: any request fails the test
	ctx := context.Background()
	initiate := func(mod func(*InitiateCallRequest)) func() error {
		return func() error {
			r := &InitiateCallRequest{PhoneNumber: "+14155550123"}
			mod(r)
			_, err := c.Calls.Initiate(ctx, 42, r)
			return err
		}
	}
	recording := func(r *RecordingRequest) func() error {
		return func() error { _, err := c.Calls.SetRecording(ctx, 2, r); return err }
	}
	vi := func(r *VIRequest) func() error {
		return func() error { _, err := c.Calls.SetVI(ctx, 2, r); return err }
	}
	screenPop := func(uri string) func() error {
		return func() error { _, err := c.Calls.ScreenPop(ctx, 2, uri); return err }
	}
	e911 := func(mod func(*UpdateE911Request)) func() error {
		return func() error {
			r := &UpdateE911Request{Address: "3001 Bishop Dr", City: "San Ramon", State: "CA", Zip: "94583", Country: "us"}
			mod(r)
			_, err := c.E911.Update(ctx, 2, r)
			return err
		}
	}
	assertAllInvalid(t, []invalidCall{
		{"screen pop javascript", "screen_pop_uri", screenPop("javascript:alert(document.cookie)")},
		{"screen pop data", "screen_pop_uri", screenPop("data:text/html,<script>alert(1)</script>")},
		{"screen pop custom scheme", "screen_pop_uri", screenPop("customuri://domain.com/open?id=42")},
		{"screen pop file", "screen_pop_uri", screenPop("file:///etc/passwd")},
		{"screen pop no host", "screen_pop_uri", screenPop("https:///contacts/42")},
		{"initiate nil", "request", func() error { _, err := c.Calls.Initiate(ctx, 42, nil); return err }},
		{"initiate no number", "phone_number", initiate(func(r *InitiateCallRequest) { r.PhoneNumber = "" })},
		{"initiate bad number", "phone_number", initiate(func(r *InitiateCallRequest) { r.PhoneNumber = "415-555-0123" })},
		{"initiate leading zero", "phone_number", initiate(func(r *InitiateCallRequest) { r.PhoneNumber = "+0415550123" })},
		{"initiate bad caller id", "outbound_caller_id", initiate(func(r *InitiateCallRequest) { r.OutboundCallerID = Ptr("unknown") })},
		{"initiate empty caller id", "outbound_caller_id", initiate(func(r *InitiateCallRequest) { r.OutboundCallerID = Ptr("") })},
		{"initiate Blocked caller id", "outbound_caller_id", initiate(func(r *InitiateCallRequest) { r.OutboundCallerID = Ptr("Blocked") })},
		{"initiate group id alone", "group_id", initiate(func(r *InitiateCallRequest) { r.GroupID = Ptr(ID(5)) })},
		{"initiate group type alone", "group_id", initiate(func(r *InitiateCallRequest) { r.GroupType = Ptr(GroupTypeOffice) })},
		{"initiate zero group id", "group_id", initiate(func(r *InitiateCallRequest) {
			r.GroupID, r.GroupType = Ptr(ID(0)), Ptr(GroupTypeOffice)
		})},
		{"initiate unknown group type", "group_type", initiate(func(r *InitiateCallRequest) {
			r.GroupID, r.GroupType = Ptr(ID(5)), Ptr(GroupType("team"))
		})},
		{"initiate empty user", "userID", func() error {
			_, err := c.Calls.Initiate(ctx, 0, &InitiateCallRequest{PhoneNumber: "+14155550123"})
			return err
		}},
		{"recording nil", "request", recording(nil)},
		{"recording unknown type", "recording_type", recording(&RecordingRequest{IsRecording: Ptr(true), RecordingType: Ptr(RecordingType("both"))})},
		{"recording empty type", "recording_type", recording(&RecordingRequest{RecordingType: Ptr(RecordingType(""))})},
		{"recording empty user", "userID", func() error {
			_, err := c.Calls.SetRecording(ctx, 0, &RecordingRequest{IsRecording: Ptr(true)})
			return err
		}},
		{"vi nil", "request", vi(nil)},
		{"vi unknown locale", "vi_locale", vi(&VIRequest{EnableVI: Ptr(true), VILocale: Ptr(VILocale("de-de"))})},
		{"vi upper-case locale", "vi_locale", vi(&VIRequest{VILocale: Ptr(VILocale("en-US"))})},
		{"vi dot user", "userID", func() error { _, err := c.Calls.SetVI(ctx, 0, &VIRequest{}); return err }},
		{"screen pop empty", "screen_pop_uri", screenPop("")},
		{"screen pop relative", "screen_pop_uri", screenPop("/contacts/42")},
		{"screen pop no scheme", "screen_pop_uri", screenPop("crm.example.com/contacts/42")},
		{"screen pop credentials", "screen_pop_uri", screenPop("https://user:pass@crm.example.com/")},
		{"screen pop user only", "screen_pop_uri", screenPop("https://user@crm.example.com/")},
		{"screen pop multi-line", "screen_pop_uri", screenPop("https://crm.example.com/\nhttps://evil.example/")},
		{"screen pop empty user", "userID", func() error { _, err := c.Calls.ScreenPop(ctx, 0, "https://crm.example.com/"); return err }},
		{"e911 nil", "request", func() error { _, err := c.E911.Update(ctx, 2, nil); return err }},
		{"e911 no address", "address", e911(func(r *UpdateE911Request) { r.Address = "" })},
		{"e911 blank city", "city", e911(func(r *UpdateE911Request) { r.City = "  " })},
		{"e911 no state", "state", e911(func(r *UpdateE911Request) { r.State = "" })},
		{"e911 no zip", "zip", e911(func(r *UpdateE911Request) { r.Zip = "" })},
		{"e911 no country", "country", e911(func(r *UpdateE911Request) { r.Country = "" })},
		{"e911 multi-line address", "address", e911(func(r *UpdateE911Request) { r.Address = "3001 Bishop Dr\nSuite 120" })},
		{"e911 multi-line address2", "address2", e911(func(r *UpdateE911Request) { r.Address2 = Ptr("ste\r\n120") })},
		{"e911 multi-line city", "city", e911(func(r *UpdateE911Request) { r.City = "San\u2028Ramon" })},
		{"e911 multi-line state", "state", e911(func(r *UpdateE911Request) { r.State = "C\vA" })},
		{"e911 multi-line zip", "zip", e911(func(r *UpdateE911Request) { r.Zip = "94583\n" })},
		{"e911 multi-line country", "country", e911(func(r *UpdateE911Request) { r.Country = "u\ns" })},
		{"e911 get empty user", "userID", func() error { _, err := c.E911.Get(ctx, 0); return err }},
		{"e911 update dotdot user", "userID", func() error {
			_, err := c.E911.Update(ctx, 0, &UpdateE911Request{Address: "a", City: "b", State: "c", Zip: "d", Country: "us"})
			return err
		}},
		{"agent group empty id", "id", func() error { _, err := c.AgentGroups.Get(ctx, ""); return err }},
		{"agent group dot id", "id", func() error { _, err := c.AgentGroups.Get(ctx, "."); return err }},
	})
}
