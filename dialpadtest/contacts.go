package dialpadtest

import (
	"slices"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// contactFields are the fields the contact operations share. trunk_group is
// deprecated: accepted and ignored.
type contactFields struct {
	CompanyName *string   `json:"company_name"`
	Emails      *[]string `json:"emails"`
	Extension   *string   `json:"extension"`
	FirstName   *string   `json:"first_name"`
	JobTitle    *string   `json:"job_title"`
	LastName    *string   `json:"last_name"`
	Phones      *[]string `json:"phones"`
	TrunkGroup  *string   `json:"trunk_group"`
	URLs        *[]string `json:"urls"`
}

// apply copies the fields that are set onto c.
func (f *contactFields) apply(c *Contact) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&c.CompanyName, f.CompanyName)
	set(&c.Extension, f.Extension)
	set(&c.FirstName, f.FirstName)
	set(&c.JobTitle, f.JobTitle)
	set(&c.LastName, f.LastName)
	if f.Emails != nil {
		c.Emails = slices.Clone(*f.Emails)
	}
	if f.Phones != nil {
		c.Phones = slices.Clone(*f.Phones)
	}
	if f.URLs != nil {
		c.URLs = slices.Clone(*f.URLs)
	}
}

// checkContact checks a contact as it would be stored.
func checkContact(c Contact) *apiError {
	switch {
	case strings.TrimSpace(c.FirstName) == "":
		return missing("first_name")
	case strings.TrimSpace(c.LastName) == "":
		return missing("last_name")
	}
	for _, f := range []struct{ name, v string }{{"first_name", c.FirstName}, {"last_name", c.LastName},
		{"company_name", c.CompanyName}, {"job_title", c.JobTitle}, {"extension", c.Extension}} {
		if !singleLine(f.v) {
			return badRequest("field %q must be a single line", f.name)
		}
	}
	for i, e := range c.Emails {
		if !isEmail(e) {
			return badRequest("emails[%d]: %q is not an email address", i, e)
		}
	}
	for i, u := range c.URLs {
		if !singleLine(u) || u == "" {
			return badRequest("urls[%d] must be a non-empty single line", i)
		}
	}
	return checkE164s("phones", c.Phones)
}

// contactKey sorts contacts by id.
func contactKey(c *Contact) string { return c.ID }

// listContacts serves GET /api/v2/contacts: the company's shared contacts,
// plus every local contact with include_local=true; with owner_id, that
// user's local contacts only.
func listContacts(c *call) (any, *apiError) {
	st := c.s.st
	p, e := c.page("contacts")
	if e != nil {
		return nil, e
	}
	local, _, e := c.queryBool("include_local")
	if e != nil {
		return nil, e
	}
	var owner dialpad.ID
	if v := c.query("owner_id"); v != "" {
		u, e := st.liveUser(v)
		if e != nil {
			return nil, e
		}
		owner = u.ID
	}
	var cs []*Contact
	for _, id := range sortedKeys(st.contacts) {
		ct := st.contacts[id]
		switch {
		case owner != 0 && ct.OwnerID != owner,
			owner == 0 && ct.OwnerID != 0 && !local:
			continue
		}
		cs = append(cs, ct)
	}
	page, cursor := paginate(cs, contactKey, p, "contacts")
	return collect(page, cursor, contactJSONOf), nil
}

// contact finds the contact named by the id wildcard.
func (c *call) contact() (*Contact, *apiError) {
	id := c.r.PathValue("id")
	ct := c.s.st.contacts[id]
	if ct == nil {
		return nil, notFound("contact %q not found", id)
	}
	return ct, nil
}

// getContact serves GET /api/v2/contacts/{id}.
func getContact(c *call, ct *Contact) (any, *apiError) {
	return contactJSONOf(ct), nil
}

// createContactRequest is the body of createContact.
type createContactRequest struct {
	contactFields
	OwnerID *string `json:"owner_id"`
}

// createContact serves POST /api/v2/contacts: a shared contact, or with
// owner_id a local contact of that user (who must exist: 400 otherwise).
func createContact(c *call, _ struct{}, req *createContactRequest) (any, *apiError) {
	st := c.s.st
	var ct Contact
	req.apply(&ct)
	if req.OwnerID != nil && *req.OwnerID != "" {
		id, err := parseID(*req.OwnerID)
		u := st.users[id]
		if err != nil || u == nil || u.State == "deleted" {
			return nil, badRequest("owner_id: user %q does not exist", *req.OwnerID)
		}
		ct.OwnerID = id
	}
	if e := checkContact(ct); e != nil {
		return nil, e
	}
	ct.ID = st.newID().String()
	st.contacts[ct.ID] = &ct
	return contactJSONOf(&ct), nil
}

// createContactWithUIDRequest is the body of createContactWithUID.
type createContactWithUIDRequest struct {
	contactFields
	UID *string `json:"uid"`
}

// createContactWithUID serves PUT /api/v2/contacts: it creates the shared
// contact "shared_uid_<uid>", or replaces it when the uid was used before
// (fields left out are cleared).
func createContactWithUID(c *call, _ struct{}, req *createContactWithUIDRequest) (any, *apiError) {
	st := c.s.st
	if req.UID == nil || strings.TrimSpace(*req.UID) == "" {
		return nil, missing("uid")
	}
	if !singleLine(*req.UID) {
		return nil, badRequest("field \"uid\" must be a single line")
	}
	ct := Contact{ID: "shared_uid_" + *req.UID}
	req.apply(&ct)
	if e := checkContact(ct); e != nil {
		return nil, e
	}
	st.contacts[ct.ID] = &ct
	return contactJSONOf(&ct), nil
}

// updateContact serves PATCH /api/v2/contacts/{id}: fields given replace
// the contact's; a list given as [] is cleared.
func updateContact(c *call, ct *Contact, req *contactFields) (any, *apiError) {
	next := *cloneContact(*ct)
	req.apply(&next)
	if e := checkContact(next); e != nil {
		return nil, e
	}
	*ct = next
	return contactJSONOf(ct), nil
}

// deleteContact serves DELETE /api/v2/contacts/{id} and returns the
// contact as it was.
func deleteContact(c *call, ct *Contact) (any, *apiError) {
	delete(c.s.st.contacts, ct.ID)
	return contactJSONOf(ct), nil
}
