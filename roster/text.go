package roster

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// kindMarks are the marks WriteText puts before each kind of change.
var kindMarks = map[ChangeKind]string{
	KindCreate: "+", KindReactivate: "~", KindUpdate: "~", KindSuspend: "-", KindDelete: "-",
}

// WriteText writes the plan for people to review, one line per change and
// a summary:
//
//	roster plan: 42 users in scope (offices: Headquarters; email domains: example.com)
//	+ create ada@example.com  office=Headquarters license=talk, join callcenter "Support" as operator
//	~ update bob@example.com  job_title: "Engineer" → "Senior Engineer"
//	~ reactivate dan@example.com  state: suspended → active
//	- suspend carol@example.com  (not in roster)
//	= spare root@example.com  (protected; would be suspended: not in roster)
//	1 to create, 1 to update, 1 to reactivate, 1 to suspend, 0 to delete; 40 unchanged
//
// A plan with no change says "no changes" and how many people are
// unchanged. A plan that removes more users than its MaxRemovals ends with
// a line starting with "!" saying that Apply will refuse it.
func (p *Plan) WriteText(w io.Writer) error {
	bw := newTextWriter(w)
	if p.Mode == ModeSync {
		bw.printf("roster plan (sync): %d users in scope (%s)\n", p.InScope, p.Scope.describe())
	} else {
		bw.printf("roster plan (batch: only the people listed; scope: %s)\n", p.Scope.describe())
	}
	for i := range p.Changes {
		c := &p.Changes[i]
		bw.printf("%s %s %s  %s\n", kindMarks[c.Kind], c.Kind, c.Email, c.describe())
	}
	for _, s := range p.Spared {
		bw.printf("= spare %s  (protected; %s)\n", s.Email, s.Reason)
	}
	if p.Empty() {
		bw.printf("no changes; %d unchanged\n", p.Unchanged)
	} else {
		n := p.Requests()
		bw.printf("%d to create, %d to update, %d to reactivate, %d to suspend, %d to delete; %d unchanged; ~%d requests, ~%s at %d requests/s\n",
			p.Count(KindCreate), p.Count(KindUpdate), p.Count(KindReactivate), p.Count(KindSuspend), p.Count(KindDelete), p.Unchanged,
			n, roundDuration(RequestTime(n, DefaultRequestsPerSecond)), DefaultRequestsPerSecond)
	}
	if err := p.CheckRemovals(); err != nil {
		bw.printf("! refused: %d removals exceed the limit of %d for %d users in scope; Apply refuses this plan unless ApplyOptions.AllowMassRemoval is set\n",
			p.Removals(), p.MaxRemovals, p.InScope)
	}
	return bw.Flush()
}

// textWriter buffers the text WriteText writes. Its printf needs no
// error check: a bufio.Writer keeps the first write error, takes no more
// data after it, and returns it from Flush, which WriteText returns.
type textWriter struct{ *bufio.Writer }

func newTextWriter(w io.Writer) textWriter { return textWriter{bufio.NewWriter(w)} }

func (w textWriter) printf(format string, args ...any) {
	_, _ = fmt.Fprintf(w.Writer, format, args...)
}

// String returns the plan as WriteText writes it.
func (p *Plan) String() string {
	var b strings.Builder
	_ = p.WriteText(&b)
	return b.String()
}

// Requests estimates how many requests applying the plan sends: one per
// action (two for a create that asks for a number or area code), plus
// Apply's reads (the users, a page per 100 changes, and one operator list
// per group touched). It counts every action; Apply skips those already
// done.
func (p *Plan) Requests() int {
	n := 0
	groups := map[groupKey]bool{}
	for _, c := range p.Changes {
		for _, a := range c.Actions {
			n += a.requests()
			if g := a.Group; g != nil {
				groups[groupKey{g.Type, g.ID}] = true
			}
		}
	}
	if len(p.Changes) <= smallBatch {
		return n + len(p.Changes) + len(groups)
	}
	return n + (len(p.Changes)+pageSize-1)/pageSize + len(groups)
}

// RequestTime is how long n requests take at rps requests a second, the
// first sent at once.
func RequestTime(n int, rps float64) time.Duration {
	if n <= 1 || rps <= 0 {
		return 0
	}
	return time.Duration(float64(n-1) / rps * float64(time.Second))
}

// describe words a scope.
func (s *Scope) describe() string {
	var parts []string
	if len(s.Offices) > 0 {
		names := make([]string, len(s.Offices))
		for i, o := range s.Offices {
			names[i] = o.String()
		}
		parts = append(parts, "offices: "+strings.Join(names, ", "))
	}
	if len(s.EmailDomains) > 0 {
		parts = append(parts, "email domains: "+strings.Join(s.EmailDomains, ", "))
	}
	if len(parts) == 0 {
		parts = append(parts, "the whole company")
	}
	if len(s.Protected) > 0 {
		parts = append(parts, fmt.Sprintf("%d protected", len(s.Protected)))
	}
	if s.DeleteMissing {
		parts = append(parts, "missing users are deleted")
	}
	if s.ReleaseNumbers {
		parts = append(parts, "numbers of suspended users are released")
	}
	return strings.Join(parts, "; ")
}

