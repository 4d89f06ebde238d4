package roster

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// DefaultConcurrency is how many changes Apply works on at once unless
// ApplyOptions.Concurrency says otherwise.
const DefaultConcurrency = 4

// DefaultRequestsPerSecond is the rate budget Apply estimates times with
// unless ApplyOptions.RequestsPerSecond says otherwise: Dialpad's company
// limit, which a default client keeps to.
const DefaultRequestsPerSecond = 20

// DefaultStatusEvery is how often a long Apply reports a StageStatus event
// unless ApplyOptions.StatusEvery says otherwise.
const DefaultStatusEvery = 5 * time.Second

// ApplyOptions tune Apply.
type ApplyOptions struct {
	// DryRun sends no request that changes anything: Apply still reads the
	// current state (to tell what is already done and what is stale) and
	// checks the seats, and reports what it would do as StatusPlanned.
	DryRun bool
	// Concurrency is how many changes are worked on at once (default
	// DefaultConcurrency); the actions of one change always run one after
	// the other. It bounds goroutines, not the pace: every request waits
	// on the client's rate limiters, which keep the whole run under
	// Dialpad's limits. More than a few only helps against a slow network.
	Concurrency int
	// Progress, when set, is told what Apply reads (StageRead), each
	// action as its outcome is known (StageApply), and, on a long run,
	// done/total with the elapsed time and an estimate of the time left
	// about every StatusEvery (StageStatus). Calls never overlap, so
	// Progress needs no locking; the workers wait while it runs. A
	// Printer's Event method prints them for a command-line tool.
	Progress func(Event)
	// StatusEvery is the interval between StageStatus events (default
	// DefaultStatusEvery).
	StatusEvery time.Duration
	// RequestsPerSecond is the rate budget the estimates of time left are
	// made with (default DefaultRequestsPerSecond); set it to the rate the
	// client is limited to when that is not Dialpad's default.
	RequestsPerSecond float64
	// Now is the clock elapsed times are measured with (default
	// time.Now); tests pass a fake one.
	Now func() time.Time
	// ContinueOnError goes on with the other changes after an action
	// fails. Without it, Apply starts no new change after the first
	// failure (the changes under way finish) and reports the rest as
	// StatusNotRun. Either way the actions after a failed one in the same
	// change are not run.
	ContinueOnError bool
	// Rollback undoes a create whose later action fails: the user this
	// run created is taken off the operator lists it is on, its numbers
	// are unassigned and it is deleted, freeing its seat (Result.RolledBack
	// on the create's result). Without it the user is left as it is, and
	// planning again lists only what is missing.
	Rollback bool
	// FitSeats makes a plan that needs more license seats than an office
	// has free run the changes that fit, in plan order, and leave out the
	// rest (StatusNotRun, whole changes), instead of refusing the plan
	// with a *SeatError.
	FitSeats bool
	// AllowMassRemoval applies a plan that suspends or deletes more users
	// than its MaxRemovals (see DefaultMaxRemovals).
	AllowMassRemoval bool
}

// Status is what became of an action.
type Status string

// Action statuses.
const (
	// StatusDone: the action was carried out.
	StatusDone Status = "done"
	// StatusAlready: Dialpad already shows what the action wanted (an
	// earlier Apply, or someone else, did it); nothing was sent.
	StatusAlready Status = "already"
	// StatusStale: the user changed since the plan was made (Dialpad shows
	// neither the value the plan read nor the one it wants, or the user is
	// gone); the action was skipped rather than overwrite the change.
	// Plan again.
	StatusStale Status = "stale"
	// StatusHeld: another action of the same change is stale, so this one
	// was not sent either: a person's change is applied whole or held
	// whole, never half.
	StatusHeld Status = "held"
	// StatusFailed: the action was sent and failed; Result.Err says why.
	StatusFailed Status = "failed"
	// StatusNotRun: the action was not attempted, because an earlier
	// action of its change failed, or Apply stopped after a failure
	// elsewhere, or the context ended, or ApplyOptions.FitSeats left the
	// change out for want of a seat.
	StatusNotRun Status = "not_run"
	// StatusPlanned: a dry run would carry the action out.
	StatusPlanned Status = "planned"
)

// Result is the outcome of one action of a plan.
type Result struct {
	// Email, Kind and Line are those of the action's change.
	Email string
	Kind  ChangeKind
	Line  int
	// UserID is the user acted on: for a create, the user created (or
	// found), zero when there is none.
	UserID dialpad.ID
	// Action is the action, as planned.
	Action Action
	// Status is what became of it.
	Status Status
	// Detail is a short note: what made an action stale, the user a create
	// made, the fields actually sent.
	Detail string
	// Err is set when Status is StatusFailed. It is or wraps the SDK's
	// error, so errors.Is(r.Err, dialpad.ErrNotFound) works.
	Err error
	// RolledBack is set on a create's result when ApplyOptions.Rollback
	// undid it after a later action of its change failed.
	RolledBack bool
}

// Report is the outcome of Apply: one Result per action of the plan, in
// the plan's order.
type Report struct {
	// Plan is the plan applied.
	Plan *Plan
	// DryRun is true when nothing was changed on purpose.
	DryRun bool
	// Results are the actions' outcomes, in the plan's order.
	Results []Result
}

