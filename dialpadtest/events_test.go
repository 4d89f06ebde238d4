package dialpadtest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/webhook"
)

// eventHappySteps are TestHappyPathsMatchSpec's steps for the events spec:
// each of its 10 operations once, on a webhook and a subscription the
// steps create.
func eventHappySteps() []specStep {
	var hook, sub string
	hookPath := func() string { return "/api/v2/webhooks/" + hook }
	subPath := func() string { return "/api/v2/subscriptions/changelog/" + sub }
	return []specStep{
		{"webhooks.create", "POST", fixed("/api/v2/webhooks"), map[string]any{"hook_url": "https://hooks.example.com/dialpad", "secret": "puppy"},
			func(m map[string]any) { hook = m["id"].(string) }},
		{"webhooks.list", "GET", fixed("/api/v2/webhooks?cursor="), nil, nil},
		{"webhooks.get", "GET", hookPath, nil, nil},
		{"webhook.update", "PATCH", hookPath, map[string]any{"hook_url": "https://hooks.example.com/v2", "secret": "kitten"}, nil},
		{"webhook_change_log_event_subscription.create", "POST", fixed("/api/v2/subscriptions/changelog"),
			lazyJSON(func() any { return map[string]any{"endpoint_id": json.Number(hook), "enabled": false} }),
			func(m map[string]any) { sub = m["id"].(string) }},
		{"webhook_change_log_event_subscription.list", "GET", fixed("/api/v2/subscriptions/changelog"), nil, nil},
		{"webhook_change_log_event_subscription.get", "GET", subPath, nil, nil},
		{"webhook_change_log_event_subscription.update", "PATCH", subPath, map[string]any{"enabled": true}, nil},
		{"webhook_change_log_event_subscription.delete", "DELETE", subPath, nil, nil},
		{"webhooks.delete", "DELETE", hookPath, nil, nil},
	}
}

// lazyJSON is a request body built when it is sent, from what earlier
// steps returned.
type lazyJSON func() any

// MarshalJSON encodes the value the function returns now.
func (f lazyJSON) MarshalJSON() ([]byte, error) { return json.Marshal(f()) }

// eventReceiver is a webhook.Handler behind an httptest server (TLS when
// tls is set) that records the events handed over.
type eventReceiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	events []*webhook.ChangeLogEvent
}

func newEventReceiver(t *testing.T, tls bool, opts webhook.Options) *eventReceiver {
	t.Helper()
	rc := &eventReceiver{}
	h, err := webhook.NewHandler(func(_ context.Context, ev *webhook.ChangeLogEvent) error {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.events = append(rc.events, ev)
		return nil
	}, opts)
	require.NoError(t, err)
	if tls {
		rc.srv = httptest.NewTLSServer(h)
	} else {
		rc.srv = httptest.NewServer(h)
	}
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *eventReceiver) handed() []*webhook.ChangeLogEvent {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]*webhook.ChangeLogEvent(nil), rc.events...)
}

// subscribe adds a webhook for hookURL (signing with secret, unless it is
// empty) and an enabled change-log subscription to it.
func subscribe(t *testing.T, srv *dialpadtest.Server, hookURL, secret string) {
	t.Helper()
	hook, err := srv.AddWebhook(hookURL, secret)
	require.NoError(t, err)
	_, err = srv.AddChangeLogSubscription(hook, true)
	require.NoError(t, err)
}

// redirecting is a server that redirects every request to a receiver of
// its own: a delivery that follows the redirect reaches elsewhere.
func redirecting(t *testing.T) (url string, elsewhere *eventReceiver) {
	elsewhere = newEventReceiver(t, false, webhook.Options{AllowUnsigned: true})
	redirect := httptest.NewServer(http.RedirectHandler(elsewhere.srv.URL, http.StatusTemporaryRedirect))
	t.Cleanup(redirect.Close)
	return redirect.URL, elsewhere
}

// anEvent is the event the delivery tests inject.
var anEvent = webhook.ChangeLogEvent{Action: "user_updated", Target: webhook.Target{Type: "user", ID: 1}}

// flush waits until srv has no delivery queued or being POSTed, and
// returns every finished one.
func flush(t *testing.T, srv *dialpadtest.Server) []dialpadtest.Delivery {
	t.Helper()
	ds, err := srv.Flush(waitCtx(t))
	require.NoError(t, err)
	return ds
}

