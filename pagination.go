package dialpad

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// MaxPageSize is the largest page Dialpad serves, and the page size the SDK
// asks for when ListOptions.Limit is zero.
const MaxPageSize = 100

// ErrCursorLoop is returned by a list iterator when the server hands back a
// cursor it already gave, which would otherwise make the loop endless.
var ErrCursorLoop = errors.New("dialpad: server repeated a pagination cursor")

// ErrEmptyPages is returned by a list iterator when the server sends ten
// pages in a row with no items but a new cursor each time: such a listing
// may never end, and the iterator stops rather than hang.
var ErrEmptyPages = fmt.Errorf("dialpad: server sent %d empty pages in a row, each with a new cursor", maxEmptyPages)

// maxEmptyPages is how many pages in a row with no items, each with a new
// cursor, a list iterator follows before it stops with ErrEmptyPages.
const maxEmptyPages = 10

// Page is one page of a cursor-paginated list. Cursor is empty on the last
// page; pass it in ListOptions.Cursor to fetch the next one.
type Page[T any] struct {
	// Items are the page's entries, in the server's order; empty when
	// the page has none.
	Items []*T `json:"items"`
	// Cursor fetches the next page; empty on the last one.
	Cursor string `json:"cursor"`
}

// problem reports the first item without a usable id.
func (p *Page[T]) problem() string { return itemsProblem("items", p.Items) }

// ListOptions are the paging parameters every list operation accepts.
type ListOptions struct {
	// Cursor resumes a listing where a previous page ended.
	Cursor string
	// Limit is the page size: 0 means MaxPageSize; above MaxPageSize is a
	// *ValidationError.
	Limit int
}

// pageOptions returns the embedded ListOptions, so that the iterator can
// advance the cursor of any options type.
func (o *ListOptions) pageOptions() *ListOptions { return o }

// values encodes the paging parameters, checking Limit.
func (o *ListOptions) values() (url.Values, error) {
	if o.Limit < 0 || o.Limit > MaxPageSize {
		return nil, invalid("limit", "must be between 1 and %d (0 for the default), got %d", MaxPageSize, o.Limit)
	}
	limit := o.Limit
	if limit == 0 {
		limit = MaxPageSize
	}
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if o.Cursor != "" {
		q.Set("cursor", o.Cursor)
	}
	return q, nil
}

// listPage fetches one page of a list: opts (nil for defaults) encodes and
// checks itself into the query, and p is the collection's path.
func listPage[T, O any, P interface {
	*O
	values() (url.Values, error)
}](ctx context.Context, c *Client, opts P, p apiPath) (*Page[T], error) {
	if opts == nil {
		opts = new(O)
	}
	q, err := opts.values()
	if err != nil {
		return nil, err
	}
	return send[Page[T]](ctx, c, http.MethodGet, q, nil, p)
}

// paged is implemented by every list options type through its embedded
// ListOptions.
type paged interface{ pageOptions() *ListOptions }

// all turns a page function into an iterator over every item of every
// page. It works on a copy of *opts (nil means defaults), sends nothing until
// ranged over, fetches one page at a time, stops after yielding an error or
// when the caller breaks, ends on an empty or missing cursor (a page of
// "items": null is simply empty), fails with ErrCursorLoop when a cursor
// comes back twice, and with ErrEmptyPages after maxEmptyPages empty pages
// in a row that each carried a cursor.
func all[T, O any, P interface {
	*O
	paged
}](ctx context.Context, opts P, page func(context.Context, P) (*Page[T], error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		var o O
		if opts != nil {
			o = *opts
		}
		p := P(&o)
		seen := map[string]bool{}
		if c := p.pageOptions().Cursor; c != "" {
			seen[c] = true
		}
		empty := 0 // pages in a row that yielded nothing
		for {
			pg, err := page(ctx, p)
			if err != nil {
				yield(nil, err)
				return
			}
			yielded := false
			for _, item := range pg.Items {
				if item == nil {
					continue
				}
				yielded = true
				if !yield(item, nil) {
					return
				}
			}
			if pg.Cursor == "" {
				return
			}
			if seen[pg.Cursor] {
				yield(nil, ErrCursorLoop)
				return
			}
			if empty++; yielded {
				empty = 0
			}
			if empty >= maxEmptyPages {
				yield(nil, ErrEmptyPages)
				return
			}
			seen[pg.Cursor] = true
			p.pageOptions().Cursor = pg.Cursor
		}
	}
}

// collect drains an iterator into a slice, stopping at the first error.
func collect[T any](seq iter.Seq2[*T, error]) ([]*T, error) {
	var out []*T
	for item, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}
