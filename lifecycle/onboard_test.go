package lifecycle_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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

func TestOnboardEveryStep(t *testing.T) {
	t.Parallel()
	e := setup(t, 3, 6)
	seats := e.freeSeats(t)
	r, err := lifecycle.Onboard(t.Context(), e.c, e.fullRequest("new@example.com"))
	if err != nil {
		t.Fatalf("Onboard: %v\n%s", err, r)
	}
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{
		lifecycle.StepValidate: D, lifecycle.StepCheckOffice: S, lifecycle.StepFindUser: D,
		lifecycle.StepCreateUser: D, lifecycle.StepAssignNumber: D, lifecycle.StepSetCallerID: D,
		lifecycle.StepSetE911: D, lifecycle.StepJoinCoachingTeam: D, lifecycle.StepSetDoNotDisturb: D,
	})
	u := e.user(t, r)
	if u.State != "active" || u.License != "talk" || u.OfficeID != e.office {
		t.Errorf("user: state %s license %s office %d", u.State, u.License, u.OfficeID)
	}
	if len(u.PhoneNumbers) != 1 || !strings.HasPrefix(u.PhoneNumbers[0], "+1646") {
		t.Errorf("numbers %v, want one in area code 646", u.PhoneNumbers)
	}
	if u.CallerID != mainLine || !u.DoNotDisturb || u.E911 == nil || u.E911.City != "San Ramon" {
		t.Errorf("caller id %q, dnd %v, e911 %+v", u.CallerID, u.DoNotDisturb, u.E911)
	}
	members, err := e.c.CoachingTeams.ListMembers(t.Context(), dialpad.ID(e.team))
	must(t, err)
	if !slices.ContainsFunc(members, func(m *dialpad.CoachingTeamMember) bool {
		return int64(m.ID) == u.ID && m.Role == dialpad.CoachingRoleTrainee
	}) {
		t.Errorf("user %d is not a trainee of team %d", u.ID, e.team)
	}
	if got := e.freeSeats(t); got != seats-1 {
		t.Errorf("free seats %d, want %d", got, seats-1)
	}
	s, _ := r.Step(lifecycle.StepAssignNumber)
	want := []lifecycle.Resource{{Kind: lifecycle.ResourceUser, ID: r.UserID.String()}, {Kind: lifecycle.ResourceNumber, ID: s.ID},
		{Kind: lifecycle.ResourceCoachingMembership, ID: strconv.FormatInt(e.team, 10)}}
	if !slices.Equal(r.Exists, want) {
		t.Errorf("Exists = %v, want %v", r.Exists, want)
	}
	if !r.Changed() || r.NothingToDo() || r.RolledBack {
		t.Errorf("Changed %v NothingToDo %v RolledBack %v", r.Changed(), r.NothingToDo(), r.RolledBack)
	}
}

func TestOnboardNumberChoice(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		set     func(*lifecycle.OnboardRequest, *env)
		check   func(t *testing.T, numbers []string, e *env)
		assigns int // assign_number requests
	}{
		{"specific", func(r *lifecycle.OnboardRequest, e *env) { r.Number = e.numbers[4] },
			func(t *testing.T, ns []string, e *env) {
				if !slices.Equal(ns, []string{e.numbers[4]}) {
					t.Errorf("numbers %v, want [%s]", ns, e.numbers[4])
				}
			}, 1},
		{"area code", func(r *lifecycle.OnboardRequest, e *env) { r.AreaCode = "646" },
			func(t *testing.T, ns []string, e *env) {
				if len(ns) != 1 || !strings.HasPrefix(ns[0], "+1646") {
					t.Errorf("numbers %v, want one in 646", ns)
				}
			}, 1},
		{"auto", func(r *lifecycle.OnboardRequest, e *env) {},
			func(t *testing.T, ns []string, e *env) {
				if len(ns) != 1 {
					t.Errorf("numbers %v, want one", ns)
				}
			}, 0}, // asked for with the create's auto_assign
		{"none", func(r *lifecycle.OnboardRequest, e *env) { r.NoNumber = true },
			func(t *testing.T, ns []string, e *env) {
				if len(ns) != 0 {
					t.Errorf("numbers %v, want none", ns)
				}
			}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t, 2, 6)
			req := lifecycle.OnboardRequest{Email: "n@example.com", OfficeID: dialpad.ID(e.office)}
			tc.set(&req, e)
			r, err := lifecycle.Onboard(t.Context(), e.c, req)
			if err != nil {
				t.Fatalf("Onboard: %v\n%s", err, r)
			}
			tc.check(t, e.user(t, r).PhoneNumbers, e)
			assigns := 0
			for _, q := range e.srv.Requests() {
				if q.Operation == "numbers.assign_user_number.post" {
					assigns++
				}
			}
			if assigns != tc.assigns {
				t.Errorf("%d assign_number requests, want %d", assigns, tc.assigns)
			}
		})
	}
}

