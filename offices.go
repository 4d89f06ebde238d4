package dialpad

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// OfficesService reads offices, their billing plan and free licenses, and
// manages the operators of an office's main line. Get it from
// Client.Offices.
type OfficesService service

// WeeklyHours are the opening hours of an office, call center or
// department, day by day. Each day lists "HH:MM" times in pairs, each pair
// an opening and a closing time: ["08:00", "12:00", "14:00", "18:00"] is
// open from 8 to noon and from 2 to 6 pm. An empty day is closed.
type WeeklyHours struct {
	// MondayHours are Monday's opening and closing times.
	MondayHours []string `json:"monday_hours"`
	// TuesdayHours are Tuesday's opening and closing times.
	TuesdayHours []string `json:"tuesday_hours"`
	// WednesdayHours are Wednesday's opening and closing times.
	WednesdayHours []string `json:"wednesday_hours"`
	// ThursdayHours are Thursday's opening and closing times.
	ThursdayHours []string `json:"thursday_hours"`
	// FridayHours are Friday's opening and closing times.
	FridayHours []string `json:"friday_hours"`
	// SaturdayHours are Saturday's opening and closing times.
	SaturdayHours []string `json:"saturday_hours"`
	// SundayHours are Sunday's opening and closing times.
	SundayHours []string `json:"sunday_hours"`
}

// RoutingOptions are how an office, call center or department routes calls
// inside and outside its opening hours.
type RoutingOptions struct {
	// Open applies during opening hours.
	Open RoutingRule `json:"open"`
	// Closed applies outside them.
	Closed RoutingRule `json:"closed"`
}

// RoutingRule routes calls for one state, open or closed.
type RoutingRule struct {
	// TryDialOperators reports whether operators are rung first.
	TryDialOperators bool `json:"try_dial_operators"`
	// OperatorRouting is the order in which they are rung.
	OperatorRouting OperatorRouting `json:"operator_routing"`
	// Action is where the call goes when no operator takes it.
	Action RoutingAction `json:"action"`
	// ActionTargetID and ActionTargetType name the entity Action sends the
	// call to, when it sends it to one.
	ActionTargetID   ID                `json:"action_target_id"`
	ActionTargetType RoutingTargetType `json:"action_target_type"`
	// DTMF is the phone menu: what each key does.
	DTMF []DTMFMapping `json:"dtmf"`
}

// DTMFMapping is one key of a phone menu.
type DTMFMapping struct {
	// Input is the key, "0" to "9".
	Input string `json:"input"`
	// Options is what pressing the key does.
	Options DTMFOptions `json:"options"`
}

// DTMFOptions is what pressing a menu key does.
type DTMFOptions struct {
	// Action is where the key sends the call.
	Action RoutingAction `json:"action"`
	// ActionTargetID and ActionTargetType name the entity the key dials,
	// when it dials one.
	ActionTargetID   ID                `json:"action_target_id"`
	ActionTargetType RoutingTargetType `json:"action_target_type"`
}

// Office is a Dialpad office: a location of the company with its own main
// line, hours, users and groups.
type Office struct {
	// ID is the office's id.
	ID ID `json:"id"`
	// OfficeID is the office's id again, as Dialpad sends it.
	OfficeID ID `json:"office_id"`
	// Name is the office's single-line name.
	Name string `json:"name"`
	// Country is a country code such as "us".
	Country string `json:"country"`
	// Timezone is the office's time zone ("US/Pacific"), in which its
	// hours are read.
	Timezone string `json:"timezone"`
	// State is the office's enablement state: active, pending,
	// suspended, cancelled or deleted.
	State UserState `json:"state"`
	// IsPrimaryOffice marks the company's main office.
	IsPrimaryOffice bool `json:"is_primary_office"`
	// PhoneNumbers are the main line's E.164 numbers.
	PhoneNumbers []string `json:"phone_numbers"`
	// AvailabilityStatus is whether the office is open now.
	AvailabilityStatus AvailabilityStatus `json:"availability_status"`
	// FirstAction is what the main line does first with a call: play the
	// office's menu or ring its operators.
	FirstAction FirstAction `json:"first_action"`
	// NoOperatorsAction is where a call goes when nobody can take it.
	NoOperatorsAction RoutingAction `json:"no_operators_action"`
	// RingSeconds is how long the main line rings before
	// NoOperatorsAction, in seconds.
	RingSeconds Int64 `json:"ring_seconds"`
	// RoutingOptions route the main line's calls during and outside
	// opening hours.
	RoutingOptions RoutingOptions `json:"routing_options"`
	WeeklyHours
	// E911Address is the office's emergency address.
	E911Address E911Address `json:"e911_address"`
	// OfficeSettings are the office's switches.
	OfficeSettings OfficeSettings `json:"office_settings"`
}

