package webhook_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/webhook"
)

const (
	secret    = "whsec-new-0123456789"
	oldSecret = "whsec-old-9876543210"
)

// payload is a change-log event as Dialpad writes it: ids as strings, the
// date in unix milliseconds.
const payload = `{"date": 1733367600123, "action": "operator_removed", "note": "Grace was removed from Support",
 "additional_data": {"operator_id": "5835806903417907", "role": "operator"},
 "target": {"type": "call_center", "id": "4500000000000001"},
 "changed_by": {"name": "Ada Lovelace", "id": "5000000000000001", "type": "user"}}`

// wantEvent is payload decoded.
var wantEvent = webhook.ChangeLogEvent{
	Date:           time.Date(2024, 12, 5, 3, 0, 0, 123e6, time.UTC),
	Action:         "operator_removed",
	Note:           "Grace was removed from Support",
	AdditionalData: json.RawMessage(`{"operator_id": "5835806903417907", "role": "operator"}`),
	Target:         webhook.Target{Type: "call_center", ID: 4500000000000001},
	ChangedBy:      webhook.Author{Name: "Ada Lovelace", ID: 5000000000000001, Type: "user"},
}

// sign returns payload (a JSON object) as a JWT signed with method and
// key, the way Dialpad signs a delivery with HS256.
func sign(t testing.TB, method jwt.SigningMethod, key any, payload string) string {
	t.Helper()
	var claims jwt.MapClaims
	require.NoError(t, json.Unmarshal([]byte(payload), &claims))
	tok, err := jwt.NewWithClaims(method, claims).SignedString(key)
	require.NoError(t, err)
	return tok
}

func hs256(t testing.TB, key, payload string) string {
	return sign(t, jwt.SigningMethodHS256, []byte(key), payload)
}

// receiver is a Handler behind an httptest server that records the events
// it hands over.
type receiver struct {
	url    string
	mu     sync.Mutex
	events []*webhook.ChangeLogEvent
}

func newReceiver(t *testing.T, opts webhook.Options) *receiver {
	t.Helper()
	rc := &receiver{}
	h, err := webhook.NewHandler(func(_ context.Context, ev *webhook.ChangeLogEvent) error {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		rc.events = append(rc.events, ev)
		return nil
	}, opts)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	rc.url = srv.URL
	return rc
}

// post delivers body as Dialpad does and returns the status.
func post(t *testing.T, url, contentType, body string) int {
	t.Helper()
	resp, err := http.Post(url, contentType, strings.NewReader(body))
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	return resp.StatusCode
}

func (rc *receiver) handed() []*webhook.ChangeLogEvent {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]*webhook.ChangeLogEvent(nil), rc.events...)
}

func TestParseChangeLogDecodes(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		body    string
		secrets []string
	}{
		"signed":      {hs256(t, secret, payload), []string{secret}},
		"plain JSON":  {payload, nil},
		"old secret":  {hs256(t, oldSecret, payload), []string{secret, oldSecret}},
		"surrounding": {"\n " + hs256(t, secret, payload) + "\r\n", []string{secret}},
	} {
		ev, err := webhook.ParseChangeLog([]byte(tc.body), tc.secrets...)
		require.NoError(t, err, name)
		assert.Equal(t, wantEvent.Date, ev.Date, name)
		assert.JSONEq(t, string(wantEvent.AdditionalData), string(ev.AdditionalData), name)
		ev.AdditionalData, ev.Date = nil, time.Time{}
		want := wantEvent
		want.AdditionalData, want.Date = nil, time.Time{}
		assert.Equal(t, &want, ev, name)
	}
}

