package dialpadtest

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// Plan is the part of an office's billing plan that is not user seats. The
// talk, sell and contact-center lines of plan.get are the office's Seats of
// "talk", "agents" and "lite_support_agents"; the line counts here fill the
// plan's other fields. Nothing in the fake uses these lines up, so
// plan.available_licenses.get reports them as they are.
type Plan struct {
	// AdditionalNumberLines, FaxLines, RoomLines and UberconferenceLines
	// are the plan's lines of those types, none by default.
	AdditionalNumberLines int
	FaxLines              int
	RoomLines             int
	UberconferenceLines   int
	// TollFreeAdditionalNumberLines, TollFreeRoomLines and
	// TollFreeUberconferenceLines are their toll-free variants.
	TollFreeAdditionalNumberLines int
	TollFreeRoomLines             int
	TollFreeUberconferenceLines   int
	// Balance is what is left on the plan, in USD; plan.get writes it as a
	// string with four decimals ("10.0000").
	Balance float64
	// NextBillingDate is when the next billing cycle starts; plan.get
	// leaves it out when it is zero and otherwise writes it as a Unix time
	// in milliseconds.
	NextBillingDate time.Time
	// PPUAddress is the plan's "place of primary use". When it is nil,
	// plan.get shows the office's E911 address instead, if the office has
	// one.
	PPUAddress *BillingAddress
}

// BillingAddress is a billing address, such as a plan's place of primary
// use.
type BillingAddress struct {
	// Line1 and Line2 are the street lines; City, Region, PostalCode and
	// Country (an ISO 3166 code) the rest.
	Line1      string
	Line2      string
	City       string
	Region     string
	PostalCode string
	Country    string
}

// Operator is a user on the operator list of an office's main line, of a
// call center or of a department. A user appears at most once per list;
// each entry shows up in the user's group_details.
type Operator struct {
	// UserID is the operator, a user that is not deleted. Deleting the
	// user takes it off every list.
	UserID dialpad.ID
	// Role is "operator" (the default) or "admin"; call centers also know
	// "supervisor". A call center's "operator" needs a call-center license
	// ("agents" or "lite_support_agents"); its admins and supervisors do
	// not.
	Role string
	// SkillLevel is a call-center operator's skill, 1 to 100 (100 when
	// zero). Offices and departments have no skill levels: they store 0.
	SkillLevel int
}

// CallCenter is a call center. It is the input of AddCallCenter and the
// result of Server.CallCenter.
type CallCenter struct {
	// ID is the call center's id; AddCallCenter makes one up when it is
	// zero. No office, call center or department may have it already.
	ID dialpad.ID
	// Name is required and must be one line.
	Name string
	// OfficeID is the call center's office, which must exist.
	OfficeID dialpad.ID
	// Description is free text.
	Description string
	// PhoneNumbers are the call center's numbers. Each comes from the
	// office's inventory (and is added there when it is not known yet)
	// with status "call_center"; the first is the caller id the call
	// center's operators may use.
	PhoneNumbers []string
	// State is "active" (the default), "suspended", "pending", "cancelled"
	// or "deleted".
	State string
	// Timezone defaults to the office's.
	Timezone string
	// RingSeconds is how long the call center's line rings (30 when zero).
	RingSeconds int64
	// Operators are the call center's operators, admins and supervisors.
	// Users in the "operator" role need a call-center license.
	Operators []Operator
}

// Department is a department. It is the input of AddDepartment and the
// result of Server.Department.
type Department struct {
	// ID is the department's id; AddDepartment makes one up when it is
	// zero. No office, call center or department may have it already.
	ID dialpad.ID
	// Name is required and must be one line.
	Name string
	// OfficeID is the department's office, which must exist.
	OfficeID dialpad.ID
	// Description is free text.
	Description string
	// PhoneNumbers are the department's numbers, taken from the office's
	// inventory as for a call center, with status "department".
	PhoneNumbers []string
	// State is "active" (the default), "suspended", "pending", "cancelled"
	// or "deleted".
	State string
	// Timezone defaults to the office's.
	Timezone string
	// RingSeconds is how long the department's line rings (30 when zero).
	RingSeconds int64
	// Operators are the department's operators and admins.
	Operators []Operator
}

// Group types, as group_details and the DND and call operations name them.
const (
	groupOffice     = "office"
	groupCallCenter = "callcenter"
	groupDepartment = "department"
)

// ccLicenses are the licenses that let a user answer a call center's calls.
var ccLicenses = []string{"agents", "lite_support_agents"}

// defaultRingSeconds is how long a group's line rings unless told.
const defaultRingSeconds = 30

// opGroup is a group with an operator list: an office, a call center or a
// department, seen through what they have in common.
type opGroup struct {
	kind     string // groupOffice, groupCallCenter or groupDepartment
	id       dialpad.ID
	officeID dialpad.ID
	name     string
	numbers  []string
	ops      *[]Operator // sorted by user id
}

