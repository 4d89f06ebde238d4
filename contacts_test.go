package dialpad

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wantContactShared is testdata/contacts/get.json decoded.
var wantContactShared = Contact{
	ID:           "5764418315837440",
	Type:         ContactTypeShared,
	OwnerID:      4508591728425653,
	FirstName:    "Wile",
	LastName:     "Coyote",
	DisplayName:  "Wile Coyote",
	CompanyName:  "Acme Rockets",
	JobTitle:     "Chief Engineer",
	Emails:       []string{"wile@acme.example", "w.coyote@acme.example"},
	PrimaryEmail: "wile@acme.example",
	Phones:       []string{"+14155550111", "+442079460958"},
	PrimaryPhone: "+14155550111",
	URLs:         []string{"https://acme.example/wile"},
}

func TestContactsListPage(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/contacts", "contacts/list_page1.json", func(r *http.Request, body map[string]any) {
		if body != nil {
			t.Errorf("GET sent a body: %v", body)
		}
		if got, want := r.URL.RawQuery, "limit=100"; got != want {
			t.Errorf("query = %q, want %q", got, want)
		}
	})
	page, err := c.Contacts.ListPage(context.Background(), nil)
	require.NoError(t, err)
	if page.Cursor != "Y3Vyc29yOmNvbnRhY3RzOjI=" {
		t.Errorf("Cursor = %q", page.Cursor)
	}
	if len(page.Items) != 2 {
		t.Fatalf("got %d items, want 2", len(page.Items))
	}
	assert.Equal(t, wantContactShared, *page.Items[0])
	local := page.Items[1]
	if local.Type != ContactTypeLocal || local.OwnerID != 5835806903417907 || local.ID != "6290823128645632" {
		t.Errorf("Items[1] = %+v", local)
	}
	if local.Emails == nil || len(local.Emails) != 0 {
		t.Errorf("Items[1].Emails = %#v, want an empty list", local.Emails)
	}
}

func TestContactsListPageFilters(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts ContactListOptions
		want map[string]string
	}{
		{"owner", ContactListOptions{OwnerID: 5835806903417907},
			map[string]string{"limit": "100", "owner_id": "5835806903417907"}},
		{"include local", ContactListOptions{IncludeLocal: Ptr(true)},
			map[string]string{"limit": "100", "include_local": "true"}},
		{"exclude local", ContactListOptions{IncludeLocal: Ptr(false)},
			map[string]string{"limit": "100", "include_local": "false"}},
		{"cursor and limit", ContactListOptions{ListOptions: ListOptions{Cursor: "abc+/=", Limit: 25}},
			map[string]string{"limit": "25", "cursor": "abc+/="}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mux := newTestClient(t)
			handle(t, mux, "GET /api/v2/contacts", "contacts/list_page2.json", func(r *http.Request, _ map[string]any) {
				q := r.URL.Query()
				if len(q) != len(tc.want) {
					t.Errorf("query = %q, want %v", r.URL.RawQuery, tc.want)
				}
				for k, v := range tc.want {
					if q.Get(k) != v {
						t.Errorf("%s = %q, want %q", k, q.Get(k), v)
					}
				}
			})
			opts := tc.opts
			page, err := c.Contacts.ListPage(context.Background(), &opts)
			require.NoError(t, err)
			if page.Cursor != "" || len(page.Items) != 1 || page.Items[0].ID != "shared_contact_crm-000123" {
				t.Errorf("page = %+v", page)
			}
			assert.Equal(t, tc.opts, opts)
		})
	}
}

func TestContactsListAllPages(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	queries := servePages(t, mux, "GET /api/v2/contacts", map[string]string{
		"":                         "contacts/list_page1.json",
		"Y3Vyc29yOmNvbnRhY3RzOjI=": "contacts/list_page2.json",
	})
	opts := &ContactListOptions{OwnerID: 5835806903417907, IncludeLocal: Ptr(true)}
	var ids []string
	for ct, err := range c.Contacts.List(context.Background(), opts) {
		require.NoError(t, err)
		ids = append(ids, ct.ID)
	}
	assert.Equal(t, []string{"5764418315837440", "6290823128645632", "shared_contact_crm-000123"}, ids)
	// The filters ride along with every page.
	assert.Equal(t, []string{
		"include_local=true&limit=100&owner_id=5835806903417907",
		"cursor=Y3Vyc29yOmNvbnRhY3RzOjI%3D&include_local=true&limit=100&owner_id=5835806903417907",
	}, queries())
	assert.Empty(t, opts.Cursor, "List wrote the cursor into the caller's options")
}

