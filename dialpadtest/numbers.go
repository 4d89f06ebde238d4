package dialpadtest

import "net/url"

// assignNumberRequest is the body of assignNumber.
type assignNumberRequest struct {
	AreaCode *string `json:"area_code"`
	Number   *string `json:"number"`
	Primary  *bool   `json:"primary"`
}

// assignNumber serves POST /api/v2/users/{id}/assign_number. The number
// comes from the user's office inventory: the one named by "number", else
// the first available one in "area_code", else the first available one. It
// becomes the primary number unless "primary" is false.
func assignNumber(c *call, u *userRec, req *assignNumberRequest) (any, *apiError) {
	st := c.s.st
	area := deref(req.AreaCode)
	var n *Number
	switch {
	case req.Number != nil:
		if !isE164(*req.Number) {
			return nil, badRequest("number %q is not an E.164 number", *req.Number)
		}
		if n = st.numbers[*req.Number]; n == nil {
			return nil, notFound("number %s is not in the company's inventory", *req.Number)
		}
		if n.Status != "available" {
			return nil, badRequest("number %s is not available (status %s)", n.Number, n.Status)
		}
		if n.OfficeID != u.OfficeID {
			return nil, badRequest("number %s belongs to office %d, not the user's office %d", n.Number, n.OfficeID, u.OfficeID)
		}
		if area != "" && n.AreaCode != area {
			return nil, badRequest("number %s is not in area code %s", n.Number, area)
		}
	case area != "":
		if n = st.availableNumber(u.OfficeID, area); n == nil {
			return nil, badRequest("no available number in area code %s in office %d", area, u.OfficeID)
		}
	default:
		if n = st.availableNumber(u.OfficeID, ""); n == nil {
			return nil, badRequest("no available number in office %d", u.OfficeID)
		}
	}
	st.assignNumber(u, n, req.Primary == nil || *req.Primary)
	return numberJSONOf(n), nil
}

// unassignNumberRequest is the body of unassignNumber.
type unassignNumberRequest struct {
	Number *string `json:"number"`
}

// unassignNumber serves POST /api/v2/users/{id}/unassign_number: the number
// goes back to its office's inventory with status "available".
func unassignNumber(c *call, u *userRec, req *unassignNumberRequest) (any, *apiError) {
	st := c.s.st
	if req.Number == nil {
		return nil, missing("number")
	}
	n := st.numbers[*req.Number]
	if n == nil {
		return nil, notFound("number %q is not in the company's inventory", *req.Number)
	}
	if n.Status != "user" || n.TargetID != u.ID {
		return nil, badRequest("number %s is not assigned to user %d", n.Number, u.ID)
	}
	st.releaseNumber(u, n.Number)
	return numberJSONOf(n), nil
}

// checkURI accepts an absolute URI on one line without user:password.
func checkURI(field, v string) *apiError {
	if !singleLine(v) {
		return badRequest("field %q must be a single line", field)
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || (u.Host == "" && u.Opaque == "") {
		return badRequest("%s %q is not an absolute URI", field, v)
	}
	if u.User != nil {
		return badRequest("%s must not carry user:password credentials", field)
	}
	return nil
}
