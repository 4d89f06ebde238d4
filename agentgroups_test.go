package dialpad

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAgentGroupsGet(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	handle(t, mux, "GET /api/v2/agent-groups/{id}", "agentgroups/get.json", func(r *http.Request, body map[string]any) {
		if got := r.PathValue("id"); got != "4869863920304128" {
			t.Errorf("id = %q", got)
		}
		if r.URL.RawQuery != "" || body != nil {
			t.Errorf("query %q, body %v; want neither", r.URL.RawQuery, body)
		}
	})
	got, err := c.AgentGroups.Get(context.Background(), "4869863920304128")
	require.NoError(t, err)
	want := AgentGroup{
		ID:               "4869863920304128",
		Name:             "Tier 1 Support",
		GroupDescription: "First-line support agents, west coast",
		OfficeID:         6422934115149452,
		CreatedAt:        1700000000123,
		UpdatedAt:        1709251200456,
	}
	if *got != want {
		t.Errorf("got  %+v\nwant %+v", *got, want)
	}
	if ct, want := got.CreatedTime(), time.Date(2023, 11, 14, 22, 13, 20, 123e6, time.UTC); !ct.Equal(want) || ct.Location() != time.UTC {
		t.Errorf("CreatedTime = %v, want %v", ct, want)
	}
	if ut, want := got.UpdatedTime(), time.Date(2024, 3, 1, 0, 0, 0, 456e6, time.UTC); !ut.Equal(want) {
		t.Errorf("UpdatedTime = %v, want %v", ut, want)
	}
}

func TestAgentGroupUnmarshal(t *testing.T) {
	t.Parallel()
	var g AgentGroup
	require.NoError(t, json.Unmarshal([]byte(`{"id": "7", "name": "A", "office_id": "8", "created_at": 1000, "updated_at": null, "group_description": null}`), &g))
	if want := (AgentGroup{ID: "7", Name: "A", OfficeID: 8, CreatedAt: 1000}); g != want {
		t.Errorf("decoded %+v, want %+v", g, want)
	}
	if !g.UpdatedTime().IsZero() {
		t.Errorf("UpdatedTime = %v, want the zero time", g.UpdatedTime())
	}
	if got := g.CreatedTime(); !got.Equal(time.Unix(1, 0)) {
		t.Errorf("CreatedTime = %v", got)
	}
}
