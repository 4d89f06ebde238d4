package dialpadtest

import (
	"slices"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// activeCall returns u's active call, or 400 when u is on none.
func activeCall(u *userRec) (*ActiveCall, *apiError) {
	if u.call == nil {
		return nil, badRequest("user %d has no active call", u.ID)
	}
	return u.call, nil
}

// updateActiveCallRequest is the body of updateActiveCall.
type updateActiveCallRequest struct {
	IsRecording   *bool   `json:"is_recording"`
	PlayMessage   *bool   `json:"play_message"`
	RecordingType *string `json:"recording_type"`
}

// updateActiveCall serves PATCH /api/v2/users/{id}/activecall: it turns
// recording on or off. The user must be on a call (see SetActiveCall).
func updateActiveCall(c *call, u *userRec, req *updateActiveCallRequest) (any, *apiError) {
	if t := req.RecordingType; t != nil && *t != "all" && *t != "group" && *t != "user" {
		return nil, badRequest("recording_type must be all, group or user, not %q", *t)
	}
	call, e := activeCall(u)
	if e != nil {
		return nil, e
	}
	if req.IsRecording != nil {
		call.IsRecording = *req.IsRecording
	}
	return activeCallJSON{CallState: call.State, ID: int64(call.ID), IsRecording: call.IsRecording}, nil
}

// toggleVIRequest is the body of toggleVI.
type toggleVIRequest struct {
	EnableVI *bool   `json:"enable_vi"`
	VILocale *string `json:"vi_locale"`
}

// toggleVI serves PATCH /api/v2/users/{id}/togglevi. The user must be on a
// call that has Dialpad's voice intelligence (ActiveCall.CallAI).
func toggleVI(c *call, u *userRec, req *toggleVIRequest) (any, *apiError) {
	if l := req.VILocale; l != nil && !slices.Contains(viLocales, *l) {
		return nil, badRequest("unknown vi_locale %q", *l)
	}
	call, e := activeCall(u)
	if e != nil {
		return nil, e
	}
	if !call.CallAI {
		return nil, badRequest("call %d does not have callai", call.ID)
	}
	if req.EnableVI != nil {
		call.VIEnabled = *req.EnableVI
	}
	if req.VILocale != nil {
		call.VILocale = *req.VILocale
	}
	return viJSON{CallState: call.State, EnableVI: call.VIEnabled, ID: int64(call.ID), VILocale: call.VILocale}, nil
}

// screenPopRequest is the body of screenPop.
type screenPopRequest struct {
	ScreenPopURI *string `json:"screen_pop_uri"`
}

// screenPop serves POST /api/v2/users/{id}/screenpop: the URI must be
// absolute and carry no user:password, and the user needs a device.
func screenPop(c *call, u *userRec, req *screenPopRequest) (any, *apiError) {
	if req.ScreenPopURI == nil {
		return nil, missing("screen_pop_uri")
	}
	if e := checkURI("screen_pop_uri", *req.ScreenPopURI); e != nil {
		return nil, e
	}
	d := c.s.st.userDevice(u)
	if d == nil {
		return nil, badRequest("user %d has no device to show the screen pop on", u.ID)
	}
	return deviceEnvelope{Device: deviceJSONOf(d)}, nil
}

// initiateCallRequest is the body of initiateCall.
type initiateCallRequest struct {
	CustomData       *string `json:"custom_data"`
	GroupID          *int64  `json:"group_id"`
	GroupType        *string `json:"group_type"`
	OutboundCallerID *string `json:"outbound_caller_id"`
	PhoneNumber      *string `json:"phone_number"`
}

// initiateCall serves POST /api/v2/users/{id}/initiate_call. The user must
// be active and have a device; phone_number is required (E.164); a group
// needs both group_id and group_type and the user's membership; the
// outbound caller id must be one the user may use (or "blocked"). The call
// is recorded (see InitiatedCalls); it does not become an active call.
func initiateCall(c *call, u *userRec, req *initiateCallRequest) (any, *apiError) {
	st := c.s.st
	if req.PhoneNumber == nil {
		return nil, missing("phone_number")
	}
	if !isE164(*req.PhoneNumber) {
		return nil, badRequest("phone_number %q is not an E.164 number", *req.PhoneNumber)
	}
	if (req.GroupID == nil) != (req.GroupType == nil) {
		return nil, badRequest("group_id and group_type must be given together")
	}
	rec := InitiatedCall{UserID: u.ID, PhoneNumber: *req.PhoneNumber, CustomData: deref(req.CustomData),
		OutboundCallerID: deref(req.OutboundCallerID), Time: c.now}
	if req.GroupID != nil {
		gid, gtype := dialpad.ID(*req.GroupID), *req.GroupType
		switch {
		case !slices.Contains(groupTypes, gtype):
			return nil, badRequest("group_type must be one of %s, not %q", strings.Join(groupTypes, ", "), gtype)
		case gtype == groupOffice && gid == u.OfficeID:
			// A user may call on behalf of its own office.
		case !st.isOperator(u, gtype, gid):
			return nil, badRequest("user %d is not an operator of %s %d", u.ID, gtype, gid)
		}
		rec.GroupID, rec.GroupType = gid, gtype
	}
	if id := rec.OutboundCallerID; id != "" && id != "blocked" && !slices.Contains(st.callerIDs(u), id) {
		return nil, badRequest("outbound_caller_id %q is not \"blocked\" or a number the user may call from", id)
	}
	if u.State != "active" {
		return nil, badRequest("user %d is %s", u.ID, u.State)
	}
	d := st.userDevice(u)
	if d == nil {
		return nil, badRequest("user %d has no device to place the call from", u.ID)
	}
	rec.DeviceID = d.ID
	st.calls = append(st.calls, rec)
	return deviceEnvelope{Device: deviceJSONOf(d)}, nil
}
