package dialpadtest_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

// onboard creates n users the way an onboarding run does (email, names,
// license, office), in an office of the server with seats for them all.
func onboard(t testing.TB, srv *dialpadtest.Server, client *dialpad.Client, n int) {
	t.Helper()
	office, err := srv.AddOffice(dialpadtest.Office{Name: "Onboarding", Seats: map[string]int{"talk": n}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		_, err := client.Users.Create(context.Background(), &dialpad.CreateUserRequest{
			Email: fmt.Sprintf("hire%04d@example.com", i), FirstName: dialpad.Ptr("New"),
			LastName: dialpad.Ptr(fmt.Sprintf("Hire %d", i)), License: dialpad.Ptr(dialpad.LicenseTalk), OfficeID: office,
		})
		if err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
}

// statuses counts the server's answers by status.
func statuses(srv *dialpadtest.Server) map[int]int {
	got := map[int]int{}
	for _, r := range srv.Requests() {
		got[r.Status]++
	}
	return got
}

// TestNewClientDefaultsCompose: NewServer and NewClient with their defaults
// onboard 1,000 users in exactly 1,000 requests, none of them refused. (A
// server enforcing the limits by default and a client that did not pace
// answered hundreds of them 429.)
func TestNewClientDefaultsCompose(t *testing.T) {
	t.Parallel()
	srv := dialpadtest.NewServer()
	t.Cleanup(srv.Close)
	client, err := srv.NewClient()
	require.NoError(t, err)
	onboard(t, srv, client, 1000)
	assert.Equal(t, map[int]int{http.StatusOK: 1000}, statuses(srv))
}

// TestNewClientPacesToServerLimits: with the server's limits on, NewClient
// paces to them. On the fake clock of a synctest bubble, 200 creates draw
// no 429, and no second holds more than the company limit.
func TestNewClientPacesToServerLimits(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := dialpadtest.NewServer(dialpadtest.WithRateLimits(), dialpadtest.WithoutListener())
		defer srv.Close()
		client, err := srv.NewClient()
		require.NoError(t, err)
		onboard(t, srv, client, 200)
		assert.Equal(t, map[int]int{http.StatusOK: 200}, statuses(srv))
		reqs := srv.Requests()
		for i := dialpadtest.CompanyRateLimit; i < len(reqs); i++ {
			if d := reqs[i].Time.Sub(reqs[i-dialpadtest.CompanyRateLimit].Time); d < time.Second {
				t.Fatalf("requests %d to %d arrived within %v", i-dialpadtest.CompanyRateLimit, i, d)
			}
		}
	})
}

// BenchmarkOnboardingCreates measures what a test of an onboarding run
// costs with the defaults: 1,000 users.create through NewClient against
// NewServer, a fresh server for each run.
func BenchmarkOnboardingCreates(b *testing.B) {
	for b.Loop() {
		srv := dialpadtest.NewServer(dialpadtest.WithEmptyState())
		client, err := srv.NewClient()
		if err != nil {
			b.Fatal(err)
		}
		onboard(b, srv, client, 1000)
		srv.Close()
	}
}

func TestNewClientDropIsALostConnection(t *testing.T) {
	t.Parallel()
	srv := dialpadtest.NewServer()
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

// TestNewClientPacedUnderSynctest: the client's own limits, given by
// options, replace the pacing NewClient matched to the server. 60 GETs at
// 20 a second take two more windows after the first, on the fake clock,
// and draw no 429.
func TestNewClientPacedUnderSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := dialpadtest.NewServer(dialpadtest.WithRateLimits(), dialpadtest.WithoutListener()) // a listener would keep the bubble busy
		defer srv.Close()
		client, err := srv.NewClient(dialpad.WithRateLimit(20, 1), dialpad.WithEndpointLimits(true))
		require.NoError(t, err)
		start := time.Now()
		for range 60 {
			_, err := client.Users.Get(context.Background(), dialpadtest.SeedAdminUserID)
			require.NoError(t, err)
		}
		elapsed := time.Since(start) // fake time: exact, whatever the machine does
		assert.Equal(t, map[int]int{http.StatusOK: 60}, statuses(srv))
		assert.GreaterOrEqual(t, elapsed, 2*time.Second, "60 requests at 20/s need at least two more windows after the first")
	})
}
