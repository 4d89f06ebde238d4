package dialpadtest

import (
	"cmp"
	"encoding/json"
	dialpad "github.com/dialpad-community/dialpad-go"
	"slices"
	"strings"
	"time"
)

// listUsers serves GET /api/v2/users. Without a state filter it lists
// active users only; state=all lists every state, deleted included.
func listUsers(c *call) (any, *apiError) {
	st := c.s.st
	p, e := c.page("users")
	if e != nil {
		return nil, e
	}
	state := c.query("state")
	switch {
	case state == "":
		state = "active"
	case state != "all" && !slices.Contains(userStates, state):
		return nil, badRequest("query parameter state=%q is not one of all, %s", state, strings.Join(userStates, ", "))
	}
	admin, adminSet, e := c.queryBool("company_admin")
	if e != nil {
		return nil, e
	}
	email, number := c.query("email"), c.query("number")
	var us []*userRec
	for _, id := range sortedKeys(st.users) {
		u := st.users[id]
		switch {
		case state != "all" && string(u.State) != state,
			adminSet && u.IsSuperAdmin != admin,
			email != "" && !slices.ContainsFunc(u.Emails, func(v string) bool { return dialpad.SameEmail(v, email) }),
			number != "" && !slices.Contains(u.PhoneNumbers, number):
			continue
		}
		us = append(us, u)
	}
	page, cursor := paginate(us, func(u *userRec) string { return idKey(u.ID) }, p, "users")
	return collect(page, cursor, func(u *userRec) userJSON { return st.userJSON(u, c.now) }), nil
}

// getUser serves GET /api/v2/users/{id}; deleted users are found too.
func getUser(c *call) (any, *apiError) {
	u, e := c.s.st.userByParam(c.r.PathValue("id"), true)
	if e != nil {
		return nil, e
	}
	return c.s.st.userJSON(u, c.now), nil
}

// createUserRequest is the body of createUser.
type createUserRequest struct {
	AutoAssign *bool   `json:"auto_assign"`
	Email      *string `json:"email"`
	FirstName  *string `json:"first_name"`
	LastName   *string `json:"last_name"`
	License    *string `json:"license"`
	OfficeID   *int64  `json:"office_id"`
}

// createUser serves POST /api/v2/users. The office must exist and have a
// free seat of the license, the email must be unused, and auto_assign needs
// an available number in the office; otherwise it is 400 and nothing is
// created.
func createUser(c *call, _ struct{}, req *createUserRequest) (any, *apiError) {
	st := c.s.st
	if e := req.check(); e != nil {
		return nil, e
	}
	u := User{OfficeID: dialpad.ID(*req.OfficeID), Emails: []string{*req.Email}, License: cmp.Or(deref(req.License), "talk"),
		FirstName: deref(req.FirstName), LastName: deref(req.LastName)}
	o := st.offices[u.OfficeID]
	switch {
	case o == nil:
		return nil, badRequest("office %d does not exist", u.OfficeID)
	case st.emailOwner(*req.Email) != nil:
		return nil, badRequest("email %s is already used by another user", *req.Email)
	case st.freeSeats(o.ID, u.License) <= 0:
		return nil, badRequest("office %d has no free %s license seat", o.ID, u.License)
	}
	var num *Number
	if deref(req.AutoAssign) {
		if num = st.availableNumber(o.ID, ""); num == nil {
			return nil, badRequest("auto_assign: office %d has no available number", o.ID)
		}
	}
	id, err := st.addUser(u, c.now)
	if err != nil {
		return nil, badRequest("%s", strings.TrimPrefix(err.Error(), "dialpadtest: AddUser: "))
	}
	rec := st.users[id]
	if num != nil {
		st.assignNumber(rec, num, true)
	}
	return st.userJSON(rec, c.now), nil
}

// check checks the fields of the request on their own: the required ones,
// the email's form, one-line names and a known license.
func (req *createUserRequest) check() *apiError {
	switch {
	case req.Email == nil:
		return missing("email")
	case req.OfficeID == nil:
		return missing("office_id")
	case !isEmail(*req.Email):
		return badRequest("%q is not an email address", *req.Email)
	}
	if e := firstError(checkLine("first_name", req.FirstName), checkLine("last_name", req.LastName)); e != nil {
		return e
	}
	if req.License != nil && !slices.Contains(licenses, *req.License) {
		return badRequest("unknown license %q (want one of %s)", *req.License, strings.Join(licenses, ", "))
	}
	return nil
}

// presenceStatus is the presence_status object of users.update.
type presenceStatus struct {
	Message  *string `json:"message"`
	Provider *string `json:"provider"`
	Type     *string `json:"type"`
}

