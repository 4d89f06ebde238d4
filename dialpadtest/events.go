package dialpadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/webhook"
)

// Change-log events. A change made through the API (a user created,
// updated, suspended, moved or deleted; an operator added to or removed
// from an office, call center or department) becomes a
// webhook.ChangeLogEvent, delivered to the hook URL of every enabled
// change-log subscription's webhook: as an HS256 JWT signed with the
// webhook's secret, or as plain JSON when it has none. InjectChangeLog
// sends an event of the test's own.
//
// One worker goroutine per Server, alive only while deliveries are
// queued, POSTs them in order, never follows a redirect (a delivery goes to
// the registered URL only) and by default only to loopback addresses,
// where tests' httptest servers listen. The queue is bounded
// (MaxQueuedDeliveries): an event beyond it is recorded as a failed
// delivery rather than block the API. WaitDeliveries and Flush wait for
// deliveries without sleeping.

// MaxQueuedDeliveries is how many deliveries may wait for the worker; more
// are recorded as failed with ErrDeliveryQueueFull.
const MaxQueuedDeliveries = 1024

// deliveryTimeout bounds one delivery attempt of the default client.
const deliveryTimeout = 10 * time.Second

// ErrDeliveryQueueFull is the Err of a delivery dropped because
// MaxQueuedDeliveries were already waiting.
var ErrDeliveryQueueFull = errors.New("dialpadtest: delivery queue full")

// ErrNotLoopback is the Err of a delivery the default client refused
// because the hook URL's host is not a loopback address; SetDeliveryClient
// lifts the restriction.
var ErrNotLoopback = errors.New("dialpadtest: the default delivery client only connects to loopback addresses")

// Delivery is one POST of a change-log event to a webhook, as Deliveries
// reports it.
type Delivery struct {
	// SubscriptionID and WebhookID say which subscription sent the event
	// where.
	SubscriptionID dialpad.ID
	WebhookID      dialpad.ID
	// URL is the hook URL the event was POSTed to.
	URL string
	// Event is the event delivered.
	Event webhook.ChangeLogEvent
	// Body is what was POSTed: a JWT, or JSON for a webhook without a
	// secret.
	Body []byte
	// Status is the receiver's answer; 0 when there was none.
	Status int
	// Err is why there was no answer (or the queue was full); nil
	// otherwise.
	Err error
}

// delivery is a queued Delivery.
type delivery struct {
	Delivery
	contentType string
}

// eventState is the Server's webhooks, subscriptions and deliveries.
// webhooks and subs are guarded by the Server's mutex; the rest by mu.
type eventState struct {
	webhooks map[dialpad.ID]*Webhook
	subs     map[dialpad.ID]*ChangeLogSubscription

	mu       sync.Mutex
	client   *http.Client // nil: the default loopback-only client; never follows redirects
	queue    []*delivery
	running  bool          // a worker is draining the queue
	inFlight int           // queued or being POSTed
	done     []Delivery    // finished deliveries, in order
	changed  chan struct{} // closed and replaced when a delivery finishes

	// stop ends when the Server closes, abandoning the delivery in flight;
	// set by NewServer, then only read.
	stop   context.Context
	cancel context.CancelFunc
}

func (ev *eventState) addWebhook(w *Webhook) {
	if ev.webhooks == nil {
		ev.webhooks = map[dialpad.ID]*Webhook{}
	}
	ev.webhooks[w.ID] = w
}

func (ev *eventState) addSubscription(sub *ChangeLogSubscription) {
	if ev.subs == nil {
		ev.subs = map[dialpad.ID]*ChangeLogSubscription{}
	}
	ev.subs[sub.ID] = sub
}

// announce is called after every operation the server handled, with the
// Server's mutex held: a successful change becomes a change-log event for
// the enabled subscriptions.
func (s *Server) announce(op *operation, r *http.Request, body []byte, out any, e *apiError, now time.Time) {
	if e != nil || len(s.ev.subs) == 0 {
		return
	}
	ev, ok := s.changeLogEvent(op, r, body, out)
	if !ok {
		return
	}
	ev.Date = now.UTC().Truncate(time.Millisecond)
	ev.ChangedBy = webhook.Author{Name: "API", Type: "api"}
	if me := s.st.users[s.st.me]; me != nil {
		ev.ChangedBy = webhook.Author{Name: displayName(me.FirstName, me.LastName, me.Emails), ID: me.ID, Type: "user"}
	}
	s.enqueue(ev)
}

