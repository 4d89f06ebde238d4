package dialpadtest

// team finds the coaching team named by the id wildcard.
func (c *call) team() (*CoachingTeam, *apiError) {
	return byPathID(c, c.s.st.teams, "coaching team")
}

// listCoachingTeams serves GET /api/v2/coachingteams, by id.
func listCoachingTeams(c *call) (any, *apiError) {
	st := c.s.st
	p, e := c.page("coachingteams")
	if e != nil {
		return nil, e
	}
	page, cursor := paginate(sortedValues(st.teams), func(t *CoachingTeam) string { return idKey(t.ID) }, p, "coachingteams")
	return collect(page, cursor, st.teamJSON), nil
}

// getCoachingTeam serves GET /api/v2/coachingteams/{id}.
func getCoachingTeam(c *call, t *CoachingTeam) (any, *apiError) {
	return c.s.st.teamJSON(t), nil
}

// listCoachingTeamMembers serves GET /api/v2/coachingteams/{id}/members,
// paginated, by user id.
func listCoachingTeamMembers(c *call, t *CoachingTeam) (any, *apiError) {
	st := c.s.st
	p, e := c.page("members")
	if e != nil {
		return nil, e
	}
	page, cursor := paginate(t.Members, func(m CoachingTeamMember) string { return idKey(m.UserID) }, p, "members")
	out := collection[memberJSON]{Cursor: cursor, Items: make([]memberJSON, 0, len(page))}
	for _, m := range page {
		if u := st.users[m.UserID]; u != nil {
			out.Items = append(out.Items, st.memberJSON(u, m.Role, c.now))
		}
	}
	return out, nil
}

// addCoachingTeamMemberRequest is the body of addCoachingTeamMember.
type addCoachingTeamMemberRequest struct {
	MemberID *string `json:"member_id"`
	Role     *string `json:"role"`
}

// addCoachingTeamMember serves POST /api/v2/coachingteams/{id}/members:
// member_id must name a user that is not deleted (400 otherwise) and role
// is "coach" or "trainee". Adding a member again changes its role.
func addCoachingTeamMember(c *call, t *CoachingTeam, req *addCoachingTeamMemberRequest) (any, *apiError) {
	st := c.s.st
	switch {
	case req.MemberID == nil:
		return nil, missing("member_id")
	case req.Role == nil:
		return nil, missing("role")
	case *req.Role != "coach" && *req.Role != "trainee":
		return nil, badRequest("role must be \"coach\" or \"trainee\", not %q", *req.Role)
	}
	id, err := parseID(*req.MemberID)
	u := st.users[id]
	if err != nil || u == nil || u.State == "deleted" {
		return nil, badRequest("member_id: user %q does not exist", *req.MemberID)
	}
	setMember(t, u.ID, *req.Role)
	return st.memberJSON(u, *req.Role, c.now), nil
}
