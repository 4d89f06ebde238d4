package dialpadtest_test

import (
	"context"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func TestNewClientFast(t *testing.T) {
	t.Parallel()
	srv := dialpadtest.NewServer(dialpadtest.WithoutRateLimits())
	t.Cleanup(srv.Close)
	client, err := srv.NewClient()
	require.NoError(t, err)
	ctx := context.Background()
	for range 300 {
		u, err := client.Users.Get(ctx, dialpadtest.SeedAdminUserID)
		require.NoError(t, err)
		assert.Equal(t, dialpad.ID(dialpadtest.SeedAdminUserID), u.ID)
	}
	assert.Len(t, srv.Requests(), 300)
}

func TestNewClientDropIsALostConnection(t *testing.T) {
	t.Parallel()
	srv := dialpadtest.NewServer(dialpadtest.WithoutRateLimits())
	t.Cleanup(srv.Close)
	client, err := srv.NewClient()
	require.NoError(t, err)
	require.NoError(t, srv.DropNext("users.get", 1))
	require.NoError(t, srv.DropNext("users.create", 1))
	ctx := context.Background()

	// A GET is retried after the drop; a POST is not sent again.
	_, err = client.Users.Get(ctx, dialpadtest.SeedAdminUserID)
	require.NoError(t, err)
	_, err = client.Users.Create(ctx, &dialpad.CreateUserRequest{Email: "new@example.com", OfficeID: dialpadtest.SeedOfficeID})
	require.Error(t, err)
	var gets, creates int
	for _, r := range srv.Requests() {
		switch r.Operation {
		case "users.get":
			gets++
		case "users.create":
			creates++
		}
	}
	assert.Equal(t, 2, gets)
	assert.Equal(t, 1, creates)
}

// TestNewClientPacedUnderSynctest runs the paced mode inside a synctest
// bubble: the server's limits on, the client's limits given back by
// options, and the fake clock measuring. 60 GETs take three windows of the
// company limit and draw no 429.
func TestNewClientPacedUnderSynctest(t *testing.T) {
	srv := dialpadtest.NewServer() // outside the bubble: its listener never idles
	t.Cleanup(srv.Close)
	synctest.Test(t, func(t *testing.T) {
		client, err := srv.NewClient(dialpad.WithRateLimit(20, 1), dialpad.WithEndpointLimits(true))
		require.NoError(t, err)
		start := time.Now()
		for range 60 {
			_, err := client.Users.Get(context.Background(), dialpadtest.SeedAdminUserID)
			require.NoError(t, err)
		}
		elapsed := time.Since(start) // fake time: exact, whatever the machine does
		for _, r := range srv.Requests() {
			assert.NotEqual(t, http.StatusTooManyRequests, r.Status)
		}
		assert.Len(t, srv.Requests(), 60)
		assert.GreaterOrEqual(t, elapsed, 2*time.Second, "60 requests at 20/s need at least two more windows after the first")
	})
}

func TestTransportRefusesOtherHosts(t *testing.T) {
	t.Parallel()
	srv := dialpadtest.NewServer()
	t.Cleanup(srv.Close)
	req, err := http.NewRequest(http.MethodGet, "http://example.com/api/v2/users", nil)
	require.NoError(t, err)
	_, err = srv.Transport().RoundTrip(req)
	require.Error(t, err)
}