func TestContactsGet(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/contacts/{id}", "contacts/get.json", func(r *http.Request, body map[string]any) {
		if id := r.PathValue("id"); id != "5764418315837440" {
			t.Errorf("id = %q", id)
		}
		if r.URL.RawQuery != "" || body != nil {
			t.Errorf("query %q, body %v: want neither", r.URL.RawQuery, body)
		}
	})
	got, err := c.Contacts.Get(context.Background(), "5764418315837440")
	require.NoError(t, err)
	assert.Equal(t, wantContactShared, *got)
}

func TestContactsGetEscapesID(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/contacts/{id}", "contacts/create_or_update.json", func(r *http.Request, _ map[string]any) {
		if got, want := r.URL.EscapedPath(), "/api/v2/contacts/shared_contact_a%2Fb%3Fc"; got != want {
			t.Errorf("path = %q, want %q", got, want)
		}
		if r.URL.RawQuery != "" {
			t.Errorf("the id leaked into the query: %q", r.URL.RawQuery)
		}
	})
	if _, err := c.Contacts.Get(context.Background(), "shared_contact_a/b?c"); err != nil {
		t.Fatal(err)
	}
}

func TestContactsCreate(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "POST /api/v2/contacts", "contacts/create.json", func(r *http.Request, body map[string]any) {
		want := map[string]any{
			"first_name":   "Marvin",
			"last_name":    "Martian",
			"owner_id":     "5835806903417907",
			"company_name": "Mars Inc",
			"job_title":    "Commander",
			"emails":       []any{"marvin@mars.example"},
			"phones":       []any{"+14155550177"},
			"urls":         []any{},
		}
		assert.Equal(t, want, body)
		if r.URL.RawQuery != "" {
			t.Errorf("query = %q", r.URL.RawQuery)
		}
	})
	req := &CreateContactRequest{
		FirstName:   "Marvin",
		LastName:    "Martian",
		OwnerID:     Ptr(ID(5835806903417907)),
		CompanyName: Ptr("Mars Inc"),
		JobTitle:    Ptr("Commander"),
		Emails:      []string{"marvin@mars.example"},
		Phones:      []string{"+14155550177"},
		URLs:        []string{},
	}
	got, err := c.Contacts.Create(context.Background(), req)
	require.NoError(t, err)
	if got.ID != "4892731204780032" || got.Type != ContactTypeLocal || got.PrimaryPhone != "+14155550177" || got.DisplayName != "Marvin Martian" {
		t.Errorf("got %+v", got)
	}
}

func TestContactsCreateMinimal(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "POST /api/v2/contacts", "contacts/create.json", func(_ *http.Request, body map[string]any) {
		// Unset optional fields are absent, not null: a nil OwnerID is what
		// makes the contact a shared one.
		assert.Equal(t, map[string]any{"first_name": "Marvin", "last_name": "Martian"}, body)
	})
	if _, err := c.Contacts.Create(context.Background(), &CreateContactRequest{FirstName: "Marvin", LastName: "Martian"}); err != nil {
		t.Fatal(err)
	}
}

func TestContactsCreateOrUpdate(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "PUT /api/v2/contacts", "contacts/create_or_update.json", func(_ *http.Request, body map[string]any) {
		want := map[string]any{
			"uid":          "crm-000123",
			"first_name":   "Hank",
			"last_name":    "Scorpio",
			"company_name": "Globex",
			"extension":    "42",
			"emails":       []any{"hank@globex.example"},
			"phones":       []any{"+13125550188"},
			"urls":         []any{"https://globex.example"},
		}
		assert.Equal(t, want, body)
	})
	got, err := c.Contacts.CreateOrUpdate(context.Background(), &CreateOrUpdateContactRequest{
		UID:         "crm-000123",
		FirstName:   "Hank",
		LastName:    "Scorpio",
		CompanyName: Ptr("Globex"),
		Extension:   Ptr("42"),
		Emails:      []string{"hank@globex.example"},
		Phones:      []string{"+13125550188"},
		URLs:        []string{"https://globex.example"},
	})
	require.NoError(t, err)
	want := Contact{
		ID: "shared_contact_crm-000123", Type: ContactTypeShared, OwnerID: 4508591728425653,
		FirstName: "Hank", LastName: "Scorpio", DisplayName: "Hank Scorpio", CompanyName: "Globex",
		JobTitle: "CEO", Extension: "42", Emails: []string{"hank@globex.example"},
		PrimaryEmail: "hank@globex.example", Phones: []string{"+13125550188"},
		PrimaryPhone: "+13125550188", URLs: []string{"https://globex.example"},
	}
	assert.Equal(t, want, *got)
}