func TestOnboardUnknownOffice(t *testing.T) {
	t.Parallel()
	t.Run("from the create", func(t *testing.T) {
		t.Parallel()
		e := setup(t, 1, 2)
		req := e.fullRequest("n@example.com")
		req.OfficeID = 999
		req.Rollback = true
		r, err := lifecycle.Onboard(t.Context(), e.c, req)
		if !errors.Is(err, lifecycle.ErrUnknownOffice) || !errors.Is(err, dialpad.ErrBadRequest) {
			t.Fatalf("err = %v, want ErrUnknownOffice and ErrBadRequest", err)
		}
		var se *lifecycle.StepError
		if !errors.As(err, &se) || se.Step != lifecycle.StepCreateUser {
			t.Errorf("err = %#v, want a *StepError for create_user", err)
		}
		wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{
			lifecycle.StepCreateUser: F, lifecycle.StepAssignNumber: NR, lifecycle.StepSetDoNotDisturb: NR,
		})
		if r.UserID != 0 || len(r.Exists) != 0 || r.RolledBack {
			t.Errorf("UserID %q Exists %v RolledBack %v, want nothing", r.UserID, r.Exists, r.RolledBack)
		}
		if got := e.liveUsers(t); len(got) != 0 {
			t.Errorf("users left: %v", got)
		}
	})
	t.Run("OfficeCheck", func(t *testing.T) {
		t.Parallel()
		e := setup(t, 1, 2)
		req := e.fullRequest("n@example.com")
		req.OfficeID = 999
		req.OfficeCheck = lifecycle.KnownOffices(dialpad.ID(e.office))
		r, err := lifecycle.Onboard(t.Context(), e.c, req)
		if !errors.Is(err, lifecycle.ErrUnknownOffice) {
			t.Fatalf("err = %v, want ErrUnknownOffice", err)
		}
		wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{
			lifecycle.StepValidate: D, lifecycle.StepCheckOffice: F, lifecycle.StepFindUser: NR, lifecycle.StepCreateUser: NR,
		})
		if n := len(e.srv.Requests()); n != 0 {
			t.Errorf("%d requests sent, want none", n)
		}
		// A known office passes.
		req.OfficeID = dialpad.ID(e.office)
		if r, err := lifecycle.Onboard(t.Context(), e.c, req); err != nil {
			t.Errorf("known office: %v\n%s", err, r)
		}
	})
}

func TestOnboardNoFreeSeat(t *testing.T) {
	t.Parallel()
	e := setup(t, 0, 2)
	r, err := lifecycle.Onboard(t.Context(), e.c, lifecycle.OnboardRequest{Email: "n@example.com", OfficeID: dialpad.ID(e.office)})
	if !errors.Is(err, dialpad.ErrBadRequest) || errors.Is(err, lifecycle.ErrUnknownOffice) {
		t.Fatalf("err = %v, want a 400 that is not ErrUnknownOffice", err)
	}
	if !strings.Contains(err.Error(), "seat") {
		t.Errorf("err = %v, want the server's message about seats", err)
	}
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepCreateUser: F, lifecycle.StepAssignNumber: NR})
}

