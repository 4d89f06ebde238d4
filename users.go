package dialpad

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// UsersService manages the users of a company. Get it from Client.Users.
type UsersService service

// User is a Dialpad user, as Users.Get, Users.List and the user-changing
// operations return it.
//
// Every field is optional in Dialpad's schema, and Dialpad leaves out the
// fields that have no value: a missing field reads as its zero value (an
// empty string, false, nil, a zero ID or Timestamp), so a missing flag and a
// false one look the same. The answers of Users.Create, Users.MoveOffice and
// Users.Delete carry fewer fields than Get and List (no group details, no
// admin offices, often no phone numbers); call Users.Get for the whole user.
type User struct {
	// ID is the user's id.
	ID ID `json:"id"`
	// CompanyID is the company the user belongs to.
	CompanyID ID `json:"company_id"`
	// OfficeID is the user's office, which gives the user its main line,
	// default timezone and license seat.
	OfficeID ID `json:"office_id"`
	// AdminOfficeIDs are the offices the user administers; omitted (nil)
	// for a user who administers none.
	AdminOfficeIDs []ID `json:"admin_office_ids"`
	// FirstName and LastName are the user's given and family names;
	// omitted when not set.
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	// DisplayName is the name Dialpad shows for the user, normally
	// "FirstName LastName".
	DisplayName string `json:"display_name"`
	// Emails are the user's addresses, the primary one first. The answer
	// of Users.Delete leaves them out.
	Emails []string `json:"emails"`
	// PhoneNumbers are the user's Dialpad numbers (E.164), the primary one
	// first; omitted for a user with no number (a new user without
	// AutoAssign, until Numbers.Assign gives it one).
	PhoneNumbers []string `json:"phone_numbers"`
	// ForwardingNumbers are numbers outside Dialpad that ring along with
	// the user's Dialpad numbers; omitted when there are none.
	ForwardingNumbers []string `json:"forwarding_numbers"`
	// Extension is the user's extension in the company or office
	// directory; omitted unless one was set.
	Extension string `json:"extension"`
	// JobTitle and Location are free text the user or an admin set;
	// omitted when empty.
	JobTitle string `json:"job_title"`
	Location string `json:"location"`
	// Country is the country the user resides in, an ISO 3166 code in
	// lower case ("us").
	Country string `json:"country"`
	// Language is the user's preferred spoken language ("en").
	Language string `json:"language"`
	// Timezone is the user's time zone ("US/Pacific").
	Timezone string `json:"timezone"`
	// ImageURL is the address of the user's profile picture.
	ImageURL string `json:"image_url"`
	// License is the kind of license seat the user holds, which decides
	// billing and features.
	License License `json:"license"`
	// State is the user's enablement state: active, pending, suspended,
	// cancelled or deleted.
	State UserState `json:"state"`
	// StatusMessage is the status the user shows (Users.SetStatus);
	// omitted when there is none or it expired.
	StatusMessage string `json:"status_message"`
	// DoNotDisturb is true while the user as a whole is in do-not-disturb
	// mode; GroupDetails says it per group.
	DoNotDisturb bool `json:"do_not_disturb"`
	// InternationalDialingEnabled is true when the user may call numbers
	// abroad.
	InternationalDialingEnabled bool `json:"international_dialing_enabled"`
	// IsAdmin is true for an admin of at least one office (see
	// AdminOfficeIDs) or of the company.
	IsAdmin bool `json:"is_admin"`
	// IsSuperAdmin is true for a company admin.
	IsSuperAdmin bool `json:"is_super_admin"`
	// IsAvailable is true when the user is not on a call.
	IsAvailable bool `json:"is_available"`
	// IsOnline is true when the user has an active Dialpad device (an app
	// signed in, a desk phone registered).
	IsOnline bool `json:"is_online"`
	// IsOnDuty is true while the user acts as an operator of a contact
	// center.
	IsOnDuty bool `json:"is_on_duty"`
	// Muted is true while the user's microphone is muted.
	Muted bool `json:"muted"`
	// OnDutyStatus is a contact-center operator's duty status (available,
	// busy, wrapup, ...). Dialpad omits it, like the three duty fields
	// below, for users who are not operators.
	OnDutyStatus OnDutyStatus `json:"on_duty_status"`
	// OnDutyStarted is when the operator became available for
	// contact-center calls; zero when omitted.
	OnDutyStarted Timestamp `json:"on_duty_started"`
	// DutyStatusReason is the single-line reason given for the current
	// duty status; empty when none was given.
	DutyStatusReason string `json:"duty_status_reason"`
	// DutyStatusStarted is when the current duty status began; zero when
	// omitted.
	DutyStatusStarted Timestamp `json:"duty_status_started"`
	// GroupDetails lists the groups the user belongs to (offices, call
	// centers, departments, ...) with the user's role and DND setting in
	// each; omitted when there are none, and by some write answers.
	GroupDetails []GroupDetails `json:"group_details"`
	// DateAdded is when the user was created.
	DateAdded Timestamp `json:"date_added"`
	// DateActive is when the user activated the account; omitted (zero)
	// until then.
	DateActive Timestamp `json:"date_active"`
	// DateFirstLogin is when the user first signed in to Dialpad; omitted
	// (zero) until then.
	DateFirstLogin Timestamp `json:"date_first_login"`
}

