package dialpadtest

// The server's own wire types. They follow the OpenAPI document rather than
// the SDK's types, so that the fake checks the SDK's JSON independently:
// int64 ids and counts are written as JSON strings ("id": "5835806903417907")
// as the live API does, times as "2006-01-02T15:04:05" in UTC, and empty
// optional fields are left out.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// timeLayout is how Dialpad writes times: UTC, no zone.
const timeLayout = "2006-01-02T15:04:05"

// ts formats a time for a response, "" for the zero time.
func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// idList is a list of int64 ids written as JSON strings.
type idList []int64

// MarshalJSON writes the ids as strings.
func (l idList) MarshalJSON() ([]byte, error) {
	s := make([]string, len(l))
	for i, id := range l {
		s[i] = strconv.FormatInt(id, 10)
	}
	return json.Marshal(s)
}

// collection is a page of a list: items, and the cursor of the next page
// (left out on the last page).
type collection[T any] struct {
	Cursor string `json:"cursor,omitempty"`
	Items  []T    `json:"items"`
}

// itemsOnly is an unpaginated list (desk phones, personas).
type itemsOnly[T any] struct {
	Items []T `json:"items"`
}

// userBaseJSON holds the fields of a user that a coaching team member
// shares (the spec's UserProto and CoachingTeamMemberProto).
type userBaseJSON struct {
	AdminOfficeIDs    idList   `json:"admin_office_ids,omitempty"`
	CompanyID         int64    `json:"company_id,string"`
	Country           string   `json:"country,omitempty"`
	DateActive        string   `json:"date_active,omitempty"`
	DateAdded         string   `json:"date_added,omitempty"`
	DoNotDisturb      bool     `json:"do_not_disturb"`
	Emails            []string `json:"emails,omitempty"`
	Extension         string   `json:"extension,omitempty"`
	FirstName         string   `json:"first_name,omitempty"`
	ForwardingNumbers []string `json:"forwarding_numbers,omitempty"`
	ID                int64    `json:"id,string"`
	IsAdmin           bool     `json:"is_admin"`
	IsAvailable       bool     `json:"is_available"`
	IsOnDuty          bool     `json:"is_on_duty"`
	IsOnline          bool     `json:"is_online"`
	IsSuperAdmin      bool     `json:"is_super_admin"`
	JobTitle          string   `json:"job_title,omitempty"`
	Language          string   `json:"language,omitempty"`
	LastName          string   `json:"last_name,omitempty"`
	License           string   `json:"license"`
	Location          string   `json:"location,omitempty"`
	Muted             bool     `json:"muted"`
	OfficeID          int64    `json:"office_id,string"`
	PhoneNumbers      []string `json:"phone_numbers,omitempty"`
	State             string   `json:"state"`
	StatusMessage     string   `json:"status_message,omitempty"`
	Timezone          string   `json:"timezone,omitempty"`
}

// userJSON is a user (the spec's UserProto).
type userJSON struct {
	userBaseJSON
	DateFirstLogin              string             `json:"date_first_login,omitempty"`
	DisplayName                 string             `json:"display_name"`
	GroupDetails                []groupDetailsJSON `json:"group_details,omitempty"`
	InternationalDialingEnabled bool               `json:"international_dialing_enabled"`
}

type groupDetailsJSON struct {
	DoNotDisturb bool   `json:"do_not_disturb"`
	GroupID      int64  `json:"group_id,string"`
	GroupType    string `json:"group_type"`
	Role         string `json:"role"`
}

// displayName is "First Last", or the primary email without a name.
func displayName(first, last string, emails []string) string {
	if n := strings.TrimSpace(first + " " + last); n != "" {
		return n
	}
	if len(emails) > 0 {
		return emails[0]
	}
	return ""
}

// userJSON renders a user. s.mu is held.
func (st *state) userJSON(u *userRec, now time.Time) userJSON {
	u.expireStatus(now)
	j := userJSON{
		userBaseJSON: userBaseJSON{
			AdminOfficeIDs:    idList(convertIDs[int64](u.AdminOfficeIDs)),
			CompanyID:         CompanyID,
			Country:           u.Country,
			DateAdded:         ts(u.DateAdded),
			DoNotDisturb:      u.DoNotDisturb,
			Emails:            u.Emails,
			Extension:         u.Extension,
			FirstName:         u.FirstName,
			ForwardingNumbers: u.ForwardingNumbers,
			ID:                int64(u.ID),
			IsAdmin:           u.IsSuperAdmin || len(u.AdminOfficeIDs) > 0,
			IsAvailable:       u.State == "active" && u.call == nil,
			IsOnline:          u.State == "active" && st.userDevice(u) != nil,
			IsSuperAdmin:      u.IsSuperAdmin,
			JobTitle:          u.JobTitle,
			Language:          u.Language,
			LastName:          u.LastName,
			License:           u.License,
			Location:          u.Location,
			OfficeID:          int64(u.OfficeID),
			PhoneNumbers:      u.PhoneNumbers,
			State:             string(u.State),
			StatusMessage:     u.StatusMessage,
			Timezone:          u.Timezone,
		},
		DisplayName:                 displayName(u.FirstName, u.LastName, u.Emails),
		InternationalDialingEnabled: u.InternationalDialingEnabled,
	}
	if u.State == "active" || u.State == "suspended" {
		j.DateActive = j.DateAdded
	}
	if u.State == "deleted" {
		j.DisplayName += " (deactivated)"
	}
	j.GroupDetails = st.groupDetails(u)
	return j
}

