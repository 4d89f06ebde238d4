package dialpad

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wantAssignedNumber is testdata/numbers/assign.json decoded.
var wantAssignedNumber = Number{
	Number:     "+14155551002",
	AreaCode:   "415",
	Type:       NumberTypeLocal,
	Status:     NumberStatusUser,
	CompanyID:  123,
	OfficeID:   124,
	TargetID:   2,
	TargetType: GroupTypeUser,
}

func TestNumbersAssign(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		req  *AssignNumberRequest
		want map[string]any
	}{
		{"nil request", nil, map[string]any{}},
		{"empty request", &AssignNumberRequest{}, map[string]any{}},
		{"number", &AssignNumberRequest{Number: Ptr("+14155551002")}, map[string]any{"number": "+14155551002"}},
		{"area code, not primary", &AssignNumberRequest{AreaCode: Ptr("415"), Primary: Ptr(false)}, map[string]any{"area_code": "415", "primary": false}},
		{"primary only", &AssignNumberRequest{Primary: Ptr(true)}, map[string]any{"primary": true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mux := newTestClient(t)
			handle(t, mux, "POST /api/v2/users/{id}/assign_number", "numbers/assign.json", func(r *http.Request, body map[string]any) {
				if got := r.PathValue("id"); got != "2" {
					t.Errorf("id = %q", got)
				}
				if r.URL.RawQuery != "" {
					t.Errorf("query = %q", r.URL.RawQuery)
				}
				assert.Equal(t, tc.want, body)
			})
			var before AssignNumberRequest
			if tc.req != nil {
				before = *tc.req
			}
			got, err := c.Numbers.Assign(context.Background(), 2, tc.req)
			require.NoError(t, err)
			assert.Equal(t, wantAssignedNumber, *got)
			if tc.req != nil && !reflect.DeepEqual(*tc.req, before) {
				t.Errorf("Assign changed the caller's request: %+v", *tc.req)
			}
		})
	}
}

func TestNumbersUnassign(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "POST /api/v2/users/{id}/unassign_number", "numbers/unassign.json", func(r *http.Request, body map[string]any) {
		if got := r.PathValue("id"); got != "2" {
			t.Errorf("id = %q", got)
		}
		assert.Equal(t, map[string]any{"number": "+14155551002"}, body)
	})
	got, err := c.Numbers.Unassign(context.Background(), 2, "+14155551002")
	require.NoError(t, err)
	want := Number{
		Number:    "+14155551002",
		AreaCode:  "415",
		Type:      NumberTypeLocal,
		Status:    NumberStatusAvailable,
		CompanyID: 123,
		OfficeID:  124,
	}
	assert.Equal(t, want, *got)
}

func TestNumberUnmarshalNumbers(t *testing.T) {
	t.Parallel()
	var n Number
	require.NoError(t, json.Unmarshal([]byte(`{"number": "+18005550100", "company_id": 1, "office_id": 2, "target_id": 3, "target_type": "callcenter", "type": "tollfree", "status": "call_center", "deleted": true}`), &n))
	want := Number{Number: "+18005550100", CompanyID: 1, OfficeID: 2, TargetID: 3, TargetType: GroupTypeCallCenter,
		Type: NumberTypeTollFree, Status: NumberStatusCallCenter, Deleted: true}
	if n != want {
		t.Errorf("decoded %+v, want %+v", n, want)
	}
}

func TestNumbersValidation(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t) // no handlers: any request fails the test
	ctx := context.Background()
	assign := func(id ID, r *AssignNumberRequest) func() error {
		return func() error { _, err := c.Numbers.Assign(ctx, id, r); return err }
	}
	unassign := func(id ID, number string) func() error {
		return func() error { _, err := c.Numbers.Unassign(ctx, id, number); return err }
	}
	assertAllInvalid(t, []invalidCall{
		{"assign number and area code", "number", assign(2, &AssignNumberRequest{Number: Ptr("+14155551002"), AreaCode: Ptr("415")})},
		{"assign bad number", "number", assign(2, &AssignNumberRequest{Number: Ptr("4155551002")})},
		{"assign empty number", "number", assign(2, &AssignNumberRequest{Number: Ptr("")})},
		{"assign number with spaces", "number", assign(2, &AssignNumberRequest{Number: Ptr("+1 415 555 1002")})},
		{"assign empty area code", "area_code", assign(2, &AssignNumberRequest{AreaCode: Ptr("")})},
		{"assign letters in area code", "area_code", assign(2, &AssignNumberRequest{AreaCode: Ptr("41a")})},
		{"assign area code with plus", "area_code", assign(2, &AssignNumberRequest{AreaCode: Ptr("+1415")})},
		{"assign empty user", "userID", assign(0, nil)},
		{"assign dotdot user", "userID", assign(-1, &AssignNumberRequest{})},
		{"unassign empty number", "number", unassign(2, "")},
		{"unassign bad number", "number", unassign(2, "+1415555100x")},
		{"unassign too long", "number", unassign(2, "+1234567890123456")},
		{"unassign blocked", "number", unassign(2, "blocked")},
		{"unassign empty user", "userID", unassign(0, "+14155551002")},
	})
}