// describe words a change's actions on one line.
func (c *Change) describe() string {
	parts := make([]string, 0, len(c.Actions))
	for _, a := range c.Actions {
		if a.Op != OpSuspend && a.Op != OpDelete {
			parts = append(parts, a.String())
		}
	}
	text := strings.Join(parts, ", ")
	if c.Kind == KindSuspend || c.Kind == KindDelete {
		text = strings.TrimSpace(text + " (" + c.Reason + ")")
	}
	return text
}

// String words the action as WriteText shows it, such as
// `job_title: "Engineer" → "Senior Engineer"` or
// `join callcenter "Support" as operator`.
func (a Action) String() string {
	switch {
	case a.Op == OpCreate && a.Create != nil:
		return createText(a.Create)
	case a.Op == OpUpdateFields:
		return fieldsText(a.Fields)
	case a.State != nil:
		return fmt.Sprintf("state: %s → %s", a.State.From, a.State.To)
	case a.Office != nil:
		return fmt.Sprintf("office: %s → %s", a.Office.From, a.Office.To)
	case a.License != nil:
		return fmt.Sprintf("license: %s → %s", a.License.From, a.License.To)
	case a.Group != nil:
		return groupText(a.Group)
	case a.Op == OpUnassignNumber && a.Value != nil:
		return "release number " + a.Value.From
	case a.Op == OpSetCallerID && a.Value != nil:
		return fmt.Sprintf("caller_id: %q → %q", a.Value.From, a.Value.To)
	case a.Op == OpSetDoNotDisturb && a.Value != nil:
		return fmt.Sprintf("do_not_disturb: %s → %s", a.Value.From, a.Value.To)
	case a.E911 != nil:
		e := a.E911.To
		return fmt.Sprintf("e911=%q", strings.Join([]string{e.Address, e.City, e.State, e.Zip, e.Country}, ", "))
	case a.DeskPhone != nil:
		return fmt.Sprintf("delete desk phone %s %q", a.DeskPhone.ID, a.DeskPhone.Name)
	}
	return string(a.Op)
}

// createText words a create: the office, license and number asked for.
func createText(n *NewUser) string {
	s := "office=" + n.Office.String() + " license=" + orDefault(string(n.License), "talk")
	switch {
	case n.Number != "":
		s += " number=" + n.Number
	case n.AreaCode != "":
		s += " area_code=" + n.AreaCode
	case n.NoNumber:
		s += " number=none"
	}
	return s
}

// fieldsText words field changes, a new value alone when there was none.
func fieldsText(fields []FieldChange) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		if f.From == "" {
			parts[i] = f.Field + "=" + strconv.Quote(f.To)
		} else {
			parts[i] = fmt.Sprintf("%s: %q → %q", f.Field, f.From, f.To)
		}
	}
	return strings.Join(parts, ", ")
}

// groupText words a join, a leave or a change of role.
func groupText(g *GroupChange) string {
	switch {
	case g.From == "":
		return fmt.Sprintf("join %s %q as %s", g.Type, g.Name, g.To)
	case g.To == "":
		return fmt.Sprintf("leave %s %q (%s)", g.Type, g.Name, g.From)
	default:
		return fmt.Sprintf("%s %q: %s → %s", g.Type, g.Name, g.From, g.To)
	}
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// WriteText writes the report for people to read, one line per action and
// a summary:
//
//	done     create ada@example.com  office=Headquarters license=talk  (user 6159574495694848)
//	stale    update_fields bob@example.com  job_title: "Engineer" → "Senior Engineer"  (job_title is now "Manager", planned from "Engineer")
//	1 done, 0 already, 1 stale, 0 failed, 0 not run
func (r *Report) WriteText(w io.Writer) error {
	bw := newTextWriter(w)
	for _, res := range r.Results {
		line := fmt.Sprintf("%-8s %s %s  %s", res.Status, res.Action.Op, res.Email, res.Action)
		if res.Detail != "" {
			line += "  (" + res.Detail + ")"
		}
		if res.Err != nil {
			line += ": " + res.Err.Error()
		}
		bw.printf("%s\n", line)
	}
	bw.printf("%s\n", r.Summary())
	return bw.Flush()
}

// Summary counts the results by status on one line: "3 done, 1 already,
// 0 stale, 0 held, 0 failed, 0 not run" (and ", 4 planned (dry run)").
func (r *Report) Summary() string {
	s := fmt.Sprintf("%d done, %d already, %d stale, %d held, %d failed, %d not run", r.Count(StatusDone), r.Count(StatusAlready),
		r.Count(StatusStale), r.Count(StatusHeld), r.Count(StatusFailed), r.Count(StatusNotRun))
	if r.DryRun {
		s += fmt.Sprintf(", %d planned (dry run)", r.Count(StatusPlanned))
	}
	return s
}