func TestContactsUpdate(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "PATCH /api/v2/contacts/{id}", "contacts/update.json", func(r *http.Request, body map[string]any) {
		if id := r.PathValue("id"); id != "5764418315837440" {
			t.Errorf("id = %q", id)
		}
		// Only what was set: nil pointers and nil slices stay out, the
		// empty URLs slice clears the list.
		want := map[string]any{
			"job_title": "Head of Research",
			"phones":    []any{"+14155550112"},
			"urls":      []any{},
		}
		assert.Equal(t, want, body)
	})
	req := &UpdateContactRequest{
		JobTitle: Ptr("Head of Research"),
		Phones:   []string{"+14155550112"},
		URLs:     []string{},
	}
	got, err := c.Contacts.Update(context.Background(), "5764418315837440", req)
	require.NoError(t, err)
	if got.JobTitle != "Head of Research" || got.PrimaryPhone != "+14155550112" || got.URLs == nil || len(got.URLs) != 0 {
		t.Errorf("got %+v", got)
	}
	if req.Emails != nil || req.FirstName != nil {
		t.Errorf("Update wrote to the caller's request: %+v", req)
	}
}

func TestContactsDelete(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "DELETE /api/v2/contacts/{id}", "contacts/delete.json", func(r *http.Request, body map[string]any) {
		if id := r.PathValue("id"); id != "5764418315837440" {
			t.Errorf("id = %q", id)
		}
		if body != nil {
			t.Errorf("DELETE sent a body: %v", body)
		}
	})
	got, err := c.Contacts.Delete(context.Background(), "5764418315837440")
	require.NoError(t, err)
	assert.Equal(t, wantContactShared, *got)
}

