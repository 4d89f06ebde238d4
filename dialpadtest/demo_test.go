package dialpadtest_test

import (
	"context"
	"io"
	"strings"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Not parallel: the tests set DIALPAD_API_KEY.

func TestClientFromEnvOrDemo(t *testing.T) {
	t.Setenv("DIALPAD_API_KEY", "")
	for _, tc := range []struct {
		name    string
		open    func(io.Writer) (*dialpad.Client, *dialpadtest.Server, error)
		company string // the end of the announcement
		email   string // a user of the company started
	}{
		{"demo", dialpadtest.ClientFromEnvOrDemo, ", seeded with a demo company", "it-admin@example.com"},
		{"fake", dialpadtest.ClientFromEnvOrFake, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			client, srv, err := tc.open(&out)
			require.NoError(t, err)
			require.NotNil(t, srv)
			defer srv.Close()
			assert.Equal(t, "DIALPAD_API_KEY is not set: using the embedded fake Dialpad server at "+srv.URL+tc.company+"\n", out.String())
			// The client talks to that company: the demo one has the IT
			// admin and no SeedOfficeID, the default one the reverse.
			_, err = client.Offices.Get(context.Background(), dialpadtest.SeedOfficeID)
			if tc.email == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, dialpad.ErrNotFound)
			n := 0
			for u, err := range client.Users.List(context.Background(), &dialpad.UserListOptions{Email: tc.email}) {
				require.NoError(t, err)
				assert.Equal(t, "IT Admin", u.DisplayName)
				n++
			}
			assert.Equal(t, 1, n)
		})
	}
}

func TestClientFromEnvOrDemoWithKey(t *testing.T) {
	// With a key, the client is for the API at DIALPAD_BASE_URL (here a
	// fake standing in for it), no server is started and nothing is said.
	api := dialpadtest.NewServer()
	defer api.Close()
	t.Setenv("DIALPAD_API_KEY", api.APIKey)
	t.Setenv("DIALPAD_BASE_URL", api.URL)
	for name, open := range map[string]func(io.Writer) (*dialpad.Client, *dialpadtest.Server, error){
		"demo": dialpadtest.ClientFromEnvOrDemo,
		"fake": dialpadtest.ClientFromEnvOrFake,
	} {
		t.Run(name, func(t *testing.T) {
			var out strings.Builder
			client, srv, err := open(&out)
			require.NoError(t, err)
			assert.Nil(t, srv)
			assert.Empty(t, out.String())
			office, err := client.Offices.Get(context.Background(), dialpadtest.SeedOfficeID)
			require.NoError(t, err)
			assert.Equal(t, dialpad.ID(dialpadtest.SeedOfficeID), office.ID)
		})
	}
}

// TestDemoCompany: the demo company is what its doc comments say, and its
// CSV comes as a fresh copy each time.
func TestDemoCompany(t *testing.T) {
	srv, err := dialpadtest.NewDemoServer()
	require.NoError(t, err)
	defer srv.Close()
	client, err := srv.NewClient()
	require.NoError(t, err)
	ctx := context.Background()

	offices := map[string]bool{}
	for o, err := range client.Offices.List(ctx, nil) {
		require.NoError(t, err)
		offices[o.Name] = true
	}
	assert.Equal(t, map[string]bool{"Headquarters": true, "New York": true, "Contractors": true}, offices)
	states := map[string]dialpad.UserState{}
	for u, err := range client.Users.List(ctx, &dialpad.UserListOptions{State: dialpad.UserStateAll}) {
		require.NoError(t, err)
		states[u.Emails[0]] = u.State
	}
	assert.Equal(t, dialpad.UserStateSuspended, states["alan@example.com"], "back from leave, not yet reactivated")
	assert.Equal(t, dialpad.UserStateActive, states["john@example.com"], "gone in the CSV, still active here")
	assert.NotContains(t, states, "hedy@example.com", "a new hire of the CSV")
	assert.Contains(t, states, "it-admin@example.com")

	csv := dialpadtest.DemoEmployeesCSV()
	assert.Contains(t, string(csv), "\nemail,", "a header naming the columns, after the comments")
	assert.Contains(t, string(csv), "hedy@example.com")
	csv[0] = 'X'
	assert.Equal(t, byte('#'), dialpadtest.DemoEmployeesCSV()[0], "each call returns a fresh copy")

	// The demo company goes on an empty server only once: its offices'
	// main lines are taken the second time.
	assert.Error(t, srv.SeedDemo())
}