// TestParseChangeLogRefuses checks each refusal's sentinel.
func TestParseChangeLogRefuses(t *testing.T) {
	t.Parallel()
	signed := hs256(t, secret, payload)
	for _, tc := range []struct {
		name    string
		body    string
		secrets []string
		want    error
	}{
		{"JWT without a secret", signed, nil, webhook.ErrNoSecret},
		{"JSON with a secret", payload, []string{secret}, webhook.ErrUnsigned},
		{"empty", "  ", []string{secret}, webhook.ErrMalformed},
		{"not JSON", `{"date": `, nil, webhook.ErrMalformed},
		{"no action", `{"date": 1733367600123}`, nil, webhook.ErrMalformed},
		{"no date", `{"action": "user_updated"}`, nil, webhook.ErrMalformed},
		{"two segments", "abc.def", []string{secret}, webhook.ErrMalformed},
		{"wrong secret", signed, []string{"another"}, webhook.ErrSignature},
		{"no action, signed", hs256(t, secret, `{"date": 1}`), []string{secret}, webhook.ErrMalformed},
		{"expired", hs256(t, secret, `{"date": 1, "action": "x", "exp": 1000}`), []string{secret}, webhook.ErrSignature},
	} {
		ev, err := webhook.ParseChangeLog([]byte(tc.body), tc.secrets...)
		assert.Nil(t, ev, tc.name)
		assert.ErrorIs(t, err, tc.want, tc.name)
		if err != nil {
			assert.NotContains(t, err.Error(), secret, tc.name)
		}
	}
	_, err := webhook.ParseChangeLog([]byte(signed), secret, "")
	assert.ErrorContains(t, err, "empty", "an empty secret verifies nothing")
}

var (
	rsaOnce sync.Once
	rsaKey  *rsa.PrivateKey
)

// TestHandlerRefusesForgeries delivers each forgery over HTTP to a
// Handler and checks the status, and that the function never saw one.
func TestHandlerRefusesForgeries(t *testing.T) {
	t.Parallel()
	rsaOnce.Do(func() {
		var err error
		rsaKey, err = rsa.GenerateKey(rand.Reader, 2048)
		require.NoError(t, err)
	})
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	signed := hs256(t, secret, payload)
	parts := strings.Split(signed, ".")
	other := strings.Split(hs256(t, secret, strings.Replace(payload, "4500000000000001", "4500000000000002", 1)), ".")
	none := sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, payload)
	rc := newReceiver(t, webhook.Options{Secrets: []string{secret}, MaxBodyBytes: 4096})
	for _, tc := range []struct {
		name   string
		body   string
		status int
	}{
		{"tampered payload", parts[0] + "." + other[1] + "." + parts[2], http.StatusUnauthorized},
		{"tampered signature", parts[0] + "." + parts[1] + "." + other[2], http.StatusUnauthorized},
		{"wrong secret", hs256(t, "not-the-secret", payload), http.StatusUnauthorized},
		{"alg none", none, http.StatusUnauthorized},
		{"alg none, signature kept", strings.TrimSuffix(none, ".") + "." + parts[2], http.StatusUnauthorized},
		{"RS256", sign(t, jwt.SigningMethodRS256, rsaKey, payload), http.StatusUnauthorized},
		{"ES256", sign(t, jwt.SigningMethodES256, ecKey, payload), http.StatusUnauthorized},
		{"HS512 with the secret", sign(t, jwt.SigningMethodHS512, []byte(secret), payload), http.StatusUnauthorized},
		{"unsigned JSON", payload, http.StatusUnauthorized},
		{"malformed", "not a token", http.StatusBadRequest},
		{"oversized", hs256(t, secret, strings.Replace(payload, `"note": "`, `"note": "`+strings.Repeat("x", 5000), 1)), http.StatusRequestEntityTooLarge},
	} {
		assert.Equal(t, tc.status, post(t, rc.url, "application/jwt", tc.body), tc.name)
	}
	// A body over the cap without a Content-Length is cut off too.
	req, _ := http.NewRequest(http.MethodPost, rc.url, struct{ *bytes.Reader }{bytes.NewReader(make([]byte, 5000))})
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, "chunked oversized body")
	resp, err = http.Get(rc.url)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	assert.Empty(t, rc.handed(), "the function saw a refused delivery")

	assert.Equal(t, http.StatusNoContent, post(t, rc.url, "application/jwt", signed), "the genuine delivery")
	assert.Len(t, rc.handed(), 1)
}