// changeLogEvent describes the change op made: its action, target and
// additional data. ok is false for an operation that changes nothing the
// change log reports.
func (s *Server) changeLogEvent(op *operation, r *http.Request, body []byte, out any) (ev webhook.ChangeLogEvent, ok bool) {
	pathID := func() dialpad.ID { id, _ := parseID(r.PathValue("id")); return id }
	// The request's fields, decoded only for the operations whose event
	// reports them: announce runs after every request.
	fieldsOf := func() map[string]json.RawMessage {
		var fields map[string]json.RawMessage
		_ = json.Unmarshal(body, &fields) // the handler accepted it
		return fields
	}
	data := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	user := func(action string) (webhook.ChangeLogEvent, bool) {
		u, isUser := out.(userJSON)
		return webhook.ChangeLogEvent{Action: action, Target: webhook.Target{Type: "user", ID: dialpad.ID(u.ID)}}, isUser
	}
	if oe, isOp := operatorEvents[op.id]; isOp {
		o, ok := out.(operatorJSON)
		ev := webhook.ChangeLogEvent{Action: oe.action, Target: webhook.Target{Type: oe.kind, ID: pathID()}}
		ev.AdditionalData = data(map[string]string{"operator_id": strconv.FormatInt(o.ID, 10), "operator_type": "user"})
		return ev, ok
	}
	switch op.id {
	case "users.create":
		return user("user_created")
	case "users.delete":
		return user("user_deleted")
	case "users.move_office.patch":
		ev, ok = user("user_office_changed")
		ev.AdditionalData = data(fieldsOf())
		return ev, ok
	case "users.update":
		fields := fieldsOf()
		action := "user_updated"
		switch string(fields["state"]) {
		case `"suspended"`:
			action = "user_suspended"
		case `"active"`:
			action = "user_activated"
		}
		ev, ok = user(action)
		ev.AdditionalData = data(map[string][]string{"fields": slices.Sorted(maps.Keys(fields))})
		return ev, ok
	}
	return ev, false
}

// operatorEvents are the events of the operator list operations: the
// action and the target's type.
var operatorEvents = map[Operation]struct{ action, kind string }{
	"offices.operators.post":       {"operator_added", "office"},
	"offices.operators.delete":     {"operator_removed", "office"},
	"callcenters.operators.post":   {"operator_added", "call_center"},
	"callcenters.operators.delete": {"operator_removed", "call_center"},
	"departments.operators.post":   {"operator_added", "department"},
	"departments.operators.delete": {"operator_removed", "department"},
}

// InjectChangeLog delivers an event of the test's own to every enabled
// change-log subscription, as if the change had happened in the portal,
// and returns how many deliveries it queued. A zero Date is the server's
// clock now.
func (s *Server) InjectChangeLog(ev webhook.ChangeLogEvent) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ev.Date.IsZero() {
		ev.Date = s.now().UTC().Truncate(time.Millisecond)
	}
	return s.enqueue(ev)
}

// enqueue queues ev for every enabled subscription whose webhook exists
// and returns how many deliveries it queued. s.mu is held.
func (s *Server) enqueue(ev webhook.ChangeLogEvent) int {
	payload, err := json.Marshal(ev)
	if err != nil {
		panic("dialpadtest: encoding a change-log event: " + err.Error()) // a bug in this package
	}
	var batch []*delivery
	for _, id := range sortedKeys(s.ev.subs) {
		sub := s.ev.subs[id]
		w := s.ev.webhooks[sub.WebhookID]
		if !sub.Enabled || w == nil {
			continue
		}
		d := &delivery{Delivery: Delivery{SubscriptionID: sub.ID, WebhookID: w.ID, URL: w.HookURL, Event: ev}}
		d.Body, d.contentType = payload, "application/json"
		if w.Secret != "" {
			if d.Body, err = signEvent(payload, w.Secret); err != nil {
				panic("dialpadtest: signing a change-log event: " + err.Error()) // a bug in this package
			}
			d.contentType = "application/jwt"
		}
		batch = append(batch, d)
	}
	s.ev.push(batch)
	return len(batch)
}

