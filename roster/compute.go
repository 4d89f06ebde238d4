package roster

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// PlanFrom computes the plan that makes snap match desired, under opts, in
// memory and without sending anything: NewPlan is Fetch followed by
// PlanFrom. It reads snap and never changes it. See NewPlan for the
// errors.
func PlanFrom(snap *Snapshot, desired []Person, opts PlanOptions) (*Plan, error) {
	plan, _, err := planFrom(snap, desired, opts)
	return plan, err
}

// planFrom is PlanFrom, also returning the index of snap the plan was
// made with, for a caller that looks things up in snap afterwards.
func planFrom(snap *Snapshot, desired []Person, opts PlanOptions) (*Plan, *index, error) {
	if snap == nil {
		return nil, nil, fmt.Errorf("roster: nil *Snapshot")
	}
	if err := checkMode(opts, len(desired)); err != nil {
		return nil, nil, err
	}
	mode := cmp.Or(opts.Mode, ModeBatch)
	ix := newIndex(snap)
	scope, err := ix.scope(opts)
	if err != nil {
		return nil, nil, err
	}
	pl := &planner{ix: ix, scope: scope, plan: &Plan{Mode: mode, Scope: scope.Scope}}
	pl.matched = make(map[dialpad.ID]bool, len(desired))
	seen := make(map[string]int, len(desired))
	for i := range desired {
		p := &desired[i]
		before := len(pl.errs.errs) + pl.errs.extra
		p.check(i, &pl.errs, "")
		key := emailKey(p.Email)
		if j, dup := seen[key]; dup && key != "" {
			pl.errs.add(&RowError{Line: p.Line, Index: i, Email: p.Email, Field: "email",
				Reason: "duplicate of " + where(desired[j].Line, j)})
			continue
		}
		seen[key] = i
		if len(pl.errs.errs)+pl.errs.extra != before {
			continue
		}
		pl.person(i, p)
	}
	if err := pl.errs.err(); err != nil {
		return nil, nil, err
	}
	if mode == ModeSync {
		pl.missing()
	}

	plan := pl.plan
	for _, u := range snap.Users {
		if scope.has(u) {
			plan.InScope++
		}
	}
	plan.MaxRemovals = opts.MaxRemovals
	switch {
	case plan.MaxRemovals > 0:
	case mode == ModeSync:
		plan.MaxRemovals = DefaultMaxRemovals(plan.InScope)
	default:
		plan.MaxRemovals = DefaultBatchMaxRemovals
	}
	slices.SortStableFunc(plan.Changes, func(a, b Change) int {
		return cmp.Or(cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]), cmp.Compare(emailKey(a.Email), emailKey(b.Email)))
	})
	slices.SortFunc(plan.Spared, func(a, b Spared) int { return cmp.Compare(emailKey(a.Email), emailKey(b.Email)) })
	if plan.Changes == nil {
		plan.Changes = []Change{}
	}
	return plan, ix, nil
}

// index is a snapshot arranged for lookups.
type index struct {
	snap        *Snapshot
	offices     map[dialpad.ID]*dialpad.Office
	officeNames map[string][]*dialpad.Office // by lower-case name
	groups      map[groupKey]*groupInfo
	groupNames  map[dialpad.GroupType]map[string][]*groupInfo // by lower-case name
	byEmail     map[string][]*dialpad.User                    // every email of every user, lower case
	memberOf    map[dialpad.ID][]membership                   // by user
}

// groupInfo is a call center or department.
type groupInfo struct {
	key      groupKey
	name     string
	officeID dialpad.ID
}

// membership is a user's place in a group.
type membership struct {
	group *groupInfo
	role  dialpad.GroupRole
}

