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
	var out strings.Builder
	client, srv, err := dialpadtest.ClientFromEnvOrDemo(&out)
	require.NoError(t, err)
	require.NotNil(t, srv)
	defer srv.Close()
	assert.Equal(t, "DIALPAD_API_KEY is not set: using the embedded fake Dialpad server at "+srv.URL+
		", seeded with a demo company\n", out.String())
	// The client talks to the demo company.
	n := 0
	for u, err := range client.Users.List(context.Background(), &dialpad.UserListOptions{Email: "it-admin@example.com"}) {
		require.NoError(t, err)
		assert.Equal(t, "IT Admin", u.DisplayName)
		n++
	}
	assert.Equal(t, 1, n)
}

func TestClientFromEnvOrFake(t *testing.T) {
	t.Setenv("DIALPAD_API_KEY", "")
	var out strings.Builder
	client, srv, err := dialpadtest.ClientFromEnvOrFake(&out)
	require.NoError(t, err)
	require.NotNil(t, srv)
	defer srv.Close()
	assert.Equal(t, "DIALPAD_API_KEY is not set: using the embedded fake Dialpad server at "+srv.URL+"\n", out.String())
	// The client talks to the default company.
	office, err := client.Offices.Get(context.Background(), dialpadtest.SeedOfficeID)
	require.NoError(t, err)
	assert.Equal(t, dialpad.ID(dialpadtest.SeedOfficeID), office.ID)
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