// OfficeSettings are an office's switches.
type OfficeSettings struct {
	// AllowDeviceGuestLogin lets guests sign in on the office's desk phones.
	AllowDeviceGuestLogin bool `json:"allow_device_guest_login"`
	// BlockCallerIDDisabled hides the option to block caller id.
	BlockCallerIDDisabled bool `json:"block_caller_id_disabled"`
	// BridgedTargetRecordingAllowed lets the office's call centers and
	// departments record calls.
	BridgedTargetRecordingAllowed bool `json:"bridged_target_recording_allowed"`
	// DisableDeskPhoneSelfProvision stops users setting up desk phones
	// themselves.
	DisableDeskPhoneSelfProvision bool `json:"disable_desk_phone_self_provision"`
	// DisableIVRVoicemail turns off the menu's default voicemail.
	DisableIVRVoicemail bool `json:"disable_ivr_voicemail"`
	// NoRecordingMessageOnUserCalls turns off recording of users' calls.
	NoRecordingMessageOnUserCalls bool `json:"no_recording_message_on_user_calls"`
	// SetCallerIDDisabled hides the option to choose a caller id.
	SetCallerIDDisabled bool `json:"set_caller_id_disabled"`
}

// OfficeListOptions filters Offices.List and Offices.ListPage.
type OfficeListOptions struct {
	ListOptions
	// ActiveOnly leaves out offices that are not active (cancelled,
	// suspended, ...). False lists them all.
	ActiveOnly bool
}

func (o *OfficeListOptions) values() (url.Values, error) {
	q, err := o.ListOptions.values()
	if err != nil {
		return nil, err
	}
	if o.ActiveOnly {
		q.Set("active_only", "true")
	}
	return q, nil
}

// List iterates over the offices the API key can see, fetching pages as
// the loop needs them (opts may be nil):
//
//	for o, err := range client.Offices.List(ctx, &dialpad.OfficeListOptions{ActiveOnly: true}) { ... }
//
// Dialpad API: GET /api/v2/offices
func (s *OfficesService) List(ctx context.Context, opts *OfficeListOptions) iter.Seq2[*Office, error] {
	return all(ctx, opts, s.ListPage)
}

// ListPage fetches one page of offices; pass the returned Cursor in
// opts.Cursor for the next.
//
// Dialpad API: GET /api/v2/offices
func (s *OfficesService) ListPage(ctx context.Context, opts *OfficeListOptions) (*Page[Office], error) {
	return listPage[Office](ctx, s.c, opts, pathTo("offices"))
}

// Get fetches one office by id.
//
// Dialpad API: GET /api/v2/offices/{id}
func (s *OfficesService) Get(ctx context.Context, id ID) (*Office, error) {
	return send[Office](ctx, s.c, http.MethodGet, nil, nil, pathTo("offices").id("id", id))
}

// LineCounts counts an office's lines (licenses) of each type.
type LineCounts struct {
	// TalkLines are taken by users with a primary number.
	TalkLines Int64 `json:"talk_lines"`
	// SellLines are taken by users who can be call-center agents and have
	// a primary number.
	SellLines Int64 `json:"sell_lines"`
	// ContactCenterLines are taken by call-center agents without a primary
	// number.
	ContactCenterLines Int64 `json:"contact_center_lines"`
	// RoomLines are taken by rooms with their own number.
	RoomLines Int64 `json:"room_lines"`
	// AdditionalNumberLines are taken by every direct number of an entity
	// after its first.
	AdditionalNumberLines Int64 `json:"additional_number_lines"`
	// FaxLines are taken by fax numbers.
	FaxLines Int64 `json:"fax_lines"`
	// UberconferenceLines are taken by numbers of users' conference rooms.
	UberconferenceLines Int64 `json:"uberconference_lines"`
	// TollfreeRoomLines are room lines whose room's first number is
	// toll-free.
	TollfreeRoomLines Int64 `json:"tollfree_room_lines"`
	// TollfreeAdditionalNumberLines are additional-number lines for
	// toll-free numbers.
	TollfreeAdditionalNumberLines Int64 `json:"tollfree_additional_number_lines"`
	// TollfreeUberconferenceLines are uberconference lines for toll-free
	// numbers.
	TollfreeUberconferenceLines Int64 `json:"tollfree_uberconference_lines"`
}

