package dialpad

import (
	"context"
	"iter"
	"net/http"
)

// DepartmentsService reads departments and manages their operators. Get it
// from Client.Departments.
type DepartmentsService service

// Department is a department: a group of users and rooms, with its own
// numbers and hours, that takes calls together.
type Department struct {
	// ID is the department's id.
	ID ID `json:"id"`
	// OfficeID is the office the department belongs to.
	OfficeID ID `json:"office_id"`
	// Name is the department's single-line name.
	Name string `json:"name"`
	// GroupDescription is free text set by an admin.
	GroupDescription string `json:"group_description"`
	// Country is a country code such as "us".
	Country string `json:"country"`
	// Timezone is the time zone its hours are read in ("US/Pacific").
	Timezone string `json:"timezone"`
	// State is the department's enablement state: active, pending,
	// suspended, cancelled or deleted.
	State UserState `json:"state"`
	// PhoneNumbers are the department's E.164 numbers.
	PhoneNumbers []string `json:"phone_numbers"`
	// AvailabilityStatus is whether the department is open now.
	AvailabilityStatus AvailabilityStatus `json:"availability_status"`
	// FirstAction is what the department does first with a call: play
	// its menu or ring its operators.
	FirstAction FirstAction `json:"first_action"`
	// NoOperatorsAction is where a call goes when no operator can take it.
	NoOperatorsAction RoutingAction `json:"no_operators_action"`
	// RingSeconds is how long a call rings before NoOperatorsAction, in
	// seconds.
	RingSeconds Int64 `json:"ring_seconds"`
	// RoutingOptions route calls during and outside opening hours.
	RoutingOptions RoutingOptions `json:"routing_options"`
	// HoursOn reports whether WeeklyHours apply; when false the department
	// takes calls around the clock.
	HoursOn bool `json:"hours_on"`
	WeeklyHours
	// AutoCallRecording reports whether every call is recorded.
	AutoCallRecording bool `json:"auto_call_recording"`
	// HoldQueue is how callers wait while every operator is busy.
	HoldQueue DepartmentHoldQueue `json:"hold_queue"`
	// VoiceIntelligence is the department's Vi (live transcription)
	// setting.
	VoiceIntelligence VoiceIntelligence `json:"voice_intelligence"`
}

// DepartmentHoldQueue is how a department queues callers while every
// operator is busy.
type DepartmentHoldQueue struct {
	// AllowQueuing turns the queue on.
	AllowQueuing bool `json:"allow_queuing"`
	// MaxHoldCount is how many callers the queue holds (1 to 50).
	MaxHoldCount Int64 `json:"max_hold_count"`
	// MaxHoldSeconds is the longest a caller waits in the queue, in
	// seconds (30 to 18000).
	MaxHoldSeconds Int64 `json:"max_hold_seconds"`
}

// List iterates over the company's departments matching opts (nil for
// all), fetching pages as the loop needs them.
//
// Dialpad API: GET /api/v2/departments
func (s *DepartmentsService) List(ctx context.Context, opts *GroupListOptions) iter.Seq2[*Department, error] {
	return all(ctx, opts, s.ListPage)
}

// ListPage fetches one page of departments; pass the returned Cursor in
// opts.Cursor for the next.
//
// Dialpad API: GET /api/v2/departments
func (s *DepartmentsService) ListPage(ctx context.Context, opts *GroupListOptions) (*Page[Department], error) {
	return listPage[Department](ctx, s.c, opts, pathTo("departments"))
}

// Get fetches one department by id.
//
// Dialpad API: GET /api/v2/departments/{id}
func (s *DepartmentsService) Get(ctx context.Context, id ID) (*Department, error) {
	return send[Department](ctx, s.c, http.MethodGet, nil, nil, pathTo("departments").id("id", id))
}

// ListOperators returns the users and rooms that answer a department's
// calls.
//
// Dialpad API: GET /api/v2/departments/{id}/operators
func (s *DepartmentsService) ListOperators(ctx context.Context, id ID) (*Operators, error) {
	return send[Operators](ctx, s.c, http.MethodGet, nil, nil, pathTo("departments").id("id", id).then("operators"))
}

// AddOperator makes a user or room an operator of a department and returns
// it.
//
// Dialpad API: POST /api/v2/departments/{id}/operators
func (s *DepartmentsService) AddOperator(ctx context.Context, id ID, req *AddOperatorRequest) (*Operator, error) {
	return write[Operator](ctx, s.c, http.MethodPost, req, pathTo("departments").id("id", id).then("operators"))
}

// RemoveOperator takes a user or room off a department's operators and
// returns it.
//
// Dialpad API: DELETE /api/v2/departments/{id}/operators
func (s *DepartmentsService) RemoveOperator(ctx context.Context, id ID, req *RemoveOperatorRequest) (*Operator, error) {
	return write[Operator](ctx, s.c, http.MethodDelete, req, pathTo("departments").id("id", id).then("operators"))
}

func (d *Department) problem() string { return idProblem(d.ID) }
