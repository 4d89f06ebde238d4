package dialpad

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAPIPathBuild: a path is built from named parts; a bad argument is a
// *ValidationError naming the method parameter that carried it, wherever it
// sits in the path; the endpoint key writes arguments as {}.
func TestAPIPathBuild(t *testing.T) {
	t.Parallel()
	path, key, err := pathTo("users").id("userID", 42).then("deskphones").opaque("phoneID", "obi/1").build(http.MethodDelete)
	require.NoError(t, err)
	assert.Equal(t, "/api/v2/users/42/deskphones/obi%2F1", path)
	assert.Equal(t, "DELETE users/{}/deskphones/{}", key)

	for _, tc := range []struct {
		p     apiPath
		field string
	}{
		{pathTo("offices").id("officeID", 0).then("plan"), "officeID"},
		{pathTo("offices").id("officeID", -124).then("plan"), "officeID"},
		{pathTo("users").id("userID", 0).then("e911"), "userID"},
		{pathTo("users").id("userID", 1).then("deskphones").opaque("phoneID", ".."), "phoneID"},
		{pathTo("contacts").opaque("id", " "), "id"},
		{pathTo("callcenters").id("id", 0).then("operators"), "id"},
	} {
		_, _, err := tc.p.build(http.MethodGet)
		assertInvalid(t, err, tc.field)
	}

	// A path longer than any operation's, or none at all, is a bug of the
	// SDK, not bad input.
	var ve *ValidationError
	for _, p := range []apiPath{{}, pathTo("a").then("b").then("c").then("d").then("e")} {
		_, _, err := p.build(http.MethodGet)
		require.Error(t, err)
		assert.NotErrorAs(t, err, &ve)
		assert.Contains(t, err.Error(), "internal error")
	}
}

func TestClientPathEscaping(t *testing.T) {
	t.Parallel()
	var (
		mu   sync.Mutex
		uris []string
	)
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		uris = append(uris, r.RequestURI)
		mu.Unlock()
		replyJSON(w, http.StatusOK, `{"id": "1"}`)
	})
	c := plumbingClient(t, srv.URL)
	ctx := context.Background()
	cases := []struct {
		call func() error
		want string
	}{
		{func() error { _, err := c.Contacts.Get(ctx, "a/b"); return err }, "/api/v2/contacts/a%2Fb"},
		{func() error { _, err := c.Users.Get(ctx, 42); return err }, "/api/v2/users/42"},
		{func() error { _, err := c.Contacts.Get(ctx, "a b"); return err }, "/api/v2/contacts/a%20b"},
		{func() error { _, err := c.Contacts.Get(ctx, "50%"); return err }, "/api/v2/contacts/50%25"},
		{func() error { _, err := c.Contacts.Get(ctx, "1?admin=true#x"); return err }, "/api/v2/contacts/1%3Fadmin=true%23x"},
		{func() error { _, err := c.Contacts.Get(ctx, "../users"); return err }, "/api/v2/contacts/..%2Fusers"},
		{func() error { _, err := c.Contacts.Get(ctx, "..."); return err }, "/api/v2/contacts/..."},
		{func() error { _, err := c.DeskPhones.Get(ctx, 7, "a/b"); return err }, "/api/v2/users/7/deskphones/a%2Fb"},
		{func() error { _, err := c.Contacts.Delete(ctx, "a/b"); return err }, "/api/v2/contacts/a%2Fb"},
		{func() error { _, err := c.UserDevices.Get(ctx, "a/../b"); return err }, "/api/v2/userdevices/a%2F..%2Fb"},
	}
	for _, tc := range cases {
		if err := tc.call(); err != nil {
			t.Errorf("%s: %v", tc.want, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(uris) != len(cases) {
		t.Fatalf("server saw %d requests, want %d", len(uris), len(cases))
	}
	for i, tc := range cases {
		if uris[i] != tc.want {
			t.Errorf("request %d hit %s, want %s", i, uris[i], tc.want)
		}
	}
}

func TestClientRejectsEmptyAndDotIDs(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	})
	c := plumbingClient(t, srv.URL)
	ctx := context.Background()
	ops := map[string]func(id ID) error{
		"Get":             func(id ID) error { _, err := c.Users.Get(ctx, id); return err },
		"Update":          func(id ID) error { _, err := c.Users.Update(ctx, id, &UpdateUserRequest{}); return err },
		"Delete":          func(id ID) error { _, err := c.Users.Delete(ctx, id); return err },
		"MoveOffice":      func(id ID) error { _, err := c.Users.MoveOffice(ctx, id, 1); return err },
		"SetDoNotDisturb": func(id ID) error { _, err := c.Users.SetDoNotDisturb(ctx, id, &DoNotDisturbRequest{}); return err },
		"SetStatus":       func(id ID) error { _, err := c.Users.SetStatus(ctx, id, &UserStatusRequest{}); return err },
		"ListPersonas":    func(id ID) error { _, err := c.Users.ListPersonas(ctx, id); return err },
		"GetCallerID":     func(id ID) error { _, err := c.Users.GetCallerID(ctx, id); return err },
		"SetCallerID":     func(id ID) error { _, err := c.Users.SetCallerID(ctx, id, CallerIDBlocked); return err },
	}
	for name, op := range ops {
		for _, id := range []ID{0, -1, -5835806903417907} {
			assertInvalid(t, op(id), "id", "%s(%d)", name, id)
		}
	}
	assert.Equal(t, int64(0), n.Load(), "requests sent")
}
