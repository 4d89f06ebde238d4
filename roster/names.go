package roster

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// This file holds the package's one way of matching names people type
// (office, group and coaching-team names, CSV columns) against the names
// that exist, and of suggesting the close ones when nothing matches.

// maxSuggestions is how many close matches a message names.
const maxSuggestions = 3

// maxListed is how many names a message lists when none is close.
const maxListed = 5

// suggest returns a message tail naming the names close to name ("; did
// you mean "Headquarters"?"), or, when none is close, all of them if they
// are few. plural names the kind ("offices").
func suggest(name string, names []string, plural string) string {
	if close := closeMatches(name, names); len(close) > 0 {
		return fmt.Sprintf("; did you mean %s?", orList(close))
	}
	switch {
	case len(names) == 0:
		return fmt.Sprintf("; there are no %s", plural)
	case len(names) > maxListed:
		return fmt.Sprintf("; none of the %d %s has a similar name", len(names), plural)
	}
	return fmt.Sprintf("; the %s are %s", plural, orList(names))
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

// closeMatches returns up to maxSuggestions of names close to name,
// closest first: compared without regard to case, a name that contains
// the other or is within a few edits of it (a third of its length, at
// least one).
func closeMatches(name string, names []string) []string {
	q := strings.ToLower(strings.TrimSpace(name))
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	for _, n := range names {
		l := strings.ToLower(strings.TrimSpace(n))
		if l == "" || q == "" || slices.ContainsFunc(cands, func(c cand) bool { return c.name == n }) {
			continue
		}
		d := editDistance(q, l)
		if strings.Contains(l, q) || strings.Contains(q, l) || d <= max(1, len([]rune(q))/3) {
			cands = append(cands, cand{n, d})
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
