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

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

// DefaultConcurrency is how many changes Apply works on at once unless
// ApplyOptions.Concurrency says otherwise.
const DefaultConcurrency = 4

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
	// Progress, when set, is called once per action as its outcome is
	// known, with the number of outcomes known so far and the total.
	// Calls never overlap, so Progress needs no locking; the workers wait
	// while it runs.
	Progress func(done, total int, r Result)
	// ContinueOnError goes on with the other changes after an action
	// fails. Without it, Apply starts no new change after the first
	// failure (the changes under way finish) and reports the rest as
	// StatusNotRun. Either way the actions after a failed one in the same
	// change are not run.
	ContinueOnError bool
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
	// gone); the action was skipped rather than overwrite the change, and
	// so were the later actions of its change. Plan again.
	StatusStale Status = "stale"
	// StatusFailed: the action was sent and failed; Result.Err says why.
	StatusFailed Status = "failed"
	// StatusNotRun: the action was not attempted, because an earlier
	// action of its change failed, or Apply stopped after a failure
	// elsewhere, or the context ended.
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
	// error (or lifecycle's, for a create), so errors.Is(r.Err,
	// dialpad.ErrNotFound) works.
	Err error
}

// Report is the outcome of Apply: one Result per action of the plan, in
// the plan's order.
type Report struct {
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
	// Err is the SDK's (or lifecycle's) error.
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
// before changing anything.
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
// 5, 3 free (2 short); ...".
func (e *SeatError) Error() string {
	parts := make([]string, len(e.Shortfalls))
	for i, s := range e.Shortfalls {
		parts[i] = fmt.Sprintf("%s %s: need %d, %d free (%d short)", s.Office, s.License, s.Need, s.Free, s.Need-s.Free)
	}
	return ErrNotEnoughSeats.Error() + ": " + strings.Join(parts, "; ")
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
//  2. reads the current state once, in bulk: every user (one Users.List
//     pass, 100 per page) and the operator list of each group the plan
//     joins or leaves;
//  3. checks each action against it. Every action recorded the value the
//     plan read (From) and the one it wants (To): Dialpad showing To makes
//     it StatusAlready, showing From makes it run, and anything else (or
//     the user gone, or moved out of the plan's scope) makes it
//     StatusStale, skipped with the rest of its change rather than
//     overwrite what someone changed since the plan;
//  4. checks the license seats (Offices.AvailableLicenses, for the offices
//     the remaining creates, moves and license changes take seats in:
//     talk as talk lines, agents as sell lines, lite_support_agents as
//     contact-center lines) and returns a *SeatError with the shortfall
//     if any office lacks them.
//
// Then it runs the changes, opts.Concurrency at a time, each change's
// actions in order, pacing itself only through the client's rate limiters.
// A create is lifecycle.Onboard (the user, and a number).
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
		return &Report{DryRun: opts.DryRun, Results: []Result{}}, nil
	}
	now, err := refresh(ctx, c, plan)
	if err != nil {
		return nil, fmt.Errorf("roster: reading the current state: %w", err)
	}
	a := &applier{c: c, plan: plan, opts: opts, rep: &Report{DryRun: opts.DryRun}, scope: plan.Scope.resolve()}
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
	byID    map[dialpad.ID]*dialpad.User // deleted users too
	byEmail map[string][]*dialpad.User   // users that are not deleted
	roles   map[groupKey]map[dialpad.ID]dialpad.GroupRole
}

// refresh reads every user and the operator lists of the groups the plan
// touches.
func refresh(ctx context.Context, c *dialpad.Client, plan *Plan) (*state, error) {
	st := &state{byID: map[dialpad.ID]*dialpad.User{}, byEmail: map[string][]*dialpad.User{}}
	for u, err := range c.Users.List(ctx, &dialpad.UserListOptions{State: dialpad.UserStateAll}) {
		if err != nil {
			return nil, err
		}
		st.byID[u.ID] = u
		if u.State == dialpad.UserStateDeleted {
			continue
		}
		for _, e := range u.Emails {
			k := emailKey(e)
			if !slices.Contains(st.byEmail[k], u) {
				st.byEmail[k] = append(st.byEmail[k], u)
			}
		}
	}
	seen := map[groupKey]bool{}
	var groups []groupKey
	for _, ch := range plan.Changes {
		for _, a := range ch.Actions {
			if g := a.Group; g != nil && !seen[groupKey{g.Type, g.ID}] {
				seen[groupKey{g.Type, g.ID}] = true
				groups = append(groups, groupKey{g.Type, g.ID})
			}
		}
	}
	members, err := listMembers(ctx, c, groups)
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
	return st, nil
}

