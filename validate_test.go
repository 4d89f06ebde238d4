package dialpad

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIsE164(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]bool{
		"+14155551001":      true,
		"+442074865800":     true,
		"+12":               true, // 2 digits: the shortest allowed
		"+123456789012345":  true, // 15 digits: the longest allowed
		"+1":                false,
		"+1234567890123456": false,
		"":                  false,
		"+":                 false,
		"14155551001":       false,
		"+04155551001":      false,
		"+1 415 555 1001":   false,
		"+1-415-555-1001":   false,
		"+1415555100a":      false,
		"++14155551001":     false,
		"+14155551001\n":    false,
		"+١٤١٥٥٥٥١٠٠١":      false, // Arabic-Indic digits
	} {
		if got := isE164(v); got != want {
			t.Errorf("isE164(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestChecks(t *testing.T) {
	t.Parallel()
	ok := []struct {
		name string
		err  error
	}{
		{"email", checkEmail("f", "bot@fuzz-ball.com")},
		{"email plus", checkEmail("f", "bot+tag@fuzz-ball.co.uk")},
		{"caller id number", checkCallerID("f", "+14155551001")},
		{"caller id blocked", checkCallerID("f", CallerIDBlocked)},
		{"single line", checkSingleLine("f", "Ada Lovelace, CFO — テÉst")},
		{"single line empty", checkSingleLine("f", "")},
		{"single line nil", checkSingleLinePtr("f", nil)},
		{"enum empty", checkEnum("f", License(""), licenses)},
		{"enum", checkEnum("f", LicenseMagentaLines, licenses)},
		{"enum ptr nil", checkEnumPtr[License]("f", nil, licenses)},
		{"positive", checkID("f", 1)},
		{"uri", checkWebURL("f", "https://crm.example.com/contacts/42?x=1")},
		{"uri http", checkWebURL("f", "http://crm.example.com/")},
		{"required", checkRequired("f", "x")},
		{"not nil", checkNotNil("f", &CreateUserRequest{})},
		{"e164s", checkE164s("f", []string{"+14155551001", "+12"})},
		{"emails", checkEmails("f", nil)},
	}
	for _, tc := range ok {
		if tc.err != nil {
			t.Errorf("%s: %v", tc.name, tc.err)
		}
	}
	bad := []struct {
		name, field string
		err         error
	}{
		{"email empty", "f", checkEmail("f", "")},
		{"email blank", "f", checkEmail("f", "  ")},
		{"email no at", "f", checkEmail("f", "bot.fuzz-ball.com")},
		{"email display name", "f", checkEmail("f", "Bot <bot@fuzz-ball.com>")},
		{"email two", "f", checkEmail("f", "a@x.com, b@x.com")},
		{"email line break", "f", checkEmail("f", "bot@fuzz-ball.com\nBcc: x@y.com")},
		{"email spaces", "f", checkEmail("f", " bot@fuzz-ball.com ")},
		{"caller id", "f", checkCallerID("f", "4155551001")},
		{"caller id case", "f", checkCallerID("f", "Blocked")},
		{"caller id empty", "f", checkCallerID("f", "")},
		{"line feed", "f", checkSingleLine("f", "a\nb")},
		{"carriage return", "f", checkSingleLine("f", "a\rb")},
		{"vertical tab", "f", checkSingleLine("f", "a\vb")},
		{"form feed", "f", checkSingleLine("f", "a\fb")},
		{"next line", "f", checkSingleLine("f", "a\u0085b")},
		{"line separator", "f", checkSingleLine("f", "a\u2028b")},
		{"paragraph separator", "f", checkSingleLinePtr("f", Ptr("a\u2029b"))},
		{"enum", "f", checkEnum("f", License("gold"), licenses)},
		{"enum case", "f", checkEnum("f", License("Talk"), licenses)},
		{"enum ptr empty", "f", checkEnumPtr("f", Ptr(License("")), licenses)},
		{"zero", "f", checkID("f", 0)},
		{"negative", "f", checkID("f", -5)},
		{"uri empty", "f", checkWebURL("f", "")},
		{"uri relative", "f", checkWebURL("f", "/contacts/42")},
		{"uri credentials", "f", checkWebURL("f", "https://user:secret@crm.example.com/")},
		{"uri line break", "f", checkWebURL("f", "https://crm.example.com/\nx")},
		{"required", "f", checkRequired("f", " \t")},
		{"nil", "f", checkNotNil[CreateUserRequest]("f", nil)},
		{"e164s", "f[1]", checkE164s("f", []string{"+14155551001", "555"})},
		{"emails", "f[0]", checkEmails("f", []string{"x"})},
	}
	for _, tc := range bad {
		var ve *ValidationError
		if !errors.As(tc.err, &ve) || ve.Field != tc.field || ve.Reason == "" {
			t.Errorf("%s: %v, want a *ValidationError for %s", tc.name, tc.err, tc.field)
		}
	}
	if err := checkWebURL("f", "https://user:secret@crm.example.com/"); strings.Contains(err.Error(), "secret") {
		t.Errorf("the error quotes the password: %v", err)
	}
	if got := firstErr(nil, checkID("a", 0), checkID("b", 0)); got.(*ValidationError).Field != "a" {
		t.Errorf("firstErr = %v, want the first", got)
	}
	if firstErr() != nil || firstErr(nil, nil) != nil {
		t.Error("firstErr of nothing is not nil")
	}
}

// TestUsersValidation runs every rule of the Users operations through the
// public methods: each bad input is a *ValidationError naming the field,
// and nothing reaches the server.
func TestUsersValidation(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
	})
	c := plumbingClient(t, srv.URL)
	ctx := context.Background()
	create := func(r *CreateUserRequest) func() error {
		return func() error { _, err := c.Users.Create(ctx, r); return err }
	}
	okCreate := func(edit func(r *CreateUserRequest)) func() error {
		r := &CreateUserRequest{Email: "new@fuzz-ball.com", OfficeID: 1}
		edit(r)
		return create(r)
	}
	update := func(r *UpdateUserRequest) func() error {
		return func() error { _, err := c.Users.Update(ctx, 1, r); return err }
	}
	dnd := func(r *DoNotDisturbRequest) func() error {
		return func() error { _, err := c.Users.SetDoNotDisturb(ctx, 1, r); return err }
	}
	status := func(r *UserStatusRequest) func() error {
		return func() error { _, err := c.Users.SetStatus(ctx, 1, r); return err }
	}
	callerID := func(v string) func() error {
		return func() error { _, err := c.Users.SetCallerID(ctx, 1, v); return err }
	}
	list := func(o *UserListOptions) func() error {
		return func() error { _, err := c.Users.ListPage(ctx, o); return err }
	}
	iterate := func(o *UserListOptions) func() error {
		return func() error {
			for _, err := range c.Users.List(ctx, o) {
				return err
			}
			return nil
		}
	}
	cases := []invalidCall{
		// Create.
		{"create nil", "request", create(nil)},
		{"create no email", "email", okCreate(func(r *CreateUserRequest) { r.Email = "" })},
		{"create bad email", "email", okCreate(func(r *CreateUserRequest) { r.Email = "new at fuzz-ball.com" })},
		{"create email with name", "email", okCreate(func(r *CreateUserRequest) { r.Email = "New <new@fuzz-ball.com>" })},
		{"create no office", "office_id", okCreate(func(r *CreateUserRequest) { r.OfficeID = 0 })},
		{"create negative office", "office_id", okCreate(func(r *CreateUserRequest) { r.OfficeID = -1 })},
		{"create first name two lines", "first_name", okCreate(func(r *CreateUserRequest) { r.FirstName = Ptr("Ada\nEvil: header") })},
		{"create last name CR", "last_name", okCreate(func(r *CreateUserRequest) { r.LastName = Ptr("Love\rlace") })},
		{"create last name U+2028", "last_name", okCreate(func(r *CreateUserRequest) { r.LastName = Ptr("Love\u2028lace") })},
		{"create unknown license", "license", okCreate(func(r *CreateUserRequest) { r.License = Ptr(License("platinum")) })},
		{"create empty license", "license", okCreate(func(r *CreateUserRequest) { r.License = Ptr(License("")) })},
		{"create support license by its UI name", "license", okCreate(func(r *CreateUserRequest) { r.License = Ptr(License("support")) })},

		// Update.
		{"update nil", "request", update(nil)},
		{"update first name", "first_name", update(&UpdateUserRequest{FirstName: Ptr("a\nb")})},
		{"update last name", "last_name", update(&UpdateUserRequest{LastName: Ptr("a\r\nb")})},
		{"update job title", "job_title", update(&UpdateUserRequest{JobTitle: Ptr("CFO\n")})},
		{"update extension", "extension", update(&UpdateUserRequest{Extension: Ptr("12\n34")})},
		{"update email", "emails[0]", update(&UpdateUserRequest{Emails: []string{"nope"}})},
		{"update second email", "emails[1]", update(&UpdateUserRequest{Emails: []string{"a@fuzz-ball.com", ""}})},
		{"update phone number", "phone_numbers[0]", update(&UpdateUserRequest{PhoneNumbers: []string{"(415) 555-1001"}})},
		{"update phone number too long", "phone_numbers[1]", update(&UpdateUserRequest{PhoneNumbers: []string{"+14155551001", "+1234567890123456"}})},
		{"update forwarding number", "forwarding_numbers[0]", update(&UpdateUserRequest{ForwardingNumbers: []string{"+0442074865800"}})},
		{"update forwarding number short", "forwarding_numbers[0]", update(&UpdateUserRequest{ForwardingNumbers: []string{"+4"}})},
		{"update license", "license", update(&UpdateUserRequest{License: Ptr(License("support"))})},
		{"update state deleted", "state", update(&UpdateUserRequest{State: Ptr(UserStateDeleted)})},
		{"update state all", "state", update(&UpdateUserRequest{State: Ptr(UserStateAll)})},
		{"update state empty", "state", update(&UpdateUserRequest{State: Ptr(UserState(""))})},
		{"update office zero", "office_id", update(&UpdateUserRequest{OfficeID: Ptr(ID(0))})},
		{"update admin office", "admin_office_ids[1]", update(&UpdateUserRequest{AdminOfficeIDs: []ID{7, -7}})},
		{"update presence type", "presence_status.type", update(&UpdateUserRequest{PresenceStatus: &PresenceStatus{Type: Ptr(PresenceType("meeting"))}})},

		// MoveOffice.
		{"move to office 0", "office_id", func() error { _, err := c.Users.MoveOffice(ctx, 1, 0); return err }},
		{"move to negative office", "office_id", func() error { _, err := c.Users.MoveOffice(ctx, 1, -3); return err }},

		// SetDoNotDisturb.
		{"dnd nil", "request", dnd(nil)},
		{"dnd group type", "group_type", dnd(&DoNotDisturbRequest{GroupID: Ptr(ID(1)), GroupType: Ptr(GroupType("room"))})},
		{"dnd group id zero", "group_id", dnd(&DoNotDisturbRequest{GroupID: Ptr(ID(0)), GroupType: Ptr(GroupTypeOffice)})},
		{"dnd group id alone", "group_id", dnd(&DoNotDisturbRequest{GroupID: Ptr(ID(1))})},
		{"dnd group type alone", "group_id", dnd(&DoNotDisturbRequest{GroupType: Ptr(GroupTypeOffice)})},

		// SetStatus.
		{"status nil", "request", status(nil)},
		{"status two lines", "status_message", status(&UserStatusRequest{StatusMessage: "out\nback monday"})},
		{"status negative expiration", "expiration", status(&UserStatusRequest{StatusMessage: "out", Expiration: Ptr(int64(-1))})},

		// SetCallerID.
		{"caller id empty", "caller_id", callerID("")},
		{"caller id local", "caller_id", callerID("4155551001")},
		{"caller id too short", "caller_id", callerID("+1")},
		{"caller id Blocked", "caller_id", callerID("Blocked")},
		{"caller id two lines", "caller_id", callerID("+14155551001\n")},

		// GetByEmail.
		{"by email empty", "email", func() error { _, err := c.Users.GetByEmail(ctx, ""); return err }},
		{"by email bad", "email", func() error { _, err := c.Users.GetByEmail(ctx, "bot"); return err }},

		// ListPage and List.
		{"list state", "state", list(&UserListOptions{State: "gone"})},
		{"list number", "number", list(&UserListOptions{Number: "415-555-1001"})},
		{"list email two lines", "email", list(&UserListOptions{Email: "a@x.com\nb@x.com"})},
		{"list limit", "limit", list(&UserListOptions{ListOptions: ListOptions{Limit: 101}})},
		{"list negative limit", "limit", list(&UserListOptions{ListOptions: ListOptions{Limit: -1}})},
		{"iterate state", "state", iterate(&UserListOptions{State: "gone"})},
		{"iterate limit", "limit", iterate(&UserListOptions{ListOptions: ListOptions{Limit: 500}})},

		// Path ids.
		{"get empty id", "id", func() error { _, err := c.Users.Get(ctx, 0); return err }},
		{"delete dot id", "id", func() error { _, err := c.Users.Delete(ctx, 0); return err }},
		{"personas dotdot id", "id", func() error { _, err := c.Users.ListPersonas(ctx, 0); return err }},
		{"caller id blank id", "id", func() error { _, err := c.Users.GetCallerID(ctx, 0); return err }},
	}
	assertAllInvalid(t, cases)
	assert.Equal(t, int64(0), n.Load(), "requests sent")
}

