package dialpad

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// CallsService starts calls and controls a user's active call. Get it from
// Client.Calls.
type CallsService service

// E911Service reads and sets users' emergency (E911) addresses. Get it from
// Client.E911.
type E911Service service

// AgentGroupsService reads agent groups. Get it from Client.AgentGroups.
type AgentGroupsService service

// InitiateCallRequest is the body of Calls.Initiate.
type InitiateCallRequest struct {
	// PhoneNumber is the E.164 number to dial (required).
	PhoneNumber string `json:"phone_number"`
	// OutboundCallerID is what the callee sees: an E.164 number the caller
	// may use (its own, its group's when GroupID is set, or a company
	// reserved number), or CallerIDBlocked for an unknown caller. Nil leaves
	// the user's current caller id.
	OutboundCallerID *string `json:"outbound_caller_id,omitempty"`
	// GroupID and GroupType place the call on behalf of a group the user
	// belongs to; set both or neither.
	GroupID   *int64     `json:"group_id,omitempty"`
	GroupType *GroupType `json:"group_type,omitempty"`
	// CustomData is passed through, untouched, to the call events of any
	// subscription.
	CustomData *string `json:"custom_data,omitempty"`
}

func (r *InitiateCallRequest) validate() error {
	errs := []error{
		checkE164("phone_number", r.PhoneNumber),
		checkEnumPtr("group_type", r.GroupType, groupTypes),
	}
	if r.OutboundCallerID != nil {
		errs = append(errs, checkCallerID("outbound_caller_id", *r.OutboundCallerID))
	}
	if r.GroupID != nil {
		errs = append(errs, checkPositive("group_id", *r.GroupID))
	}
	if (r.GroupID == nil) != (r.GroupType == nil) {
		errs = append(errs, invalid("group_id", "group_id and group_type go together"))
	}
	return firstErr(errs...)
}

// InitiatedCall tells which of the user's devices was asked to place the
// call.
type InitiatedCall struct {
	Device UserDevice `json:"device"`
}