// GroupDetails describes a user's membership in one group.
type GroupDetails struct {
	// GroupID is the group's id: an office, call center, department, ...
	// as GroupType says.
	GroupID ID `json:"group_id"`
	// GroupType is the kind of group GroupID names.
	GroupType GroupType `json:"group_type"`
	// Role is the user's role in the group (admin, operator or
	// supervisor); empty when Dialpad gives none.
	Role GroupRole `json:"role"`
	// DoNotDisturb is true while the user is in do-not-disturb mode for
	// this group.
	DoNotDisturb bool `json:"do_not_disturb"`
}

// UserListOptions filters Users.List and Users.ListPage.
type UserListOptions struct {
	ListOptions
	// State filters by enablement state; UserStateAll lists every state.
	// Empty leaves the server's default.
	State UserState
	// CompanyAdmin, when set, lists only company admins (true) or only
	// non-admins (false).
	CompanyAdmin *bool
	// Email lists the user with this address.
	Email string
	// Number lists the user with this E.164 phone number.
	Number string
}

func (o *UserListOptions) values() (url.Values, error) {
	q, err := o.ListOptions.values()
	if err != nil {
		return nil, err
	}
	if err := checkEnum("state", o.State, append(userStates, UserStateAll)); err != nil {
		return nil, err
	}
	if o.State != "" {
		q.Set("state", string(o.State))
	}
	if o.CompanyAdmin != nil {
		q.Set("company_admin", strconv.FormatBool(*o.CompanyAdmin))
	}
	if o.Email != "" {
		if err := checkSingleLine("email", o.Email); err != nil {
			return nil, err
		}
		q.Set("email", o.Email)
	}
	if o.Number != "" {
		if err := checkE164("number", o.Number); err != nil {
			return nil, err
		}
		q.Set("number", o.Number)
	}
	return q, nil
}

// List iterates over the company's users matching opts, fetching pages as
// the loop needs them. A nil opts (or an empty State) lists what the server
// lists by default, which is active users only; set State to UserStateAll
// for every state, deleted users included:
//
//	for u, err := range client.Users.List(ctx, nil) { ... }
//
// Dialpad API: GET /api/v2/users
func (s *UsersService) List(ctx context.Context, opts *UserListOptions) iter.Seq2[*User, error] {
	return all(ctx, opts, s.ListPage)
}

// ListPage fetches one page of users; pass the returned Cursor in
// opts.Cursor for the next.
//
// Dialpad API: GET /api/v2/users
func (s *UsersService) ListPage(ctx context.Context, opts *UserListOptions) (*Page[User], error) {
	return listPage[User](ctx, s.c, opts, pathTo("users"))
}

// Get fetches one user by id.
//
// Dialpad API: GET /api/v2/users/{id}
func (s *UsersService) Get(ctx context.Context, id ID) (*User, error) {
	return send[User](ctx, s.c, http.MethodGet, nil, nil, pathTo("users").id("id", id))
}

// GetByEmail finds the user whose emails include email (compared without
// regard to case), searching users in every state but deleted: active,
// pending, suspended and cancelled. It returns an error matching
// ErrNotFound when there is none.
//
// Dialpad API: GET /api/v2/users
func (s *UsersService) GetByEmail(ctx context.Context, email string) (*User, error) {
	if err := checkEmail("email", email); err != nil {
		return nil, err
	}
	for u, err := range s.List(ctx, &UserListOptions{Email: email, State: UserStateAll}) {
		if err != nil {
			return nil, err
		}
		if u.State == UserStateDeleted {
			continue
		}
		for _, e := range u.Emails {
			if SameEmail(e, email) {
				return u, nil
			}
		}
	}
	return nil, fmt.Errorf("%w: no user has email %s", ErrNotFound, email)
}

