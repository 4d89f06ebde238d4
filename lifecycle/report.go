package lifecycle

import (
	"errors"
	"fmt"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// StepName names one step of a workflow.
type StepName string

// The steps of Onboard, in the order they run. Rollback adds
// StepUnassignNumber and StepDeleteUser steps at the end.
const (
	// StepValidate checks the request before anything is sent.
	StepValidate StepName = "validate"
	// StepCheckOffice runs OnboardRequest.OfficeCheck.
	StepCheckOffice StepName = "check_office"
	// StepFindUser looks the user up by email (Onboard: to adopt one an
	// earlier run created) or by email or id (Offboard).
	StepFindUser StepName = "find_user"
	// StepCreateUser creates the user, which takes a license seat.
	StepCreateUser StepName = "create_user"
	// StepAssignNumber gives the user a phone number.
	StepAssignNumber StepName = "assign_number"
	// StepSetCallerID sets the user's outbound caller id.
	StepSetCallerID StepName = "set_caller_id"
	// StepSetE911 sets the user's emergency address.
	StepSetE911 StepName = "set_e911"
	// StepJoinCoachingTeam adds the user to a coaching team.
	StepJoinCoachingTeam StepName = "join_coaching_team"
	// StepSetDoNotDisturb turns do-not-disturb on or off.
	StepSetDoNotDisturb StepName = "set_do_not_disturb"
)

// The steps of Offboard, after StepFindUser.
const (
	// StepListDeskPhones reads the user's desk phones before a delete.
	StepListDeskPhones StepName = "list_desk_phones"
	// StepUnassignNumber takes one number away from the user (one step per
	// number; Step.ID is the number).
	StepUnassignNumber StepName = "unassign_number"
	// StepDeleteDeskPhone deletes one desk phone (Step.ID is its id).
	StepDeleteDeskPhone StepName = "delete_desk_phone"
	// StepSuspendUser sets the user's state to suspended.
	StepSuspendUser StepName = "suspend_user"
	// StepDeleteUser deletes the user, freeing its license seat.
	StepDeleteUser StepName = "delete_user"
)

// readOnly lists the steps that only read, so that a Done among them does
// not count as a change.
var readOnly = map[StepName]bool{
	StepValidate:       true,
	StepCheckOffice:    true,
	StepFindUser:       true,
	StepListDeskPhones: true,
}

// StepStatus is what became of a step.
type StepStatus string

// Step statuses.
const (
	// StatusDone: the step ran and succeeded.
	StatusDone StepStatus = "done"
	// StatusSkipped: nothing needed doing (not requested, or already so).
	StatusSkipped StepStatus = "skipped"
	// StatusFailed: the step ran and failed; Step.Err says why.
	StatusFailed StepStatus = "failed"
	// StatusNotRun: the step was needed but not attempted because an
	// earlier step failed.
	StatusNotRun StepStatus = "not_run"
	// StatusPlanned: a dry run would do this step.
	StatusPlanned StepStatus = "planned"
)

// Step is one step of a run and its outcome.
type Step struct {
	Name   StepName
	Status StepStatus
	// ID is what the step acted on or produced: a user id, an E.164
	// number, a desk phone id, a coaching team id. Empty when none.
	ID string
	// Detail is a short human-readable note ("already suspended",
	// "auto-assigned at create").
	Detail string
	// Err is set when Status is StatusFailed. It is or wraps the SDK's
	// error, so errors.Is(step.Err, dialpad.ErrNotFound) works.
	Err error
}

// Operation says which workflow produced a Report.
type Operation string

// Operations.
const (
	OpOnboard  Operation = "onboard"
	OpOffboard Operation = "offboard"
)

// ResourceKind is a kind of thing a run leaves in Dialpad.
type ResourceKind string

// Resource kinds reported in Report.Exists.
const (
	// ResourceUser is a user; while it exists it holds a license seat.
	ResourceUser ResourceKind = "user"
	// ResourceNumber is a phone number assigned to the user.
	ResourceNumber ResourceKind = "number"
	// ResourceCoachingMembership is the user's place in a coaching team
	// (the ID is the team's).
	ResourceCoachingMembership ResourceKind = "coaching_membership"
)

// Resource is one thing that exists in Dialpad because of an onboarding.
type Resource struct {
	Kind ResourceKind
	ID   string
}

// Report is the outcome of one Onboard or Offboard run.
type Report struct {
	Op Operation
	// Who is the employee as given: the email (Onboard) or the email or id
	// (Offboard).
	Who string
	// Line is the CSV line the request came from, zero otherwise.
	Line int
	// UserID is the Dialpad id of the user created, adopted or found;
	// empty when there is none.
	UserID dialpad.ID
	// DryRun is true when nothing was changed on purpose: steps that would
	// run are StatusPlanned.
	DryRun bool
	// RolledBack is true when Onboard undid its work after a failed step
	// (see the StepUnassignNumber and StepDeleteUser steps at the end).
	RolledBack bool
	// Exists lists, for Onboard, what the user now has in Dialpad as far as
	// the run knows it: the user (holding a seat), its numbers and the
	// coaching membership it was given. Empty after a complete rollback or
	// when nothing was created. Offboard leaves it empty.
	Exists []Resource
	// Steps are the steps in the order they ran (or would run).
	Steps []Step
}

// StepError is a failed step, as returned by Report.Err. It unwraps to the
// step's error.
type StepError struct {
	Op   Operation
	Who  string
	Line int
	Step StepName
	// ID is the failed step's Step.ID.
	ID  string
	Err error
}

// Error returns "onboard ada@example.com (line 3): assign_number +1415...: <cause>".
func (e *StepError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", e.Op, e.Who)
	if e.Line > 0 {
		fmt.Fprintf(&b, " (line %d)", e.Line)
	}
	fmt.Fprintf(&b, ": %s", e.Step)
	if e.ID != "" {
		fmt.Fprintf(&b, " %s", e.ID)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

// Unwrap returns the step's error.
func (e *StepError) Unwrap() error { return e.Err }

// Err returns nil when no step failed. Otherwise it returns a *StepError
// for the failed step, or the errors.Join of one per failed step when
// several failed (a rollback that also failed, for example). The first
// failure comes first.
func (r *Report) Err() error {
	var errs []error
	for _, s := range r.Steps {
		if s.Status == StatusFailed {
			errs = append(errs, &StepError{Op: r.Op, Who: r.Who, Line: r.Line, Step: s.Name, ID: s.ID, Err: s.Err})
		}
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// Changed reports whether the run changed anything in Dialpad: some step
// that writes is done.
func (r *Report) Changed() bool {
	for _, s := range r.Steps {
		if s.Status == StatusDone && !readOnly[s.Name] {
			return true
		}
	}
	return false
}

// NothingToDo reports whether the run found everything already as wanted:
// no step changed anything, failed, was left undone or is planned. A second
// Offboard of the same user reports true.
func (r *Report) NothingToDo() bool {
	for _, s := range r.Steps {
		switch {
		case s.Status == StatusFailed, s.Status == StatusNotRun, s.Status == StatusPlanned:
			return false
		case s.Status == StatusDone && !readOnly[s.Name]:
			return false
		}
	}
	return true
}

// Step returns the first step named name, and whether there is one.
func (r *Report) Step(name StepName) (Step, bool) {
	for _, s := range r.Steps {
		if s.Name == name {
			return s, true
		}
	}
	return Step{}, false
}

// Summary returns the report in one line, such as
// "onboard ada@example.com: ok, user 42; exists: user 42, number +14155550100".
func (r *Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", r.Op, r.Who)
	if r.Line > 0 {
		fmt.Fprintf(&b, " (line %d)", r.Line)
	}
	b.WriteString(": ")
	var failed []string
	for _, s := range r.Steps {
		if s.Status == StatusFailed {
			failed = append(failed, string(s.Name))
		}
	}
	switch {
	case len(failed) > 0:
		fmt.Fprintf(&b, "FAILED at %s", strings.Join(failed, ", "))
	case r.DryRun && r.NothingToDo():
		b.WriteString("dry run, nothing to do")
	case r.DryRun:
		b.WriteString("dry run")
	case r.NothingToDo():
		b.WriteString("nothing to do")
	default:
		b.WriteString("ok")
	}
	if r.UserID != 0 {
		fmt.Fprintf(&b, ", user %s", r.UserID)
	}
	if r.RolledBack {
		b.WriteString(", rolled back")
	}
	if r.Op == OpOnboard && (len(failed) > 0 || len(r.Exists) > 0) {
		b.WriteString("; exists: ")
		if len(r.Exists) == 0 {
			b.WriteString("nothing")
		}
		for i, x := range r.Exists {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %s", x.Kind, x.ID)
		}
	}
	if notRun := r.stepsWith(StatusNotRun); len(notRun) > 0 {
		fmt.Fprintf(&b, "; not done: %s", strings.Join(notRun, ", "))
	}
	return b.String()
}

// stepsWith returns the names of the steps with status st.
func (r *Report) stepsWith(st StepStatus) []string {
	var names []string
	for _, s := range r.Steps {
		if s.Status == st {
			names = append(names, string(s.Name))
		}
	}
	return names
}

// String returns the Summary and then one indented line per step.
func (r *Report) String() string {
	var b strings.Builder
	b.WriteString(r.Summary())
	for _, s := range r.Steps {
		line := fmt.Sprintf("  %-20s %-8s", s.Name, s.Status)
		if s.ID != "" {
			line += " " + s.ID
		}
		if s.Detail != "" {
			line += " (" + s.Detail + ")"
		}
		line = strings.TrimRight(line, " ")
		if s.Err != nil {
			line += ": " + s.Err.Error()
		}
		b.WriteString("\n" + line)
	}
	return b.String()
}

// add appends a step and returns its index, for later updates.
func (r *Report) add(s Step) int {
	r.Steps = append(r.Steps, s)
	return len(r.Steps) - 1
}
