package dialpad

import (
	"context"
	"net/http"
)

// CallsService starts calls and controls a user's active call. Get it from
// Client.Calls.
type CallsService service

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
	GroupID   *ID        `json:"group_id,omitempty"`
	GroupType *GroupType `json:"group_type,omitempty"`
	// CustomData is passed through, untouched, to the call events of any
	// subscription.
	CustomData *string `json:"custom_data,omitempty"`
}

func (r *InitiateCallRequest) validate() error {
	errs := []error{
		checkE164("phone_number", r.PhoneNumber),
		checkEnumPtr("group_type", r.GroupType, requestGroupTypes),
	}
	if r.OutboundCallerID != nil {
		errs = append(errs, checkCallerID("outbound_caller_id", *r.OutboundCallerID))
	}
	if r.GroupID != nil {
		errs = append(errs, checkID("group_id", *r.GroupID))
	}
	if (r.GroupID == nil) != (r.GroupType == nil) {
		errs = append(errs, invalid("group_id", "group_id and group_type go together"))
	}
	return firstErr(errs...)
}

// InitiatedCall tells which of the user's devices was asked to place the
// call.
type InitiatedCall struct {
	// Device is the user's device (an app or a desk phone) that places
	// the call.
	Device UserDevice `json:"device"`
}

// Initiate makes a user's Dialpad app dial req.PhoneNumber. The call is
// placed by the app, so the user must be signed in on a device. Dialpad
// allows only a few of these per minute, and the SDK never repeats one
// after a server error or a dropped connection.
//
// Dialpad API: POST /api/v2/users/{id}/initiate_call
func (s *CallsService) Initiate(ctx context.Context, userID ID, req *InitiateCallRequest) (*InitiatedCall, error) {
	return write[InitiatedCall](ctx, s.c, http.MethodPost, req, pathTo("users").id("userID", userID).then("initiate_call"))
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

func (r *RecordingRequest) validate() error {
	return checkEnumPtr("recording_type", r.RecordingType, recordingTypes)
}

// ActiveCall is the state of a user's current call after a change.
type ActiveCall struct {
	// ID is the call's id.
	ID ID `json:"id"`
	// CallState is Dialpad's name for the call's state, such as
	// "connected".
	CallState string `json:"call_state"`
	// IsRecording is true while the call is being recorded.
	IsRecording bool `json:"is_recording"`
}

// SetRecording starts or stops recording a user's active call.
//
// Dialpad API: PATCH /api/v2/users/{id}/activecall
func (s *CallsService) SetRecording(ctx context.Context, userID ID, req *RecordingRequest) (*ActiveCall, error) {
	return write[ActiveCall](ctx, s.c, http.MethodPatch, req, pathTo("users").id("userID", userID).then("activecall"))
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

func (r *VIRequest) validate() error { return checkEnumPtr("vi_locale", r.VILocale, viLocales) }

// VIStatus is the Voice Intelligence state of a user's call after a
// change.
type VIStatus struct {
	// ID is the call's id.
	ID ID `json:"id"`
	// CallState is Dialpad's name for the call's state, such as
	// "connected".
	CallState string `json:"call_state"`
	// EnableVI is true while Voice Intelligence transcribes the call.
	EnableVI bool `json:"enable_vi"`
	// VILocale is the transcription language; empty when Dialpad does
	// not report it.
	VILocale VILocale `json:"vi_locale"`
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
func (s *CallsService) SetVI(ctx context.Context, userID ID, req *VIRequest) (*VIStatus, error) {
	a, err := write[viAnswer](ctx, s.c, http.MethodPatch, req, pathTo("users").id("userID", userID).then("togglevi"))
	if err != nil {
		return nil, err
	}
	return &a.VIStatus, nil
}

// viAnswer is a togglevi answer: a VIStatus, or Dialpad's error envelope
// sent with a 2xx status.
type viAnswer struct {
	VIStatus
	Error *struct {
		Code Int64 `json:"code"`
	} `json:"error"`
}

// errorStatus reports whether the answer is an error envelope, and the
// status it stands for: the envelope's code, or 400 when it has no usable
// one.
func (a *viAnswer) errorStatus() (int, bool) {
	if a.Error == nil {
		return 0, false
	}
	if c := int(a.Error.Code); c >= 400 && c <= 599 {
		return c, true
	}
	return http.StatusBadRequest, true
}

// ScreenPop tells which of the user's devices was asked to open the page.
type ScreenPop struct {
	// Device is the user's device that was asked to open the page.
	Device UserDevice `json:"device"`
}

// ScreenPop makes a user's Dialpad app open screenPopURI, for example a CRM
// record for the caller. The URI must be an absolute http or https URL
// with a host; any other scheme (javascript:, data:, file:, a custom
// scheme that launches a native app) and a URL carrying user:password are
// refused with a *ValidationError before anything is sent. Dialpad allows
// only a few of these per minute.
//
// Dialpad API: POST /api/v2/users/{id}/screenpop
func (s *CallsService) ScreenPop(ctx context.Context, userID ID, screenPopURI string) (*ScreenPop, error) {
	return write[ScreenPop](ctx, s.c, http.MethodPost, &screenPopRequest{screenPopURI}, pathTo("users").id("userID", userID).then("screenpop"))
}

// screenPopRequest is the body of Calls.ScreenPop.
type screenPopRequest struct {
	ScreenPopURI string `json:"screen_pop_uri"`
}

func (r *screenPopRequest) validate() error { return checkWebURL("screen_pop_uri", r.ScreenPopURI) }

func (a *ActiveCall) problem() string    { return idProblem(a.ID) }
func (v *VIStatus) problem() string      { return idProblem(v.ID) }
func (c *InitiatedCall) problem() string { return deviceProblem(&c.Device) }
func (p *ScreenPop) problem() string     { return deviceProblem(&p.Device) }

// deviceProblem is problem for an answer naming the device that acts.
func deviceProblem(d *UserDevice) string {
	if why := d.problem(); why != "" {
		return "device: " + why
	}
	return ""
}