// kindName names a group type in messages: "call center".
func kindName(kind string) string {
	switch kind {
	case groupCallCenter:
		return "call center"
	case groupDepartment:
		return "department"
	}
	return "office"
}

// label names the group in messages: "call center 12".
func (g opGroup) label() string { return fmt.Sprintf("%s %d", kindName(g.kind), g.id) }

// roles returns the roles the group's operators may have.
func (g opGroup) roles() []string {
	if g.kind == groupCallCenter {
		return []string{"admin", "operator", "supervisor"}
	}
	return []string{"admin", "operator"}
}

// operator returns the user's entry on the list, or nil.
func (g opGroup) operator(userID dialpad.ID) *Operator {
	i, found := slices.BinarySearchFunc(*g.ops, userID, func(o Operator, id dialpad.ID) int { return cmp.Compare(o.UserID, id) })
	if !found {
		return nil
	}
	return &(*g.ops)[i]
}

// set adds an operator or replaces the entry of the same user, keeping the
// list sorted.
func (g opGroup) set(op Operator) {
	i, found := slices.BinarySearchFunc(*g.ops, op.UserID, func(o Operator, id dialpad.ID) int { return cmp.Compare(o.UserID, id) })
	if found {
		(*g.ops)[i] = op
		return
	}
	*g.ops = slices.Insert(*g.ops, i, op)
}

// remove takes a user off the list and reports whether it was on it.
func (g opGroup) remove(userID dialpad.ID) bool {
	n := len(*g.ops)
	*g.ops = slices.DeleteFunc(*g.ops, func(o Operator) bool { return o.UserID == userID })
	return len(*g.ops) != n
}

// group returns the group of a kind with an id, and false when there is
// none.
func (st *state) group(kind string, id dialpad.ID) (opGroup, bool) {
	switch kind {
	case groupOffice:
		if o := st.offices[id]; o != nil {
			var numbers []string
			if o.MainLine != "" {
				numbers = []string{o.MainLine}
			}
			return opGroup{groupOffice, o.ID, o.ID, o.Name, numbers, &o.Operators}, true
		}
	case groupCallCenter:
		if c := st.callCenters[id]; c != nil {
			return opGroup{groupCallCenter, c.ID, c.OfficeID, c.Name, c.PhoneNumbers, &c.Operators}, true
		}
	case groupDepartment:
		if d := st.departments[id]; d != nil {
			return opGroup{groupDepartment, d.ID, d.OfficeID, d.Name, d.PhoneNumbers, &d.Operators}, true
		}
	}
	return opGroup{}, false
}

// groups returns every group: call centers, then departments, then
// offices, each by id.
func (st *state) groups() []opGroup {
	var gs []opGroup
	for _, id := range sortedKeys(st.callCenters) {
		g, _ := st.group(groupCallCenter, id)
		gs = append(gs, g)
	}
	for _, id := range sortedKeys(st.departments) {
		g, _ := st.group(groupDepartment, id)
		gs = append(gs, g)
	}
	for _, id := range sortedKeys(st.offices) {
		g, _ := st.group(groupOffice, id)
		gs = append(gs, g)
	}
	return gs
}

// userGroups returns the groups u is an operator of, in the order of
// groups, with u's entry in each.
func (st *state) userGroups(u *userRec) ([]opGroup, []Operator) {
	var gs []opGroup
	var ops []Operator
	for _, g := range st.groups() {
		if op := g.operator(u.ID); op != nil {
			gs = append(gs, g)
			ops = append(ops, *op)
		}
	}
	return gs, ops
}

// isOperator reports whether u is on the operator list of the group.
func (st *state) isOperator(u *userRec, kind string, id dialpad.ID) bool {
	g, ok := st.group(kind, id)
	return ok && g.operator(u.ID) != nil
}

// ccOperatorOf returns a call center in which u has the "operator" role
// (and so needs a call-center license), or nil.
func (st *state) ccOperatorOf(u *userRec) *CallCenter {
	for _, id := range sortedKeys(st.callCenters) {
		c := st.callCenters[id]
		g, _ := st.group(groupCallCenter, id)
		if op := g.operator(u.ID); op != nil && op.Role == "operator" {
			return c
		}
	}
	return nil
}

// groupIDTaken reports whether an office, call center or department has
// the id: group ids are unique across the three, as DND settings and
// group_details name a group by id.
func (st *state) groupIDTaken(id dialpad.ID) bool {
	return st.offices[id] != nil || st.callCenters[id] != nil || st.departments[id] != nil
}