// TestUsersValidationAccepts is the other side: values at the edges of the
// rules are sent.
func TestUsersValidationAccepts(t *testing.T) {
	t.Parallel()
	srv, n := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
		replyJSON(w, http.StatusOK, `{"id": "1"}`)
	})
	c := plumbingClient(t, srv.URL)
	ctx := context.Background()
	calls := map[string]func() error{
		"create every license": func() error {
			for _, l := range licenses {
				if _, err := c.Users.Create(ctx, &CreateUserRequest{Email: "a@b.co", OfficeID: 1, License: Ptr(l), FirstName: Ptr("")}); err != nil {
					return err
				}
			}
			return nil
		},
		"update empty lists": func() error {
			_, err := c.Users.Update(ctx, 1, &UpdateUserRequest{Emails: []string{}, PhoneNumbers: []string{}, ForwardingNumbers: []string{}})
			return err
		},
		"update edge numbers": func() error {
			_, err := c.Users.Update(ctx, 1, &UpdateUserRequest{PhoneNumbers: []string{"+12", "+123456789012345"}, State: Ptr(UserStateSuspended)})
			return err
		},
		"dnd whole user": func() error { _, err := c.Users.SetDoNotDisturb(ctx, 1, &DoNotDisturbRequest{}); return err },
		"status clear": func() error {
			_, err := c.Users.SetStatus(ctx, 1, &UserStatusRequest{Expiration: Ptr(int64(0))})
			return err
		},
		"caller id blocked": func() error { _, err := c.Users.SetCallerID(ctx, 1, CallerIDBlocked); return err },
		"list every state": func() error {
			for _, s := range []UserState{UserStateActive, UserStateAll, UserStateCancelled, UserStateDeleted, UserStatePending, UserStateSuspended} {
				if _, err := c.Users.ListPage(ctx, &UserListOptions{State: s, ListOptions: ListOptions{Limit: 1}}); err != nil {
					return err
				}
			}
			return nil
		},
	}
	for name, call := range calls {
		if err := call(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n.Load() == 0 {
		t.Error("nothing was sent")
	}
}

func TestSameEmail(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"kate@example.com", "kate@example.com", true},
		{"Kate@Example.COM", "kate@example.com", true},
		{"\u212Aate@example.com", "kate@example.com", false}, // Kelvin sign
		{"\u017Fam@example.com", "sam@example.com", false},   // long s
		{"kate@example.com", "kate@example.co", false},
		{"", "", true},
	} {
		assert.Equal(t, c.want, SameEmail(c.a, c.b), "SameEmail(%q, %q)", c.a, c.b)
		assert.Equal(t, c.want, SameEmail(c.b, c.a), "SameEmail(%q, %q)", c.b, c.a)
	}
}

