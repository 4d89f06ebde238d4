package roster

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// The saved form of a plan. A saved plan is a JSON object:
//
//	{"format": "dialpad-roster-plan", "version": 2, "mode": "sync",
//	 "scope": {...}, "in_scope": 42, "unchanged": 40, "max_removals": 5,
//	 "changes": [{"kind": "update", "email": "bob@example.com", "user_id": 17,
//	              "line": 3, "actions": [{"op": "update_fields",
//	              "fields": [{"field": "job_title", "from": "Engineer", "to": "Senior Engineer"}]}]}],
//	 "spared": []}
//
// Ids are JSON numbers. ReadPlan refuses another format, another version
// and unknown fields, so that a plan written by a newer release is never
// half understood.
const (
	// PlanFormat is the "format" of a saved plan.
	PlanFormat = "dialpad-roster-plan"
	// PlanVersion is the version of the saved form this package writes
	// and reads.
	PlanVersion = 2
)

// planPlain is Plan without its methods, for encoding.
type planPlain Plan

// planFile is the saved form of a plan.
type planFile struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	planPlain
}

// MarshalJSON writes the plan in its saved, versioned form (see
// PlanFormat), which ReadPlan reads back.
func (p Plan) MarshalJSON() ([]byte, error) {
	if p.Changes == nil {
		p.Changes = []Change{}
	}
	if p.Mode == "" {
		p.Mode = ModeBatch
	}
	return json.Marshal(planFile{Format: PlanFormat, Version: PlanVersion, planPlain: planPlain(p)})
}

// UnmarshalJSON reads a saved plan as ReadPlan does.
func (p *Plan) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f planFile
	if err := dec.Decode(&f); err != nil {
		return fmt.Errorf("roster: reading a plan: %w", err)
	}
	switch {
	case f.Format != PlanFormat:
		return fmt.Errorf("roster: reading a plan: format %q, want %q", f.Format, PlanFormat)
	case f.Version != PlanVersion:
		return fmt.Errorf("roster: reading a plan: version %d, this release reads version %d", f.Version, PlanVersion)
	}
	loaded := Plan(f.planPlain)
	if err := loaded.validate(); err != nil {
		return err
	}
	*p = loaded
	return nil
}

// ReadPlan reads a plan saved with json.Marshal (see PlanFormat) and
// checks it: the format and version, no unknown field, and every change
// and action complete.
func ReadPlan(r io.Reader) (*Plan, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("roster: reading a plan: %w", err)
	}
	p := new(Plan)
	if err := json.Unmarshal(data, p); err != nil {
		if !strings.HasPrefix(err.Error(), "roster: ") { // found before UnmarshalJSON ran: a syntax error
			err = fmt.Errorf("roster: reading a plan: %w", err)
		}
		return nil, err
	}
	return p, nil
}

// validate checks that every change and action of a plan is complete, so
// that Apply never meets a half-described action.
func (p *Plan) validate() error {
	if p.InScope < 0 || p.Unchanged < 0 || p.MaxRemovals < 0 {
		return errors.New("roster: invalid plan: negative count")
	}
	protected := p.Scope.resolve().protected
	for i := range p.Changes {
		c := &p.Changes[i]
		if err := c.validate(); err != nil {
			return fmt.Errorf("roster: invalid plan: change %d (%s): %w", i+1, c.Email, err)
		}
		if (c.Kind == KindSuspend || c.Kind == KindDelete) && protected[emailKey(c.Email)] {
			return fmt.Errorf("roster: invalid plan: change %d: %s is protected and cannot be %s", i+1, c.Email,
				map[ChangeKind]string{KindSuspend: "suspended", KindDelete: "deleted"}[c.Kind])
		}
	}
	if p.Mode != ModeBatch && p.Mode != ModeSync {
		return fmt.Errorf("roster: invalid plan: mode %q (want %q or %q)", p.Mode, ModeBatch, ModeSync)
	}
	return nil
}

