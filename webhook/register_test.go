package webhook_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/webhook"
)

// registerWrites lists the requests the fake received that change
// something, as "METHOD path".
func registerWrites(srv *dialpadtest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

// TestRegisterIsIdempotent: the first call creates a webhook and a
// subscription; a repeat writes nothing and returns the same; a new
// secret is one PATCH of the webhook; a paused subscription is one PATCH
// enabling it; a webhook of the URL left without a subscription by hand
// is reused, not doubled.
func TestRegisterIsIdempotent(t *testing.T) {
	t.Parallel()
	srv := dialpadtest.NewServer(dialpadtest.WithEmptyState(), dialpadtest.WithoutRateLimits(), dialpadtest.WithoutListener())
	t.Cleanup(srv.Close)
	c, err := srv.NewClient()
	require.NoError(t, err)
	ctx := context.Background()
	const url = "https://hooks.example.com/dialpad"
	other, err := srv.AddWebhook("https://elsewhere.example.com/hook", "x") // someone else's
	require.NoError(t, err)
	_, err = srv.AddChangeLogSubscription(other, true)
	require.NoError(t, err)

	srv.ClearRequests()
	hook, sub, err := webhook.Register(ctx, c, url, secret)
	require.NoError(t, err)
	assert.Equal(t, []string{"POST /api/v2/webhooks", "POST /api/v2/subscriptions/changelog"}, registerWrites(srv))
	assert.Equal(t, url, hook.HookURL)
	require.NotNil(t, hook.Signature)
	assert.Equal(t, secret, hook.Signature.Secret)
	assert.True(t, sub.Enabled)
	require.NotNil(t, sub.Webhook)
	assert.Equal(t, hook.ID, sub.Webhook.ID)

	for range 3 {
		srv.ClearRequests()
		again, againSub, err := webhook.Register(ctx, c, url, secret)
		require.NoError(t, err)
		assert.Empty(t, registerWrites(srv), "a repeat writes nothing")
		assert.Equal(t, hook.ID, again.ID)
		assert.Equal(t, sub.ID, againSub.ID)
	}
	assert.Len(t, srv.Webhooks(), 2)
	assert.Len(t, srv.ChangeLogSubscriptions(), 2)

	srv.ClearRequests()
	rotated, _, err := webhook.Register(ctx, c, url, oldSecret)
	require.NoError(t, err)
	assert.Equal(t, []string{"PATCH /api/v2/webhooks/" + hook.ID.String()}, registerWrites(srv))
	assert.Equal(t, oldSecret, rotated.Signature.Secret)

	_, err = c.ChangeLogSubscriptions.Update(ctx, sub.ID, &dialpad.UpdateChangeLogSubscriptionRequest{Enabled: dialpad.Ptr(false)})
	require.NoError(t, err)
	srv.ClearRequests()
	_, resumed, err := webhook.Register(ctx, c, url, oldSecret)
	require.NoError(t, err)
	assert.Equal(t, []string{"PATCH /api/v2/subscriptions/changelog/" + sub.ID.String()}, registerWrites(srv))
	assert.True(t, resumed.Enabled)

	// A webhook for the URL whose subscription was deleted is reused.
	_, err = c.ChangeLogSubscriptions.Delete(ctx, sub.ID)
	require.NoError(t, err)
	srv.ClearRequests()
	reused, newSub, err := webhook.Register(ctx, c, url, oldSecret)
	require.NoError(t, err)
	assert.Equal(t, []string{"POST /api/v2/subscriptions/changelog"}, registerWrites(srv))
	assert.Equal(t, hook.ID, reused.ID)
	assert.Equal(t, hook.ID, newSub.Webhook.ID)
	assert.Len(t, srv.Webhooks(), 2)
}

// TestRegisterRefusesBadInput: a URL that is not https and an empty or
// multi-line secret are refused before any request.
func TestRegisterRefusesBadInput(t *testing.T) {
	t.Parallel()
	srv := dialpadtest.NewServer(dialpadtest.WithEmptyState(), dialpadtest.WithoutListener())
	t.Cleanup(srv.Close)
	c, err := srv.NewClient()
	require.NoError(t, err)
	for _, in := range []struct{ url, secret, field string }{
		{"http://hooks.example.com/dialpad", secret, "hook_url"},
		{"/dialpad", secret, "hook_url"},
		{"https://hooks.example.com/dialpad", "", "secret"},
		{"https://hooks.example.com/dialpad", "a\nb", "secret"},
	} {
		_, _, err := webhook.Register(context.Background(), c, in.url, in.secret)
		var ve *dialpad.ValidationError
		require.ErrorAs(t, err, &ve, in)
		assert.Equal(t, in.field, ve.Field)
		assert.NotContains(t, err.Error(), secret, "the secret never appears in an error")
	}
	assert.Empty(t, srv.Requests())
}