// CreateUserRequest is the body of Users.Create.
type CreateUserRequest struct {
	// Email is the new user's address (required, unique in Dialpad).
	Email string `json:"email"`
	// OfficeID is the office the user joins (required).
	OfficeID ID `json:"office_id"`
	// FirstName and LastName are single-line.
	FirstName *string `json:"first_name,omitempty"`
	LastName  *string `json:"last_name,omitempty"`
	// License defaults to LicenseTalk on the server.
	License *License `json:"license,omitempty"`
	// AutoAssign asks Dialpad to give the user a number right away.
	AutoAssign *bool `json:"auto_assign,omitempty"`
}

func (r *CreateUserRequest) validate() error {
	return firstErr(
		checkEmail("email", r.Email),
		checkID("office_id", r.OfficeID),
		checkSingleLinePtr("first_name", r.FirstName),
		checkSingleLinePtr("last_name", r.LastName),
		checkEnumPtr("license", r.License, licenses),
	)
}

// Create adds a user to an office. The user takes a seat of the license
// at once; with none free, Dialpad answers 400 (check
// Offices.AvailableLicenses before a bulk run).
//
// Dialpad API: POST /api/v2/users
func (s *UsersService) Create(ctx context.Context, req *CreateUserRequest) (*User, error) {
	return write[User](ctx, s.c, http.MethodPost, req, pathTo("users"))
}

// PresenceStatus is a presence message shown next to the user's status.
type PresenceStatus struct {
	// Message is the text of the status; nil leaves it out, and the
	// status then reads "{provider}" alone.
	Message *string `json:"message,omitempty"`
	// Provider names the integration that sets the status.
	Provider *string `json:"provider,omitempty"`
	// Type picks a template that frames Provider and Message; nil uses
	// the plain "{provider}: {message}" form.
	Type *PresenceType `json:"type,omitempty"`
}

// UpdateUserRequest is the body of Users.Update. Only set fields are sent:
// a nil pointer or nil slice leaves the field as it is, and an empty
// non-nil slice clears the list.
type UpdateUserRequest struct {
	// FirstName and LastName rename the user; single-line.
	FirstName *string `json:"first_name,omitempty"`
	LastName  *string `json:"last_name,omitempty"`
	// JobTitle is the user's new job title; single-line.
	JobTitle *string `json:"job_title,omitempty"`
	// Extension is the user's new extension. Extensions are off by
	// default; Dialpad support turns them on for a company.
	Extension *string `json:"extension,omitempty"`
	// Emails replaces the user's addresses; the first is the primary one.
	Emails []string `json:"emails,omitzero"`
	// PhoneNumbers re-orders or removes the user's numbers (use
	// Numbers.Assign to add one).
	PhoneNumbers []string `json:"phone_numbers,omitzero"`
	// ForwardingNumbers are rung along with the user's Dialpad numbers.
	ForwardingNumbers []string `json:"forwarding_numbers,omitzero"`
	// AdminOfficeIDs makes the user an admin of these offices.
	AdminOfficeIDs []ID `json:"admin_office_ids,omitzero"`
	// InternationalDialingEnabled allows (true) or forbids (false) calls
	// to numbers abroad.
	InternationalDialingEnabled *bool `json:"international_dialing_enabled,omitempty"`
	// IsSuperAdmin makes the user a company admin (true) or takes that
	// role away (false).
	IsSuperAdmin *bool `json:"is_super_admin,omitempty"`
	// License changes billing; KeepPaidNumbers (default true) keeps the
	// user's numbers when moving to a support license.
	License         *License `json:"license,omitempty"`
	KeepPaidNumbers *bool    `json:"keep_paid_numbers,omitempty"`
	// OfficeID moves the user; prefer Users.MoveOffice.
	OfficeID *ID `json:"office_id,omitempty"`
	// PresenceStatus is only used by some integrations.
	PresenceStatus *PresenceStatus `json:"presence_status,omitempty"`
	// State suspends (UserStateSuspended) or reactivates (UserStateActive)
	// the user.
	State *UserState `json:"state,omitempty"`
}

func (r *UpdateUserRequest) validate() error {
	errs := []error{
		checkSingleLinePtr("first_name", r.FirstName),
		checkSingleLinePtr("last_name", r.LastName),
		checkSingleLinePtr("job_title", r.JobTitle),
		checkSingleLinePtr("extension", r.Extension),
		checkEmails("emails", r.Emails),
		checkE164s("phone_numbers", r.PhoneNumbers),
		checkE164s("forwarding_numbers", r.ForwardingNumbers),
		checkEnumPtr("license", r.License, licenses),
		checkEnumPtr("state", r.State, []UserState{UserStateActive, UserStateSuspended}),
	}
	if r.OfficeID != nil {
		errs = append(errs, checkID("office_id", *r.OfficeID))
	}
	for i, id := range r.AdminOfficeIDs {
		errs = append(errs, checkID(fmt.Sprintf("admin_office_ids[%d]", i), id))
	}
	if p := r.PresenceStatus; p != nil {
		errs = append(errs, checkEnumPtr("presence_status.type", p.Type, presenceTypes))
	}
	return firstErr(errs...)
}

