package roster

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// Snapshot is Dialpad's side of a plan: what Fetch (or NewPlan) read,
// from list operations in bulk, plus a few reads per person where Dialpad
// has no list (a caller id, an E911 address, a leaver's desk phones).
// PlanFrom computes a plan from it without sending anything, so a snapshot
// can also be built by hand (in a test, or from an export).
type Snapshot struct {
	// Users are the company's users in every state but deleted (in
	// ModeBatch with few people, only the users with their emails).
	Users []*dialpad.User
	// Offices are the company's offices.
	Offices []*dialpad.Office
	// CallCenters and Departments are the company's groups.
	CallCenters []*dialpad.CallCenter
	Departments []*dialpad.Department
	// CallCenterMembers and DepartmentMembers hold each group's operator
	// list (users only), by group id; they may be left empty when the
	// roster manages no memberships of that kind. A user's memberships
	// are also taken from its group_details.
	CallCenterMembers map[dialpad.ID][]Member
	DepartmentMembers map[dialpad.ID][]Member
	// CoachingTeams are the company's coaching teams, and
	// CoachingMembers each team's members with their coaching role (as a
	// dialpad.GroupRole holding "coach" or "trainee"); read only when
	// some person names a coaching team.
	CoachingTeams   []*dialpad.CoachingTeam
	CoachingMembers map[dialpad.ID][]Member
	// CallerIDs and E911 hold the caller id and emergency address of the
	// users whose person sets them, by user id; a user missing here is
	// taken to have none.
	CallerIDs map[dialpad.ID]string
	E911      map[dialpad.ID]*dialpad.E911Address
	// DeskPhones holds the desk phones of the users a plan deletes, by
	// user id; NewPlan reads them once it knows who is deleted.
	DeskPhones map[dialpad.ID][]*dialpad.DeskPhone
}

// Member is a user on a group's operator list, with its role there.
type Member struct {
	// UserID is the user.
	UserID dialpad.ID
	// Role is the user's role in the group, as the user's group_details
	// give it (dialpad.GroupRoleOperator when they do not say).
	Role dialpad.GroupRole
}

// fetchWorkers is how many per-group or per-user reads run at once. The
// client's limiters set the pace; a few requests in flight hide the
// latency.
const fetchWorkers = 4

// smallBatch is the largest ModeBatch roster whose users NewPlan looks up
// by email (one request each) rather than by listing every user (one
// request per 100 users).
const smallBatch = 20

// Fetch reads everything a ModeSync plan of people with memberships
// needs: every user but deleted ones (Users.List with
// dialpad.UserStateAll, 100 per page), the offices, the call centers and
// departments, and the operator list of each group (one ListOperators
// call per group). Reading 10,000 users takes 100 requests, plus the
// office and group pages and one request per group.
func Fetch(ctx context.Context, c *dialpad.Client) (*Snapshot, error) {
	return fetch(ctx, c, nil, PlanOptions{Mode: ModeSync}, true)
}

// reader reports what a fetch reads, one event at a time.
type reader struct {
	mu       sync.Mutex
	progress func(Event)
	start    time.Time
	now      func() time.Time
}

// pageSize is the page size of Dialpad's lists (the SDK's default).
const pageSize = 100

// read reports that n items of what (out of total, when known, else 0)
// have been read; a list reports once per page of pageSize, and at its
// end (last).
func (r *reader) read(what string, n, total int, last bool) {
	if r == nil || r.progress == nil || (total == 0 && n%pageSize != 0 && !last) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e := Event{Stage: StageRead, What: what, Items: n, Total: total, Last: last, Elapsed: r.now().Sub(r.start)}
	if total == 0 {
		e.Pages = max(1, (n+pageSize-1)/pageSize)
	}
	r.progress(e)
}

// collect drains a list iterator, reporting its pages.
func collect[T any](r *reader, what string, seq iter.Seq2[*T, error]) ([]*T, error) {
	var out []*T
	for v, err := range seq {
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", what, err)
		}
		out = append(out, v)
		r.read(what, len(out), 0, false)
	}
	r.read(what, len(out), 0, true)
	return out, nil
}