// waitCtx bounds a wait for deliveries: it never sleeps, and only a broken
// server makes it expire.
func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// TestUpdateReachesReceiver is the end-to-end path: a webhook and a
// subscription registered through the SDK, a user updated through the
// SDK, and the change arriving at a webhook.Handler over TLS as an event
// signed with the webhook's secret, whose target is that user.
func TestUpdateReachesReceiver(t *testing.T) {
	t.Parallel()
	const secret = "whsec-e2e"
	srv := newServer(t)
	rc := newEventReceiver(t, true, webhook.Options{Secrets: []string{secret}})
	srv.SetDeliveryClient(rc.srv.Client()) // trusts the receiver's certificate
	client := newClient(t, srv)
	ctx := context.Background()

	hook, err := client.Webhooks.Create(ctx, &dialpad.CreateWebhookRequest{HookURL: rc.srv.URL + "/dialpad", Secret: dialpad.Ptr(secret)})
	require.NoError(t, err)
	sub, err := client.ChangeLogSubscriptions.Create(ctx, &dialpad.CreateChangeLogSubscriptionRequest{EndpointID: hook.ID})
	require.NoError(t, err)
	assert.True(t, sub.Enabled, "enabled by default")

	_, err = client.Users.Update(ctx, dialpadtest.SeedAgentUserID, &dialpad.UpdateUserRequest{JobTitle: dialpad.Ptr("Rear Admiral")})
	require.NoError(t, err)
	ds, err := srv.WaitDeliveries(waitCtx(t), 1)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, http.StatusNoContent, ds[0].Status, "the receiver accepted it")
	assert.Equal(t, 2, strings.Count(string(ds[0].Body), "."), "a JWT")

	got := rc.handed()
	require.Len(t, got, 1)
	assert.Equal(t, webhook.Target{Type: "user", ID: dialpadtest.SeedAgentUserID}, got[0].Target)
	assert.Equal(t, "user_updated", got[0].Action)
	assert.JSONEq(t, `{"fields": ["job_title"]}`, string(got[0].AdditionalData))
	assert.Equal(t, "user", got[0].ChangedBy.Type)

	// The same delivery fails verification under another secret.
	_, err = webhook.ParseChangeLog(ds[0].Body, "another")
	assert.ErrorIs(t, err, webhook.ErrSignature)
}