// applier runs one Apply.
type applier struct {
	c     *dialpad.Client
	plan  *Plan
	opts  ApplyOptions
	rep   *Report
	scope *scope // the plan's scope: users outside it are never touched

	first []int           // index in rep.Results of each change's first action
	users []dialpad.ID    // the user of each change, once known
	send  [][]FieldChange // the fields to send, by result index (update_fields only)

	mu       sync.Mutex // guards done and Progress calls
	done     int
	stopping atomic.Bool
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
// (StatusAlready, StatusStale), leaving "" on those to run, by comparing
// what the plan recorded with what Dialpad shows now.
func (a *applier) resolve(i int, now *state) {
	ch := &a.plan.Changes[i]
	res := a.rep.Results[a.first[i] : a.first[i]+len(ch.Actions)]
	staleFrom := func(j int, why string) {
		res[j].Status, res[j].Detail = StatusStale, why
		for k := j + 1; k < len(res); k++ {
			res[k].Status, res[k].Detail = StatusStale, "an earlier action of this change is stale"
		}
	}
	var u *dialpad.User // nil while the user is still to be created
	if ch.Kind == KindCreate {
		switch live := now.byEmail[emailKey(ch.Email)]; len(live) {
		case 0:
		case 1:
			u = live[0]
			want := ch.Actions[0].Create
			if u.OfficeID != want.Office.ID || (want.License != "" && u.License != want.License) {
				staleFrom(0, fmt.Sprintf("user %s with this email now exists, in office %s with license %s", u.ID, u.OfficeID, u.License))
				return
			}
			res[0].Status, res[0].Detail = StatusAlready, fmt.Sprintf("user %s exists", u.ID)
			a.users[i] = u.ID
			for k := range res {
				res[k].UserID = u.ID
			}
		default:
			staleFrom(0, fmt.Sprintf("%d users with this email now exist", len(live)))
			return
		}
	} else {
		u = now.byID[ch.UserID]
		if u == nil || u.State == dialpad.UserStateDeleted {
			if ch.Actions[0].Op == OpDelete {
				res[0].Status, res[0].Detail = StatusAlready, "already deleted"
			} else {
				staleFrom(0, "the user no longer exists")
			}
			return
		}
		if isEmail(ch.Email) && !slices.ContainsFunc(u.Emails, func(e string) bool { return strings.EqualFold(e, ch.Email) }) {
			staleFrom(0, "the user no longer has this email")
			return
		}
	}
	if u != nil && !a.scope.has(u) {
		staleFrom(0, "the user is now outside the roster's scope")
		return
	}
	for j, act := range ch.Actions {
		if res[j].Status != "" {
			continue // the create, found done
		}
		status, why, send := check(act, u, now)
		switch status {
		case StatusStale:
			staleFrom(j, why)
			return
		case StatusAlready:
			res[j].Status, res[j].Detail = StatusAlready, why
		default:
			a.send[a.first[i]+j] = send
			res[j].Detail = why
		}
	}
}

// check compares one action with the user as Dialpad shows it now (nil
// for a user still to be created, whose fields are all empty). It returns
// StatusAlready, StatusStale or "" (run), a note, and for update_fields
// the fields still to send.
func check(act Action, u *dialpad.User, now *state) (Status, string, []FieldChange) {
	compare := func(field, cur, from, to string) (Status, string) {
		switch cur {
		case to:
			return StatusAlready, ""
		case from:
			return "", ""
		}
		return StatusStale, fmt.Sprintf("%s is now %q, planned from %q", field, cur, from)
	}
	if u == nil {
		return "", "", act.Fields
	}
	switch act.Op {
	case OpCreate:
		return "", "", nil // only reached for a user that exists: resolve handled it
	case OpUpdateFields:
		var send []FieldChange
		for _, f := range act.Fields {
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
	case OpReactivate, OpSuspend, OpDelete:
		s, why := compare("state", string(u.State), string(act.State.From), string(act.State.To))
		return s, why, nil
	case OpMoveOffice:
		s, why := compare("office", u.OfficeID.String(), act.Office.From.ID.String(), act.Office.To.ID.String())
		return s, why, nil
	case OpSetLicense:
		s, why := compare("license", string(u.License), string(act.License.From), string(act.License.To))
		return s, why, nil
	case OpJoinGroup, OpLeaveGroup:
		g := act.Group
		cur := now.roles[groupKey{g.Type, g.ID}][u.ID]
		s, why := compare(fmt.Sprintf("the role in %s %q", g.Type, g.Name), string(cur), string(g.From), string(g.To))
		return s, why, nil
	}
	return StatusStale, "unknown action", nil
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
// freed by one may come after another needs it.
func (a *applier) checkSeats(ctx context.Context, now *state) error {
	need := map[seatKey]int{}
	names := map[dialpad.ID]string{}
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
			}
		}
	}
	if len(need) == 0 {
		return nil
	}
	keys := make([]seatKey, 0, len(need))
	for k := range need {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y seatKey) int {
		return cmp.Or(cmp.Compare(x.office, y.office), cmp.Compare(x.license, y.license))
	})
	free := map[dialpad.ID]*dialpad.AvailableLicenses{}
	var short []Shortfall
	for _, k := range keys {
		if free[k.office] == nil {
			av, err := a.c.Offices.AvailableLicenses(ctx, k.office)
			if err != nil {
				return fmt.Errorf("roster: checking the free seats of office %s: %w", OfficeRef{k.office, names[k.office]}, err)
			}
			free[k.office] = av
		}
		if n, _ := free[k.office].Seats(k.license); int(n) < need[k] {
			short = append(short, Shortfall{Office: OfficeRef{k.office, names[k.office]}, License: k.license, Need: need[k], Free: int(n)})
		}
	}
	if len(short) > 0 {
		return &SeatError{Shortfalls: short}
	}
	return nil
}

