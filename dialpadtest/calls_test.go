package dialpadtest_test

import (
	"net/http"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func TestActiveCallAndVI(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ada := "/api/v2/users/" + id(dialpadtest.SeedAdminUserID)
	send(t, srv, "PATCH", ada+"/activecall", map[string]any{"is_recording": true}).fails(t, http.StatusBadRequest, "no active call")
	send(t, srv, "PATCH", ada+"/togglevi", map[string]any{"enable_vi": true}).fails(t, http.StatusBadRequest, "no active call")

	callID, err := srv.SetActiveCall(dialpadtest.SeedAdminUserID, dialpadtest.ActiveCall{})
	must(t, err)
	m := send(t, srv, "PATCH", ada+"/activecall", map[string]any{"is_recording": true}).ok(t)
	if m["is_recording"] != true || m["call_state"] != "connected" || m["id"] != id(callID) {
		t.Errorf("recording: %v", m)
	}
	if c, _ := srv.ActiveCall(dialpadtest.SeedAdminUserID); !c.IsRecording {
		t.Error("recording not stored")
	}
	send(t, srv, "PATCH", ada+"/activecall", map[string]any{"recording_type": "everyone"}).fails(t, http.StatusBadRequest, "recording_type")
	if u := send(t, srv, "GET", ada, nil).ok(t); u["is_available"] != false {
		t.Error("a user on a call is available")
	}
	// VI needs a call with Dialpad AI, as the spec's example shows.
	send(t, srv, "PATCH", ada+"/togglevi", map[string]any{"enable_vi": true}).fails(t, http.StatusBadRequest, "does not have callai")
	callID, err = srv.SetActiveCall(dialpadtest.SeedAdminUserID, dialpadtest.ActiveCall{CallAI: true, State: "ringing"})
	must(t, err)
	m = send(t, srv, "PATCH", ada+"/togglevi", map[string]any{"enable_vi": true, "vi_locale": "en-gb"}).ok(t)
	if m["enable_vi"] != true || m["vi_locale"] != "en-gb" || m["call_state"] != "ringing" || m["id"] != id(callID) {
		t.Errorf("vi: %v", m)
	}
	send(t, srv, "PATCH", ada+"/togglevi", map[string]any{"vi_locale": "xx-yy"}).fails(t, http.StatusBadRequest, "vi_locale")
	must(t, srv.EndActiveCall(dialpadtest.SeedAdminUserID))
	send(t, srv, "PATCH", ada+"/activecall", map[string]any{"is_recording": false}).fails(t, http.StatusBadRequest, "no active call")
}

func TestScreenPop(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	pop := func(user dialpad.ID, body any) response {
		return send(t, srv, "POST", "/api/v2/users/"+id(user)+"/screenpop", body)
	}
	m := pop(dialpadtest.SeedAgentUserID, map[string]any{"screen_pop_uri": "https://crm.example/c/1"}).ok(t)
	if d := m["device"].(map[string]any); d["id"] != dialpadtest.SeedAgentDeviceID || d["type"] != "web" {
		t.Errorf("device = %v", d)
	}
	pop(dialpadtest.SeedAgentUserID, map[string]any{"screen_pop_uri": "customuri://domain.com"}).ok(t)
	pop(dialpadtest.SeedAgentUserID, map[string]any{"screen_pop_uri": "https://user:pw@crm.example"}).fails(t, http.StatusBadRequest, "user:password")
	pop(dialpadtest.SeedAgentUserID, map[string]any{"screen_pop_uri": "crm.example/c/1"}).fails(t, http.StatusBadRequest, "absolute")
	pop(dialpadtest.SeedAgentUserID, map[string]any{}).fails(t, http.StatusBadRequest, `"screen_pop_uri"`)
	pop(dialpadtest.SeedSuspendedUserID, map[string]any{"screen_pop_uri": "https://crm.example"}).fails(t, http.StatusBadRequest, "no device")
	pop(1, map[string]any{"screen_pop_uri": "https://crm.example"}).fails(t, http.StatusNotFound, "")
}

func TestInitiateCall(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	call := func(user dialpad.ID, body any) response {
		return send(t, srv, "POST", "/api/v2/users/"+id(user)+"/initiate_call", body)
	}
	m := call(dialpadtest.SeedAgentUserID, map[string]any{"phone_number": "+12065550123", "custom_data": "case 7",
		"group_id": dialpadtest.SeedCallCenterID, "group_type": "callcenter", "outbound_caller_id": dialpadtest.SeedCallCenterNumber}).ok(t)
	if d := m["device"].(map[string]any); d["id"] != dialpadtest.SeedAgentDeviceID || d["user_id"] != id(dialpadtest.SeedAgentUserID) {
		t.Errorf("device = %v", d)
	}
	calls := srv.InitiatedCalls()
	want := dialpadtest.InitiatedCall{UserID: dialpadtest.SeedAgentUserID, DeviceID: dialpadtest.SeedAgentDeviceID,
		PhoneNumber: "+12065550123", OutboundCallerID: dialpadtest.SeedCallCenterNumber, CustomData: "case 7",
		GroupID: dialpadtest.SeedCallCenterID, GroupType: "callcenter", Time: calls[0].Time}
	if len(calls) != 1 || calls[0] != want {
		t.Errorf("calls = %+v", calls)
	}
	call(dialpadtest.SeedAgentUserID, map[string]any{"phone_number": "+12065550123", "outbound_caller_id": "blocked"}).ok(t)

	call(dialpadtest.SeedAgentUserID, map[string]any{}).fails(t, http.StatusBadRequest, `"phone_number"`)
	call(dialpadtest.SeedAgentUserID, map[string]any{"phone_number": "2065550123"}).fails(t, http.StatusBadRequest, "E.164")
	call(dialpadtest.SeedAgentUserID, map[string]any{"phone_number": "+12065550123", "group_id": 5}).fails(t, http.StatusBadRequest, "together")
	call(dialpadtest.SeedAdminUserID, map[string]any{"phone_number": "+12065550123", "group_id": dialpadtest.SeedBranchCallCenterID,
		"group_type": "callcenter"}).fails(t, http.StatusBadRequest, "not an operator")
	// An agent group is not a call center.
	call(dialpadtest.SeedAgentUserID, map[string]any{"phone_number": "+12065550123", "group_id": dialpadtest.SeedAgentGroupID,
		"group_type": "callcenter"}).fails(t, http.StatusBadRequest, "not an operator")
	// Any user may call for its own office; other offices need a place on their operator list.
	call(dialpadtest.SeedAgentUserID, map[string]any{"phone_number": "+12065550123", "group_id": dialpadtest.SeedBranchOfficeID,
		"group_type": "office"}).fails(t, http.StatusBadRequest, "not an operator of office")
	call(dialpadtest.SeedAgentUserID, map[string]any{"phone_number": "+12065550123", "outbound_caller_id": "+12125550100"}).
		fails(t, http.StatusBadRequest, "outbound_caller_id")
	call(dialpadtest.SeedSuspendedUserID, map[string]any{"phone_number": "+12065550123"}).fails(t, http.StatusBadRequest, "suspended")
	// A user with no device cannot call.
	send(t, srv, "PATCH", "/api/v2/users/"+id(dialpadtest.SeedSuspendedUserID), map[string]any{"state": "active"}).ok(t)
	call(dialpadtest.SeedSuspendedUserID, map[string]any{"phone_number": "+12065550123"}).fails(t, http.StatusBadRequest, "no device")
	if n := len(srv.InitiatedCalls()); n != 2 {
		t.Errorf("%d calls recorded", n)
	}
}
