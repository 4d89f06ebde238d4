package dialpadtest

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// The Add methods seed the fake company. Each checks its input as the API
// would (known offices and users, E.164 numbers, free seats, unique ids and
// emails), changes nothing when it returns an error, and stores copies, so
// the caller may reuse its values.

// AddOffice adds an office and returns its id. The main line, when given,
// joins the number inventory with status "office".
func (s *Server) AddOffice(o Office) (dialpad.ID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.addOffice(o)
}

func (st *state) addOffice(o Office) (dialpad.ID, error) {
	o.State = cmp.Or(o.State, "active")
	if err := st.checkOfficeToAdd(o); err != nil {
		return 0, fmt.Errorf("dialpadtest: AddOffice: %w", err)
	}
	ops, err := st.checkOperators(opGroup{kind: groupOffice}, o.Operators)
	if err != nil {
		return 0, fmt.Errorf("dialpadtest: AddOffice: %w", err)
	}
	if o.ID == 0 {
		o.ID = st.newID()
	} else if st.groupIDTaken(o.ID) {
		return 0, fmt.Errorf("dialpadtest: AddOffice: id %d is taken by a call center or department", o.ID)
	}
	o.Country = cmp.Or(o.Country, "us")
	o.Timezone = cmp.Or(o.Timezone, "US/Pacific")
	o.Seats = maps.Clone(o.Seats)
	if o.Seats == nil {
		o.Seats = map[string]int{}
	}
	o.Plan.PPUAddress = clonePtr(o.Plan.PPUAddress)
	o.Operators = ops
	st.offices[o.ID] = &o
	if st.primary == 0 {
		st.primary = o.ID
	}
	if o.MainLine != "" {
		n, _ := st.addNumber(o.ID, o.MainLine)
		n.Status, n.TargetID, n.TargetType = "office", o.ID, "office"
	}
	return o.ID, nil
}

// checkOfficeToAdd checks the name, id, seats, main line, state and plan of
// an office about to be added.
func (st *state) checkOfficeToAdd(o Office) error {
	if o.Name == "" || !singleLine(o.Name) {
		return errors.New("the name is required and must be one line")
	}
	if o.ID < 0 || (o.ID != 0 && st.offices[o.ID] != nil) {
		return fmt.Errorf("id %d is negative or taken", o.ID)
	}
	for lic, n := range o.Seats {
		if !slices.Contains(licenses, lic) || n < 0 {
			return fmt.Errorf("bad seats %q: %d (licenses: %v)", lic, n, licenses)
		}
	}
	if o.MainLine != "" && (!isE164(o.MainLine) || st.numbers[o.MainLine] != nil) {
		return fmt.Errorf("main line %q is not an E.164 number or is taken", o.MainLine)
	}
	if !slices.Contains(userStates, o.State) {
		return fmt.Errorf("unknown state %q", o.State)
	}
	return checkPlan(o.Plan)
}

// checkPlan rejects negative line counts and a multi-line address.
func checkPlan(p Plan) error {
	for _, n := range []int{p.AdditionalNumberLines, p.FaxLines, p.RoomLines, p.UberconferenceLines,
		p.TollFreeAdditionalNumberLines, p.TollFreeRoomLines, p.TollFreeUberconferenceLines} {
		if n < 0 {
			return fmt.Errorf("negative line count %d in the plan", n)
		}
	}
	if a := p.PPUAddress; a != nil {
		for _, v := range []string{a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country} {
			if !singleLine(v) {
				return errors.New("the plan's address fields must be single lines")
			}
		}
	}
	return nil
}

// clonePtr returns a pointer to a copy of *p, or nil.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// SetSeats sets how many seats of a license an office has. Users already
// holding seats keep them, even when n is below their number (then no seat
// is free until enough of them leave).
func (s *Server) SetSeats(officeID dialpad.ID, license string, n int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.st.offices[officeID]
	switch {
	case o == nil:
		return fmt.Errorf("dialpadtest: SetSeats: no office %d", officeID)
	case !slices.Contains(licenses, license):
		return fmt.Errorf("dialpadtest: SetSeats: unknown license %q", license)
	case n < 0:
		return fmt.Errorf("dialpadtest: SetSeats: negative count %d", n)
	}
	o.Seats[license] = n
	return nil
}