// text is the status message a presence status sets.
func (p presenceStatus) text() string {
	msg, prov := deref(p.Message), deref(p.Provider)
	switch {
	case p.Type != nil && *p.Type == "conference" && prov != "":
		return "On " + prov + ": in the " + msg + " meeting"
	case prov != "" && msg != "":
		return prov + ": " + msg
	case prov != "":
		return prov
	}
	return msg
}

// deref returns *p, or the zero value for nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// updateUserRequest is the body of updateUser.
type updateUserRequest struct {
	AdminOfficeIDs              *[]int64        `json:"admin_office_ids"`
	Emails                      *[]string       `json:"emails"`
	Extension                   *string         `json:"extension"`
	FirstName                   *string         `json:"first_name"`
	ForwardingNumbers           *[]string       `json:"forwarding_numbers"`
	InternationalDialingEnabled *bool           `json:"international_dialing_enabled"`
	IsSuperAdmin                *bool           `json:"is_super_admin"`
	JobTitle                    *string         `json:"job_title"`
	KeepPaidNumbers             *bool           `json:"keep_paid_numbers"`
	LastName                    *string         `json:"last_name"`
	License                     *string         `json:"license"`
	OfficeID                    *int64          `json:"office_id"`
	PhoneNumbers                *[]string       `json:"phone_numbers"`
	PresenceStatus              json.RawMessage `json:"presence_status"`
	State                       *string         `json:"state"`
}

// updateUser serves PATCH /api/v2/users/{id}: every field is checked before
// any is applied (checkUserUpdate), then applyUserUpdate applies them all.
// "state" suspends or reactivates; "phone_numbers" may only re-order or
// drop the user's numbers (dropped ones go back to the inventory);
// "license" and "office_id" need a free seat, and a call center's operator
// keeps a call-center license; a presence status becomes the status
// message.
func updateUser(c *call, u *userRec, req *updateUserRequest) (any, *apiError) {
	st := c.s.st
	upd, e := st.checkUserUpdate(u, req)
	if e != nil {
		return nil, e
	}
	st.applyUserUpdate(u, upd)
	return st.userJSON(u, c.now), nil
}

// userUpdate is a users.update request that passed every check, with what
// it implies: the numbers the user gives back, the status to show, and the
// license, office and state the user ends up with.
type userUpdate struct {
	req      *updateUserRequest
	dropped  []string
	presence *presenceStatus // nil: the status message stays
	license  string
	office   *Office
	state    dialpad.UserState
}

// checkUserUpdate checks req against u and the rest of the company, in the
// order of the fields' errors, and changes nothing.
func (st *state) checkUserUpdate(u *userRec, req *updateUserRequest) (*userUpdate, *apiError) {
	upd := &userUpdate{req: req}
	e := firstError(checkLine("first_name", req.FirstName), checkLine("last_name", req.LastName),
		checkLine("job_title", req.JobTitle), checkLine("extension", req.Extension),
		st.checkEmails(u, deref(req.Emails), req.Emails != nil),
		checkE164s("forwarding_numbers", deref(req.ForwardingNumbers)))
	if e != nil {
		return nil, e
	}
	if upd.dropped, e = checkKeptNumbers(u, req.PhoneNumbers); e != nil {
		return nil, e
	}
	if e = firstError(st.checkOfficeIDs("admin_office_ids", deref(req.AdminOfficeIDs)), checkUpdateState(req.State)); e != nil {
		return nil, e
	}
	if upd.presence, e = parsePresence(req.PresenceStatus); e != nil {
		return nil, e
	}
	if upd.license, e = st.checkNewLicense(u, req.License); e != nil {
		return nil, e
	}
	if upd.office, e = st.checkNewOffice(u, req.OfficeID, len(u.PhoneNumbers)-len(upd.dropped)); e != nil {
		return nil, e
	}
	upd.state = u.State
	if req.State != nil {
		upd.state = dialpad.UserState(*req.State)
	}
	// A seat is needed when the user starts holding one, or holds one of
	// another license or office than before.
	moves := upd.license != u.License || upd.office.ID != u.OfficeID
	if holdsSeat(upd.state) && (!holdsSeat(u.State) || moves) && st.freeSeats(upd.office.ID, upd.license) <= 0 {
		return nil, badRequest("office %d has no free %s license seat", upd.office.ID, upd.license)
	}
	return upd, nil
}

