package dialpadtest

import (
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// listUserDevices serves GET /api/v2/userdevices: every device, or with
// user_id ("me" works) that user's, by id.
func listUserDevices(c *call) (any, *apiError) {
	st := c.s.st
	p, e := c.page("userdevices")
	if e != nil {
		return nil, e
	}
	var owner dialpad.ID
	if v := c.query("user_id"); v != "" {
		u, e := st.liveUser(v)
		if e != nil {
			return nil, e
		}
		owner = u.ID
	}
	var ds []*Device
	for _, id := range sortedKeys(st.devices) {
		if d := st.devices[id]; owner == 0 || d.UserID == owner {
			ds = append(ds, d)
		}
	}
	page, cursor := paginate(ds, func(d *Device) string { return d.ID }, p, "userdevices")
	return collect(page, cursor, deviceJSONOf), nil
}

// getUserDevice serves GET /api/v2/userdevices/{id}.
func getUserDevice(c *call) (any, *apiError) {
	id := c.r.PathValue("id")
	d := c.s.st.devices[id]
	if d == nil {
		return nil, notFound("device %q not found", id)
	}
	return deviceJSONOf(d), nil
}

// listDeskPhones serves GET /api/v2/users/{parent_id}/deskphones (not
// paginated).
func listDeskPhones(c *call) (any, *apiError) {
	st := c.s.st
	u, e := c.user("parent_id")
	if e != nil {
		return nil, e
	}
	out := itemsOnly[deskPhoneJSON]{Items: []deskPhoneJSON{}}
	for _, id := range sortedKeys(st.deskPhones) {
		if d := st.deskPhones[id]; d.UserID == u.ID {
			out.Items = append(out.Items, deskPhoneJSONOf(d))
		}
	}
	return out, nil
}

// deskPhone finds the desk phone of the path, which must be the user's.
func (c *call) deskPhone() (*DeskPhone, *apiError) {
	u, e := c.user("parent_id")
	if e != nil {
		return nil, e
	}
	id := c.r.PathValue("id")
	d := c.s.st.deskPhones[id]
	if d == nil || d.UserID != u.ID {
		return nil, notFound("desk phone %q of user %d not found", id, u.ID)
	}
	return d, nil
}

// getDeskPhone serves GET /api/v2/users/{parent_id}/deskphones/{id}.
func getDeskPhone(c *call, d *DeskPhone) (any, *apiError) {
	return deskPhoneJSONOf(d), nil
}

// deleteDeskPhone serves DELETE /api/v2/users/{parent_id}/deskphones/{id}
// and answers 200 with an empty body.
func deleteDeskPhone(c *call, d *DeskPhone) (any, *apiError) {
	delete(c.s.st.deskPhones, d.ID)
	return nil, nil
}

// getAgentGroup serves GET /api/v2/agent-groups/{id}.
func getAgentGroup(c *call) (any, *apiError) {
	raw := c.r.PathValue("id")
	id, err := parseID(raw)
	g := c.s.st.agentGroups[id]
	if err != nil || g == nil {
		return nil, notFound("agent group %q not found", raw)
	}
	return agentGroupJSON{
		CreatedAt: millis(g.CreatedAt), GroupDescription: g.Description, ID: g.ID.String(),
		Name: g.Name, OfficeID: g.OfficeID.String(), UpdatedAt: millis(g.UpdatedAt),
	}, nil
}

// millis is a Unix time in milliseconds, 0 for the zero time.
func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