// AddNumbers adds E.164 numbers to an office's inventory, available for
// users (assign_number, auto_assign). It adds none when one is malformed or
// already known.
func (s *Server) AddNumbers(officeID dialpad.ID, numbers ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.offices[officeID] == nil {
		return fmt.Errorf("dialpadtest: AddNumbers: no office %d", officeID)
	}
	seen := map[string]bool{}
	for _, n := range numbers {
		if !isE164(n) || s.st.numbers[n] != nil || seen[n] {
			return fmt.Errorf("dialpadtest: AddNumbers: %q is not an E.164 number, or is already known", n)
		}
		seen[n] = true
	}
	for _, n := range numbers {
		_, _ = s.st.addNumber(officeID, n)
	}
	return nil
}

// AddUser adds a user and returns its id. See User for the defaults and
// the checks; the first user added becomes "me" unless SetMe said
// otherwise.
func (s *Server) AddUser(u User) (dialpad.ID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.addUser(u, s.now())
}

func (st *state) addUser(in User, now time.Time) (dialpad.ID, error) {
	u := in
	u.License = cmp.Or(u.License, "talk")
	u.State = cmp.Or(u.State, "active")
	if err := firstError(st.checkNewUser(u), st.checkNewUserEmails(u), st.checkNewUserNumbers(u), st.checkAdministered(u)); err != nil {
		return 0, fmt.Errorf("dialpadtest: AddUser: %w", err)
	}
	o := st.offices[u.OfficeID]
	if u.ID == 0 {
		u.ID = st.newID()
	}
	u.Country = cmp.Or(u.Country, o.Country)
	u.Timezone = cmp.Or(u.Timezone, o.Timezone)
	u.Language = cmp.Or(u.Language, "en")
	if u.DateAdded.IsZero() {
		u.DateAdded = now
	}
	u.Emails = slices.Clone(u.Emails)
	u.ForwardingNumbers = slices.Clone(u.ForwardingNumbers)
	u.AdminOfficeIDs = slices.Clone(u.AdminOfficeIDs)
	if u.E911 != nil {
		a := *u.E911
		u.E911 = &a
	}
	numbers := u.PhoneNumbers
	u.PhoneNumbers = nil
	rec := &userRec{User: u}
	st.users[u.ID] = rec
	for _, n := range numbers {
		num := st.numbers[n]
		if num == nil {
			num, _ = st.addNumber(u.OfficeID, n)
		}
		st.assignNumber(rec, num, false)
	}
	if st.me == 0 {
		st.me = u.ID
	}
	return u.ID, nil
}

// checkNewUser checks the id, office, license, state, emails' presence and
// seat of a user about to be added.
func (st *state) checkNewUser(u User) error {
	switch {
	case u.ID < 0 || (u.ID != 0 && st.users[u.ID] != nil):
		return fmt.Errorf("id %d is negative or taken", u.ID)
	case st.offices[u.OfficeID] == nil:
		return fmt.Errorf("no office %d", u.OfficeID)
	case !slices.Contains(licenses, u.License):
		return fmt.Errorf("unknown license %q", u.License)
	case !slices.Contains(userStates, string(u.State)):
		return fmt.Errorf("unknown state %q", u.State)
	case len(u.Emails) == 0:
		return errors.New("at least one email is required")
	case holdsSeat(u.State) && st.freeSeats(u.OfficeID, u.License) <= 0:
		return fmt.Errorf("office %d has no free %q seat", u.OfficeID, u.License)
	}
	return nil
}

// checkAdministered checks that the offices a new user administers exist.
func (st *state) checkAdministered(u User) error {
	for _, id := range u.AdminOfficeIDs {
		if st.offices[id] == nil {
			return fmt.Errorf("no office %d to administer", id)
		}
	}
	return nil
}

// checkNewUserEmails checks that a new user's emails are addresses, and
// unused unless the user is deleted.
func (st *state) checkNewUserEmails(u User) error {
	for _, e := range u.Emails {
		if !isEmail(e) {
			return fmt.Errorf("%q is not an email address", e)
		}
		if u.State != "deleted" && st.emailOwner(e) != nil {
			return fmt.Errorf("email %s is taken", e)
		}
	}
	return nil
}

