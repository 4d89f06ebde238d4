package dialpad

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wantWebhook is testdata/webhooks/get.json (the spec's example) decoded.
var wantWebhook = Webhook{
	ID:        1000,
	HookURL:   "https://test.com/webhooks",
	Signature: &Signature{Algo: "HS256", Secret: "test_secret", Type: "jwt"},
}

// wantSubscription is testdata/changelog/get.json (the spec's example)
// decoded.
var wantSubscription = ChangeLogSubscription{
	ID:      1001,
	Enabled: true,
	Webhook: &Webhook{ID: 1000, HookURL: "https://test.com", Signature: &Signature{Algo: "HS256", Secret: "puppy", Type: "jwt"}},
}

// TestEventExamples calls each event operation once against the spec's
// example answer and checks the request (path, query, JSON body or none)
// and the decoded result.
func TestEventExamples(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	moved := wantSubscription
	moved.Webhook = &Webhook{ID: 1002, HookURL: "https://test2.com", Signature: &Signature{Algo: "HS256", Secret: "puppy", Type: "jwt"}}
	runMethodCases(t, []methodCase{
		{"Webhooks.ListPage", "GET /api/v2/webhooks", "limit=100", nil, "webhooks/list_page1.json",
			func(c *Client) (any, error) { return c.Webhooks.ListPage(ctx, nil) },
			&Page[Webhook]{Items: []*Webhook{&wantWebhook}, Cursor: "d2ViaG9va3M6Mg=="}},
		{"Webhooks.Get", "GET /api/v2/webhooks/1000", "", nil, "webhooks/get.json",
			func(c *Client) (any, error) { return c.Webhooks.Get(ctx, 1000) }, &wantWebhook},
		{"Webhooks.Create", "POST /api/v2/webhooks", "",
			map[string]any{"hook_url": "https://test.com/webhooks", "secret": "test_secret"}, "webhooks/get.json",
			func(c *Client) (any, error) {
				return c.Webhooks.Create(ctx, &CreateWebhookRequest{HookURL: "https://test.com/webhooks", Secret: Ptr("test_secret")})
			}, &wantWebhook},
		{"Webhooks.Create without a secret", "POST /api/v2/webhooks", "",
			map[string]any{"hook_url": "https://test.com/webhooks"}, "webhooks/get.json",
			func(c *Client) (any, error) {
				return c.Webhooks.Create(ctx, &CreateWebhookRequest{HookURL: "https://test.com/webhooks"})
			}, &wantWebhook},
		{"Webhooks.Update", "PATCH /api/v2/webhooks/1000", "",
			map[string]any{"secret": "test_secret"}, "webhooks/get.json",
			func(c *Client) (any, error) {
				return c.Webhooks.Update(ctx, 1000, &UpdateWebhookRequest{Secret: Ptr("test_secret")})
			}, &wantWebhook},
		{"Webhooks.Delete", "DELETE /api/v2/webhooks/1000", "", nil, "webhooks/get.json",
			func(c *Client) (any, error) { return c.Webhooks.Delete(ctx, 1000) }, &wantWebhook},

		{"ChangeLogSubscriptions.ListPage", "GET /api/v2/subscriptions/changelog", "limit=100", nil, "changelog/list.json",
			func(c *Client) (any, error) { return c.ChangeLogSubscriptions.ListPage(ctx, nil) },
			&Page[ChangeLogSubscription]{Items: []*ChangeLogSubscription{&wantSubscription}}},
		{"ChangeLogSubscriptions.Get", "GET /api/v2/subscriptions/changelog/1001", "", nil, "changelog/get.json",
			func(c *Client) (any, error) { return c.ChangeLogSubscriptions.Get(ctx, 1001) }, &wantSubscription},
		// endpoint_id goes out as a JSON number, as the spec types it.
		{"ChangeLogSubscriptions.Create", "POST /api/v2/subscriptions/changelog", "",
			map[string]any{"endpoint_id": float64(1000), "enabled": true}, "changelog/get.json",
			func(c *Client) (any, error) {
				return c.ChangeLogSubscriptions.Create(ctx, &CreateChangeLogSubscriptionRequest{EndpointID: 1000, Enabled: Ptr(true)})
			}, &wantSubscription},
		{"ChangeLogSubscriptions.Update", "PATCH /api/v2/subscriptions/changelog/1001", "",
			map[string]any{"endpoint_id": float64(1002)}, "changelog/update.json",
			func(c *Client) (any, error) {
				return c.ChangeLogSubscriptions.Update(ctx, 1001, &UpdateChangeLogSubscriptionRequest{EndpointID: Ptr(ID(1002))})
			}, &moved},
		{"ChangeLogSubscriptions.Delete", "DELETE /api/v2/subscriptions/changelog/1001", "", nil, "changelog/update.json",
			func(c *Client) (any, error) { return c.ChangeLogSubscriptions.Delete(ctx, 1001) }, &moved},
	})
}

// TestWebhooksListAllPages follows the cursor to the second page, where a
// webhook without a secret has a nil Signature.
func TestWebhooksListAllPages(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	queries := servePages(t, mux, "GET /api/v2/webhooks", map[string]string{
		"":                 "webhooks/list_page1.json",
		"d2ViaG9va3M6Mg==": "webhooks/list_page2.json",
	})
	var got []Webhook
	for w, err := range c.Webhooks.List(context.Background(), nil) {
		require.NoError(t, err)
		got = append(got, *w)
	}
	assert.Equal(t, []Webhook{wantWebhook, {ID: 1003, HookURL: "https://hooks.example.com/plain"}}, got)
	assert.Equal(t, []string{"limit=100", "cursor=d2ViaG9va3M6Mg%3D%3D&limit=100"}, queries())
}

// TestEventValidation checks every argument the event methods refuse
// before sending: the client has no handlers, so a request that went out
// would fail the test.
func TestEventValidation(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	ctx := context.Background()
	create := func(url string, secret *string) func() error {
		return func() error {
			_, err := c.Webhooks.Create(ctx, &CreateWebhookRequest{HookURL: url, Secret: secret})
			return err
		}
	}
	update := func(r *UpdateWebhookRequest) func() error {
		return func() error { _, err := c.Webhooks.Update(ctx, 1000, r); return err }
	}
	const ok = "https://hooks.example.com/dialpad"
	assertAllInvalid(t, []invalidCall{
		{"no request", "request", func() error { _, err := c.Webhooks.Create(ctx, nil); return err }},
		{"no url", "hook_url", create("", nil)},
		{"relative url", "hook_url", create("/dialpad", nil)},
		{"http url", "hook_url", create("http://hooks.example.com/dialpad", nil)},
		{"other scheme", "hook_url", create("ftp://hooks.example.com/dialpad", nil)},
		{"no host", "hook_url", create("https:///dialpad", nil)},
		{"credentials", "hook_url", create("https://user:pw@hooks.example.com/", nil)},
		{"two lines", "hook_url", create(ok+"\n/x", nil)},
		{"empty secret", "secret", create(ok, Ptr(""))},
		{"blank secret", "secret", create(ok, Ptr("  "))},
		{"multi-line secret", "secret", create(ok, Ptr("a\nb"))},
		{"update http url", "hook_url", update(&UpdateWebhookRequest{HookURL: Ptr("http://x.example.com")})},
		{"update multi-line secret", "secret", update(&UpdateWebhookRequest{Secret: Ptr("a\r\nb")})},
		{"update nil", "request", func() error { _, err := c.Webhooks.Update(ctx, 1000, nil); return err }},
		{"get zero id", "id", func() error { _, err := c.Webhooks.Get(ctx, 0); return err }},
		{"update zero id", "id", func() error { _, err := c.Webhooks.Update(ctx, 0, &UpdateWebhookRequest{}); return err }},
		{"delete zero id", "id", func() error { _, err := c.Webhooks.Delete(ctx, -1); return err }},
		{"subscribe nil", "request", func() error { _, err := c.ChangeLogSubscriptions.Create(ctx, nil); return err }},
		{"subscribe no endpoint", "endpoint_id", func() error {
			_, err := c.ChangeLogSubscriptions.Create(ctx, &CreateChangeLogSubscriptionRequest{Enabled: Ptr(true)})
			return err
		}},
		{"move to zero endpoint", "endpoint_id", func() error {
			_, err := c.ChangeLogSubscriptions.Update(ctx, 1001, &UpdateChangeLogSubscriptionRequest{EndpointID: Ptr(ID(0))})
			return err
		}},
		{"subscription zero id", "id", func() error { _, err := c.ChangeLogSubscriptions.Get(ctx, 0); return err }},
		{"delete subscription zero id", "id", func() error { _, err := c.ChangeLogSubscriptions.Delete(ctx, 0); return err }},
		{"update subscription zero id", "id", func() error {
			_, err := c.ChangeLogSubscriptions.Update(ctx, 0, &UpdateChangeLogSubscriptionRequest{Enabled: Ptr(true)})
			return err
		}},
	})
}

// TestWebhookSecretStaysOutOfErrors checks that a refused secret is not
// quoted back in the error.
func TestWebhookSecretStaysOutOfErrors(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	_, err := c.Webhooks.Create(context.Background(), &CreateWebhookRequest{HookURL: "https://x.example.com", Secret: Ptr("hunter2\nhunter3")})
	require.Error(t, err)
	assert.False(t, strings.Contains(err.Error(), "hunter"), err.Error())
}

// TestEventResourcesWithoutID checks that an answer with no id where a
// webhook or a subscription is expected is ErrInvalidResponse, not a zero
// value.
func TestEventResourcesWithoutID(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	for _, p := range []string{"/api/v2/webhooks/", "/api/v2/subscriptions/changelog/"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"hook_url": "https://x.example.com", "enabled": true}`))
		})
	}
	_, err := c.Webhooks.Get(context.Background(), 1000)
	require.ErrorIs(t, err, ErrInvalidResponse)
	_, err = c.ChangeLogSubscriptions.Get(context.Background(), 1001)
	require.ErrorIs(t, err, ErrInvalidResponse)
}