func newIndex(snap *Snapshot) *index {
	ix := &index{
		snap:        snap,
		offices:     make(map[dialpad.ID]*dialpad.Office, len(snap.Offices)),
		officeNames: make(map[string][]*dialpad.Office, len(snap.Offices)),
		groups:      make(map[groupKey]*groupInfo, len(snap.CallCenters)+len(snap.Departments)),
		groupNames: map[dialpad.GroupType]map[string][]*groupInfo{
			dialpad.GroupTypeCallCenter: {}, dialpad.GroupTypeDepartment: {}, GroupTypeCoachingTeam: {},
		},
		byEmail:  make(map[string][]*dialpad.User, len(snap.Users)),
		memberOf: map[dialpad.ID][]membership{},
	}
	for _, o := range snap.Offices {
		ix.offices[o.ID] = o
		k := strings.ToLower(strings.TrimSpace(o.Name))
		ix.officeNames[k] = append(ix.officeNames[k], o)
	}
	addGroup := func(t dialpad.GroupType, id dialpad.ID, name string, office dialpad.ID) {
		g := &groupInfo{key: groupKey{t, id}, name: name, officeID: office}
		ix.groups[g.key] = g
		k := strings.ToLower(strings.TrimSpace(name))
		ix.groupNames[t][k] = append(ix.groupNames[t][k], g)
	}
	for _, g := range snap.CallCenters {
		addGroup(dialpad.GroupTypeCallCenter, g.ID, g.Name, g.OfficeID)
	}
	for _, g := range snap.Departments {
		addGroup(dialpad.GroupTypeDepartment, g.ID, g.Name, g.OfficeID)
	}
	for _, g := range snap.CoachingTeams {
		addGroup(GroupTypeCoachingTeam, g.ID, g.Name, g.OfficeID)
	}
	for _, o := range snap.Offices {
		ix.groups[groupKey{dialpad.GroupTypeOffice, o.ID}] = &groupInfo{key: groupKey{dialpad.GroupTypeOffice, o.ID}, name: o.Name, officeID: o.ID}
	}
	for _, u := range snap.Users {
		for j, e := range u.Emails {
			k := emailKey(e)
			if slices.ContainsFunc(u.Emails[:j], func(x string) bool { return emailKey(x) == k }) {
				continue // the same address twice on one user
			}
			ix.byEmail[k] = append(ix.byEmail[k], u)
		}
	}
	addMembers := func(t dialpad.GroupType, lists map[dialpad.ID][]Member) {
		for id, ms := range lists {
			g := ix.groups[groupKey{t, id}]
			if g == nil {
				g = &groupInfo{key: groupKey{t, id}, name: id.String()}
				ix.groups[g.key] = g
			}
			for _, m := range ms {
				ix.memberOf[m.UserID] = append(ix.memberOf[m.UserID], membership{g, m.Role})
			}
		}
	}
	addMembers(dialpad.GroupTypeCallCenter, snap.CallCenterMembers)
	addMembers(dialpad.GroupTypeDepartment, snap.DepartmentMembers)
	addMembers(GroupTypeCoachingTeam, snap.CoachingMembers)
	// A user's group_details name the operator lists it is on, office main
	// lines included; they fill in the lists that were not read.
	for _, u := range snap.Users {
		for _, d := range u.GroupDetails {
			k := groupKey{d.GroupType, d.GroupID}
			if d.GroupID == 0 || !slices.Contains(memberOrder, d.GroupType) ||
				slices.ContainsFunc(ix.memberOf[u.ID], func(m membership) bool { return m.group.key == k }) {
				continue
			}
			g := ix.groups[k]
			if g == nil {
				g = &groupInfo{key: k, name: d.GroupID.String()}
				ix.groups[k] = g
			}
			ix.memberOf[u.ID] = append(ix.memberOf[u.ID], membership{g, cmp.Or(d.Role, dialpad.GroupRoleOperator)})
		}
	}
	for id, ms := range ix.memberOf {
		slices.SortFunc(ms, func(a, b membership) int { return compareGroups(a.group, b.group) })
		ix.memberOf[id] = ms
	}
	return ix
}

