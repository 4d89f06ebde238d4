package roster_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/roster"
	"github.com/dialpad-community/dialpad-go/webhook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	watchSecret = "whsec-watch"
	watchHook   = "https://hooks.example.test/dialpad"
	debounce    = time.Second
	resync      = 10 * time.Minute
)

// watchRig is a fake company whose roster is in step, a watcher of it
// whose receiver gets the fake's deliveries in memory (no network, so
// that it runs in a synctest bubble), and an admin's client that changes
// things as the portal would.
type watchRig struct {
	srv    *dialpadtest.Server
	c      *dialpad.Client // the watcher's
	admin  *dialpad.Client // a portal admin's, on the same company
	w      *roster.Watcher
	people []roster.Person
	ids    map[string]dialpad.ID
	hq     dialpad.ID

	mu     sync.Mutex
	drifts []*roster.Plan
}

// watchOpts is the scope the rigs watch: Headquarters, example.com.
var watchOpts = roster.PlanOptions{Mode: roster.ModeSync, Offices: []string{"Headquarters"}, EmailDomains: []string{"example.com"}}

// newWatchRig builds the rig without a listener (for synctest); opts
// gets the plan options and OnDrift filled in.
func newWatchRig(t *testing.T, opts roster.WatchOptions) *watchRig {
	t.Helper()
	srv := dialpadtest.NewServer(dialpadtest.WithEmptyState(), dialpadtest.WithoutRateLimits(), dialpadtest.WithoutListener())
	t.Cleanup(srv.Close)
	rig := &watchRig{srv: srv, ids: map[string]dialpad.ID{}}
	var err error
	rig.hq, err = srv.AddOffice(dialpadtest.Office{Name: "Headquarters", Seats: map[string]int{"talk": 20, "agents": 5}})
	require.NoError(t, err)
	ext, err := srv.AddOffice(dialpadtest.Office{Name: "Contractors", Seats: map[string]int{"talk": 5, "agents": 5}})
	require.NoError(t, err)
	_, err = srv.AddCallCenter(dialpadtest.CallCenter{Name: "Support", OfficeID: rig.hq})
	require.NoError(t, err)
	for _, u := range []struct {
		email  string
		office dialpad.ID
	}{
		{"ada@example.com", rig.hq}, {"grace@example.com", rig.hq}, {"bob@example.com", rig.hq},
		{"sam@partner.example", rig.hq}, // another email domain
		{"carl@example.com", ext},       // another office
	} {
		rig.ids[u.email], err = srv.AddUser(dialpadtest.User{OfficeID: u.office, Emails: []string{u.email}, FirstName: "X", License: "talk"})
		require.NoError(t, err)
	}
	for _, e := range []string{"ada@example.com", "grace@example.com", "bob@example.com"} {
		rig.people = append(rig.people, roster.Person{Email: e, Office: "Headquarters", License: dialpad.LicenseTalk})
	}
	rig.c, err = srv.NewClient()
	require.NoError(t, err)
	rig.admin, err = srv.NewClient()
	require.NoError(t, err)

	if opts.Plan.Mode == "" {
		opts.Plan = watchOpts
	}
	opts.OnDrift = func(_ context.Context, p *roster.Plan) error {
		rig.mu.Lock()
		defer rig.mu.Unlock()
		rig.drifts = append(rig.drifts, p)
		return nil
	}
	rig.w, err = roster.NewWatcher(rig.c, rig.people, opts)
	require.NoError(t, err)
	h, err := webhook.NewHandler(rig.w.Handle, webhook.Options{Secrets: []string{watchSecret}})
	require.NoError(t, err)
	srv.SetDeliveryClient(&http.Client{Transport: handlerTransport{h}})
	_, _, err = webhook.Register(context.Background(), rig.c, watchHook, watchSecret)
	require.NoError(t, err)
	return rig
}

// handlerTransport serves requests with a handler, in memory.
type handlerTransport struct{ h http.Handler }

