package lifecycle

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// directory resolves office, call center and department names for one run.
// Each kind is listed at most once per run, the first time a row needs
// it, and shared by every row (a bulk run of a thousand employees reads the
// offices once, not a thousand times). A listing that fails fails every row
// that needs it, with the same error.
type directory struct {
	c           *dialpad.Client
	offices     lazy
	callCenters lazy
	departments lazy
}

func newDirectory(c *dialpad.Client) *directory { return &directory{c: c} }

// entry is one office, call center or department as the directory knows it.
type entry struct {
	kind   dialpad.GroupType
	id     dialpad.ID
	office dialpad.ID // a group's office; an office's own id
	name   string
	state  dialpad.UserState
}

// label names an entry in messages: `"Support" (call center 5947305063469056)`.
func (e entry) label() string {
	return fmt.Sprintf("%q (%s %d)", e.name, kindName(e.kind), e.id)
}

// kindName is a group type as prose.
func kindName(k dialpad.GroupType) string {
	switch k {
	case dialpad.GroupTypeCallCenter:
		return "call center"
	case dialpad.GroupTypeDepartment:
		return "department"
	case dialpad.GroupTypeOffice:
		return "office"
	}
	return string(k)
}

// lazy is a listing loaded once.
type lazy struct {
	once    sync.Once
	entries []entry
	err     error
}

func (l *lazy) get(load func() ([]entry, error)) ([]entry, error) {
	l.once.Do(func() { l.entries, l.err = load() })
	return l.entries, l.err
}

// collect drains a list iterator into entries.
func collect[T any](seq iter.Seq2[*T, error], conv func(*T) entry) ([]entry, error) {
	var out []entry
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, conv(v))
	}
	return out, nil
}

// list returns every entry of one kind: offices, call centers or
// departments.
func (d *directory) list(ctx context.Context, kind dialpad.GroupType) ([]entry, error) {
	switch kind {
	case dialpad.GroupTypeOffice:
		return d.offices.get(func() ([]entry, error) {
			return collect(d.c.Offices.List(ctx, nil), func(o *dialpad.Office) entry {
				return entry{kind: kind, id: o.ID, office: o.ID, name: o.Name, state: o.State}
			})
		})
	case dialpad.GroupTypeCallCenter:
		return d.callCenters.get(func() ([]entry, error) {
			return collect(d.c.CallCenters.List(ctx, nil), func(g *dialpad.CallCenter) entry {
				return entry{kind: kind, id: g.ID, office: g.OfficeID, name: g.Name, state: g.State}
			})
		})
	case dialpad.GroupTypeDepartment:
		return d.departments.get(func() ([]entry, error) {
			return collect(d.c.Departments.List(ctx, nil), func(g *dialpad.Department) entry {
				return entry{kind: kind, id: g.ID, office: g.OfficeID, name: g.Name, state: g.State}
			})
		})
	}
	return nil, fmt.Errorf("lifecycle: no listing of %s", kind)
}

// name returns the name of a group or office by id, or "" when it cannot
// be read. Offboard uses it only to label its steps, so a failed listing
// costs a label, not the run.
func (d *directory) name(ctx context.Context, kind dialpad.GroupType, id dialpad.ID) string {
	entries, err := d.list(ctx, kind)
	if err != nil {
		return ""
	}
	if i := slices.IndexFunc(entries, func(e entry) bool { return e.id == id }); i >= 0 {
		return entries[i].name
	}
	return ""
}

// office resolves an onboarding's office: by name, by id, or by both when
// they must agree. An office that is not there (or not active) is an error
// wrapping ErrUnknownOffice that names the close matches.
func (d *directory) office(ctx context.Context, name string, id dialpad.ID) (entry, error) {
	offices, err := d.list(ctx, dialpad.GroupTypeOffice)
	if err != nil {
		return entry{}, err
	}
	var e entry
	if name != "" {
		matches := byName(offices, name)
		switch {
		case len(matches) == 0:
			return entry{}, fmt.Errorf("%w: no office is named %q%s", ErrUnknownOffice, name, suggest(name, offices, "offices"))
		case len(matches) > 1 && id == 0:
			return entry{}, fmt.Errorf("%w: %d offices are named %q (%s); give the office id", ErrAmbiguousName, len(matches), name, ids(matches))
		}
		e = matches[0]
		if id != 0 {
			i := slices.IndexFunc(matches, func(m entry) bool { return m.id == id })
			if i < 0 {
				return entry{}, invalid("office_id", "office %q has id %s, not %d", name, ids(matches), id)
			}
			e = matches[i]
		}
	} else {
		i := slices.IndexFunc(offices, func(o entry) bool { return o.id == id })
		if i < 0 {
			return entry{}, fmt.Errorf("%w: no office has id %d%s", ErrUnknownOffice, id, known(offices, "offices"))
		}
		e = offices[i]
	}
	if e.state != "" && e.state != dialpad.UserStateActive {
		return entry{}, fmt.Errorf("%w: office %s is %s, not active", ErrUnknownOffice, e.label(), e.state)
	}
	return e, nil
}

