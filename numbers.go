package dialpad

import (
	"context"
	"net/http"
)

// NumbersService assigns numbers to users and releases them. Get it from
// Client.Numbers.
type NumbersService service

// NumberStatus says what a Dialpad number is currently used for.
type NumberStatus string

// Number statuses.
const (
	NumberStatusAvailable     NumberStatus = "available" // in the company's reserve, unassigned
	NumberStatusCallCenter    NumberStatus = "call_center"
	NumberStatusCallRouter    NumberStatus = "call_router"
	NumberStatusDepartment    NumberStatus = "department"
	NumberStatusDynamicCaller NumberStatus = "dynamic_caller"
	NumberStatusOffice        NumberStatus = "office"
	NumberStatusPending       NumberStatus = "pending"
	NumberStatusPorting       NumberStatus = "porting" // being ported in
	NumberStatusRoom          NumberStatus = "room"
	NumberStatusUser          NumberStatus = "user"
)

// NumberType is the kind of line a number is.
type NumberType string

// Number kinds.
const (
	NumberTypeFree     NumberType = "free"
	NumberTypeLocal    NumberType = "local"
	NumberTypeMobile   NumberType = "mobile"
	NumberTypeSoftbank NumberType = "softbank"
	NumberTypeTollFree NumberType = "tollfree"
)

// Number is a Dialpad phone number and what it is assigned to.
type Number struct {
	// Number is the E.164 form, such as "+14155551002".
	Number string `json:"number"`
	// AreaCode is the number's area code, digits only ("415"); empty
	// where the number has none.
	AreaCode string `json:"area_code"`
	// Type is the kind of line: local, mobile, toll-free, ...
	Type NumberType `json:"type"`
	// Status is what the number is used for now: NumberStatusUser for a
	// user's, NumberStatusAvailable once it is back in the company's
	// reserve.
	Status NumberStatus `json:"status"`
	// CompanyID is the company the number belongs to.
	CompanyID ID `json:"company_id"`
	// OfficeID is the office the number belongs to.
	OfficeID ID `json:"office_id"`
	// TargetID and TargetType name the entity holding the number; both are
	// zero once it is unassigned.
	TargetID   ID        `json:"target_id"`
	TargetType GroupType `json:"target_type"`
	// Deleted is true once the number has been ported away from Dialpad.
	Deleted bool `json:"deleted"`
}

// AssignNumberRequest is the body of Numbers.Assign. Set at most one of
// Number and AreaCode; with neither, Dialpad picks a number itself (from
// the company's reserved block when it has one).
type AssignNumberRequest struct {
	// Number is a specific E.164 number to assign.
	Number *string `json:"number,omitempty"`
	// AreaCode asks for any free number in this area code (digits only,
	// such as "415").
	AreaCode *string `json:"area_code,omitempty"`
	// Primary says whether the number becomes the user's primary one; the
	// server's default is true.
	Primary *bool `json:"primary,omitempty"`
}

func (r *AssignNumberRequest) validate() error {
	if r.Number != nil && r.AreaCode != nil {
		return invalid("number", "set either number or area_code, not both")
	}
	if r.Number != nil {
		if err := checkE164("number", *r.Number); err != nil {
			return err
		}
	}
	if r.AreaCode != nil {
		if !isAreaCode(*r.AreaCode) {
			return invalid("area_code", "%q is not an area code (digits only)", *r.AreaCode)
		}
	}
	return nil
}

// isAreaCode reports whether v is a non-empty run of ASCII digits.
func isAreaCode(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// Assign gives a user a phone number: the one
// in req.Number, any free one in req.AreaCode, or, when req is nil or sets
// neither, one Dialpad chooses.
//
// Dialpad API: POST /api/v2/users/{id}/assign_number
func (s *NumbersService) Assign(ctx context.Context, userID ID, req *AssignNumberRequest) (*Number, error) {
	if req == nil {
		req = &AssignNumberRequest{} // encoded as {}: let Dialpad pick
	}
	return write[Number](ctx, s.c, http.MethodPost, req, pathTo("users").id("userID", userID).then("assign_number"))
}

// Unassign takes an E.164 number away from a user. Dialpad returns it to
// the company's reserved block when there is one and releases it
// otherwise; the result describes the number afterwards.
//
// Dialpad API: POST /api/v2/users/{id}/unassign_number
func (s *NumbersService) Unassign(ctx context.Context, userID ID, number string) (*Number, error) {
	return write[Number](ctx, s.c, http.MethodPost, &unassignNumberRequest{number}, pathTo("users").id("userID", userID).then("unassign_number"))
}

// unassignNumberRequest is the body of Numbers.Unassign.
type unassignNumberRequest struct {
	Number string `json:"number"`
}

func (r *unassignNumberRequest) validate() error { return checkE164("number", r.Number) }

func (n *Number) problem() string {
	if n.Number == "" {
		return "the answer carries no number"
	}
	return ""
}