// memberOrder is the order in which a leaver leaves operator lists: call
// centers, then departments, then office main lines.
var memberOrder = []dialpad.GroupType{dialpad.GroupTypeCallCenter, dialpad.GroupTypeDepartment, dialpad.GroupTypeOffice}

// typeOrder ranks group types in memberOrder, coaching teams last.
func typeOrder(t dialpad.GroupType) int {
	if i := slices.Index(memberOrder, t); i >= 0 {
		return i
	}
	return len(memberOrder)
}

// compareGroups orders groups by type (in memberOrder), name and id, for
// stable plans.
func compareGroups(a, b *groupInfo) int {
	return cmp.Or(cmp.Compare(typeOrder(a.key.Type), typeOrder(b.key.Type)), cmp.Compare(strings.ToLower(a.name), strings.ToLower(b.name)),
		cmp.Compare(a.key.ID, b.key.ID))
}

// kindName is a group type as prose.
func kindName(t dialpad.GroupType) string {
	switch t {
	case dialpad.GroupTypeCallCenter:
		return "call center"
	case dialpad.GroupTypeDepartment:
		return "department"
	case dialpad.GroupTypeOffice:
		return "office"
	case GroupTypeCoachingTeam:
		return "coaching team"
	}
	return string(t)
}

// office resolves a name or id to an office.
func (ix *index) office(s string) (*dialpad.Office, string) {
	s = strings.TrimSpace(s)
	if id, err := dialpad.ParseID(s); err == nil {
		if o := ix.offices[id]; o != nil {
			return o, ""
		}
	}
	switch os := ix.officeNames[strings.ToLower(s)]; len(os) {
	case 1:
		return os[0], ""
	case 0:
		names := make([]string, 0, len(ix.snap.Offices))
		for _, o := range ix.snap.Offices {
			names = append(names, o.Name)
		}
		return nil, fmt.Sprintf("%q is not an office (name or id)%s", s, suggest(s, names, "offices"))
	default:
		return nil, fmt.Sprintf("%d offices are named %q: give the id", len(os), s)
	}
}

// group resolves a call center, department or coaching team by id or
// name; a name that several groups share is resolved to the one in
// office, if only one is there.
func (ix *index) group(t dialpad.GroupType, s string, office dialpad.ID) (*groupInfo, string) {
	kind := kindName(t)
	s = strings.TrimSpace(s)
	if id, err := dialpad.ParseID(s); err == nil {
		if g := ix.groups[groupKey{t, id}]; g != nil {
			return g, ""
		}
	}
	gs := ix.groupNames[t][strings.ToLower(s)]
	if len(gs) > 1 {
		var here []*groupInfo
		for _, g := range gs {
			if g.officeID == office {
				here = append(here, g)
			}
		}
		if len(here) == 1 {
			return here[0], ""
		}
		return nil, fmt.Sprintf("%d %ss are named %q: give the id", len(gs), kind, s)
	}
	if len(gs) == 0 {
		var names []string
		for k, g := range ix.groups {
			if k.Type == t {
				names = append(names, g.name)
			}
		}
		slices.Sort(names)
		return nil, fmt.Sprintf("%q is not a %s (name or id)%s", s, kind, suggest(s, names, kind+"s"))
	}
	return gs[0], ""
}

// scope is a resolved Scope.
type scope struct {
	Scope
	offices   map[dialpad.ID]bool
	domains   map[string]bool
	protected map[string]bool
}

