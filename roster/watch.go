package roster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/webhook"
)

// Defaults of WatchOptions.
const (
	// DefaultDebounce is how long a Watcher gathers a burst of events
	// before it plans again, when WatchOptions.Debounce is 0.
	DefaultDebounce = 2 * time.Second
	// DefaultResync is how often a Watcher plans again without any event,
	// when WatchOptions.Resync is 0: the safety net for deliveries that
	// were lost.
	DefaultResync = 15 * time.Minute
)

// WatchOptions configure a Watcher.
type WatchOptions struct {
	// Plan are the options every plan of the watcher is made with, as
	// NewPlan takes them: the mode, the scope, the protected emails, the
	// removal limit. Plan.Progress is ignored.
	Plan PlanOptions
	// OnDrift is given every plan that changes something (required). It
	// runs on Run's goroutine, so the next plan waits for it; applying the
	// plan (with Apply, which makes its removal and stale checks as for
	// any plan) or only reporting it is the caller's choice. An error it
	// returns is handled as a failed plan (see OnError).
	OnDrift func(context.Context, *Plan) error
	// OnError, when set, is told when a plan or OnDrift fails, and Run
	// carries on: the next event or resync plans again. When nil, Run
	// returns the error.
	OnError func(error)
	// Debounce is how long the watcher waits after the first event of a
	// burst that touches the roster's scope before it plans again; the
	// events that arrive meanwhile are served by that one plan. 0 means
	// DefaultDebounce; a negative value plans at once.
	Debounce time.Duration
	// Resync is how long the watcher waits after a plan before it plans
	// again when no event came, so that a change whose event was lost is
	// found all the same. 0 means DefaultResync; a negative value turns
	// resyncs off.
	Resync time.Duration
	// After is the clock: it returns a channel that receives once d has
	// passed. nil means time.After. Tests and benchmarks inject their own.
	After func(d time.Duration) <-chan time.Time
}

// WatchStats count what a Watcher did since it was made.
type WatchStats struct {
	// Events counts the events handed to Handle.
	Events int64
	// Relevant counts those that touched the roster's scope.
	Relevant int64
	// Plans counts the plans made: the first one of Run, those events and
	// resyncs caused, and Check's.
	Plans int64
	// Drifts counts the plans given to OnDrift.
	Drifts int64
	// Errors counts the plans (or OnDrift calls) that failed.
	Errors int64
}

// Watcher finds drift between a roster and Dialpad as it happens. Feed it
// the change-log events a webhook.Handler receives (Handle is the
// handler's function); while Run runs, an event that touches a user,
// office or group in the roster's scope makes it plan again (a burst of
// events makes one plan), and so does a resync interval without events,
// as a safety net for lost deliveries. A plan that changes something is
// given to WatchOptions.OnDrift:
//
//	w, err := roster.NewWatcher(client, people, roster.WatchOptions{
//		Plan:    roster.PlanOptions{Mode: roster.ModeSync, Offices: []string{"Headquarters"}},
//		OnDrift: func(ctx context.Context, p *roster.Plan) error { return p.WriteText(os.Stdout) },
//	})
//	h, err := webhook.NewHandler(w.Handle, webhook.Options{Secrets: []string{secret}})
//	go http.ListenAndServe(":8443", h) // behind TLS, at the URL given to webhook.Register
//	err = w.Run(ctx)
//
// Deciding whether an event matters costs no request: the watcher keeps,
// from its last plan, the ids of the users the roster governs, of the
// offices in scope and of the groups those users belong to or the roster
// names. An event about a user outside the scope is ignored unless it may
// bring the user in (a move, a change of emails, a creation); an event
// the watcher cannot place is taken to matter, since planning again costs
// only requests while missing a change costs drift.
//
// A Watcher's methods may be called concurrently; Run runs once at a time.
type Watcher struct {
	c       *dialpad.Client
	desired []Person
	opts    WatchOptions

	kick    chan struct{} // an event that matters arrived (buffer of one)
	running atomic.Bool
	scope   atomic.Pointer[watchScope] // nil until the first plan
	planMu  sync.Mutex                 // one plan at a time

	events, relevant, plans, drifts, errs atomic.Int64
}

// NewWatcher returns a watcher of desired under opts. It checks the
// options and sends nothing: Run (or Check) makes the first plan.
func NewWatcher(c *dialpad.Client, desired []Person, opts WatchOptions) (*Watcher, error) {
	if c == nil {
		return nil, errNilClient
	}
	if opts.OnDrift == nil {
		return nil, errors.New("roster: NewWatcher needs WatchOptions.OnDrift")
	}
	if err := checkMode(opts.Plan, len(desired)); err != nil {
		return nil, err
	}
	if opts.Debounce == 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.Resync == 0 {
		opts.Resync = DefaultResync
	}
	if opts.After == nil {
		opts.After = time.After
	}
	opts.Plan.Progress = nil
	return &Watcher{c: c, desired: slices.Clone(desired), opts: opts, kick: make(chan struct{}, 1)}, nil
}

