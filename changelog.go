package dialpad

import (
	"context"
	"iter"
	"net/http"
)

// ChangeLogSubscriptionsService manages change-log event subscriptions:
// which webhook Dialpad tells about every configuration change in the
// company (users, offices, call centers, departments, operators). Get it
// from Client.ChangeLogSubscriptions; package webhook receives the events.
//
// The paths live under /api/v2/subscriptions/changelog, two static names
// before the id; the per-endpoint limiter keys them as
// "METHOD subscriptions/{}" and "METHOD subscriptions/{}/{}", which name
// these operations and no others.
type ChangeLogSubscriptionsService service

// ChangeLogSubscription sends the company's change-log events to a
// webhook.
type ChangeLogSubscription struct {
	// ID is the subscription's id.
	ID ID `json:"id"`
	// Enabled reports whether events are being delivered.
	Enabled bool `json:"enabled"`
	// Webhook is where the events go; nil when the subscription delivers
	// to a websocket instead.
	Webhook *Webhook `json:"webhook"`
	// Websocket is the websocket the events go to, for subscriptions made
	// that way; nil for a webhook's.
	Websocket *Websocket `json:"websocket"`
}

// Websocket is an endpoint a client connects to in order to receive
// events, the alternative to a webhook.
type Websocket struct {
	// ID is the websocket endpoint's id.
	ID ID `json:"id"`
	// WebsocketURL is the address to connect to.
	WebsocketURL string `json:"websocket_url"`
	// Signature says how payloads are signed; nil without a secret.
	Signature *Signature `json:"signature"`
}

// List iterates over every change-log subscription of the company,
// fetching pages as the loop needs them (opts may be nil).
//
// Dialpad API: GET /api/v2/subscriptions/changelog
func (s *ChangeLogSubscriptionsService) List(ctx context.Context, opts *ListOptions) iter.Seq2[*ChangeLogSubscription, error] {
	return all(ctx, opts, s.ListPage)
}

// ListPage fetches one page of change-log subscriptions; pass the
// returned Cursor in opts.Cursor for the next.
//
// Dialpad API: GET /api/v2/subscriptions/changelog
func (s *ChangeLogSubscriptionsService) ListPage(ctx context.Context, opts *ListOptions) (*Page[ChangeLogSubscription], error) {
	return listPage[ChangeLogSubscription](ctx, s.c, opts, pathTo("subscriptions").then("changelog"))
}

// Get fetches one change-log subscription by id.
//
// Dialpad API: GET /api/v2/subscriptions/changelog/{id}
func (s *ChangeLogSubscriptionsService) Get(ctx context.Context, id ID) (*ChangeLogSubscription, error) {
	return send[ChangeLogSubscription](ctx, s.c, http.MethodGet, nil, nil, pathTo("subscriptions").then("changelog").id("id", id))
}

// CreateChangeLogSubscriptionRequest is the body of
// ChangeLogSubscriptions.Create. EndpointID is required.
type CreateChangeLogSubscriptionRequest struct {
	// EndpointID is the webhook (or websocket) the events go to.
	EndpointID ID `json:"endpoint_id"`
	// Enabled starts the subscription paused when false; nil leaves
	// Dialpad's default, enabled.
	Enabled *bool `json:"enabled,omitempty"`
}

func (r *CreateChangeLogSubscriptionRequest) validate() error {
	return checkID("endpoint_id", r.EndpointID)
}

// Create subscribes a webhook to the company's change-log events. Every
// call makes another subscription, and each one delivers every event
// again: look for an existing one with List first when a repeat must be
// harmless.
//
// Dialpad API: POST /api/v2/subscriptions/changelog
func (s *ChangeLogSubscriptionsService) Create(ctx context.Context, req *CreateChangeLogSubscriptionRequest) (*ChangeLogSubscription, error) {
	return write[ChangeLogSubscription](ctx, s.c, http.MethodPost, req, pathTo("subscriptions").then("changelog"))
}

// UpdateChangeLogSubscriptionRequest is the body of
// ChangeLogSubscriptions.Update; only the fields set are sent.
type UpdateChangeLogSubscriptionRequest struct {
	// EndpointID points the subscription at another webhook.
	EndpointID *ID `json:"endpoint_id,omitempty"`
	// Enabled pauses (false) or resumes (true) the deliveries.
	Enabled *bool `json:"enabled,omitempty"`
}

func (r *UpdateChangeLogSubscriptionRequest) validate() error {
	if r.EndpointID != nil {
		return checkID("endpoint_id", *r.EndpointID)
	}
	return nil
}

// Update changes the fields set in req and returns the updated
// subscription.
//
// Dialpad API: PATCH /api/v2/subscriptions/changelog/{id}
func (s *ChangeLogSubscriptionsService) Update(ctx context.Context, id ID, req *UpdateChangeLogSubscriptionRequest) (*ChangeLogSubscription, error) {
	return write[ChangeLogSubscription](ctx, s.c, http.MethodPatch, req, pathTo("subscriptions").then("changelog").id("id", id))
}

// Delete deletes a change-log subscription and returns it as it was; its
// webhook stays.
//
// Dialpad API: DELETE /api/v2/subscriptions/changelog/{id}
func (s *ChangeLogSubscriptionsService) Delete(ctx context.Context, id ID) (*ChangeLogSubscription, error) {
	return send[ChangeLogSubscription](ctx, s.c, http.MethodDelete, nil, nil, pathTo("subscriptions").then("changelog").id("id", id))
}

func (s *ChangeLogSubscription) problem() string { return idProblem(s.ID) }
