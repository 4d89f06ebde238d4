package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/lifecycle"
	"github.com/dialpad-community/dialpad-go/roster"
	"github.com/google/jsonschema-go/jsonschema"
)

// The safe workflows: the SDK's one change engine (package roster, and
// package lifecycle for one person) as four tools named dialpad_roster_,
// after the engine:
//
//   - dialpad_roster_plan reads Dialpad and returns the plan that makes it
//     match a roster (or a batch), as text, with a plan handle. It changes
//     nothing, so it is served in -read-only mode too.
//   - dialpad_roster_apply carries out a plan by its handle, with
//     roster.Apply: the removal limit, the stale checks (an action whose
//     user changed since the plan is not sent, nor the rest of that
//     person's change) and the seat check are the Go API's own. Applying a
//     handle twice does nothing the second time.
//   - dialpad_roster_onboard and dialpad_roster_offboard are
//     lifecycle.Onboard and lifecycle.Offboard of one person, a dry run
//     unless the call passes dry_run: false. A dry run returns a handle too,
//     so that exactly the plan shown can be applied.
//
// The handle is the plan itself, signed (see handle.go): the server keeps
// no state, and any replica with the same plan key can apply it.

// Inputs of the workflow tools.
type (
	planInput struct {
		Records        string      `json:"records"`
		Format         string      `json:"format,omitempty"`
		Mode           roster.Mode `json:"mode,omitempty"`
		Offices        []string    `json:"offices,omitempty"`
		EmailDomains   []string    `json:"email_domains,omitempty"`
		Protected      []string    `json:"protected,omitempty"`
		DeleteMissing  bool        `json:"delete_missing,omitempty"`
		ReleaseNumbers bool        `json:"release_numbers,omitempty"`
		MaxRemovals    int         `json:"max_removals,omitempty"`
		AllowEmpty     bool        `json:"allow_empty,omitempty"`
	}
	applyInput struct {
		Handle          string `json:"handle"`
		ContinueOnError bool   `json:"continue_on_error,omitempty"`
		Rollback        bool   `json:"rollback,omitempty"`
	}
	onboardInput struct {
		roster.Person
		DryRun   *bool `json:"dry_run,omitempty"`
		Rollback bool  `json:"rollback,omitempty"`
	}
	offboardInput struct {
		Who            string `json:"who"`
		Delete         bool   `json:"delete,omitempty"`
		ReleaseNumbers bool   `json:"release_numbers,omitempty"`
		DryRun         *bool  `json:"dry_run,omitempty"`
	}
)

// Parameter descriptions of the workflow tools.
const (
	descDryRun = "Left out or true: only preview (nothing is changed; the result holds the plan and a handle " +
		"dialpad_roster_apply can carry out). false: carry the change out now."
	descRollback = "When a step after creating a user fails, take the user off the lists it joined, release its numbers " +
		"and delete it again (a user found from an earlier run is never deleted)."
)

// personParams describe the fields of a roster.Person, as onboard takes
// them (the names of roster.CSVColumns and of ReadJSON's objects).
var personParams = map[string]string{
	"email":          "The person's email address: the key the user is found by (case-insensitive).",
	"first_name":     "First name." + descSingleLine,
	"last_name":      "Last name." + descSingleLine,
	"office":         "The office the person works in: its name (any case) or its numeric id.",
	"license":        "talk (what a new user gets when left out), agents, lite_support_agents, admins, lite_lines, magenta_lines, dpde_all or dpde_one; left out keeps an existing user's license.",
	"extension":      "The user's extension (digits).",
	"job_title":      "Job title." + descSingleLine,
	"number":         "For a new user only: the E.164 number to assign.",
	"area_code":      "For a new user only: assign a free number in this area code.",
	"no_number":      "For a new user only: assign no number.",
	"state":          "Leave out (or \"active\"); to offboard use dialpad_roster_offboard.",
	"call_centers":   "The call centers the user belongs to, each {\"group\": name or id, \"role\": \"operator\" (default), \"admin\" or \"supervisor\"}; [] means none; left out leaves them alone.",
	"departments":    "The departments the user belongs to, each {\"group\": name or id, \"role\": \"operator\" (default) or \"admin\"}; [] means none; left out leaves them alone.",
	"caller_id":      "The caller id shown on outgoing calls: an E.164 number the user may use, or \"blocked\".",
	"e911":           "The emergency address: {\"address\", \"address2\" (optional), \"city\", \"state\", \"zip\", \"country\"}.",
	"coaching_team":  "A coaching team the user joins: its name or id.",
	"coaching_role":  "The role in coaching_team: \"trainee\" (default) or \"coach\".",
	"do_not_disturb": "Turn do-not-disturb on (true) or off (false); left out leaves it alone.",
}