// ActionError is a failed action, as Report.Err returns it. It unwraps to
// the action's error.
type ActionError struct {
	// Email and Line name the person (Line is zero when unknown).
	Email string
	Line  int
	// Action is the action that failed, as planned.
	Action Action
	// Err is the SDK's error.
	Err error
}

// Error returns "roster: bob@example.com (line 3): set_license (license:
// talk → agents): <cause>".
func (e *ActionError) Error() string {
	line := ""
	if e.Line > 0 {
		line = fmt.Sprintf(" (line %d)", e.Line)
	}
	return fmt.Sprintf("roster: %s%s: %s (%s): %v", e.Email, line, e.Action.Op, e.Action, e.Err)
}

// Unwrap returns the action's error.
func (e *ActionError) Unwrap() error { return e.Err }

// Err returns nil when no action failed, and otherwise the errors.Join of
// one *ActionError per failed action, in plan order.
func (r *Report) Err() error {
	var errs []error
	for _, res := range r.Results {
		if res.Status == StatusFailed {
			errs = append(errs, &ActionError{Email: res.Email, Line: res.Line, Action: res.Action, Err: res.Err})
		}
	}
	return joinLines(errs)
}

// Count counts the actions with a status.
func (r *Report) Count(s Status) int {
	n := 0
	for _, res := range r.Results {
		if res.Status == s {
			n++
		}
	}
	return n
}

// ErrNotEnoughSeats is matched (errors.Is) by the *SeatError Apply returns
// when an office lacks the license seats the plan's creates, moves and
// license changes take.
var ErrNotEnoughSeats = errors.New("roster: not enough license seats")

// SeatError lists the offices and licenses short of seats. Apply returns it
// before changing anything, unless ApplyOptions.FitSeats.
type SeatError struct {
	// Shortfalls are the offices and licenses short of seats, ordered by
	// office id and license.
	Shortfalls []Shortfall
}

// Shortfall is one office and license without enough free seats.
type Shortfall struct {
	// Office and License are where seats lack.
	Office  OfficeRef
	License dialpad.License
	// Need is how many seats the plan takes; Free how many the office has
	// (Offices.AvailableLicenses).
	Need, Free int
}

// Error returns "roster: not enough license seats: Headquarters talk: need
// 5, 3 free (2 short); ... (set ApplyOptions.FitSeats to apply what
// fits)".
func (e *SeatError) Error() string {
	parts := make([]string, len(e.Shortfalls))
	for i, s := range e.Shortfalls {
		parts[i] = fmt.Sprintf("%s %s: need %d, %d free (%d short)", s.Office, s.License, s.Need, s.Free, s.Need-s.Free)
	}
	return ErrNotEnoughSeats.Error() + ": " + strings.Join(parts, "; ") + " (set ApplyOptions.FitSeats to apply what fits)"
}

// Is matches ErrNotEnoughSeats.
func (e *SeatError) Is(target error) bool { return target == ErrNotEnoughSeats }

