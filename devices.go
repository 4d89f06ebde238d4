package dialpad

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
)

// DeskPhonesService manages users' desk phones. Get it from Client.DeskPhones.
type DeskPhonesService service

// UserDevicesService reads the devices users are signed in on. Get it from
// Client.UserDevices.
type UserDevicesService service

// DeskPhoneType is the make or kind of a desk phone.
type DeskPhoneType string

// Desk phone kinds Dialpad reports. Other values may appear as Dialpad adds
// hardware; they decode unchanged.
const (
	DeskPhoneTypeATA         DeskPhoneType = "ata" // an analog telephone adapter
	DeskPhoneTypeAudioCodes  DeskPhoneType = "audiocodes"
	DeskPhoneTypeC2T         DeskPhoneType = "c2t"
	DeskPhoneTypeCiscoMPP    DeskPhoneType = "ciscompp"
	DeskPhoneTypeDECT        DeskPhoneType = "dect"
	DeskPhoneTypeGrandstream DeskPhoneType = "grandstream"
	DeskPhoneTypeMini        DeskPhoneType = "mini"
	DeskPhoneTypeMitel       DeskPhoneType = "mitel"
	DeskPhoneTypeObi         DeskPhoneType = "obi"
	DeskPhoneTypePolyAndroid DeskPhoneType = "polyandroid"
	DeskPhoneTypePolycom     DeskPhoneType = "polycom"
	DeskPhoneTypeSIP         DeskPhoneType = "sip" // a generic SIP phone
	DeskPhoneTypeTickIoT     DeskPhoneType = "tickiot"
	DeskPhoneTypeYealink     DeskPhoneType = "yealink"
)

// DeskPhoneOwnerType says whether a desk phone belongs to a user or to a
// room.
type DeskPhoneOwnerType string

// Desk phone owners.
const (
	DeskPhoneOwnerTypeRoom DeskPhoneOwnerType = "room"
	DeskPhoneOwnerTypeUser DeskPhoneOwnerType = "user"
)

// SIPTransport is the transport protocol a desk phone speaks SIP over.
type SIPTransport string

// SIP transports. Dialpad provisions desk phones over TLS only.
const (
	SIPTransportTLS SIPTransport = "tls"
)

// DeskPhone is a hardware (or SIP soft) phone registered to a user or room.
type DeskPhone struct {
	// ID is Dialpad's string id for the phone, such as
	// "+14155551001-user-2-obi-hex_71afb3cbf6"; pass it to DeskPhones.Get
	// and DeskPhones.Delete.
	ID string `json:"id"`
	// Name is the single-line name a user gave the phone; empty when it
	// has none.
	Name string `json:"name"`
	// Type is the phone's make or kind ("polycom", "yealink", "sip", ...).
	Type DeskPhoneType `json:"type"`
	// OwnerID is the id of the user or room (see OwnerType) the phone is
	// registered to.
	OwnerID ID `json:"owner_id"`
	// OwnerType says whether OwnerID is a user or a room.
	OwnerType DeskPhoneOwnerType `json:"owner_type"`
	// PhoneNumber is the Dialpad number (E.164) the phone answers for.
	PhoneNumber string `json:"phone_number"`
	// MACAddress is the phone's hardware (MAC) address.
	MACAddress string `json:"mac_address"`
	// DeviceModel is the phone's model name.
	DeviceModel string `json:"device_model"`
	// FirmwareVersion is the firmware the phone last reported running.
	FirmwareVersion string `json:"firmware_version"`
	// BYOD is true when the phone was not bought through Dialpad.
	BYOD bool `json:"byod"`
	// RingNotification says whether the phone rings for the owner's
	// incoming calls.
	RingNotification bool `json:"ring_notification"`
	// Realm is the SIP realm (domain) the phone registers in.
	Realm string `json:"realm"`
	// Port is the SIP port the phone registers on.
	Port Int64 `json:"port"`
	// SIPTransportType is the protocol the phone speaks SIP over; Dialpad
	// only uses SIPTransportTLS.
	SIPTransportType SIPTransport `json:"sip_transport_type"`
	// Password is the phone's SIP credential when Dialpad returns it. It is
	// a secret: keep it out of logs.
	Password string `json:"password"`
}