// fetch reads what a plan of desired under opts needs; full forces the
// full reads of Fetch.
func fetch(ctx context.Context, c *dialpad.Client, desired []Person, opts PlanOptions, full bool) (*Snapshot, error) {
	if c == nil {
		return nil, errNilClient
	}
	rd := &reader{progress: opts.Progress, now: time.Now, start: time.Now()}
	var needCC, needDept, needCoaching bool
	for i := range desired {
		needCC = needCC || desired[i].CallCenters != nil
		needDept = needDept || desired[i].Departments != nil
		needCoaching = needCoaching || desired[i].CoachingTeam != ""
	}
	snap := &Snapshot{
		CallCenterMembers: map[dialpad.ID][]Member{},
		DepartmentMembers: map[dialpad.ID][]Member{},
		CoachingMembers:   map[dialpad.ID][]Member{},
		CallerIDs:         map[dialpad.ID]string{},
		E911:              map[dialpad.ID]*dialpad.E911Address{},
		DeskPhones:        map[dialpad.ID][]*dialpad.DeskPhone{},
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		userErr  error
		groupErr error
	)
	wg.Go(func() {
		if !full && opts.Mode != ModeSync && len(desired) <= smallBatch {
			snap.Users, userErr = usersByEmail(ctx, c, rd, desired)
		} else {
			snap.Users, userErr = listUsers(ctx, c, rd)
		}
		if userErr != nil {
			cancel()
		}
	})
	wg.Go(func() {
		groupErr = fetchOrg(ctx, c, rd, snap, full || needCC, full || needDept, needCoaching)
		if groupErr != nil {
			cancel()
		}
	})
	wg.Wait()
	if err := errors.Join(userErr, groupErr); err != nil {
		return nil, err
	}
	if err := fetchSettings(ctx, c, rd, snap, desired); err != nil {
		return nil, err
	}
	return snap, nil
}

// listUsers lists every user that is not deleted.
func listUsers(ctx context.Context, c *dialpad.Client, rd *reader) ([]*dialpad.User, error) {
	users, err := collect(rd, "users", c.Users.List(ctx, &dialpad.UserListOptions{State: dialpad.UserStateAll}))
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(users, func(u *dialpad.User) bool { return u.State == dialpad.UserStateDeleted }), nil
}

// usersByEmail looks up the users of a few people by email, one list call
// each.
func usersByEmail(ctx context.Context, c *dialpad.Client, rd *reader, desired []Person) ([]*dialpad.User, error) {
	seen := map[dialpad.ID]bool{}
	var out []*dialpad.User
	for i := range desired {
		e := strings.TrimSpace(desired[i].Email)
		if !isEmail(e) {
			continue // PlanFrom reports it
		}
		for u, err := range c.Users.List(ctx, &dialpad.UserListOptions{State: dialpad.UserStateAll, Email: e}) {
			if err != nil {
				return nil, fmt.Errorf("reading users: %w", err)
			}
			if u.State != dialpad.UserStateDeleted && !seen[u.ID] {
				seen[u.ID] = true
				out = append(out, u)
			}
		}
		rd.read("users by email", i+1, len(desired), i == len(desired)-1)
	}
	return out, nil
}

// fetchOrg reads the offices, the groups and the operator lists wanted,
// and the coaching teams.
func fetchOrg(ctx context.Context, c *dialpad.Client, rd *reader, snap *Snapshot, ccMembers, deptMembers, coaching bool) error {
	var err error
	if snap.Offices, err = collect(rd, "offices", c.Offices.List(ctx, nil)); err != nil {
		return err
	}
	if snap.CallCenters, err = collect(rd, "call centers", c.CallCenters.List(ctx, nil)); err != nil {
		return err
	}
	if snap.Departments, err = collect(rd, "departments", c.Departments.List(ctx, nil)); err != nil {
		return err
	}
	var groups []groupKey
	if ccMembers {
		for _, g := range snap.CallCenters {
			groups = append(groups, groupKey{dialpad.GroupTypeCallCenter, g.ID})
		}
	}
	if deptMembers {
		for _, g := range snap.Departments {
			groups = append(groups, groupKey{dialpad.GroupTypeDepartment, g.ID})
		}
	}
	if coaching {
		if snap.CoachingTeams, err = collect(rd, "coaching teams", c.CoachingTeams.List(ctx, nil)); err != nil {
			return err
		}
		for _, t := range snap.CoachingTeams {
			groups = append(groups, groupKey{GroupTypeCoachingTeam, t.ID})
		}
	}
	members, err := listMembers(ctx, c, rd, groups)
	if err != nil {
		return err
	}
	for k, ms := range members {
		switch k.Type {
		case dialpad.GroupTypeCallCenter:
			snap.CallCenterMembers[k.ID] = ms
		case dialpad.GroupTypeDepartment:
			snap.DepartmentMembers[k.ID] = ms
		case GroupTypeCoachingTeam:
			snap.CoachingMembers[k.ID] = ms
		}
	}
	return nil
}

// fetchSettings reads the caller ids and E911 addresses of the existing
// users whose person sets them: Dialpad lists neither.
func fetchSettings(ctx context.Context, c *dialpad.Client, rd *reader, snap *Snapshot, desired []Person) error {
	byEmail := map[string]*dialpad.User{}
	for _, u := range snap.Users {
		for _, e := range u.Emails {
			byEmail[emailKey(e)] = u
		}
	}
	var reads []setting
	for i := range desired {
		p := &desired[i]
		u := byEmail[emailKey(p.Email)]
		if u == nil || p.leaving() {
			continue
		}
		if p.CallerID != "" {
			reads = append(reads, setting{u.ID, OpSetCallerID})
		}
		if p.E911 != nil {
			reads = append(reads, setting{u.ID, OpSetE911})
		}
	}
	return readSettings(ctx, c, reads, snap.CallerIDs, snap.E911, func(n int) {
		rd.read("caller ids and E911 addresses", n, len(reads), n == len(reads))
	})
}