// Apply carries out exactly the actions of plan, and nothing else, and
// returns one Result per action.
//
// Before it changes anything it:
//
//  1. refuses a plan that removes more users than plan.MaxRemovals (an
//     error wrapping ErrTooManyRemovals), unless opts.AllowMassRemoval;
//  2. reads the current state once: the plan's users (one Users.List
//     pass, 100 per page, or for a small plan one read per user), the
//     operator lists of the groups the plan joins or leaves, and the
//     caller ids and E911 addresses it sets;
//  3. checks each action against it. Every action recorded the value the
//     plan read (From) and the one it wants (To): Dialpad showing To makes
//     it StatusAlready, showing From makes it run, and anything else (or
//     the user gone, or moved out of the plan's scope) makes it
//     StatusStale. A change with a stale action is held whole: its other
//     actions are StatusHeld and nothing of it is sent, so a person's
//     change is never half applied over what someone changed since the
//     plan;
//  4. checks the license seats (Offices.AvailableLicenses, for the offices
//     the remaining creates, moves and license changes take seats in:
//     talk as talk lines, agents as sell lines, lite_support_agents as
//     contact-center lines) and returns a *SeatError with the shortfall
//     if any office lacks them (or, with opts.FitSeats, leaves out the
//     changes that do not fit).
//
// Then it runs the changes, opts.Concurrency at a time, each change's
// actions in order, pacing itself only through the client's rate limiters,
// and reports each outcome to opts.Progress. A removal (from an operator
// list, of a desk phone, of the user) that Dialpad answers 404 is
// StatusAlready: what it was to remove is gone. No action ever acts on a
// zero user id: a create whose answer has no id fails, wrapping
// dialpad.ErrInvalidResponse. A create that fails in a way that may have
// been carried out (a 5xx, a broken connection) is looked up by email
// rather than sent again.
//
// Because of step 3, applying a plan twice does nothing the second time,
// and applying it after a partial failure does only what is left; planning
// again after a failure lists only what is left too. With opts.DryRun,
// nothing that changes state is sent (steps 1 to 4 still run; 2 and 4
// only read).
//
// The error is that of steps 1, 2 or 4 (and the report nil), or else
// Report.Err (joined with the context's error when it ended the run).
func Apply(ctx context.Context, c *dialpad.Client, plan *Plan, opts ApplyOptions) (*Report, error) {
	if c == nil {
		return nil, errNilClient
	}
	if plan == nil {
		return nil, errors.New("roster: nil *Plan")
	}
	if err := plan.validate(); err != nil {
		return nil, err
	}
	if !opts.AllowMassRemoval {
		if err := plan.CheckRemovals(); err != nil {
			return nil, err
		}
	}
	if plan.Empty() {
		return &Report{Plan: plan, DryRun: opts.DryRun, Results: []Result{}}, nil
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	a := &applier{c: c, plan: plan, opts: opts, rep: &Report{Plan: plan, DryRun: opts.DryRun}, scope: plan.Scope.resolve(), start: opts.Now()}
	a.rd = &reader{progress: a.event, now: opts.Now, start: a.start}
	now, err := refresh(ctx, c, a.rd, plan)
	if err != nil {
		return nil, fmt.Errorf("roster: reading the current state: %w", err)
	}
	a.layout()
	for i := range plan.Changes {
		a.resolve(i, now)
	}
	if err := a.checkSeats(ctx, now); err != nil {
		return nil, err
	}
	a.run(ctx)
	if err := ctx.Err(); err != nil && a.rep.Count(StatusNotRun) > 0 {
		return a.rep, errors.Join(a.rep.Err(), err)
	}
	return a.rep, a.rep.Err()
}

// state is Dialpad as Apply reads it before acting.
type state struct {
	byID      map[dialpad.ID]*dialpad.User // deleted users too
	byEmail   map[string][]*dialpad.User   // users that are not deleted
	roles     map[groupKey]map[dialpad.ID]dialpad.GroupRole
	callerIDs map[dialpad.ID]string
	e911      map[dialpad.ID]*dialpad.E911Address
}

// refresh reads the plan's users, the operator lists of the groups the
// plan touches, and the settings it changes that Dialpad does not list.
func refresh(ctx context.Context, c *dialpad.Client, rd *reader, plan *Plan) (*state, error) {
	st := &state{byID: map[dialpad.ID]*dialpad.User{}, byEmail: map[string][]*dialpad.User{},
		callerIDs: map[dialpad.ID]string{}, e911: map[dialpad.ID]*dialpad.E911Address{}}
	if err := st.readUsers(ctx, c, rd, plan); err != nil {
		return nil, err
	}
	groups, settings := st.touched(plan)
	members, err := listMembers(ctx, c, rd, groups)
	if err != nil {
		return nil, err
	}
	st.roles = make(map[groupKey]map[dialpad.ID]dialpad.GroupRole, len(members))
	for k, ms := range members {
		m := make(map[dialpad.ID]dialpad.GroupRole, len(ms))
		for _, x := range ms {
			m[x.UserID] = x.Role
		}
		st.roles[k] = m
	}
	return st, readSettings(ctx, c, settings, st.callerIDs, st.e911, nil)
}

// add records u (by email only when it is not deleted).
func (st *state) add(u *dialpad.User) {
	st.byID[u.ID] = u
	if u.State == dialpad.UserStateDeleted {
		return
	}
	for _, e := range u.Emails {
		k := emailKey(e)
		if !slices.Contains(st.byEmail[k], u) {
			st.byEmail[k] = append(st.byEmail[k], u)
		}
	}
}

// readUsers reads the plan's users: one by one (by id, or by email for a
// create) for a small plan, else every user in one listing.
func (st *state) readUsers(ctx context.Context, c *dialpad.Client, rd *reader, plan *Plan) error {
	if len(plan.Changes) > smallBatch {
		users, err := collect(rd, "users", c.Users.List(ctx, &dialpad.UserListOptions{State: dialpad.UserStateAll}))
		if err != nil {
			return err
		}
		for _, u := range users {
			st.add(u)
		}
		return nil
	}
	for i, ch := range plan.Changes {
		if ch.UserID == 0 {
			for u, err := range c.Users.List(ctx, &dialpad.UserListOptions{State: dialpad.UserStateAll, Email: ch.Email}) {
				if err != nil {
					return err
				}
				st.add(u)
			}
		} else {
			u, err := c.Users.Get(ctx, ch.UserID)
			switch {
			case errors.Is(err, dialpad.ErrNotFound):
			case err != nil:
				return err
			default:
				st.add(u)
			}
		}
		rd.read("users", i+1, len(plan.Changes), i == len(plan.Changes)-1)
	}
	return nil
}

// touched lists the groups the plan's actions touch, in order, and the
// settings of known users they change.
func (st *state) touched(plan *Plan) (groups []groupKey, settings []setting) {
	seen := map[groupKey]bool{}
	for _, ch := range plan.Changes {
		for _, a := range ch.Actions {
			if g := a.Group; g != nil && !seen[groupKey{g.Type, g.ID}] {
				seen[groupKey{g.Type, g.ID}] = true
				groups = append(groups, groupKey{g.Type, g.ID})
			}
			if a.Op != OpSetCallerID && a.Op != OpSetE911 {
				continue
			}
			id := ch.UserID
			if live := st.byEmail[emailKey(ch.Email)]; id == 0 && len(live) == 1 {
				id = live[0].ID // a create an earlier Apply carried out
			}
			if id != 0 {
				settings = append(settings, setting{id, a.Op})
			}
		}
	}
	return groups, settings
}

// applier runs one Apply.
type applier struct {
	c     *dialpad.Client
	plan  *Plan
	opts  ApplyOptions
	rep   *Report
	scope *scope // the plan's scope: users outside it are never touched
	rd    *reader
	start time.Time

	first []int           // index in rep.Results of each change's first action
	users []dialpad.ID    // the user of each change, once known
	send  [][]FieldChange // the fields to send, by result index (update_fields only)

	mu         sync.Mutex // guards the counts below and Progress calls
	done       int
	left       int // requests still to send
	lastStatus time.Duration
	stopping   atomic.Bool
}

// event hands e to opts.Progress; the caller holds no lock.
func (a *applier) event(e Event) {
	if a.opts.Progress != nil {
		a.opts.Progress(e)
	}
}

// layout creates one Result per action, in plan order.
func (a *applier) layout() {
	n := 0
	a.first = make([]int, len(a.plan.Changes))
	a.users = make([]dialpad.ID, len(a.plan.Changes))
	for i, ch := range a.plan.Changes {
		a.first[i] = n
		n += len(ch.Actions)
		a.users[i] = ch.UserID
	}
	a.rep.Results = make([]Result, 0, n)
	for _, ch := range a.plan.Changes {
		for _, act := range ch.Actions {
			a.rep.Results = append(a.rep.Results, Result{Email: ch.Email, Kind: ch.Kind, Line: ch.Line, UserID: ch.UserID, Action: act})
		}
	}
	a.send = make([][]FieldChange, n)
}

// resolve sets the status of each action of change i that must not run
// (StatusAlready, StatusStale, StatusHeld), leaving "" on those to run, by
// comparing what the plan recorded with what Dialpad shows now. A stale
// action holds its whole change.
func (a *applier) resolve(i int, now *state) {
	ch := &a.plan.Changes[i]
	res := a.rep.Results[a.first[i] : a.first[i]+len(ch.Actions)]
	stale := func(j int, why string) {
		for k := range res {
			if k != j && res[k].Status != StatusAlready {
				res[k].Status, res[k].Detail = StatusHeld, fmt.Sprintf("held with its change: %s is stale", ch.Actions[j].Op)
			}
		}
		res[j].Status, res[j].Detail = StatusStale, why
	}
	var u *dialpad.User // nil while the user is still to be created
	var ok bool
	if ch.Kind == KindCreate {
		u, ok = a.resolveCreate(i, now, res, stale)
	} else {
		u, ok = resolveUser(ch, now, res, stale)
	}
	if !ok {
		return
	}
	if u != nil && !a.scope.has(u) {
		stale(0, "the user is now outside the roster's scope")
		return
	}
	for j, act := range ch.Actions {
		if res[j].Status != "" {
			continue // the create, found done
		}
		status, why, send := check(act, u, now)
		switch status {
		case StatusStale:
			stale(j, why)
			return
		case StatusAlready:
			res[j].Status, res[j].Detail = StatusAlready, why
		default:
			a.send[a.first[i]+j] = send
			res[j].Detail = why
		}
	}
}

// resolveCreate finds the user that the create of change i, whose results
// are res, made in an earlier Apply (nil when there is none), and marks
// the create done. ok is false when the change is stale.
func (a *applier) resolveCreate(i int, now *state, res []Result, stale func(j int, why string)) (u *dialpad.User, ok bool) {
	ch := &a.plan.Changes[i]
	live := now.byEmail[emailKey(ch.Email)]
	switch len(live) {
	case 0:
		return nil, true
	case 1:
	default:
		stale(0, fmt.Sprintf("%d users with this email now exist", len(live)))
		return nil, false
	}
	u = live[0]
	want := ch.Actions[0].Create
	if u.OfficeID != want.Office.ID || (want.License != "" && u.License != want.License) {
		stale(0, fmt.Sprintf("user %s with this email now exists, in office %s with license %s", u.ID, u.OfficeID, u.License))
		return nil, false
	}
	res[0].Status, res[0].Detail = StatusAlready, fmt.Sprintf("user %s exists", u.ID)
	a.users[i] = u.ID
	for k := range res {
		res[k].UserID = u.ID
	}
	return u, true
}

// resolveUser finds the user of ch, a change of an existing user whose
// results are res. ok is false when nothing is left to run: the user is
// gone (a delete already done, else stale) or no longer has the email.
func resolveUser(ch *Change, now *state, res []Result, stale func(j int, why string)) (u *dialpad.User, ok bool) {
	u = now.byID[ch.UserID]
	if u == nil || u.State == dialpad.UserStateDeleted {
		if ch.Kind == KindDelete {
			for k := range res {
				res[k].Status, res[k].Detail = StatusAlready, "the user is already deleted"
			}
		} else {
			stale(0, "the user no longer exists")
		}
		return nil, false
	}
	if isEmail(ch.Email) && !slices.ContainsFunc(u.Emails, func(e string) bool { return dialpad.SameEmail(strings.TrimSpace(e), strings.TrimSpace(ch.Email)) }) {
		stale(0, "the user no longer has this email")
		return nil, false
	}
	return u, true
}

// check compares one action with the user as Dialpad shows it now (nil
// for a user still to be created, whose fields are all empty). It returns
// StatusAlready, StatusStale or "" (run), a note, and for update_fields
// the fields still to send.
func check(act Action, u *dialpad.User, now *state) (Status, string, []FieldChange) {
	if u == nil {
		return "", "", act.Fields
	}
	switch act.Op {
	case OpCreate:
		return "", "", nil // only reached for a user that exists: resolve handled it
	case OpUpdateFields:
		return checkFields(act.Fields, u)
	case OpReactivate, OpSuspend, OpDelete:
		s, why := compare("state", string(u.State), string(act.State.From), string(act.State.To))
		return s, why, nil
	case OpMoveOffice:
		s, why := compare("office", u.OfficeID.String(), act.Office.From.ID.String(), act.Office.To.ID.String())
		return s, why, nil
	case OpSetLicense:
		s, why := compare("license", string(u.License), string(act.License.From), string(act.License.To))
		return s, why, nil
	case OpJoinGroup, OpLeaveGroup, OpJoinCoachingTeam:
		g := act.Group
		cur := now.roles[groupKey{g.Type, g.ID}][u.ID]
		s, why := compare(fmt.Sprintf("the role in %s %q", kindName(g.Type), g.Name), string(cur), string(g.From), string(g.To))
		return s, why, nil
	case OpSetCallerID:
		s, why := compare("caller_id", now.callerIDs[u.ID], act.Value.From, act.Value.To)
		return s, why, nil
	case OpSetDoNotDisturb:
		s, why := compare("do_not_disturb", onOff(u.DoNotDisturb), act.Value.From, act.Value.To)
		return s, why, nil
	case OpSetE911:
		s, why := checkE911Change(act.E911, now.e911[u.ID])
		return s, why, nil
	case OpUnassignNumber:
		if !slices.Contains(u.PhoneNumbers, act.Value.From) {
			return StatusAlready, "no longer assigned", nil
		}
		return "", "", nil
	case OpDeleteDeskPhone:
		return "", "", nil // a phone already gone is a 404, taken as done
	}
	return StatusStale, "unknown action", nil
}

// compare compares the current value cur of field with the value to
// set (StatusAlready) and the value planned from ("": run); any other
// value is stale.
func compare(field, cur, from, to string) (Status, string) {
	switch cur {
	case to:
		return StatusAlready, ""
	case from:
		return "", ""
	}
	return StatusStale, fmt.Sprintf("%s is now %q, planned from %q", field, cur, from)
}

// checkFields compares the fields of an update_fields action with u, and
// returns those still to send.
func checkFields(fields []FieldChange, u *dialpad.User) (Status, string, []FieldChange) {
	var send []FieldChange
	for _, f := range fields {
		status, why := compare(f.Field, userField(u, f.Field), f.From, f.To)
		switch status {
		case StatusStale:
			return StatusStale, why, nil
		case "":
			send = append(send, f)
		}
	}
	if len(send) == 0 {
		return StatusAlready, "", nil
	}
	return "", "", send
}

// checkE911Change compares a planned E911 change with the address cur
// (nil when the user has none).
func checkE911Change(c *E911Change, cur *dialpad.E911Address) (Status, string) {
	switch {
	case cur != nil && sameAddress(cur, &c.To):
		return StatusAlready, ""
	case cur == nil && c.From == nil, cur != nil && c.From != nil && sameAddress(cur, c.From):
		return "", ""
	}
	return StatusStale, "the E911 address changed since the plan"
}

// userField returns a user field that update_fields may set.
func userField(u *dialpad.User, field string) string {
	switch field {
	case "first_name":
		return u.FirstName
	case "last_name":
		return u.LastName
	case "job_title":
		return u.JobTitle
	case "extension":
		return u.Extension
	}
	return ""
}

// seatKey is an office and a license.
type seatKey struct {
	office  dialpad.ID
	license dialpad.License
}

// checkSeats adds up the seats the actions still to run take (a create in
// its office; a move in the new office, with the license held then; a
// license change in the office the user ends in) and compares them with
// the offices' free seats. Seats freed by the plan (suspensions, deletions,
// moves away) are not counted: the changes run concurrently, so a seat
// freed by one may come after another needs it. With FitSeats, the
// changes that do not fit are left out, whole, in plan order.
func (a *applier) checkSeats(ctx context.Context, now *state) error {
	need, names, takes := a.seatsNeeded(now)
	if len(need) == 0 {
		return nil
	}
	short, freeSeats, err := a.freeSeats(ctx, need, names)
	if err != nil {
		return err
	}
	if len(short) == 0 {
		return nil
	}
	if !a.opts.FitSeats {
		return &SeatError{Shortfalls: short}
	}
	a.fitSeats(takes, freeSeats)
	return nil
}

// seatsNeeded counts the seats the actions still to run take, by office
// and license, with the names of those offices, and lists the seats each
// change takes.
func (a *applier) seatsNeeded(now *state) (need map[seatKey]int, names map[dialpad.ID]string, takes [][]seatKey) {
	need = map[seatKey]int{}
	names = map[dialpad.ID]string{}
	takes = make([][]seatKey, len(a.plan.Changes))
	for i, ch := range a.plan.Changes {
		res := a.rep.Results[a.first[i] : a.first[i]+len(ch.Actions)]
		var u *dialpad.User
		if a.users[i] != 0 {
			u = now.byID[a.users[i]]
		}
		license, office := dialpad.License(""), dialpad.ID(0)
		if u != nil {
			license, office = u.License, u.OfficeID
		}
		for j, act := range ch.Actions {
			run := res[j].Status == ""
			switch act.Op {
			case OpCreate:
				license, office = cmp.Or(act.Create.License, dialpad.LicenseTalk), act.Create.Office.ID
				names[office] = act.Create.Office.Name
			case OpMoveOffice:
				office = act.Office.To.ID
				names[office] = act.Office.To.Name
			case OpSetLicense:
				license = act.License.To
			default:
				continue
			}
			if _, counted := (dialpad.LineCounts{}).Seats(license); run && counted {
				need[seatKey{office, license}]++
				takes[i] = append(takes[i], seatKey{office, license})
			}
		}
	}
	return need, names, takes
}

// freeSeats reads the free seats of the offices in need and returns where
// they fall short of need, and how many of each kind are free.
func (a *applier) freeSeats(ctx context.Context, need map[seatKey]int, names map[dialpad.ID]string) ([]Shortfall, map[seatKey]int, error) {
	keys := make([]seatKey, 0, len(need))
	for k := range need {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y seatKey) int {
		return cmp.Or(cmp.Compare(x.office, y.office), cmp.Compare(x.license, y.license))
	})
	free := map[dialpad.ID]*dialpad.AvailableLicenses{}
	freeSeats := map[seatKey]int{}
	var short []Shortfall
	for _, k := range keys {
		if free[k.office] == nil {
			av, err := a.c.Offices.AvailableLicenses(ctx, k.office)
			if err != nil {
				return nil, nil, fmt.Errorf("roster: checking the free seats of office %s: %w", OfficeRef{k.office, names[k.office]}, err)
			}
			free[k.office] = av
		}
		n, _ := free[k.office].Seats(k.license)
		freeSeats[k] = int(max(0, n))
		if int(n) < need[k] {
			short = append(short, Shortfall{Office: OfficeRef{k.office, names[k.office]}, License: k.license, Need: need[k], Free: int(n)})
		}
	}
	return short, freeSeats, nil
}