// List returns every desk phone registered to a user. Dialpad answers in
// one response, without paging.
//
// Dialpad API: GET /api/v2/users/{parent_id}/deskphones
func (s *DeskPhonesService) List(ctx context.Context, userID ID) ([]*DeskPhone, error) {
	page, err := send[Page[DeskPhone]](ctx, s.c, http.MethodGet, nil, nil, pathTo("users").id("userID", userID).then("deskphones"))
	if err != nil {
		return nil, err
	}
	return page.Items, nil
}

// Get fetches one of a user's desk phones by its string id.
//
// Dialpad API: GET /api/v2/users/{parent_id}/deskphones/{id}
func (s *DeskPhonesService) Get(ctx context.Context, userID ID, phoneID string) (*DeskPhone, error) {
	return send[DeskPhone](ctx, s.c, http.MethodGet, nil, nil, pathTo("users").id("userID", userID).then("deskphones").opaque("phoneID", phoneID))
}

// Delete removes a desk phone from a user. The phone stops receiving the
// user's calls.
//
// Dialpad API: DELETE /api/v2/users/{parent_id}/deskphones/{id}
func (s *DeskPhonesService) Delete(ctx context.Context, userID ID, phoneID string) error {
	// Dialpad answers with an empty body; any JSON it might add is ignored.
	_, err := send[json.RawMessage](ctx, s.c, http.MethodDelete, nil, nil, pathTo("users").id("userID", userID).then("deskphones").opaque("phoneID", phoneID))
	return err
}

// DeviceType is the kind of device or app a user is signed in on.
type DeviceType string

// Device kinds Dialpad reports. Other values may appear as Dialpad adds
// clients; they decode unchanged.
const (
	DeviceTypeAndroid            DeviceType = "android"
	DeviceTypeATA                DeviceType = "ata"
	DeviceTypeAudioCodes         DeviceType = "audiocodes"
	DeviceTypeC2T                DeviceType = "c2t"
	DeviceTypeCiscoMPP           DeviceType = "ciscompp"
	DeviceTypeDECT               DeviceType = "dect"
	DeviceTypeDPMRoom            DeviceType = "dpmroom"
	DeviceTypeGrandstream        DeviceType = "grandstream"
	DeviceTypeHarness            DeviceType = "harness"
	DeviceTypeIframeCTIExtension DeviceType = "iframe_cti_extension"
	DeviceTypeIframeFront        DeviceType = "iframe_front"
	DeviceTypeIframeHubSpot      DeviceType = "iframe_hubspot"
	DeviceTypeIframeMSTeams      DeviceType = "iframe_ms_teams"
	DeviceTypeIframeOpenCTI      DeviceType = "iframe_open_cti"
	DeviceTypeIframeSalesforce   DeviceType = "iframe_salesforce"
	DeviceTypeIframeServiceTitan DeviceType = "iframe_service_titan"
	DeviceTypeIframeZendesk      DeviceType = "iframe_zendesk"
	DeviceTypeIPad               DeviceType = "ipad"
	DeviceTypeIPhone             DeviceType = "iphone"
	DeviceTypeMini               DeviceType = "mini"
	DeviceTypeMitel              DeviceType = "mitel"
	DeviceTypeMSTeams            DeviceType = "msteams"
	DeviceTypeNative             DeviceType = "native" // the desktop app
	DeviceTypeObi                DeviceType = "obi"
	DeviceTypePackagedApp        DeviceType = "packaged_app"
	DeviceTypePolyAndroid        DeviceType = "polyandroid"
	DeviceTypePolycom            DeviceType = "polycom"
	DeviceTypeProxy              DeviceType = "proxy"
	DeviceTypePublicAPI          DeviceType = "public_api"
	DeviceTypeSalesforce         DeviceType = "salesforce"
	DeviceTypeSIP                DeviceType = "sip"
	DeviceTypeTickIoT            DeviceType = "tickiot"
	DeviceTypeWeb                DeviceType = "web"
	DeviceTypeYealink            DeviceType = "yealink"
)