func workflowTools() []toolDef {
	return []toolDef{
		defineWith(spec{name: "dialpad_roster_plan", title: "Roster — Plan", kind: reads,
			description: "Reads Dialpad and returns the plan that makes it match a roster, as text (what each person's user " +
				"gets: + create, ~ update/reactivate, - suspend/delete; how many requests and how long), and a handle " +
				"that dialpad_roster_apply carries out. Changes nothing. mode \"batch\" (default) touches only the " +
				"people listed; \"sync\" takes the roster as everyone in scope and offboards the users in scope it " +
				"does not list, at most max_removals of them. Show the plan to the person before applying it.",
			params: map[string]string{
				"records": "The people, as CSV text (a header line naming the columns: " + strings.Join(roster.CSVColumns, ",") +
					") or as a JSON array of objects with the same names (call_centers and departments as arrays of " +
					"{\"group\", \"role\"}, e911 as an object).",
				"format":          "\"csv\" or \"json\"; left out, records starting with [ are JSON and anything else CSV.",
				"mode":            "\"batch\" (default): only the people listed are touched. \"sync\": the roster is everyone in scope; users in scope it does not list are offboarded.",
				"offices":         "The offices the roster governs, by name or id; left out, every office.",
				"email_domains":   "The email domains the roster governs (example.com); left out, every domain.",
				"protected":       "Emails that are never suspended or deleted, whatever the roster says.",
				"delete_missing":  "sync: delete the users in scope the roster does not list, instead of suspending them (frees their seats and numbers; cannot be undone).",
				"release_numbers": "Release the numbers of users who are suspended, too (deleted users always release theirs).",
				"max_removals":    "The most users the plan may suspend or delete; left out, 10% of the users in scope (at most 25) in sync, 25 in batch. dialpad_roster_apply refuses a plan over it.",
				"allow_empty":     "sync: accept a roster with nobody in it (which offboards everyone in scope, under max_removals).",
			}},
			planRoster),
		defineWith(spec{name: "dialpad_roster_apply", title: "Roster — Apply plan", kind: overwrites,
			description: "Carries out the plan a handle from dialpad_roster_plan (or a dry run of onboard or offboard) " +
				"holds, exactly as listed, and returns what became of each action. Refuses an expired or altered " +
				"handle and a plan that suspends or deletes more users than its limit. An action whose user changed " +
				"since the plan is not sent (stale), nor the rest of that person's change (held); one already done " +
				"is skipped (already), so applying a handle twice does nothing the second time.",
			params: map[string]string{
				"handle":            "The handle dialpad_roster_plan returned, whole.",
				"continue_on_error": "Go on with the other people's changes after an action fails (by default nothing new starts after a failure).",
				"rollback":          descRollback,
			}},
			applyPlan),
		defineWith(spec{name: "dialpad_roster_onboard", title: "Roster — Onboard", kind: overwrites,
			description: "Makes Dialpad hold one employee: creates the user in the office (with a number) or finds the one " +
				"with the email, and sets what the record asks for (names, license, extension, call centers, " +
				"departments, caller id, E911 address, coaching team, do-not-disturb). A dry run unless dry_run is " +
				"false: the preview returns the plan and a handle for dialpad_roster_apply.",
			params: with(personParams, "dry_run", descDryRun, "rollback", descRollback),
			// dialpad.E911Address has no omitempty, but the second address
			// line is optional.
			adjust: func(s *jsonschema.Schema) {
				e := s.Properties["e911"]
				e.Required = slices.DeleteFunc(e.Required, func(name string) bool { return name == "address2" })
			}},
			onboard),
		defineWith(spec{name: "dialpad_roster_offboard", title: "Roster — Offboard", kind: overwrites,
			description: "Offboards one user: takes it off every call-center, department and office operator list, " +
				"releases its numbers (with delete or release_numbers), deletes its desk phones (with delete) and " +
				"suspends it, or deletes it with delete. A dry run unless dry_run is false: the preview returns the " +
				"plan and a handle for dialpad_roster_apply. A user already offboarded is nothing to do.",
			params: map[string]string{
				"who":             "The user: an email address or the numeric id.",
				"delete":          "Delete the user (frees its license seat; cannot be undone) instead of suspending it.",
				"release_numbers": "Release the user's numbers also when only suspending it.",
				"dry_run":         descDryRun,
			}},
			offboard),
	}
}

