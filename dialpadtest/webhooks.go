package dialpadtest

import (
	"fmt"
	"net/url"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// The events spec's 10 operations: webhooks and change-log subscriptions,
// kept in the Server's eventState (guarded by its mutex like the rest of
// the state). events.go turns changes into deliveries to them.

// eventOperations are the events spec's operations, by path.
var eventOperations = []*operation{
	{OpWebhookChangeLogEventSubscriptionList, "GET", "/api/v2/subscriptions/changelog", 1200, listSubscriptions},
	{OpWebhookChangeLogEventSubscriptionCreate, "POST", "/api/v2/subscriptions/changelog", 1200, withBody(noPath, createSubscription)},
	{OpWebhookChangeLogEventSubscriptionDelete, "DELETE", "/api/v2/subscriptions/changelog/{id}", 1200, with((*call).subscription, deleteSubscription)},
	{OpWebhookChangeLogEventSubscriptionGet, "GET", "/api/v2/subscriptions/changelog/{id}", 1200, with((*call).subscription, getSubscription)},
	{OpWebhookChangeLogEventSubscriptionUpdate, "PATCH", "/api/v2/subscriptions/changelog/{id}", 1200, withBody((*call).subscription, updateSubscription)},
	{OpWebhooksList, "GET", "/api/v2/webhooks", 1200, listWebhooks},
	{OpWebhooksCreate, "POST", "/api/v2/webhooks", 100, withBody(noPath, createWebhook)},
	{OpWebhooksDelete, "DELETE", "/api/v2/webhooks/{id}", 1200, with((*call).webhook, deleteWebhook)},
	{OpWebhooksGet, "GET", "/api/v2/webhooks/{id}", 1200, with((*call).webhook, getWebhook)},
	{OpWebhookUpdate, "PATCH", "/api/v2/webhooks/{id}", 1200, withBody((*call).webhook, updateWebhook)},
}

// The server serves the event operations after the users and
// organization ones; they are listed here, beside their handlers, so that
// the events code stays in its own files.
func init() { operations = append(operations, eventOperations...) }

// Webhook is a webhook of the fake company: where change-log events are
// POSTed, and the secret they are signed with.
type Webhook struct {
	// ID is the webhook's id.
	ID dialpad.ID
	// HookURL is where deliveries go: an absolute http or https URL.
	HookURL string
	// Secret signs deliveries as HS256 JWTs; empty sends plain JSON.
	Secret string
}

// ChangeLogSubscription sends the fake company's change-log events to a
// webhook while Enabled.
type ChangeLogSubscription struct {
	// ID is the subscription's id.
	ID dialpad.ID
	// WebhookID is the webhook the events go to.
	WebhookID dialpad.ID
	// Enabled says whether events are delivered.
	Enabled bool
}

// webhookJSON is the spec's WebhookProto.
type webhookJSON struct {
	HookURL   string         `json:"hook_url"`
	ID        int64          `json:"id,string"`
	Signature *signatureJSON `json:"signature,omitempty"`
}

// signatureJSON is the spec's SignatureProto.
type signatureJSON struct {
	Algo   string `json:"algo"`
	Secret string `json:"secret"`
	Type   string `json:"type"`
}

// subscriptionJSON is the spec's ChangeLogEventSubscriptionProto.
type subscriptionJSON struct {
	Enabled bool         `json:"enabled"`
	ID      int64        `json:"id,string"`
	Webhook *webhookJSON `json:"webhook,omitempty"`
}

func webhookJSONOf(w *Webhook) *webhookJSON {
	out := &webhookJSON{HookURL: w.HookURL, ID: int64(w.ID)}
	if w.Secret != "" {
		out.Signature = &signatureJSON{Algo: "HS256", Secret: w.Secret, Type: "jwt"}
	}
	return out
}

func (ev *eventState) subscriptionJSON(sub *ChangeLogSubscription) subscriptionJSON {
	out := subscriptionJSON{Enabled: sub.Enabled, ID: int64(sub.ID)}
	if w := ev.webhooks[sub.WebhookID]; w != nil {
		out.Webhook = webhookJSONOf(w)
	}
	return out
}

// checkHookURL accepts an absolute http or https URL with a host.
func checkHookURL(v string) *apiError {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return badRequest("hook_url %q is not an absolute http(s) URL", v)
	}
	return nil
}