// Seats returns the count of the lines a user of license l takes: talk
// lines for LicenseTalk, sell lines for LicenseAgents, contact-center lines
// for LicenseLiteSupportAgents. ok is false for the other licenses, for
// which Dialpad gives no count here, so their seats cannot be checked in
// advance. On an AvailableLicenses it is the free seats of the license.
func (c LineCounts) Seats(l License) (n int64, ok bool) {
	switch l {
	case LicenseTalk:
		return int64(c.TalkLines), true
	case LicenseAgents:
		return int64(c.SellLines), true
	case LicenseLiteSupportAgents:
		return int64(c.ContactCenterLines), true
	}
	return 0, false
}

// AvailableLicenses counts the lines of each type an office still has
// free. Adding a user, a room or a number takes a line of its type.
type AvailableLicenses struct {
	LineCounts
}

// AvailableLicenses returns how many lines of each type an office can
// still assign. Check it before creating users in bulk.
//
// Dialpad API: GET /api/v2/offices/{office_id}/available_licenses
func (s *OfficesService) AvailableLicenses(ctx context.Context, officeID ID) (*AvailableLicenses, error) {
	return send[AvailableLicenses](ctx, s.c, http.MethodGet, nil, nil, pathTo("offices").id("officeID", officeID).then("available_licenses"))
}

// Plan is an office's billing plan: the lines it pays for and its balance.
type Plan struct {
	// LineCounts are the lines the plan includes, used or not.
	LineCounts
	// Balance is what remains on the plan, in US dollars, as the decimal
	// string Dialpad sends ("10.0000").
	Balance string `json:"balance"`
	// NextBillingDate is when the next billing cycle starts, the UTC
	// timestamp as Dialpad sends it (the spec does not give its unit).
	NextBillingDate Int64 `json:"next_billing_date"`
	// PPUAddress is the place of primary use, the address taxes are
	// computed for.
	PPUAddress BillingAddress `json:"ppu_address"`
}

// BillingAddress is a postal address on a billing plan.
type BillingAddress struct {
	// AddressLine1 is the street address.
	AddressLine1 string `json:"address_line_1"`
	// AddressLine2 is the suite, floor or unit; often empty.
	AddressLine2 string `json:"address_line_2"`
	// City is the city or town.
	City string `json:"city"`
	// Region is the state or province.
	Region string `json:"region"`
	// PostalCode is the ZIP or postal code.
	PostalCode string `json:"postal_code"`
	// Country is a country code such as "us".
	Country string `json:"country"`
}

// GetPlan returns the billing plan of an office.
//
// Dialpad API: GET /api/v2/offices/{office_id}/plan
func (s *OfficesService) GetPlan(ctx context.Context, officeID ID) (*Plan, error) {
	return send[Plan](ctx, s.c, http.MethodGet, nil, nil, pathTo("offices").id("officeID", officeID).then("plan"))
}

// Operators are the users and rooms that answer a group's calls: an
// office's main line, a call center or a department.
type Operators struct {
	// Users are the operators that are users; empty when there are none.
	Users []*User `json:"users"`
	// Rooms are the operators that are rooms; empty when there are none.
	Rooms []*Room `json:"rooms"`
}

// Room is a shared phone (a conference room, a lobby) that can act as an
// operator.
type Room struct {
	// ID is the room's id.
	ID ID `json:"id"`
	// CompanyID is the company the room belongs to.
	CompanyID ID `json:"company_id"`
	// OfficeID is the office the room belongs to.
	OfficeID ID `json:"office_id"`
	// Name is the room's single-line name.
	Name string `json:"name"`
	// Country is a country code such as "us".
	Country string `json:"country"`
	// ImageURL is the address of the picture Dialpad shows for the room.
	ImageURL string `json:"image_url"`
	// PhoneNumbers are the room's E.164 numbers; omitted when it has
	// none.
	PhoneNumbers []string `json:"phone_numbers"`
	// State is the room's enablement state: active, pending, suspended,
	// cancelled or deleted.
	State UserState `json:"state"`
	// IsFree reports whether the room takes no paid license.
	IsFree bool `json:"is_free"`
	// IsOnDuty reports whether the room is taking calls as an operator now.
	IsOnDuty bool `json:"is_on_duty"`
}

