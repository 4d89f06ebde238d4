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
	// Mode is the job's scope: ModeSync or ModeBatch.
	Mode Mode `json:"mode"`
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
	// ReleaseNumbers is PlanOptions.ReleaseNumbers: suspended users give
	// back their numbers too.
	ReleaseNumbers bool `json:"release_numbers,omitempty"`
}

// Mode is the scope of a job: which users a plan may touch.
type Mode string

// The two modes.
const (
	// ModeBatch touches only the people listed: new hires are onboarded,
	// people whose State is suspended or deleted are offboarded, the
	// others updated; a user nobody lists is left alone. It is the mode of
	// a CSV of new hires or of leavers, and of the single-person calls.
	// It is the default, since it can only do what a row asks for.
	ModeBatch Mode = "batch"
	// ModeSync takes the roster as everyone in scope: on top of what
	// ModeBatch does, a user in scope whom no person matches is
	// offboarded (suspended, or deleted with PlanOptions.DeleteMissing),
	// under the removal limit. An empty roster is an error unless
	// PlanOptions.AllowEmpty says it is meant.
	ModeSync Mode = "sync"
)

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
	// KindSuspend offboards a user missing from the roster (ModeSync) or
	// suspended in it, and suspends it.
	KindSuspend ChangeKind = "suspend"
	// KindDelete offboards a user deleted in the roster, or missing from
	// it with PlanOptions.DeleteMissing, and deletes it.
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
	// Reason says why a user is suspended or deleted: "not in roster",
	// "suspended in roster" or "deleted in roster".
	Reason string `json:"reason,omitempty"`
	// Actions are the API calls to make, in order.
	Actions []Action `json:"actions"`
}

// Op is one kind of action: one API call (two for an OpCreate that asks
// for a specific number or area code).
type Op string

// The operations an action may be. Within a change they run in this
// order, except that a call center's operator who takes another role
// there does so (an OpJoinGroup) together with the OpLeaveGroup actions,
// before a license change that the operator role would forbid. An
// offboarding change is its OpLeaveGroup actions (call centers, then
// departments, then office main lines), then OpUnassignNumber, then
// OpDeleteDeskPhone, then OpSuspend or OpDelete.
const (
	// OpCreate creates the user (Users.Create, with auto_assign when
	// Dialpad is to pick the number) and, when a number or area code is
	// asked for, assigns it (Numbers.Assign).
	OpCreate Op = "create"
	// OpReactivate sets the state to active (Users.Update).
	OpReactivate Op = "reactivate"
	// OpUpdateFields sets names, job title or extension (Users.Update).
	OpUpdateFields Op = "update_fields"
	// OpLeaveGroup takes the user off a call center's, department's or
	// office's operators (RemoveOperator).
	OpLeaveGroup Op = "leave_group"
	// OpMoveOffice moves the user to another office (Users.MoveOffice).
	OpMoveOffice Op = "move_office"
	// OpSetLicense changes the license (Users.Update).
	OpSetLicense Op = "set_license"
	// OpJoinGroup adds the user to a group's operators, or changes its
	// role there (AddOperator).
	OpJoinGroup Op = "join_group"
	// OpSetCallerID sets the outbound caller id (Users.SetCallerID).
	OpSetCallerID Op = "set_caller_id"
	// OpSetE911 sets the emergency address (E911.Update).
	OpSetE911 Op = "set_e911"
	// OpJoinCoachingTeam adds the user to a coaching team
	// (CoachingTeams.AddMember).
	OpJoinCoachingTeam Op = "join_coaching_team"
	// OpSetDoNotDisturb turns do-not-disturb on or off
	// (Users.SetDoNotDisturb).
	OpSetDoNotDisturb Op = "set_do_not_disturb"
	// OpUnassignNumber takes a number away from a leaver
	// (Numbers.Unassign).
	OpUnassignNumber Op = "unassign_number"
	// OpDeleteDeskPhone deletes a leaver's desk phone before the user is
	// deleted (DeskPhones.Delete).
	OpDeleteDeskPhone Op = "delete_desk_phone"
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
	// Group is set for OpJoinGroup, OpLeaveGroup and OpJoinCoachingTeam
	// (whose Type is GroupTypeCoachingTeam and roles coaching roles).
	Group *GroupChange `json:"group,omitempty"`
	// Value is set for OpSetCallerID (a number or "blocked"),
	// OpSetDoNotDisturb ("on" or "off") and OpUnassignNumber (the number,
	// To empty).
	Value *ValueChange `json:"value,omitempty"`
	// E911 is set for OpSetE911.
	E911 *E911Change `json:"e911,omitempty"`
	// DeskPhone is set for OpDeleteDeskPhone.
	DeskPhone *DeskPhoneRef `json:"desk_phone,omitempty"`
}

// GroupTypeCoachingTeam is the GroupChange.Type of an OpJoinCoachingTeam.
const GroupTypeCoachingTeam dialpad.GroupType = "coachingteam"