// fitSeats leaves out, whole and in plan order, the changes whose seats
// (takes, by change) the free seats cannot hold (ApplyOptions.FitSeats).
func (a *applier) fitSeats(takes [][]seatKey, freeSeats map[seatKey]int) {
	for i, ks := range takes {
		fits := true
		for _, k := range ks {
			fits = fits && freeSeats[k] > 0
		}
		if fits {
			for _, k := range ks {
				freeSeats[k]--
			}
			continue
		}
		for j := range a.plan.Changes[i].Actions {
			if r := &a.rep.Results[a.first[i]+j]; r.Status == "" {
				r.Status, r.Detail = StatusNotRun, "left out: no free seat (ApplyOptions.FitSeats)"
			}
		}
	}
}

// run carries out the actions left to run, opts.Concurrency changes at a
// time (or marks them planned, in a dry run).
func (a *applier) run(ctx context.Context) {
	for i, ch := range a.plan.Changes {
		for j, act := range ch.Actions {
			if a.rep.Results[a.first[i]+j].Status == "" {
				a.left += act.requests()
			}
		}
	}
	workers := a.opts.Concurrency
	if workers <= 0 {
		workers = DefaultConcurrency
	}
	workers = max(1, min(workers, len(a.plan.Changes)))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				if a.stopping.Load() && !a.opts.ContinueOnError {
					a.skip(i, ctx)
					continue
				}
				a.change(ctx, i)
			}
		})
	}
	for i := range a.plan.Changes {
		if (a.stopping.Load() && !a.opts.ContinueOnError) || ctx.Err() != nil {
			a.skip(i, ctx)
			continue
		}
		next <- i
	}
	close(next)
	wg.Wait()
}

