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
	if err := checkRegistration(hookURL, secret); err != nil {
		return nil, nil, err
	}
	subs, err := listSubscriptions(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	hook, err := findWebhook(ctx, c, hookURL, subs)
	if err != nil {
		return nil, nil, err
	}
	if hook, err = ensureWebhook(ctx, c, hook, hookURL, secret); err != nil {
		return nil, nil, err
	}
	sub, err := ensureSubscription(ctx, c, hook, subs.of(hook.ID))
	if err != nil {
		return hook, nil, err
	}
	return hook, sub, nil
}

// checkRegistration checks Register's hookURL and secret.
// Webhooks.Create and Update check both in full before they send; these
// checks come before the reads.
func checkRegistration(hookURL, secret string) error {
	if u, err := url.Parse(hookURL); err != nil || u.Scheme != "https" || u.Hostname() == "" {
		return &dialpad.ValidationError{Field: "hook_url", Reason: "must be an absolute https URL"}
	}
	if strings.TrimSpace(secret) == "" || strings.ContainsAny(secret, "\r\n") {
		return &dialpad.ValidationError{Field: "secret", Reason: "must be a non-empty single line: deliveries must be signed"}
	}
	return nil
}

// subscriptions are the company's change-log subscriptions.
type subscriptions []*dialpad.ChangeLogSubscription

// listSubscriptions reads every change-log subscription.
func listSubscriptions(ctx context.Context, c *dialpad.Client) (subscriptions, error) {
	var subs subscriptions
	for s, err := range c.ChangeLogSubscriptions.List(ctx, nil) {
		if err != nil {
			return nil, fmt.Errorf("webhook: listing change-log subscriptions: %w", err)
		}
		subs = append(subs, s)
	}
	return subs, nil
}

// of returns the subscription that uses webhook id, an enabled one if
// there is one, or nil.
func (subs subscriptions) of(id dialpad.ID) *dialpad.ChangeLogSubscription {
	var found *dialpad.ChangeLogSubscription
	for _, s := range subs {
		if s.Webhook != nil && s.Webhook.ID == id && (found == nil || s.Enabled && !found.Enabled) {
			found = s
		}
	}
	return found
}

// findWebhook returns the webhook registered for hookURL, preferring one
// a subscription uses, or nil when there is none.
func findWebhook(ctx context.Context, c *dialpad.Client, hookURL string, subs subscriptions) (*dialpad.Webhook, error) {
	var hook *dialpad.Webhook
	for w, err := range c.Webhooks.List(ctx, nil) {
		if err != nil {
			return nil, fmt.Errorf("webhook: listing webhooks: %w", err)
		}
		if w.HookURL == hookURL && (hook == nil || subs.of(hook.ID) == nil && subs.of(w.ID) != nil) {
			hook = w
		}
	}
	return hook, nil
}

// ensureWebhook creates the webhook for hookURL when hook (the one found)
// is nil, or sets its secret when it differs.
func ensureWebhook(ctx context.Context, c *dialpad.Client, hook *dialpad.Webhook, hookURL, secret string) (*dialpad.Webhook, error) {
	switch {
	case hook == nil:
		hook, err := c.Webhooks.Create(ctx, &dialpad.CreateWebhookRequest{HookURL: hookURL, Secret: &secret})
		if err != nil {
			return nil, fmt.Errorf("webhook: creating the webhook: %w", err)
		}
		return hook, nil
	case hook.Signature == nil || hook.Signature.Secret != secret:
		id := hook.ID
		hook, err := c.Webhooks.Update(ctx, id, &dialpad.UpdateWebhookRequest{Secret: &secret})
		if err != nil {
			return nil, fmt.Errorf("webhook: updating the secret of webhook %s: %w", id, err)
		}
		return hook, nil
	}
	return hook, nil
}

// ensureSubscription subscribes hook to change-log events when sub (its
// subscription found) is nil, or enables sub when it is paused.
func ensureSubscription(ctx context.Context, c *dialpad.Client, hook *dialpad.Webhook, sub *dialpad.ChangeLogSubscription) (*dialpad.ChangeLogSubscription, error) {
	switch {
	case sub == nil:
		sub, err := c.ChangeLogSubscriptions.Create(ctx, &dialpad.CreateChangeLogSubscriptionRequest{EndpointID: hook.ID, Enabled: dialpad.Ptr(true)})
		if err != nil {
			return nil, fmt.Errorf("webhook: subscribing webhook %s to change-log events: %w", hook.ID, err)
		}
		return sub, nil
	case !sub.Enabled:
		id := sub.ID
		sub, err := c.ChangeLogSubscriptions.Update(ctx, id, &dialpad.UpdateChangeLogSubscriptionRequest{Enabled: dialpad.Ptr(true)})
		if err != nil {
			return nil, fmt.Errorf("webhook: enabling change-log subscription %s: %w", id, err)
		}
		return sub, nil
	}
	return sub, nil
}