// UserDevice is one device or app a user is signed in on. Calls.Initiate
// and Calls.ScreenPop report the device they reached with it.
type UserDevice struct {
	// ID is Dialpad's string id for the device, such as
	// "+14155551001-user-2-client-native".
	ID string `json:"id"`
	// UserID is the user who owns the device.
	UserID ID `json:"user_id"`
	// Type is the kind of device or app ("native", "iphone", "web",
	// "polycom", ...).
	Type DeviceType `json:"type"`
	// DisplayName is the device's single-line name.
	DisplayName string `json:"display_name"`
	// PhoneNumber is the Dialpad number (E.164) the device answers for.
	PhoneNumber string `json:"phone_number"`
	// AppVersion is the Dialpad app's version, or a desk phone's firmware.
	AppVersion string `json:"app_version"`
	// DateCreated is when Dialpad created the device's record.
	DateCreated Timestamp `json:"date_created"`
	// DateRegistered is when the device last checked in with Dialpad
	// (about hourly); it stays zero for mobile apps.
	DateRegistered Timestamp `json:"date_registered"`
	// DateUpdated is when the device's record last changed.
	DateUpdated Timestamp `json:"date_updated"`
}

// UserDeviceListOptions filters UserDevices.List and UserDevices.ListPage.
type UserDeviceListOptions struct {
	ListOptions
	// UserID lists the devices of this user. Zero leaves the choice to the
	// server.
	UserID ID
}

func (o *UserDeviceListOptions) values() (url.Values, error) {
	q, err := o.ListOptions.values()
	if err != nil {
		return nil, err
	}
	if o.UserID != 0 {
		if err := checkID("user_id", o.UserID); err != nil {
			return nil, err
		}
		q.Set("user_id", o.UserID.String())
	}
	return q, nil
}

// List iterates over the devices matching opts (nil for the server's
// default), fetching pages as the loop needs them:
//
//	for d, err := range client.UserDevices.List(ctx, &dialpad.UserDeviceListOptions{UserID: u.ID}) { ... }
//
// Dialpad API: GET /api/v2/userdevices
func (s *UserDevicesService) List(ctx context.Context, opts *UserDeviceListOptions) iter.Seq2[*UserDevice, error] {
	return all(ctx, opts, s.ListPage)
}

// ListPage fetches one page of devices; pass the returned Cursor in
// opts.Cursor for the next.
//
// Dialpad API: GET /api/v2/userdevices
func (s *UserDevicesService) ListPage(ctx context.Context, opts *UserDeviceListOptions) (*Page[UserDevice], error) {
	return listPage[UserDevice](ctx, s.c, opts, pathTo("userdevices"))
}

// Get fetches one device by its string id.
//
// Dialpad API: GET /api/v2/userdevices/{id}
func (s *UserDevicesService) Get(ctx context.Context, id string) (*UserDevice, error) {
	return send[UserDevice](ctx, s.c, http.MethodGet, nil, nil, pathTo("userdevices").opaque("id", id))
}

func (d *DeskPhone) problem() string  { return opaqueIDProblem(d.ID) }
func (d *UserDevice) problem() string { return opaqueIDProblem(d.ID) }

// UnmarshalJSON decodes a desk phone, its id from a JSON string or number.
func (d *DeskPhone) UnmarshalJSON(b []byte) error {
	type fields DeskPhone
	return json.Unmarshal(b, &struct {
		*fields
		ID *opaqueID `json:"id"`
	}{(*fields)(d), (*opaqueID)(&d.ID)})
}

// UnmarshalJSON decodes a user device, its id from a JSON string or
// number.
func (d *UserDevice) UnmarshalJSON(b []byte) error {
	type fields UserDevice
	return json.Unmarshal(b, &struct {
		*fields
		ID *opaqueID `json:"id"`
	}{(*fields)(d), (*opaqueID)(&d.ID)})
}
