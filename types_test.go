package dialpad

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOpaqueIDsAcceptNumbers: the ids Dialpad defines as opaque strings
// (contacts, agent groups, user devices, desk phones) decode from a JSON
// number as its decimal form, as ID decodes from a string holding digits;
// anything but a whole number is still an error.
func TestOpaqueIDsAcceptNumbers(t *testing.T) {
	t.Parallel()
	ids := func(body string) (map[string]string, error) {
		var (
			c Contact
			g AgentGroup
			d UserDevice
			p DeskPhone
		)
		got := map[string]string{}
		for _, v := range []any{&c, &g, &d, &p} {
			if err := json.Unmarshal([]byte(body), v); err != nil {
				return nil, err
			}
		}
		got["Contact"], got["AgentGroup"], got["UserDevice"], got["DeskPhone"] = c.ID, g.ID, d.ID, p.ID
		return got, nil
	}
	for body, want := range map[string]string{
		`{"id": 8001}`:                 "8001",
		`{"id": "8001"}`:               "8001",
		`{"id": 5764418315837440}`:     "5764418315837440",
		`{"id": 18446744073709551616}`: "18446744073709551616",
		`{"id": "web-1"}`:              "web-1",
		`{"id": null}`:                 "",
		`{}`:                           "",
	} {
		got, err := ids(body)
		require.NoError(t, err, body)
		for name, id := range got {
			assert.Equal(t, want, id, "%s from %s", name, body)
		}
	}
	for _, body := range []string{`{"id": 1.5}`, `{"id": 1e3}`, `{"id": -1}`, `{"id": true}`, `{"id": {}}`} {
		_, err := ids(body)
		assert.Error(t, err, body)
	}

	// The other fields still decode around the id.
	var c Contact
	require.NoError(t, json.Unmarshal([]byte(`{"id": 42, "first_name": "Wile", "emails": ["w@example.com"]}`), &c))
	assert.Equal(t, Contact{ID: "42", FirstName: "Wile", Emails: []string{"w@example.com"}}, c)
	var call InitiatedCall
	require.NoError(t, json.Unmarshal([]byte(`{"device": {"id": 77, "type": "native"}}`), &call))
	assert.Equal(t, "77", call.Device.ID)
}

func TestTimestamp(t *testing.T) {
	t.Parallel()
	want := time.Date(2021, 6, 20, 19, 18, 0, 0, time.UTC)
	for _, in := range []string{
		`"2021-06-20T19:18:00"`,
		`"2021-06-20T19:18:00Z"`,
		`"2021-06-20T21:18:00+02:00"`,
		`"2021-06-20 19:18:00"`,
		`"2021-06-20T19:18:00.000000"`,
	} {
		var got Timestamp
		if err := json.Unmarshal([]byte(in), &got); err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("%s: %v, %v; want %v", in, got, err, want)
		}
	}
	var day Timestamp
	if err := json.Unmarshal([]byte(`"2021-06-20"`), &day); err != nil || !day.Equal(time.Date(2021, 6, 20, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date: %v, %v", day, err)
	}
	for _, in := range []string{`null`, `""`} {
		got := Timestamp{want}
		if err := json.Unmarshal([]byte(in), &got); err != nil || (in == `""` && !got.IsZero()) {
			t.Errorf("%s: %v, %v", in, got, err)
		}
	}
	for _, in := range []string{`"yesterday"`, `1624216680`, `"2021-13-01T00:00:00"`} {
		var got Timestamp
		if err := json.Unmarshal([]byte(in), &got); err == nil {
			t.Errorf("%s: decoded as %v", in, got)
		}
	}
	out, _ := json.Marshal(struct {
		A Timestamp `json:"a"`
		B Timestamp `json:"b"`
	}{A: Timestamp{want.In(time.FixedZone("CEST", 2*3600))}})
	if string(out) != `{"a":"2021-06-20T19:18:00","b":null}` {
		t.Errorf("Marshal = %s", out)
	}
}

func TestPtr(t *testing.T) {
	t.Parallel()
	p := Ptr(LicenseTalk)
	q := Ptr(LicenseTalk)
	if *p != LicenseTalk || p == q {
		t.Errorf("Ptr = %v, %v", p, q)
	}
}
