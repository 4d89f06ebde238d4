package roster

import (
	"context"
	"errors"
	"sync"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// Snapshot is Dialpad's side of a plan: what Fetch read, in bulk, from
// list operations only. PlanFrom computes a plan from it without sending
// anything, so a snapshot can also be built by hand (in a test, or from
// an export).
type Snapshot struct {
	// Users are the company's users in every state but deleted.
	Users []*dialpad.User
	// Offices are the company's offices.
	Offices []*dialpad.Office
	// CallCenters and Departments are the company's groups; they may be
	// left empty when the roster manages no memberships of that kind.
	CallCenters []*dialpad.CallCenter
	Departments []*dialpad.Department
	// CallCenterMembers and DepartmentMembers hold each group's operator
	// list (users only), by group id.
	CallCenterMembers map[dialpad.ID][]Member
	DepartmentMembers map[dialpad.ID][]Member
}

// Member is a user on a group's operator list, with its role there.
type Member struct {
	// UserID is the user.
	UserID dialpad.ID
	// Role is the user's role in the group, as the user's group_details
	// give it (dialpad.GroupRoleOperator when they do not say).
	Role dialpad.GroupRole
}

// fetchWorkers is how many operator lists are read at once. The client's
// limiters set the pace; a few requests in flight hide the latency.
const fetchWorkers = 4

// Fetch reads everything a plan needs, with list operations only: every
// user but deleted ones (Users.List with dialpad.UserStateAll, 100 per
// page), the offices, the call centers and departments, and the operator
// list of each group (one ListOperators call per group). Reading
// 10,000 users takes 100 requests, plus the office and group pages and one
// request per group.
func Fetch(ctx context.Context, c *dialpad.Client) (*Snapshot, error) {
	return fetch(ctx, c, true, true)
}

// fetch is Fetch, reading the groups of a kind only when wanted.
func fetch(ctx context.Context, c *dialpad.Client, callCenters, departments bool) (*Snapshot, error) {
	if c == nil {
		return nil, errNilClient
	}
	snap := &Snapshot{
		CallCenterMembers: map[dialpad.ID][]Member{},
		DepartmentMembers: map[dialpad.ID][]Member{},
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		userErr  error
		groupErr error
	)
	wg.Go(func() {
		snap.Users, userErr = listUsers(ctx, c)
		if userErr != nil {
			cancel()
		}
	})
	wg.Go(func() {
		groupErr = fetchOrg(ctx, c, snap, callCenters, departments)
		if groupErr != nil {
			cancel()
		}
	})
	wg.Wait()
	if err := errors.Join(userErr, groupErr); err != nil {
		return nil, err
	}
	return snap, nil
}

// listUsers lists every user that is not deleted.
func listUsers(ctx context.Context, c *dialpad.Client) ([]*dialpad.User, error) {
	var out []*dialpad.User
	for u, err := range c.Users.List(ctx, &dialpad.UserListOptions{State: dialpad.UserStateAll}) {
		if err != nil {
			return nil, err
		}
		if u.State != dialpad.UserStateDeleted {
			out = append(out, u)
		}
	}
	return out, nil
}

// fetchOrg reads the offices, the groups wanted and their operator lists.
func fetchOrg(ctx context.Context, c *dialpad.Client, snap *Snapshot, callCenters, departments bool) error {
	for o, err := range c.Offices.List(ctx, nil) {
		if err != nil {
			return err
		}
		snap.Offices = append(snap.Offices, o)
	}
	var groups []groupKey
	if callCenters {
		for g, err := range c.CallCenters.List(ctx, nil) {
			if err != nil {
				return err
			}
			snap.CallCenters = append(snap.CallCenters, g)
			groups = append(groups, groupKey{dialpad.GroupTypeCallCenter, g.ID})
		}
	}
	if departments {
		for g, err := range c.Departments.List(ctx, nil) {
			if err != nil {
				return err
			}
			snap.Departments = append(snap.Departments, g)
			groups = append(groups, groupKey{dialpad.GroupTypeDepartment, g.ID})
		}
	}
	members, err := listMembers(ctx, c, groups)
	if err != nil {
		return err
	}
	for k, ms := range members {
		if k.Type == dialpad.GroupTypeCallCenter {
			snap.CallCenterMembers[k.ID] = ms
		} else {
			snap.DepartmentMembers[k.ID] = ms
		}
	}
	return nil
}

// groupKey names a call center or department.
type groupKey struct {
	Type dialpad.GroupType
	ID   dialpad.ID
}

// listMembers reads the operator lists of groups, fetchWorkers at a time.
func listMembers(ctx context.Context, c *dialpad.Client, groups []groupKey) (map[groupKey][]Member, error) {
	out := make(map[groupKey][]Member, len(groups))
	if len(groups) == 0 {
		return out, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	next := make(chan groupKey)
	for range min(fetchWorkers, len(groups)) {
		wg.Go(func() {
			for g := range next {
				var (
					ops *dialpad.Operators
					err error
				)
				if g.Type == dialpad.GroupTypeCallCenter {
					ops, err = c.CallCenters.ListOperators(ctx, g.ID)
				} else {
					ops, err = c.Departments.ListOperators(ctx, g.ID)
				}
				mu.Lock()
				if err != nil {
					if first == nil {
						first = err
						cancel()
					}
				} else {
					out[g] = membersOf(g, ops)
				}
				mu.Unlock()
			}
		})
	}
	for _, g := range groups {
		select {
		case next <- g:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	if first != nil {
		return nil, first
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
