package lifecycle_test

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

// leaver adds a user with two numbers and two desk phones.
func (e *env) leaver(t *testing.T, email string) (id int64, numbers, phones []string) {
	t.Helper()
	numbers = []string{e.numbers[0], e.numbers[1]}
	id, err := e.srv.AddUser(dialpadtest.User{OfficeID: e.office, Emails: []string{email}, FirstName: "Lee", LastName: "Ver",
		PhoneNumbers: numbers})
	must(t, err)
	for _, name := range []string{"Desk", "Lobby"} {
		p, err := e.srv.AddDeskPhone(dialpadtest.DeskPhone{UserID: id, Name: name})
		must(t, err)
		phones = append(phones, p)
	}
	return id, numbers, phones
}

func TestOffboardSuspendTwice(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	id, numbers, _ := e.leaver(t, "lee@example.com")
	seats := e.freeSeats(t)
	r, err := lifecycle.Offboard(t.Context(), e.c, "lee@example.com", lifecycle.OffboardOptions{})
	if err != nil {
		t.Fatalf("Offboard: %v\n%s", err, r)
	}
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepFindUser: D, lifecycle.StepSuspendUser: D})
	if r.UserID != dialpad.ID(id) || !r.Changed() {
		t.Errorf("UserID %s Changed %v", r.UserID, r.Changed())
	}
	u, _ := e.srv.User(id)
	if u.State != "suspended" || !slices.Equal(u.PhoneNumbers, numbers) || e.freeSeats(t) != seats {
		t.Errorf("state %s, numbers %v, seats %d: a suspended user keeps its numbers and seat", u.State, u.PhoneNumbers, e.freeSeats(t))
	}

	for _, who := range []string{"lee@example.com", strconv.FormatInt(id, 10)} {
		e.srv.ClearRequests()
		r, err := lifecycle.Offboard(t.Context(), e.c, who, lifecycle.OffboardOptions{})
		if err != nil || !r.NothingToDo() {
			t.Errorf("again (%s): err %v, NothingToDo %v\n%s", who, err, r.NothingToDo(), r)
		}
		if s, _ := r.Step(lifecycle.StepSuspendUser); s.Status != S || s.Detail != "already suspended" {
			t.Errorf("again (%s): suspend step %+v", who, s)
		}
		if n := writes(e.srv.Requests()); n != 0 {
			t.Errorf("again (%s): %d writes, want none", who, n)
		}
	}
}

func TestOffboardDeleteTwice(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	id, numbers, phones := e.leaver(t, "lee@example.com")
	seats := e.freeSeats(t)
	r, err := lifecycle.Offboard(t.Context(), e.c, "lee@example.com", lifecycle.OffboardOptions{Delete: true})
	if err != nil {
		t.Fatalf("Offboard: %v\n%s", err, r)
	}
	var got []lifecycle.Step
	for _, s := range r.Steps {
		got = append(got, lifecycle.Step{Name: s.Name, Status: s.Status, ID: s.ID})
	}
	uid := strconv.FormatInt(id, 10)
	want := []lifecycle.Step{
		{Name: lifecycle.StepFindUser, Status: D, ID: uid},
		{Name: lifecycle.StepListDeskPhones, Status: D, ID: uid},
		{Name: lifecycle.StepUnassignNumber, Status: D, ID: numbers[0]},
		{Name: lifecycle.StepUnassignNumber, Status: D, ID: numbers[1]},
		{Name: lifecycle.StepDeleteDeskPhone, Status: D, ID: min(phones[0], phones[1])},
		{Name: lifecycle.StepDeleteDeskPhone, Status: D, ID: max(phones[0], phones[1])},
		{Name: lifecycle.StepDeleteUser, Status: D, ID: uid},
	}
	if !slices.Equal(got, want) {
		t.Errorf("steps\n got %v\nwant %v", got, want)
	}
	// The numbers and phones went first, the user last.
	var ops []string
	for _, q := range e.srv.Requests() {
		if q.Method != http.MethodGet {
			ops = append(ops, q.Operation)
		}
	}
	wantOps := []string{"numbers.user_unassign_number.post", "numbers.user_unassign_number.post",
		"deskphones.users.delete", "deskphones.users.delete", "users.delete"}
	if !slices.Equal(ops, wantOps) {
		t.Errorf("writes %v, want %v", ops, wantOps)
	}
	u, _ := e.srv.User(id)
	if u.State != "deleted" || e.freeSeats(t) != seats+1 || len(e.assigned()) != 0 {
		t.Errorf("state %s, seats %d (want %d), assigned %v", u.State, e.freeSeats(t), seats+1, e.assigned())
	}

	for _, who := range []string{"lee@example.com", uid} {
		e.srv.ClearRequests()
		r, err := lifecycle.Offboard(t.Context(), e.c, who, lifecycle.OffboardOptions{Delete: true})
		if err != nil || !r.NothingToDo() || r.Changed() {
			t.Errorf("again (%s): err %v, NothingToDo %v\n%s", who, err, r.NothingToDo(), r)
		}
		if n := writes(e.srv.Requests()); n != 0 {
			t.Errorf("again (%s): %d writes, want none", who, n)
		}
	}
	// Dialpad strips a deleted user's emails: by email the user is gone.
	r, _ = lifecycle.Offboard(t.Context(), e.c, "lee@example.com", lifecycle.OffboardOptions{Delete: true})
	if s, _ := r.Step(lifecycle.StepFindUser); s.Status != S || r.UserID != 0 {
		t.Errorf("by email after delete: find step %+v, UserID %q", s, r.UserID)
	}
	// By id it is found, deleted.
	r, _ = lifecycle.Offboard(t.Context(), e.c, uid, lifecycle.OffboardOptions{})
	if s, _ := r.Step(lifecycle.StepSuspendUser); s.Status != S || s.Detail != "already deleted" || r.UserID.String() != uid {
		t.Errorf("suspend by id after delete: %+v", s)
	}
}

