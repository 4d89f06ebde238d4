package roster

import (
	"context"
	"errors"
	"fmt"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// Plan is what it takes to make Dialpad match a roster: one Change per
// person (or per user missing from the roster) that is not already as
// wanted, each a list of Actions, plus the scope and limits it was made
// under. Make one with NewPlan (or PlanFrom), review it with WriteText,
// save it with json.Marshal and load it again with ReadPlan, and carry it
// out with Apply, which does exactly what it lists and nothing else.
//
// A Plan's fields are exported for inspection; a plan edited by hand is
// checked again by ReadPlan and Apply, but nothing stops an edit from
// asking for something the roster never said.
type Plan struct {
	// Scope is what the roster governs, as resolved when planning.
	Scope Scope `json:"scope"`
	// InScope counts the users in scope (every state but deleted) when
	// planning; the removal limit is a share of it.
	InScope int `json:"in_scope"`
	// Unchanged counts the people of the roster already as wanted.
	Unchanged int `json:"unchanged"`
	// MaxRemovals is the most users the plan may suspend or delete: see
	// PlanOptions.MaxRemovals and DefaultMaxRemovals. Apply refuses a plan
	// with more, unless ApplyOptions.AllowMassRemoval is set.
	MaxRemovals int `json:"max_removals"`
	// Changes are the changes, creates first, then reactivations, updates,
	// suspensions and deletions, each group ordered by email.
	Changes []Change `json:"changes"`
	// Spared are the protected users the plan would otherwise have
	// suspended or deleted, left alone.
	Spared []Spared `json:"spared,omitempty"`
}

// Scope is what a roster governs. Users outside it are never touched, and
// a person of the roster outside it is an error.
type Scope struct {
	// Offices are the offices governed; empty means every office.
	Offices []OfficeRef `json:"offices,omitempty"`
	// EmailDomains are the email domains governed (lower case); empty
	// means every domain. A user is in them when its first email is.
	EmailDomains []string `json:"email_domains,omitempty"`
	// Protected are emails (lower case) that are never suspended or
	// deleted.
	Protected []string `json:"protected,omitempty"`
	// DeleteMissing is PlanOptions.DeleteMissing: users in scope who are
	// missing from the roster are deleted rather than suspended.
	DeleteMissing bool `json:"delete_missing,omitempty"`
}

// OfficeRef names an office by id, with its name for people to read.
type OfficeRef struct {
	// ID is the office's id, which is what Apply uses.
	ID dialpad.ID `json:"id"`
	// Name is the office's name when the plan was made, for reading.
	Name string `json:"name"`
}

// String returns the office's name, or its id when it has none.
func (o OfficeRef) String() string {
	if o.Name != "" {
		return o.Name
	}
	return o.ID.String()
}

// Spared is a protected user the plan left alone.
type Spared struct {
	// Email and UserID name the user.
	Email  string     `json:"email"`
	UserID dialpad.ID `json:"user_id"`
	// Reason says what the plan would have done without the protection.
	Reason string `json:"reason"`
}

// ChangeKind sums up what a Change does to a person.
type ChangeKind string

// The kinds of change, in the order a plan lists them.
const (
	// KindCreate creates a user for a person who has none.
	KindCreate ChangeKind = "create"
	// KindReactivate reactivates a suspended user, and may update it too.
	KindReactivate ChangeKind = "reactivate"
	// KindUpdate changes an existing user: fields, office, license or
	// memberships.
	KindUpdate ChangeKind = "update"
	// KindSuspend suspends a user missing from the roster or suspended in
	// it.
	KindSuspend ChangeKind = "suspend"
	// KindDelete deletes a user missing from the roster
	// (PlanOptions.DeleteMissing).
	KindDelete ChangeKind = "delete"
)

var kindOrder = map[ChangeKind]int{KindCreate: 0, KindReactivate: 1, KindUpdate: 2, KindSuspend: 3, KindDelete: 4}

// Change is what a plan does to one person's user, as a list of actions
// applied in order.
type Change struct {
	// Kind sums the change up.
	Kind ChangeKind `json:"kind"`
	// Email is the person's email (the user's first one for a user
	// missing from the roster).
	Email string `json:"email"`
	// UserID is the user changed; zero for KindCreate.
	UserID dialpad.ID `json:"user_id,omitempty"`
	// Line is the person's line in the roster, zero when not from a file
	// or not in the roster.
	Line int `json:"line,omitempty"`
	// Reason says why a user is suspended or deleted: "not in roster" or
	// "suspended in roster".
	Reason string `json:"reason,omitempty"`
	// Actions are the API calls to make, in order.
	Actions []Action `json:"actions"`
}

// Op is one kind of action: one API call (two or more for OpCreate).
type Op string

// The operations an action may be. Within a change they run in this order,
// except that a call center's operator who takes another role there does
// so (an OpJoinGroup) together with the OpLeaveGroup actions, before a
// license change that the operator role would forbid.
const (
	// OpCreate creates the user with lifecycle.Onboard (which also gives
	// it a number).
	OpCreate Op = "create"
	// OpReactivate sets the state to active (Users.Update).
	OpReactivate Op = "reactivate"
	// OpUpdateFields sets names, job title or extension (Users.Update).
	OpUpdateFields Op = "update_fields"
	// OpLeaveGroup takes the user off a group's operators (RemoveOperator).
	OpLeaveGroup Op = "leave_group"
	// OpMoveOffice moves the user to another office (Users.MoveOffice).
	OpMoveOffice Op = "move_office"
	// OpSetLicense changes the license (Users.Update).
	OpSetLicense Op = "set_license"
	// OpJoinGroup adds the user to a group's operators, or changes its
	// role there (AddOperator).
	OpJoinGroup Op = "join_group"
	// OpSuspend sets the state to suspended (Users.Update).
	OpSuspend Op = "suspend"
	// OpDelete deletes the user (Users.Delete).
	OpDelete Op = "delete"
)

// Action is one step of a change. Exactly one of its detail fields is set,
// the one its Op uses. Each records the value the plan read (From) as well
// as the one it wants (To): Apply acts only while Dialpad still shows From,
// skips the action when it already shows To, and calls it stale otherwise.
type Action struct {
	// Op is the kind of action.
	Op Op `json:"op"`
	// Create is set for OpCreate.
	Create *NewUser `json:"create,omitempty"`
	// Fields is set for OpUpdateFields: one entry per field changed.
	Fields []FieldChange `json:"fields,omitempty"`
	// State is set for OpReactivate, OpSuspend and OpDelete (whose To is
	// dialpad.UserStateDeleted).
	State *StateChange `json:"state,omitempty"`
	// Office is set for OpMoveOffice.
	Office *OfficeChange `json:"office,omitempty"`
	// License is set for OpSetLicense.
	License *LicenseChange `json:"license,omitempty"`
	// Group is set for OpJoinGroup and OpLeaveGroup.
	Group *GroupChange `json:"group,omitempty"`
}

// NewUser is the user an OpCreate creates.
type NewUser struct {
	// FirstName and LastName are the person's names, if given.
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	// Office is the office the user is created in.
	Office OfficeRef `json:"office"`
	// License is the license asked for; empty means Dialpad's default,
	// talk.
	License dialpad.License `json:"license,omitempty"`
	// Number, AreaCode and NoNumber are the person's number wish (see
	// Person).
	Number   string `json:"number,omitempty"`
	AreaCode string `json:"area_code,omitempty"`
	NoNumber bool   `json:"no_number,omitempty"`
}

// FieldChange is one user field an OpUpdateFields changes: first_name,
// last_name, job_title or extension.
type FieldChange struct {
	// Field is the field's JSON name.
	Field string `json:"field"`
	// From is its value when the plan was made; To the value wanted.
	From string `json:"from"`
	To   string `json:"to"`
}

// StateChange is a change of a user's state.
type StateChange struct {
	// From is the state when the plan was made; To the state wanted.
	From dialpad.UserState `json:"from"`
	To   dialpad.UserState `json:"to"`
}

// OfficeChange is a move from one office to another.
type OfficeChange struct {
	// From is the office when the plan was made; To the office wanted.
	From OfficeRef `json:"from"`
	To   OfficeRef `json:"to"`
}

// LicenseChange is a change of license.
type LicenseChange struct {
	// From is the license when the plan was made; To the license wanted.
	From dialpad.License `json:"from"`
	To   dialpad.License `json:"to"`
}

// GroupChange is a change of a user's place in a call center or
// department. An empty From joins the group; an empty To leaves it;
// otherwise the role changes.
type GroupChange struct {
	// Type is dialpad.GroupTypeCallCenter or dialpad.GroupTypeDepartment.
	Type dialpad.GroupType `json:"type"`
	// ID is the group's id; Name its name when the plan was made.
	ID   dialpad.ID `json:"id"`
	Name string     `json:"name"`
	// From is the user's role there when the plan was made ("" for none);
	// To the role wanted ("" to leave).
	From dialpad.GroupRole `json:"from,omitempty"`
	To   dialpad.GroupRole `json:"to,omitempty"`
}

// PlanOptions say what a roster governs and how far a plan may go.
type PlanOptions struct {
	// Offices limits the scope to these offices, by name or id. Empty
	// means every office.
	Offices []string
	// EmailDomains limits the scope to users whose first email is in
	// these domains ("example.com"). Empty means every domain.
	EmailDomains []string
	// Protected lists emails that are never suspended or deleted, whatever
	// the roster says (admins, service accounts, the API key's owner).
	Protected []string
	// DeleteMissing deletes users in scope who are missing from the
	// roster, instead of suspending them. Deleting frees their license
	// seats and numbers, and cannot be undone; people the roster lists as
	// suspended are only ever suspended.
	DeleteMissing bool
	// MaxRemovals is the most users the plan may suspend or delete before
	// Apply refuses it. Zero means DefaultMaxRemovals of the users in
	// scope; raise it (or set ApplyOptions.AllowMassRemoval) for a real
	// mass departure.
	MaxRemovals int
}

// DefaultMaxRemovals is the removal limit of a plan unless
// PlanOptions.MaxRemovals says otherwise: 10% of the users in scope,
// rounded up, and never more than 25. A plan that would suspend or delete
// more than that many users is refused by Apply: a roster truncated by a
// failed export (half the company missing) must not empty the company,
// and even a small share of a large company is more than one day's
// departures.
//
//	in scope:      0   5  10  40  100  250  1000  10000
//	max removals:  0   1   1   4   10   25    25     25
func DefaultMaxRemovals(inScope int) int {
	return min(25, (max(inScope, 0)+9)/10)
}

// ErrTooManyRemovals is returned (wrapped) by Apply and Plan.CheckRemovals
// for a plan that would suspend or delete more users than its
// MaxRemovals.
var ErrTooManyRemovals = errors.New("roster: the plan suspends or deletes too many users")

// errNilClient fails a call given no client, rather than panicking.
var errNilClient = errors.New("roster: nil *dialpad.Client")

// NewPlan reads Dialpad's current state in bulk (see Fetch; the groups of a
// kind are read only when some person lists memberships of that kind) and
// returns the plan that makes it match desired, under opts. It sends no
// request that changes anything.
//
// The roster's problems (a bad field, a duplicate email, an unknown office
// or group, a person or user outside the scope, a call-center operator
// without a call-center license) are all reported at once as *RowError
// values joined with errors.Join, and no plan is returned. A plan that
// removes more users than allowed is returned all the same, for review:
// Apply refuses it (see CheckRemovals).
//
// The name is NewPlan, not Plan, because Plan is the type.
func NewPlan(ctx context.Context, c *dialpad.Client, desired []Person, opts PlanOptions) (*Plan, error) {
	if c == nil {
		return nil, errNilClient
	}
	var needCC, needDept bool
	for i := range desired {
		needCC = needCC || desired[i].CallCenters != nil
		needDept = needDept || desired[i].Departments != nil
	}
	snap, err := fetch(ctx, c, needCC, needDept)
	if err != nil {
		return nil, err
	}
	return PlanFrom(snap, desired, opts)
}

// CheckRemovals returns an error wrapping ErrTooManyRemovals when the plan
// suspends or deletes more users than p.MaxRemovals.
func (p *Plan) CheckRemovals() error {
	if n := p.Removals(); n > p.MaxRemovals {
		return fmt.Errorf("%w: %d of the %d users in scope, more than the limit of %d (raise PlanOptions.MaxRemovals, or set ApplyOptions.AllowMassRemoval)",
			ErrTooManyRemovals, n, p.InScope, p.MaxRemovals)
	}
	return nil
}

// Removals counts the users the plan suspends or deletes.
func (p *Plan) Removals() int { return p.Count(KindSuspend) + p.Count(KindDelete) }

// Count counts the changes of a kind.
func (p *Plan) Count(k ChangeKind) int {
	n := 0
	for i := range p.Changes {
		if p.Changes[i].Kind == k {
			n++
		}
	}
	return n
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return len(p.Changes) == 0 }