// groupDetails lists the operator lists u is on: call centers, then
// departments, then offices, each by id, with u's role and DND there.
func (st *state) groupDetails(u *userRec) []groupDetailsJSON {
	gs, ops := st.userGroups(u)
	var out []groupDetailsJSON
	for i, g := range gs {
		out = append(out, groupDetailsJSON{DoNotDisturb: u.groupDND[g.id], GroupID: int64(g.id), GroupType: g.kind, Role: ops[i].Role})
	}
	return out
}

// memberJSON is a coaching team member: a user's shared fields and its
// role in the team.
type memberJSON struct {
	userBaseJSON
	Role string `json:"role"`
}

// memberJSON renders a coaching team member. s.mu is held.
func (st *state) memberJSON(u *userRec, role string, now time.Time) memberJSON {
	return memberJSON{userBaseJSON: st.userJSON(u, now).userBaseJSON, Role: role}
}

type teamJSON struct {
	AllowTraineeEavesdrop bool     `json:"allow_trainee_eavesdrop"`
	CompanyID             int64    `json:"company_id,string"`
	Country               string   `json:"country,omitempty"`
	ID                    int64    `json:"id,string"`
	Name                  string   `json:"name"`
	OfficeID              int64    `json:"office_id,string"`
	PhoneNumbers          []string `json:"phone_numbers,omitempty"`
	RingSeconds           int64    `json:"ring_seconds,omitempty,string"`
	State                 string   `json:"state"`
	TeamDescription       string   `json:"team_description,omitempty"`
}

func (st *state) teamJSON(t *CoachingTeam) teamJSON {
	j := teamJSON{
		AllowTraineeEavesdrop: t.AllowTraineeEavesdrop, CompanyID: CompanyID, ID: int64(t.ID), Name: t.Name,
		OfficeID: int64(t.OfficeID), PhoneNumbers: t.PhoneNumbers, RingSeconds: t.RingSeconds,
		State: t.State, TeamDescription: t.Description,
	}
	if o := st.offices[t.OfficeID]; o != nil {
		j.Country = o.Country
	}
	return j
}

type contactJSON struct {
	CompanyName  string   `json:"company_name,omitempty"`
	DisplayName  string   `json:"display_name"`
	Emails       []string `json:"emails,omitempty"`
	Extension    string   `json:"extension,omitempty"`
	FirstName    string   `json:"first_name"`
	ID           string   `json:"id"`
	JobTitle     string   `json:"job_title,omitempty"`
	LastName     string   `json:"last_name"`
	OwnerID      string   `json:"owner_id"`
	Phones       []string `json:"phones,omitempty"`
	PrimaryEmail string   `json:"primary_email,omitempty"`
	PrimaryPhone string   `json:"primary_phone,omitempty"`
	Type         string   `json:"type"`
	URLs         []string `json:"urls,omitempty"`
}

// contactJSON renders a contact. A shared contact's owner is the company.
func contactJSONOf(c *Contact) contactJSON {
	j := contactJSON{
		CompanyName: c.CompanyName, DisplayName: displayName(c.FirstName, c.LastName, nil), Emails: c.Emails,
		Extension: c.Extension, FirstName: c.FirstName, ID: c.ID, JobTitle: c.JobTitle, LastName: c.LastName,
		OwnerID: strconv.FormatInt(CompanyID, 10), Phones: c.Phones, Type: "shared", URLs: c.URLs,
	}
	if c.OwnerID != 0 {
		j.OwnerID, j.Type = strconv.FormatInt(int64(c.OwnerID), 10), "local"
	}
	if len(c.Emails) > 0 {
		j.PrimaryEmail = c.Emails[0]
	}
	if len(c.Phones) > 0 {
		j.PrimaryPhone = c.Phones[0]
	}
	return j
}

