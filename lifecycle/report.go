package lifecycle

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// StepName names one step of a workflow.
type StepName string

// The steps of Onboard, in the order they run. The first five only read;
// StepCheckSeats is the last before anything is changed. Rollback adds
// StepLeaveCallCenter, StepLeaveDepartment, StepUnassignNumber and
// StepDeleteUser steps at the end.
const (
	// StepValidate checks the request before anything is sent.
	StepValidate StepName = "validate"
	// StepResolveOffice finds the office by name or id among the
	// company's offices (listed once per run); Step.ID is its id.
	StepResolveOffice StepName = "resolve_office"
	// StepResolveGroups finds the call centers and departments to join by
	// name (each kind listed once per run).
	StepResolveGroups StepName = "resolve_groups"
	// StepFindUser looks the user up by email (Onboard: to adopt one an
	// earlier run created) or by email or id (Offboard).
	StepFindUser StepName = "find_user"
	// StepCheckSeats is the seat pre-flight: done when a seat of the
	// license is free for this user, skipped when none is needed (an
	// adopted user, or a license Dialpad gives no free count for) or when
	// BulkOptions.FitSeats left this user out, failed when the run was
	// refused (see SeatError).
	StepCheckSeats StepName = "check_seats"
	// StepCreateUser creates the user, which takes a license seat.
	StepCreateUser StepName = "create_user"
	// StepAssignNumber gives the user a phone number.
	StepAssignNumber StepName = "assign_number"
	// StepJoinCallCenter makes the user an operator of one call center
	// (one step per call center; Step.ID is its id).
	StepJoinCallCenter StepName = "join_call_center"
	// StepJoinDepartment makes the user an operator of one department (one
	// step per department; Step.ID is its id).
	StepJoinDepartment StepName = "join_department"
	// StepSetCallerID sets the user's outbound caller id.
	StepSetCallerID StepName = "set_caller_id"
	// StepSetE911 sets the user's emergency address.
	StepSetE911 StepName = "set_e911"
	// StepJoinCoachingTeam adds the user to a coaching team.
	StepJoinCoachingTeam StepName = "join_coaching_team"
	// StepSetDoNotDisturb turns do-not-disturb on or off.
	StepSetDoNotDisturb StepName = "set_do_not_disturb"
)

// The steps of Offboard, after StepFindUser, in the order they run.
const (
	// StepLeaveCallCenter takes the user off a call center's operators
	// (one step per call center; Step.ID is its id).
	StepLeaveCallCenter StepName = "leave_call_center"
	// StepLeaveDepartment takes the user off a department's operators
	// (one step per department; Step.ID is its id).
	StepLeaveDepartment StepName = "leave_department"
	// StepLeaveOffice takes the user off the operators of an office's main
	// line (Step.ID is the office's id); the user stays in the office.
	StepLeaveOffice StepName = "leave_office"
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
	StepResolveOffice:  true,
	StepResolveGroups:  true,
	StepFindUser:       true,
	StepCheckSeats:     true,
	StepListDeskPhones: true,
}

// StepStatus is what became of a step.
type StepStatus string

// Step statuses.
const (
	// StatusDone: the step ran and succeeded.
	StatusDone StepStatus = "done"
	// StatusSkipped: nothing needed doing (not requested, or already so:
	// a removal Dialpad answers 404 is skipped as "already gone"), or a
	// FitSeats run left the employee out for want of a seat.
	StatusSkipped StepStatus = "skipped"
	// StatusFailed: the step ran and failed; Step.Err says why.
	StatusFailed StepStatus = "failed"
	// StatusNotRun: the step was needed but not attempted because an
	// earlier step failed or the employee was left out for want of a seat.
	StatusNotRun StepStatus = "not_run"
	// StatusPlanned: a dry run would do this step.
	StatusPlanned StepStatus = "planned"
)

