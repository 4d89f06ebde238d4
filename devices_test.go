package dialpad

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wantDeskPhone is testdata/devices/deskphone_get.json decoded.
var wantDeskPhone = DeskPhone{
	ID:               "+14155551001-user-2-obi-hex_71afb3cbf6",
	Name:             "Test Obihai",
	Type:             DeskPhoneTypeObi,
	OwnerID:          2,
	OwnerType:        DeskPhoneOwnerTypeUser,
	MACAddress:       "9cadefa00096",
	RingNotification: true,
	Realm:            "uvstaging.ubervoip.net",
	Port:             7060,
	SIPTransportType: SIPTransportTLS,
}

// wantNativeDevice is testdata/devices/userdevice_get.json decoded.
var wantNativeDevice = UserDevice{
	ID:             "+14155551001-user-2-client-native",
	UserID:         5835806903417907,
	Type:           DeviceTypeNative,
	DisplayName:    "Dialpad for Mac",
	PhoneNumber:    "+14155551001",
	AppVersion:     "2401.2.3",
	DateCreated:    Timestamp{time.Date(2021, 6, 20, 19, 18, 0, 0, time.UTC)},
	DateRegistered: Timestamp{time.Date(2024, 3, 1, 8, 15, 42, 0, time.UTC)},
	DateUpdated:    Timestamp{time.Date(2024, 2, 28, 17, 2, 11, 0, time.UTC)},
}

func TestDeskPhonesList(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/users/{parent_id}/deskphones", "devices/deskphones_list.json", func(r *http.Request, body map[string]any) {
		if got := r.PathValue("parent_id"); got != "5835806903417907" {
			t.Errorf("parent_id = %q", got)
		}
		if r.URL.RawQuery != "" {
			t.Errorf("query = %q, want none", r.URL.RawQuery)
		}
		if body != nil {
			t.Errorf("GET sent a body: %v", body)
		}
	})
	phones, err := c.DeskPhones.List(context.Background(), 5835806903417907)
	require.NoError(t, err)
	if len(phones) != 2 {
		t.Fatalf("got %d phones, want 2", len(phones))
	}
	assert.Equal(t, wantDeskPhone, *phones[0])
	if p := phones[1]; p.ID != "+14155551001-user-2-obi-hex_bc7abbd28f" || p.Name != "Test Obihai2" || p.MACAddress != "9cadefa00097" || p.OwnerID != 2 {
		t.Errorf("phones[1] = %+v", *p)
	}
}

