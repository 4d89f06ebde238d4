package dialpadtest

// office resolves the office id in path wildcard name.
func (c *call) office(name string) (*Office, *apiError) {
	raw := c.r.PathValue(name)
	id, err := parseID(raw)
	o := c.s.st.offices[id]
	if err != nil || o == nil {
		return nil, notFound("office %q not found", raw)
	}
	return o, nil
}

// listOffices serves GET /api/v2/offices, by id; active_only=true leaves
// out offices that are not active.
func listOffices(c *call) (any, *apiError) {
	st := c.s.st
	p, e := c.page("offices")
	if e != nil {
		return nil, e
	}
	activeOnly, _, e := c.queryBool("active_only")
	if e != nil {
		return nil, e
	}
	var os []*Office
	for _, id := range sortedKeys(st.offices) {
		if o := st.offices[id]; !activeOnly || o.State == "active" {
			os = append(os, o)
		}
	}
	page, cursor := paginate(os, func(o *Office) string { return idKey(o.ID) }, p, "offices")
	return collect(page, cursor, st.officeJSON), nil
}

// getOffice serves GET /api/v2/offices/{id}.
func getOffice(c *call, o *Office) (any, *apiError) {
	return c.s.st.officeJSON(o), nil
}

// getPlan serves GET /api/v2/offices/{office_id}/plan: the office's seats
// of the talk, agents and lite_support_agents licenses as talk, sell and
// contact-center lines, and the rest of its Plan.
func getPlan(c *call, o *Office) (any, *apiError) {
	return c.s.st.planJSON(o), nil
}

// getAvailableLicenses serves GET
// /api/v2/offices/{office_id}/available_licenses: the lines of the plan
// that are left, the seats held by active, suspended and pending users
// taken off.
func getAvailableLicenses(c *call, o *Office) (any, *apiError) {
	return c.s.st.lines(o, true), nil
}