func (tr handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	tr.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// run starts the watcher (in a synctest bubble) and waits until its first
// plan is made; the returned function stops it and checks that Run ended
// with the cancellation.
func (rig *watchRig) run(t *testing.T) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- rig.w.Run(ctx) }()
	synctest.Wait()
	return func() {
		cancel()
		assert.ErrorIs(t, <-done, context.Canceled)
	}
}

func (rig *watchRig) driftPlans() []*roster.Plan {
	rig.mu.Lock()
	defer rig.mu.Unlock()
	return append([]*roster.Plan(nil), rig.drifts...)
}

// reads counts the requests the fake received, by operation.
func reads(srv *dialpadtest.Server) map[string]int {
	out := map[string]int{}
	for _, r := range srv.Requests() {
		out[r.Operation]++
	}
	return out
}

// TestWatchLicenseDrift: an admin switches the license of a user in scope
// through the fake's API; the signed event reaches the watcher through
// webhook.Handler, and after the debounce one plan reports exactly that
// change, to be undone.
func TestWatchLicenseDrift(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rig := newWatchRig(t, roster.WatchOptions{Debounce: debounce, Resync: -1})
		stop := rig.run(t)
		defer stop()
		require.Equal(t, roster.WatchStats{Plans: 1}, rig.w.Stats(), "the first plan finds the roster in step")

		_, err := rig.admin.Users.Update(context.Background(), rig.ids["ada@example.com"], &dialpad.UpdateUserRequest{License: dialpad.Ptr(dialpad.LicenseAgents)})
		require.NoError(t, err)
		synctest.Wait()
		assert.Equal(t, roster.WatchStats{Events: 1, Relevant: 1, Plans: 1}, rig.w.Stats(), "waiting for the debounce")
		time.Sleep(debounce)
		synctest.Wait()
		assert.Equal(t, roster.WatchStats{Events: 1, Relevant: 1, Plans: 2, Drifts: 1}, rig.w.Stats())

		drifts := rig.driftPlans()
		require.Len(t, drifts, 1)
		p := drifts[0]
		require.Len(t, p.Changes, 1, text(t, p))
		ch := p.Changes[0]
		assert.Equal(t, roster.KindUpdate, ch.Kind)
		assert.Equal(t, "ada@example.com", ch.Email)
		assert.Equal(t, rig.ids["ada@example.com"], ch.UserID)
		assert.Equal(t, []roster.Action{{Op: roster.OpSetLicense, License: &roster.LicenseChange{From: dialpad.LicenseAgents, To: dialpad.LicenseTalk}}}, ch.Actions)
	})
}

// TestWatchOutOfScope: changes to users outside the scope (another email
// domain, another office) are ignored without a request.
func TestWatchOutOfScope(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rig := newWatchRig(t, roster.WatchOptions{Debounce: debounce, Resync: -1})
		stop := rig.run(t)
		defer stop()
		ctx := context.Background()
		for _, e := range []string{"sam@partner.example", "carl@example.com"} {
			_, err := rig.admin.Users.Update(ctx, rig.ids[e], &dialpad.UpdateUserRequest{License: dialpad.Ptr(dialpad.LicenseAgents)})
			require.NoError(t, err)
		}
		_, err := rig.admin.Users.Update(ctx, rig.ids["carl@example.com"], &dialpad.UpdateUserRequest{State: dialpad.Ptr(dialpad.UserStateSuspended)})
		require.NoError(t, err)
		rig.srv.ClearRequests()
		time.Sleep(10 * debounce)
		synctest.Wait()
		assert.Equal(t, roster.WatchStats{Events: 3, Plans: 1}, rig.w.Stats())
		assert.Empty(t, rig.srv.Requests(), "deciding sends nothing")
		assert.Empty(t, rig.driftPlans())
	})
}

