package dialpad

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// ContactsService manages shared and local contacts. Get it from Client.Contacts.
type ContactsService service

// ContactType tells a company-wide contact from one kept by a single user.
type ContactType string

// Contact types.
const (
	// ContactTypeLocal is a contact in one user's personal address book.
	ContactTypeLocal ContactType = "local"
	// ContactTypeShared is a contact every user of the company can see.
	ContactTypeShared ContactType = "shared"
)

// Contact is an entry of a company's shared address book or of a user's
// local one.
type Contact struct {
	// ID is the contact's id, a string (ids of contacts created with a uid
	// embed that uid).
	ID string `json:"id"`
	// Type says whether the contact is shared or local.
	Type ContactType `json:"type"`
	// OwnerID is the id of whoever holds the contact: the user for a local
	// contact, the company for a shared one.
	OwnerID ID `json:"owner_id"`
	// FirstName and LastName are the contact's given and family names.
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	// DisplayName is the formatted name Dialpad shows for the contact.
	DisplayName string `json:"display_name"`
	// CompanyName is the company the contact works for; empty when not
	// set.
	CompanyName string `json:"company_name"`
	// JobTitle is the contact's job title; empty when not set.
	JobTitle string `json:"job_title"`
	// Extension is the contact's extension number; empty when not set.
	Extension string `json:"extension"`
	// Emails lists the contact's addresses; PrimaryEmail is the one shown
	// where there is room for only one.
	Emails       []string `json:"emails"`
	PrimaryEmail string   `json:"primary_email"`
	// Phones lists the contact's E.164 numbers; PrimaryPhone is the one
	// dialled by default.
	Phones       []string `json:"phones"`
	PrimaryPhone string   `json:"primary_phone"`
	// URLs are web sites of or about the contact.
	URLs []string `json:"urls"`
	// TrunkGroup is still returned by the API but no longer used.
	//
	// Deprecated: Dialpad no longer uses trunk groups on contacts.
	TrunkGroup string `json:"trunk_group"`
}

// ContactListOptions filters Contacts.List and Contacts.ListPage. With no
// filter the company's shared contacts are listed.
type ContactListOptions struct {
	ListOptions
	// OwnerID lists the local contacts of this user instead of the shared
	// ones.
	OwnerID ID
	// IncludeLocal, when true, adds the local contacts of every user of the
	// company to the listing. Nil leaves the server's default (false).
	IncludeLocal *bool
}

func (o *ContactListOptions) values() (url.Values, error) {
	q, err := o.ListOptions.values()
	if err != nil {
		return nil, err
	}
	if o.OwnerID != 0 {
		if err := checkID("owner_id", o.OwnerID); err != nil {
			return nil, err
		}
		q.Set("owner_id", o.OwnerID.String())
	}
	if o.IncludeLocal != nil {
		q.Set("include_local", strconv.FormatBool(*o.IncludeLocal))
	}
	return q, nil
}

// List iterates over the contacts matching opts (nil for the company's
// shared contacts), fetching pages as the loop needs them:
//
//	for c, err := range client.Contacts.List(ctx, nil) { ... }
//
// Dialpad API: GET /api/v2/contacts
func (s *ContactsService) List(ctx context.Context, opts *ContactListOptions) iter.Seq2[*Contact, error] {
	return all(ctx, opts, s.ListPage)
}

// ListPage fetches one page of contacts; pass the returned Cursor in
// opts.Cursor for the next.
//
// Dialpad API: GET /api/v2/contacts
func (s *ContactsService) ListPage(ctx context.Context, opts *ContactListOptions) (*Page[Contact], error) {
	return listPage[Contact](ctx, s.c, opts, pathTo("contacts"))
}

// Get fetches one shared or local contact by id.
//
// Dialpad API: GET /api/v2/contacts/{id}
func (s *ContactsService) Get(ctx context.Context, id string) (*Contact, error) {
	return send[Contact](ctx, s.c, http.MethodGet, nil, nil, pathTo("contacts").opaque("id", id))
}

// CreateContactRequest is the body of Contacts.Create. FirstName and
// LastName are required; every other field is sent only when set.
type CreateContactRequest struct {
	// FirstName and LastName are the contact's given and family names
	// (required, single-line).
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	// OwnerID makes the contact a local one in this user's address book;
	// nil creates a shared contact. It is a string on the wire.
	OwnerID *ID `json:"owner_id,omitempty,string"`
	// CompanyName is the company the contact works for; single-line.
	CompanyName *string `json:"company_name,omitempty"`
	// JobTitle is the contact's job title; single-line.
	JobTitle *string `json:"job_title,omitempty"`
	// Extension is the contact's extension number; single-line.
	Extension *string `json:"extension,omitempty"`
	// Emails are the contact's addresses, the primary one first.
	Emails []string `json:"emails,omitzero"`
	// Phones are the contact's E.164 numbers, the primary one first.
	Phones []string `json:"phones,omitzero"`
	// URLs are web sites of or about the contact.
	URLs []string `json:"urls,omitzero"`
}

func (r *CreateContactRequest) validate() error {
	errs := []error{
		checkRequired("first_name", r.FirstName),
		checkSingleLine("first_name", r.FirstName),
		checkRequired("last_name", r.LastName),
		checkSingleLine("last_name", r.LastName),
	}
	if r.OwnerID != nil {
		errs = append(errs, checkID("owner_id", *r.OwnerID))
	}
	errs = append(errs, checkContactDetails(r.CompanyName, r.JobTitle, r.Extension, r.Emails, r.Phones))
	return firstErr(errs...)
}