// planRoster is dialpad_roster_plan.
func planRoster(ctx context.Context, d *deps, in *planInput) (any, error) {
	switch in.Mode {
	case "", roster.ModeBatch, roster.ModeSync:
	default:
		return nil, &dialpad.ValidationError{Field: "mode", Reason: fmt.Sprintf("%q: want \"batch\" or \"sync\"", in.Mode)}
	}
	if in.MaxRemovals < 0 {
		return nil, &dialpad.ValidationError{Field: "max_removals", Reason: "must not be negative"}
	}
	people, err := readRecords(in.Records, in.Format)
	if err != nil {
		return nil, err
	}
	plan, err := roster.NewPlan(ctx, d.client, people, roster.PlanOptions{
		Progress: progressOf(ctx), Mode: in.Mode, AllowEmpty: in.AllowEmpty, ReleaseNumbers: in.ReleaseNumbers, Offices: in.Offices,
		EmailDomains: in.EmailDomains, Protected: in.Protected, DeleteMissing: in.DeleteMissing, MaxRemovals: in.MaxRemovals,
	})
	if err != nil {
		return nil, err
	}
	return d.planned(plan, "")
}

// readRecords reads the records parameter as CSV or JSON.
func readRecords(records, format string) ([]roster.Person, error) {
	if format == "" {
		format = "csv"
		if strings.HasPrefix(strings.TrimSpace(records), "[") {
			format = "json"
		}
	}
	var (
		people []roster.Person
		err    error
	)
	switch format {
	case "csv":
		people, err = roster.ReadCSV(strings.NewReader(records))
	case "json":
		people, err = roster.ReadJSON(strings.NewReader(records))
	default:
		return nil, &dialpad.ValidationError{Field: "format", Reason: fmt.Sprintf("%q: want \"csv\" or \"json\"", format)}
	}
	if err != nil {
		return nil, &dialpad.ValidationError{Field: "records", Reason: err.Error()}
	}
	return people, nil
}

