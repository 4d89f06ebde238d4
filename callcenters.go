package dialpad

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// CallCentersService reads call centers and manages their operators. Get
// it from Client.CallCenters.
type CallCentersService service

// CallCenter is a call center: a group whose agents take calls from a
// queue, with service-level alerts and wrap-up time.
type CallCenter struct {
	// ID is the call center's id.
	ID ID `json:"id"`
	// OfficeID is the office the call center belongs to.
	OfficeID ID `json:"office_id"`
	// Name is the call center's single-line name.
	Name string `json:"name"`
	// GroupDescription is free text set by an admin.
	GroupDescription string `json:"group_description"`
	// Country is a country code such as "us".
	Country string `json:"country"`
	// Timezone is the time zone its hours are read in ("US/Pacific").
	Timezone string `json:"timezone"`
	// State is the call center's enablement state: active, pending,
	// suspended, cancelled or deleted.
	State UserState `json:"state"`
	// PhoneNumbers are the call center's E.164 numbers.
	PhoneNumbers []string `json:"phone_numbers"`
	// AvailabilityStatus is whether the call center is open now.
	AvailabilityStatus AvailabilityStatus `json:"availability_status"`
	// FirstAction is what the call center does first with a call: play
	// its menu or ring its agents.
	FirstAction FirstAction `json:"first_action"`
	// NoOperatorsAction is where a call goes when no agent can take it.
	NoOperatorsAction RoutingAction `json:"no_operators_action"`
	// RingSeconds is how long a call rings before NoOperatorsAction, in
	// seconds.
	RingSeconds Int64 `json:"ring_seconds"`
	// RoutingOptions route calls during and outside opening hours.
	RoutingOptions RoutingOptions `json:"routing_options"`
	// HoursOn reports whether WeeklyHours apply; when false the call
	// center takes calls around the clock.
	HoursOn bool `json:"hours_on"`
	WeeklyHours
	// HoldQueue is how callers wait while every agent is busy.
	HoldQueue CallCenterHoldQueue `json:"hold_queue"`
	// AdvancedSettings are the call center's recording and wrap-up
	// settings.
	AdvancedSettings CallCenterAdvancedSettings `json:"advanced_settings"`
	// Alerts set when supervisors are alerted about the service level.
	Alerts CallCenterAlerts `json:"alerts"`
	// VoiceIntelligence is the call center's Vi (live transcription)
	// setting.
	VoiceIntelligence VoiceIntelligence `json:"voice_intelligence"`
}

// CallCenterHoldQueue is how a call center queues callers while every
// agent is busy.
type CallCenterHoldQueue struct {
	// MaxHoldCount is how many callers the queue holds (1 to 1000).
	MaxHoldCount Int64 `json:"max_hold_count"`
	// MaxHoldSeconds is the longest a caller waits in the queue, in
	// seconds (30 to 18000).
	MaxHoldSeconds Int64 `json:"max_hold_seconds"`
	// AnnouncePosition tells callers their place in the queue.
	AnnouncePosition bool `json:"announce_position"`
	// AnnouncementIntervalSeconds is the time between hold announcements,
	// in seconds.
	AnnouncementIntervalSeconds Int64 `json:"announcement_interval_seconds"`
	// AllowQueueCallback lets callers ask to be called back, by pressing
	// QueueCallbackDTMF once more than QueueCallbackThreshold calls wait.
	AllowQueueCallback bool `json:"allow_queue_callback"`
	// QueueCallbackDTMF is the key that asks for a callback: a digit,
	// "*" or "#".
	QueueCallbackDTMF string `json:"queue_callback_dtmf"`
	// QueueCallbackThreshold is how many calls must be waiting before
	// callers are offered a callback.
	QueueCallbackThreshold Int64 `json:"queue_callback_threshold"`
	// QueueEscapeDTMF is the key that leaves the queue for voicemail: a
	// digit, "*" or "#".
	QueueEscapeDTMF string `json:"queue_escape_dtmf"`
	// StayInQueueAfterClosing keeps queued calls waiting after closing time.
	StayInQueueAfterClosing bool `json:"stay_in_queue_after_closing"`
	// UnattendedQueue queues callers even when no agent is available.
	UnattendedQueue bool `json:"unattended_queue"`
}

// CallCenterAdvancedSettings are a call center's recording and wrap-up
// settings.
type CallCenterAdvancedSettings struct {
	// AutoCallRecording says which calls are recorded automatically.
	AutoCallRecording AutoCallRecording `json:"auto_call_recording"`
	// MaxWrapUpSeconds is the pause after a call before an agent gets the
	// next one, in seconds; zero means none.
	MaxWrapUpSeconds Int64 `json:"max_wrap_up_seconds"`
}

// AutoCallRecording says which of a call center's calls are recorded
// without anyone asking.
type AutoCallRecording struct {
	// CallRecordingInbound records every call to the call center.
	CallRecordingInbound bool `json:"call_recording_inbound"`
	// CallRecordingOutbound records every outbound call made from the
	// call center.
	CallRecordingOutbound bool `json:"call_recording_outbound"`
	// AllowPauseRecording lets agents pause and resume a recording.
	AllowPauseRecording bool `json:"allow_pause_recording"`
}

// CallCenterAlerts set when a call center's supervisors are alerted.
type CallCenterAlerts struct {
	// CCServiceLevel is the percentage of calls answered within
	// CCServiceLevelSeconds below which supervisors are alerted.
	CCServiceLevel Int64 `json:"cc_service_level"`
	// CCServiceLevelSeconds is the time within which an inbound call
	// should be answered, in seconds.
	CCServiceLevelSeconds Int64 `json:"cc_service_level_seconds"`
}