// scope resolves the options' scope against the snapshot.
func (ix *index) scope(opts PlanOptions) (*scope, error) {
	s := &scope{offices: map[dialpad.ID]bool{}, domains: map[string]bool{}, protected: map[string]bool{}}
	s.DeleteMissing = opts.DeleteMissing
	s.ReleaseNumbers = opts.ReleaseNumbers
	var errs []error
	for _, name := range opts.Offices {
		o, why := ix.office(name)
		if o == nil {
			errs = append(errs, fmt.Errorf("roster: PlanOptions.Offices: %s", why))
			continue
		}
		if !s.offices[o.ID] {
			s.offices[o.ID] = true
			s.Offices = append(s.Offices, OfficeRef{o.ID, o.Name})
		}
	}
	for _, d := range opts.EmailDomains {
		d = emailKey(strings.TrimPrefix(strings.TrimSpace(d), "@"))
		if d == "" || strings.ContainsAny(d, "@ \t\r\n") {
			errs = append(errs, fmt.Errorf("roster: PlanOptions.EmailDomains: %q is not a domain", d))
			continue
		}
		if !s.domains[d] {
			s.domains[d] = true
			s.EmailDomains = append(s.EmailDomains, d)
		}
	}
	for _, e := range opts.Protected {
		k := emailKey(e)
		if !isEmail(k) {
			errs = append(errs, fmt.Errorf("roster: PlanOptions.Protected: %q is not an email address", e))
			continue
		}
		if !s.protected[k] {
			s.protected[k] = true
			s.Protected = append(s.Protected, k)
		}
	}
	if len(errs) > 0 {
		return nil, joinLines(errs)
	}
	slices.Sort(s.EmailDomains)
	slices.Sort(s.Protected)
	slices.SortFunc(s.Offices, func(a, b OfficeRef) int { return cmp.Compare(a.ID, b.ID) })
	return s, nil
}

// resolve returns the scope s describes, as a saved plan records it.
func (s Scope) resolve() *scope {
	r := &scope{Scope: s, offices: map[dialpad.ID]bool{}, domains: map[string]bool{}, protected: map[string]bool{}}
	for _, o := range s.Offices {
		r.offices[o.ID] = true
	}
	for _, d := range s.EmailDomains {
		r.domains[emailKey(d)] = true
	}
	for _, e := range s.Protected {
		r.protected[emailKey(e)] = true
	}
	return r
}

// has reports whether a user is in scope.
func (s *scope) has(u *dialpad.User) bool {
	if len(s.offices) > 0 && !s.offices[u.OfficeID] {
		return false
	}
	if len(s.domains) > 0 && (len(u.Emails) == 0 || !s.domains[domainOf(u.Emails[0])]) {
		return false
	}
	return true
}

// isProtected reports whether any of a user's emails is protected.
func (s *scope) isProtected(u *dialpad.User) bool {
	for _, e := range u.Emails {
		if s.protected[emailKey(e)] {
			return true
		}
	}
	return false
}

// planner computes one plan.
type planner struct {
	ix      *index
	scope   *scope
	plan    *Plan
	matched map[dialpad.ID]bool
	errs    rowErrors
}

// person plans the change for one valid person of the roster.
func (pl *planner) person(i int, p *Person) {
	office, ok := pl.personOffice(i, p)
	if !ok {
		return
	}
	if sc := pl.scope; len(sc.domains) > 0 && !sc.domains[domainOf(p.Email)] {
		pl.bad(i, p, "email", "the domain %s is outside the roster's scope (PlanOptions.EmailDomains)", domainOf(p.Email))
	}
	user, ok := pl.personUser(i, p)
	if !ok {
		return
	}
	if p.leaving() {
		pl.leaver(p, user)
		return
	}

	license := p.License
	if license == "" && user != nil {
		license = user.License
	}
	if license == "" {
		license = dialpad.LicenseTalk
	}
	want, managed := pl.memberships(i, p, office, license)
	var team *groupInfo
	if p.CoachingTeam != "" {
		var why string
		if team, why = pl.ix.group(GroupTypeCoachingTeam, p.CoachingTeam, office.ID); team == nil {
			pl.bad(i, p, "coaching_team", "%s", why)
		}
	}
	if len(pl.errs.errs) > 0 {
		return // the plan fails anyway: spare the work
	}

	ch := Change{Email: p.Email, Line: p.Line}
	var cur []membership
	if user == nil {
		ch.Kind = KindCreate
		ch.Actions = pl.createActions(p, office, want, managed)
	} else {
		ch.UserID = user.ID
		cur = pl.ix.memberOf[user.ID]
		ch.Kind, ch.Actions = pl.updateActions(p, user, office, cur, want, managed)
	}
	ch.Actions = append(ch.Actions, pl.settings(p, user, team, cur)...)
	if len(ch.Actions) == 0 {
		pl.plan.Unchanged++
		return
	}
	pl.plan.Changes = append(pl.plan.Changes, ch)
}