type deviceJSON struct {
	AppVersion     string `json:"app_version,omitempty"`
	DateCreated    string `json:"date_created,omitempty"`
	DateRegistered string `json:"date_registered,omitempty"`
	DateUpdated    string `json:"date_updated,omitempty"`
	DisplayName    string `json:"display_name,omitempty"`
	ID             string `json:"id"`
	PhoneNumber    string `json:"phone_number,omitempty"`
	Type           string `json:"type"`
	UserID         int64  `json:"user_id,string"`
}

// mobileDevices never report a registration date, as on Dialpad.
var mobileDevices = map[string]bool{"iphone": true, "ipad": true, "android": true}

func deviceJSONOf(d *Device) deviceJSON {
	j := deviceJSON{
		AppVersion: d.AppVersion, DateCreated: ts(d.DateCreated), DateRegistered: ts(d.DateRegistered),
		DateUpdated: ts(d.DateRegistered), DisplayName: d.DisplayName, ID: d.ID, PhoneNumber: d.PhoneNumber,
		Type: d.Type, UserID: int64(d.UserID),
	}
	if mobileDevices[d.Type] {
		j.DateRegistered = ""
	}
	return j
}

type deskPhoneJSON struct {
	BYOD             bool   `json:"byod"`
	DeviceModel      string `json:"device_model,omitempty"`
	FirmwareVersion  string `json:"firmware_version,omitempty"`
	ID               string `json:"id"`
	MACAddress       string `json:"mac_address,omitempty"`
	Name             string `json:"name,omitempty"`
	OwnerID          int64  `json:"owner_id,string"`
	OwnerType        string `json:"owner_type"`
	PhoneNumber      string `json:"phone_number,omitempty"`
	Port             int64  `json:"port,omitempty,string"`
	Realm            string `json:"realm,omitempty"`
	RingNotification bool   `json:"ring_notification"`
	SIPTransportType string `json:"sip_transport_type"`
	Type             string `json:"type"`
}

func deskPhoneJSONOf(d *DeskPhone) deskPhoneJSON {
	return deskPhoneJSON{
		BYOD: d.BYOD, DeviceModel: d.DeviceModel, FirmwareVersion: d.FirmwareVersion, ID: d.ID,
		MACAddress: d.MACAddress, Name: d.Name, OwnerID: int64(d.UserID), OwnerType: "user", PhoneNumber: d.PhoneNumber,
		Port: d.Port, Realm: d.Realm, RingNotification: d.RingNotification, SIPTransportType: "tls", Type: d.Type,
	}
}

type numberJSON struct {
	AreaCode   string `json:"area_code,omitempty"`
	CompanyID  int64  `json:"company_id,string"`
	Deleted    bool   `json:"deleted"`
	Number     string `json:"number"`
	OfficeID   int64  `json:"office_id,string"`
	Status     string `json:"status"`
	TargetID   int64  `json:"target_id,omitempty,string"`
	TargetType string `json:"target_type,omitempty"`
	Type       string `json:"type"`
}

func numberJSONOf(n *Number) numberJSON {
	return numberJSON{
		AreaCode: n.AreaCode, CompanyID: CompanyID, Number: n.Number, OfficeID: int64(n.OfficeID),
		Status: n.Status, TargetID: int64(n.TargetID), TargetType: n.TargetType, Type: n.Type,
	}
}

type callerIDJSON struct {
	CallerID          string          `json:"caller_id,omitempty"`
	ForwardingNumbers []string        `json:"forwarding_numbers,omitempty"`
	Groups            []callerIDGroup `json:"groups,omitempty"`
	ID                int64           `json:"id,string"`
	OfficeMainLine    string          `json:"office_main_line,omitempty"`
	PhoneNumbers      []string        `json:"phone_numbers,omitempty"`
	PrimaryPhone      string          `json:"primary_phone,omitempty"`
}

type callerIDGroup struct {
	CallerID    string `json:"caller_id,omitempty"`
	DisplayName string `json:"display_name"`
}

func (st *state) callerIDJSON(u *userRec) callerIDJSON {
	j := callerIDJSON{
		CallerID: st.effectiveCallerID(u), ForwardingNumbers: u.ForwardingNumbers, ID: int64(u.ID),
		PhoneNumbers: u.PhoneNumbers,
	}
	if len(u.PhoneNumbers) > 0 {
		j.PrimaryPhone = u.PhoneNumbers[0]
	}
	if o := st.offices[u.OfficeID]; o != nil {
		j.OfficeMainLine = o.MainLine
	}
	gs, _ := st.userGroups(u)
	for _, g := range gs {
		if g.kind == groupOffice {
			continue
		}
		cg := callerIDGroup{DisplayName: g.name}
		if len(g.numbers) > 0 {
			cg.CallerID = g.numbers[0]
		}
		j.Groups = append(j.Groups, cg)
	}
	return j
}