// checkNewUserNumbers checks that a new user's numbers are E.164, listed
// once, and free in its office (or not in the inventory yet).
func (st *state) checkNewUserNumbers(u User) error {
	for _, n := range slices.Concat(u.PhoneNumbers, u.ForwardingNumbers) {
		if !isE164(n) {
			return fmt.Errorf("%q is not an E.164 number", n)
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(u.PhoneNumbers)))) != len(u.PhoneNumbers) {
		return errors.New("a phone number is listed twice")
	}
	for _, n := range u.PhoneNumbers {
		if k := st.numbers[n]; k != nil && (k.Status != "available" || k.OfficeID != u.OfficeID) {
			return fmt.Errorf("number %s is not available in office %d", n, u.OfficeID)
		}
	}
	return nil
}

// SetMe makes "me" in paths and queries stand for the given user, as it
// does for the owner of a user-level API key. By default it is the first
// user added (SeedAdminUserID in the default seed).
func (s *Server) SetMe(userID dialpad.ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.users[userID] == nil {
		return fmt.Errorf("dialpadtest: SetMe: no user %d", userID)
	}
	s.st.me = userID
	return nil
}

// AddContact adds a shared contact (OwnerID 0) or a user's local contact
// and returns its id.
func (s *Server) AddContact(c Contact) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.ID != "" && s.st.contacts[c.ID] != nil {
		return "", fmt.Errorf("dialpadtest: AddContact: id %q is taken", c.ID)
	}
	if c.OwnerID != 0 {
		if u := s.st.users[c.OwnerID]; u == nil || u.State == "deleted" {
			return "", fmt.Errorf("dialpadtest: AddContact: no user %d", c.OwnerID)
		}
	}
	if e := checkContact(c); e != nil {
		return "", errors.New("dialpadtest: AddContact: " + e.message)
	}
	if c.ID == "" {
		c.ID = s.st.newID().String()
	}
	s.st.contacts[c.ID] = cloneContact(c)
	return c.ID, nil
}

// cloneContact returns a deep copy of c.
func cloneContact(c Contact) *Contact {
	c.Emails, c.Phones, c.URLs = slices.Clone(c.Emails), slices.Clone(c.Phones), slices.Clone(c.URLs)
	return &c
}

// AddCoachingTeam adds a coaching team with its members and returns its id.
func (s *Server) AddCoachingTeam(t CoachingTeam) (dialpad.ID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	t.State = cmp.Or(t.State, "active")
	switch {
	case t.ID < 0 || (t.ID != 0 && st.teams[t.ID] != nil):
		return 0, fmt.Errorf("dialpadtest: AddCoachingTeam: id %d is negative or taken", t.ID)
	case t.Name == "" || !singleLine(t.Name):
		return 0, errors.New("dialpadtest: AddCoachingTeam: the name is required and must be one line")
	case st.offices[t.OfficeID] == nil:
		return 0, fmt.Errorf("dialpadtest: AddCoachingTeam: no office %d", t.OfficeID)
	case !slices.Contains(userStates, t.State):
		return 0, fmt.Errorf("dialpadtest: AddCoachingTeam: unknown state %q", t.State)
	}
	members := map[dialpad.ID]string{}
	for _, m := range t.Members {
		if err := st.checkMember(m.UserID, m.Role); err != nil {
			return 0, fmt.Errorf("dialpadtest: AddCoachingTeam: %w", err)
		}
		members[m.UserID] = m.Role
	}
	if t.ID == 0 {
		t.ID = st.newID()
	}
	t.PhoneNumbers = slices.Clone(t.PhoneNumbers)
	t.Members = nil
	for _, id := range sortedKeys(members) {
		t.Members = append(t.Members, CoachingTeamMember{UserID: id, Role: members[id]})
	}
	st.teams[t.ID] = &t
	return t.ID, nil
}

// AddCoachingTeamMember adds a user to a coaching team as "coach" or
// "trainee", or changes the role of a member.
func (s *Server) AddCoachingTeamMember(teamID, userID dialpad.ID, role string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.teams[teamID]
	if t == nil {
		return fmt.Errorf("dialpadtest: AddCoachingTeamMember: no coaching team %d", teamID)
	}
	if err := s.st.checkMember(userID, role); err != nil {
		return fmt.Errorf("dialpadtest: AddCoachingTeamMember: %w", err)
	}
	setMember(t, userID, role)
	return nil
}

