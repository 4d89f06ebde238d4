package lifecycle_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

const (
	D  = lifecycle.StatusDone
	S  = lifecycle.StatusSkipped
	F  = lifecycle.StatusFailed
	NR = lifecycle.StatusNotRun
	P  = lifecycle.StatusPlanned
)

// officeName is the name of the office setup makes.
const officeName = "Onboarding"

// env is a fake Dialpad with one office ready for onboarding, and a client
// for it.
type env struct {
	srv    *dialpadtest.Server
	c      *dialpad.Client
	office dialpad.ID
	team   dialpad.ID
	coach  dialpad.ID
	// numbers is the office's inventory, in order; area code 415 holds the
	// first half, 646 the rest.
	numbers []string
}

const mainLine = "+14155550000"

// setup starts a fake with rate limits off (unless opts turn them on) and
// an office with seats talk seats and numbers numbers, and a client wired
// to it in memory that does not pace itself, so that tests run fast.
func setup(t *testing.T, seats, numbers int, opts ...dialpadtest.Option) *env {
	t.Helper()
	srv := dialpadtest.NewServer(append([]dialpadtest.Option{dialpadtest.WithEmptyState(), dialpadtest.WithoutRateLimits()}, opts...)...)
	t.Cleanup(srv.Close)
	e := &env{srv: srv}
	var err error
	e.office, err = srv.AddOffice(dialpadtest.Office{Name: officeName, MainLine: mainLine,
		Seats: map[string]int{"talk": seats + 1, "agents": 1}})
	require.NoError(t, err)
	for i := range numbers {
		area := "415"
		if i >= numbers/2 {
			area = "646"
		}
		e.numbers = append(e.numbers, fmt.Sprintf("+1%s555%04d", area, 1000+i))
	}
	require.NoError(t, srv.AddNumbers(e.office, e.numbers...))
	e.coach, err = srv.AddUser(dialpadtest.User{OfficeID: e.office, Emails: []string{"coach@example.com"}, FirstName: "Carl", LastName: "Coach"})
	require.NoError(t, err)
	e.team, err = srv.AddCoachingTeam(dialpadtest.CoachingTeam{Name: "New hires", OfficeID: e.office,
		Members: []dialpadtest.CoachingTeamMember{{UserID: e.coach, Role: "coach"}}})
	require.NoError(t, err)
	e.c = fastClient(t, srv)
	return e
}

// fastClient is a client for srv that does not hold tests back: no
// pacing, short retry waits, the fake's in-memory transport (opts may
// replace it).
func fastClient(t *testing.T, srv *dialpadtest.Server, opts ...dialpad.Option) *dialpad.Client {
	t.Helper()
	c, err := srv.NewClient(opts...)
	require.NoError(t, err)
	return c
}

// pacedClient returns a client with the SDK's default pacing (Dialpad's
// company limit and per-endpoint limits) on the fake's in-memory
// transport. Inside a testing/synctest bubble the fake handles each
// request on the client's goroutine, so the client's limiter and the
// fake's rate-limit windows both run on the bubble's clock.
func (e *env) pacedClient(t *testing.T) *dialpad.Client {
	t.Helper()
	c, err := dialpad.NewClient(e.srv.APIKey, dialpad.WithBaseURL(e.srv.URL),
		dialpad.WithHTTPClient(&http.Client{Transport: e.srv.Transport()}))
	require.NoError(t, err)
	return c
}

// fullRequest asks for every step.
func (e *env) fullRequest(email string) lifecycle.OnboardRequest {
	return lifecycle.OnboardRequest{
		Email: email, FirstName: "New", LastName: "Hire", OfficeID: e.office, License: dialpad.LicenseTalk,
		AreaCode: "646", CallerID: mainLine,
		E911:           &dialpad.UpdateE911Request{Address: "3001 Bishop Dr", City: "San Ramon", State: "ca", Zip: "94583", Country: "us"},
		CoachingTeamID: e.team, CoachingRole: dialpad.CoachingRoleTrainee,
		DoNotDisturb: dialpad.Ptr(true),
	}
}

// user returns the fake's record of a report's user.
func (e *env) user(t *testing.T, r *lifecycle.Report) dialpadtest.User {
	t.Helper()
	require.NotZero(t, r.UserID, "report has no user id\n%s", r)
	u, ok := e.srv.User(r.UserID)
	require.True(t, ok, "the fake has no user %d", r.UserID)
	return u
}

// freeSeats is the office's count of free talk seats.
func (e *env) freeSeats(t *testing.T) int {
	t.Helper()
	n, err := e.srv.FreeSeats(e.office, "talk")
	require.NoError(t, err)
	return n
}

// assigned lists the inventory numbers that are assigned to someone.
func (e *env) assigned() []string {
	var out []string
	for _, n := range e.numbers {
		if num, _ := e.srv.Number(n); num.Status != "available" {
			out = append(out, n)
		}
	}
	return out
}

// liveUsers lists the emails of users that are not deleted, the coach
// aside.
func (e *env) liveUsers(t *testing.T) []string {
	t.Helper()
	var out []string
	for u, err := range e.c.Users.List(t.Context(), &dialpad.UserListOptions{State: dialpad.UserStateAll}) {
		require.NoError(t, err)
		if u.State != dialpad.UserStateDeleted && u.ID != e.coach {
			out = append(out, u.Emails...)
		}
	}
	return out
}

// writes lists the operations of the requests that change state (all but
// GETs), in order.
func writes(reqs []dialpadtest.Request) []string {
	var out []string
	for _, r := range reqs {
		if r.Method != http.MethodGet {
			out = append(out, r.Operation)
		}
	}
	return out
}

// countOp counts the requests for one operation.
func countOp(reqs []dialpadtest.Request, op string) int {
	n := 0
	for _, r := range reqs {
		if r.Operation == op {
			n++
		}
	}
	return n
}

// statuses maps each step name to its status (the last, when repeated).
func statuses(r *lifecycle.Report) map[lifecycle.StepName]lifecycle.StepStatus {
	m := map[lifecycle.StepName]lifecycle.StepStatus{}
	for _, s := range r.Steps {
		m[s.Name] = s.Status
	}
	return m
}

// wantStatuses fails unless every named step has the given status.
func wantStatuses(t *testing.T, r *lifecycle.Report, want map[lifecycle.StepName]lifecycle.StepStatus) {
	t.Helper()
	got := statuses(r)
	for name, st := range want {
		assert.Equal(t, st, got[name], "step %s\n%s", name, r)
	}
}

// stepList is a report's steps reduced to name, status and id, for
// comparing whole runs.
func stepList(r *lifecycle.Report) []string {
	var out []string
	for _, s := range r.Steps {
		line := string(s.Name) + " " + string(s.Status)
		if s.ID != "" {
			line += " " + s.ID
		}
		out = append(out, line)
	}
	return out
}