// planResult is what the plan tools return: the plan as text and counted,
// and its handle (none for a plan that changes nothing).
type planResult struct {
	// Plan is roster.Plan's text.
	Plan string `json:"plan"`
	// Report is a dry run's report, when the plan came from one.
	Report      string `json:"report,omitempty"`
	Changes     int    `json:"changes"`
	Removals    int    `json:"removals"`
	MaxRemovals int    `json:"max_removals"`
	Requests    int    `json:"requests"`
	// Refused says why dialpad_roster_apply will refuse the plan.
	Refused   string     `json:"refused,omitempty"`
	Handle    string     `json:"handle,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// planned returns the result of a plan (and of the dry run that made it,
// when report is not empty), with its handle.
func (d *deps) planned(plan *roster.Plan, report string) (*planResult, error) {
	r := &planResult{Plan: plan.String(), Report: report, Changes: len(plan.Changes), Removals: plan.Removals(),
		MaxRemovals: plan.MaxRemovals, Requests: plan.Requests()}
	if plan.Empty() {
		return r, nil
	}
	if err := plan.CheckRemovals(); err != nil {
		r.Refused = err.Error()
	}
	handle, exp, err := d.handles.issue(plan)
	if err != nil {
		return nil, err
	}
	r.Handle, r.ExpiresAt = handle, &exp
	return r, nil
}

func (r *planResult) readable() string {
	var b strings.Builder
	b.WriteString(r.Plan)
	if r.Report != "" {
		b.WriteString("\ndry run:\n" + r.Report)
	}
	switch {
	case r.Handle == "":
		b.WriteString("\nNothing to apply.\n")
	case r.Refused != "":
		fmt.Fprintf(&b, "\ndialpad_roster_apply will refuse this plan: it suspends or deletes %d users, over its limit of %d. "+
			"If that is meant, plan again with max_removals of at least %d.\nhandle (until %s): %s\n",
			r.Removals, r.MaxRemovals, r.Removals, r.ExpiresAt.UTC().Format(time.RFC3339), r.Handle)
	default:
		fmt.Fprintf(&b, "\nTo carry this plan out, call dialpad_roster_apply with this handle (until %s):\n%s\n",
			r.ExpiresAt.UTC().Format(time.RFC3339), r.Handle)
	}
	return b.String()
}

// applyPlan is dialpad_roster_apply.
func applyPlan(ctx context.Context, d *deps, in *applyInput) (any, error) {
	plan, err := d.handles.open(in.Handle)
	if err != nil {
		return nil, err
	}
	rep, err := roster.Apply(ctx, d.client, plan, roster.ApplyOptions{
		ContinueOnError: in.ContinueOnError, Rollback: in.Rollback, Progress: progressOf(ctx)})
	if errors.Is(err, roster.ErrTooManyRemovals) {
		// These tools take no AllowMassRemoval: the limit is raised where the
		// person reviewing the plan sees it.
		err = fmt.Errorf("%w. Here: if that many removals are meant, plan again with max_removals of at least %d", err, plan.Removals())
	}
	return reported(rep, err)
}

// reportResult is what applying returns: the report as text and counted.
type reportResult struct {
	// Report is roster.Report's text: one line per action and a summary.
	Report  string `json:"report"`
	Done    int    `json:"done"`
	Already int    `json:"already"`
	Stale   int    `json:"stale"`
	Held    int    `json:"held"`
	Failed  int    `json:"failed"`
	NotRun  int    `json:"not_run"`
}

// reported returns the result of an Apply: a tool error when it refused
// the plan (no report) or an action failed (the report's text, then the
// failures), otherwise the report.
func reported(rep *roster.Report, err error) (any, error) {
	if rep == nil {
		return nil, err
	}
	var b strings.Builder
	_ = rep.WriteText(&b)
	if err != nil {
		return nil, fmt.Errorf("%s%w", b.String(), err)
	}
	if n := rep.Count(roster.StatusStale) + rep.Count(roster.StatusHeld); n > 0 {
		fmt.Fprintf(&b, "%d actions were not sent because Dialpad changed since the plan: plan again to see what is left.\n", n)
	}
	return &reportResult{Report: b.String(), Done: rep.Count(roster.StatusDone), Already: rep.Count(roster.StatusAlready),
		Stale: rep.Count(roster.StatusStale), Held: rep.Count(roster.StatusHeld), Failed: rep.Count(roster.StatusFailed),
		NotRun: rep.Count(roster.StatusNotRun)}, nil
}

func (r *reportResult) readable() string { return r.Report }

// onboard is dialpad_roster_onboard.
func onboard(ctx context.Context, d *deps, in *onboardInput) (any, error) {
	if in.State != "" && in.State != dialpad.UserStateActive {
		return nil, &dialpad.ValidationError{Field: "state", Reason: fmt.Sprintf("%q: onboarding makes a user active; offboard with dialpad_roster_offboard", in.State)}
	}
	p, err := checkPerson(in.Person)
	if err != nil {
		return nil, err
	}
	dry := in.DryRun == nil || *in.DryRun
	rep, err := lifecycle.Onboard(ctx, d.client, p, lifecycle.OnboardOptions{DryRun: dry, Rollback: in.Rollback, Progress: progressOf(ctx)})
	return d.ranOrPreviewed(rep, err, dry)
}

// offboard is dialpad_roster_offboard.
func offboard(ctx context.Context, d *deps, in *offboardInput) (any, error) {
	dry := in.DryRun == nil || *in.DryRun
	rep, err := lifecycle.Offboard(ctx, d.client, in.Who, lifecycle.OffboardOptions{
		Delete: in.Delete, ReleaseNumbers: in.ReleaseNumbers, DryRun: dry, Progress: progressOf(ctx)})
	return d.ranOrPreviewed(rep, err, dry)
}

// ranOrPreviewed returns the result of a lifecycle call: for a dry run,
// its plan with a handle and the dry run's report; otherwise the report.
func (d *deps) ranOrPreviewed(rep *roster.Report, err error, dry bool) (any, error) {
	if !dry || rep == nil || err != nil {
		return reported(rep, err)
	}
	var b strings.Builder
	_ = rep.WriteText(&b)
	return d.planned(rep.Plan, b.String())
}

// checkPerson checks one person as roster.ReadJSON checks each record, so
// that a bad field is a tool error naming the parameter before anything is
// sent, and returns the person as read.
func checkPerson(p roster.Person) (roster.Person, error) {
	b, err := json.Marshal([]roster.Person{p})
	if err != nil {
		return p, err
	}
	people, err := roster.ReadJSON(bytes.NewReader(b))
	if err == nil {
		people[0].Line = 0
		return people[0], nil
	}
	var errs []error
	for _, e := range flatten(err) {
		var re *roster.RowError
		if errors.As(e, &re) && re.Field != "" {
			e = &dialpad.ValidationError{Field: re.Field, Reason: re.Reason}
		}
		errs = append(errs, e)
	}
	return p, errors.Join(errs...)
}

// flatten returns the errors an errors.Join holds, or err alone.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