// ValueChange is a change of one setting held as text.
type ValueChange struct {
	// From is the value when the plan was made; To the value wanted.
	From string `json:"from"`
	To   string `json:"to"`
}

// E911Change is a change of emergency address.
type E911Change struct {
	// From is the address on file when the plan was made (nil for none);
	// To the address wanted.
	From *dialpad.E911Address `json:"from,omitempty"`
	To   dialpad.E911Address  `json:"to"`
}

// DeskPhoneRef names a desk phone.
type DeskPhoneRef struct {
	// ID is the desk phone's id; Name its name when the plan was made.
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
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

// requests is how many requests creating u takes.
func (u *NewUser) requests() int {
	if u.Number != "" || u.AreaCode != "" {
		return 2
	}
	return 1
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

// GroupChange is a change of a user's place in a call center, department
// or office operator list, or (OpJoinCoachingTeam) in a coaching team. An empty From joins the group; an empty To leaves it;
// otherwise the role changes.
type GroupChange struct {
	// Type is dialpad.GroupTypeCallCenter, dialpad.GroupTypeDepartment,
	// dialpad.GroupTypeOffice (leaving an office's main line) or
	// GroupTypeCoachingTeam.
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
	// Mode is ModeBatch (the default when empty: only the people listed
	// are touched) or ModeSync (the roster is everyone in scope).
	Mode Mode
	// AllowEmpty lets a ModeSync plan be made from a roster with nobody in
	// it, which offboards everyone in scope (still under the removal
	// limit). Without it an empty sync roster is an error: a CSV that is
	// only a header is much more often a failed export than a company
	// that let everyone go.
	AllowEmpty bool
	// ReleaseNumbers unassigns the numbers of users who are suspended,
	// returning them to the company's inventory; users who are deleted
	// always give back their numbers.
	ReleaseNumbers bool
	// Progress, when set, is told what planning reads as it reads it
	// (StageRead events, one per page): see Event and Printer.
	Progress func(Event)
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
	// scope in ModeSync, and DefaultBatchMaxRemovals in ModeBatch; raise
	// it (or set ApplyOptions.AllowMassRemoval) for a real mass
	// departure.
	MaxRemovals int
}

// DefaultBatchMaxRemovals is the removal limit of a ModeBatch plan unless
// PlanOptions.MaxRemovals says otherwise: every removal of a batch is
// asked for by a row, but a file of leavers longer than a day's departures
// is more likely the wrong file.
const DefaultBatchMaxRemovals = 25

// ErrEmptyRoster is returned (wrapped) by NewPlan and PlanFrom for a
// ModeSync roster with nobody in it, unless PlanOptions.AllowEmpty.
var ErrEmptyRoster = errors.New("roster: the roster is empty")

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

// NewPlan reads Dialpad's current state (see Fetch) and returns the plan
// that makes it match desired, under opts. It sends no request that
// changes anything. In ModeBatch with a few people (up to
// smallBatch), it looks their users up by email instead of listing every
// user, so that onboarding one person costs a handful of requests.
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
	plan, _, err := newPlan(ctx, c, desired, opts)
	return plan, err
}

// newPlan is NewPlan, also returning the index of the snapshot the plan
// was made from (the Watcher learns its scope from it without indexing the
// snapshot again).
func newPlan(ctx context.Context, c *dialpad.Client, desired []Person, opts PlanOptions) (*Plan, *index, error) {
	if c == nil {
		return nil, nil, errNilClient
	}
	if err := checkMode(opts, len(desired)); err != nil {
		return nil, nil, err
	}
	snap, err := fetch(ctx, c, desired, opts, false)
	if err != nil {
		return nil, nil, err
	}
	plan, ix, err := planFrom(snap, desired, opts)
	if err != nil {
		return nil, nil, err
	}
	// A delete takes the user's desk phones with it: read them, now that
	// the plan says who is deleted, and plan again (in memory).
	var deleted []dialpad.ID
	for _, ch := range plan.Changes {
		if ch.Kind == KindDelete {
			deleted = append(deleted, ch.UserID)
		}
	}
	if len(deleted) == 0 {
		return plan, ix, nil
	}
	if err := fetchDeskPhones(ctx, c, snap, deleted); err != nil {
		return nil, nil, err
	}
	return planFrom(snap, desired, opts)
}

// checkMode checks the mode and the roster's size before anything is read.
func checkMode(opts PlanOptions, people int) error {
	switch opts.Mode {
	case "", ModeBatch:
	case ModeSync:
		if people == 0 && !opts.AllowEmpty {
			return fmt.Errorf("%w: a sync with nobody in the roster would offboard everyone in scope (set PlanOptions.AllowEmpty if that is meant)", ErrEmptyRoster)
		}
	default:
		return fmt.Errorf("roster: PlanOptions.Mode: unknown mode %q (want %q or %q)", opts.Mode, ModeBatch, ModeSync)
	}
	return nil
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