func TestDeskPhonesListEmpty(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	mux.HandleFunc("GET /api/v2/users/{parent_id}/deskphones", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"items": null}`))
	})
	phones, err := c.DeskPhones.List(context.Background(), 2)
	if err != nil || len(phones) != 0 {
		t.Fatalf("List = %v, %v; want no phones and no error", phones, err)
	}
}

func TestDeskPhonesGet(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/users/{parent_id}/deskphones/{id}", "devices/deskphone_get.json", func(r *http.Request, body map[string]any) {
		if got := r.PathValue("parent_id"); got != "2" {
			t.Errorf("parent_id = %q", got)
		}
		if got := r.PathValue("id"); got != wantDeskPhone.ID {
			t.Errorf("id = %q, want %q", got, wantDeskPhone.ID)
		}
		if body != nil {
			t.Errorf("GET sent a body: %v", body)
		}
	})
	got, err := c.DeskPhones.Get(context.Background(), 2, wantDeskPhone.ID)
	require.NoError(t, err)
	assert.Equal(t, wantDeskPhone, *got)
}

func TestDeskPhonesDelete(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	var calls atomic.Int32
	handle(t, mux, "DELETE /api/v2/users/{parent_id}/deskphones/{id}", "", func(r *http.Request, body map[string]any) {
		calls.Add(1)
		if got := r.PathValue("parent_id"); got != "2" {
			t.Errorf("parent_id = %q", got)
		}
		if got := r.PathValue("id"); got != wantDeskPhone.ID {
			t.Errorf("id = %q", got)
		}
		if body != nil {
			t.Errorf("DELETE sent a body: %v", body)
		}
	})
	require.NoError(t, c.DeskPhones.Delete(context.Background(), 2, wantDeskPhone.ID))
	if n := calls.Load(); n != 1 {
		t.Errorf("DELETE sent %d times", n)
	}
}

func TestDeskPhonesDeleteIgnoresBody(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "DELETE /api/v2/users/{parent_id}/deskphones/{id}", "devices/deskphone_get.json", nil)
	require.NoError(t, c.DeskPhones.Delete(context.Background(), 2, wantDeskPhone.ID))
}

func TestDeskPhoneUnmarshalNumbers(t *testing.T) {
	t.Parallel()
	var d DeskPhone
	require.NoError(t, json.Unmarshal([]byte(`{"id": "x", "owner_id": 42, "port": 5061, "owner_type": "room", "password": "s3cret", "phone_number": "+14155550100"}`), &d))
	if d.OwnerID != 42 || d.Port != 5061 || d.OwnerType != DeskPhoneOwnerTypeRoom || d.Password != "s3cret" || d.PhoneNumber != "+14155550100" {
		t.Errorf("decoded %+v", d)
	}
	if err := json.Unmarshal([]byte(`{"port": "not a port"}`), &d); err == nil {
		t.Error("a non-numeric port decoded without error")
	}
}

func TestUserDevicesListPage(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/userdevices", "devices/userdevices_page1.json", func(r *http.Request, body map[string]any) {
		if got, want := r.URL.RawQuery, "limit=100&user_id=5835806903417907"; got != want {
			t.Errorf("query = %q, want %q", got, want)
		}
		if body != nil {
			t.Errorf("GET sent a body: %v", body)
		}
	})
	opts := &UserDeviceListOptions{UserID: 5835806903417907}
	page, err := c.UserDevices.ListPage(context.Background(), opts)
	require.NoError(t, err)
	if page.Cursor != "Y3Vyc29yOjI=" {
		t.Errorf("Cursor = %q", page.Cursor)
	}
	if len(page.Items) != 2 {
		t.Fatalf("got %d items, want 2", len(page.Items))
	}
	assert.Equal(t, wantNativeDevice, *page.Items[0])
	if d := page.Items[1]; d.Type != DeviceTypeIPhone || !d.DateRegistered.IsZero() || d.UserID != 5835806903417907 {
		t.Errorf("Items[1] = %+v", *d)
	}
	if *opts != (UserDeviceListOptions{UserID: 5835806903417907}) {
		t.Errorf("ListPage changed the caller's options: %+v", *opts)
	}
}

func TestUserDevicesListPageDefaults(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/userdevices", "devices/userdevices_page2.json", func(r *http.Request, _ map[string]any) {
		if got, want := r.URL.RawQuery, "limit=100"; got != want {
			t.Errorf("query = %q, want %q", got, want)
		}
	})
	page, err := c.UserDevices.ListPage(context.Background(), nil)
	require.NoError(t, err)
	if page.Cursor != "" || len(page.Items) != 1 || page.Items[0].Type != DeviceTypePolycom {
		t.Errorf("page = %+v", page)
	}
}

func TestUserDevicesListAllPages(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	queries := servePages(t, mux, "GET /api/v2/userdevices", map[string]string{
		"":             "devices/userdevices_page1.json",
		"Y3Vyc29yOjI=": "devices/userdevices_page2.json",
	})
	var ids []string
	for d, err := range c.UserDevices.List(context.Background(), &UserDeviceListOptions{ListOptions: ListOptions{Limit: 2}, UserID: 42}) {
		require.NoError(t, err)
		ids = append(ids, d.ID)
	}
	wantIDs := []string{"+14155551001-user-2-client-native", "+14155551001-user-2-client-iphone", "+14155551001-user-2-polycom-hex_0004f2a1b2"}
	assert.Equal(t, wantIDs, ids)
	assert.Equal(t, []string{"limit=2&user_id=42", "cursor=Y3Vyc29yOjI%3D&limit=2&user_id=42"}, queries())
}

func TestUserDevicesListError(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	mux.HandleFunc("GET /api/v2/userdevices", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error": {"code": 401, "message": "Invalid API key", "errors": [{"domain": "global", "reason": "unauthorized", "message": "Invalid API key"}]}}`))
	})
	n := 0
	for d, err := range c.UserDevices.List(context.Background(), nil) {
		n++
		assert.ErrorIs(t, err, ErrUnauthorized)
		assert.Nil(t, d)
		if err != nil && strings.Contains(err.Error(), testKey) {
			t.Error("the error reveals the API key")
		}
	}
	if n != 1 {
		t.Errorf("iterator yielded %d times, want once", n)
	}
}