func TestOnboardValidation(t *testing.T) {
	t.Parallel()
	e := setup(t, 1, 2)
	for _, tc := range []struct {
		name  string
		field string
		set   func(*lifecycle.OnboardRequest)
	}{
		{"no email", "email", func(r *lifecycle.OnboardRequest) { r.Email = "" }},
		{"bad email", "email", func(r *lifecycle.OnboardRequest) { r.Email = "Ann <ann@example.com>" }},
		{"no office", "office_id", func(r *lifecycle.OnboardRequest) { r.OfficeID = 0 }},
		{"number and area code", "number", func(r *lifecycle.OnboardRequest) { r.Number = "+14155551000" }},
		{"bad number", "number", func(r *lifecycle.OnboardRequest) { r.AreaCode, r.Number = "", "4155551000" }},
		{"bad area code", "area_code", func(r *lifecycle.OnboardRequest) { r.AreaCode = "41a" }},
		{"no number and area code", "number", func(r *lifecycle.OnboardRequest) { r.NoNumber = true }},
		{"bad caller id", "caller_id", func(r *lifecycle.OnboardRequest) { r.CallerID = "office" }},
		{"e911 without city", "e911.city", func(r *lifecycle.OnboardRequest) { r.E911.City = " " }},
		{"role without team", "coaching_role", func(r *lifecycle.OnboardRequest) { r.CoachingTeamID = 0 }},
		{"bad role", "coaching_role", func(r *lifecycle.OnboardRequest) { r.CoachingRole = "boss" }},
		{"row error", "office_id", func(r *lifecycle.OnboardRequest) {
			r.RowErr = &dialpad.ValidationError{Field: "office_id", Reason: `"abc" is not a positive id`}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := e.fullRequest("v@example.com")
			tc.set(&req)
			r, err := lifecycle.Onboard(t.Context(), e.c, req)
			var ve *dialpad.ValidationError
			if !errors.As(err, &ve) || ve.Field != tc.field {
				t.Fatalf("err = %v, want a *dialpad.ValidationError for %s", err, tc.field)
			}
			wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepValidate: F, lifecycle.StepFindUser: NR, lifecycle.StepCreateUser: NR})
		})
	}
	if n := len(e.srv.Requests()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

// stepOps are the fake's operations behind the steps after the create.
var stepOps = []struct {
	step lifecycle.StepName
	op   string
}{
	{lifecycle.StepAssignNumber, "numbers.assign_user_number.post"},
	{lifecycle.StepSetCallerID, "caller_id.users.post"},
	{lifecycle.StepSetE911, "users.e911.update"},
	{lifecycle.StepJoinCoachingTeam, "coaching_team.members.add"},
	{lifecycle.StepSetDoNotDisturb, "users.toggle_dnd"},
}

// TestOnboardFailingStep fails each step after the create in turn, with
// and without rollback, with a 503 (which the SDK never retries for a POST
// or PATCH, and gives up on for the PUT after its retries).
func TestOnboardFailingStep(t *testing.T) {
	t.Parallel()
	order := []lifecycle.StepName{lifecycle.StepCreateUser}
	for _, so := range stepOps {
		order = append(order, so.step)
	}
	for i, so := range stepOps {
		for _, rollback := range []bool{false, true} {
			name := string(so.step)
			if rollback {
				name += "/rollback"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				e := setup(t, 2, 6)
				seats := e.freeSeats(t)
				must(t, e.srv.FailNext(so.op, 10, http.StatusServiceUnavailable))
				req := e.fullRequest("half@example.com")
				req.Rollback = rollback
				r, err := lifecycle.Onboard(t.Context(), e.c, req)
				var se *lifecycle.StepError
				if !errors.As(err, &se) || se.Step != so.step {
					t.Fatalf("err = %v, want a *StepError for %s", err, so.step)
				}
				var apiErr *dialpad.APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
					t.Errorf("err = %v, want it to wrap the 503 *dialpad.APIError", err)
				}
				want := map[lifecycle.StepName]lifecycle.StepStatus{}
				for j, name := range order {
					switch {
					case j < i+1:
						want[name] = D
					case j == i+1:
						want[name] = F
					default:
						want[name] = NR
					}
				}
				wantStatuses(t, r, want)
				if n := countOp(e.srv.Requests(), so.op); so.op != "users.e911.update" && n != 1 {
					t.Errorf("%s sent %d times, want once (never resent)", so.op, n)
				}
				if sum := r.Summary(); !strings.Contains(sum, "FAILED at "+string(so.step)) ||
					strings.Contains(sum, "not done:") != (i < len(stepOps)-1) {
					t.Errorf("Summary() = %q", r.Summary())
				}
				must(t, e.srv.FailNext(so.op, 0, http.StatusServiceUnavailable))

				if rollback {
					if !r.RolledBack || len(r.Exists) != 0 {
						t.Errorf("RolledBack %v, Exists %v; want a complete rollback\n%s", r.RolledBack, r.Exists, r)
					}
					wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepDeleteUser: D})
					if u := e.user(t, r); u.State != "deleted" {
						t.Errorf("user state %s, want deleted", u.State)
					}
					if got := e.freeSeats(t); got != seats {
						t.Errorf("free seats %d, want %d (all freed)", got, seats)
					}
					if got := e.assigned(); len(got) != 0 {
						t.Errorf("numbers still assigned: %v", got)
					}
					if got := e.liveUsers(t); len(got) != 0 {
						t.Errorf("users left: %v", got)
					}
					return
				}

				// Without rollback the user stays, and the report says what it has.
				u := e.user(t, r)
				wantExists := []lifecycle.Resource{{Kind: lifecycle.ResourceUser, ID: r.UserID.String()}}
				for _, n := range u.PhoneNumbers {
					wantExists = append(wantExists, lifecycle.Resource{Kind: lifecycle.ResourceNumber, ID: n})
				}
				if so.step == lifecycle.StepSetDoNotDisturb {
					wantExists = append(wantExists, lifecycle.Resource{Kind: lifecycle.ResourceCoachingMembership, ID: strconv.FormatInt(e.team, 10)})
				}
				if !slices.Equal(r.Exists, wantExists) {
					t.Errorf("Exists = %v, want %v", r.Exists, wantExists)
				}
				if got := e.freeSeats(t); got != seats-1 {
					t.Errorf("free seats %d, want %d", got, seats-1)
				}
				// Running again adopts the user and does only what is missing.
				r2, err := lifecycle.Onboard(t.Context(), e.c, req)
				if err != nil {
					t.Fatalf("second run: %v\n%s", err, r2)
				}
				if r2.UserID != r.UserID {
					t.Errorf("second run user %s, want %s", r2.UserID, r.UserID)
				}
				want = map[lifecycle.StepName]lifecycle.StepStatus{}
				for j, name := range order {
					if j < i+1 {
						want[name] = S
					} else {
						want[name] = D
					}
				}
				wantStatuses(t, r2, want)
				if got := e.freeSeats(t); got != seats-1 {
					t.Errorf("after the second run: free seats %d, want %d", got, seats-1)
				}
				if u := e.user(t, r2); len(u.PhoneNumbers) != 1 || u.CallerID != mainLine || !u.DoNotDisturb {
					t.Errorf("after the second run: numbers %v, caller id %q, dnd %v", u.PhoneNumbers, u.CallerID, u.DoNotDisturb)
				}
			})
		}
	}
}

