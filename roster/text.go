package roster

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
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
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "roster plan: %d users in scope (%s)\n", p.InScope, p.Scope.describe())
	for i := range p.Changes {
		c := &p.Changes[i]
		fmt.Fprintf(bw, "%s %s %s  %s\n", kindMarks[c.Kind], c.Kind, c.Email, c.describe())
	}
	for _, s := range p.Spared {
		fmt.Fprintf(bw, "= spare %s  (protected; %s)\n", s.Email, s.Reason)
	}
	if p.Empty() {
		fmt.Fprintf(bw, "no changes; %d unchanged\n", p.Unchanged)
	} else {
		fmt.Fprintf(bw, "%d to create, %d to update, %d to reactivate, %d to suspend, %d to delete; %d unchanged\n",
			p.Count(KindCreate), p.Count(KindUpdate), p.Count(KindReactivate), p.Count(KindSuspend), p.Count(KindDelete), p.Unchanged)
	}
	if err := p.CheckRemovals(); err != nil {
		fmt.Fprintf(bw, "! refused: %d removals exceed the limit of %d for %d users in scope; Apply refuses this plan unless ApplyOptions.AllowMassRemoval is set\n",
			p.Removals(), p.MaxRemovals, p.InScope)
	}
	return bw.Flush()
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
	return strings.Join(parts, "; ")
}

// describe words a change's actions on one line.
func (c *Change) describe() string {
	if c.Kind == KindSuspend || c.Kind == KindDelete {
		return "(" + c.Reason + ")"
	}
	parts := make([]string, 0, len(c.Actions))
	for _, a := range c.Actions {
		parts = append(parts, a.String())
	}
	return strings.Join(parts, ", ")
}

// String words the action as WriteText shows it, such as
// `job_title: "Engineer" → "Senior Engineer"` or
// `join callcenter "Support" as operator`.
func (a Action) String() string {
	switch {
	case a.Op == OpCreate && a.Create != nil:
		n := a.Create
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
	case a.Op == OpUpdateFields:
		parts := make([]string, len(a.Fields))
		for i, f := range a.Fields {
			if f.From == "" {
				parts[i] = f.Field + "=" + strconv.Quote(f.To)
			} else {
				parts[i] = fmt.Sprintf("%s: %q → %q", f.Field, f.From, f.To)
			}
		}
		return strings.Join(parts, ", ")
	case a.State != nil:
		return fmt.Sprintf("state: %s → %s", a.State.From, a.State.To)
	case a.Office != nil:
		return fmt.Sprintf("office: %s → %s", a.Office.From, a.Office.To)
	case a.License != nil:
		return fmt.Sprintf("license: %s → %s", a.License.From, a.License.To)
	case a.Group != nil:
		g := a.Group
		switch {
		case g.From == "":
			return fmt.Sprintf("join %s %q as %s", g.Type, g.Name, g.To)
		case g.To == "":
			return fmt.Sprintf("leave %s %q (%s)", g.Type, g.Name, g.From)
		default:
			return fmt.Sprintf("%s %q: %s → %s", g.Type, g.Name, g.From, g.To)
		}
	}
	return string(a.Op)
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
	bw := bufio.NewWriter(w)
	for _, res := range r.Results {
		line := fmt.Sprintf("%-8s %s %s  %s", res.Status, res.Action.Op, res.Email, res.Action)
		if res.Detail != "" {
			line += "  (" + res.Detail + ")"
		}
		if res.Err != nil {
			line += ": " + res.Err.Error()
		}
		fmt.Fprintln(bw, line)
	}
	fmt.Fprintf(bw, "%d done, %d already, %d stale, %d failed, %d not run", r.Count(StatusDone), r.Count(StatusAlready),
		r.Count(StatusStale), r.Count(StatusFailed), r.Count(StatusNotRun))
	if r.DryRun {
		fmt.Fprintf(bw, ", %d planned (dry run)", r.Count(StatusPlanned))
	}
	fmt.Fprintln(bw)
	return bw.Flush()
}