// Update changes the fields set in req and returns the updated user.
//
// Dialpad API: PATCH /api/v2/users/{id}
func (s *UsersService) Update(ctx context.Context, id ID, req *UpdateUserRequest) (*User, error) {
	return write[User](ctx, s.c, http.MethodPatch, req, pathTo("users").id("id", id))
}

// Delete deletes a user, freeing its license seat, and returns the user as
// it was last seen (state "deleted").
//
// Dialpad API: DELETE /api/v2/users/{id}
func (s *UsersService) Delete(ctx context.Context, id ID) (*User, error) {
	return send[User](ctx, s.c, http.MethodDelete, nil, nil, pathTo("users").id("id", id))
}

// moveOfficeRequest is the body of Users.MoveOffice.
type moveOfficeRequest struct {
	OfficeID ID `json:"office_id"`
}

func (r *moveOfficeRequest) validate() error { return checkID("office_id", r.OfficeID) }

// MoveOffice moves a user to another office. In international offices the
// user's numbers are replaced; the destination needs a free license.
//
// Dialpad API: PATCH /api/v2/users/{id}/move_office
func (s *UsersService) MoveOffice(ctx context.Context, id, officeID ID) (*User, error) {
	return write[User](ctx, s.c, http.MethodPatch, &moveOfficeRequest{officeID}, pathTo("users").id("id", id).then("move_office"))
}

// DoNotDisturbRequest is the body of Users.SetDoNotDisturb. Without a group
// the change applies to the user as a whole; with one, GroupID and
// GroupType go together (a call center, department or office).
type DoNotDisturbRequest struct {
	// DoNotDisturb turns do-not-disturb on (true) or off (false).
	DoNotDisturb bool `json:"do_not_disturb"`
	// GroupID is the group the change is limited to; nil for the user
	// as a whole.
	GroupID *ID `json:"group_id,omitempty"`
	// GroupType is the kind of group GroupID names: GroupTypeCallCenter,
	// GroupTypeDepartment or GroupTypeOffice.
	GroupType *GroupType `json:"group_type,omitempty"`
}

func (r *DoNotDisturbRequest) validate() error {
	errs := []error{checkEnumPtr("group_type", r.GroupType, requestGroupTypes)}
	if r.GroupID != nil {
		errs = append(errs, checkID("group_id", *r.GroupID))
	}
	if (r.GroupID == nil) != (r.GroupType == nil) {
		errs = append(errs, invalid("group_id", "group_id and group_type go together"))
	}
	return firstErr(errs...)
}

// DoNotDisturb is a user's DND setting after a change.
type DoNotDisturb struct {
	// ID is the user's id.
	ID ID `json:"id"`
	// DoNotDisturb is true when do-not-disturb is now on.
	DoNotDisturb bool `json:"do_not_disturb"`
	// GroupID is the group the change applied to; zero when the request
	// named no group.
	GroupID ID `json:"group_id"`
	// GroupType is the kind of group GroupID names; empty with a zero
	// GroupID.
	GroupType GroupType `json:"group_type"`
}

// SetDoNotDisturb turns do-not-disturb on or off for a user, or for the
// user within one group.
//
// Dialpad API: PATCH /api/v2/users/{id}/togglednd
func (s *UsersService) SetDoNotDisturb(ctx context.Context, id ID, req *DoNotDisturbRequest) (*DoNotDisturb, error) {
	return write[DoNotDisturb](ctx, s.c, http.MethodPatch, req, pathTo("users").id("id", id).then("togglednd"))
}

// UserStatusRequest is the body of Users.SetStatus.
type UserStatusRequest struct {
	// StatusMessage is the new single-line status; "" clears it.
	StatusMessage string `json:"status_message"`
	// Expiration is how long the status lasts, in seconds; nil keeps it
	// until changed.
	Expiration *int64 `json:"expiration,omitempty"`
}

func (r *UserStatusRequest) validate() error {
	errs := []error{checkSingleLine("status_message", r.StatusMessage)}
	if r.Expiration != nil && *r.Expiration < 0 {
		errs = append(errs, invalid("expiration", "must not be negative"))
	}
	return firstErr(errs...)
}

