package dialpad

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pagedUsers serves GET /api/v2/users from pages: the request with no
// cursor gets pages[""], the one with cursor c gets pages[c]. A page is raw
// JSON, or notFoundPage. It returns the queries it saw, in order.
func pagedUsers(t *testing.T, mux *http.ServeMux, pages map[string]string) func() []url.Values {
	t.Helper()
	var (
		mu   sync.Mutex
		seen []url.Values
	)
	mux.HandleFunc("GET /api/v2/users", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		mu.Lock()
		seen = append(seen, q)
		mu.Unlock()
		page, ok := pages[q.Get("cursor")]
		if !ok {
			t.Errorf("unexpected cursor %q", q.Get("cursor"))
			replyJSON(w, http.StatusNotFound, `{"error": {"message": "no such cursor"}}`)
			return
		}
		if page == notFoundPage {
			replyJSON(w, http.StatusNotFound, `{"error": {"message": "cursor expired"}}`)
			return
		}
		replyJSON(w, http.StatusOK, page)
	})
	return func() []url.Values {
		mu.Lock()
		defer mu.Unlock()
		return append([]url.Values(nil), seen...)
	}
}

// notFoundPage makes pagedUsers answer 404.
const notFoundPage = "404"

// usersPage returns a page of users with the given ids, and cursor when it
// is not "".
func usersPage(cursor string, ids ...int) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = fmt.Sprintf(`{"id": "%d", "display_name": "User %d"}`, id, id)
	}
	page := `{"items": [` + strings.Join(items, ", ") + `]`
	if cursor != "" {
		page += fmt.Sprintf(`, "cursor": %q`, cursor)
	}
	return page + "}"
}

// collectIDs ranges over seq and returns the ids and the first error.
func collectIDs(seq func(func(*User, error) bool)) ([]ID, error) {
	var ids []ID
	for u, err := range seq {
		if err != nil {
			return ids, err
		}
		ids = append(ids, u.ID)
	}
	return ids, nil
}

func TestListPageDefaultsAndOptions(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	queries := pagedUsers(t, mux, map[string]string{
		"":   usersPage("c1", 1, 2),
		"c1": usersPage("", 3),
	})
	ctx := context.Background()
	page, err := c.Users.ListPage(ctx, nil)
	require.NoError(t, err)
	if len(page.Items) != 2 || page.Items[0].ID != 1 || page.Cursor != "c1" {
		t.Errorf("page = %+v", page)
	}
	opts := &UserListOptions{ListOptions: ListOptions{Cursor: "c1", Limit: 25}}
	page, err = c.Users.ListPage(ctx, opts)
	require.NoError(t, err)
	if len(page.Items) != 1 || page.Cursor != "" {
		t.Errorf("last page = %+v", page)
	}
	if _, err := c.Users.ListPage(ctx, &UserListOptions{ListOptions: ListOptions{Limit: MaxPageSize}}); err != nil {
		t.Fatal(err)
	}
	want := []url.Values{
		{"limit": {"100"}},
		{"limit": {"25"}, "cursor": {"c1"}},
		{"limit": {"100"}},
	}
	assert.Equal(t, want, queries())
}

func TestListPageLimitValidation(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t) // any request fails the test
	ctx := context.Background()
	for _, limit := range []int{-1, MaxPageSize + 1, 1000} {
		opts := &UserListOptions{ListOptions: ListOptions{Limit: limit}}
		_, err := c.Users.ListPage(ctx, opts)
		assertInvalid(t, err, "limit", "Limit %d: ListPage", limit)
		ids, err := collectIDs(c.Users.List(ctx, opts))
		assertInvalid(t, err, "limit", "Limit %d: List", limit)
		assert.Empty(t, ids, "Limit %d: List", limit)
	}
}