// VoiceIntelligence is a call center's or department's Vi (live
// transcription) setting.
type VoiceIntelligence struct {
	// AutoStart starts Vi on every call.
	AutoStart bool `json:"auto_start"`
	// AllowPause lets users stop and restart Vi during a call.
	AllowPause bool `json:"allow_pause"`
}

// GroupListOptions filters CallCenters.List, Departments.List and their
// ListPage.
type GroupListOptions struct {
	ListOptions
	// OfficeID lists only the groups of this office; zero lists every
	// office's.
	OfficeID ID
	// NameSearch lists only the groups whose name contains it.
	NameSearch string
}

func (o *GroupListOptions) values() (url.Values, error) {
	q, err := o.ListOptions.values()
	if err != nil {
		return nil, err
	}
	if o.OfficeID != 0 {
		if err := checkID("office_id", o.OfficeID); err != nil {
			return nil, err
		}
		q.Set("office_id", o.OfficeID.String())
	}
	if o.NameSearch != "" {
		if err := checkSingleLine("name_search", o.NameSearch); err != nil {
			return nil, err
		}
		q.Set("name_search", o.NameSearch)
	}
	return q, nil
}

// List iterates over the company's call centers matching opts (nil for
// all), fetching pages as the loop needs them.
//
// Dialpad API: GET /api/v2/callcenters
func (s *CallCentersService) List(ctx context.Context, opts *GroupListOptions) iter.Seq2[*CallCenter, error] {
	return all(ctx, opts, s.ListPage)
}

// ListPage fetches one page of call centers; pass the returned Cursor in
// opts.Cursor for the next.
//
// Dialpad API: GET /api/v2/callcenters
func (s *CallCentersService) ListPage(ctx context.Context, opts *GroupListOptions) (*Page[CallCenter], error) {
	return listPage[CallCenter](ctx, s.c, opts, pathTo("callcenters"))
}

// Get fetches one call center by id.
//
// Dialpad API: GET /api/v2/callcenters/{id}
func (s *CallCentersService) Get(ctx context.Context, id ID) (*CallCenter, error) {
	return send[CallCenter](ctx, s.c, http.MethodGet, nil, nil, pathTo("callcenters").id("id", id))
}

// ListOperators returns a call center's operators (its agents).
//
// Dialpad API: GET /api/v2/callcenters/{id}/operators
func (s *CallCentersService) ListOperators(ctx context.Context, id ID) (*Operators, error) {
	return send[Operators](ctx, s.c, http.MethodGet, nil, nil, pathTo("callcenters").id("id", id).then("operators"))
}

// AddCallCenterOperatorRequest is the body of CallCenters.AddOperator.
// Only UserID is required; the others default on the server.
type AddCallCenterOperatorRequest struct {
	// UserID is the user to add; unlike offices and departments, call
	// centers add users only.
	UserID ID `json:"user_id"`
	// Role is GroupRoleOperator (the default), GroupRoleSupervisor or
	// GroupRoleAdmin.
	Role *GroupRole `json:"role,omitempty"`
	// SkillLevel, from 1 to 100 (the default), ranks the agent for
	// OperatorRoutingMostSkilled.
	SkillLevel *int `json:"skill_level,omitempty"`
	// LicenseType is the license given to a user who has no call-center
	// license yet: LicenseAgents (the default) or LicenseLiteSupportAgents.
	LicenseType *License `json:"license_type,omitempty"`
	// KeepPaidNumbers (default true) keeps the user's numbers when the new
	// license is a support one; each then takes an additional-number line.
	KeepPaidNumbers *bool `json:"keep_paid_numbers,omitempty"`
}

// callCenterLicenses are the licenses adding a call-center operator may
// hand out.
var callCenterLicenses = []License{LicenseAgents, LicenseLiteSupportAgents}

func (r *AddCallCenterOperatorRequest) validate() error {
	errs := []error{
		checkID("user_id", r.UserID),
		checkEnumPtr("role", r.Role, groupRoles),
		checkEnumPtr("license_type", r.LicenseType, callCenterLicenses),
	}
	if r.SkillLevel != nil && (*r.SkillLevel < 1 || *r.SkillLevel > 100) {
		errs = append(errs, invalid("skill_level", "must be between 1 and 100, got %d", *r.SkillLevel))
	}
	return firstErr(errs...)
}

// AddOperator makes a user an agent of a call center and returns it. A
// user without a call-center license takes one from the office (of
// req.LicenseType); with none free, Dialpad refuses.
//
// Dialpad API: POST /api/v2/callcenters/{id}/operators
func (s *CallCentersService) AddOperator(ctx context.Context, id ID, req *AddCallCenterOperatorRequest) (*Operator, error) {
	return write[Operator](ctx, s.c, http.MethodPost, req, pathTo("callcenters").id("id", id).then("operators"))
}

// removeCallCenterOperatorRequest is the body of CallCenters.RemoveOperator.
type removeCallCenterOperatorRequest struct {
	UserID ID `json:"user_id"`
}

func (r *removeCallCenterOperatorRequest) validate() error { return checkID("user_id", r.UserID) }

// RemoveOperator takes a user off a call center's agents and returns it.
// The user keeps the license it holds.
//
// Dialpad API: DELETE /api/v2/callcenters/{id}/operators
func (s *CallCentersService) RemoveOperator(ctx context.Context, id, userID ID) (*Operator, error) {
	return write[Operator](ctx, s.c, http.MethodDelete, &removeCallCenterOperatorRequest{userID}, pathTo("callcenters").id("id", id).then("operators"))
}

func (c *CallCenter) problem() string { return idProblem(c.ID) }