// applyUserUpdate applies a checked update to u. It is the one place
// users.update changes a user (the name, emails, numbers, admin rights,
// license, office, status message and state).
func (st *state) applyUserUpdate(u *userRec, upd *userUpdate) {
	req := upd.req
	setIf(&u.FirstName, req.FirstName)
	setIf(&u.LastName, req.LastName)
	setIf(&u.JobTitle, req.JobTitle)
	setIf(&u.Extension, req.Extension)
	setCopy(&u.Emails, req.Emails)
	setCopy(&u.ForwardingNumbers, req.ForwardingNumbers)
	for _, n := range upd.dropped {
		st.releaseNumber(u, n)
	}
	setCopy(&u.PhoneNumbers, req.PhoneNumbers)
	if req.AdminOfficeIDs != nil {
		u.AdminOfficeIDs = slices.Compact(slices.Sorted(slices.Values(convertIDs[dialpad.ID](*req.AdminOfficeIDs))))
	}
	setIf(&u.InternationalDialingEnabled, req.InternationalDialingEnabled)
	setIf(&u.IsSuperAdmin, req.IsSuperAdmin)
	if req.License != nil {
		st.changeLicense(u, *req.License, deref(req.KeepPaidNumbers) || req.KeepPaidNumbers == nil)
	}
	if upd.office.ID != u.OfficeID {
		st.moveUser(u, upd.office, false)
	}
	if upd.presence != nil {
		u.StatusMessage, u.statusExpires = upd.presence.text(), time.Time{}
	}
	u.State = upd.state
}

// setIf sets *dst to *v unless v is nil (a field left out).
func setIf[T any](dst, v *T) {
	if v != nil {
		*dst = *v
	}
}

// setCopy sets *dst to a copy of *v unless v is nil, so that the user's
// list shares no memory with the request's.
func setCopy[T any](dst, v *[]T) {
	if v != nil {
		*dst = slices.Clone(*v)
	}
}

// checkEmails checks a user's new emails, when set: at least one, each an
// address no other user has.
func (st *state) checkEmails(u *userRec, emails []string, set bool) *apiError {
	if set && len(emails) == 0 {
		return badRequest("emails: a user needs at least one email")
	}
	for i, v := range emails {
		if !isEmail(v) {
			return badRequest("emails[%d]: %q is not an email address", i, v)
		}
		if o := st.emailOwner(v); o != nil && o != u {
			return badRequest("email %s is already used by another user", v)
		}
	}
	return nil
}

// checkKeptNumbers checks the phone_numbers of an update, which may only
// re-order or drop u's numbers, and returns the numbers dropped.
func checkKeptNumbers(u *userRec, keep *[]string) (dropped []string, e *apiError) {
	if keep == nil {
		return nil, nil
	}
	want := *keep
	for i, n := range want {
		if !slices.Contains(u.PhoneNumbers, n) {
			return nil, badRequest("phone_numbers[%d]: %s is not assigned to the user (use assign_number to add numbers)", i, n)
		}
		if slices.Index(want, n) != i {
			return nil, badRequest("phone_numbers[%d]: %s is listed twice", i, n)
		}
	}
	for _, n := range u.PhoneNumbers {
		if !slices.Contains(want, n) {
			dropped = append(dropped, n)
		}
	}
	return dropped, nil
}

// checkOfficeIDs checks that every id of a list names an office.
func (st *state) checkOfficeIDs(field string, ids []int64) *apiError {
	for i, id := range ids {
		if st.offices[dialpad.ID(id)] == nil {
			return badRequest("%s[%d]: office %d does not exist", field, i, id)
		}
	}
	return nil
}

// checkUpdateState checks the state an update asks for.
func checkUpdateState(state *string) *apiError {
	if state != nil && *state != "active" && *state != "suspended" {
		return badRequest("state must be \"active\" or \"suspended\", not %q", *state)
	}
	return nil
}

// parsePresence parses the presence_status of an update: nil when it is
// left out, an empty status for null.
func parsePresence(raw json.RawMessage) (*presenceStatus, *apiError) {
	if raw == nil {
		return nil, nil
	}
	p := &presenceStatus{}
	if string(raw) == "null" {
		return p, nil
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		return nil, badRequest("presence_status: %s", describeJSONError(err))
	}
	if t := p.Type; t != nil && *t != "default" && *t != "conference" {
		return nil, badRequest("presence_status.type must be \"default\" or \"conference\", not %q", *t)
	}
	if e := firstError(checkLine("presence_status.message", p.Message), checkLine("presence_status.provider", p.Provider)); e != nil {
		return nil, e
	}
	return p, nil
}