// TestWatchBurst: 1,000 events about users in scope, delivered signed
// through the handler within the debounce, make one plan, which reads
// what one plan reads.
func TestWatchBurst(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rig := newWatchRig(t, roster.WatchOptions{Debounce: debounce, Resync: -1})
		rig.srv.ClearRequests()
		stop := rig.run(t)
		defer stop()
		onePlan := reads(rig.srv)
		require.Equal(t, 1, onePlan["users.list"])

		rig.srv.ClearRequests()
		users := []dialpad.ID{rig.ids["ada@example.com"], rig.ids["grace@example.com"], rig.ids["bob@example.com"]}
		start := time.Now()
		for i := range 1000 {
			n := rig.srv.InjectChangeLog(webhook.ChangeLogEvent{
				Date: start.Add(time.Duration(i) * time.Millisecond), Action: "user_updated",
				Target: webhook.Target{Type: "user", ID: users[i%len(users)]},
			})
			require.Equal(t, 1, n)
		}
		synctest.Wait()
		ds, err := rig.srv.Flush(context.Background())
		require.NoError(t, err)
		require.Len(t, ds, 1000)
		assert.Equal(t, roster.WatchStats{Events: 1000, Relevant: 1000, Plans: 1}, rig.w.Stats())
		assert.Empty(t, rig.srv.Requests(), "no plan before the debounce")

		time.Sleep(debounce)
		synctest.Wait()
		assert.Equal(t, roster.WatchStats{Events: 1000, Relevant: 1000, Plans: 2}, rig.w.Stats(), "one plan for the burst")
		assert.Equal(t, onePlan, reads(rig.srv), "the requests of one plan")
		time.Sleep(100 * debounce)
		synctest.Wait()
		assert.Equal(t, int64(2), rig.w.Stats().Plans, "and none after")
	})
}

// TestWatchResync: with no event at all, the resync interval plans again
// and finds a change whose delivery was lost (a user added through the
// fake's seeding API, which sends no event).
func TestWatchResync(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rig := newWatchRig(t, roster.WatchOptions{Debounce: debounce, Resync: resync})
		stop := rig.run(t)
		defer stop()
		id, err := rig.srv.AddUser(dialpadtest.User{OfficeID: rig.hq, Emails: []string{"stray@example.com"}, License: "talk"})
		require.NoError(t, err)
		time.Sleep(resync - time.Millisecond)
		synctest.Wait()
		assert.Equal(t, roster.WatchStats{Plans: 1}, rig.w.Stats())
		time.Sleep(time.Millisecond)
		synctest.Wait()
		assert.Equal(t, roster.WatchStats{Plans: 2, Drifts: 1}, rig.w.Stats())
		drifts := rig.driftPlans()
		require.Len(t, drifts, 1)
		require.Len(t, drifts[0].Changes, 1)
		assert.Equal(t, roster.KindSuspend, drifts[0].Changes[0].Kind)
		assert.Equal(t, id, drifts[0].Changes[0].UserID)
		assert.Equal(t, "not in roster", drifts[0].Changes[0].Reason)
	})
}