type e911JSON struct {
	Address  string `json:"address"`
	Address2 string `json:"address2,omitempty"`
	City     string `json:"city"`
	Country  string `json:"country"`
	State    string `json:"state"`
	Zip      string `json:"zip"`
}

func e911JSONOf(a E911Address) e911JSON {
	return e911JSON{Address: a.Address, Address2: a.Address2, City: a.City, Country: a.Country, State: a.State, Zip: a.Zip}
}

type personaJSON struct {
	CallerID     string   `json:"caller_id,omitempty"`
	ID           int64    `json:"id,string"`
	ImageURL     string   `json:"image_url,omitempty"`
	Name         string   `json:"name,omitempty"`
	PhoneNumbers []string `json:"phone_numbers,omitempty"`
	Type         string   `json:"type,omitempty"`
}

type agentGroupJSON struct {
	CreatedAt        int64  `json:"created_at,string"`
	GroupDescription string `json:"group_description,omitempty"`
	ID               string `json:"id"`
	Name             string `json:"name"`
	OfficeID         string `json:"office_id"`
	UpdatedAt        int64  `json:"updated_at,omitempty,string"`
}

type activeCallJSON struct {
	CallState   string `json:"call_state"`
	ID          int64  `json:"id,string"`
	IsRecording bool   `json:"is_recording"`
}

type viJSON struct {
	CallState string `json:"call_state"`
	EnableVI  bool   `json:"enable_vi"`
	ID        int64  `json:"id,string"`
	VILocale  string `json:"vi_locale,omitempty"`
}

type dndJSON struct {
	DoNotDisturb bool   `json:"do_not_disturb"`
	GroupID      int64  `json:"group_id,omitempty,string"`
	GroupType    string `json:"group_type,omitempty"`
	ID           int64  `json:"id,string"`
}

type statusJSON struct {
	Expiration    int64  `json:"expiration,omitempty,string"`
	ID            int64  `json:"id,string"`
	StatusMessage string `json:"status_message"`
}

type deviceEnvelope struct {
	Device deviceJSON `json:"device"`
}

// ---- organization: offices, plans, call centers, departments ----

type officeJSON struct {
	AvailabilityStatus string             `json:"availability_status"`
	Country            string             `json:"country,omitempty"`
	E911Address        *e911JSON          `json:"e911_address,omitempty"`
	FirstAction        string             `json:"first_action"`
	FridayHours        []string           `json:"friday_hours"`
	ID                 int64              `json:"id,string"`
	IsPrimaryOffice    bool               `json:"is_primary_office"`
	MondayHours        []string           `json:"monday_hours"`
	Name               string             `json:"name"`
	NoOperatorsAction  string             `json:"no_operators_action"`
	OfficeID           int64              `json:"office_id,string"`
	OfficeSettings     officeSettingsJSON `json:"office_settings"`
	PhoneNumbers       []string           `json:"phone_numbers,omitempty"`
	RingSeconds        int64              `json:"ring_seconds,string"`
	RoutingOptions     routingOptionsJSON `json:"routing_options"`
	State              string             `json:"state"`
	ThursdayHours      []string           `json:"thursday_hours"`
	Timezone           string             `json:"timezone,omitempty"`
	TuesdayHours       []string           `json:"tuesday_hours"`
	WednesdayHours     []string           `json:"wednesday_hours"`
}

type officeSettingsJSON struct {
	AllowDeviceGuestLogin         bool `json:"allow_device_guest_login"`
	BlockCallerIDDisabled         bool `json:"block_caller_id_disabled"`
	BridgedTargetRecordingAllowed bool `json:"bridged_target_recording_allowed"`
	DisableDeskPhoneSelfProvision bool `json:"disable_desk_phone_self_provision"`
	DisableIVRVoicemail           bool `json:"disable_ivr_voicemail"`
	NoRecordingMessageOnUserCalls bool `json:"no_recording_message_on_user_calls"`
	SetCallerIDDisabled           bool `json:"set_caller_id_disabled"`
}

type routingOptionsJSON struct {
	Closed routingJSON `json:"closed"`
	Open   routingJSON `json:"open"`
}

type routingJSON struct {
	Action           string `json:"action"`
	OperatorRouting  string `json:"operator_routing"`
	TryDialOperators bool   `json:"try_dial_operators"`
}

// routing is how the fake's groups route calls: to their operators (in the
// given order) while open, then to voicemail; straight to voicemail while
// closed.
func routing(operatorRouting string) routingOptionsJSON {
	return routingOptionsJSON{
		Closed: routingJSON{Action: "voicemail", OperatorRouting: operatorRouting},
		Open:   routingJSON{Action: "voicemail", OperatorRouting: operatorRouting, TryDialOperators: true},
	}
}

