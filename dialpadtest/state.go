package dialpadtest

import (
	"cmp"
	"fmt"
	"maps"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// CompanyID is the id of the one company a Server simulates; it appears as
// "company_id" in responses. A request with a DP-Company-ID header naming
// another company is answered 403. Like the Seed…ID constants it is
// untyped, so it passes as a dialpad.ID.
const CompanyID = 4508591728425653

// firstGeneratedID is where the ids the server makes up start.
const firstGeneratedID dialpad.ID = 7000000000000001

// Licenses a user can hold, as Dialpad names them.
var licenses = []string{"admins", "agents", "dpde_all", "dpde_one", "lite_lines", "lite_support_agents", "magenta_lines", "talk"}

// userStates are the enablement states of users and coaching teams.
var userStates = []string{"active", "cancelled", "deleted", "pending", "suspended"}

// Office is an office of the fake company. It is the input of AddOffice and
// the result of Server.Office.
type Office struct {
	// ID is the office id; AddOffice makes one up when it is zero.
	ID dialpad.ID
	// Name is required.
	Name string
	// Country is the office's ISO 3166 country code in lower case ("us",
	// the default). Moving a user to an office in another country
	// unassigns the user's numbers.
	Country string
	// Timezone is the default timezone of the office's users ("US/Pacific"
	// by default).
	Timezone string
	// MainLine is the office's main number (E.164), optional. It joins the
	// number inventory with status "office" and is offered as a caller id
	// to the office's users.
	MainLine string
	// Seats is the number of license seats the office has, by license name
	// ("talk", "agents", "lite_support_agents", ...). Every active,
	// suspended or pending user takes one seat of its license; creating a
	// user, changing its license or moving it to the office fails with 400
	// when no seat is free. A license missing from the map has no seats.
	// The office's plan shows the seats of "talk", "agents" and
	// "lite_support_agents" as its talk, sell and contact-center lines.
	Seats map[string]int
	// E911 is the emergency address of users who have none of their own.
	E911 E911Address
	// State is "active" (the default), "suspended", "pending", "cancelled"
	// or "deleted". offices.list with active_only=true leaves out offices
	// that are not active; nothing else depends on it.
	State string
	// Plan is the rest of the office's billing plan (see Plan).
	Plan Plan
	// Operators answer the office's main line. AddOffice takes them only
	// for users that exist already; AddOfficeOperator adds more. Roles
	// are "operator" (the default) and "admin".
	Operators []Operator
}

// E911Address is an emergency (E911) address.
type E911Address struct {
	// Address and Address2 are the street lines; City, State, Zip and
	// Country (an ISO 3166 code) the rest.
	Address  string
	Address2 string
	City     string
	State    string
	Zip      string
	Country  string
}

// Number is a phone number of the company's inventory, as Server.Number
// reports it.
type Number struct {
	// Number is the E.164 number.
	Number string
	// OfficeID is the office whose inventory holds the number.
	OfficeID dialpad.ID
	// AreaCode is the three-digit area code of a +1 number, "" otherwise.
	AreaCode string
	// Type is "tollfree" for +1 8xx toll-free numbers, "local" otherwise.
	Type string
	// Status is "available" (free in the inventory), "user" (assigned to a
	// user), "office" (an office's main line), "call_center" or
	// "department" (a number of a call center or department).
	Status string
	// TargetID and TargetType name what the number is assigned to: a user
	// ("user"), an office ("office"), a call center ("callcenter") or a
	// department ("department"); zero and "" when available.
	TargetID   dialpad.ID
	TargetType string
}

// User is a user of the fake company. It is the input of AddUser and the
// result of Server.User.
type User struct {
	// ID is the user id; AddUser makes one up when it is zero.
	ID dialpad.ID
	// OfficeID is the user's office, which must exist.
	OfficeID dialpad.ID
	// FirstName and LastName make up the display name.
	FirstName string
	LastName  string
	// Emails are the user's addresses, the first being the primary one. At
	// least one is required, and no other user that is not deleted may
	// have any of them (compared without regard to case).
	Emails []string
	// PhoneNumbers are the user's numbers, the primary one first. AddUser
	// takes each from the office's inventory, adding it there first when
	// the inventory does not have it yet; a number assigned elsewhere is an
	// error.
	PhoneNumbers []string
	// ForwardingNumbers are rung along with the user's numbers.
	ForwardingNumbers []string
	// License defaults to "talk"; the office needs a free seat for it.
	License string
	// State is dialpad.UserStateActive (the default), or suspended,
	// pending, cancelled or deleted.
	State dialpad.UserState
	// IsSuperAdmin makes the user a company admin.
	IsSuperAdmin bool
	// AdminOfficeIDs are the offices the user administers.
	AdminOfficeIDs []dialpad.ID
	// JobTitle, Location and Extension are free text.
	JobTitle  string
	Location  string
	Extension string
	// Country, Timezone and Language default to the office's country and
	// timezone and to "en".
	Country  string
	Timezone string
	Language string
	// InternationalDialingEnabled lets the user call abroad.
	InternationalDialingEnabled bool
	// DoNotDisturb is the user's own DND setting.
	DoNotDisturb bool
	// StatusMessage is the user's status.
	StatusMessage string
	// CallerID is the caller id the user chose: one of its numbers, the
	// office main line, a group number or "blocked"; "" means the primary
	// number (or the office main line when the user has no number).
	CallerID string
	// E911 is the user's own emergency address; nil means the office's.
	E911 *E911Address
	// DateAdded is when the user was created; AddUser uses the server's
	// clock when it is zero.
	DateAdded time.Time
}

// Contact is a shared or local contact. It is the input of AddContact and
// the result of Server.Contact.
type Contact struct {
	// ID is the contact id; AddContact makes one up when it is empty.
	// Contacts created with a uid (PUT /api/v2/contacts) have the id
	// "shared_uid_<uid>".
	ID string
	// OwnerID is the user owning a local contact; 0 makes a shared
	// contact of the company.
	OwnerID dialpad.ID
	// FirstName and LastName are required.
	FirstName string
	LastName  string
	// CompanyName, JobTitle and Extension are free text.
	CompanyName string
	JobTitle    string
	Extension   string
	// Emails and Phones (E.164) list the contact's addresses and numbers,
	// the primary one first.
	Emails []string
	Phones []string
	// URLs are the contact's websites.
	URLs []string
}

// CoachingTeam is a coaching team. It is the input of AddCoachingTeam.
type CoachingTeam struct {
	// ID is the team id; AddCoachingTeam makes one up when it is zero.
	ID dialpad.ID
	// Name is required.
	Name string
	// OfficeID is the team's office, which must exist.
	OfficeID dialpad.ID
	// Description is free text.
	Description string
	// AllowTraineeEavesdrop lets trainees listen in on coaches' calls.
	AllowTraineeEavesdrop bool
	// RingSeconds is how long the team's line rings.
	RingSeconds int64
	// PhoneNumbers are the team's numbers.
	PhoneNumbers []string
	// State defaults to "active".
	State string
	// Members are the team's first members.
	Members []CoachingTeamMember
}

// CoachingTeamMember is a user's membership in a coaching team.
type CoachingTeamMember struct {
	// UserID is the member, a user that is not deleted.
	UserID dialpad.ID
	// Role is "coach" or "trainee".
	Role string
}

// AgentGroup is an agent group, as agentgroup.get serves it. It is the
// input of AddAgentGroup. Agent groups are not call centers (see
// CallCenter): they have no operators and appear in no group_details.
type AgentGroup struct {
	// ID is the group id; AddAgentGroup makes one up when it is zero.
	ID dialpad.ID
	// Name is required.
	Name string
	// Description is free text.
	Description string
	// OfficeID is the group's office, which must exist.
	OfficeID dialpad.ID
	// CreatedAt and UpdatedAt default to the server's clock.
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Device is a device a user is signed in on (a user device). It is the
// input of AddDevice.
type Device struct {
	// ID is the device id; AddDevice makes one up when it is empty
	// ("<number>-user-<user id>-client-<type>").
	ID string
	// UserID is the owner, a user that is not deleted.
	UserID dialpad.ID
	// Type is the device type ("native" by default, "web", "iphone",
	// "android", ...).
	Type string
	// DisplayName names the device.
	DisplayName string
	// PhoneNumber is the number the device uses; it defaults to the
	// owner's primary number.
	PhoneNumber string
	// AppVersion is the app or firmware version.
	AppVersion string
	// DateCreated and DateRegistered default to the server's clock.
	DateCreated    time.Time
	DateRegistered time.Time
}

// DeskPhone is a user's desk phone. It is the input of AddDeskPhone.
type DeskPhone struct {
	// ID is the desk phone id; AddDeskPhone makes one up when it is empty.
	ID string
	// UserID is the owner, a user that is not deleted.
	UserID dialpad.ID
	// Name is the name the user gave the phone.
	Name string
	// Type is the phone type ("obi" by default, "yealink", "polycom",
	// ...).
	Type string
	// MACAddress, DeviceModel and FirmwareVersion describe the hardware.
	MACAddress      string
	DeviceModel     string
	FirmwareVersion string
	// PhoneNumber defaults to the owner's primary number.
	PhoneNumber string
	// Realm and Port are the SIP settings (default
	// "uvstaging.ubervoip.net" and 7060).
	Realm string
	Port  int64
	// BYOD is true for a phone not bought through Dialpad.
	BYOD bool
	// RingNotification makes the phone ring for the user's calls.
	RingNotification bool
}

// Persona is an identity a user can call as. It is the input of
// AddPersona.
type Persona struct {
	// ID is the persona's id (Dialpad sends the target's id); it defaults
	// to the user's id.
	ID dialpad.ID
	// Name names the persona.
	Name string
	// Type is the kind of target ("office", "callcenter", ...).
	Type string
	// CallerID is shown to the callee.
	CallerID string
	// ImageURL is the persona's picture.
	ImageURL string
	// PhoneNumbers are the persona's numbers.
	PhoneNumbers []string
}

// ActiveCall is the call a user is on, which the recording
// (users.update_active_call) and VI (users.toggle_call_vi) operations act
// on. It is the input of SetActiveCall and the result of
// Server.ActiveCall.
type ActiveCall struct {
	// ID is the call id; SetActiveCall makes one up when it is zero.
	ID dialpad.ID
	// State is the call state ("connected" by default).
	State string
	// IsRecording says whether the call is being recorded.
	IsRecording bool
	// CallAI says whether the call has Dialpad's voice intelligence;
	// without it toggling VI fails with 400, as on Dialpad.
	CallAI bool
	// VIEnabled and VILocale are the call's VI settings.
	VIEnabled bool
	VILocale  string
}

// InitiatedCall is a call started through users.initiate_call, as
// InitiatedCalls reports it.
type InitiatedCall struct {
	// UserID is the caller.
	UserID dialpad.ID
	// DeviceID is the device the call was started on.
	DeviceID string
	// PhoneNumber is the number called.
	PhoneNumber string
	// OutboundCallerID, CustomData, GroupID and GroupType are as requested.
	OutboundCallerID string
	CustomData       string
	GroupID          dialpad.ID
	GroupType        string
	// Time is when the request arrived, by the server's clock.
	Time time.Time
}

// userRec is a user with what the server keeps about it beyond User.
type userRec struct {
	User
	statusExpires time.Time           // zero: the status does not expire
	groupDND      map[dialpad.ID]bool // DND per group id
	personas      []Persona           // as added
	call          *ActiveCall         // nil when not on a call
}

// state is everything the fake company holds. The Server's mutex guards it.
type state struct {
	nextID      dialpad.ID
	me          dialpad.ID // the user "me" stands for; 0 when none
	primary     dialpad.ID // the primary office: the first one added
	offices     map[dialpad.ID]*Office
	callCenters map[dialpad.ID]*CallCenter
	departments map[dialpad.ID]*Department
	numbers     map[string]*Number
	users       map[dialpad.ID]*userRec
	contacts    map[string]*Contact
	teams       map[dialpad.ID]*CoachingTeam
	agentGroups map[dialpad.ID]*AgentGroup
	devices     map[string]*Device
	deskPhones  map[string]*DeskPhone
	calls       []InitiatedCall
}

func newState() *state {
	return &state{
		nextID:      firstGeneratedID,
		offices:     map[dialpad.ID]*Office{},
		callCenters: map[dialpad.ID]*CallCenter{},
		departments: map[dialpad.ID]*Department{},
		numbers:     map[string]*Number{},
		users:       map[dialpad.ID]*userRec{},
		contacts:    map[string]*Contact{},
		teams:       map[dialpad.ID]*CoachingTeam{},
		agentGroups: map[dialpad.ID]*AgentGroup{},
		devices:     map[string]*Device{},
		deskPhones:  map[string]*DeskPhone{},
	}
}

// newID returns an id no office, call center, department, user, team,
// agent group or contact has.
func (st *state) newID() dialpad.ID {
	for {
		id := st.nextID
		st.nextID++
		if !st.groupIDTaken(id) && st.users[id] == nil && st.teams[id] == nil &&
			st.agentGroups[id] == nil && st.contacts[id.String()] == nil {
			return id
		}
	}
}

// ---- validation helpers ----

// isE164 reports whether v is "+" and 2 to 15 digits, the first not 0.
func isE164(v string) bool {
	if len(v) < 3 || len(v) > 16 || v[0] != '+' || v[1] == '0' {
		return false
	}
	for i := 1; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// isEmail reports whether v is one bare email address.
func isEmail(v string) bool {
	a, err := mail.ParseAddress(v)
	return err == nil && a.Address == v
}

// singleLine reports whether v has no line break.
func singleLine(v string) bool {
	return !strings.ContainsAny(v, "\r\n\v\f\u0085\u2028\u2029")
}

// areaCode returns the area code of a +1 number, "" for others.
func areaCode(number string) string {
	if strings.HasPrefix(number, "+1") && len(number) == 12 {
		return number[2:5]
	}
	return ""
}

// numberType returns "tollfree" or "local".
func numberType(number string) string {
	switch areaCode(number) {
	case "800", "833", "844", "855", "866", "877", "888":
		return "tollfree"
	}
	return "local"
}

// holdsSeat reports whether a user in this state takes a license seat.
func holdsSeat(state dialpad.UserState) bool {
	return state == "active" || state == "suspended" || state == "pending"
}

// ---- lookups and invariants ----

// userByParam resolves a path or query user id ("me" included); deleted
// users are found only when withDeleted is set.
func (st *state) userByParam(raw string, withDeleted bool) (*userRec, *apiError) {
	if raw == "me" {
		if st.me == 0 {
			return nil, badRequest("\"me\" needs a user-level API key; this server has no key owner (see SetMe)")
		}
		raw = st.me.String()
	}
	id, err := parseID(raw)
	if err != nil {
		return nil, notFound("user %q not found", raw)
	}
	u := st.users[id]
	if u == nil || (!withDeleted && u.State == "deleted") {
		return nil, notFound("user %d not found", id)
	}
	return u, nil
}

// liveUser resolves a user id that must not be deleted.
func (st *state) liveUser(raw string) (*userRec, *apiError) { return st.userByParam(raw, false) }

// freeSeats returns how many seats of license the office has left.
func (st *state) freeSeats(officeID dialpad.ID, license string) int {
	o := st.offices[officeID]
	if o == nil {
		return 0
	}
	n := o.Seats[license]
	for _, u := range st.users {
		if u.OfficeID == officeID && u.License == license && holdsSeat(u.State) {
			n--
		}
	}
	return n
}

// emailOwner returns the user that is not deleted and has email, or nil.
func (st *state) emailOwner(email string) *userRec {
	for _, u := range st.users {
		if u.State == "deleted" {
			continue
		}
		for _, e := range u.Emails {
			if dialpad.SameEmail(e, email) {
				return u
			}
		}
	}
	return nil
}

// availableNumber returns the first available number of an office's
// inventory (in the area code, when one is given), or nil.
func (st *state) availableNumber(officeID dialpad.ID, area string) *Number {
	var found *Number
	for _, n := range st.numbers {
		if n.OfficeID != officeID || n.Status != "available" || (area != "" && n.AreaCode != area) {
			continue
		}
		if found == nil || n.Number < found.Number {
			found = n
		}
	}
	return found
}

// assignNumber gives an available number to u, first when primary.
func (st *state) assignNumber(u *userRec, n *Number, primary bool) {
	n.Status, n.TargetID, n.TargetType = "user", u.ID, "user"
	if primary {
		u.PhoneNumbers = append([]string{n.Number}, u.PhoneNumbers...)
	} else {
		u.PhoneNumbers = append(u.PhoneNumbers, n.Number)
	}
}

// releaseNumber takes a number from u and returns it to its office's
// inventory.
func (st *state) releaseNumber(u *userRec, number string) {
	u.PhoneNumbers = slices.DeleteFunc(u.PhoneNumbers, func(v string) bool { return v == number })
	if n := st.numbers[number]; n != nil {
		n.Status, n.TargetID, n.TargetType = "available", 0, ""
	}
	if u.CallerID == number {
		u.CallerID = ""
	}
}

// addNumber puts a number into an office's inventory.
func (st *state) addNumber(officeID dialpad.ID, number string) (*Number, error) {
	if !isE164(number) {
		return nil, fmt.Errorf("dialpadtest: %q is not an E.164 number", number)
	}
	if st.numbers[number] != nil {
		return nil, fmt.Errorf("dialpadtest: number %s is already in the inventory", number)
	}
	n := &Number{Number: number, OfficeID: officeID, AreaCode: areaCode(number), Type: numberType(number), Status: "available"}
	st.numbers[number] = n
	return n, nil
}

// callerIDs returns the caller ids u may use: its numbers, its office main
// line and the first number of each call center and department it is an
// operator of.
func (st *state) callerIDs(u *userRec) []string {
	ids := slices.Clone(u.PhoneNumbers)
	if o := st.offices[u.OfficeID]; o != nil && o.MainLine != "" {
		ids = append(ids, o.MainLine)
	}
	gs, _ := st.userGroups(u)
	for _, g := range gs {
		if g.kind != groupOffice && len(g.numbers) > 0 {
			ids = append(ids, g.numbers[0])
		}
	}
	return ids
}

// effectiveCallerID is the caller id u shows: its choice, else its primary
// number, else its office main line.
func (st *state) effectiveCallerID(u *userRec) string {
	if u.CallerID != "" {
		return u.CallerID
	}
	if len(u.PhoneNumbers) > 0 {
		return u.PhoneNumbers[0]
	}
	if o := st.offices[u.OfficeID]; o != nil {
		return o.MainLine
	}
	return ""
}

// userDevice picks the device a call or screen pop goes to: a native app
// first, then the most recently registered, then by id.
func (st *state) userDevice(u *userRec) *Device {
	var best *Device
	better := func(d, b *Device) bool {
		if (d.Type == "native") != (b.Type == "native") {
			return d.Type == "native"
		}
		if !d.DateRegistered.Equal(b.DateRegistered) {
			return d.DateRegistered.After(b.DateRegistered)
		}
		return d.ID < b.ID
	}
	for _, d := range st.devices {
		if d.UserID == u.ID && (best == nil || better(d, best)) {
			best = d
		}
	}
	return best
}

// expireStatus clears a status message whose expiration has passed.
func (u *userRec) expireStatus(now time.Time) {
	if !u.statusExpires.IsZero() && !now.Before(u.statusExpires) {
		u.StatusMessage = ""
		u.statusExpires = time.Time{}
	}
}

// moveUser moves u to office to. Across countries the user's numbers go
// back to their inventory and, with reassign, a number of the new office is
// assigned when one is available. The caller checked the seat.
func (st *state) moveUser(u *userRec, to *Office, reassign bool) {
	from := st.offices[u.OfficeID]
	if from != nil && from.Country != to.Country {
		for _, n := range slices.Clone(u.PhoneNumbers) {
			st.releaseNumber(u, n)
		}
		if n := st.availableNumber(to.ID, ""); reassign && n != nil {
			st.assignNumber(u, n, true)
		}
	}
	u.OfficeID = to.ID
	u.Country = to.Country
}

// deleteUser deletes u: its seat, numbers, devices, desk phones, local
// contacts, coaching team memberships, places on operator lists and call
// are released, and it keeps only its record, in state "deleted".
func (st *state) deleteUser(u *userRec) {
	for _, n := range slices.Clone(u.PhoneNumbers) {
		st.releaseNumber(u, n)
	}
	maps.DeleteFunc(st.devices, func(_ string, d *Device) bool { return d.UserID == u.ID })
	maps.DeleteFunc(st.deskPhones, func(_ string, d *DeskPhone) bool { return d.UserID == u.ID })
	maps.DeleteFunc(st.contacts, func(_ string, c *Contact) bool { return c.OwnerID == u.ID })
	for _, t := range st.teams {
		t.Members = slices.DeleteFunc(t.Members, func(m CoachingTeamMember) bool { return m.UserID == u.ID })
	}
	for _, g := range st.groups() {
		g.remove(u.ID)
	}
	u.Emails = nil
	u.State = "deleted"
	u.DoNotDisturb = true
	u.CallerID = ""
	u.call = nil
	u.personas = nil
	u.groupDND = nil
	u.AdminOfficeIDs = nil
	u.IsSuperAdmin = false
}

// sortedKeys returns a map's keys in order.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}

// sortedValues returns a map's values in the order of their keys; nil for
// an empty map.
func sortedValues[K cmp.Ordered, V any](m map[K]V) []V {
	if len(m) == 0 {
		return nil
	}
	out := make([]V, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

// parseID parses a decimal id, as strconv.ParseInt does.
func parseID(s string) (dialpad.ID, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	return dialpad.ID(id), err
}

// convertIDs converts a list of ids between int64 (the wire and request
// types) and dialpad.ID (the seeding API); nil stays nil.
func convertIDs[To, From ~int64](in []From) []To {
	if in == nil {
		return nil
	}
	out := make([]To, len(in))
	for i, id := range in {
		out[i] = To(id)
	}
	return out
}