// bad records a problem with the field of person p, the i-th of the roster.
func (pl *planner) bad(i int, p *Person, field, format string, args ...any) {
	pl.errs.add(&RowError{Line: p.Line, Index: i, Email: p.Email, Field: field, Reason: fmt.Sprintf(format, args...)})
}

// personOffice finds the office of p (nil for a leaver who names none).
// ok is false when p names an office that does not exist; an office
// outside the scope is recorded but planning goes on.
func (pl *planner) personOffice(i int, p *Person) (office *dialpad.Office, ok bool) {
	if p.leaving() && strings.TrimSpace(p.Office) == "" {
		return nil, true
	}
	office, why := pl.ix.office(p.Office)
	if office == nil {
		pl.bad(i, p, "office", "%s", why)
		return nil, false
	}
	if sc := pl.scope; len(sc.offices) > 0 && !sc.offices[office.ID] {
		pl.bad(i, p, "office", "%s is outside the roster's scope (PlanOptions.Offices)", office.Name)
	}
	return office, true
}

// personUser finds the user whose email is p's (nil when there is none)
// and marks it matched. ok is false when p cannot be planned: several
// users share the email, the user was matched by another person, or it is
// outside the scope.
func (pl *planner) personUser(i int, p *Person) (user *dialpad.User, ok bool) {
	us := pl.ix.byEmail[emailKey(p.Email)]
	switch len(us) {
	case 0:
		return nil, true
	case 1:
	default:
		ids := make([]string, len(us))
		for j, u := range us {
			ids[j] = u.ID.String()
		}
		pl.bad(i, p, "email", "%d users have this email (%s)", len(us), strings.Join(ids, ", "))
		return nil, false
	}
	user = us[0]
	if pl.matched[user.ID] {
		pl.bad(i, p, "email", "user %s is also the user of another person of the roster (it has several emails)", user.ID)
		return nil, false
	}
	pl.matched[user.ID] = true
	if sc := pl.scope; !sc.has(user) {
		where := "office " + pl.officeRef(user.OfficeID).String()
		if len(sc.offices) == 0 || sc.offices[user.OfficeID] {
			where = "email domain " + domainOf(firstEmail(user))
		}
		pl.bad(i, p, "email", "user %s is in %s, outside the roster's scope: it is never touched", user.ID, where)
		return nil, false
	}
	return user, true
}

// leaver plans the offboarding of p, who is leaving, and whose user is
// user (nil when there is none).
func (pl *planner) leaver(p *Person, user *dialpad.User) {
	if len(pl.errs.errs) > 0 {
		return
	}
	if user == nil {
		pl.plan.Unchanged++ // never created, or already deleted
		return
	}
	del := p.State == dialpad.UserStateDeleted
	reason := string(p.State) + " in roster"
	if pl.scope.isProtected(user) {
		pl.plan.Spared = append(pl.plan.Spared, Spared{Email: p.Email, UserID: user.ID, Reason: "would be " + string(p.State) + ": " + reason})
		return
	}
	if ch, ok := pl.offboard(user, p.Email, p.Line, del, reason); ok {
		pl.plan.Changes = append(pl.plan.Changes, ch)
	} else {
		pl.plan.Unchanged++
	}
}

