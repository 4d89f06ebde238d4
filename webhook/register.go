package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// Register makes sure Dialpad delivers the company's change-log events to
// hookURL, signed with secret, and returns the webhook and the
// subscription that do it. It is safe to repeat, at every start of a
// receiver: it reuses the webhook already registered for hookURL (the one
// a subscription already uses, if several are), updates its secret when
// it differs, and reuses (enabling it if paused) a change-log subscription
// that points at it; it creates only what is missing. A repeat with the
// same arguments reads two lists and writes nothing.
//
// hookURL must be an absolute https URL, compared exactly with the
// registered ones; secret must be non-empty and a single line (pass it to
// Options.Secrets of the Handler at hookURL). Bad input is a
// *dialpad.ValidationError, returned before anything is sent.
//
// Dialpad API: GET /api/v2/webhooks, GET /api/v2/subscriptions/changelog,
// and as needed POST or PATCH /api/v2/webhooks and POST or PATCH
// /api/v2/subscriptions/changelog.
func Register(ctx context.Context, c *dialpad.Client, hookURL, secret string) (*dialpad.Webhook, *dialpad.ChangeLogSubscription, error) {
	if c == nil {
		return nil, nil, errors.New("webhook: Register needs a *dialpad.Client")
	}
	// Webhooks.Create and Update check both in full before they send;
	// these checks come before the reads.
	if u, err := url.Parse(hookURL); err != nil || u.Scheme != "https" || u.Hostname() == "" {
		return nil, nil, &dialpad.ValidationError{Field: "hook_url", Reason: "must be an absolute https URL"}
	}
	if strings.TrimSpace(secret) == "" || strings.ContainsAny(secret, "\r\n") {
		return nil, nil, &dialpad.ValidationError{Field: "secret", Reason: "must be a non-empty single line: deliveries must be signed"}
	}
	var subs []*dialpad.ChangeLogSubscription
	for s, err := range c.ChangeLogSubscriptions.List(ctx, nil) {
		if err != nil {
			return nil, nil, fmt.Errorf("webhook: listing change-log subscriptions: %w", err)
		}
		subs = append(subs, s)
	}
	subscribed := func(id dialpad.ID) *dialpad.ChangeLogSubscription {
		var found *dialpad.ChangeLogSubscription
		for _, s := range subs {
			if s.Webhook != nil && s.Webhook.ID == id && (found == nil || s.Enabled && !found.Enabled) {
				found = s
			}
		}
		return found
	}
	var hook *dialpad.Webhook
	for w, err := range c.Webhooks.List(ctx, nil) {
		if err != nil {
			return nil, nil, fmt.Errorf("webhook: listing webhooks: %w", err)
		}
		if w.HookURL == hookURL && (hook == nil || subscribed(hook.ID) == nil && subscribed(w.ID) != nil) {
			hook = w
		}
	}
	var err error
	switch {
	case hook == nil:
		if hook, err = c.Webhooks.Create(ctx, &dialpad.CreateWebhookRequest{HookURL: hookURL, Secret: &secret}); err != nil {
			return nil, nil, fmt.Errorf("webhook: creating the webhook: %w", err)
		}
	case hook.Signature == nil || hook.Signature.Secret != secret:
		id := hook.ID
		if hook, err = c.Webhooks.Update(ctx, id, &dialpad.UpdateWebhookRequest{Secret: &secret}); err != nil {
			return nil, nil, fmt.Errorf("webhook: updating the secret of webhook %s: %w", id, err)
		}
	}
	sub := subscribed(hook.ID)
	switch {
	case sub == nil:
		if sub, err = c.ChangeLogSubscriptions.Create(ctx, &dialpad.CreateChangeLogSubscriptionRequest{EndpointID: hook.ID, Enabled: dialpad.Ptr(true)}); err != nil {
			return hook, nil, fmt.Errorf("webhook: subscribing webhook %s to change-log events: %w", hook.ID, err)
		}
	case !sub.Enabled:
		id := sub.ID
		if sub, err = c.ChangeLogSubscriptions.Update(ctx, id, &dialpad.UpdateChangeLogSubscriptionRequest{Enabled: dialpad.Ptr(true)}); err != nil {
			return hook, nil, fmt.Errorf("webhook: enabling change-log subscription %s: %w", id, err)
		}
	}
	return hook, sub, nil
}