// setting is a user's setting that Dialpad does not list: a caller id
// (OpSetCallerID) or an E911 address (OpSetE911).
type setting struct {
	id dialpad.ID
	op Op
}

// readSettings reads settings, fetchWorkers at a time, into callerIDs and
// e911 (nil for a user without an address); done, when set, is told how
// many reads have ended after each one.
func readSettings(ctx context.Context, c *dialpad.Client, settings []setting,
	callerIDs map[dialpad.ID]string, e911 map[dialpad.ID]*dialpad.E911Address, done func(n int)) error {
	var mu sync.Mutex
	n := 0
	return each(ctx, len(settings), func(ctx context.Context, i int) error {
		s := settings[i]
		var (
			cid  *dialpad.CallerID
			addr *dialpad.E911Address
			err  error
		)
		if s.op == OpSetCallerID {
			if cid, err = c.Users.GetCallerID(ctx, s.id); err != nil {
				return fmt.Errorf("reading the caller id of user %s: %w", s.id, err)
			}
		} else if addr, err = c.E911.Get(ctx, s.id); err != nil && !errors.Is(err, dialpad.ErrNotFound) {
			return fmt.Errorf("reading the E911 address of user %s: %w", s.id, err)
		}
		mu.Lock()
		defer mu.Unlock()
		if s.op == OpSetCallerID {
			callerIDs[s.id] = cid.CallerID
		} else {
			e911[s.id] = addr
		}
		n++
		if done != nil {
			done(n)
		}
		return nil
	})
}

// fetchDeskPhones reads the desk phones of users, by id.
func fetchDeskPhones(ctx context.Context, c *dialpad.Client, snap *Snapshot, users []dialpad.ID) error {
	var mu sync.Mutex
	return each(ctx, len(users), func(ctx context.Context, i int) error {
		phones, err := c.DeskPhones.List(ctx, users[i])
		if err != nil && !errors.Is(err, dialpad.ErrNotFound) {
			return fmt.Errorf("reading the desk phones of user %s: %w", users[i], err)
		}
		mu.Lock()
		snap.DeskPhones[users[i]] = phones
		mu.Unlock()
		return nil
	})
}

// each runs work for 0..n-1, fetchWorkers at a time, and returns the first
// error (after which no new work starts).
func each(ctx context.Context, n int, work func(context.Context, int) error) error {
	if n == 0 {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	next := make(chan int)
	for range min(fetchWorkers, n) {
		wg.Go(func() {
			for i := range next {
				if err := work(ctx, i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
						cancel()
					}
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}

// groupKey names a call center or department.
type groupKey struct {
	Type dialpad.GroupType
	ID   dialpad.ID
}

// listMembers reads the operator lists of groups (and the members of
// coaching teams), fetchWorkers at a time.
func listMembers(ctx context.Context, c *dialpad.Client, rd *reader, groups []groupKey) (map[groupKey][]Member, error) {
	out := make(map[groupKey][]Member, len(groups))
	var mu sync.Mutex
	err := each(ctx, len(groups), func(ctx context.Context, i int) error {
		g := groups[i]
		var (
			ops *dialpad.Operators
			err error
		)
		switch g.Type {
		case dialpad.GroupTypeCallCenter:
			ops, err = c.CallCenters.ListOperators(ctx, g.ID)
		case dialpad.GroupTypeDepartment:
			ops, err = c.Departments.ListOperators(ctx, g.ID)
		case dialpad.GroupTypeOffice:
			ops, err = c.Offices.ListOperators(ctx, g.ID)
		case GroupTypeCoachingTeam:
			var ms []*dialpad.CoachingTeamMember
			ms, err = c.CoachingTeams.ListMembers(ctx, g.ID)
			ops = &dialpad.Operators{}
			for _, m := range ms {
				u := m.User
				u.GroupDetails = []dialpad.GroupDetails{{GroupID: g.ID, GroupType: g.Type, Role: dialpad.GroupRole(m.Role)}}
				ops.Users = append(ops.Users, &u)
			}
		}
		if err != nil {
			return fmt.Errorf("reading the members of %s %s: %w", kindName(g.Type), g.ID, err)
		}
		mu.Lock()
		defer mu.Unlock()
		out[g] = membersOf(g, ops)
		rd.read("operator lists", len(out), len(groups), len(out) == len(groups))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// membersOf turns an operator list into members, taking each user's role
// from its group_details.
func membersOf(g groupKey, ops *dialpad.Operators) []Member {
	ms := make([]Member, 0, len(ops.Users))
	for _, u := range ops.Users {
		if u == nil || u.ID == 0 {
			continue
		}
		role := dialpad.GroupRoleOperator
		for _, d := range u.GroupDetails {
			if d.GroupID == g.ID && (d.GroupType == "" || d.GroupType == g.Type) && d.Role != "" {
				role = d.Role
				break
			}
		}
		ms = append(ms, Member{UserID: u.ID, Role: role})
	}
	return ms
}