// TestHandlerRotation accepts deliveries signed with the new secret and
// with the old one, and no other.
func TestHandlerRotation(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, webhook.Options{Secrets: []string{secret, oldSecret}})
	assert.Equal(t, http.StatusNoContent, post(t, rc.url, "application/jwt", hs256(t, secret, payload)))
	assert.Equal(t, http.StatusNoContent, post(t, rc.url, "application/jwt", hs256(t, oldSecret, strings.Replace(payload, "1733367600123", "1733367600999", 1))))
	assert.Equal(t, http.StatusUnauthorized, post(t, rc.url, "application/jwt", hs256(t, "retired-secret", payload)))
	got := rc.handed()
	require.Len(t, got, 2)
	assert.Equal(t, int64(1733367600999), got[1].Date.UnixMilli())
}

// TestHandlerRepeatedDelivery hands a delivery repeated with the same
// content over once, and a different one again.
func TestHandlerRepeatedDelivery(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, webhook.Options{Secrets: []string{secret}})
	signed := hs256(t, secret, payload)
	for range 3 {
		assert.Equal(t, http.StatusNoContent, post(t, rc.url, "application/jwt", signed))
	}
	assert.Len(t, rc.handed(), 1)
	assert.Equal(t, http.StatusNoContent, post(t, rc.url, "application/jwt", hs256(t, secret, strings.Replace(payload, "Support", "Sales", 1))))
	assert.Len(t, rc.handed(), 2)
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// TestHandlerDedupWindow moves an injected clock: the same delivery is a
// repeat until the window has passed, then it is handed over again.
func TestHandlerDedupWindow(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Unix(1733367600, 0)}
	rc := newReceiver(t, webhook.Options{Secrets: []string{secret}, DedupWindow: time.Minute, Now: clock.Now})
	signed := hs256(t, secret, payload)
	deliver := func() { assert.Equal(t, http.StatusNoContent, post(t, rc.url, "application/jwt", signed)) }
	deliver()
	clock.Advance(time.Minute - time.Nanosecond)
	deliver()
	assert.Len(t, rc.handed(), 1, "within the window")
	clock.Advance(time.Nanosecond)
	deliver()
	assert.Len(t, rc.handed(), 2, "at the end of the window")
	deliver()
	assert.Len(t, rc.handed(), 2, "a new window began")
}

func TestHandlerDedupOff(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, webhook.Options{Secrets: []string{secret}, DedupWindow: -1})
	signed := hs256(t, secret, payload)
	post(t, rc.url, "application/jwt", signed)
	post(t, rc.url, "application/jwt", signed)
	assert.Len(t, rc.handed(), 2)
}

func TestMemoryStoreSweeps(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Unix(0, 0)}
	m := webhook.NewMemoryStore(clock.Now)
	ctx := context.Background()
	for i := range 64 {
		first, err := m.Claim(ctx, string(rune('a'+i)), time.Second)
		require.NoError(t, err)
		assert.True(t, first)
	}
	clock.Advance(time.Second)
	first, err := m.Claim(ctx, "new", time.Second)
	require.NoError(t, err)
	assert.True(t, first)
	assert.Equal(t, 1, m.Len(), "expired keys swept")
	first, _ = m.Claim(ctx, "new", time.Second)
	assert.False(t, first)
	require.NoError(t, m.Release(ctx, "new"))
	first, _ = m.Claim(ctx, "new", time.Second)
	assert.True(t, first, "released")
}

// TestHandlerSharedStore has two replicas share one store: a delivery
// that reaches both is handed over once.
func TestHandlerSharedStore(t *testing.T) {
	t.Parallel()
	store := webhook.NewMemoryStore(nil)
	a := newReceiver(t, webhook.Options{Secrets: []string{secret}, Store: store})
	b := newReceiver(t, webhook.Options{Secrets: []string{secret}, Store: store})
	signed := hs256(t, secret, payload)
	post(t, a.url, "application/jwt", signed)
	post(t, b.url, "application/jwt", signed)
	assert.Equal(t, 1, len(a.handed())+len(b.handed()))
}