// officeHours are every office's opening hours, Monday to Friday.
var officeHours = []string{"08:00", "18:00"}

// officeJSON renders an office.
func (st *state) officeJSON(o *Office) officeJSON {
	j := officeJSON{
		AvailabilityStatus: "open", Country: o.Country, FirstAction: "operators", ID: int64(o.ID),
		IsPrimaryOffice: o.ID == st.primary, Name: o.Name, NoOperatorsAction: "voicemail", OfficeID: int64(o.ID),
		OfficeSettings: officeSettingsJSON{BridgedTargetRecordingAllowed: true}, RingSeconds: defaultRingSeconds,
		RoutingOptions: routing("simultaneous"), State: o.State, Timezone: o.Timezone,
		MondayHours: officeHours, TuesdayHours: officeHours, WednesdayHours: officeHours,
		ThursdayHours: officeHours, FridayHours: officeHours,
	}
	if o.MainLine != "" {
		j.PhoneNumbers = []string{o.MainLine}
	}
	if o.E911.Address != "" {
		a := e911JSONOf(o.E911)
		j.E911Address = &a
	}
	return j
}

// linesJSON are the line counts plan.get and plan.available_licenses.get
// share.
type linesJSON struct {
	AdditionalNumberLines         int64 `json:"additional_number_lines,string"`
	ContactCenterLines            int64 `json:"contact_center_lines,string"`
	FaxLines                      int64 `json:"fax_lines,string"`
	RoomLines                     int64 `json:"room_lines,string"`
	SellLines                     int64 `json:"sell_lines,string"`
	TalkLines                     int64 `json:"talk_lines,string"`
	TollfreeAdditionalNumberLines int64 `json:"tollfree_additional_number_lines,string"`
	TollfreeRoomLines             int64 `json:"tollfree_room_lines,string"`
	TollfreeUberconferenceLines   int64 `json:"tollfree_uberconference_lines,string"`
	UberconferenceLines           int64 `json:"uberconference_lines,string"`
}

type planJSON struct {
	linesJSON
	Balance         string              `json:"balance"`
	NextBillingDate int64               `json:"next_billing_date,omitempty,string"`
	PPUAddress      *billingContactJSON `json:"ppu_address,omitempty"`
}

type billingContactJSON struct {
	AddressLine1 string `json:"address_line_1,omitempty"`
	AddressLine2 string `json:"address_line_2,omitempty"`
	City         string `json:"city,omitempty"`
	Country      string `json:"country,omitempty"`
	PostalCode   string `json:"postal_code,omitempty"`
	Region       string `json:"region,omitempty"`
}

// lines returns an office's line counts: all of them, or (free) those
// left, never below zero. Three licenses have a line type in the plan:
// "talk" has talk lines, "agents" (call-center agents with a number) sell
// lines and "lite_support_agents" (without one) contact-center lines.
func (st *state) lines(o *Office, free bool) linesJSON {
	p := o.Plan
	seats := func(license string) int64 {
		if free {
			return int64(max(st.freeSeats(o.ID, license), 0))
		}
		return int64(o.Seats[license])
	}
	return linesJSON{
		AdditionalNumberLines: int64(p.AdditionalNumberLines), ContactCenterLines: seats("lite_support_agents"),
		FaxLines: int64(p.FaxLines), RoomLines: int64(p.RoomLines), SellLines: seats("agents"), TalkLines: seats("talk"),
		TollfreeAdditionalNumberLines: int64(p.TollFreeAdditionalNumberLines), TollfreeRoomLines: int64(p.TollFreeRoomLines),
		TollfreeUberconferenceLines: int64(p.TollFreeUberconferenceLines), UberconferenceLines: int64(p.UberconferenceLines),
	}
}

// planJSON renders an office's plan. The place of primary use defaults to
// the office's E911 address.
func (st *state) planJSON(o *Office) planJSON {
	j := planJSON{linesJSON: st.lines(o, false), Balance: strconv.FormatFloat(o.Plan.Balance, 'f', 4, 64),
		NextBillingDate: millis(o.Plan.NextBillingDate)}
	switch a := o.Plan.PPUAddress; {
	case a != nil:
		j.PPUAddress = &billingContactJSON{AddressLine1: a.Line1, AddressLine2: a.Line2, City: a.City,
			Country: a.Country, PostalCode: a.PostalCode, Region: a.Region}
	case o.E911.Address != "":
		e := o.E911
		j.PPUAddress = &billingContactJSON{AddressLine1: e.Address, AddressLine2: e.Address2, City: e.City,
			Country: e.Country, PostalCode: e.Zip, Region: e.State}
	}
	return j
}