func TestContactUnmarshalNumericIDs(t *testing.T) {
	t.Parallel()
	var got Contact
	require.NoError(t, json.Unmarshal([]byte(`{"id": "5764418315837440123", "owner_id": 4508591728425653, "type": "shared"}`), &got))
	if got.ID != "5764418315837440123" || got.OwnerID != 4508591728425653 || got.Type != ContactTypeShared {
		t.Errorf("got %+v", got)
	}
	got = Contact{ID: "keep"}
	if err := json.Unmarshal([]byte(`{"id": null}`), &got); err != nil || got.ID != "keep" {
		t.Errorf("null id: got %q, %v", got.ID, err)
	}
	for _, bad := range []string{`{"id": true}`, `{"id": {}}`, `{"owner_id": [1]}`} {
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestContactsValidation(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t) // no handlers: any request fails the test
	ctx := context.Background()
	create := func(mod func(*CreateContactRequest)) func() error {
		return func() error {
			r := &CreateContactRequest{FirstName: "Wile", LastName: "Coyote"}
			mod(r)
			_, err := c.Contacts.Create(ctx, r)
			return err
		}
	}
	upsert := func(mod func(*CreateOrUpdateContactRequest)) func() error {
		return func() error {
			r := &CreateOrUpdateContactRequest{UID: "crm-1", FirstName: "Wile", LastName: "Coyote"}
			mod(r)
			_, err := c.Contacts.CreateOrUpdate(ctx, r)
			return err
		}
	}
	update := func(id string, r *UpdateContactRequest) func() error {
		return func() error { _, err := c.Contacts.Update(ctx, id, r); return err }
	}
	assertAllInvalid(t, []invalidCall{
		{"create nil", "request", func() error { _, err := c.Contacts.Create(ctx, nil); return err }},
		{"create no first name", "first_name", create(func(r *CreateContactRequest) { r.FirstName = "" })},
		{"create blank first name", "first_name", create(func(r *CreateContactRequest) { r.FirstName = "  " })},
		{"create no last name", "last_name", create(func(r *CreateContactRequest) { r.LastName = "" })},
		{"create multi-line first name", "first_name", create(func(r *CreateContactRequest) { r.FirstName = "Wile\nE." })},
		{"create multi-line last name", "last_name", create(func(r *CreateContactRequest) { r.LastName = "Coy\r\note" })},
		{"create multi-line company", "company_name", create(func(r *CreateContactRequest) { r.CompanyName = Ptr("Acme\u2028Rockets") })},
		{"create multi-line job title", "job_title", create(func(r *CreateContactRequest) { r.JobTitle = Ptr("Chief\nEngineer") })},
		{"create multi-line extension", "extension", create(func(r *CreateContactRequest) { r.Extension = Ptr("1\n2") })},
		{"create empty owner", "owner_id", create(func(r *CreateContactRequest) { r.OwnerID = Ptr(ID(0)) })},
		{"create bad phone", "phones[1]", create(func(r *CreateContactRequest) { r.Phones = []string{"+14155550111", "415-555-0111"} })},
		{"create bad email", "emails[0]", create(func(r *CreateContactRequest) { r.Emails = []string{"not an email"} })},
		{"create empty email", "emails[1]", create(func(r *CreateContactRequest) { r.Emails = []string{"a@b.example", ""} })},
		{"upsert nil", "request", func() error { _, err := c.Contacts.CreateOrUpdate(ctx, nil); return err }},
		{"upsert no uid", "uid", upsert(func(r *CreateOrUpdateContactRequest) { r.UID = "" })},
		{"upsert multi-line uid", "uid", upsert(func(r *CreateOrUpdateContactRequest) { r.UID = "crm\n1" })},
		{"upsert no first name", "first_name", upsert(func(r *CreateOrUpdateContactRequest) { r.FirstName = "" })},
		{"upsert no last name", "last_name", upsert(func(r *CreateOrUpdateContactRequest) { r.LastName = "" })},
		{"upsert multi-line job title", "job_title", upsert(func(r *CreateOrUpdateContactRequest) { r.JobTitle = Ptr("a\rb") })},
		{"upsert bad phone", "phones[1]", upsert(func(r *CreateOrUpdateContactRequest) { r.Phones = []string{"+14155550111", "+0123"} })},
		{"upsert bad email", "emails[0]", upsert(func(r *CreateOrUpdateContactRequest) { r.Emails = []string{"Wile <wile@acme.example>"} })},
		{"update nil", "request", update("1", nil)},
		{"update empty id", "id", update("", &UpdateContactRequest{})},
		{"update dot id", "id", update("..", &UpdateContactRequest{})},
		{"update multi-line first name", "first_name", update("1", &UpdateContactRequest{FirstName: Ptr("a\nb")})},
		{"update multi-line last name", "last_name", update("1", &UpdateContactRequest{LastName: Ptr("a\nb")})},
		{"update multi-line company", "company_name", update("1", &UpdateContactRequest{CompanyName: Ptr("a\nb")})},
		{"update multi-line job title", "job_title", update("1", &UpdateContactRequest{JobTitle: Ptr("a\nb")})},
		{"update bad phone", "phones[1]", update("1", &UpdateContactRequest{Phones: []string{"+14155550111", "+1 415 555 0111"}})},
		{"update bad email", "emails[0]", update("1", &UpdateContactRequest{Emails: []string{"@acme.example"}})},
		{"get empty id", "id", func() error { _, err := c.Contacts.Get(ctx, ""); return err }},
		{"get dot id", "id", func() error { _, err := c.Contacts.Get(ctx, "."); return err }},
		{"delete empty id", "id", func() error { _, err := c.Contacts.Delete(ctx, ""); return err }},
		{"delete dotdot id", "id", func() error { _, err := c.Contacts.Delete(ctx, ".."); return err }},
		{"list limit", "limit", func() error {
			_, err := c.Contacts.ListPage(ctx, &ContactListOptions{ListOptions: ListOptions{Limit: 101}})
			return err
		}},
		{"list negative limit", "limit", func() error {
			_, err := c.Contacts.ListPage(ctx, &ContactListOptions{ListOptions: ListOptions{Limit: -1}})
			return err
		}},
		{"list multi-line owner", "owner_id", func() error { _, err := c.Contacts.ListPage(ctx, &ContactListOptions{OwnerID: -1}); return err }},
		{"iterate limit", "limit", func() error {
			for _, err := range c.Contacts.List(ctx, &ContactListOptions{ListOptions: ListOptions{Limit: 1000}}) {
				return err
			}
			return nil
		}},
	})
}