// TestWatchScope checks which events matter, from the scope learned by
// Check: users governed or unknown, users outside who may come in,
// offices and groups in scope, and operators; in a batch only the
// roster's people.
func TestWatchScope(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		rig := newWatchRig(t, roster.WatchOptions{})
		ctx := context.Background()
		p, err := rig.w.Check(ctx)
		require.NoError(t, err)
		require.True(t, p.Empty(), text(t, p))
		var support dialpad.ID
		for cc, err := range rig.c.CallCenters.List(ctx, nil) {
			require.NoError(t, err)
			support = cc.ID
		}
		ext := rig.hq + 1000 // no such office
		ada, sam, carl := rig.ids["ada@example.com"], rig.ids["sam@partner.example"], rig.ids["carl@example.com"]
		user := func(action string, id dialpad.ID, data string) *webhook.ChangeLogEvent {
			ev := &webhook.ChangeLogEvent{Action: action, Target: webhook.Target{Type: "user", ID: id}}
			if data != "" {
				ev.AdditionalData = json.RawMessage(data)
			}
			return ev
		}
		op := func(kind string, group, operator dialpad.ID) *webhook.ChangeLogEvent {
			return &webhook.ChangeLogEvent{Action: "operator_added", Target: webhook.Target{Type: kind, ID: group},
				AdditionalData: json.RawMessage(`{"operator_id": "` + operator.String() + `", "operator_type": "user"}`)}
		}
		cases := []struct {
			name    string
			ev      *webhook.ChangeLogEvent
			matters bool
		}{
			{"governed user", user("user_updated", ada, `{"fields": ["license"]}`), true},
			{"outside, license", user("user_updated", sam, `{"fields": ["license"]}`), false},
			{"outside, suspended", user("user_suspended", carl, ""), false},
			{"outside, emails", user("user_updated", sam, `{"fields": ["emails"]}`), true},
			{"outside, fields unknown", user("user_updated", sam, ""), true},
			{"outside, moved", user("user_office_changed", carl, `{"office_id": 1}`), true},
			{"unknown user", user("user_created", 987654321, ""), true},
			{"office in scope", op("office", rig.hq, carl), true},
			{"office outside", op("office", ext, carl), false},
			{"office outside, governed operator", op("office", ext, ada), true},
			{"group of nobody governed", op("call_center", support, carl), false},
			{"group, governed operator", op("call_center", support, ada), true},
			{"group, operator untold", &webhook.ChangeLogEvent{Action: "operator_removed", Target: webhook.Target{Type: "department", ID: 5}}, true},
			{"another kind of target", &webhook.ChangeLogEvent{Action: "room_updated", Target: webhook.Target{Type: "room", ID: 5}}, false},
		}
		for _, c := range cases {
			before := rig.w.Stats().Relevant
			require.NoError(t, rig.w.Handle(ctx, c.ev))
			assert.Equal(t, c.matters, rig.w.Stats().Relevant > before, c.name)
		}

		// A batch of one person watches that person's user only.
		batch, err := roster.NewWatcher(rig.c, rig.people[:1], roster.WatchOptions{
			Plan:    roster.PlanOptions{Offices: []string{"Headquarters"}},
			OnDrift: func(context.Context, *roster.Plan) error { return nil },
		})
		require.NoError(t, err)
		_, err = batch.Check(ctx)
		require.NoError(t, err)
		for _, c := range []struct {
			name    string
			ev      *webhook.ChangeLogEvent
			matters bool
		}{
			{"the person's user", user("user_updated", ada, `{"fields": ["license"]}`), true},
			{"someone else in scope", user("user_updated", rig.ids["grace@example.com"], `{"fields": ["license"]}`), false},
			{"someone unread", user("user_updated", 987654321, `{"fields": ["license"]}`), false},
			{"a new user", user("user_created", 987654321, ""), true},
		} {
			before := batch.Stats().Relevant
			require.NoError(t, batch.Handle(ctx, c.ev))
			assert.Equal(t, c.matters, batch.Stats().Relevant > before, "batch: "+c.name)
		}
	})
}