type callCenterJSON struct {
	AdvancedSettings   advancedSettingsJSON `json:"advanced_settings"`
	Alerts             alertsJSON           `json:"alerts"`
	AvailabilityStatus string               `json:"availability_status"`
	Country            string               `json:"country,omitempty"`
	FirstAction        string               `json:"first_action"`
	GroupDescription   string               `json:"group_description,omitempty"`
	HoldQueue          ccHoldQueueJSON      `json:"hold_queue"`
	HoursOn            bool                 `json:"hours_on"`
	ID                 int64                `json:"id,string"`
	Name               string               `json:"name"`
	NoOperatorsAction  string               `json:"no_operators_action"`
	OfficeID           int64                `json:"office_id,string"`
	PhoneNumbers       []string             `json:"phone_numbers,omitempty"`
	RingSeconds        int64                `json:"ring_seconds,string"`
	RoutingOptions     routingOptionsJSON   `json:"routing_options"`
	State              string               `json:"state"`
	Timezone           string               `json:"timezone,omitempty"`
	VoiceIntelligence  viSettingsJSON       `json:"voice_intelligence"`
}

type advancedSettingsJSON struct {
	AutoCallRecording autoCallRecordingJSON `json:"auto_call_recording"`
	MaxWrapUpSeconds  int64                 `json:"max_wrap_up_seconds,string"`
}

type autoCallRecordingJSON struct {
	CallRecordingInbound  bool `json:"call_recording_inbound"`
	CallRecordingOutbound bool `json:"call_recording_outbound"`
}

type alertsJSON struct {
	CCServiceLevel        int64 `json:"cc_service_level,string"`
	CCServiceLevelSeconds int64 `json:"cc_service_level_seconds,string"`
}

type ccHoldQueueJSON struct {
	AnnouncePosition            bool   `json:"announce_position"`
	AnnouncementIntervalSeconds int64  `json:"announcement_interval_seconds,string"`
	MaxHoldCount                int64  `json:"max_hold_count,string"`
	MaxHoldSeconds              int64  `json:"max_hold_seconds,string"`
	QueueCallbackDTMF           string `json:"queue_callback_dtmf"`
	QueueCallbackThreshold      int64  `json:"queue_callback_threshold,string"`
	QueueEscapeDTMF             string `json:"queue_escape_dtmf"`
}

type viSettingsJSON struct {
	AllowPause bool `json:"allow_pause"`
	AutoStart  bool `json:"auto_start"`
}

// callCenterJSON renders a call center. The settings the fake does not
// model have Dialpad's defaults.
func (st *state) callCenterJSON(c *CallCenter) callCenterJSON {
	j := callCenterJSON{
		Alerts: alertsJSON{CCServiceLevel: 95, CCServiceLevelSeconds: 60}, AvailabilityStatus: "open",
		FirstAction: "operators", GroupDescription: c.Description,
		HoldQueue: ccHoldQueueJSON{AnnouncePosition: true, AnnouncementIntervalSeconds: 120, MaxHoldCount: 50,
			MaxHoldSeconds: 900, QueueCallbackDTMF: "9", QueueCallbackThreshold: 5, QueueEscapeDTMF: "*"},
		ID: int64(c.ID), Name: c.Name, NoOperatorsAction: "voicemail", OfficeID: int64(c.OfficeID), PhoneNumbers: c.PhoneNumbers,
		RingSeconds: c.RingSeconds, RoutingOptions: routing("longestidle"), State: c.State, Timezone: c.Timezone,
		VoiceIntelligence: viSettingsJSON{AllowPause: true, AutoStart: true},
	}
	if o := st.offices[c.OfficeID]; o != nil {
		j.Country = o.Country
	}
	return j
}

type departmentJSON struct {
	AutoCallRecording  bool               `json:"auto_call_recording"`
	AvailabilityStatus string             `json:"availability_status"`
	Country            string             `json:"country,omitempty"`
	FirstAction        string             `json:"first_action"`
	GroupDescription   string             `json:"group_description,omitempty"`
	HoldQueue          deptHoldQueueJSON  `json:"hold_queue"`
	HoursOn            bool               `json:"hours_on"`
	ID                 int64              `json:"id,string"`
	Name               string             `json:"name"`
	NoOperatorsAction  string             `json:"no_operators_action"`
	OfficeID           int64              `json:"office_id,string"`
	PhoneNumbers       []string           `json:"phone_numbers,omitempty"`
	RingSeconds        int64              `json:"ring_seconds,string"`
	RoutingOptions     routingOptionsJSON `json:"routing_options"`
	State              string             `json:"state"`
	Timezone           string             `json:"timezone,omitempty"`
	VoiceIntelligence  viSettingsJSON     `json:"voice_intelligence"`
}