// skip reports the actions of change i that were to run as not run.
func (a *applier) skip(i int, ctx context.Context) {
	why := "Apply stopped after a failure (see ApplyOptions.ContinueOnError)"
	if err := ctx.Err(); err != nil {
		why = err.Error()
	}
	for j, act := range a.plan.Changes[i].Actions {
		r := &a.rep.Results[a.first[i]+j]
		ran := r.Status == ""
		if ran {
			r.Status, r.Detail = StatusNotRun, why
		}
		a.report(r, act, ran)
	}
}

// change runs the actions of change i in order.
func (a *applier) change(ctx context.Context, i int) {
	ch := &a.plan.Changes[i]
	failed := false
	for j, act := range ch.Actions {
		r := &a.rep.Results[a.first[i]+j]
		ran := r.Status == ""
		switch {
		case r.Status != "":
		case failed:
			r.Status, r.Detail = StatusNotRun, "an earlier action of this change failed"
		case ctx.Err() != nil:
			r.Status, r.Detail = StatusNotRun, ctx.Err().Error()
		case a.opts.DryRun:
			r.Status = StatusPlanned
		default:
			detail, err := a.do(ctx, i, act, a.send[a.first[i]+j])
			r.UserID = a.users[i]
			switch {
			case err != nil && removal(act.Op) && errors.Is(err, dialpad.ErrNotFound):
				r.Status, r.Detail = StatusAlready, "already gone"
			case err != nil:
				r.Status, r.Err, r.Detail = StatusFailed, err, detail
				failed = true
				a.stopping.Store(true)
			default:
				r.Status, r.Detail = StatusDone, detail
			}
		}
		a.report(r, act, ran)
	}
	first := &a.rep.Results[a.first[i]]
	if failed && a.opts.Rollback && ch.Kind == KindCreate && first.Status == StatusDone && a.users[i] != 0 {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		if err := a.rollback(cctx, a.users[i]); err != nil {
			first.Detail = joinDetail(first.Detail, "rollback failed: "+err.Error())
		} else {
			first.RolledBack = true
			first.Detail = joinDetail(first.Detail, "rolled back: the user was deleted")
		}
	}
}