// signEvent makes the event's JSON the claims of an HS256 JWT signed with
// secret, as Dialpad signs deliveries.
func signEvent(payload []byte, secret string) ([]byte, error) {
	var claims jwt.MapClaims
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber() // keep the millisecond date an integer
	if err := dec.Decode(&claims); err != nil {
		return nil, err
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
	return []byte(tok), err
}

// push queues a batch and starts the worker if none is running.
func (ev *eventState) push(batch []*delivery) {
	if len(batch) == 0 {
		return
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	for _, d := range batch {
		if len(ev.queue) >= MaxQueuedDeliveries {
			d.Err = ErrDeliveryQueueFull
			ev.finishLocked(d.Delivery)
			continue
		}
		ev.queue = append(ev.queue, d)
		ev.inFlight++
	}
	if !ev.running && len(ev.queue) > 0 {
		ev.running = true
		go ev.work()
	}
}

// work POSTs queued deliveries in order until the queue is empty.
func (ev *eventState) work() {
	for {
		ev.mu.Lock()
		if len(ev.queue) == 0 {
			ev.running = false
			ev.mu.Unlock()
			return
		}
		d := ev.queue[0]
		ev.queue = ev.queue[1:]
		client := ev.client
		ev.mu.Unlock()

		d.Status, d.Err = post(ev.stop, client, d)

		ev.mu.Lock()
		ev.inFlight--
		ev.finishLocked(d.Delivery)
		ev.mu.Unlock()
	}
}

// finishLocked records a finished delivery and wakes the waiters. ev.mu is
// held.
func (ev *eventState) finishLocked(d Delivery) {
	ev.done = append(ev.done, d)
	if ev.changed != nil {
		close(ev.changed)
		ev.changed = nil
	}
}

// post makes one delivery, abandoned when ctx (the server's stop) ends.
func post(ctx context.Context, client *http.Client, d *delivery) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", d.contentType)
	req.Header.Set("User-Agent", "dialpadtest-webhooks")
	if client == nil {
		client = defaultDeliveryClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	// The status is the answer: the body is drained (so the connection may
	// be reused) and closed, and neither step can change the delivery.
	defer func() { _ = resp.Body.Close() }()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}

// noRedirects keeps a delivery at the registered URL.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// defaultDeliveryClient connects to loopback addresses only, so that a
// fake server never POSTs company events to the network.
var defaultDeliveryClient = &http.Client{
	Timeout:       deliveryTimeout,
	CheckRedirect: noRedirects,
	Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
			if err != nil {
				return nil, err
			}
			for _, ip := range ips {
				if !ip.IP.IsLoopback() {
					return nil, fmt.Errorf("%w: %s is %s", ErrNotLoopback, host, ip.IP)
				}
			}
			var d net.Dialer
			return d.DialContext(ctx, network, net.JoinHostPort(ips[0].IP.String(), port))
		},
		ForceAttemptHTTP2: true,
	},
}

// SetDeliveryClient sets the client deliveries are POSTed with, for a
// receiver the default one cannot reach: an httptest.NewTLSServer's
// (pass its Client(), which trusts its certificate) or one off loopback.
// Redirects are never followed whatever hc says. nil restores the
// default, which connects to loopback addresses only.
func (s *Server) SetDeliveryClient(hc *http.Client) {
	if hc != nil {
		c := *hc
		c.CheckRedirect = noRedirects
		hc = &c
	}
	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	s.ev.client = hc
}

// Deliveries returns the finished deliveries, in the order they finished.
func (s *Server) Deliveries() []Delivery {
	s.ev.mu.Lock()
	defer s.ev.mu.Unlock()
	return slices.Clone(s.ev.done)
}

// WaitDeliveries waits until at least n deliveries have finished since the
// server started (answered, failed, or dropped from a full queue), and
// returns them all; it fails when ctx ends first.
func (s *Server) WaitDeliveries(ctx context.Context, n int) ([]Delivery, error) {
	return s.ev.wait(ctx, func() bool { return len(s.ev.done) >= n })
}

// Flush waits until no delivery is queued or being POSTed, and returns
// every finished delivery; it fails when ctx ends first.
func (s *Server) Flush(ctx context.Context) ([]Delivery, error) {
	return s.ev.wait(ctx, func() bool { return s.ev.inFlight == 0 })
}

// wait blocks until cond (called with ev.mu held) holds or ctx ends.
func (ev *eventState) wait(ctx context.Context, cond func() bool) ([]Delivery, error) {
	for {
		ev.mu.Lock()
		if cond() {
			out := slices.Clone(ev.done)
			ev.mu.Unlock()
			return out, nil
		}
		if ev.changed == nil {
			ev.changed = make(chan struct{})
		}
		changed := ev.changed
		ev.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, fmt.Errorf("dialpadtest: waiting for deliveries: %w", ctx.Err())
		}
	}
}