func TestListFollowsCursors(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	queries := pagedUsers(t, mux, map[string]string{
		"":      usersPage("c1", 1, 2),
		"c1":    usersPage("c/2+=", 3, 4),
		"c/2+=": usersPage("", 5),
	})
	opts := &UserListOptions{ListOptions: ListOptions{Limit: 2}, State: UserStateActive}
	before := *opts
	ids, err := collectIDs(c.Users.List(context.Background(), opts))
	require.NoError(t, err)
	assert.Equal(t, []ID{1, 2, 3, 4, 5}, ids)
	want := []url.Values{
		{"limit": {"2"}, "state": {"active"}},
		{"limit": {"2"}, "state": {"active"}, "cursor": {"c1"}},
		{"limit": {"2"}, "state": {"active"}, "cursor": {"c/2+="}},
	}
	assert.Equal(t, want, queries())
	assert.Equal(t, before, *opts)
}

func TestListEnds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		pages map[string]string
		want  []ID
		reqs  int
	}{
		{"missing cursor", map[string]string{"": `{"items": [{"id": 1}]}`}, []ID{1}, 1},
		{"empty cursor", map[string]string{"": `{"items": [{"id": 1}], "cursor": ""}`}, []ID{1}, 1},
		{"null cursor", map[string]string{"": `{"items": [{"id": 1}], "cursor": null}`}, []ID{1}, 1},
		{"null items", map[string]string{"": `{"items": null}`}, nil, 1},
		{"no items key", map[string]string{"": `{}`}, nil, 1},
		{"empty items", map[string]string{"": `{"items": []}`}, nil, 1},
		{"null items, then more", map[string]string{"": `{"items": null, "cursor": "c1"}`, "c1": `{"items": [{"id": 2}]}`}, []ID{2}, 2},
		{"null entries skipped", map[string]string{"": `{"items": [null, {"id": 3}, null]}`}, []ID{3}, 1},
	} {
		c, mux := newTestClient(t)
		queries := pagedUsers(t, mux, tc.pages)
		ids, err := collectIDs(c.Users.List(context.Background(), nil))
		if err != nil || !reflect.DeepEqual(ids, tc.want) {
			t.Errorf("%s: %v, %v; want %v", tc.name, ids, err, tc.want)
		}
		if n := len(queries()); n != tc.reqs {
			t.Errorf("%s: %d requests, want %d", tc.name, n, tc.reqs)
		}
	}
}

func TestListCursorLoop(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		start string
		pages map[string]string
		want  []ID
		reqs  int
	}{
		{"same cursor again", "", map[string]string{"": usersPage("c1", 1), "c1": usersPage("c1", 2)}, []ID{1, 2}, 2},
		{"back to an earlier cursor", "", map[string]string{"": usersPage("c1", 1), "c1": usersPage("c2", 2), "c2": usersPage("c1", 3)}, []ID{1, 2, 3}, 3},
		{"back to the caller's cursor", "c0", map[string]string{"c0": usersPage("c1", 1), "c1": usersPage("c0", 2)}, []ID{1, 2}, 2},
	} {
		c, mux := newTestClient(t)
		queries := pagedUsers(t, mux, tc.pages)
		opts := &UserListOptions{ListOptions: ListOptions{Cursor: tc.start}}
		ids, err := collectIDs(c.Users.List(context.Background(), opts))
		assert.ErrorIs(t, err, ErrCursorLoop, "%s: err = %v, want ErrCursorLoop", tc.name, err)
		assert.Equal(t, tc.want, ids, "%s: ids = %v, want %v", tc.name, ids, tc.want)
		if n := len(queries()); n != tc.reqs {
			t.Errorf("%s: %d requests, want %d", tc.name, n, tc.reqs)
		}
	}
}

func TestListBreakSendsNoMore(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	queries := pagedUsers(t, mux, map[string]string{
		"":   usersPage("c1", 1, 2),
		"c1": usersPage("", 3),
	})
	seen := 0
	for u, err := range c.Users.List(context.Background(), nil) {
		require.NoError(t, err)
		seen++
		if u.ID == 2 {
			break // the last item of the first page: the next page is never asked for
		}
	}
	if seen != 2 || len(queries()) != 1 {
		t.Errorf("saw %d users with %d requests, want 2 with 1", seen, len(queries()))
	}
}