// Handle takes one change-log event: when it touches the roster's scope,
// Run plans again (after WatchOptions.Debounce). It never blocks on a
// plan and sends nothing, so it can serve as a webhook.Handler's function
// directly; it returns nil for every event, including those it ignores.
func (w *Watcher) Handle(_ context.Context, ev *webhook.ChangeLogEvent) error {
	w.events.Add(1)
	if ev == nil {
		return nil
	}
	if sc := w.scope.Load(); sc != nil && !sc.touches(ev) {
		return nil
	}
	// Before the first plan every event matters: Run plans first anyway.
	w.relevant.Add(1)
	select {
	case w.kick <- struct{}{}:
	default: // a plan is already due
	}
	return nil
}

// Run plans once, then again after each burst of events that matter and
// at each resync interval, until ctx ends; each plan that changes
// something goes to WatchOptions.OnDrift. It returns ctx's error, or the
// first failure of a plan or of OnDrift when WatchOptions.OnError is nil.
func (w *Watcher) Run(ctx context.Context) error {
	if !w.running.CompareAndSwap(false, true) {
		return errors.New("roster: Watcher.Run is already running")
	}
	defer w.running.Store(false)
	// The first plan learns the scope; an event that came before it is
	// served by it.
	select {
	case <-w.kick:
	default:
	}
	if err := w.replan(ctx); err != nil {
		return err
	}
	resync := w.resyncTimer()
	var debounce <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-w.kick:
			if debounce != nil {
				continue // this burst's plan is already due
			}
			if w.opts.Debounce > 0 {
				debounce = w.opts.After(w.opts.Debounce)
				continue
			}
		case <-debounce:
		case <-resync:
		}
		debounce = nil
		if err := w.replan(ctx); err != nil {
			return err
		}
		resync = w.resyncTimer()
	}
}

// resyncTimer starts the wait for the next resync; nil when resyncs are
// off.
func (w *Watcher) resyncTimer() <-chan time.Time {
	if w.opts.Resync < 0 {
		return nil
	}
	return w.opts.After(w.opts.Resync)
}

// replan plans, hands a drift to OnDrift, and deals with a failure as
// WatchOptions.OnError says.
func (w *Watcher) replan(ctx context.Context) error {
	plan, err := w.Check(ctx)
	if err == nil && !plan.Empty() {
		w.drifts.Add(1)
		if err = w.opts.OnDrift(ctx, plan); err != nil {
			err = fmt.Errorf("roster: watch: OnDrift: %w", err)
		}
	}
	if err == nil || ctx.Err() != nil {
		return nil // Run returns ctx's error
	}
	w.errs.Add(1)
	if w.opts.OnError == nil {
		return err
	}
	w.opts.OnError(err)
	return nil
}

// Check plans now, as Run does after an event, learns the scope from what
// it read, and returns the plan (empty when there is no drift) without
// giving it to OnDrift. It sends no request that changes anything.
func (w *Watcher) Check(ctx context.Context) (*Plan, error) {
	w.planMu.Lock()
	defer w.planMu.Unlock()
	defer w.plans.Add(1)
	plan, ix, err := newPlan(ctx, w.c, w.desired, w.opts.Plan)
	if err != nil {
		return nil, fmt.Errorf("roster: watch: %w", err)
	}
	w.scope.Store(newWatchScope(ix, plan, w.desired))
	return plan, nil
}

// Stats returns what the watcher has done so far.
func (w *Watcher) Stats() WatchStats {
	return WatchStats{Events: w.events.Load(), Relevant: w.relevant.Load(), Plans: w.plans.Load(),
		Drifts: w.drifts.Load(), Errors: w.errs.Load()}
}

// watchScope is what a watcher knows of the scope from its last plan: all
// it needs to place an event without a request.
type watchScope struct {
	// watched are the users the roster governs: every user in scope in
	// ModeSync, the users of its people in ModeBatch.
	watched map[dialpad.ID]bool
	// known are the other users the plan read.
	known map[dialpad.ID]bool
	// sync says the plan read every user and governs all in scope: an
	// unknown user is a new one.
	sync bool
	// offices are the offices in scope; nil means all of them.
	offices map[dialpad.ID]bool
	// groups are the call centers, departments and coaching teams the
	// watched users belong to or the roster names.
	groups map[groupKey]bool
}