func (c *Change) validate() error {
	if _, ok := kindOrder[c.Kind]; !ok {
		return fmt.Errorf("unknown kind %q", c.Kind)
	}
	if !isEmail(c.Email) && c.Kind == KindCreate {
		return fmt.Errorf("%q is not an email address", c.Email)
	}
	if c.Email == "" {
		return errors.New("no email")
	}
	if (c.Kind == KindCreate) != (c.UserID == 0) {
		return errors.New("a create has no user id, and every other change has one")
	}
	if len(c.Actions) == 0 {
		return errors.New("no actions")
	}
	for j, a := range c.Actions {
		if err := a.validate(); err != nil {
			return fmt.Errorf("action %d: %w", j+1, err)
		}
		if (a.Op == OpCreate) != (c.Kind == KindCreate && j == 0) {
			return fmt.Errorf("action %d: a create change starts with its one create action", j+1)
		}
		final := a.Op == OpSuspend || a.Op == OpDelete
		if final && j != len(c.Actions)-1 {
			return fmt.Errorf("action %d: %s is the last action of its change", j+1, a.Op)
		}
		if final && c.Kind != map[Op]ChangeKind{OpSuspend: KindSuspend, OpDelete: KindDelete}[a.Op] {
			return fmt.Errorf("action %d: %s in a %s change", j+1, a.Op, c.Kind)
		}
		if (a.Op == OpUnassignNumber || a.Op == OpDeleteDeskPhone) && c.Kind != KindSuspend && c.Kind != KindDelete {
			return fmt.Errorf("action %d: %s belongs to an offboarding", j+1, a.Op)
		}
	}
	return nil
}

func (a *Action) validate() error {
	details := 0
	for _, set := range []bool{a.Create != nil, a.Fields != nil, a.State != nil, a.Office != nil, a.License != nil, a.Group != nil,
		a.Value != nil, a.E911 != nil, a.DeskPhone != nil} {
		if set {
			details++
		}
	}
	if details != 1 {
		return fmt.Errorf("%s: want exactly one detail, got %d", a.Op, details)
	}
	ok := false
	switch a.Op {
	case OpCreate:
		ok = a.Create != nil && a.Create.Office.ID > 0
	case OpUpdateFields:
		ok = len(a.Fields) > 0
		for _, f := range a.Fields {
			switch f.Field {
			case "first_name", "last_name", "job_title", "extension":
			default:
				return fmt.Errorf("update_fields: unknown field %q", f.Field)
			}
		}
	case OpReactivate, OpSuspend, OpDelete:
		want := map[Op]string{OpReactivate: "active", OpSuspend: "suspended", OpDelete: "deleted"}[a.Op]
		ok = a.State != nil && string(a.State.To) == want && a.State.From != ""
	case OpMoveOffice:
		ok = a.Office != nil && a.Office.From.ID > 0 && a.Office.To.ID > 0
	case OpSetLicense:
		ok = a.License != nil && a.License.From != "" && knownLicense(a.License.To)
	case OpJoinGroup:
		g := a.Group
		ok = g != nil && g.ID > 0 && (g.Type == dialpad.GroupTypeCallCenter || g.Type == dialpad.GroupTypeDepartment) && g.To != ""
	case OpLeaveGroup:
		g := a.Group
		ok = g != nil && g.ID > 0 && slices.Contains(memberOrder, g.Type) && g.To == "" && g.From != ""
	case OpJoinCoachingTeam:
		g := a.Group
		ok = g != nil && g.ID > 0 && g.Type == GroupTypeCoachingTeam &&
			(g.To == dialpad.GroupRole(dialpad.CoachingRoleCoach) || g.To == dialpad.GroupRole(dialpad.CoachingRoleTrainee))
	case OpSetCallerID:
		ok = a.Value != nil && (a.Value.To == dialpad.CallerIDBlocked || dialpad.ValidateE164(a.Value.To) == nil)
	case OpSetDoNotDisturb:
		ok = a.Value != nil && (a.Value.To == "on" || a.Value.To == "off")
	case OpUnassignNumber:
		ok = a.Value != nil && dialpad.ValidateE164(a.Value.From) == nil && a.Value.To == ""
	case OpSetE911:
		ok = a.E911 != nil && a.E911.To.Address != "" && a.E911.To.City != "" && a.E911.To.Country != ""
	case OpDeleteDeskPhone:
		ok = a.DeskPhone != nil && a.DeskPhone.ID != ""
	default:
		return fmt.Errorf("unknown op %q", a.Op)
	}
	if !ok {
		return fmt.Errorf("%s: incomplete or contradictory details", a.Op)
	}
	return nil
}