func countOp(reqs []dialpadtest.Request, op string) int {
	n := 0
	for _, r := range reqs {
		if r.Operation == op {
			n++
		}
	}
	return n
}

func TestOnboardTwiceIsNoop(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	req := e.fullRequest("twice@example.com")
	r1, err := lifecycle.Onboard(t.Context(), e.c, req)
	if err != nil {
		t.Fatalf("first run: %v\n%s", err, r1)
	}
	e.srv.ClearRequests()
	r2, err := lifecycle.Onboard(t.Context(), e.c, req)
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, r2)
	}
	if !r2.NothingToDo() || r2.Changed() || r2.UserID != r1.UserID {
		t.Errorf("second run: NothingToDo %v Changed %v user %s (first %s)\n%s", r2.NothingToDo(), r2.Changed(), r2.UserID, r1.UserID, r2)
	}
	if n := writes(e.srv.Requests()); n != 0 {
		t.Errorf("second run sent %d writes, want none", n)
	}
	if !strings.Contains(r2.Summary(), "nothing to do") {
		t.Errorf("Summary() = %q", r2.Summary())
	}
}

func TestOnboardExistingUser(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	other, err := e.srv.AddOffice(dialpadtest.Office{Name: "Elsewhere", Seats: map[string]int{"talk": 1}})
	must(t, err)
	_, err = e.srv.AddUser(dialpadtest.User{OfficeID: e.office, Emails: []string{"sus@example.com"}, State: "suspended"})
	must(t, err)
	_, err = e.srv.AddUser(dialpadtest.User{OfficeID: other, Emails: []string{"away@example.com"}})
	must(t, err)
	for _, email := range []string{"sus@example.com", "AWAY@example.com"} {
		e.srv.ClearRequests()
		r, err := lifecycle.Onboard(t.Context(), e.c, lifecycle.OnboardRequest{Email: email, OfficeID: dialpad.ID(e.office), Rollback: true})
		if !errors.Is(err, lifecycle.ErrUserExists) {
			t.Errorf("%s: err = %v, want ErrUserExists", email, err)
		}
		if r.UserID != 0 || r.RolledBack || len(r.Exists) != 0 {
			t.Errorf("%s: UserID %q RolledBack %v Exists %v; an existing user is not this run's", email, r.UserID, r.RolledBack, r.Exists)
		}
		if n := writes(e.srv.Requests()); n != 0 {
			t.Errorf("%s: %d writes sent, want none", email, n)
		}
	}
}