// TestChangesBecomeEvents checks the event each kind of change produces.
func TestChangesBecomeEvents(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	rc := newEventReceiver(t, false, webhook.Options{Secrets: []string{"s"}})
	subscribe(t, srv, rc.srv.URL, "s")
	require.NoError(t, srv.SetSeats(dialpadtest.SeedBranchOfficeID, "agents", 5))
	client := newClient(t, srv)
	ctx := context.Background()
	grace, alan := dialpad.ID(dialpadtest.SeedAgentUserID), dialpad.ID(dialpadtest.SeedSuspendedUserID)

	steps := []struct {
		call   func() error
		action string
		target webhook.Target
		data   string // "" when none
	}{
		{func() error {
			_, err := client.Users.Update(ctx, grace, &dialpad.UpdateUserRequest{State: dialpad.Ptr(dialpad.UserStateSuspended)})
			return err
		}, "user_suspended", webhook.Target{Type: "user", ID: grace}, `{"fields": ["state"]}`},
		{func() error {
			_, err := client.Users.Update(ctx, grace, &dialpad.UpdateUserRequest{State: dialpad.Ptr(dialpad.UserStateActive)})
			return err
		}, "user_activated", webhook.Target{Type: "user", ID: grace}, `{"fields": ["state"]}`},
		{func() error {
			_, err := client.Users.MoveOffice(ctx, grace, dialpadtest.SeedBranchOfficeID)
			return err
		},
			"user_office_changed", webhook.Target{Type: "user", ID: grace}, `{"office_id": ` + id(dialpadtest.SeedBranchOfficeID) + `}`},
		{func() error {
			_, err := client.CallCenters.AddOperator(ctx, dialpadtest.SeedCallCenterID, &dialpad.AddCallCenterOperatorRequest{UserID: alan, Role: dialpad.Ptr(dialpad.GroupRoleSupervisor)})
			return err
		}, "operator_added", webhook.Target{Type: "call_center", ID: dialpadtest.SeedCallCenterID}, `{"operator_id": "` + id(alan) + `", "operator_type": "user"}`},
		{func() error {
			_, err := client.CallCenters.RemoveOperator(ctx, dialpadtest.SeedCallCenterID, alan)
			return err
		},
			"operator_removed", webhook.Target{Type: "call_center", ID: dialpadtest.SeedCallCenterID}, `{"operator_id": "` + id(alan) + `", "operator_type": "user"}`},
		{func() error {
			_, err := client.Departments.AddOperator(ctx, dialpadtest.SeedDepartmentID, &dialpad.AddOperatorRequest{OperatorID: alan, OperatorType: dialpad.OperatorTypeUser})
			return err
		}, "operator_added", webhook.Target{Type: "department", ID: dialpadtest.SeedDepartmentID}, `{"operator_id": "` + id(alan) + `", "operator_type": "user"}`},
		{func() error {
			_, err := client.Offices.RemoveOperator(ctx, dialpadtest.SeedOfficeID, &dialpad.RemoveOperatorRequest{OperatorID: dialpadtest.SeedAdminUserID, OperatorType: dialpad.OperatorTypeUser})
			return err
		}, "operator_removed", webhook.Target{Type: "office", ID: dialpadtest.SeedOfficeID}, `{"operator_id": "` + id(dialpadtest.SeedAdminUserID) + `", "operator_type": "user"}`},
		{func() error { _, err := client.Users.Delete(ctx, alan); return err },
			"user_deleted", webhook.Target{Type: "user", ID: alan}, ""},
	}
	for i, st := range steps {
		require.NoError(t, st.call(), st.action)
		_, err := srv.WaitDeliveries(waitCtx(t), i+1)
		require.NoError(t, err)
		got := rc.handed()
		require.Len(t, got, i+1, st.action)
		ev := got[i]
		assert.Equal(t, st.action, ev.Action)
		assert.Equal(t, st.target, ev.Target, st.action)
		if st.data == "" {
			assert.Nil(t, ev.AdditionalData, st.action)
		} else {
			assert.JSONEq(t, st.data, string(ev.AdditionalData), st.action)
		}
	}
	// Reads and refused changes announce nothing.
	_, err := client.Users.Get(ctx, grace)
	require.NoError(t, err)
	_, err = client.Users.Update(ctx, grace, &dialpad.UpdateUserRequest{OfficeID: dialpad.Ptr(dialpad.ID(999))})
	require.Error(t, err)
	ds := flush(t, srv)
	assert.Len(t, ds, len(steps))
}

// TestInjectChangeLog delivers a hand-made event to every enabled
// subscription (signed or not, as each webhook says) and to no disabled
// one.
func TestInjectChangeLog(t *testing.T) {
	t.Parallel()
	srv := newServer(t, dialpadtest.WithClock(func() time.Time { return time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC) }))
	signed := newEventReceiver(t, false, webhook.Options{Secrets: []string{"new", "old"}})
	plain := newEventReceiver(t, false, webhook.Options{AllowUnsigned: true})
	paused := newEventReceiver(t, false, webhook.Options{AllowUnsigned: true})
	for _, r := range []struct {
		rc      *eventReceiver
		secret  string
		enabled bool
	}{{signed, "old", true}, {plain, "", true}, {paused, "", false}} {
		hook, err := srv.AddWebhook(r.rc.srv.URL, r.secret)
		require.NoError(t, err)
		_, err = srv.AddChangeLogSubscription(hook, r.enabled)
		require.NoError(t, err)
	}
	ev := webhook.ChangeLogEvent{
		Action:         "license_changed",
		AdditionalData: json.RawMessage(`{"license":"agents"}`),
		Target:         webhook.Target{Type: "user", ID: dialpadtest.SeedAgentUserID},
		ChangedBy:      webhook.Author{Name: "Portal Admin", ID: dialpadtest.SeedAdminUserID, Type: "user"},
	}
	assert.Equal(t, 2, srv.InjectChangeLog(ev))
	ds := flush(t, srv)
	require.Len(t, ds, 2)
	assert.Equal(t, []string{"application/jwt", "application/json"}, []string{contentType(ds[0].Body), contentType(ds[1].Body)})
	for _, rc := range []*eventReceiver{signed, plain} {
		got := rc.handed()
		require.Len(t, got, 1)
		assert.Equal(t, time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC), got[0].Date, "the server's clock")
		assert.Equal(t, ev.Target, got[0].Target)
		assert.Equal(t, ev.ChangedBy, got[0].ChangedBy)
		assert.JSONEq(t, `{"license":"agents"}`, string(got[0].AdditionalData))
	}
	assert.Empty(t, paused.handed())
}