// memberships resolves the call centers and departments p lists (in
// office, with the license the user will hold) into the roles wanted, and
// the group types the roster manages for p (those it lists at all).
func (pl *planner) memberships(i int, p *Person, office *dialpad.Office, license dialpad.License) (map[groupKey]dialpad.GroupRole, map[dialpad.GroupType]bool) {
	want := map[groupKey]dialpad.GroupRole{}
	managed := map[dialpad.GroupType]bool{}
	for _, g := range []struct {
		t     dialpad.GroupType
		field string
		ms    []Membership
	}{
		{dialpad.GroupTypeCallCenter, "call_centers", p.CallCenters},
		{dialpad.GroupTypeDepartment, "departments", p.Departments},
	} {
		if g.ms == nil {
			continue
		}
		managed[g.t] = true
		for _, m := range g.ms {
			gi, why := pl.ix.group(g.t, m.Group, office.ID)
			if gi == nil {
				pl.bad(i, p, g.field, "%s", why)
				continue
			}
			role := cmp.Or(m.Role, dialpad.GroupRoleOperator)
			if _, dup := want[gi.key]; dup {
				pl.bad(i, p, g.field, "%s is listed twice", gi.name)
				continue
			}
			want[gi.key] = role
			if g.t == dialpad.GroupTypeCallCenter && role == dialpad.GroupRoleOperator && !isCallCenterLicense(license) {
				pl.bad(i, p, g.field, "%s: a call center's operator needs license %s or %s, not %s (make the person a supervisor, or change the license)",
					gi.name, dialpad.LicenseAgents, dialpad.LicenseLiteSupportAgents, license)
			}
		}
	}
	return want, managed
}

// createActions plans the creation of p's user in office: the create,
// the fields a create cannot set, then its memberships.
func (pl *planner) createActions(p *Person, office *dialpad.Office, want map[groupKey]dialpad.GroupRole, managed map[dialpad.GroupType]bool) []Action {
	actions := []Action{{Op: OpCreate, Create: &NewUser{
		FirstName: p.FirstName, LastName: p.LastName, Office: OfficeRef{office.ID, office.Name},
		License: p.License, Number: p.Number, AreaCode: p.AreaCode, NoNumber: p.NoNumber,
	}}}
	var fields []FieldChange
	for _, f := range []FieldChange{{"job_title", "", p.JobTitle}, {"extension", "", p.Extension}} {
		if f.To != "" {
			fields = append(fields, f)
		}
	}
	if fields != nil {
		actions = append(actions, Action{Op: OpUpdateFields, Fields: fields})
	}
	actions = append(actions, pl.groupActions(nil, want, managed, false)...)
	return append(actions, pl.groupActions(nil, want, managed, true)...)
}

// updateActions plans the change of user, on the lists cur, to match p in
// office: a reactivation, its fields, leaving groups, the office and
// license, then joining groups. kind is KindReactivate or KindUpdate.
func (pl *planner) updateActions(p *Person, user *dialpad.User, office *dialpad.Office, cur []membership,
	want map[groupKey]dialpad.GroupRole, managed map[dialpad.GroupType]bool) (kind ChangeKind, actions []Action) {
	kind = KindUpdate
	if user.State == dialpad.UserStateSuspended || user.State == dialpad.UserStateCancelled {
		kind = KindReactivate
		actions = append(actions, Action{Op: OpReactivate, State: &StateChange{From: user.State, To: dialpad.UserStateActive}})
	}
	var fields []FieldChange
	for _, f := range []FieldChange{
		{"first_name", user.FirstName, p.FirstName}, {"last_name", user.LastName, p.LastName},
		{"job_title", user.JobTitle, p.JobTitle}, {"extension", user.Extension, p.Extension},
	} {
		if f.To != "" && f.To != f.From {
			fields = append(fields, f)
		}
	}
	if fields != nil {
		actions = append(actions, Action{Op: OpUpdateFields, Fields: fields})
	}
	actions = append(actions, pl.groupActions(cur, want, managed, false)...)
	if office.ID != user.OfficeID {
		actions = append(actions, Action{Op: OpMoveOffice, Office: &OfficeChange{
			From: pl.officeRef(user.OfficeID), To: OfficeRef{office.ID, office.Name}}})
	}
	if p.License != "" && p.License != user.License {
		actions = append(actions, Action{Op: OpSetLicense, License: &LicenseChange{From: user.License, To: p.License}})
	}
	return kind, append(actions, pl.groupActions(cur, want, managed, true)...)
}