// checkOperator checks a would-be operator of g and returns it with its
// defaults. s.mu is held.
func (st *state) checkOperator(g opGroup, op Operator) (Operator, error) {
	op.Role = cmp.Or(op.Role, "operator")
	if u := st.users[op.UserID]; u == nil || u.State == "deleted" {
		return op, fmt.Errorf("no user %d", op.UserID)
	}
	if !slices.Contains(g.roles(), op.Role) {
		return op, fmt.Errorf("role %q is not one of %s", op.Role, strings.Join(g.roles(), ", "))
	}
	if g.kind != groupCallCenter {
		op.SkillLevel = 0
		return op, nil
	}
	op.SkillLevel = cmp.Or(op.SkillLevel, 100)
	if op.SkillLevel < 1 || op.SkillLevel > 100 {
		return op, fmt.Errorf("skill level %d is not within 1-100", op.SkillLevel)
	}
	if u := st.users[op.UserID]; op.Role == "operator" && !slices.Contains(ccLicenses, u.License) {
		return op, fmt.Errorf("user %d has the %q license; a call-center operator needs %s", u.ID, u.License, strings.Join(ccLicenses, " or "))
	}
	return op, nil
}

// checkOperators checks a group's first operators, given with the group to
// an Add method, and returns them sorted, with their defaults. A user
// listed twice keeps its last entry.
func (st *state) checkOperators(g opGroup, ops []Operator) ([]Operator, error) {
	byUser := map[dialpad.ID]Operator{}
	for _, op := range ops {
		op, err := st.checkOperator(g, op)
		if err != nil {
			return nil, err
		}
		byUser[op.UserID] = op
	}
	return sortedValues(byUser), nil
}

// checkGroupNumbers checks the numbers of a new call center or department
// of an office: E.164, listed once, and unknown or available in the
// office's inventory.
func (st *state) checkGroupNumbers(officeID dialpad.ID, numbers []string) error {
	seen := map[string]bool{}
	for _, n := range numbers {
		if !isE164(n) {
			return fmt.Errorf("%q is not an E.164 number", n)
		}
		if seen[n] {
			return fmt.Errorf("number %s is listed twice", n)
		}
		seen[n] = true
		if k := st.numbers[n]; k != nil && (k.Status != "available" || k.OfficeID != officeID) {
			return fmt.Errorf("number %s is not available in office %d", n, officeID)
		}
	}
	return nil
}

// takeGroupNumbers assigns checked numbers to a group, adding unknown ones
// to the office's inventory first.
func (st *state) takeGroupNumbers(officeID dialpad.ID, numbers []string, status, targetType string, targetID dialpad.ID) {
	for _, n := range numbers {
		num := st.numbers[n]
		if num == nil {
			num, _ = st.addNumber(officeID, n)
		}
		num.Status, num.TargetID, num.TargetType = status, targetID, targetType
	}
}

// groupFields are the fields call centers and departments share, checked
// and defaulted by checkGroup.
type groupFields struct {
	id          dialpad.ID
	name        string
	officeID    dialpad.ID
	state       string
	timezone    string
	ringSeconds int64
	numbers     []string
}

// checkGroup checks the shared fields of a new call center or department
// and fills in their defaults.
func (st *state) checkGroup(f *groupFields) error {
	f.state = cmp.Or(f.state, "active")
	o := st.offices[f.officeID]
	switch {
	case f.id < 0 || (f.id != 0 && st.groupIDTaken(f.id)):
		return fmt.Errorf("id %d is negative or taken by an office, call center or department", f.id)
	case f.name == "" || !singleLine(f.name):
		return errors.New("the name is required and must be one line")
	case o == nil:
		return fmt.Errorf("no office %d", f.officeID)
	case !slices.Contains(userStates, f.state):
		return fmt.Errorf("unknown state %q", f.state)
	case f.ringSeconds < 0:
		return fmt.Errorf("negative ring seconds %d", f.ringSeconds)
	}
	if err := st.checkGroupNumbers(f.officeID, f.numbers); err != nil {
		return err
	}
	f.timezone = cmp.Or(f.timezone, o.Timezone)
	f.ringSeconds = cmp.Or(f.ringSeconds, defaultRingSeconds)
	f.numbers = slices.Clone(f.numbers)
	return nil
}

// AddCallCenter adds a call center with its first operators and returns
// its id. See CallCenter for the defaults and the checks.
func (s *Server) AddCallCenter(c CallCenter) (dialpad.ID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	f := groupFields{c.ID, c.Name, c.OfficeID, c.State, c.Timezone, c.RingSeconds, c.PhoneNumbers}
	if err := st.checkGroup(&f); err != nil {
		return 0, fmt.Errorf("dialpadtest: AddCallCenter: %w", err)
	}
	ops, err := st.checkOperators(opGroup{kind: groupCallCenter}, c.Operators)
	if err != nil {
		return 0, fmt.Errorf("dialpadtest: AddCallCenter: %w", err)
	}
	if f.id == 0 {
		f.id = st.newID()
	}
	c.ID, c.State, c.Timezone, c.RingSeconds, c.PhoneNumbers, c.Operators = f.id, f.state, f.timezone, f.ringSeconds, f.numbers, ops
	st.callCenters[c.ID] = &c
	st.takeGroupNumbers(c.OfficeID, c.PhoneNumbers, "call_center", groupCallCenter, c.ID)
	return c.ID, nil
}

