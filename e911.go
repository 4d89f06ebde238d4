package dialpad

import (
	"context"
	"net/http"
)

// E911Service reads and sets users' emergency (E911) addresses. Get it from
// Client.E911.
type E911Service service

// E911Address is the emergency address on file for a user: where
// responders are sent when the user dials an emergency number.
type E911Address struct {
	// Address is the first address line: number and street.
	Address string `json:"address"`
	// Address2 is the second address line (suite, floor, ...); empty when
	// there is none.
	Address2 string `json:"address2"`
	// City is the city or town.
	City string `json:"city"`
	// State is the state or province.
	State string `json:"state"`
	// Zip is the ZIP or postal code.
	Zip string `json:"zip"`
	// Country is a country code such as "us".
	Country string `json:"country"`
}

// UpdateE911Request is the body of E911.Update. Every field but Address2
// and UseValidatedOption is required, and all text fields are single-line.
type UpdateE911Request struct {
	// Address is the first address line: number and street.
	Address string `json:"address"`
	// Address2 is the optional second address line (suite, floor, ...).
	Address2 *string `json:"address2,omitempty"`
	// City is the city or town.
	City string `json:"city"`
	// State is the state or province.
	State string `json:"state"`
	// Zip is the ZIP or postal code.
	Zip string `json:"zip"`
	// Country is a country code such as "us".
	Country string `json:"country"`
	// UseValidatedOption asks Dialpad to store the address as its address
	// validation service corrected it.
	UseValidatedOption *bool `json:"use_validated_option,omitempty"`
}

func (r *UpdateE911Request) validate() error {
	var errs []error
	for _, f := range []struct{ name, v string }{
		{"address", r.Address}, {"city", r.City}, {"state", r.State}, {"zip", r.Zip}, {"country", r.Country},
	} {
		errs = append(errs, checkRequired(f.name, f.v), checkSingleLine(f.name, f.v))
	}
	errs = append(errs, checkSingleLinePtr("address2", r.Address2))
	return firstErr(errs...)
}

// Get returns a user's emergency address.
//
// Dialpad API: GET /api/v2/users/{id}/e911
func (s *E911Service) Get(ctx context.Context, userID ID) (*E911Address, error) {
	return send[E911Address](ctx, s.c, http.MethodGet, nil, nil, pathTo("users").id("userID", userID).then("e911"))
}

// problem reports an answer with no address in it.
func (a *E911Address) problem() string {
	if *a == (E911Address{}) {
		return "the answer carries no address"
	}
	return ""
}

// Update replaces a user's emergency address and returns the address now
// on file (which may be the validated form of the one sent).
//
// Dialpad API: PUT /api/v2/users/{id}/e911
func (s *E911Service) Update(ctx context.Context, userID ID, req *UpdateE911Request) (*E911Address, error) {
	return write[E911Address](ctx, s.c, http.MethodPut, req, pathTo("users").id("userID", userID).then("e911"))
}
