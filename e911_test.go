package dialpad

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestE911Get(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/users/{id}/e911", "e911/get.json", func(r *http.Request, body map[string]any) {
		if got := r.PathValue("id"); got != "5835806903417907" {
			t.Errorf("id = %q", got)
		}
		if r.URL.RawQuery != "" || body != nil {
			t.Errorf("query %q, body %v; want neither", r.URL.RawQuery, body)
		}
	})
	got, err := c.E911.Get(context.Background(), 5835806903417907)
	require.NoError(t, err)
	if *got != wantE911 {
		t.Errorf("got %+v, want %+v", *got, wantE911)
	}
}

func TestE911Update(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		req  *UpdateE911Request
		want map[string]any
	}{
		{"required only", &UpdateE911Request{Address: "3001 Bishop Dr", City: "San Ramon", State: "CA", Zip: "94583", Country: "us"},
			map[string]any{"address": "3001 Bishop Dr", "city": "San Ramon", "state": "CA", "zip": "94583", "country": "us"}},
		{"everything", &UpdateE911Request{Address: "3001 Bishop Dr", Address2: Ptr("ste 120"), City: "San Ramon", State: "CA", Zip: "94583", Country: "us", UseValidatedOption: Ptr(true)},
			map[string]any{"address": "3001 Bishop Dr", "address2": "ste 120", "city": "San Ramon", "state": "CA", "zip": "94583", "country": "us", "use_validated_option": true}},
		{"clear address2", &UpdateE911Request{Address: "3001 Bishop Dr", Address2: Ptr(""), City: "San Ramon", State: "CA", Zip: "94583", Country: "us", UseValidatedOption: Ptr(false)},
			map[string]any{"address": "3001 Bishop Dr", "address2": "", "city": "San Ramon", "state": "CA", "zip": "94583", "country": "us", "use_validated_option": false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mux := newTestClient(t)
			handle(t, mux, "PUT /api/v2/users/{id}/e911", "e911/update.json", func(r *http.Request, body map[string]any) {
				if got := r.PathValue("id"); got != "2" {
					t.Errorf("id = %q", got)
				}
				assert.Equal(t, tc.want, body)
			})
			got, err := c.E911.Update(context.Background(), 2, tc.req)
			require.NoError(t, err)
			if *got != wantE911 {
				t.Errorf("got %+v, want %+v", *got, wantE911)
			}
		})
	}
}