// TestHandlerFunctionFails answers 500 and hands the redelivery over.
func TestHandlerFunctionFails(t *testing.T) {
	t.Parallel()
	calls := 0
	h, err := webhook.NewHandler(func(context.Context, *webhook.ChangeLogEvent) error {
		calls++
		if calls == 1 {
			return errors.New("queue full")
		}
		return nil
	}, webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	signed := hs256(t, secret, payload)
	assert.Equal(t, http.StatusInternalServerError, post(t, srv.URL, "application/jwt", signed))
	assert.Equal(t, http.StatusNoContent, post(t, srv.URL, "application/jwt", signed))
	assert.Equal(t, 2, calls)
}

// failingStore fails every call.
type failingStore struct{}

func (failingStore) Claim(context.Context, string, time.Duration) (bool, error) {
	return false, errors.New("redis down")
}
func (failingStore) Release(context.Context, string) error { return errors.New("redis down") }

func TestHandlerStoreFails(t *testing.T) {
	t.Parallel()
	called := false
	h, err := webhook.NewHandler(func(context.Context, *webhook.ChangeLogEvent) error { called = true; return nil },
		webhook.Options{Secrets: []string{secret}, Store: failingStore{}})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	assert.Equal(t, http.StatusInternalServerError, post(t, srv.URL, "application/jwt", hs256(t, secret, payload)))
	assert.False(t, called, "without the store, a delivery could be handed over twice")
}

// TestHandlerUnsigned: plain JSON only when allowed explicitly.
func TestHandlerUnsigned(t *testing.T) {
	t.Parallel()
	fn := func(context.Context, *webhook.ChangeLogEvent) error { return nil }
	_, err := webhook.NewHandler(fn, webhook.Options{})
	assert.ErrorContains(t, err, "AllowUnsigned")
	_, err = webhook.NewHandler(fn, webhook.Options{Secrets: []string{secret}, AllowUnsigned: true})
	assert.Error(t, err)
	_, err = webhook.NewHandler(fn, webhook.Options{Secrets: []string{""}})
	assert.Error(t, err)
	_, err = webhook.NewHandler(nil, webhook.Options{Secrets: []string{secret}})
	assert.Error(t, err)

	rc := newReceiver(t, webhook.Options{AllowUnsigned: true})
	assert.Equal(t, http.StatusNoContent, post(t, rc.url, "application/json", payload))
	assert.Equal(t, http.StatusUnauthorized, post(t, rc.url, "application/jwt", hs256(t, secret, payload)), "a JWT it cannot verify")
	assert.Equal(t, http.StatusBadRequest, post(t, rc.url, "application/json", `{"action": 1}`))
	require.Len(t, rc.handed(), 1)
	assert.Equal(t, dialpad.ID(4500000000000001), rc.handed()[0].Target.ID)
}

// TestChangeLogEventJSON round-trips an event through its wire form.
func TestChangeLogEventJSON(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(wantEvent)
	require.NoError(t, err)
	assert.JSONEq(t, `{"date": 1733367600123, "action": "operator_removed", "note": "Grace was removed from Support",
		"additional_data": {"operator_id": "5835806903417907", "role": "operator"},
		"target": {"type": "call_center", "id": 4500000000000001},
		"changed_by": {"name": "Ada Lovelace", "id": 5000000000000001, "type": "user"}}`, string(b))
	var back webhook.ChangeLogEvent
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, wantEvent.Date, back.Date)
	assert.Equal(t, wantEvent.Target, back.Target)
}

// BenchmarkParseChangeLog verifies and decodes one signed event
// ("signed"); "plain" decodes the same event sent unsigned, as plain JSON
// with no secret, the baseline scripts/bench.sh compares "signed" with.
func BenchmarkParseChangeLog(b *testing.B) {
	for _, tc := range []struct {
		name, body string
		secrets    []string
	}{
		{"signed", hs256(b, secret, payload), []string{secret}},
		{"plain", payload, nil},
	} {
		b.Run(tc.name, func(b *testing.B) {
			body := []byte(tc.body)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := webhook.ParseChangeLog(body, tc.secrets...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