// checkMember checks a would-be coaching team member.
func (st *state) checkMember(userID dialpad.ID, role string) error {
	if u := st.users[userID]; u == nil || u.State == "deleted" {
		return fmt.Errorf("no user %d", userID)
	}
	if role != "coach" && role != "trainee" {
		return fmt.Errorf("role %q is neither coach nor trainee", role)
	}
	return nil
}

// setMember adds or updates a member, keeping Members sorted by user id.
func setMember(t *CoachingTeam, userID dialpad.ID, role string) {
	i, found := slices.BinarySearchFunc(t.Members, userID, func(m CoachingTeamMember, id dialpad.ID) int { return cmp.Compare(m.UserID, id) })
	if found {
		t.Members[i].Role = role
		return
	}
	t.Members = slices.Insert(t.Members, i, CoachingTeamMember{UserID: userID, Role: role})
}

// AddAgentGroup adds an agent group and returns its id.
func (s *Server) AddAgentGroup(g AgentGroup) (dialpad.ID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	switch {
	case g.ID < 0 || (g.ID != 0 && st.agentGroups[g.ID] != nil):
		return 0, fmt.Errorf("dialpadtest: AddAgentGroup: id %d is negative or taken", g.ID)
	case g.Name == "" || !singleLine(g.Name):
		return 0, errors.New("dialpadtest: AddAgentGroup: the name is required and must be one line")
	case st.offices[g.OfficeID] == nil:
		return 0, fmt.Errorf("dialpadtest: AddAgentGroup: no office %d", g.OfficeID)
	}
	if g.ID == 0 {
		g.ID = st.newID()
	}
	now := s.now()
	if g.CreatedAt.IsZero() {
		g.CreatedAt = now
	}
	if g.UpdatedAt.IsZero() {
		g.UpdatedAt = g.CreatedAt
	}
	st.agentGroups[g.ID] = &g
	return g.ID, nil
}

// AddDevice adds a device for a user and returns its id. Calls and screen
// pops need one.
func (s *Server) AddDevice(d Device) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	u := st.users[d.UserID]
	if u == nil || u.State == "deleted" {
		return "", fmt.Errorf("dialpadtest: AddDevice: no user %d", d.UserID)
	}
	d.Type = cmp.Or(d.Type, "native")
	if !slices.Contains(deviceTypes, d.Type) {
		return "", fmt.Errorf("dialpadtest: AddDevice: unknown device type %q", d.Type)
	}
	if d.PhoneNumber == "" && len(u.PhoneNumbers) > 0 {
		d.PhoneNumber = u.PhoneNumbers[0]
	}
	if d.ID == "" {
		d.ID = fmt.Sprintf("%s-user-%d-client-%s", cmp.Or(d.PhoneNumber, "device"), d.UserID, d.Type)
	}
	if st.devices[d.ID] != nil {
		return "", fmt.Errorf("dialpadtest: AddDevice: id %q is taken", d.ID)
	}
	now := s.now()
	if d.DateCreated.IsZero() {
		d.DateCreated = now
	}
	if d.DateRegistered.IsZero() {
		d.DateRegistered = now
	}
	d.DisplayName = cmp.Or(d.DisplayName, d.Type)
	st.devices[d.ID] = &d
	return d.ID, nil
}

// AddDeskPhone adds a desk phone for a user and returns its id.
func (s *Server) AddDeskPhone(d DeskPhone) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	u := st.users[d.UserID]
	if u == nil || u.State == "deleted" {
		return "", fmt.Errorf("dialpadtest: AddDeskPhone: no user %d", d.UserID)
	}
	d.Type = cmp.Or(d.Type, "obi")
	if !slices.Contains(deskPhoneTypes, d.Type) {
		return "", fmt.Errorf("dialpadtest: AddDeskPhone: unknown desk phone type %q", d.Type)
	}
	if d.PhoneNumber == "" && len(u.PhoneNumbers) > 0 {
		d.PhoneNumber = u.PhoneNumbers[0]
	}
	if d.ID == "" {
		d.ID = fmt.Sprintf("%s-user-%d-%s-hex_%010x", cmp.Or(d.PhoneNumber, "phone"), d.UserID, d.Type, st.newID())
	}
	if st.deskPhones[d.ID] != nil {
		return "", fmt.Errorf("dialpadtest: AddDeskPhone: id %q is taken", d.ID)
	}
	d.Realm = cmp.Or(d.Realm, "uvstaging.ubervoip.net")
	d.Port = cmp.Or(d.Port, 7060)
	st.deskPhones[d.ID] = &d
	return d.ID, nil
}

