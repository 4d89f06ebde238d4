package dialpadtest

import (
	"cmp"
	"slices"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// group resolves the group of a kind named by the id wildcard.
func (c *call) group(kind string) (opGroup, *apiError) {
	raw := c.r.PathValue("id")
	id, err := parseID(raw)
	g, ok := c.s.st.group(kind, id)
	if err != nil || !ok {
		return opGroup{}, notFound("%s %q not found", kindName(kind), raw)
	}
	return g, nil
}

// groupFilter is the office_id and name_search filter of the call center
// and department lists.
type groupFilter struct {
	officeID dialpad.ID // 0: any office
	name     string
}

// groupFilter parses the filter. An office_id that is not an integer is
// 400; one that names no office is 404, as for the other id filters.
func (c *call) groupFilter() (groupFilter, *apiError) {
	f := groupFilter{name: strings.ToLower(c.query("name_search"))}
	if raw := c.query("office_id"); raw != "" {
		id, err := parseID(raw)
		if err != nil {
			return f, badRequest("query parameter office_id=%q is not an integer", raw)
		}
		if c.s.st.offices[id] == nil {
			return f, notFound("office %d not found", id)
		}
		f.officeID = id
	}
	return f, nil
}

// match reports whether a group of the office with the name passes: the
// name must contain name_search, without regard to case.
func (f groupFilter) match(officeID dialpad.ID, name string) bool {
	return (f.officeID == 0 || officeID == f.officeID) && strings.Contains(strings.ToLower(name), f.name)
}

// listCallCenters serves GET /api/v2/callcenters, by id, filtered by
// office_id and name_search.
func listCallCenters(c *call) (any, *apiError) {
	st := c.s.st
	p, e := c.page("callcenters")
	if e != nil {
		return nil, e
	}
	f, e := c.groupFilter()
	if e != nil {
		return nil, e
	}
	var cs []*CallCenter
	for _, id := range sortedKeys(st.callCenters) {
		if cc := st.callCenters[id]; f.match(cc.OfficeID, cc.Name) {
			cs = append(cs, cc)
		}
	}
	page, cursor := paginate(cs, func(cc *CallCenter) string { return idKey(cc.ID) }, p, "callcenters")
	return collect(page, cursor, st.callCenterJSON), nil
}

// getCallCenter serves GET /api/v2/callcenters/{id}.
func getCallCenter(c *call, g opGroup) (any, *apiError) {
	return c.s.st.callCenterJSON(c.s.st.callCenters[g.id]), nil
}

// listDepartments serves GET /api/v2/departments, by id, filtered by
// office_id and name_search.
func listDepartments(c *call) (any, *apiError) {
	st := c.s.st
	p, e := c.page("departments")
	if e != nil {
		return nil, e
	}
	f, e := c.groupFilter()
	if e != nil {
		return nil, e
	}
	var ds []*Department
	for _, id := range sortedKeys(st.departments) {
		if d := st.departments[id]; f.match(d.OfficeID, d.Name) {
			ds = append(ds, d)
		}
	}
	page, cursor := paginate(ds, func(d *Department) string { return idKey(d.ID) }, p, "departments")
	return collect(page, cursor, st.departmentJSON), nil
}

// getDepartment serves GET /api/v2/departments/{id}.
func getDepartment(c *call, g opGroup) (any, *apiError) {
	return c.s.st.departmentJSON(c.s.st.departments[g.id]), nil
}

// listOperators serves GET /api/v2/{offices, callcenters,
// departments}/{id}/operators: every operator, by user id, in the users
// list (not paginated; the fake has no rooms).
func listOperators(c *call, g opGroup) (any, *apiError) {
	st := c.s.st
	out := operatorsJSON{Users: make([]userJSON, 0, len(*g.ops))}
	for _, op := range *g.ops {
		if u := st.users[op.UserID]; u != nil {
			out.Users = append(out.Users, st.userJSON(u, c.now))
		}
	}
	return out, nil
}

// bodyUser resolves the user a request body names in field: a user that
// is not deleted, else 400.
func (c *call) bodyUser(field string, id int64) (*userRec, *apiError) {
	u := c.s.st.users[dialpad.ID(id)]
	if u == nil || u.State == "deleted" {
		return nil, badRequest("%s: user %d does not exist", field, id)
	}
	return u, nil
}

// operatorMessage is the body of the office and department operator
// operations (the spec's AddOperatorMessage; RemoveOperatorMessage has no
// role).
type operatorMessage struct {
	OperatorID   *int64  `json:"operator_id"`
	OperatorType *string `json:"operator_type"`
	Role         *string `json:"role"`
}

// operatorUser checks operator_id and operator_type and resolves the user.
// The fake has no rooms, so a room is never found.
func (c *call) operatorUser(m operatorMessage) (*userRec, *apiError) {
	switch {
	case m.OperatorID == nil:
		return nil, missing("operator_id")
	case m.OperatorType == nil:
		return nil, missing("operator_type")
	case *m.OperatorType == "room":
		return nil, badRequest("operator_id: room %d does not exist (this server has no rooms)", *m.OperatorID)
	case *m.OperatorType != "user":
		return nil, badRequest("operator_type must be \"user\" or \"room\", not %q", *m.OperatorType)
	}
	return c.bodyUser("operator_id", *m.OperatorID)
}

// addOperator serves POST /api/v2/{offices, departments}/{id}/operators:
// it puts the user on the list with the role ("operator" by default), or
// changes the role of a user already there.
func addOperator(c *call, g opGroup, req *operatorMessage) (any, *apiError) {
	u, e := c.operatorUser(*req)
	if e != nil {
		return nil, e
	}
	role := "operator"
	if req.Role != nil {
		role = *req.Role
		if !slices.Contains(g.roles(), role) {
			return nil, badRequest("role must be one of %s, not %q", strings.Join(g.roles(), ", "), role)
		}
	}
	g.set(Operator{UserID: u.ID, Role: role})
	return operatorJSONOf(u), nil
}

// removeOperatorRequest is the body of removeOperator (the spec's
// RemoveOperatorMessage).
type removeOperatorRequest struct {
	OperatorID   *int64  `json:"operator_id"`
	OperatorType *string `json:"operator_type"`
}

// removeOperator serves DELETE /api/v2/{offices, departments}/{id}/operators:
// the user leaves the list (and loses its DND setting for the group); a
// user not on it is 400.
func removeOperator(c *call, g opGroup, req *removeOperatorRequest) (any, *apiError) {
	u, e := c.operatorUser(operatorMessage{OperatorID: req.OperatorID, OperatorType: req.OperatorType})
	if e != nil {
		return nil, e
	}
	return leave(g, u)
}

// leave takes u off g's list, or fails with 400 when it is not on it.
func leave(g opGroup, u *userRec) (any, *apiError) {
	if !g.remove(u.ID) {
		return nil, badRequest("user %d is not an operator of %s", u.ID, g.label())
	}
	delete(u.groupDND, g.id)
	return operatorJSONOf(u), nil
}

// addCallCenterOperatorRequest is the body of addCallCenterOperator.
type addCallCenterOperatorRequest struct {
	KeepPaidNumbers *bool   `json:"keep_paid_numbers"`
	LicenseType     *string `json:"license_type"`
	Role            *string `json:"role"`
	SkillLevel      *int64  `json:"skill_level"`
	UserID          *int64  `json:"user_id"`
}

// addCallCenterOperator serves POST /api/v2/callcenters/{id}/operators.
// role defaults to "operator", skill_level to 100 (1-100). A user taking
// the "operator" role without a call-center license is switched to
// license_type ("agents" by default), which needs a free seat of it in the
// user's office (400 otherwise, and nothing changes); keep_paid_numbers
// false makes a switch to lite_support_agents give the user's numbers
// back. A user already on the list gets the new role and skill level.
func addCallCenterOperator(c *call, g opGroup, req *addCallCenterOperatorRequest) (any, *apiError) {
	st := c.s.st
	if e := req.check(g); e != nil {
		return nil, e
	}
	u, e := c.bodyUser("user_id", *req.UserID)
	if e != nil {
		return nil, e
	}
	op := Operator{UserID: u.ID, Role: cmp.Or(deref(req.Role), "operator"), SkillLevel: int(cmp.Or(deref(req.SkillLevel), 100))}
	if op.Role == "operator" && !slices.Contains(ccLicenses, u.License) {
		license := cmp.Or(deref(req.LicenseType), "agents")
		if holdsSeat(u.State) && st.freeSeats(u.OfficeID, license) <= 0 {
			return nil, badRequest("office %d has no free %s license seat for user %d", u.OfficeID, license, u.ID)
		}
		st.changeLicense(u, license, req.KeepPaidNumbers == nil || *req.KeepPaidNumbers)
	}
	g.set(op)
	return operatorJSONOf(u), nil
}

// check checks the fields of the request: a user, and a role, license
// type and skill level (1-100) when given.
func (req *addCallCenterOperatorRequest) check(g opGroup) *apiError {
	switch {
	case req.UserID == nil:
		return missing("user_id")
	case req.Role != nil && !slices.Contains(g.roles(), *req.Role):
		return badRequest("role must be one of %s, not %q", strings.Join(g.roles(), ", "), *req.Role)
	case req.LicenseType != nil && !slices.Contains(ccLicenses, *req.LicenseType):
		return badRequest("license_type must be one of %s, not %q", strings.Join(ccLicenses, ", "), *req.LicenseType)
	case req.SkillLevel != nil && (*req.SkillLevel < 1 || *req.SkillLevel > 100):
		return badRequest("skill_level %d is not within 1-100", *req.SkillLevel)
	}
	return nil
}

// removeCallCenterOperatorRequest is the body of removeCallCenterOperator.
type removeCallCenterOperatorRequest struct {
	UserID *int64 `json:"user_id"`
}

// removeCallCenterOperator serves DELETE /api/v2/callcenters/{id}/operators:
// the user leaves the list and keeps its license, as on Dialpad; a user
// not on it is 400.
func removeCallCenterOperator(c *call, g opGroup, req *removeCallCenterOperatorRequest) (any, *apiError) {
	if req.UserID == nil {
		return nil, missing("user_id")
	}
	u, e := c.bodyUser("user_id", *req.UserID)
	if e != nil {
		return nil, e
	}
	return leave(g, u)
}