func TestUserDevicesGet(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/userdevices/{id}", "devices/userdevice_get.json", func(r *http.Request, body map[string]any) {
		if got := r.PathValue("id"); got != wantNativeDevice.ID {
			t.Errorf("id = %q, want %q", got, wantNativeDevice.ID)
		}
		if r.URL.RawQuery != "" || body != nil {
			t.Errorf("query %q, body %v; want neither", r.URL.RawQuery, body)
		}
	})
	got, err := c.UserDevices.Get(context.Background(), wantNativeDevice.ID)
	require.NoError(t, err)
	assert.Equal(t, wantNativeDevice, *got)
}

func TestUserDeviceUnmarshalNumericUserID(t *testing.T) {
	t.Parallel()
	var d UserDevice
	require.NoError(t, json.Unmarshal([]byte(`{"id": "d", "user_id": 2, "type": "web", "date_registered": null}`), &d))
	if d.UserID != 2 || d.Type != DeviceTypeWeb || !d.DateRegistered.IsZero() {
		t.Errorf("decoded %+v", d)
	}
}

func TestDevicesValidation(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t) // no handlers: any request fails the test
	ctx := context.Background()
	listPage := func(o *UserDeviceListOptions) func() error {
		return func() error { _, err := c.UserDevices.ListPage(ctx, o); return err }
	}
	assertAllInvalid(t, []invalidCall{
		{"deskphones list empty user", "userID", func() error { _, err := c.DeskPhones.List(ctx, 0); return err }},
		{"deskphones list dot user", "userID", func() error { _, err := c.DeskPhones.List(ctx, 0); return err }},
		{"deskphones get empty user", "userID", func() error { _, err := c.DeskPhones.Get(ctx, 0, "p"); return err }},
		{"deskphones get empty phone", "phoneID", func() error { _, err := c.DeskPhones.Get(ctx, 2, ""); return err }},
		{"deskphones get dotdot phone", "phoneID", func() error { _, err := c.DeskPhones.Get(ctx, 2, ".."); return err }},
		{"deskphones delete blank user", "userID", func() error { return c.DeskPhones.Delete(ctx, 0, "p") }},
		{"deskphones delete empty phone", "phoneID", func() error { return c.DeskPhones.Delete(ctx, 2, "") }},
		{"userdevices get empty id", "id", func() error { _, err := c.UserDevices.Get(ctx, ""); return err }},
		{"userdevices get dot id", "id", func() error { _, err := c.UserDevices.Get(ctx, "."); return err }},
		{"userdevices limit", "limit", listPage(&UserDeviceListOptions{ListOptions: ListOptions{Limit: 101}})},
		{"userdevices negative limit", "limit", listPage(&UserDeviceListOptions{ListOptions: ListOptions{Limit: -1}})},
		{"userdevices negative user", "user_id", listPage(&UserDeviceListOptions{UserID: -1})},
		{"userdevices iterate", "limit", func() error {
			for _, err := range c.UserDevices.List(ctx, &UserDeviceListOptions{ListOptions: ListOptions{Limit: 500}}) {
				return err
			}
			return nil
		}},
	})
}