// checkNewLicense returns the license u ends up with: license when it is
// set, known, and one u may change to; u's own otherwise.
func (st *state) checkNewLicense(u *userRec, license *string) (string, *apiError) {
	if license == nil {
		return u.License, nil
	}
	if !slices.Contains(licenses, *license) {
		return "", badRequest("unknown license %q (want one of %s)", *license, strings.Join(licenses, ", "))
	}
	if err := st.checkLicenseChange(u, *license); err != nil {
		return "", badRequest("%s", err)
	}
	return *license, nil
}

// checkNewOffice returns the office u ends up in: the one officeID names,
// when set and it exists, else u's own. A user keeping numbers cannot move
// to another country this way (move_office replaces them).
func (st *state) checkNewOffice(u *userRec, officeID *int64, keptNumbers int) (*Office, *apiError) {
	from := st.offices[u.OfficeID]
	if officeID == nil {
		return from, nil
	}
	to := st.offices[dialpad.ID(*officeID)]
	if to == nil {
		return nil, badRequest("office %d does not exist", *officeID)
	}
	if from != nil && to.Country != from.Country && keptNumbers > 0 {
		return nil, badRequest("moving to an office in another country (%s): unassign the user's numbers first, or use move_office", to.Country)
	}
	return to, nil
}

// deleteUser serves DELETE /api/v2/users/{id}: the user's seat is freed,
// its numbers go back to the inventory ("available"), and its devices, desk
// phones, local contacts, coaching team memberships and places on operator
// lists are removed. The user stays
// visible to GET and to lists with state=deleted or state=all.
func deleteUser(c *call, u *userRec) (any, *apiError) {
	c.s.st.deleteUser(u)
	return c.s.st.userJSON(u, c.now), nil
}

// moveOfficeRequest is the body of moveOffice.
type moveOfficeRequest struct {
	OfficeID *int64 `json:"office_id"`
}

// moveOffice serves PATCH /api/v2/users/{id}/move_office. The destination
// needs a free seat of the user's license; across countries the user's
// numbers are replaced by one from the new office, when it has one.
func moveOffice(c *call, u *userRec, req *moveOfficeRequest) (any, *apiError) {
	st := c.s.st
	if req.OfficeID == nil {
		return nil, missing("office_id")
	}
	to := st.offices[dialpad.ID(*req.OfficeID)]
	if to == nil {
		return nil, badRequest("office %d does not exist", *req.OfficeID)
	}
	if to.ID != u.OfficeID {
		if holdsSeat(u.State) && st.freeSeats(to.ID, u.License) <= 0 {
			return nil, badRequest("office %d has no free %s license seat", to.ID, u.License)
		}
		st.moveUser(u, to, true)
	}
	return st.userJSON(u, c.now), nil
}

// toggleDNDRequest is the body of toggleDND.
type toggleDNDRequest struct {
	DoNotDisturb *bool   `json:"do_not_disturb"`
	GroupID      *int64  `json:"group_id"`
	GroupType    *string `json:"group_type"`
}

// toggleDND serves PATCH /api/v2/users/{id}/togglednd. With a group, the
// user must be on the operator list of that office, call center or
// department; the setting shows in the user's group_details.
func toggleDND(c *call, u *userRec, req *toggleDNDRequest) (any, *apiError) {
	st := c.s.st
	if req.DoNotDisturb == nil {
		return nil, missing("do_not_disturb")
	}
	out := dndJSON{DoNotDisturb: *req.DoNotDisturb, ID: int64(u.ID)}
	if (req.GroupID == nil) != (req.GroupType == nil) {
		return nil, badRequest("group_id and group_type must be given together")
	}
	if req.GroupID == nil {
		u.DoNotDisturb = *req.DoNotDisturb
		return out, nil
	}
	gid, gtype := dialpad.ID(*req.GroupID), *req.GroupType
	if !slices.Contains(groupTypes, gtype) {
		return nil, badRequest("group_type must be one of %s, not %q", strings.Join(groupTypes, ", "), gtype)
	}
	if !st.isOperator(u, gtype, gid) {
		return nil, badRequest("user %d is not an operator of %s %d", u.ID, gtype, gid)
	}
	if u.groupDND == nil {
		u.groupDND = map[dialpad.ID]bool{}
	}
	u.groupDND[gid] = *req.DoNotDisturb
	out.GroupID, out.GroupType = int64(gid), gtype
	return out, nil
}

// updateStatusRequest is the body of updateStatus.
type updateStatusRequest struct {
	Expiration    *int64  `json:"expiration"`
	StatusMessage *string `json:"status_message"`
}