// checkContactDetails checks the optional fields the three contact write
// requests share.
func checkContactDetails(companyName, jobTitle, extension *string, emails, phones []string) error {
	return firstErr(
		checkSingleLinePtr("company_name", companyName),
		checkSingleLinePtr("job_title", jobTitle),
		checkSingleLinePtr("extension", extension),
		checkEmails("emails", emails),
		checkE164s("phones", phones),
	)
}

// Create adds a contact: a shared one, or a local one when req.OwnerID is
// set. Every call makes a new contact; use CreateOrUpdate to upsert by a
// key of your own.
//
// Dialpad API: POST /api/v2/contacts
func (s *ContactsService) Create(ctx context.Context, req *CreateContactRequest) (*Contact, error) {
	return write[Contact](ctx, s.c, http.MethodPost, req, pathTo("contacts"))
}

// CreateOrUpdateContactRequest is the body of Contacts.CreateOrUpdate.
// UID, FirstName and LastName are required; every other field is sent only
// when set.
type CreateOrUpdateContactRequest struct {
	// UID is your own key for the contact (for example a CRM record id).
	// Dialpad builds the contact's id from it, so sending the same UID
	// again updates that contact instead of adding another.
	UID string `json:"uid"`
	// FirstName and LastName are the contact's given and family names
	// (required, single-line).
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	// CompanyName is the company the contact works for; single-line.
	CompanyName *string `json:"company_name,omitempty"`
	// JobTitle is the contact's job title; single-line.
	JobTitle *string `json:"job_title,omitempty"`
	// Extension is the contact's extension number; single-line.
	Extension *string `json:"extension,omitempty"`
	// Emails are the contact's addresses, the primary one first.
	Emails []string `json:"emails,omitzero"`
	// Phones are the contact's E.164 numbers, the primary one first.
	Phones []string `json:"phones,omitzero"`
	// URLs are web sites of or about the contact.
	URLs []string `json:"urls,omitzero"`
}

func (r *CreateOrUpdateContactRequest) validate() error {
	return firstErr(
		checkRequired("uid", r.UID),
		checkSingleLine("uid", r.UID),
		checkRequired("first_name", r.FirstName),
		checkSingleLine("first_name", r.FirstName),
		checkRequired("last_name", r.LastName),
		checkSingleLine("last_name", r.LastName),
		checkContactDetails(r.CompanyName, r.JobTitle, r.Extension, r.Emails, r.Phones),
	)
}

// CreateOrUpdate upserts a shared contact keyed by req.UID: the first call
// with a UID creates the contact, later ones overwrite it. Safe to repeat.
//
// Dialpad API: PUT /api/v2/contacts
func (s *ContactsService) CreateOrUpdate(ctx context.Context, req *CreateOrUpdateContactRequest) (*Contact, error) {
	return write[Contact](ctx, s.c, http.MethodPut, req, pathTo("contacts"))
}

// UpdateContactRequest is the body of Contacts.Update. Only set fields are
// sent: a nil pointer or nil slice leaves the field as it is, and an empty
// non-nil slice clears the list.
type UpdateContactRequest struct {
	// FirstName and LastName rename the contact; single-line.
	FirstName *string `json:"first_name,omitempty"`
	LastName  *string `json:"last_name,omitempty"`
	// CompanyName is the company the contact works for; single-line.
	CompanyName *string `json:"company_name,omitempty"`
	// JobTitle is the contact's job title; single-line.
	JobTitle *string `json:"job_title,omitempty"`
	// Extension is the contact's extension number; single-line.
	Extension *string `json:"extension,omitempty"`
	// Emails replaces the contact's addresses, the primary one first.
	Emails []string `json:"emails,omitzero"`
	// Phones replaces the contact's E.164 numbers, the primary one first.
	Phones []string `json:"phones,omitzero"`
	// URLs replaces the contact's web sites.
	URLs []string `json:"urls,omitzero"`
}

func (r *UpdateContactRequest) validate() error {
	return firstErr(
		checkSingleLinePtr("first_name", r.FirstName),
		checkSingleLinePtr("last_name", r.LastName),
		checkContactDetails(r.CompanyName, r.JobTitle, r.Extension, r.Emails, r.Phones),
	)
}

// Update changes the fields set in req and returns the updated contact.
//
// Dialpad API: PATCH /api/v2/contacts/{id}
func (s *ContactsService) Update(ctx context.Context, id string, req *UpdateContactRequest) (*Contact, error) {
	return write[Contact](ctx, s.c, http.MethodPatch, req, pathTo("contacts").opaque("id", id))
}

// Delete deletes a contact and returns it as it was before deletion.
//
// Dialpad API: DELETE /api/v2/contacts/{id}
func (s *ContactsService) Delete(ctx context.Context, id string) (*Contact, error) {
	return send[Contact](ctx, s.c, http.MethodDelete, nil, nil, pathTo("contacts").opaque("id", id))
}

func (c *Contact) problem() string { return opaqueIDProblem(c.ID) }

// UnmarshalJSON decodes a contact, its id from a JSON string or number.
func (c *Contact) UnmarshalJSON(b []byte) error {
	type fields Contact
	return json.Unmarshal(b, &struct {
		*fields
		ID *opaqueID `json:"id"`
	}{(*fields)(c), (*opaqueID)(&c.ID)})
}