type deptHoldQueueJSON struct {
	MaxHoldCount   int64 `json:"max_hold_count,string"`
	MaxHoldSeconds int64 `json:"max_hold_seconds,string"`
}

// departmentJSON renders a department, with Dialpad's defaults for what
// the fake does not model.
func (st *state) departmentJSON(d *Department) departmentJSON {
	j := departmentJSON{
		AvailabilityStatus: "open", FirstAction: "operators", GroupDescription: d.Description,
		HoldQueue: deptHoldQueueJSON{MaxHoldCount: 50, MaxHoldSeconds: 900}, ID: int64(d.ID), Name: d.Name,
		NoOperatorsAction: "voicemail", OfficeID: int64(d.OfficeID), PhoneNumbers: d.PhoneNumbers, RingSeconds: d.RingSeconds,
		RoutingOptions: routing("simultaneous"), State: d.State, Timezone: d.Timezone,
		VoiceIntelligence: viSettingsJSON{AllowPause: true, AutoStart: true},
	}
	if o := st.offices[d.OfficeID]; o != nil {
		j.Country = o.Country
	}
	return j
}

// operatorJSON is an operator as the add and remove operations answer it
// (the spec's UserOrRoomProto; the fake has users only).
type operatorJSON struct {
	CompanyID    int64    `json:"company_id,string"`
	Country      string   `json:"country,omitempty"`
	ID           int64    `json:"id,string"`
	IsOnDuty     bool     `json:"is_on_duty"`
	Name         string   `json:"name,omitempty"`
	OfficeID     int64    `json:"office_id,string"`
	PhoneNumbers []string `json:"phone_numbers,omitempty"`
	State        string   `json:"state"`
}

func operatorJSONOf(u *userRec) operatorJSON {
	return operatorJSON{CompanyID: CompanyID, Country: u.Country, ID: int64(u.ID), Name: displayName(u.FirstName, u.LastName, u.Emails),
		OfficeID: int64(u.OfficeID), PhoneNumbers: u.PhoneNumbers, State: string(u.State)}
}

// operatorsJSON is an operator list. The fake has no rooms, so "rooms" is
// always left out.
type operatorsJSON struct {
	Users []userJSON `json:"users"`
}

// ---- enums from the spec ----

var deviceTypes = []string{"android", "ata", "audiocodes", "c2t", "ciscompp", "dect", "dpmroom", "grandstream",
	"harness", "iframe_cti_extension", "iframe_front", "iframe_hubspot", "iframe_ms_teams", "iframe_open_cti",
	"iframe_salesforce", "iframe_service_titan", "iframe_zendesk", "ipad", "iphone", "mini", "mitel", "msteams",
	"native", "obi", "packaged_app", "polyandroid", "polycom", "proxy", "public_api", "salesforce", "sip",
	"tickiot", "web", "yealink"}

var deskPhoneTypes = []string{"ata", "audiocodes", "c2t", "ciscompp", "dect", "grandstream", "mini", "mitel",
	"obi", "polyandroid", "polycom", "sip", "tickiot", "yealink"}

var viLocales = []string{"en-au", "en-ca", "en-de", "en-fr", "en-gb", "en-it", "en-jp", "en-mx", "en-nl", "en-nz",
	"en-pt", "en-us", "es-au", "es-ca", "es-de", "es-es", "es-fr", "es-gb", "es-it", "es-jp", "es-mx", "es-nl",
	"es-nz", "es-pt", "es-us", "fr-au", "fr-ca", "fr-de", "fr-es", "fr-fr", "fr-gb", "fr-it", "fr-jp", "fr-mx",
	"fr-nl", "fr-nz", "fr-pt", "fr-us"}

// groupTypes are the group types of DND changes and outbound calls.
var groupTypes = []string{"callcenter", "department", "office"}

// ---- request bodies ----

// decode reads the JSON object body into dst, whose fields are pointers
// (nil when absent or null). An empty body decodes as {}. Unknown fields,
// wrong types, malformed JSON, trailing data and a non-JSON Content-Type
// are errors.
func (c *call) decode(dst any) *apiError {
	if ct := c.r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return errorf(http.StatusUnsupportedMediaType, "Content-Type %q is not JSON", ct)
		}
	}
	b := bytes.TrimSpace(c.body)
	if len(b) == 0 {
		return nil
	}
	if b[0] != '{' {
		return badRequest("the request body must be a JSON object")
	}
	if !utf8.Valid(b) {
		// encoding/json would quietly turn the bad bytes into U+FFFD.
		return badRequest("the request body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return badRequest("invalid request body: %s", describeJSONError(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("invalid request body: data after the JSON object")
	}
	return nil
}