// newWatchScope learns the scope from a plan and the index of the snapshot
// it was made from.
func newWatchScope(ix *index, plan *Plan, desired []Person) *watchScope {
	snap := ix.snap
	sc := plan.Scope.resolve()
	ws := &watchScope{
		watched: map[dialpad.ID]bool{},
		known:   make(map[dialpad.ID]bool, len(snap.Users)),
		sync:    plan.Mode == ModeSync,
		groups:  map[groupKey]bool{},
	}
	if len(sc.offices) > 0 {
		ws.offices = sc.offices
	}
	// name marks the groups of type t that a roster's name (or id) for
	// them may mean: every group of that name, as the plan's index finds
	// them, so that an ambiguous name watches all its groups.
	name := func(t dialpad.GroupType, s string) {
		s = strings.TrimSpace(s)
		if id, err := dialpad.ParseID(s); err == nil && ix.groups[groupKey{t, id}] != nil {
			ws.groups[groupKey{t, id}] = true
		}
		for _, g := range ix.groupNames[t][strings.ToLower(s)] {
			ws.groups[g.key] = true
		}
	}
	people := make(map[string]bool, len(desired))
	for i := range desired {
		p := &desired[i]
		people[emailKey(p.Email)] = true
		for _, m := range p.CallCenters {
			name(dialpad.GroupTypeCallCenter, m.Group)
		}
		for _, m := range p.Departments {
			name(dialpad.GroupTypeDepartment, m.Group)
		}
		if p.CoachingTeam != "" {
			name(GroupTypeCoachingTeam, p.CoachingTeam)
		}
	}
	for _, u := range snap.Users {
		governed := sc.has(u) && (ws.sync || slices.ContainsFunc(u.Emails, func(e string) bool { return people[emailKey(e)] }))
		if !governed {
			ws.known[u.ID] = true
			continue
		}
		ws.watched[u.ID] = true
		for _, m := range ix.memberOf[u.ID] {
			ws.groups[m.group.key] = true
		}
	}
	return ws
}

// eventGroupTypes maps the target types of change-log events about groups
// to the API's group types.
var eventGroupTypes = map[string]dialpad.GroupType{
	"call_center": dialpad.GroupTypeCallCenter, "callcenter": dialpad.GroupTypeCallCenter,
	"department":    dialpad.GroupTypeDepartment,
	"coaching_team": GroupTypeCoachingTeam, "coachingteam": GroupTypeCoachingTeam,
}

// touches reports whether an event may change what a plan of the roster
// says.
func (ws *watchScope) touches(ev *webhook.ChangeLogEvent) bool {
	id := ev.Target.ID
	switch t := ev.Target.Type; t {
	case "user":
		switch {
		case ws.watched[id]:
			return true
		case ws.known[id] || !ws.sync:
			// A user outside the scope (or, in a batch, one the plan did
			// not read) matters only if the change may bring it in.
			return mayEnterScope(ev)
		default:
			return true // a user the plan did not read: a new one
		}
	case "office":
		return ws.offices == nil || ws.offices[id] || ws.operatorWatched(ev)
	default:
		gt, ok := eventGroupTypes[t]
		return ok && (ws.groups[groupKey{gt, id}] || ws.operatorWatched(ev))
	}
}

// operatorWatched reports whether an operator event's operator is a
// watched user (or cannot be told).
func (ws *watchScope) operatorWatched(ev *webhook.ChangeLogEvent) bool {
	if !strings.HasPrefix(ev.Action, "operator_") {
		return false
	}
	var data struct {
		OperatorID   json.RawMessage `json:"operator_id"`
		OperatorType string          `json:"operator_type"`
	}
	if json.Unmarshal(ev.AdditionalData, &data) != nil || len(data.OperatorID) == 0 {
		return true // cannot tell who: assume it matters
	}
	if data.OperatorType != "" && data.OperatorType != "user" {
		return false // a room or other non-user operator
	}
	id, err := dialpad.ParseID(strings.Trim(string(data.OperatorID), `"`))
	return err != nil || ws.watched[id]
}

// mayEnterScope reports whether a change to a user outside the scope may
// bring it in (or make it a person of the roster): a creation, a move, or
// an update of its emails or office, or an update that does not say which
// fields it changed.
func mayEnterScope(ev *webhook.ChangeLogEvent) bool {
	switch ev.Action {
	case "user_created", "user_office_changed":
		return true
	case "user_updated":
		var data struct {
			Fields []string `json:"fields"`
		}
		if json.Unmarshal(ev.AdditionalData, &data) != nil || data.Fields == nil {
			return true
		}
		return slices.ContainsFunc(data.Fields, func(f string) bool { return f == "emails" || f == "office_id" })
	default:
		return false
	}
}
