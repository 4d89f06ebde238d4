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