// updateStatus serves PATCH /api/v2/users/{id}/status. An expiration (in
// seconds) clears the message once the server's clock passes it.
func updateStatus(c *call, u *userRec, req *updateStatusRequest) (any, *apiError) {
	if e := checkLine("status_message", req.StatusMessage); e != nil {
		return nil, e
	}
	if req.Expiration != nil && *req.Expiration < 0 {
		return nil, badRequest("expiration must not be negative")
	}
	u.StatusMessage = deref(req.StatusMessage)
	u.statusExpires = time.Time{}
	out := statusJSON{ID: int64(u.ID), StatusMessage: u.StatusMessage}
	if req.Expiration != nil && *req.Expiration > 0 {
		u.statusExpires = c.now.Add(time.Duration(*req.Expiration) * time.Second)
		out.Expiration = *req.Expiration
	}
	return out, nil
}

// listPersonas serves GET /api/v2/users/{id}/personas.
func listPersonas(c *call, u *userRec) (any, *apiError) {
	out := itemsOnly[personaJSON]{Items: []personaJSON{}}
	for _, p := range u.personas {
		out.Items = append(out.Items, personaJSON{CallerID: p.CallerID, ID: int64(p.ID), ImageURL: p.ImageURL,
			Name: p.Name, PhoneNumbers: p.PhoneNumbers, Type: p.Type})
	}
	return out, nil
}

// getCallerID serves GET /api/v2/users/{id}/caller_id.
func getCallerID(c *call, u *userRec) (any, *apiError) {
	return c.s.st.callerIDJSON(u), nil
}

// setCallerIDRequest is the body of setCallerID.
type setCallerIDRequest struct {
	CallerID *string `json:"caller_id"`
}

// setCallerID serves POST /api/v2/users/{id}/caller_id: the caller id must
// be "blocked", one of the user's numbers, its office main line or the
// number of one of its agent groups.
func setCallerID(c *call, u *userRec, req *setCallerIDRequest) (any, *apiError) {
	st := c.s.st
	if req.CallerID == nil {
		return nil, missing("caller_id")
	}
	id := *req.CallerID
	if id != "blocked" && !slices.Contains(st.callerIDs(u), id) {
		return nil, badRequest("caller id %q is not \"blocked\", one of the user's numbers, the office main line or a group number", id)
	}
	u.CallerID = id
	return st.callerIDJSON(u), nil
}

// getE911 serves GET /api/v2/users/{id}/e911: the user's own address, else
// its office's; 404 when neither has one.
func getE911(c *call, u *userRec) (any, *apiError) {
	st := c.s.st
	if u.E911 != nil {
		return e911JSONOf(*u.E911), nil
	}
	if o := st.offices[u.OfficeID]; o != nil && o.E911.Address != "" {
		return e911JSONOf(o.E911), nil
	}
	return nil, notFound("user %d has no E911 address", u.ID)
}

// updateE911Request is the body of updateE911.
type updateE911Request struct {
	Address            *string `json:"address"`
	Address2           *string `json:"address2"`
	City               *string `json:"city"`
	Country            *string `json:"country"`
	State              *string `json:"state"`
	UseValidatedOption *bool   `json:"use_validated_option"`
	Zip                *string `json:"zip"`
}

// updateE911 serves PUT /api/v2/users/{id}/e911. use_validated_option
// stands for Dialpad's address validation: the address comes back in
// upper case with a lower-case state and country.
func updateE911(c *call, u *userRec, req *updateE911Request) (any, *apiError) {
	for _, f := range []struct {
		name string
		v    *string
	}{{"address", req.Address}, {"city", req.City}, {"country", req.Country}, {"state", req.State}, {"zip", req.Zip}} {
		if f.v == nil || strings.TrimSpace(*f.v) == "" {
			return nil, missing(f.name)
		}
		if e := checkLine(f.name, f.v); e != nil {
			return nil, e
		}
	}
	if e := checkLine("address2", req.Address2); e != nil {
		return nil, e
	}
	if len(*req.Country) != 2 {
		return nil, badRequest("country %q is not a two-letter country code", *req.Country)
	}
	a := E911Address{Address: *req.Address, Address2: deref(req.Address2), City: *req.City,
		Country: *req.Country, State: *req.State, Zip: *req.Zip}
	if req.UseValidatedOption != nil && *req.UseValidatedOption {
		a.Address, a.Address2, a.City = strings.ToUpper(a.Address), strings.ToUpper(a.Address2), strings.ToUpper(a.City)
		a.State, a.Country = strings.ToLower(a.State), strings.ToLower(a.Country)
	}
	u.E911 = &a
	return e911JSONOf(a), nil
}