// group resolves a call center or department by name for a user of
// office. Several groups of that name: the one in the user's office wins;
// several there too (or none there, but several elsewhere) is
// ErrAmbiguousName.
func (d *directory) group(ctx context.Context, kind dialpad.GroupType, name string, office dialpad.ID) (entry, error) {
	groups, err := d.list(ctx, kind)
	if err != nil {
		return entry{}, err
	}
	matches := byName(groups, name)
	if len(matches) > 1 {
		if local := slices.DeleteFunc(slices.Clone(matches), func(g entry) bool { return g.office != office }); len(local) > 0 {
			matches = local
		}
	}
	plural := kindName(kind) + "s"
	switch {
	case len(matches) == 0:
		return entry{}, fmt.Errorf("%w: no %s is named %q%s", ErrUnknownGroup, kindName(kind), name, suggest(name, groups, plural))
	case len(matches) > 1:
		return entry{}, fmt.Errorf("%w: %d %s are named %q (%s)", ErrAmbiguousName, len(matches), plural, name, ids(matches))
	}
	return matches[0], nil
}

// byName returns the entries named name, without regard to case or to
// surrounding spaces.
func byName(entries []entry, name string) []entry {
	name = strings.TrimSpace(name)
	var out []entry
	for _, e := range entries {
		if strings.EqualFold(strings.TrimSpace(e.name), name) {
			out = append(out, e)
		}
	}
	return out
}

// ids lists the entries' ids for a message.
func ids(entries []entry) string {
	s := make([]string, len(entries))
	for i, e := range entries {
		s[i] = e.id.String()
	}
	return "ids " + strings.Join(s, ", ")
}

// maxListed is how many names a message lists when none is close.
const maxListed = 5

// suggest returns a message tail naming the entries close to name ("; did
// you mean "Headquarters"?"), or, when none is close, all of them if they
// are few.
func suggest(name string, entries []entry, plural string) string {
	if close := closeMatches(name, entries); len(close) > 0 {
		return fmt.Sprintf("; did you mean %s?", orList(close))
	}
	return known(entries, plural)
}

// known returns a message tail listing the entries if they are few.
func known(entries []entry, plural string) string {
	switch {
	case len(entries) == 0:
		return fmt.Sprintf("; there are no %s", plural)
	case len(entries) > maxListed:
		return fmt.Sprintf("; none of the %d %s has a similar name", len(entries), plural)
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = fmt.Sprintf("%q (%d)", e.name, e.id)
	}
	return fmt.Sprintf("; the %s are %s", plural, strings.Join(names, ", "))
}

// orList quotes names and joins them: "a", "b" or "c".
func orList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// maxSuggestions is how many close matches a message names.
const maxSuggestions = 3

// closeMatches returns up to maxSuggestions names of entries close to
// name, closest first: compared without regard to case, a name that
// starts with, ends with or contains the other, or is within a few edits
// of it (a third of its length, at least one).
func closeMatches(name string, entries []entry) []string {
	q := strings.ToLower(strings.TrimSpace(name))
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	for _, e := range entries {
		n := strings.ToLower(strings.TrimSpace(e.name))
		if n == "" || slices.ContainsFunc(cands, func(c cand) bool { return c.name == e.name }) {
			continue
		}
		d := editDistance(q, n)
		if strings.Contains(n, q) || strings.Contains(q, n) || d <= max(1, len([]rune(q))/3) {
			cands = append(cands, cand{e.name, d})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(a.dist, b.dist) })
	var out []string
	for _, c := range cands[:min(len(cands), maxSuggestions)] {
		out = append(out, c.name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