// settings plans the caller id, E911 address, coaching team and
// do-not-disturb of p, whose user is user (nil for one to create) on the
// lists cur.
func (pl *planner) settings(p *Person, user *dialpad.User, team *groupInfo, cur []membership) []Action {
	var out []Action
	var id dialpad.ID
	if user != nil {
		id = user.ID
	}
	if p.CallerID != "" {
		if from := pl.ix.snap.CallerIDs[id]; user == nil || from != p.CallerID {
			out = append(out, Action{Op: OpSetCallerID, Value: &ValueChange{From: from, To: p.CallerID}})
		}
	}
	if p.E911 != nil {
		from := pl.ix.snap.E911[id]
		if user == nil {
			from = nil
		}
		if from == nil || !sameAddress(from, p.E911) {
			out = append(out, Action{Op: OpSetE911, E911: &E911Change{From: from, To: *p.E911}})
		}
	}
	if team != nil {
		if a, ok := pl.coachingAction(p, user, team, cur); ok {
			out = append(out, a)
		}
	}
	if p.DoNotDisturb != nil {
		from := onOff(user != nil && user.DoNotDisturb)
		if to := onOff(*p.DoNotDisturb); user == nil && to == "on" || user != nil && to != from {
			out = append(out, Action{Op: OpSetDoNotDisturb, Value: &ValueChange{From: from, To: to}})
		}
	}
	return out
}

// coachingAction plans p joining team, or taking another role in it, when
// user (nil for one to create) on the lists cur does not have the role p
// wants. ok is false when there is nothing to do.
func (pl *planner) coachingAction(p *Person, user *dialpad.User, team *groupInfo, cur []membership) (Action, bool) {
	role := dialpad.GroupRole(cmp.Or(p.CoachingRole, dialpad.CoachingRoleTrainee))
	var have dialpad.GroupRole
	for _, m := range cur {
		if m.group.key == team.key {
			have = m.role
		}
	}
	if user != nil {
		for _, m := range pl.ix.memberOf[user.ID] {
			if m.group.key == team.key {
				have = m.role
			}
		}
	}
	if have == role {
		return Action{}, false
	}
	return groupAction(OpJoinCoachingTeam, team, have, role), true
}

// onOff words a switch.
func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// sameAddress compares two E911 addresses without regard to case (Dialpad
// stores them upper-cased).
func sameAddress(a, b *dialpad.E911Address) bool {
	return strings.EqualFold(a.Address, b.Address) && strings.EqualFold(a.Address2, b.Address2) &&
		strings.EqualFold(a.City, b.City) && strings.EqualFold(a.State, b.State) &&
		strings.EqualFold(a.Zip, b.Zip) && strings.EqualFold(a.Country, b.Country)
}

// offboard plans a leaver's change: off every operator list (call
// centers, then departments, then office main lines), then its numbers
// released (for a delete, or with ReleaseNumbers), then its desk phones
// deleted (for a delete), then the user suspended or deleted. ok is false
// when there is nothing to do.
func (pl *planner) offboard(u *dialpad.User, email string, line int, del bool, reason string) (Change, bool) {
	ch := Change{Kind: KindSuspend, Email: email, UserID: u.ID, Line: line, Reason: reason}
	if del {
		ch.Kind = KindDelete
	}
	for _, m := range pl.ix.memberOf[u.ID] {
		if slices.Contains(memberOrder, m.group.key.Type) {
			ch.Actions = append(ch.Actions, groupAction(OpLeaveGroup, m.group, m.role, ""))
		}
	}
	if del || pl.scope.ReleaseNumbers {
		for _, n := range u.PhoneNumbers {
			ch.Actions = append(ch.Actions, Action{Op: OpUnassignNumber, Value: &ValueChange{From: n}})
		}
	}
	switch {
	case del:
		for _, d := range pl.ix.snap.DeskPhones[u.ID] {
			ch.Actions = append(ch.Actions, Action{Op: OpDeleteDeskPhone, DeskPhone: &DeskPhoneRef{ID: d.ID, Name: d.Name}})
		}
		ch.Actions = append(ch.Actions, Action{Op: OpDelete, State: &StateChange{From: u.State, To: dialpad.UserStateDeleted}})
	case u.State == dialpad.UserStateActive || u.State == dialpad.UserStatePending:
		ch.Actions = append(ch.Actions, Action{Op: OpSuspend, State: &StateChange{From: u.State, To: dialpad.UserStateSuspended}})
	}
	return ch, len(ch.Actions) > 0
}

