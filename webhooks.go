package dialpad

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strings"
)

// WebhooksService manages the webhooks Dialpad delivers events to. Get it
// from Client.Webhooks. A webhook is only an address and a secret; events
// reach it once a subscription (such as a ChangeLogSubscription) names it.
// Package webhook verifies and decodes what Dialpad delivers there.
type WebhooksService service

// Webhook is an address Dialpad POSTs events to, and the secret it signs
// them with.
type Webhook struct {
	// ID is the webhook's id; subscriptions name it as their endpoint.
	ID ID `json:"id"`
	// HookURL is where Dialpad sends the events.
	HookURL string `json:"hook_url"`
	// Signature says how deliveries are signed; nil when the webhook has
	// no secret and events arrive as plain JSON.
	Signature *Signature `json:"signature"`
}

// Signature is how Dialpad signs what it delivers to a webhook or a
// websocket: a JWT (Type "jwt") signed with Algo "HS256" and Secret.
type Signature struct {
	// Algo is the signing algorithm, "HS256".
	Algo string `json:"algo"`
	// Secret is the shared secret the tokens are signed with.
	Secret string `json:"secret"`
	// Type is the kind of token, "jwt".
	Type string `json:"type"`
}

// List iterates over every webhook of the company, fetching pages as the
// loop needs them (opts may be nil):
//
//	for w, err := range client.Webhooks.List(ctx, nil) { ... }
//
// Dialpad API: GET /api/v2/webhooks
func (s *WebhooksService) List(ctx context.Context, opts *ListOptions) iter.Seq2[*Webhook, error] {
	return all(ctx, opts, s.ListPage)
}

// ListPage fetches one page of webhooks; pass the returned Cursor in
// opts.Cursor for the next.
//
// Dialpad API: GET /api/v2/webhooks
func (s *WebhooksService) ListPage(ctx context.Context, opts *ListOptions) (*Page[Webhook], error) {
	return listPage[Webhook](ctx, s.c, opts, pathTo("webhooks"))
}

// Get fetches one webhook by id.
//
// Dialpad API: GET /api/v2/webhooks/{id}
func (s *WebhooksService) Get(ctx context.Context, id ID) (*Webhook, error) {
	return send[Webhook](ctx, s.c, http.MethodGet, nil, nil, pathTo("webhooks").id("id", id))
}

// CreateWebhookRequest is the body of Webhooks.Create. HookURL is
// required.
type CreateWebhookRequest struct {
	// HookURL is where Dialpad will POST events: an absolute https URL
	// without user:password.
	HookURL string `json:"hook_url"`
	// Secret, when set, makes Dialpad sign every delivery as an HS256 JWT
	// with it (non-empty, single-line). Without one, events arrive as
	// unsigned JSON that anyone could forge: set one.
	Secret *string `json:"secret,omitempty"`
}

func (r *CreateWebhookRequest) validate() error {
	return firstErr(checkHookURL("hook_url", r.HookURL), checkSecret("secret", r.Secret))
}

// Create registers a new webhook. Every call makes another one, even for
// the same URL: look for an existing one with List first when a repeat
// must be harmless.
//
// Dialpad API: POST /api/v2/webhooks
func (s *WebhooksService) Create(ctx context.Context, req *CreateWebhookRequest) (*Webhook, error) {
	return write[Webhook](ctx, s.c, http.MethodPost, req, pathTo("webhooks"))
}

// UpdateWebhookRequest is the body of Webhooks.Update; only the fields set
// are sent.
type UpdateWebhookRequest struct {
	// HookURL moves the webhook to another absolute https URL.
	HookURL *string `json:"hook_url,omitempty"`
	// Secret replaces the signing secret (non-empty, single-line). Rotate
	// it by accepting both secrets in the receiver first (see package
	// webhook), then updating it here.
	Secret *string `json:"secret,omitempty"`
}

func (r *UpdateWebhookRequest) validate() error {
	var errs []error
	if r.HookURL != nil {
		errs = append(errs, checkHookURL("hook_url", *r.HookURL))
	}
	return firstErr(append(errs, checkSecret("secret", r.Secret))...)
}

// Update changes the fields set in req and returns the updated webhook.
//
// Dialpad API: PATCH /api/v2/webhooks/{id}
func (s *WebhooksService) Update(ctx context.Context, id ID, req *UpdateWebhookRequest) (*Webhook, error) {
	return write[Webhook](ctx, s.c, http.MethodPatch, req, pathTo("webhooks").id("id", id))
}

// Delete deletes a webhook and returns it as it was.
//
// Dialpad API: DELETE /api/v2/webhooks/{id}
func (s *WebhooksService) Delete(ctx context.Context, id ID) (*Webhook, error) {
	return send[Webhook](ctx, s.c, http.MethodDelete, nil, nil, pathTo("webhooks").id("id", id))
}

// checkHookURL accepts an absolute https URL with a host, on one line and
// without user:password: Dialpad delivers signed company data there, so
// it must not travel in clear text.
func checkHookURL(field, v string) error {
	if err := checkWebURL(field, v); err != nil {
		return err
	}
	u, _ := url.Parse(v) // checkWebURL parsed it (the scheme lower-cased) and saw a host
	if u.Scheme != "https" {
		return invalid(field, "must be an https URL, got scheme %q", u.Scheme)
	}
	if u.Hostname() == "" { // a host of only a port, ":443"
		return invalid(field, "must name a host")
	}
	return nil
}

// checkSecret accepts an unset secret, or a non-empty single-line one. The
// secret itself never appears in the error.
func checkSecret(field string, v *string) error {
	if v == nil {
		return nil
	}
	if strings.TrimSpace(*v) == "" {
		return invalid(field, "must not be empty when set")
	}
	return checkSingleLine(field, *v)
}

func (w *Webhook) problem() string { return idProblem(w.ID) }