// Step is one step of a run and its outcome.
type Step struct {
	// Name says which step this is.
	Name StepName
	// Status is what became of the step: done, skipped, failed, not run
	// or planned.
	Status StepStatus
	// ID is what the step acted on or produced: a user id, an E.164
	// number, a desk phone id, an office, call center, department or
	// coaching team id. Empty when none.
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
	// ResourceCallCenterMembership is the user's place on a call center's
	// operators (the ID is the call center's).
	ResourceCallCenterMembership ResourceKind = "call_center_membership"
	// ResourceDepartmentMembership is the user's place on a department's
	// operators (the ID is the department's).
	ResourceDepartmentMembership ResourceKind = "department_membership"
	// ResourceCoachingMembership is the user's place in a coaching team
	// (the ID is the team's).
	ResourceCoachingMembership ResourceKind = "coaching_membership"
)

// Resource is one thing that exists in Dialpad because of an onboarding.
type Resource struct {
	// Kind is what the resource is: a user, a number or a membership.
	Kind ResourceKind
	// ID names it: the user's id, the E.164 number, or the id of the call
	// center, department or coaching team of a membership.
	ID string
}

// Report is the outcome of one Onboard or Offboard run.
type Report struct {
	// Op is the workflow that ran: OpOnboard or OpOffboard.
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
	// (see the steps at the end).
	RolledBack bool
	// SkippedForSeats is true when a BulkOptions.FitSeats run left this
	// employee out because its office had no free seat of the license
	// left for it: StepCheckSeats is skipped and nothing was sent.
	SkippedForSeats bool
	// Exists lists, for Onboard, what the user now has in Dialpad as far as
	// the run knows it: the user (holding a seat), its numbers, the call
	// centers and departments it is an operator of, and the coaching
	// membership it was given. Empty after a complete rollback or when
	// nothing was created. Offboard leaves it empty.
	Exists []Resource
	// Steps are the steps in the order they ran (or would run).
	Steps []Step
}

// StepError is a failed step, as returned by Report.Err. It unwraps to the
// step's error.
type StepError struct {
	// Op is the workflow that failed, as in Report.Op.
	Op Operation
	// Who is the employee, as in Report.Who.
	Who string
	// Line is the CSV line of the request, as in Report.Line; zero when
	// it did not come from a CSV file.
	Line int
	// Step is the name of the failed step.
	Step StepName
	// ID is the failed step's Step.ID.
	ID string
	// Err is the failed step's Step.Err, which Unwrap returns.
	Err error
}

// Error returns one line: "lifecycle: onboard ada@example.com (line 3):
// assign_number +1415...: <cause>", the cause once (the SDK's error, or
// lifecycle's without a second "lifecycle: ").
func (e *StepError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "lifecycle: %s %s", e.Op, e.Who)
	if e.Line > 0 {
		fmt.Fprintf(&b, " (line %d)", e.Line)
	}
	fmt.Fprintf(&b, ": %s", e.Step)
	if e.ID != "" {
		fmt.Fprintf(&b, " %s", e.ID)
	}
	cause := "<nil>"
	if e.Err != nil {
		cause = strings.TrimPrefix(e.Err.Error(), "lifecycle: ")
	}
	fmt.Fprintf(&b, ": %s", cause)
	return b.String()
}

// Unwrap returns the step's error.
func (e *StepError) Unwrap() error { return e.Err }

// Err returns nil when no step failed. Otherwise it returns a *StepError
// for the failed step, or the errors.Join of one per failed step when
// several failed (a rollback that also failed, for example). The first
// failure comes first.
func (r *Report) Err() error { return r.errExcept(nil) }

// errExcept is Err without the failed steps whose error is skip.
func (r *Report) errExcept(skip error) error {
	var errs []error
	for _, s := range r.Steps {
		if s.Status == StatusFailed && (skip == nil || s.Err != skip) {
			errs = append(errs, &StepError{Op: r.Op, Who: r.Who, Line: r.Line, Step: s.Name, ID: s.ID, Err: s.Err})
		}
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// hasFailure reports whether some step failed.
func (r *Report) hasFailure() bool {
	return slices.ContainsFunc(r.Steps, func(s Step) bool { return s.Status == StatusFailed })
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
	case r.SkippedForSeats:
		b.WriteString("skipped, no free seat")
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
	if notRun := r.stepsWith(StatusNotRun); len(notRun) > 0 && !r.SkippedForSeats {
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
			line += ": " + strings.TrimPrefix(s.Err.Error(), "lifecycle: ")
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