// webhook finds the webhook named by the id wildcard.
func (c *call) webhook() (*Webhook, *apiError) {
	return byPathID(c, c.s.ev.webhooks, "webhook")
}

// subscription finds the change-log subscription named by the id
// wildcard.
func (c *call) subscription() (*ChangeLogSubscription, *apiError) {
	return byPathID(c, c.s.ev.subs, "change log event subscription")
}

// listWebhooks serves GET /api/v2/webhooks, by id.
func listWebhooks(c *call) (any, *apiError) {
	p, e := c.page("webhooks")
	if e != nil {
		return nil, e
	}
	page, cursor := paginate(sortedValues(c.s.ev.webhooks), func(w *Webhook) string { return idKey(w.ID) }, p, "webhooks")
	return collect(page, cursor, webhookJSONOf), nil
}

// webhookFields is the body of webhooks.create and webhook.update.
type webhookFields struct {
	HookURL *string `json:"hook_url"`
	Secret  *string `json:"secret"`
}

// check validates the fields that are set.
func (f *webhookFields) check() *apiError {
	if f.HookURL != nil {
		if e := checkHookURL(*f.HookURL); e != nil {
			return e
		}
	}
	return checkLine("secret", f.Secret)
}

// createWebhook serves POST /api/v2/webhooks: hook_url is required, a
// secret optional.
func createWebhook(c *call, _ struct{}, req *webhookFields) (any, *apiError) {
	if req.HookURL == nil {
		return nil, missing("hook_url")
	}
	if e := req.check(); e != nil {
		return nil, e
	}
	w := &Webhook{ID: c.s.st.newID(), HookURL: *req.HookURL, Secret: deref(req.Secret)}
	c.s.ev.addWebhook(w)
	return webhookJSONOf(w), nil
}

// getWebhook serves GET /api/v2/webhooks/{id}.
func getWebhook(_ *call, w *Webhook) (any, *apiError) {
	return webhookJSONOf(w), nil
}

// updateWebhook serves PATCH /api/v2/webhooks/{id}: the fields set
// replace the webhook's.
func updateWebhook(_ *call, w *Webhook, req *webhookFields) (any, *apiError) {
	if e := req.check(); e != nil {
		return nil, e
	}
	if req.HookURL != nil {
		w.HookURL = *req.HookURL
	}
	if req.Secret != nil {
		w.Secret = *req.Secret
	}
	return webhookJSONOf(w), nil
}

// deleteWebhook serves DELETE /api/v2/webhooks/{id}. A webhook a
// subscription still delivers to is kept (400): delete or move the
// subscription first.
func deleteWebhook(c *call, w *Webhook) (any, *apiError) {
	for _, id := range sortedKeys(c.s.ev.subs) {
		if c.s.ev.subs[id].WebhookID == w.ID {
			return nil, badRequest("webhook %d is used by change log event subscription %d", w.ID, id)
		}
	}
	delete(c.s.ev.webhooks, w.ID)
	return webhookJSONOf(w), nil
}

// listSubscriptions serves GET /api/v2/subscriptions/changelog, by id.
func listSubscriptions(c *call) (any, *apiError) {
	p, e := c.page("changelog")
	if e != nil {
		return nil, e
	}
	page, cursor := paginate(sortedValues(c.s.ev.subs), func(s *ChangeLogSubscription) string { return idKey(s.ID) }, p, "changelog")
	return collect(page, cursor, c.s.ev.subscriptionJSON), nil
}

// subscriptionFields is the body of the subscription's create and update.
type subscriptionFields struct {
	Enabled    *bool  `json:"enabled"`
	EndpointID *int64 `json:"endpoint_id"`
}