// AddDepartment adds a department with its first operators and returns
// its id. See Department for the defaults and the checks.
func (s *Server) AddDepartment(d Department) (dialpad.ID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	f := groupFields{d.ID, d.Name, d.OfficeID, d.State, d.Timezone, d.RingSeconds, d.PhoneNumbers}
	if err := st.checkGroup(&f); err != nil {
		return 0, fmt.Errorf("dialpadtest: AddDepartment: %w", err)
	}
	ops, err := st.checkOperators(opGroup{kind: groupDepartment}, d.Operators)
	if err != nil {
		return 0, fmt.Errorf("dialpadtest: AddDepartment: %w", err)
	}
	if f.id == 0 {
		f.id = st.newID()
	}
	d.ID, d.State, d.Timezone, d.RingSeconds, d.PhoneNumbers, d.Operators = f.id, f.state, f.timezone, f.ringSeconds, f.numbers, ops
	st.departments[d.ID] = &d
	st.takeGroupNumbers(d.OfficeID, d.PhoneNumbers, "department", groupDepartment, d.ID)
	return d.ID, nil
}

// addOperator is the body of the AddXOperator methods.
func (s *Server) addOperator(method, kind string, id dialpad.ID, op Operator) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.st.group(kind, id)
	if !ok {
		return fmt.Errorf("dialpadtest: %s: no %s", method, opGroup{kind: kind, id: id}.label())
	}
	op, err := s.st.checkOperator(g, op)
	if err != nil {
		return fmt.Errorf("dialpadtest: %s: %w", method, err)
	}
	g.set(op)
	return nil
}

// AddOfficeOperator puts a user on the operator list of an office's main
// line, or changes its entry there. Role is "operator" or "admin".
func (s *Server) AddOfficeOperator(officeID dialpad.ID, op Operator) error {
	return s.addOperator("AddOfficeOperator", groupOffice, officeID, op)
}

// AddCallCenterOperator puts a user on a call center's operator list, or
// changes its entry there. Role is "operator", "admin" or "supervisor";
// an operator must already hold a call-center license (unlike with
// callcenters.operators.post, no license is switched here).
func (s *Server) AddCallCenterOperator(callCenterID dialpad.ID, op Operator) error {
	return s.addOperator("AddCallCenterOperator", groupCallCenter, callCenterID, op)
}

// AddDepartmentOperator puts a user on a department's operator list, or
// changes its entry there. Role is "operator" or "admin".
func (s *Server) AddDepartmentOperator(departmentID dialpad.ID, op Operator) error {
	return s.addOperator("AddDepartmentOperator", groupDepartment, departmentID, op)
}

// CallCenter returns a copy of a call center, and false when there is
// none.
func (s *Server) CallCenter(id dialpad.ID) (CallCenter, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.callCenters[id]
	if c == nil {
		return CallCenter{}, false
	}
	out := *c
	out.PhoneNumbers, out.Operators = slices.Clone(c.PhoneNumbers), slices.Clone(c.Operators)
	return out, true
}

// Department returns a copy of a department, and false when there is
// none.
func (s *Server) Department(id dialpad.ID) (Department, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.st.departments[id]
	if d == nil {
		return Department{}, false
	}
	out := *d
	out.PhoneNumbers, out.Operators = slices.Clone(d.PhoneNumbers), slices.Clone(d.Operators)
	return out, true
}

// changeLicense gives u another license (the caller checked the seat).
// Without keepNumbers, a user switched to the support license
// lite_support_agents gives its numbers back to the inventory.
func (st *state) changeLicense(u *userRec, license string, keepNumbers bool) {
	if license == u.License {
		return
	}
	u.License = license
	if license == "lite_support_agents" && !keepNumbers {
		for _, n := range slices.Clone(u.PhoneNumbers) {
			st.releaseNumber(u, n)
		}
	}
}

// checkLicenseChange refuses to take the call-center license from a user
// who is an operator of a call center.
func (st *state) checkLicenseChange(u *userRec, license string) error {
	if slices.Contains(ccLicenses, license) || !slices.Contains(ccLicenses, u.License) {
		return nil
	}
	if c := st.ccOperatorOf(u); c != nil {
		return fmt.Errorf("user %d is an operator of call center %d and needs a call-center license (%s); remove it from the call center first",
			u.ID, c.ID, strings.Join(ccLicenses, " or "))
	}
	return nil
}