// Initiate makes a user's Dialpad app dial req.PhoneNumber. The call is
// placed by the app, so the user must be signed in on a device. Dialpad
// allows only a few of these per minute, and the SDK never repeats one
// after a server error or a dropped connection.
//
// Dialpad API: POST /api/v2/users/{id}/initiate_call
func (s *CallsService) Initiate(ctx context.Context, userID string, req *InitiateCallRequest) (*InitiatedCall, error) {
	if err := checkNotNil("request", req); err != nil {
		return nil, err
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	return send[InitiatedCall](ctx, s.c, http.MethodPost, nil, req, "users", userID, "initiate_call")
}

// RecordingType picks which leg of a group call a recording change applies
// to. It only matters for calls taken through a group (call center,
// department, ...).
type RecordingType string

// Recording scopes.
const (
	RecordingTypeAll   RecordingType = "all"   // both the user's and the group's recording
	RecordingTypeGroup RecordingType = "group" // the group's recording
	RecordingTypeUser  RecordingType = "user"  // the user's own recording (the server's default)
)

var recordingTypes = []RecordingType{RecordingTypeAll, RecordingTypeGroup, RecordingTypeUser}

// RecordingRequest is the body of Calls.SetRecording. Only set fields are
// sent.
type RecordingRequest struct {
	// IsRecording starts (true) or stops (false) the recording.
	IsRecording *bool `json:"is_recording,omitempty"`
	// PlayMessage says whether the parties hear that recording started or
	// stopped; the server's default is true.
	PlayMessage *bool `json:"play_message,omitempty"`
	// RecordingType scopes the change on group calls; the server's default
	// is RecordingTypeUser.
	RecordingType *RecordingType `json:"recording_type,omitempty"`
}

// ActiveCall is the state of a user's current call after a change.
type ActiveCall struct {
	ID int64 `json:"id"`
	// CallState is Dialpad's name for the call's state, such as
	// "connected".
	CallState   string `json:"call_state"`
	IsRecording bool   `json:"is_recording"`
}

// UnmarshalJSON decodes the call, reading the id as a string or a number.
func (a *ActiveCall) UnmarshalJSON(b []byte) error {
	type plain ActiveCall
	return json.Unmarshal(b, &struct {
		*plain
		ID int64Field `json:"id"`
	}{(*plain)(a), int64Field{&a.ID}})
}

// SetRecording starts or stops recording a user's active call.
//
// Dialpad API: PATCH /api/v2/users/{id}/activecall
func (s *CallsService) SetRecording(ctx context.Context, userID string, req *RecordingRequest) (*ActiveCall, error) {
	if err := checkNotNil("request", req); err != nil {
		return nil, err
	}
	if err := checkEnumPtr("recording_type", req.RecordingType, recordingTypes); err != nil {
		return nil, err
	}
	return send[ActiveCall](ctx, s.c, http.MethodPatch, nil, req, "users", userID, "activecall")
}

// VILocale is the language and region of Dialpad's Voice Intelligence
// (live transcription) for a call, written language-region.
type VILocale string

// Voice Intelligence locales.
const (
	VILocaleEnAU VILocale = "en-au"
	VILocaleEnCA VILocale = "en-ca"
	VILocaleEnDE VILocale = "en-de"
	VILocaleEnFR VILocale = "en-fr"
	VILocaleEnGB VILocale = "en-gb"
	VILocaleEnIT VILocale = "en-it"
	VILocaleEnJP VILocale = "en-jp"
	VILocaleEnMX VILocale = "en-mx"
	VILocaleEnNL VILocale = "en-nl"
	VILocaleEnNZ VILocale = "en-nz"
	VILocaleEnPT VILocale = "en-pt"
	VILocaleEnUS VILocale = "en-us"
	VILocaleEsAU VILocale = "es-au"
	VILocaleEsCA VILocale = "es-ca"
	VILocaleEsDE VILocale = "es-de"
	VILocaleEsES VILocale = "es-es"
	VILocaleEsFR VILocale = "es-fr"
	VILocaleEsGB VILocale = "es-gb"
	VILocaleEsIT VILocale = "es-it"
	VILocaleEsJP VILocale = "es-jp"
	VILocaleEsMX VILocale = "es-mx"
	VILocaleEsNL VILocale = "es-nl"
	VILocaleEsNZ VILocale = "es-nz"
	VILocaleEsPT VILocale = "es-pt"
	VILocaleEsUS VILocale = "es-us"
	VILocaleFrAU VILocale = "fr-au"
	VILocaleFrCA VILocale = "fr-ca"
	VILocaleFrDE VILocale = "fr-de"
	VILocaleFrES VILocale = "fr-es"
	VILocaleFrFR VILocale = "fr-fr"
	VILocaleFrGB VILocale = "fr-gb"
	VILocaleFrIT VILocale = "fr-it"
	VILocaleFrJP VILocale = "fr-jp"
	VILocaleFrMX VILocale = "fr-mx"
	VILocaleFrNL VILocale = "fr-nl"
	VILocaleFrNZ VILocale = "fr-nz"
	VILocaleFrPT VILocale = "fr-pt"
	VILocaleFrUS VILocale = "fr-us"
)

var viLocales = []VILocale{
	VILocaleEnAU, VILocaleEnCA, VILocaleEnDE, VILocaleEnFR, VILocaleEnGB, VILocaleEnIT,
	VILocaleEnJP, VILocaleEnMX, VILocaleEnNL, VILocaleEnNZ, VILocaleEnPT, VILocaleEnUS,
	VILocaleEsAU, VILocaleEsCA, VILocaleEsDE, VILocaleEsES, VILocaleEsFR, VILocaleEsGB,
	VILocaleEsIT, VILocaleEsJP, VILocaleEsMX, VILocaleEsNL, VILocaleEsNZ, VILocaleEsPT,
	VILocaleEsUS, VILocaleFrAU, VILocaleFrCA, VILocaleFrDE, VILocaleFrES, VILocaleFrFR,
	VILocaleFrGB, VILocaleFrIT, VILocaleFrJP, VILocaleFrMX, VILocaleFrNL, VILocaleFrNZ,
	VILocaleFrPT, VILocaleFrUS,
}

// VIRequest is the body of Calls.SetVI. Only set fields are sent.
type VIRequest struct {
	// EnableVI turns Voice Intelligence on (true) or off (false).
	EnableVI *bool `json:"enable_vi,omitempty"`
	// VILocale picks the transcription language.
	VILocale *VILocale `json:"vi_locale,omitempty"`
}

// VIStatus is the Voice Intelligence state of a user's call after a
// change.
type VIStatus struct {
	// ID is the call's id.
	ID        int64    `json:"id"`
	CallState string   `json:"call_state"`
	EnableVI  bool     `json:"enable_vi"`
	VILocale  VILocale `json:"vi_locale"`
}

// UnmarshalJSON decodes the state, reading the id as a string or a number.
func (v *VIStatus) UnmarshalJSON(b []byte) error {
	type plain VIStatus
	return json.Unmarshal(b, &struct {
		*plain
		ID int64Field `json:"id"`
	}{(*plain)(v), int64Field{&v.ID}})
}

// SetVI turns Voice Intelligence on or off for a user's active call.
//
// Dialpad documents this operation's success answer with an error
// envelope ({"error": {"code": 400, ...}}), which suggests the envelope can
// arrive with status 200. SetVI returns such an answer as an *APIError
// carrying the envelope's code (400 when it has none), so it matches
// ErrBadRequest rather than passing for an empty VIStatus.
//
// Dialpad API: PATCH /api/v2/users/{id}/togglevi
func (s *CallsService) SetVI(ctx context.Context, userID string, req *VIRequest) (*VIStatus, error) {
	if err := checkNotNil("request", req); err != nil {
		return nil, err
	}
	if err := checkEnumPtr("vi_locale", req.VILocale, viLocales); err != nil {
		return nil, err
	}
	segs := []string{"users", userID, "togglevi"}
	raw, err := send[json.RawMessage](ctx, s.c, http.MethodPatch, nil, req, segs...)
	if err != nil {
		return nil, err
	}
	return decodeVIStatus(segs, *raw, s.c.redact)
}

// decodeVIStatus reads a togglevi answer that may be Dialpad's error
// envelope instead of a VIStatus; redact scrubs the API key from an
// envelope kept in an *APIError, as for any other error body.
func decodeVIStatus(segs []string, raw json.RawMessage, redact func([]byte) []byte) (*VIStatus, error) {
	out := new(VIStatus)
	if len(bytes.TrimSpace(raw)) == 0 {
		return out, nil
	}
	path, _, _ := buildPath(http.MethodPatch, segs) // segs were accepted by send
	var env struct {
		Error json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, fmt.Errorf("%w: %s %s: %w", ErrInvalidResponse, http.MethodPatch, path, err)
	}
	if len(env.Error) > 0 && !bytes.Equal(env.Error, []byte("null")) {
		var code int64 // the envelope's own status, when it has a usable one
		_ = json.Unmarshal(env.Error, &struct {
			Code int64Field `json:"code"`
		}{int64Field{&code}})
		status := http.StatusBadRequest
		if code >= 400 && code <= 599 {
			status = int(code)
		}
		apiErr := newAPIError(http.MethodPatch, path, status, nil, redact(raw))
		if len(apiErr.Body) > maxErrorBody {
			apiErr.Body = apiErr.Body[:maxErrorBody]
		}
		return nil, apiErr
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, fmt.Errorf("%w: %s %s: %w", ErrInvalidResponse, http.MethodPatch, path, err)
	}
	return out, nil
}

// ScreenPop tells which of the user's devices was asked to open the page.
type ScreenPop struct {
	Device UserDevice `json:"device"`
}

// ScreenPop makes a user's Dialpad app open screenPopURI, for example a CRM
// record for the caller. The URI must be absolute: http(s) pages and
// custom schemes that launch native apps ("customuri://...") both work,
// but a URI carrying user:password is refused before sending. Dialpad
// allows only a few of these per minute.
//
// Dialpad API: POST /api/v2/users/{id}/screenpop
func (s *CallsService) ScreenPop(ctx context.Context, userID string, screenPopURI string) (*ScreenPop, error) {
	if err := checkURI("screen_pop_uri", screenPopURI); err != nil {
		return nil, err
	}
	body := struct {
		ScreenPopURI string `json:"screen_pop_uri"`
	}{screenPopURI}
	return send[ScreenPop](ctx, s.c, http.MethodPost, nil, body, "users", userID, "screenpop")
}

// E911Address is the emergency address on file for a user: where
// responders are sent when the user dials an emergency number.
type E911Address struct {
	Address  string `json:"address"`
	Address2 string `json:"address2"`
	City     string `json:"city"`
	// State is the state or province.
	State string `json:"state"`
	Zip   string `json:"zip"`
	// Country is a country code such as "us".
	Country string `json:"country"`
}

// UpdateE911Request is the body of E911.Update. Every field but Address2
// and UseValidatedOption is required, and all text fields are single-line.
type UpdateE911Request struct {
	Address string `json:"address"`
	// Address2 is the optional second address line (suite, floor, ...).
	Address2 *string `json:"address2,omitempty"`
	City     string  `json:"city"`
	// State is the state or province.
	State string `json:"state"`
	Zip   string `json:"zip"`
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
func (s *E911Service) Get(ctx context.Context, userID string) (*E911Address, error) {
	return send[E911Address](ctx, s.c, http.MethodGet, nil, nil, "users", userID, "e911")
}

// Update replaces a user's emergency address and returns the address now
// on file (which may be the validated form of the one sent).
//
// Dialpad API: PUT /api/v2/users/{id}/e911
func (s *E911Service) Update(ctx context.Context, userID string, req *UpdateE911Request) (*E911Address, error) {
	if err := checkNotNil("request", req); err != nil {
		return nil, err
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	return send[E911Address](ctx, s.c, http.MethodPut, nil, req, "users", userID, "e911")
}

// AgentGroup is a named group of contact-center agents within an office.
type AgentGroup struct {
	ID               int64  `json:"id"`
	Name             string `json:"name"`
	GroupDescription string `json:"group_description"`
	OfficeID         int64  `json:"office_id"`
	// CreatedAt and UpdatedAt are Unix times in milliseconds, as Dialpad
	// sends them; CreatedTime and UpdatedTime convert them. UpdatedAt is
	// zero when Dialpad does not report it.
	CreatedAt int64 `json:"created_at"`
	UpdatedAt int64 `json:"updated_at"`
}

// UnmarshalJSON decodes an agent group, reading ids and times given as
// strings or numbers.
func (g *AgentGroup) UnmarshalJSON(b []byte) error {
	type plain AgentGroup
	return json.Unmarshal(b, &struct {
		*plain
		ID        int64Field `json:"id"`
		OfficeID  int64Field `json:"office_id"`
		CreatedAt int64Field `json:"created_at"`
		UpdatedAt int64Field `json:"updated_at"`
	}{(*plain)(g), int64Field{&g.ID}, int64Field{&g.OfficeID}, int64Field{&g.CreatedAt}, int64Field{&g.UpdatedAt}})
}

// CreatedTime returns CreatedAt as a UTC time, or the zero time when it is
// unset.
func (g *AgentGroup) CreatedTime() time.Time { return unixMilli(g.CreatedAt) }

// UpdatedTime returns UpdatedAt as a UTC time, or the zero time when it is
// unset.
func (g *AgentGroup) UpdatedTime() time.Time { return unixMilli(g.UpdatedAt) }

// unixMilli converts Unix milliseconds to a UTC time; 0 is the zero time.
func unixMilli(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// Get fetches one agent group by id.
//
// Dialpad API: GET /api/v2/agent-groups/{id}
func (s *AgentGroupsService) Get(ctx context.Context, id string) (*AgentGroup, error) {
	return send[AgentGroup](ctx, s.c, http.MethodGet, nil, nil, "agent-groups", id)
}