// removal reports whether an op removes something, so that a 404 means it
// is gone already.
func removal(op Op) bool {
	return op == OpLeaveGroup || op == OpDeleteDeskPhone || op == OpDelete
}

// cleanupTimeout bounds a rollback, which runs even when the caller's
// context is done.
const cleanupTimeout = time.Minute

// rollback undoes a create: the user leaves every operator list it is on
// (in offboarding order), gives back its numbers and is deleted.
func (a *applier) rollback(ctx context.Context, id dialpad.ID) error {
	u, err := a.c.Users.Get(ctx, id)
	if err != nil {
		return err
	}
	for _, t := range memberOrder {
		for _, d := range u.GroupDetails {
			if d.GroupType != t || d.GroupID == 0 {
				continue
			}
			act := Action{Op: OpLeaveGroup, Group: &GroupChange{Type: t, ID: d.GroupID, From: d.Role}}
			if err := a.group(ctx, id, act); err != nil && !errors.Is(err, dialpad.ErrNotFound) {
				return err
			}
		}
	}
	for _, n := range u.PhoneNumbers {
		if _, err := a.c.Numbers.Unassign(ctx, id, n); err != nil {
			return err
		}
	}
	_, err = a.c.Users.Delete(ctx, id)
	return err
}

// joinDetail joins two notes.
func joinDetail(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// requests is how many requests an action sends.
func (act Action) requests() int {
	if act.Op == OpCreate && act.Create != nil {
		return act.Create.requests()
	}
	return 1
}

// report counts an outcome and hands it to Progress, with a status line
// when one is due. ran says whether the action was counted as to run.
func (a *applier) report(r *Result, act Action, ran bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.done++
	if ran {
		a.left -= act.requests()
	}
	if a.opts.Progress == nil {
		return
	}
	elapsed := a.opts.Now().Sub(a.start)
	rps := a.opts.RequestsPerSecond
	if rps <= 0 {
		rps = DefaultRequestsPerSecond
	}
	left := time.Duration(float64(max(a.left, 0)) / rps * float64(time.Second))
	if a.opts.DryRun {
		left = 0
	}
	total := len(a.rep.Results)
	res := *r
	a.opts.Progress(Event{Stage: StageApply, Done: a.done, Actions: total, Result: &res, Elapsed: elapsed, Left: left})
	every := a.opts.StatusEvery
	if every <= 0 {
		every = DefaultStatusEvery
	}
	if elapsed-a.lastStatus >= every || (a.done == total && a.lastStatus > 0) {
		a.lastStatus = elapsed
		a.opts.Progress(Event{Stage: StageStatus, Done: a.done, Actions: total, Elapsed: elapsed, Left: left})
	}
}

// do sends one action of change i; fields are the fields update_fields
// still needs to send.
func (a *applier) do(ctx context.Context, i int, act Action, fields []FieldChange) (string, error) {
	c := a.c
	id := a.users[i]
	if id == 0 && act.Op != OpCreate {
		return "", fmt.Errorf("%w: no user id to act on", dialpad.ErrInvalidResponse)
	}
	switch act.Op {
	case OpCreate:
		return a.create(ctx, i, act.Create)
	case OpUpdateFields:
		return a.updateFields(ctx, id, act, fields)
	case OpReactivate, OpSuspend:
		_, err := c.Users.Update(ctx, id, &dialpad.UpdateUserRequest{State: dialpad.Ptr(act.State.To)})
		return "", err
	case OpDelete:
		_, err := c.Users.Delete(ctx, id)
		return "seat freed", err
	case OpMoveOffice:
		_, err := c.Users.MoveOffice(ctx, id, act.Office.To.ID)
		return "", err
	case OpSetLicense:
		_, err := c.Users.Update(ctx, id, &dialpad.UpdateUserRequest{License: dialpad.Ptr(act.License.To)})
		return "", err
	case OpJoinGroup, OpLeaveGroup:
		return "", a.group(ctx, id, act)
	case OpJoinCoachingTeam:
		_, err := c.CoachingTeams.AddMember(ctx, act.Group.ID, &dialpad.AddCoachingTeamMemberRequest{MemberID: id,
			Role: dialpad.CoachingRole(act.Group.To)})
		return "", err
	case OpSetCallerID:
		_, err := c.Users.SetCallerID(ctx, id, act.Value.To)
		return "", err
	case OpSetE911:
		e := act.E911.To
		req := &dialpad.UpdateE911Request{Address: e.Address, City: e.City, State: e.State, Zip: e.Zip, Country: e.Country}
		if e.Address2 != "" {
			req.Address2 = dialpad.Ptr(e.Address2)
		}
		_, err := c.E911.Update(ctx, id, req)
		return "", err
	case OpSetDoNotDisturb:
		_, err := c.Users.SetDoNotDisturb(ctx, id, &dialpad.DoNotDisturbRequest{DoNotDisturb: act.Value.To == "on"})
		return "", err
	case OpUnassignNumber:
		_, err := c.Numbers.Unassign(ctx, id, act.Value.From)
		return "", err
	case OpDeleteDeskPhone:
		return "", c.DeskPhones.Delete(ctx, id, act.DeskPhone.ID)
	}
	return "", fmt.Errorf("roster: unknown action %q", act.Op)
}

// updateFields sends fields, those of the update_fields action act still
// to set, to user id; the note names them when some were already set.
func (a *applier) updateFields(ctx context.Context, id dialpad.ID, act Action, fields []FieldChange) (string, error) {
	req := &dialpad.UpdateUserRequest{}
	names := make([]string, len(fields))
	for k, f := range fields {
		v := dialpad.Ptr(f.To)
		switch f.Field {
		case "first_name":
			req.FirstName = v
		case "last_name":
			req.LastName = v
		case "job_title":
			req.JobTitle = v
		case "extension":
			req.Extension = v
		}
		names[k] = f.Field
	}
	_, err := a.c.Users.Update(ctx, id, req)
	if len(fields) < len(act.Fields) {
		return "sent " + strings.Join(names, ", ") + " (the others were already set)", err
	}
	return "", err
}

// create creates the user of change i and, when a number or area code is
// asked for, assigns it. A create that fails in a way that may have been
// carried out is looked up by email rather than sent again.
func (a *applier) create(ctx context.Context, i int, n *NewUser) (string, error) {
	email := a.plan.Changes[i].Email
	req := &dialpad.CreateUserRequest{Email: email, OfficeID: n.Office.ID}
	if n.FirstName != "" {
		req.FirstName = dialpad.Ptr(n.FirstName)
	}
	if n.LastName != "" {
		req.LastName = dialpad.Ptr(n.LastName)
	}
	if n.License != "" {
		req.License = dialpad.Ptr(n.License)
	}
	if !n.NoNumber && n.Number == "" && n.AreaCode == "" {
		req.AutoAssign = dialpad.Ptr(true)
	}
	u, err := a.c.Users.Create(ctx, req)
	if err == nil && (u == nil || u.ID == 0) {
		err = fmt.Errorf("%w: POST /api/v2/users: the answer carries no user id", dialpad.ErrInvalidResponse)
	}
	if err != nil {
		if !uncertain(err) {
			return "", err
		}
		return a.findCreated(ctx, i, err)
	}
	a.users[i] = u.ID
	detail := "user " + u.ID.String()
	if n.Number == "" && n.AreaCode == "" {
		return detail, nil
	}
	ar := &dialpad.AssignNumberRequest{}
	if n.Number != "" {
		ar.Number = dialpad.Ptr(n.Number)
	} else {
		ar.AreaCode = dialpad.Ptr(n.AreaCode)
	}
	num, err := a.c.Numbers.Assign(ctx, u.ID, ar)
	if err != nil {
		return detail + " created; assigning its number failed", err
	}
	return detail + ", number " + num.Number, nil
}

// findCreated looks up by email the user of change i, whose create failed
// with err in a way that may have been carried out, and records it when
// it exists. It returns a note saying what it found, and err.
func (a *applier) findCreated(ctx context.Context, i int, err error) (string, error) {
	email := a.plan.Changes[i].Email
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	for found, ferr := range a.c.Users.List(cctx, &dialpad.UserListOptions{State: dialpad.UserStateAll, Email: email}) {
		if ferr != nil {
			return "unknown whether the user was created: " + ferr.Error(), err
		}
		if found.ID != 0 && found.State != dialpad.UserStateDeleted &&
			slices.ContainsFunc(found.Emails, func(e string) bool { return dialpad.SameEmail(e, email) }) {
			a.users[i] = found.ID
			return fmt.Sprintf("the create failed after it was sent, but user %s exists", found.ID), err
		}
	}
	return "the user was not created", err
}

// uncertain reports whether a write that failed with err may nonetheless
// have been carried out: anything but bad input caught before sending and
// a 4xx answer (Dialpad refused it, or a 429 it never processed).
func uncertain(err error) bool {
	var verr *dialpad.ValidationError
	if errors.As(err, &verr) {
		return false
	}
	var apiErr *dialpad.APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode >= 500
	}
	return true
}