// TestWatchErrors: a failing plan stops Run without OnError and is
// reported with it, Run carrying on; NewWatcher checks its options.
func TestWatchErrors(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		_, err := roster.NewWatcher(nil, nil, roster.WatchOptions{})
		require.Error(t, err)
		srv := dialpadtest.NewServer(dialpadtest.WithEmptyState(), dialpadtest.WithoutRateLimits(), dialpadtest.WithoutListener())
		defer srv.Close()
		c, err := srv.NewClient()
		require.NoError(t, err)
		_, err = roster.NewWatcher(c, nil, roster.WatchOptions{Plan: roster.PlanOptions{Mode: roster.ModeSync}})
		require.ErrorContains(t, err, "OnDrift")
		noDrift := func(context.Context, *roster.Plan) error { return nil }
		_, err = roster.NewWatcher(c, nil, roster.WatchOptions{Plan: roster.PlanOptions{Mode: roster.ModeSync}, OnDrift: noDrift})
		require.ErrorIs(t, err, roster.ErrEmptyRoster)

		// An office of the scope that does not exist fails every plan.
		people := []roster.Person{{Email: "a@example.com", Office: "Nowhere"}}
		w, err := roster.NewWatcher(c, people, roster.WatchOptions{Plan: roster.PlanOptions{Mode: roster.ModeSync, Offices: []string{"Nowhere"}}, OnDrift: noDrift})
		require.NoError(t, err)
		err = w.Run(context.Background())
		require.ErrorContains(t, err, "Nowhere")

		var mu sync.Mutex
		var reported []error
		w, err = roster.NewWatcher(c, people, roster.WatchOptions{Plan: roster.PlanOptions{Mode: roster.ModeSync, Offices: []string{"Nowhere"}}, OnDrift: noDrift,
			Resync: resync, OnError: func(err error) { mu.Lock(); reported = append(reported, err); mu.Unlock() }})
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- w.Run(ctx) }()
		time.Sleep(2*resync + time.Millisecond)
		synctest.Wait()
		cancel()
		require.ErrorIs(t, <-done, context.Canceled)
		assert.Len(t, reported, 3, "the first plan and two resyncs")
		assert.Equal(t, int64(3), w.Stats().Errors)
	})
}

// TestWatchEndToEnd runs the whole path over the network: the fake
// delivers a signed event over TLS to a webhook.Handler registered with
// webhook.Register, the watcher reports the drift, the plan is applied,
// and the watcher then finds none.
func TestWatchEndToEnd(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	ada := co.user(t, dialpadtest.User{Emails: []string{"ada@example.com"}, License: "talk"})
	co.user(t, dialpadtest.User{Emails: []string{"grace@example.com"}, License: "talk"})
	people := []roster.Person{
		{Email: "ada@example.com", FirstName: "ada", Office: "Headquarters", License: dialpad.LicenseTalk},
		{Email: "grace@example.com", FirstName: "grace", Office: "Headquarters", License: dialpad.LicenseTalk},
	}
	drift := make(chan *roster.Plan, 10)
	w, err := roster.NewWatcher(co.c, people, roster.WatchOptions{
		Plan:     roster.PlanOptions{Mode: roster.ModeSync, Offices: []string{"Headquarters"}},
		Debounce: time.Millisecond, Resync: -1,
		OnDrift: func(_ context.Context, p *roster.Plan) error { drift <- p; return nil },
	})
	require.NoError(t, err)
	h, err := webhook.NewHandler(w.Handle, webhook.Options{Secrets: []string{watchSecret}})
	require.NoError(t, err)
	receiver := httptest.NewTLSServer(h)
	t.Cleanup(receiver.Close)
	co.srv.SetDeliveryClient(receiver.Client())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // only a broken run waits this long
	defer cancel()
	_, _, err = webhook.Register(ctx, co.c, receiver.URL+"/dialpad", watchSecret)
	require.NoError(t, err)

	first, err := w.Check(ctx)
	require.NoError(t, err)
	require.True(t, first.Empty(), text(t, first))
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- w.Run(runCtx) }()

	admin := fastClient(t, co.srv)
	_, err = admin.Users.Update(ctx, ada, &dialpad.UpdateUserRequest{License: dialpad.Ptr(dialpad.LicenseAgents)})
	require.NoError(t, err)
	var p *roster.Plan
	select {
	case p = <-drift:
	case <-ctx.Done():
		t.Fatal("no drift reported")
	}
	require.Len(t, p.Changes, 1, text(t, p))
	assert.Equal(t, []roster.Action{{Op: roster.OpSetLicense, License: &roster.LicenseChange{From: dialpad.LicenseAgents, To: dialpad.LicenseTalk}}}, p.Changes[0].Actions)

	rep, err := roster.Apply(ctx, co.c, p, roster.ApplyOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Count(roster.StatusDone), statuses(rep))
	again, err := w.Check(ctx)
	require.NoError(t, err)
	assert.True(t, again.Empty(), text(t, again))
	stop()
	require.ErrorIs(t, <-done, context.Canceled)
	ds, err := co.srv.Flush(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, ds)
	assert.Equal(t, http.StatusNoContent, ds[0].Status, "the receiver answered the signed delivery")
}