// groupActions returns the membership actions that run before the license
// changes (late false: leaving a group, and a call center's operator
// taking another role, which may free the user's call-center license) or
// after it (late true: joining, and other role changes, which may need the
// new license). Only the kinds in managed are touched.
func (pl *planner) groupActions(cur []membership, want map[groupKey]dialpad.GroupRole, managed map[dialpad.GroupType]bool, late bool) []Action {
	var out []Action
	have := make(map[groupKey]dialpad.GroupRole, len(cur))
	for _, m := range cur {
		if !managed[m.group.key.Type] {
			continue
		}
		have[m.group.key] = m.role
		to, keep := want[m.group.key]
		switch {
		case !keep && !late:
			out = append(out, groupAction(OpLeaveGroup, m.group, m.role, ""))
		case keep && to != m.role && late != (m.group.key.Type == dialpad.GroupTypeCallCenter && m.role == dialpad.GroupRoleOperator):
			out = append(out, groupAction(OpJoinGroup, m.group, m.role, to))
		}
	}
	if !late {
		return out
	}
	var joins []*groupInfo
	for k := range want {
		if _, ok := have[k]; !ok {
			joins = append(joins, pl.ix.groups[k])
		}
	}
	slices.SortFunc(joins, compareGroups)
	for _, g := range joins {
		out = append(out, groupAction(OpJoinGroup, g, "", want[g.key]))
	}
	return out
}

func groupAction(op Op, g *groupInfo, from, to dialpad.GroupRole) Action {
	return Action{Op: op, Group: &GroupChange{Type: g.key.Type, ID: g.key.ID, Name: g.name, From: from, To: to}}
}

// missing plans the users in scope whom no person of the roster matched
// (ModeSync): each is offboarded, and suspended or deleted.
func (pl *planner) missing() {
	sc := pl.scope
	for _, u := range pl.ix.snap.Users {
		if pl.matched[u.ID] || !sc.has(u) {
			continue
		}
		if !sc.DeleteMissing && u.State != dialpad.UserStateActive && u.State != dialpad.UserStatePending {
			continue // already suspended (or cancelled): offboarded before
		}
		ch, ok := pl.offboard(u, firstEmail(u), 0, sc.DeleteMissing, "not in roster")
		if !ok {
			continue
		}
		if sc.isProtected(u) {
			pl.plan.Spared = append(pl.plan.Spared, Spared{Email: ch.Email, UserID: u.ID, Reason: "would be " + map[ChangeKind]string{KindSuspend: "suspended", KindDelete: "deleted"}[ch.Kind] + ": not in roster"})
			continue
		}
		pl.plan.Changes = append(pl.plan.Changes, ch)
	}
}

// officeRef names an office by id, with its name when the snapshot has it.
func (pl *planner) officeRef(id dialpad.ID) OfficeRef {
	if o := pl.ix.offices[id]; o != nil {
		return OfficeRef{id, o.Name}
	}
	return OfficeRef{ID: id}
}

// firstEmail is a user's first email, or its id when it has none.
func firstEmail(u *dialpad.User) string {
	if len(u.Emails) > 0 {
		return u.Emails[0]
	}
	return "user-" + u.ID.String()
}
