package dialpad

import (
	"encoding/json"
	"testing"

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