// contentType tells a JWT body from JSON.
func contentType(body []byte) string {
	if strings.HasPrefix(string(body), "{") {
		return "application/json"
	}
	return "application/jwt"
}

// TestDeliveriesStayPut: a redirect is not followed, and the default
// client reaches loopback addresses only.
func TestDeliveriesStayPut(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	redirect, elsewhere := redirecting(t)
	for _, u := range []string{redirect, "http://192.0.2.1:9/hook"} {
		subscribe(t, srv, u, "")
	}
	srv.InjectChangeLog(anEvent)
	ds := flush(t, srv)
	require.Len(t, ds, 2)
	assert.Equal(t, http.StatusTemporaryRedirect, ds[0].Status)
	assert.Empty(t, elsewhere.handed(), "the redirect was followed")
	assert.ErrorIs(t, ds[1].Err, dialpadtest.ErrNotLoopback)
}

// TestDeliveryClientStaysPut: a client of the test's own, which would
// follow redirects, does not follow one for a delivery.
func TestDeliveryClientStaysPut(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	redirect, elsewhere := redirecting(t)
	srv.SetDeliveryClient(&http.Client{}) // follows redirects by default
	subscribe(t, srv, redirect, "")
	srv.InjectChangeLog(anEvent)
	ds := flush(t, srv)
	require.Len(t, ds, 1)
	assert.Equal(t, http.StatusTemporaryRedirect, ds[0].Status)
	assert.Empty(t, elsewhere.handed(), "the redirect was followed")
}

// TestDeliveryQueueBounded: with the receiver stuck on the first delivery,
// MaxQueuedDeliveries more wait and the next one is dropped.
func TestDeliveryQueueBounded(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	stuck := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- struct{}{}:
			<-release
		default:
		}
	}))
	t.Cleanup(stuck.Close)
	subscribe(t, srv, stuck.URL, "")
	ev := anEvent
	srv.InjectChangeLog(ev)
	<-arrived // the worker holds the first delivery: the queue is empty
	for range dialpadtest.MaxQueuedDeliveries + 1 {
		srv.InjectChangeLog(ev)
	}
	ds := srv.Deliveries()
	require.Len(t, ds, 1, "only the overflow finished")
	assert.ErrorIs(t, ds[0].Err, dialpadtest.ErrDeliveryQueueFull)
	close(release)
	ds = flush(t, srv)
	assert.Len(t, ds, dialpadtest.MaxQueuedDeliveries+2)
}

// TestCloseAbandonsDelivery: closing the server ends the delivery a stuck
// receiver holds, instead of waiting for its answer.
func TestCloseAbandonsDelivery(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	arrived, release := make(chan struct{}), make(chan struct{})
	stuck := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-release
	}))
	t.Cleanup(stuck.Close)
	t.Cleanup(func() { close(release) }) // before stuck.Close, which waits for the handler
	subscribe(t, srv, stuck.URL, "")
	srv.InjectChangeLog(anEvent)
	<-arrived
	srv.Close()
	ds := flush(t, srv)
	require.Len(t, ds, 1)
	assert.ErrorIs(t, ds[0].Err, context.Canceled)
	assert.Zero(t, ds[0].Status)
}

// TestWaitDeliveriesHonoursContext returns when the context ends.
func TestWaitDeliveriesHonoursContext(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := srv.WaitDeliveries(ctx, 1)
	assert.ErrorIs(t, err, context.Canceled)
	ds, err := srv.Flush(ctx)
	require.NoError(t, err, "nothing in flight")
	assert.Empty(t, ds)
}