// loseAnswer forwards every request, but for the first one matching
// method and path it throws the answer away and reports a broken
// connection: the server acted, the client cannot know.
type loseAnswer struct {
	method, path string
	lost         atomic.Bool
}

func (l *loseAnswer) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && r.Method == l.method && r.URL.Path == l.path && l.lost.CompareAndSwap(false, true) {
		resp.Body.Close()
		return nil, errors.New("connection reset by peer (test)")
	}
	return resp, err
}

func TestOnboardCreateAnswerLost(t *testing.T) {
	t.Parallel()
	for _, rollback := range []bool{false, true} {
		t.Run(map[bool]string{false: "keep", true: "rollback"}[rollback], func(t *testing.T) {
			t.Parallel()
			e := setup(t, 2, 4)
			seats := e.freeSeats(t)
			c, err := dialpad.NewClient(e.srv.APIKey, dialpad.WithBaseURL(e.srv.URL),
				dialpad.WithHTTPClient(&http.Client{Transport: &loseAnswer{method: http.MethodPost, path: "/api/v2/users"}}),
				dialpad.WithRateLimit(5000, 100), dialpad.WithRetryWait(time.Millisecond, 10*time.Millisecond))
			must(t, err)
			req := e.fullRequest("lost@example.com")
			req.Rollback = rollback
			r, err := lifecycle.Onboard(t.Context(), c, req)
			if err == nil {
				t.Fatalf("Onboard succeeded; want the create to fail\n%s", r)
			}
			s, _ := r.Step(lifecycle.StepCreateUser)
			if s.Status != F || r.UserID == 0 || s.ID != r.UserID.String() || !strings.Contains(s.Detail, "exists") {
				t.Errorf("create step %+v, user %q: want failed, naming the user that exists", s, r.UserID)
			}
			if n := countOp(e.srv.Requests(), "users.create"); n != 1 {
				t.Errorf("users.create sent %d times, want once", n)
			}
			if rollback {
				if e.user(t, r).State != "deleted" || e.freeSeats(t) != seats || len(e.assigned()) != 0 || len(r.Exists) != 0 {
					t.Errorf("after rollback: state %s, seats %d (want %d), assigned %v, Exists %v",
						e.user(t, r).State, e.freeSeats(t), seats, e.assigned(), r.Exists)
				}
				return
			}
			if len(r.Exists) == 0 || r.Exists[0] != (lifecycle.Resource{Kind: lifecycle.ResourceUser, ID: r.UserID.String()}) {
				t.Errorf("Exists = %v, want the user first", r.Exists)
			}
			// The next run adopts the user instead of creating a second one.
			r2, err := lifecycle.Onboard(t.Context(), e.c, req)
			if err != nil || r2.UserID != r.UserID {
				t.Errorf("second run: user %s (want %s), err %v\n%s", r2.UserID, r.UserID, err, r2)
			}
		})
	}
}

