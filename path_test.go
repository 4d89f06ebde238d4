package dialpad

import (
	"net/http"
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