func TestValidateEmailLength(t *testing.T) {
	t.Parallel()
	local64 := strings.Repeat("a", 64)
	assert.NoError(t, ValidateEmail(local64+"@example.com"))
	assertInvalid(t, ValidateEmail(local64+"a@example.com"), "email")
	domain := strings.Repeat("d", 63) + "." + strings.Repeat("e", 63) + "." + strings.Repeat("f", 63) + ".com"
	long := "ab@" + domain // 3+63+1+63+1+63+4 = 198 bytes: allowed
	assert.NoError(t, ValidateEmail(long))
	tooLong := local64 + "@" + strings.Repeat("g", 60) + "." + domain // 64+1+60+1+194 = 320 bytes
	assertInvalid(t, ValidateEmail(tooLong), "email")
}

func TestValidateE164(t *testing.T) {
	t.Parallel()
	assert.NoError(t, ValidateE164("+14155551001"))
	assertInvalid(t, ValidateE164("4155551001"), "number")
	assertInvalid(t, ValidateE164("+1 415 555 1001"), "number")
}

// TestEmailsWithLineBreaksAndControls: one email check, which rejects line
// breaks and control characters wherever an email is taken.
func TestEmailsWithLineBreaksAndControls(t *testing.T) {
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
			assertInvalid(t, tc.call(), tc.field, "%s(%q)", name, bad)
		}
	}
	require.NoError(t, ValidateEmail("ada.lovelace+ops@example.co.uk"))
	require.NoError(t, ValidateEmail("josé@example.com"))
	assert.Equal(t, int64(0), n.Load())
}