func TestOnboardRollbackCannotUnassign(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	must(t, e.srv.FailNext("users.e911.update", 10, http.StatusBadRequest))
	must(t, e.srv.FailNext("numbers.user_unassign_number.post", 1, http.StatusServiceUnavailable))
	req := e.fullRequest("stuck@example.com")
	req.Rollback = true
	r, err := lifecycle.Onboard(t.Context(), e.c, req)
	if !errors.Is(err, dialpad.ErrBadRequest) {
		t.Fatalf("err = %v, want the E911 400 first", err)
	}
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{
		lifecycle.StepSetE911: F, lifecycle.StepUnassignNumber: F, lifecycle.StepDeleteUser: NR,
	})
	u := e.user(t, r)
	want := []lifecycle.Resource{{Kind: lifecycle.ResourceUser, ID: r.UserID.String()}, {Kind: lifecycle.ResourceNumber, ID: u.PhoneNumbers[0]}}
	if u.State != "active" || !slices.Equal(r.Exists, want) {
		t.Errorf("user %s with %v; Exists = %v, want %v", u.State, u.PhoneNumbers, r.Exists, want)
	}
	if msg := err.Error(); !strings.Contains(msg, "set_e911") || !strings.Contains(msg, "unassign_number") {
		t.Errorf("err = %q, want both failures", msg)
	}
}

// TestOnboardRollbackAfterCancel cancels the run while a step is in
// flight: the rollback still runs.
func TestOnboardRollbackAfterCancel(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	seats := e.freeSeats(t)
	must(t, e.srv.SetLatency("users.e911.update", time.Minute)) // Close cuts it short
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	req := e.fullRequest("gone@example.com")
	req.Rollback = true
	r, err := lifecycle.Onboard(ctx, e.c, req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the context's deadline", err)
	}
	if !r.RolledBack || e.user(t, r).State != "deleted" || e.freeSeats(t) != seats || len(e.assigned()) != 0 {
		t.Errorf("RolledBack %v, state %s, seats %d (want %d), assigned %v\n%s",
			r.RolledBack, e.user(t, r).State, e.freeSeats(t), seats, e.assigned(), r)
	}
}

func TestOnboardRequestBody(t *testing.T) {
	t.Parallel()
	e := setup(t, 1, 2)
	req := lifecycle.OnboardRequest{Email: "body@example.com", FirstName: "Bo", OfficeID: dialpad.ID(e.office), License: dialpad.LicenseAgents}
	if r, err := lifecycle.Onboard(t.Context(), e.c, req); err != nil {
		t.Fatalf("Onboard: %v\n%s", err, r)
	}
	for _, q := range e.srv.Requests() {
		if q.Operation != "users.create" {
			continue
		}
		var got map[string]any
		must(t, json.Unmarshal(q.Body, &got))
		if got["email"] != "body@example.com" || got["first_name"] != "Bo" || got["license"] != "agents" ||
			got["auto_assign"] != true || got["last_name"] != nil {
			t.Errorf("create body %s", q.Body)
		}
	}
}

func TestOnboardLookupFails(t *testing.T) {
	t.Parallel()
	e := setup(t, 1, 2)
	must(t, e.srv.FailNext("users.list", 10, http.StatusBadGateway))
	r, err := lifecycle.Onboard(t.Context(), e.c, lifecycle.OnboardRequest{Email: "n@example.com", OfficeID: dialpad.ID(e.office), Rollback: true})
	var apiErr *dialpad.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadGateway {
		t.Fatalf("err = %v, want the 502", err)
	}
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepFindUser: F, lifecycle.StepCreateUser: NR, lifecycle.StepAssignNumber: NR})
	if n := writes(e.srv.Requests()); n != 0 || r.RolledBack {
		t.Errorf("%d writes, RolledBack %v; want nothing done", n, r.RolledBack)
	}
}

func TestNilClient(t *testing.T) {
	t.Parallel()
	if _, err := lifecycle.Onboard(t.Context(), nil, lifecycle.OnboardRequest{Email: "n@example.com", OfficeID: 1}); err == nil {
		t.Error("Onboard with a nil client succeeded")
	}
	if _, err := lifecycle.Offboard(t.Context(), nil, "n@example.com", lifecycle.OffboardOptions{}); err == nil {
		t.Error("Offboard with a nil client succeeded")
	}
}
