package dialpad

// Regression tests for issue 11: each test names the item it covers. They
// assert counts and exact fake-clock times (testing/synctest), never wall
// clock durations.

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Item 2: one email check, which rejects line breaks and control
// characters wherever an email is taken.

func TestIssue11EmailsWithLineBreaksAndControls(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	})
	c := plumbingClient(t, srv.URL)
	ctx := context.Background()
	for _, bad := range []string{
		"ada\u2028@example.com", "ada@exam\u2029ple.com", "ada\u0085@example.com", "ada@example.com\u2028",
		"ada\u202e@example.com", "ada\u200b@example.com", "ada\u2066@example.com", "ada\ufeff@example.com",
		"ada\x1b@example.com", "ada\x00@example.com", "ada\n@example.com", "ada\u000b@example.com",
	} {
		calls := map[string]struct {
			field string
			call  func() error
		}{
			"ValidateEmail": {"email", func() error { return ValidateEmail(bad) }},
			"Users.Create": {"email", func() error {
				_, err := c.Users.Create(ctx, &CreateUserRequest{Email: bad, OfficeID: 1})
				return err
			}},
			"Users.Update": {"emails[1]", func() error {
				_, err := c.Users.Update(ctx, 1, &UpdateUserRequest{Emails: []string{"ok@example.com", bad}})
				return err
			}},
			"Users.GetByEmail": {"email", func() error { _, err := c.Users.GetByEmail(ctx, bad); return err }},
			"Contacts.Create": {"emails[0]", func() error {
				_, err := c.Contacts.Create(ctx, &CreateContactRequest{FirstName: "A", LastName: "B", Emails: []string{bad}})
				return err
			}},
			"Contacts.CreateOrUpdate": {"emails[0]", func() error {
				_, err := c.Contacts.CreateOrUpdate(ctx, &CreateOrUpdateContactRequest{UID: "u", FirstName: "A", LastName: "B", Emails: []string{bad}})
				return err
			}},
			"Contacts.Update": {"emails[0]", func() error {
				_, err := c.Contacts.Update(ctx, "c1", &UpdateContactRequest{Emails: []string{bad}})
				return err
			}},
		}
		for name, tc := range calls {
			var ve *ValidationError
			err := tc.call()
			if assert.ErrorAs(t, err, &ve, "%s(%q)", name, bad) {
				assert.Equal(t, tc.field, ve.Field, "%s(%q)", name, bad)
				assert.NotContains(t, err.Error(), "\n")
			}
		}
	}
	require.NoError(t, ValidateEmail("ada.lovelace+ops@example.co.uk"))
	require.NoError(t, ValidateEmail("josé@example.com"))
	assert.Equal(t, int64(0), n.Load())
}
