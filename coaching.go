package dialpad

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
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
	ID        int64  `json:"id"`
	CompanyID int64  `json:"company_id"`
	OfficeID  int64  `json:"office_id"`
	Name      string `json:"name"`
	// TeamDescription is free text set by an admin.
	TeamDescription string    `json:"team_description"`
	Country         string    `json:"country"`
	State           UserState `json:"state"`
	// PhoneNumbers are the E.164 numbers that ring the team.
	PhoneNumbers []string `json:"phone_numbers"`
	// RingSeconds is how long a call to the team rings before it goes to
	// voicemail (or whatever the team does when nobody answers).
	RingSeconds int64 `json:"ring_seconds"`
	// AllowTraineeEavesdrop reports whether trainees may listen in on calls.
	AllowTraineeEavesdrop bool `json:"allow_trainee_eavesdrop"`
}

// UnmarshalJSON decodes a coaching team, reading numbers given as strings.
func (t *CoachingTeam) UnmarshalJSON(b []byte) error {
	type plain CoachingTeam
	return json.Unmarshal(b, &struct {
		*plain
		ID          int64Field `json:"id"`
		CompanyID   int64Field `json:"company_id"`
		OfficeID    int64Field `json:"office_id"`
		RingSeconds int64Field `json:"ring_seconds"`
	}{(*plain)(t), int64Field{&t.ID}, int64Field{&t.CompanyID}, int64Field{&t.OfficeID}, int64Field{&t.RingSeconds}})
}

// CoachingTeamMember is a user seen as a member of one coaching team: the
// user's profile plus the member's Role.
type CoachingTeamMember struct {
	// ID is the user's id.
	ID             int64        `json:"id"`
	Role           CoachingRole `json:"role"`
	CompanyID      int64        `json:"company_id"`
	OfficeID       int64        `json:"office_id"`
	AdminOfficeIDs []int64      `json:"admin_office_ids"`
	FirstName      string       `json:"first_name"`
	LastName       string       `json:"last_name"`
	Emails         []string     `json:"emails"`
	PhoneNumbers   []string     `json:"phone_numbers"`
	// ForwardingNumbers are rung along with the user's Dialpad numbers.
	ForwardingNumbers []string  `json:"forwarding_numbers"`
	Extension         string    `json:"extension"`
	JobTitle          string    `json:"job_title"`
	Location          string    `json:"location"`
	Country           string    `json:"country"`
	Language          string    `json:"language"`
	Timezone          string    `json:"timezone"`
	ImageURL          string    `json:"image_url"`
	License           License   `json:"license"`
	State             UserState `json:"state"`
	StatusMessage     string    `json:"status_message"`
	DoNotDisturb      bool      `json:"do_not_disturb"`
	IsAdmin           bool      `json:"is_admin"`
	IsSuperAdmin      bool      `json:"is_super_admin"`
	IsAvailable       bool      `json:"is_available"`
	IsOnline          bool      `json:"is_online"`
	IsOnDuty          bool      `json:"is_on_duty"`
	Muted             bool      `json:"muted"`
	DateAdded         Timestamp `json:"date_added"`
	DateActive        Timestamp `json:"date_active"`
	DateFirstLogin    Timestamp `json:"date_first_login"`
}

// UnmarshalJSON decodes a member, reading ids given as strings or numbers.
func (m *CoachingTeamMember) UnmarshalJSON(b []byte) error {
	type plain CoachingTeamMember
	return json.Unmarshal(b, &struct {
		*plain
		ID             int64Field  `json:"id"`
		CompanyID      int64Field  `json:"company_id"`
		OfficeID       int64Field  `json:"office_id"`
		AdminOfficeIDs int64sField `json:"admin_office_ids"`
	}{(*plain)(m), int64Field{&m.ID}, int64Field{&m.CompanyID}, int64Field{&m.OfficeID}, int64sField{&m.AdminOfficeIDs}})
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
	return listPage[CoachingTeam](ctx, s.c, opts, "coachingteams")
}

// Get fetches one coaching team by id.
//
// Dialpad API: GET /api/v2/coachingteams/{id}
func (s *CoachingTeamsService) Get(ctx context.Context, id int64) (*CoachingTeam, error) {
	if err := checkPositive("id", id); err != nil {
		return nil, err
	}
	return send[CoachingTeam](ctx, s.c, http.MethodGet, nil, nil, "coachingteams", strconv.FormatInt(id, 10))
}

// ListMembers returns every member of a coaching team, coaches and
// trainees, following the listing's cursors until the last page.
//
// Dialpad API: GET /api/v2/coachingteams/{id}/members
func (s *CoachingTeamsService) ListMembers(ctx context.Context, id int64) ([]*CoachingTeamMember, error) {
	if err := checkPositive("id", id); err != nil {
		return nil, err
	}
	team := strconv.FormatInt(id, 10)
	page := func(ctx context.Context, opts *ListOptions) (*Page[CoachingTeamMember], error) {
		q, err := opts.values()
		if err != nil {
			return nil, err
		}
		return send[Page[CoachingTeamMember]](ctx, s.c, http.MethodGet, q, nil, "coachingteams", team, "members")
	}
	return collect(all(ctx, &ListOptions{}, page))
}

// AddCoachingTeamMemberRequest is the body of CoachingTeams.AddMember. Both
// fields are required.
type AddCoachingTeamMemberRequest struct {
	// MemberID is the id of the user to add.
	MemberID string `json:"member_id"`
	// Role is the part the user plays in the team.
	Role CoachingRole `json:"role"`
}

func (r *AddCoachingTeamMemberRequest) validate() error {
	return firstErr(
		checkRequired("member_id", r.MemberID),
		checkSingleLine("member_id", r.MemberID),
		checkRequired("role", string(r.Role)),
		checkEnum("role", r.Role, coachingRoles),
	)
}

// AddMember adds a user to a coaching team as a coach or a trainee and
// returns the new member.
//
// Dialpad API: POST /api/v2/coachingteams/{id}/members
func (s *CoachingTeamsService) AddMember(ctx context.Context, id int64, req *AddCoachingTeamMemberRequest) (*CoachingTeamMember, error) {
	if err := checkPositive("id", id); err != nil {
		return nil, err
	}
	if err := checkNotNil("request", req); err != nil {
		return nil, err
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	return send[CoachingTeamMember](ctx, s.c, http.MethodPost, nil, req, "coachingteams", strconv.FormatInt(id, 10), "members")
}