// TestEventResources checks the webhook and subscription rules the spec
// leaves to the server.
func TestEventResources(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for _, tc := range []struct {
		method, path string
		body         any
		status       int
	}{
		{"POST", "/api/v2/webhooks", map[string]any{}, http.StatusBadRequest},
		{"POST", "/api/v2/webhooks", map[string]any{"hook_url": "ftp://x.example.com"}, http.StatusBadRequest},
		{"POST", "/api/v2/webhooks", map[string]any{"hook_url": "https://x.example.com", "secret": "a\nb"}, http.StatusBadRequest},
		{"POST", "/api/v2/webhooks", map[string]any{"hook_url": "https://x.example.com", "extra": 1}, http.StatusBadRequest},
		{"GET", "/api/v2/webhooks/42", nil, http.StatusNotFound},
		{"POST", "/api/v2/subscriptions/changelog", map[string]any{}, http.StatusBadRequest},
		{"POST", "/api/v2/subscriptions/changelog", map[string]any{"endpoint_id": 42}, http.StatusBadRequest},
		{"DELETE", "/api/v2/subscriptions/changelog/42", nil, http.StatusNotFound},
	} {
		assert.Equal(t, tc.status, send(t, srv, tc.method, tc.path, tc.body).status, "%s %s %v", tc.method, tc.path, tc.body)
	}
	hook, err := srv.AddWebhook("https://x.example.com", "s")
	require.NoError(t, err)
	sub, err := srv.AddChangeLogSubscription(hook, true)
	require.NoError(t, err)
	r := send(t, srv, "DELETE", "/api/v2/webhooks/"+id(hook), nil)
	assert.Equal(t, http.StatusBadRequest, r.status, "a subscription still uses it: %s", r.body)
	send(t, srv, "DELETE", "/api/v2/subscriptions/changelog/"+id(sub), nil).ok(t)
	send(t, srv, "DELETE", "/api/v2/webhooks/"+id(hook), nil).ok(t)
	assert.Empty(t, srv.Webhooks())
	assert.Empty(t, srv.ChangeLogSubscriptions())
	_, err = srv.AddWebhook("not a url", "")
	assert.Error(t, err)
	_, err = srv.AddWebhook("https://x.example.com", "two\nlines")
	assert.Error(t, err)
	_, err = srv.AddChangeLogSubscription(hook, true)
	assert.Error(t, err)
}

// TestEventListsAndUpdates: the webhook and subscription lists page by
// their cursors, refuse one they never handed out, and the updates refuse
// what the creates refuse.
func TestEventListsAndUpdates(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	var hooks, subs []dialpad.ID
	for _, u := range []string{"https://a.example.com", "https://b.example.com"} {
		h, err := srv.AddWebhook(u, "s")
		require.NoError(t, err)
		s, err := srv.AddChangeLogSubscription(h, true)
		require.NoError(t, err)
		hooks, subs = append(hooks, h), append(subs, s)
	}
	assert.Len(t, srv.Webhooks(), 2)
	assert.Len(t, srv.ChangeLogSubscriptions(), 2)
	for _, list := range []string{"/api/v2/webhooks", "/api/v2/subscriptions/changelog"} {
		first := send(t, srv, "GET", list+"?limit=1", nil).ok(t)
		require.Len(t, items(t, first), 1, list)
		cursor, _ := first["cursor"].(string)
		require.NotEmpty(t, cursor, list)
		second := send(t, srv, "GET", list+"?limit=1&cursor="+url.QueryEscape(cursor), nil).ok(t)
		require.Len(t, items(t, second), 1, list)
		assert.NotEqual(t, items(t, first)[0]["id"], items(t, second)[0]["id"], list)
		send(t, srv, "GET", list+"?cursor=garbage", nil).fails(t, http.StatusBadRequest, "cursor")
	}
	hook, sub := "/api/v2/webhooks/"+id(hooks[0]), "/api/v2/subscriptions/changelog/"+id(subs[0])
	for _, tc := range []struct {
		method, path string
		body         any
		status       int
	}{
		{"PATCH", hook, "{not json", http.StatusBadRequest},
		{"PATCH", hook, map[string]any{"hook_url": "ftp://x.example.com"}, http.StatusBadRequest},
		{"POST", "/api/v2/subscriptions/changelog", "{not json", http.StatusBadRequest},
		{"PATCH", "/api/v2/subscriptions/changelog/42", map[string]any{"enabled": false}, http.StatusNotFound},
		{"PATCH", sub, "{not json", http.StatusBadRequest},
		{"PATCH", sub, map[string]any{"endpoint_id": 42}, http.StatusBadRequest},
	} {
		assert.Equal(t, tc.status, send(t, srv, tc.method, tc.path, tc.body).status, "%s %s %v", tc.method, tc.path, tc.body)
	}
	m := send(t, srv, "PATCH", sub, map[string]any{"endpoint_id": int64(hooks[1]), "enabled": false}).ok(t)
	assert.Equal(t, false, m["enabled"])
	assert.Equal(t, hooks[1], srv.ChangeLogSubscriptions()[0].WebhookID)
}