func TestListSendsNothingUntilRanged(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	queries := pagedUsers(t, mux, map[string]string{"": usersPage("", 1)})
	opts := &UserListOptions{}
	seq := c.Users.List(context.Background(), opts)
	if n := len(queries()); n != 0 {
		t.Fatalf("List sent %d requests before the loop", n)
	}
	// Each range starts over, from the options as they were.
	for range 2 {
		if ids, err := collectIDs(seq); err != nil || len(ids) != 1 {
			t.Errorf("range = %v, %v", ids, err)
		}
	}
	if n := len(queries()); n != 2 {
		t.Errorf("%d requests for two ranges, want 2", n)
	}
	if opts.Cursor != "" {
		t.Errorf("the caller's cursor became %q", opts.Cursor)
	}
}

func TestListStopsAfterError(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	queries := pagedUsers(t, mux, map[string]string{
		"":   usersPage("c1", 1),
		"c1": usersPage("c2", 2),
		"c2": notFoundPage,
	})
	var (
		ids  []ID
		errs []error
	)
	for u, err := range c.Users.List(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue // the iterator must end by itself
		}
		ids = append(ids, u.ID)
	}
	if !reflect.DeepEqual(ids, []ID{1, 2}) || len(errs) != 1 || !errors.Is(errs[0], ErrNotFound) {
		t.Errorf("ids %v, errors %v; want [1 2] and one ErrNotFound", ids, errs)
	}
	if n := len(queries()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

func TestListContextCancelled(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	var requests atomic.Int64
	mux.HandleFunc("GET /api/v2/users", func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		cancel() // the caller gives up while the first page is on its way
		replyJSON(w, http.StatusOK, usersPage("c1", 1))
	})
	var errs []error
	for _, err := range c.Users.List(ctx, nil) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) || requests.Load() != 1 {
		t.Errorf("errors %v after %d requests, want one context.Canceled after 1", errs, requests.Load())
	}
}

// TestListOfAnEmptyAnswerFails: a list iterator answered with an empty
// body yields ErrInvalidResponse, not an empty list. (Every operation's
// empty answers: TestEmptyAnswersAreInvalid.)
func TestListOfAnEmptyAnswerFails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	// An empty list answer is not an empty list.
	srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	var errs []error
	for u, err := range plumbingClient(t, srv.URL).Users.List(ctx, nil) {
		assert.Nil(t, u)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	require.ErrorIs(t, errs[0], ErrInvalidResponse)
}

// TestIteratorStopsOnEmptyPages: an iterator stops after a bounded run of
// empty pages.
func TestIteratorStopsOnEmptyPages(t *testing.T) {
	t.Parallel()
	c, mux := newTestClient(t)
	var n atomic.Int64
	mux.HandleFunc("GET /api/v2/users", func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		if i > 50 { // a bound for the code under test, not the answer
			replyJSON(w, http.StatusInternalServerError, `{"error": {"message": "enough"}}`)
			return
		}
		replyJSON(w, http.StatusOK, fmt.Sprintf(`{"items": [], "cursor": "c%d"}`, i))
	})
	ids, err := collectIDs(c.Users.List(context.Background(), nil))
	require.ErrorIs(t, err, ErrEmptyPages)
	assert.Empty(t, ids)
	assert.Equal(t, int64(maxEmptyPages), n.Load())
	assert.Equal(t, "dialpad: server sent 10 empty pages in a row, each with a new cursor", err.Error())

	// Items between empty pages start the count again.
	c2, mux2 := newTestClient(t)
	pages := map[string]string{}
	for i := range 25 {
		cursor, next := fmt.Sprintf("c%d", i), fmt.Sprintf("c%d", i+1)
		if i == 0 {
			cursor = ""
		}
		switch i {
		case 24:
			pages[cursor] = usersPage("", 2)
		case 9, 18:
			pages[cursor] = usersPage(next, 1)
		default:
			pages[cursor] = fmt.Sprintf(`{"items": [null], "cursor": %q}`, next)
		}
	}
	queries := pagedUsers(t, mux2, pages)
	ids, err = collectIDs(c2.Users.List(context.Background(), nil))
	require.NoError(t, err)
	assert.Equal(t, []ID{1, 1, 2}, ids)
	assert.Len(t, queries(), 25)
}