// UserStatus is a user's status message after a change.
type UserStatus struct {
	// ID is the user's id.
	ID ID `json:"id"`
	// StatusMessage is the status now shown; empty when it was cleared.
	StatusMessage string `json:"status_message"`
	// Expiration is in seconds; zero means none.
	Expiration Int64 `json:"expiration"`
}

// SetStatus sets a user's status message.
//
// Dialpad API: PATCH /api/v2/users/{id}/status
func (s *UsersService) SetStatus(ctx context.Context, id ID, req *UserStatusRequest) (*UserStatus, error) {
	return write[UserStatus](ctx, s.c, http.MethodPatch, req, pathTo("users").id("id", id).then("status"))
}

// Persona is an identity a user can call from; the callee sees the
// persona instead of the user.
type Persona struct {
	// ID is the persona's id, which is the id of the target it stands
	// for (the call center, office, ... that Type names).
	ID ID `json:"id"`
	// Name is the persona's single-line name.
	Name string `json:"name"`
	// Type is the kind of target the persona stands for, a target type
	// such as "callcenter", "department" or "office" (a plain string).
	Type string `json:"type"`
	// CallerID is the caller id the callee sees on calls made as the
	// persona.
	CallerID string `json:"caller_id"`
	// ImageURL is the address of the persona's picture; empty when it
	// has none.
	ImageURL string `json:"image_url"`
	// PhoneNumbers are the persona's numbers (E.164).
	PhoneNumbers []string `json:"phone_numbers"`
}

// ListPersonas lists the personas a user can call as.
//
// Dialpad API: GET /api/v2/users/{id}/personas
func (s *UsersService) ListPersonas(ctx context.Context, id ID) ([]*Persona, error) {
	page, err := send[Page[Persona]](ctx, s.c, http.MethodGet, nil, nil, pathTo("users").id("id", id).then("personas"))
	if err != nil {
		return nil, err
	}
	return page.Items, nil
}

// CallerID is the caller id a user shows on outbound calls, and the numbers
// the user may choose from.
type CallerID struct {
	// ID is the user's id.
	ID ID `json:"id"`
	// CallerID is the active caller id: an E.164 number or "blocked".
	CallerID string `json:"caller_id"`
	// PrimaryPhone is the user's primary Dialpad number (E.164); empty
	// for a user with no number.
	PrimaryPhone string `json:"primary_phone"`
	// OfficeMainLine is the main number of the user's office (E.164).
	OfficeMainLine string `json:"office_main_line"`
	// PhoneNumbers are the user's Dialpad numbers (E.164).
	PhoneNumbers []string `json:"phone_numbers"`
	// ForwardingNumbers are the numbers outside Dialpad that ring along
	// with the user's; omitted when there are none.
	ForwardingNumbers []string `json:"forwarding_numbers"`
	// Groups are the user's operator groups (call centers, departments,
	// ...) whose numbers the user may show as caller id.
	Groups []CallerIDGroup `json:"groups"`
}

// CallerIDGroup is a group whose number the user may use as caller id.
type CallerIDGroup struct {
	// DisplayName is the group's single-line name.
	DisplayName string `json:"display_name"`
	// CallerID is the group's number (E.164) the user may pass to
	// Users.SetCallerID.
	CallerID string `json:"caller_id"`
}

// GetCallerID returns a user's active caller id and the ones available.
//
// Dialpad API: GET /api/v2/users/{id}/caller_id
func (s *UsersService) GetCallerID(ctx context.Context, id ID) (*CallerID, error) {
	return send[CallerID](ctx, s.c, http.MethodGet, nil, nil, pathTo("users").id("id", id).then("caller_id"))
}

// callerIDRequest is the body of Users.SetCallerID.
type callerIDRequest struct {
	CallerID string `json:"caller_id"`
}

func (r *callerIDRequest) validate() error { return checkCallerID("caller_id", r.CallerID) }

// SetCallerID sets a user's caller id to one of its available numbers
// (E.164) or to CallerIDBlocked.
//
// Dialpad API: POST /api/v2/users/{id}/caller_id
func (s *UsersService) SetCallerID(ctx context.Context, id ID, callerID string) (*CallerID, error) {
	return write[CallerID](ctx, s.c, http.MethodPost, &callerIDRequest{callerID}, pathTo("users").id("id", id).then("caller_id"))
}

func (u *User) problem() string    { return idProblem(u.ID) }
func (p *Persona) problem() string { return idProblem(p.ID) }

func (d *DoNotDisturb) problem() string { return idProblem(d.ID) }
func (st *UserStatus) problem() string  { return idProblem(st.ID) }
func (c *CallerID) problem() string     { return idProblem(c.ID) }
