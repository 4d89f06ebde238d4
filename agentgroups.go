package dialpad

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// AgentGroupsService reads agent groups. Get it from Client.AgentGroups.
type AgentGroupsService service

// AgentGroup is a named group of contact-center agents within an office.
type AgentGroup struct {
	// ID is the group's id, an opaque string.
	ID string `json:"id"`
	// Name is the group's name; no two agent groups share one.
	Name string `json:"name"`
	// GroupDescription is free text describing the group; empty when
	// none was set.
	GroupDescription string `json:"group_description"`
	// OfficeID is the office the group belongs to.
	OfficeID ID `json:"office_id"`
	// CreatedAt and UpdatedAt are Unix times in milliseconds, as Dialpad
	// sends them; CreatedTime and UpdatedTime convert them. UpdatedAt is
	// zero when Dialpad does not report it.
	CreatedAt Int64 `json:"created_at"`
	UpdatedAt Int64 `json:"updated_at"`
}

// CreatedTime returns CreatedAt as a UTC time, or the zero time when it is
// unset.
func (g *AgentGroup) CreatedTime() time.Time { return unixMilli(int64(g.CreatedAt)) }

// UpdatedTime returns UpdatedAt as a UTC time, or the zero time when it is
// unset.
func (g *AgentGroup) UpdatedTime() time.Time { return unixMilli(int64(g.UpdatedAt)) }

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
	return send[AgentGroup](ctx, s.c, http.MethodGet, nil, nil, pathTo("agent-groups").opaque("id", id))
}

func (g *AgentGroup) problem() string { return opaqueIDProblem(g.ID) }

// UnmarshalJSON decodes an agent group, its id from a JSON string or
// number.
func (g *AgentGroup) UnmarshalJSON(b []byte) error {
	type fields AgentGroup
	return json.Unmarshal(b, &struct {
		*fields
		ID *opaqueID `json:"id"`
	}{(*fields)(g), (*opaqueID)(&g.ID)})
}