// endpoint checks that endpoint_id, when set, names a webhook.
func (c *call) endpoint(f *subscriptionFields) *apiError {
	if f.EndpointID != nil && c.s.ev.webhooks[dialpad.ID(*f.EndpointID)] == nil {
		return badRequest("endpoint_id: webhook %d does not exist", *f.EndpointID)
	}
	return nil
}

// createSubscription serves POST /api/v2/subscriptions/changelog:
// endpoint_id must name a webhook; enabled defaults to true.
func createSubscription(c *call, _ struct{}, req *subscriptionFields) (any, *apiError) {
	if req.EndpointID == nil {
		return nil, missing("endpoint_id")
	}
	if e := c.endpoint(req); e != nil {
		return nil, e
	}
	sub := &ChangeLogSubscription{ID: c.s.st.newID(), WebhookID: dialpad.ID(*req.EndpointID), Enabled: req.Enabled == nil || *req.Enabled}
	c.s.ev.addSubscription(sub)
	return c.s.ev.subscriptionJSON(sub), nil
}

// getSubscription serves GET /api/v2/subscriptions/changelog/{id}.
func getSubscription(c *call, sub *ChangeLogSubscription) (any, *apiError) {
	return c.s.ev.subscriptionJSON(sub), nil
}

// updateSubscription serves PATCH /api/v2/subscriptions/changelog/{id}.
func updateSubscription(c *call, sub *ChangeLogSubscription, req *subscriptionFields) (any, *apiError) {
	if e := c.endpoint(req); e != nil {
		return nil, e
	}
	if req.EndpointID != nil {
		sub.WebhookID = dialpad.ID(*req.EndpointID)
	}
	if req.Enabled != nil {
		sub.Enabled = *req.Enabled
	}
	return c.s.ev.subscriptionJSON(sub), nil
}

// deleteSubscription serves DELETE /api/v2/subscriptions/changelog/{id};
// its webhook stays.
func deleteSubscription(c *call, sub *ChangeLogSubscription) (any, *apiError) {
	delete(c.s.ev.subs, sub.ID)
	return c.s.ev.subscriptionJSON(sub), nil
}

// AddWebhook adds a webhook, as webhooks.create would, and returns its
// id. hookURL must be an absolute http or https URL; secret may be empty
// (deliveries are then plain JSON) and must be a single line.
func (s *Server) AddWebhook(hookURL, secret string) (dialpad.ID, error) {
	if e := checkHookURL(hookURL); e != nil {
		return 0, fmt.Errorf("dialpadtest: %s", e.message)
	}
	if !singleLine(secret) {
		return 0, fmt.Errorf("dialpadtest: the secret must be a single line")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &Webhook{ID: s.st.newID(), HookURL: hookURL, Secret: secret}
	s.ev.addWebhook(w)
	return w.ID, nil
}

// AddChangeLogSubscription subscribes a webhook to the company's
// change-log events, as webhook_change_log_event_subscription.create
// would, and returns the subscription's id.
func (s *Server) AddChangeLogSubscription(webhookID dialpad.ID, enabled bool) (dialpad.ID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ev.webhooks[webhookID] == nil {
		return 0, fmt.Errorf("dialpadtest: webhook %d does not exist", webhookID)
	}
	sub := &ChangeLogSubscription{ID: s.st.newID(), WebhookID: webhookID, Enabled: enabled}
	s.ev.addSubscription(sub)
	return sub.ID, nil
}

// Webhooks returns the fake company's webhooks, by id.
func (s *Server) Webhooks() []Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Webhook, 0, len(s.ev.webhooks))
	for _, id := range sortedKeys(s.ev.webhooks) {
		out = append(out, *s.ev.webhooks[id])
	}
	return out
}

// ChangeLogSubscriptions returns the fake company's change-log
// subscriptions, by id.
func (s *Server) ChangeLogSubscriptions() []ChangeLogSubscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ChangeLogSubscription, 0, len(s.ev.subs))
	for _, id := range sortedKeys(s.ev.subs) {
		out = append(out, *s.ev.subs[id])
	}
	return out
}