// describeJSONError turns encoding/json's errors into messages naming the
// field and the expected type.
func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("malformed JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(body)"
		}
		return fmt.Sprintf("field %q must be %s, got %s", field, typeName(typ.Type), typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: unexpected end of input"
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	return msg
}

// typeName names a Go type by its JSON kind.
func typeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "an integer"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Slice:
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(typeName(t.Elem()), "an "), "a ") + "s"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}

// missing is the error for an absent required field.
func missing(field string) *apiError {
	return badRequest("missing required field %q", field)
}

// checkLine rejects a multi-line value of a single-line field.
func checkLine(field string, v *string) *apiError {
	if v != nil && !singleLine(*v) {
		return badRequest("field %q must be a single line", field)
	}
	return nil
}

// checkE164s rejects a list with a number that is not E.164.
func checkE164s(field string, vs []string) *apiError {
	for i, v := range vs {
		if !isE164(v) {
			return badRequest("%s[%d]: %q is not an E.164 number", field, i, v)
		}
	}
	return nil
}

// firstError returns the first non-nil error (an *apiError or an error),
// so that a request's checks read as one list.
func firstError[E comparable](errs ...E) E {
	var none E
	for _, e := range errs {
		if e != none {
			return e
		}
	}
	return none
}

// ---- pagination ----

// Page sizes of the cursor-paginated lists.
const (
	// DefaultPageSize is the page size of a list request without limit.
	DefaultPageSize = 25
	// MaxPageSize is the largest page served; a larger limit gets a page
	// of this size, as on Dialpad.
	MaxPageSize = 100
)

// pageReq is a parsed page request: its size, and the key of the last item
// of the previous page ("" for the first page).
type pageReq struct {
	limit int
	after string
}

// page parses the limit and cursor query parameters of a list of kind.
func (c *call) page(kind string) (pageReq, *apiError) {
	p := pageReq{limit: DefaultPageSize}
	if v := c.query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, badRequest("query parameter limit=%q is not a positive integer", v)
		}
		p.limit = min(n, MaxPageSize)
	}
	if v := c.query("cursor"); v != "" {
		after, ok := parseCursor(kind, v)
		if !ok {
			return p, badRequest("invalid cursor %q: not one this list handed out", v)
		}
		p.after = after
	}
	return p, nil
}

// A cursor is the base64 (URL alphabet, no padding) of "kind:key:check",
// where kind names the list, key is the sort key of the last item of the
// previous page and check is a hash of both. The check makes a cursor the
// server did not hand out (made up, cut short, edited, or from another
// list) unknown, and unknown cursors are 400, as the spec documents.

// cursorCheck is the check value of a cursor for key in list kind.
func cursorCheck(kind, key string) string {
	h := fnv.New64a()
	_, _ = io.WriteString(h, "dialpadtest cursor\x00"+kind+"\x00"+key)
	return strconv.FormatUint(h.Sum64(), 36)
}

// makeCursor returns the cursor of the page after key in list kind.
func makeCursor(kind, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + key + ":" + cursorCheck(kind, key)))
}

// parseCursor returns the key a cursor of list kind carries, and false for
// a cursor makeCursor did not make for that list.
func parseCursor(kind, cursor string) (key string, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return "", false
	}
	rest, ok := strings.CutPrefix(string(raw), kind+":")
	if !ok {
		return "", false
	}
	i := strings.LastIndexByte(rest, ':')
	if i <= 0 || rest[i+1:] != cursorCheck(kind, rest[:i]) {
		return "", false
	}
	return rest[:i], true
}

// paginate returns the page of items (sorted by key) after p.after, and
// the cursor of the next page, "" on the last one.
func paginate[T any](items []T, key func(T) string, p pageReq, kind string) ([]T, string) {
	start := 0
	if p.after != "" {
		for start < len(items) && key(items[start]) <= p.after {
			start++
		}
	}
	end := min(start+p.limit, len(items))
	page := items[start:end]
	if end == len(items) {
		return page, ""
	}
	return page, makeCursor(kind, key(page[len(page)-1]))
}

// collect is a page of a list as the spec's collection, each item written
// by toJSON.
func collect[T, J any](page []T, cursor string, toJSON func(T) J) collection[J] {
	out := collection[J]{Cursor: cursor, Items: make([]J, 0, len(page))}
	for _, v := range page {
		out.Items = append(out.Items, toJSON(v))
	}
	return out
}

// idKey is the sort key of an int64 id: zero-padded, so that keys order as
// numbers.
func idKey[T ~int64](id T) string { return fmt.Sprintf("%020d", id) }
