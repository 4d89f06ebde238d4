package dialpad

import (
	"context"
	"iter"
	"net/http"
)

// CoachingTeamsService reads coaching teams and adds members. Get it from
// Client.CoachingTeams.
type CoachingTeamsService service

// CoachingRole is a member's part in a coaching team.
type CoachingRole string

// Coaching roles.
const (
	// CoachingRoleCoach listens in on and guides the team's trainees.
	CoachingRoleCoach CoachingRole = "coach"
	// CoachingRoleTrainee is coached by the team's coaches.
	CoachingRoleTrainee CoachingRole = "trainee"
)

var coachingRoles = []CoachingRole{CoachingRoleCoach, CoachingRoleTrainee}

// CoachingTeam is a group of coaches and trainees within an office.
type CoachingTeam struct {
	// ID is the coaching team's id.
	ID ID `json:"id"`
	// CompanyID is the company the team belongs to.
	CompanyID ID `json:"company_id"`
	// OfficeID is the office the team belongs to.
	OfficeID ID `json:"office_id"`
	// Name is the team's single-line name.
	Name string `json:"name"`
	// TeamDescription is free text set by an admin.
	TeamDescription string `json:"team_description"`
	// Country is the country the team is in, a code such as "us".
	Country string `json:"country"`
	// State is the team's enablement state: active, pending, suspended,
	// cancelled or deleted.
	State UserState `json:"state"`
	// PhoneNumbers are the E.164 numbers that ring the team.
	PhoneNumbers []string `json:"phone_numbers"`
	// RingSeconds is how long a call to the team rings, in seconds, before
	// it goes to voicemail (or whatever the team does when nobody
	// answers).
	RingSeconds Int64 `json:"ring_seconds"`
	// AllowTraineeEavesdrop reports whether trainees may listen in on calls.
	AllowTraineeEavesdrop bool `json:"allow_trainee_eavesdrop"`
}

// CoachingTeamMember is a user seen as a member of one coaching team: the
// user's profile (Dialpad sends the same fields as for a user) plus the
// member's Role.
type CoachingTeamMember struct {
	User
	// Role is the member's part in the team: CoachingRoleCoach or
	// CoachingRoleTrainee.
	Role CoachingRole `json:"role"`
}

// List iterates over every coaching team of the company, fetching pages as
// the loop needs them (opts may be nil):
//
//	for t, err := range client.CoachingTeams.List(ctx, nil) { ... }
//
// Dialpad API: GET /api/v2/coachingteams
func (s *CoachingTeamsService) List(ctx context.Context, opts *ListOptions) iter.Seq2[*CoachingTeam, error] {
	return all(ctx, opts, s.ListPage)
}

// ListPage fetches one page of coaching teams; pass the returned Cursor in
// opts.Cursor for the next.
//
// Dialpad API: GET /api/v2/coachingteams
func (s *CoachingTeamsService) ListPage(ctx context.Context, opts *ListOptions) (*Page[CoachingTeam], error) {
	return listPage[CoachingTeam](ctx, s.c, opts, pathTo("coachingteams"))
}

// Get fetches one coaching team by id.
//
// Dialpad API: GET /api/v2/coachingteams/{id}
func (s *CoachingTeamsService) Get(ctx context.Context, id ID) (*CoachingTeam, error) {
	return send[CoachingTeam](ctx, s.c, http.MethodGet, nil, nil, pathTo("coachingteams").id("id", id))
}

// ListMembers returns every member of a coaching team, coaches and
// trainees, following the listing's cursors until the last page.
//
// Dialpad API: GET /api/v2/coachingteams/{id}/members
func (s *CoachingTeamsService) ListMembers(ctx context.Context, id ID) ([]*CoachingTeamMember, error) {
	page := func(ctx context.Context, opts *ListOptions) (*Page[CoachingTeamMember], error) {
		return listPage[CoachingTeamMember](ctx, s.c, opts, pathTo("coachingteams").id("id", id).then("members"))
	}
	return collect(all(ctx, nil, page))
}

// AddCoachingTeamMemberRequest is the body of CoachingTeams.AddMember. Both
// fields are required.
type AddCoachingTeamMemberRequest struct {
	// MemberID is the id of the user to add (a string on the wire).
	MemberID ID `json:"member_id,string"`
	// Role is the part the user plays in the team.
	Role CoachingRole `json:"role"`
}

func (r *AddCoachingTeamMemberRequest) validate() error {
	return firstErr(
		checkID("member_id", r.MemberID),
		checkRequired("role", string(r.Role)),
		checkEnum("role", r.Role, coachingRoles),
	)
}

// AddMember adds a user to a coaching team as a coach or a trainee and
// returns the new member.
//
// Dialpad API: POST /api/v2/coachingteams/{id}/members
func (s *CoachingTeamsService) AddMember(ctx context.Context, id ID, req *AddCoachingTeamMemberRequest) (*CoachingTeamMember, error) {
	return write[CoachingTeamMember](ctx, s.c, http.MethodPost, req, pathTo("coachingteams").id("id", id).then("members"))
}

func (t *CoachingTeam) problem() string { return idProblem(t.ID) }