// BenchmarkWatchBurst hands the watcher bursts of 1,000 events about
// users in scope and fires the debounce after each: every burst costs
// one plan (replans/op).
func BenchmarkWatchBurst(b *testing.B) {
	srv := dialpadtest.NewServer(dialpadtest.WithEmptyState(), dialpadtest.WithoutRateLimits(), dialpadtest.WithoutListener())
	defer srv.Close()
	office, err := srv.AddOffice(dialpadtest.Office{Name: "Headquarters", Seats: map[string]int{"talk": 100}})
	require.NoError(b, err)
	var people []roster.Person
	var ids []dialpad.ID
	for i := range 100 {
		e := "emp" + string(rune('a'+i/26)) + string(rune('a'+i%26)) + "@example.com"
		id, err := srv.AddUser(dialpadtest.User{OfficeID: office, Emails: []string{e}, License: "talk"})
		require.NoError(b, err)
		ids = append(ids, id)
		people = append(people, roster.Person{Email: e, Office: "Headquarters"})
	}
	c, err := srv.NewClient()
	require.NoError(b, err)
	fire := make(chan time.Time)
	w, err := roster.NewWatcher(c, people, roster.WatchOptions{
		Plan:     roster.PlanOptions{Mode: roster.ModeSync},
		Debounce: time.Hour, Resync: -1,
		After:   func(time.Duration) <-chan time.Time { return fire }, // the debounce ends when the benchmark says
		OnDrift: func(context.Context, *roster.Plan) error { return errors.New("no drift expected") },
	})
	require.NoError(b, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	for w.Stats().Plans < 1 {
		runtime.Gosched()
	}
	events := make([]webhook.ChangeLogEvent, 1000)
	for i := range events {
		events[i] = webhook.ChangeLogEvent{Action: "user_updated", Target: webhook.Target{Type: "user", ID: ids[i%len(ids)]}}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		before := w.Stats().Plans
		for i := range events {
			_ = w.Handle(ctx, &events[i])
		}
		fire <- time.Time{}
		for w.Stats().Plans == before {
			runtime.Gosched()
		}
	}
	b.StopTimer()
	st := w.Stats()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		b.Fatal(err)
	}
	bursts := st.Events / int64(len(events))
	b.ReportMetric(float64(st.Plans-1)/float64(bursts), "replans/burst")
	if st.Plans-1 != bursts {
		b.Fatalf("%d plans for %d bursts", st.Plans-1, bursts)
	}
}

// BenchmarkWatchHandle is the cost of deciding whether one event matters
// (ns/op), for an operator event whose additional data must be read.
func BenchmarkWatchHandle(b *testing.B) {
	srv := dialpadtest.NewServer(dialpadtest.WithoutListener())
	defer srv.Close()
	c, err := srv.NewClient()
	require.NoError(b, err)
	w, err := roster.NewWatcher(c, nil, roster.WatchOptions{
		Plan:    roster.PlanOptions{Offices: []string{dialpad.ID(dialpadtest.SeedOfficeID).String()}},
		OnDrift: func(context.Context, *roster.Plan) error { return nil },
	})
	require.NoError(b, err)
	ctx := context.Background()
	_, err = w.Check(ctx)
	require.NoError(b, err)
	ev := &webhook.ChangeLogEvent{Action: "operator_added", Target: webhook.Target{Type: "call_center", ID: 12345},
		AdditionalData: json.RawMessage(`{"operator_id": "777", "operator_type": "user"}`)}
	b.ReportAllocs()
	for b.Loop() {
		_ = w.Handle(ctx, ev)
	}
	if st := w.Stats(); st.Relevant != 0 {
		b.Fatalf("%d events judged relevant", st.Relevant)
	}
}