// AddPersona gives a user a persona (GET /api/v2/users/{id}/personas).
func (s *Server) AddPersona(userID dialpad.ID, p Persona) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users[userID]
	if u == nil || u.State == "deleted" {
		return fmt.Errorf("dialpadtest: AddPersona: no user %d", userID)
	}
	if p.ID == 0 {
		p.ID = userID
	}
	p.PhoneNumbers = slices.Clone(p.PhoneNumbers)
	u.personas = append(u.personas, p)
	return nil
}

// SetActiveCall puts a user on a call, replacing any other, and returns
// the call's id. The recording and VI operations need one.
func (s *Server) SetActiveCall(userID dialpad.ID, c ActiveCall) (dialpad.ID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users[userID]
	if u == nil || u.State == "deleted" {
		return 0, fmt.Errorf("dialpadtest: SetActiveCall: no user %d", userID)
	}
	if c.VILocale != "" && !slices.Contains(viLocales, c.VILocale) {
		return 0, fmt.Errorf("dialpadtest: SetActiveCall: unknown VI locale %q", c.VILocale)
	}
	if c.ID == 0 {
		c.ID = s.st.newID()
	}
	c.State = cmp.Or(c.State, "connected")
	u.call = &c
	return c.ID, nil
}

// EndActiveCall ends a user's call, if any.
func (s *Server) EndActiveCall(userID dialpad.ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users[userID]
	if u == nil {
		return fmt.Errorf("dialpadtest: EndActiveCall: no user %d", userID)
	}
	u.call = nil
	return nil
}

// ---- inspection ----

// Office returns a copy of an office, and false when there is none.
func (s *Server) Office(id dialpad.ID) (Office, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.st.offices[id]
	if o == nil {
		return Office{}, false
	}
	c := *o
	c.Seats = maps.Clone(o.Seats)
	c.Plan.PPUAddress = clonePtr(o.Plan.PPUAddress)
	c.Operators = slices.Clone(o.Operators)
	return c, true
}

// FreeSeats returns how many seats of a license an office has left.
func (s *Server) FreeSeats(officeID dialpad.ID, license string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.offices[officeID] == nil {
		return 0, fmt.Errorf("dialpadtest: FreeSeats: no office %d", officeID)
	}
	if !slices.Contains(licenses, license) {
		return 0, fmt.Errorf("dialpadtest: FreeSeats: unknown license %q", license)
	}
	return s.st.freeSeats(officeID, license), nil
}

// User returns a copy of a user (deleted ones included), and false when
// there is none.
func (s *Server) User(id dialpad.ID) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users[id]
	if u == nil {
		return User{}, false
	}
	u.expireStatus(s.now())
	c := u.User
	c.Emails = slices.Clone(u.Emails)
	c.PhoneNumbers = slices.Clone(u.PhoneNumbers)
	c.ForwardingNumbers = slices.Clone(u.ForwardingNumbers)
	c.AdminOfficeIDs = slices.Clone(u.AdminOfficeIDs)
	if u.E911 != nil {
		a := *u.E911
		c.E911 = &a
	}
	return c, true
}

// Number returns a number of the inventory, and false when there is none.
func (s *Server) Number(number string) (Number, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.st.numbers[number]
	if n == nil {
		return Number{}, false
	}
	return *n, true
}

// Contact returns a copy of a contact, and false when there is none.
func (s *Server) Contact(id string) (Contact, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.contacts[id]
	if c == nil {
		return Contact{}, false
	}
	return *cloneContact(*c), true
}

// ActiveCall returns a user's active call, and false when the user is on
// none.
func (s *Server) ActiveCall(userID dialpad.ID) (ActiveCall, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users[userID]
	if u == nil || u.call == nil {
		return ActiveCall{}, false
	}
	return *u.call, true
}

// InitiatedCalls returns the calls started through users.initiate_call,
// oldest first.
func (s *Server) InitiatedCalls() []InitiatedCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.st.calls)
}