func TestOffboardDryRun(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	id, numbers, phones := e.leaver(t, "lee@example.com")
	for _, del := range []bool{false, true} {
		e.srv.ClearRequests()
		r, err := lifecycle.Offboard(t.Context(), e.c, "lee@example.com", lifecycle.OffboardOptions{Delete: del, DryRun: true})
		if err != nil {
			t.Fatalf("dry run (delete %v): %v", del, err)
		}
		if n := writes(e.srv.Requests()); n != 0 {
			t.Errorf("dry run (delete %v) sent %d writes", del, n)
		}
		if !r.DryRun || r.Changed() || r.NothingToDo() {
			t.Errorf("DryRun %v Changed %v NothingToDo %v", r.DryRun, r.Changed(), r.NothingToDo())
		}
		var planned []string
		for _, s := range r.Steps {
			if s.Status == P {
				planned = append(planned, string(s.Name)+" "+s.ID)
			}
		}
		uid := strconv.FormatInt(id, 10)
		want := []string{"suspend_user " + uid}
		if del {
			want = []string{"unassign_number " + numbers[0], "unassign_number " + numbers[1],
				"delete_desk_phone " + min(phones[0], phones[1]), "delete_desk_phone " + max(phones[0], phones[1]),
				"delete_user " + uid}
		}
		if !slices.Equal(planned, want) {
			t.Errorf("plan (delete %v)\n got %v\nwant %v", del, planned, want)
		}
	}
	if u, _ := e.srv.User(id); u.State != "active" || len(u.PhoneNumbers) != 2 {
		t.Errorf("after dry runs: state %s, numbers %v", u.State, u.PhoneNumbers)
	}
}

func TestOffboardDeleteSuspended(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	id, err := e.srv.AddUser(dialpadtest.User{OfficeID: e.office, Emails: []string{"old@example.com"}, State: "suspended",
		PhoneNumbers: []string{e.numbers[2]}})
	must(t, err)
	r, err := lifecycle.Offboard(t.Context(), e.c, "old@example.com", lifecycle.OffboardOptions{Delete: true})
	if err != nil {
		t.Fatalf("Offboard: %v\n%s", err, r)
	}
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepUnassignNumber: D, lifecycle.StepDeleteUser: D})
	if u, _ := e.srv.User(id); u.State != "deleted" {
		t.Errorf("state %s", u.State)
	}
}

// TestOffboardCleanupFails: a desk phone that cannot be deleted keeps the
// user; the numbers are released all the same, and a second run finishes.
func TestOffboardCleanupFails(t *testing.T) {
	t.Parallel()
	e := setup(t, 2, 4)
	id, _, _ := e.leaver(t, "lee@example.com")
	must(t, e.srv.FailNext("deskphones.users.delete", 1, http.StatusForbidden))
	r, err := lifecycle.Offboard(t.Context(), e.c, "lee@example.com", lifecycle.OffboardOptions{Delete: true})
	if !errors.Is(err, dialpad.ErrForbidden) {
		t.Fatalf("err = %v, want ErrForbidden", err)
	}
	var st []lifecycle.StepStatus
	for _, s := range r.Steps {
		st = append(st, s.Status)
	}
	if want := []lifecycle.StepStatus{D, D, D, D, F, D, NR}; !slices.Equal(st, want) {
		t.Errorf("statuses %v, want %v\n%s", st, want, r)
	}
	u, _ := e.srv.User(id)
	if u.State != "active" || len(u.PhoneNumbers) != 0 {
		t.Errorf("state %s numbers %v: want active, numbers gone", u.State, u.PhoneNumbers)
	}
	r, err = lifecycle.Offboard(t.Context(), e.c, "lee@example.com", lifecycle.OffboardOptions{Delete: true})
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, r)
	}
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepDeleteDeskPhone: D, lifecycle.StepDeleteUser: D})
	if _, ok := r.Step(lifecycle.StepUnassignNumber); ok {
		t.Errorf("second run unassigned numbers again\n%s", r)
	}
}

func TestOffboardNotFound(t *testing.T) {
	t.Parallel()
	e := setup(t, 1, 2)
	r, err := lifecycle.Offboard(t.Context(), e.c, "123456", lifecycle.OffboardOptions{Delete: true})
	if !errors.Is(err, dialpad.ErrNotFound) {
		t.Errorf("unknown id: err = %v, want ErrNotFound", err)
	}
	wantStatuses(t, r, map[lifecycle.StepName]lifecycle.StepStatus{lifecycle.StepFindUser: F, lifecycle.StepDeleteUser: NR})

	r, err = lifecycle.Offboard(t.Context(), e.c, "nobody@example.com", lifecycle.OffboardOptions{})
	if err != nil || !r.NothingToDo() || r.UserID != 0 {
		t.Errorf("unknown email: err %v NothingToDo %v UserID %q", err, r.NothingToDo(), r.UserID)
	}

	for _, who := range []string{"", "bob", "../users", "a b@example.com"} {
		_, err := lifecycle.Offboard(t.Context(), e.c, who, lifecycle.OffboardOptions{})
		var ve *dialpad.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("Offboard(%q): err = %v, want a *dialpad.ValidationError", who, err)
		}
	}
}