// Operator is the user or room that was added to or removed from a
// group's operators. Dialpad's answer does not say which of the two it is.
type Operator struct {
	// ID is the user's or room's id.
	ID ID `json:"id"`
	// CompanyID is the company the operator belongs to.
	CompanyID ID `json:"company_id"`
	// OfficeID is the operator's office.
	OfficeID ID `json:"office_id"`
	// Name is the operator's single-line name.
	Name string `json:"name"`
	// Country is a country code such as "us".
	Country string `json:"country"`
	// ImageURL is the address of the operator's profile picture.
	ImageURL string `json:"image_url"`
	// PhoneNumbers are the operator's E.164 numbers; omitted when it has
	// none.
	PhoneNumbers []string `json:"phone_numbers"`
	// State is the operator's enablement state: active, pending,
	// suspended, cancelled or deleted.
	State UserState `json:"state"`
	// IsOnDuty reports whether the operator is taking calls now.
	IsOnDuty bool `json:"is_on_duty"`
}

// AddOperatorRequest is the body of Offices.AddOperator and
// Departments.AddOperator.
type AddOperatorRequest struct {
	// OperatorID is the id of the user or room to add (required).
	OperatorID ID `json:"operator_id"`
	// OperatorType says which of the two it is (required).
	OperatorType OperatorType `json:"operator_type"`
	// Role is GroupRoleOperator (the server's default) or GroupRoleAdmin.
	Role *GroupRole `json:"role,omitempty"`
}

func (r *AddOperatorRequest) validate() error {
	return firstErr(
		checkID("operator_id", r.OperatorID),
		checkRequired("operator_type", string(r.OperatorType)),
		checkEnum("operator_type", r.OperatorType, operatorTypes),
		checkEnumPtr("role", r.Role, operatorRoles),
	)
}

// RemoveOperatorRequest is the body of Offices.RemoveOperator and
// Departments.RemoveOperator. Both fields are required.
type RemoveOperatorRequest struct {
	// OperatorID is the id of the user or room to remove.
	OperatorID ID `json:"operator_id"`
	// OperatorType says which of the two it is.
	OperatorType OperatorType `json:"operator_type"`
}

func (r *RemoveOperatorRequest) validate() error {
	return firstErr(
		checkID("operator_id", r.OperatorID),
		checkRequired("operator_type", string(r.OperatorType)),
		checkEnum("operator_type", r.OperatorType, operatorTypes),
	)
}

// ListOperators returns the users and rooms that answer an office's main
// line.
//
// Dialpad API: GET /api/v2/offices/{id}/operators
func (s *OfficesService) ListOperators(ctx context.Context, officeID ID) (*Operators, error) {
	return send[Operators](ctx, s.c, http.MethodGet, nil, nil, pathTo("offices").id("officeID", officeID).then("operators"))
}

// AddOperator makes a user or room an operator of an office's main line
// and returns it.
//
// Dialpad API: POST /api/v2/offices/{id}/operators
func (s *OfficesService) AddOperator(ctx context.Context, officeID ID, req *AddOperatorRequest) (*Operator, error) {
	return write[Operator](ctx, s.c, http.MethodPost, req, pathTo("offices").id("officeID", officeID).then("operators"))
}

// RemoveOperator stops a user or room answering an office's main line and
// returns it.
//
// Dialpad API: DELETE /api/v2/offices/{id}/operators
func (s *OfficesService) RemoveOperator(ctx context.Context, officeID ID, req *RemoveOperatorRequest) (*Operator, error) {
	return write[Operator](ctx, s.c, http.MethodDelete, req, pathTo("offices").id("officeID", officeID).then("operators"))
}

func (o *Office) problem() string   { return idProblem(o.ID) }
func (o *Operator) problem() string { return idProblem(o.ID) }
func (r *Room) problem() string     { return idProblem(r.ID) }

// problem reports the first operator without a usable id.
func (o *Operators) problem() string {
	if why := itemsProblem("users", o.Users); why != "" {
		return why
	}
	return itemsProblem("rooms", o.Rooms)
}