// run carries out the actions left to run, opts.Concurrency changes at a
// time (or marks them planned, in a dry run).
func (a *applier) run(ctx context.Context) {
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
	for j := range a.plan.Changes[i].Actions {
		r := &a.rep.Results[a.first[i]+j]
		if r.Status == "" {
			r.Status, r.Detail = StatusNotRun, why
		}
		a.report(r)
	}
}

// change runs the actions of change i in order.
func (a *applier) change(ctx context.Context, i int) {
	ch := &a.plan.Changes[i]
	failed := false
	for j, act := range ch.Actions {
		r := &a.rep.Results[a.first[i]+j]
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
			if err != nil {
				r.Status, r.Err, r.Detail = StatusFailed, err, detail
				failed = true
				a.stopping.Store(true)
			} else {
				r.Status, r.Detail = StatusDone, detail
			}
		}
		a.report(r)
	}
}

// report counts an outcome and hands it to Progress.
func (a *applier) report(r *Result) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.done++
	if a.opts.Progress != nil {
		a.opts.Progress(a.done, len(a.rep.Results), *r)
	}
}

// do sends one action of change i; fields are the fields update_fields
// still needs to send.
func (a *applier) do(ctx context.Context, i int, act Action, fields []FieldChange) (string, error) {
	c := a.c
	id := a.users[i]
	switch act.Op {
	case OpCreate:
		n := act.Create
		r, err := lifecycle.Onboard(ctx, c, lifecycle.OnboardRequest{
			Email: a.plan.Changes[i].Email, FirstName: n.FirstName, LastName: n.LastName,
			OfficeID: n.Office.ID, License: n.License,
			Number: n.Number, AreaCode: n.AreaCode, NoNumber: n.NoNumber,
		})
		if r != nil && r.UserID != 0 {
			a.users[i] = r.UserID
		}
		if err != nil {
			if r != nil && r.UserID != 0 {
				return fmt.Sprintf("user %s exists: %s", r.UserID, r.Summary()), err
			}
			return "", err
		}
		return "user " + r.UserID.String(), nil
	case OpUpdateFields:
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
		_, err := c.Users.Update(ctx, id, req)
		if len(fields) < len(act.Fields) {
			return "sent " + strings.Join(names, ", ") + " (the others were already set)", err
		}
		return "", err
	case OpReactivate, OpSuspend:
		_, err := c.Users.Update(ctx, id, &dialpad.UpdateUserRequest{State: dialpad.Ptr(act.State.To)})
		return "", err
	case OpDelete:
		_, err := c.Users.Delete(ctx, id)
		return "", err
	case OpMoveOffice:
		_, err := c.Users.MoveOffice(ctx, id, act.Office.To.ID)
		return "", err
	case OpSetLicense:
		_, err := c.Users.Update(ctx, id, &dialpad.UpdateUserRequest{License: dialpad.Ptr(act.License.To)})
		return "", err
	case OpJoinGroup, OpLeaveGroup:
		return "", a.group(ctx, id, act)
	}
	return "", fmt.Errorf("roster: unknown action %q", act.Op)
}

// group joins or leaves a call center or department, or changes the
// user's role there.
func (a *applier) group(ctx context.Context, id dialpad.ID, act Action) error {
	g := act.Group
	var err error
	switch {
	case g.Type == dialpad.GroupTypeCallCenter && g.To != "":
		_, err = a.c.CallCenters.AddOperator(ctx, g.ID, &dialpad.AddCallCenterOperatorRequest{UserID: id, Role: dialpad.Ptr(g.To)})
	case g.Type == dialpad.GroupTypeCallCenter:
		_, err = a.c.CallCenters.RemoveOperator(ctx, g.ID, id)
	case g.To != "":
		_, err = a.c.Departments.AddOperator(ctx, g.ID, &dialpad.AddOperatorRequest{OperatorID: id,
			OperatorType: dialpad.OperatorTypeUser, Role: dialpad.Ptr(g.To)})
	default:
		_, err = a.c.Departments.RemoveOperator(ctx, g.ID, &dialpad.RemoveOperatorRequest{OperatorID: id,
			OperatorType: dialpad.OperatorTypeUser})
	}
	return err
}
