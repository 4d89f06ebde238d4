package dialpadtest_test

import (
	"context"
	"net/http"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWithoutListener serves the API through Transport alone: reads,
// writes, faults and the request log work as over a socket.
func TestWithoutListener(t *testing.T) {
	t.Parallel()
	srv := dialpadtest.NewServer(dialpadtest.WithoutListener())
	t.Cleanup(srv.Close)
	require.Equal(t, dialpadtest.InMemoryURL, srv.URL)
	c, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL), dialpad.WithHTTPClient(srv.Client()),
		dialpad.WithMaxRetries(0))
	require.NoError(t, err)
	ctx := context.Background()

	u, err := c.Users.Get(ctx, dialpadtest.SeedAdminUserID)
	require.NoError(t, err)
	assert.Equal(t, "Ada", u.FirstName)
	u, err = c.Users.Update(ctx, dialpadtest.SeedAgentUserID, &dialpad.UpdateUserRequest{JobTitle: dialpad.Ptr("Lead")})
	require.NoError(t, err)
	assert.Equal(t, "Lead", u.JobTitle)

	_, err = c.Users.Get(ctx, 1)
	require.ErrorIs(t, err, dialpad.ErrNotFound)

	require.NoError(t, srv.DropNext("users.get", 1))
	_, err = c.Users.Get(ctx, dialpadtest.SeedAdminUserID)
	require.ErrorContains(t, err, "connection dropped")

	reqs := srv.Requests()
	require.Len(t, reqs, 4)
	assert.Equal(t, []int{200, 200, 404, 0}, []int{reqs[0].Status, reqs[1].Status, reqs[2].Status, reqs[3].Status})
	assert.Equal(t, "users.update", reqs[1].Operation)
	assert.JSONEq(t, `{"job_title": "Lead"}`, string(reqs[1].Body))

	// A raw request through Client gets the same answers, authentication
	// included.
	resp, err := srv.Client().Get(srv.URL + "/api/v2/users")
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}
