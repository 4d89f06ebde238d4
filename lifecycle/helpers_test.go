package lifecycle_test

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

// env is a fake Dialpad with one office ready for onboarding, and a client
// for it.
type env struct {
	srv    *dialpadtest.Server
	c      *dialpad.Client
	office int64
	team   int64
	coach  int64
	// numbers is the office's inventory, in order; area code 415 holds the
	// first half, 646 the rest.
	numbers []string
}

const mainLine = "+14155550000"

// setup starts a fake with rate limits off (unless opts turn them on) and
// an office with seats talk seats and numbers numbers, and a client that
// paces itself far above the fake's limits so that tests run fast.
func setup(t *testing.T, seats, numbers int, opts ...dialpadtest.Option) *env {
	t.Helper()
	srv := dialpadtest.NewServer(append([]dialpadtest.Option{dialpadtest.WithEmptyState(), dialpadtest.WithoutRateLimits()}, opts...)...)
	t.Cleanup(srv.Close)
	e := &env{srv: srv}
	var err error
	e.office, err = srv.AddOffice(dialpadtest.Office{Name: "Onboarding", MainLine: mainLine,
		Seats: map[string]int{"talk": seats + 1, "agents": 1}})
	must(t, err)
	for i := range numbers {
		area := "415"
		if i >= numbers/2 {
			area = "646"
		}
		e.numbers = append(e.numbers, fmt.Sprintf("+1%s555%04d", area, 1000+i))
	}
	must(t, srv.AddNumbers(e.office, e.numbers...))
	e.coach, err = srv.AddUser(dialpadtest.User{OfficeID: e.office, Emails: []string{"coach@example.com"}, FirstName: "Carl", LastName: "Coach"})
	must(t, err)
	e.team, err = srv.AddCoachingTeam(dialpadtest.CoachingTeam{Name: "New hires", OfficeID: e.office,
		Members: []dialpadtest.CoachingTeamMember{{UserID: e.coach, Role: "coach"}}})
	must(t, err)
	e.c = fastClient(t, srv)
	return e
}

// fastClient is a client for srv that does not hold tests back: a high
// rate limit, no per-endpoint limits, short retry waits.
func fastClient(t *testing.T, srv *dialpadtest.Server) *dialpad.Client {
	t.Helper()
	c, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL), dialpad.WithRateLimit(5000, 100),
		dialpad.WithEndpointLimits(false), dialpad.WithRetryWait(time.Millisecond, 20*time.Millisecond))
	must(t, err)
	return c
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// fullRequest asks for every step.
func (e *env) fullRequest(email string) lifecycle.OnboardRequest {
	return lifecycle.OnboardRequest{
		Email: email, FirstName: "New", LastName: "Hire", OfficeID: dialpad.ID(e.office), License: dialpad.LicenseTalk,
		AreaCode: "646", CallerID: mainLine,
		E911:           &dialpad.UpdateE911Request{Address: "3001 Bishop Dr", City: "San Ramon", State: "ca", Zip: "94583", Country: "us"},
		CoachingTeamID: dialpad.ID(e.team), CoachingRole: dialpad.CoachingRoleTrainee,
		DoNotDisturb: dialpad.Ptr(true),
	}
}

// user returns the fake's record of a report's user.
func (e *env) user(t *testing.T, r *lifecycle.Report) dialpadtest.User {
	t.Helper()
	id, err := strconv.ParseInt(r.UserID.String(), 10, 64)
	if err != nil {
		t.Fatalf("report has no user id: %v\n%s", err, r)
	}
	u, ok := e.srv.User(id)
	if !ok {
		t.Fatalf("the fake has no user %d", id)
	}
	return u
}

// freeSeats is the office's count of free talk seats.
func (e *env) freeSeats(t *testing.T) int {
	t.Helper()
	n, err := e.srv.FreeSeats(e.office, "talk")
	must(t, err)
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
		must(t, err)
		if u.State != dialpad.UserStateDeleted && u.ID != dialpad.ID(e.coach) {
			out = append(out, u.Emails...)
		}
	}
	return out
}

// writes counts the requests other than GETs.
func writes(reqs []dialpadtest.Request) int {
	n := 0
	for _, r := range reqs {
		if r.Method != http.MethodGet {
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
		if got[name] != st {
			t.Errorf("step %s: status %q, want %q\n%s", name, got[name], st, r)
		}
	}
}