// group joins or leaves a call center, department or office main line,
// or changes the user's role there.
func (a *applier) group(ctx context.Context, id dialpad.ID, act Action) error {
	g := act.Group
	var err error
	switch {
	case g.Type == dialpad.GroupTypeCallCenter && g.To != "":
		_, err = a.c.CallCenters.AddOperator(ctx, g.ID, &dialpad.AddCallCenterOperatorRequest{UserID: id, Role: dialpad.Ptr(g.To)})
	case g.Type == dialpad.GroupTypeCallCenter:
		_, err = a.c.CallCenters.RemoveOperator(ctx, g.ID, id)
	case g.Type == dialpad.GroupTypeOffice:
		_, err = a.c.Offices.RemoveOperator(ctx, g.ID, &dialpad.RemoveOperatorRequest{OperatorID: id,
			OperatorType: dialpad.OperatorTypeUser})
	case g.To != "":
		_, err = a.c.Departments.AddOperator(ctx, g.ID, &dialpad.AddOperatorRequest{OperatorID: id,
			OperatorType: dialpad.OperatorTypeUser, Role: dialpad.Ptr(g.To)})
	default:
		_, err = a.c.Departments.RemoveOperator(ctx, g.ID, &dialpad.RemoveOperatorRequest{OperatorID: id,
			OperatorType: dialpad.OperatorTypeUser})
	}
	return err
}
