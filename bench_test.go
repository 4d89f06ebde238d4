package dialpad

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"testing"
)

// The benchmarks below run against loopback httptest servers, so that they
// measure the SDK's own cost (request building, limiter, retry wrapper,
// per-attempt timeout, decoding) next to a hand-written net/http +
// encoding/json client doing the same work. scripts/bench.sh runs them and
// turns the figures into docs/performance.md's table.

// benchClient returns a client for srv that never waits on a limiter.
func benchClient(b *testing.B, srv *httptest.Server) *Client {
	b.Helper()
	c, err := NewClient(testKey,
		WithBaseURL(srv.URL),
		WithRateLimit(1e9, 1<<20),
		WithEndpointLimits(false),
	)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// baselineUser is what a hand-written client would decode GET
// /api/v2/users/{id} into: the same fields as User, with the string ids
// read through encoding/json's ",string" option and the zone-less
// timestamps kept as strings (time.Time cannot parse them).
type baselineUser struct {
	ID                          int64                  `json:"id,string"`
	CompanyID                   int64                  `json:"company_id,string"`
	OfficeID                    int64                  `json:"office_id,string"`
	AdminOfficeIDs              []json.Number          `json:"admin_office_ids"`
	FirstName                   string                 `json:"first_name"`
	LastName                    string                 `json:"last_name"`
	DisplayName                 string                 `json:"display_name"`
	Emails                      []string               `json:"emails"`
	PhoneNumbers                []string               `json:"phone_numbers"`
	ForwardingNumbers           []string               `json:"forwarding_numbers"`
	Extension                   string                 `json:"extension"`
	JobTitle                    string                 `json:"job_title"`
	Location                    string                 `json:"location"`
	Country                     string                 `json:"country"`
	Language                    string                 `json:"language"`
	Timezone                    string                 `json:"timezone"`
	ImageURL                    string                 `json:"image_url"`
	License                     string                 `json:"license"`
	State                       string                 `json:"state"`
	StatusMessage               string                 `json:"status_message"`
	DoNotDisturb                bool                   `json:"do_not_disturb"`
	InternationalDialingEnabled bool                   `json:"international_dialing_enabled"`
	IsAdmin                     bool                   `json:"is_admin"`
	IsSuperAdmin                bool                   `json:"is_super_admin"`
	IsAvailable                 bool                   `json:"is_available"`
	IsOnline                    bool                   `json:"is_online"`
	IsOnDuty                    bool                   `json:"is_on_duty"`
	Muted                       bool                   `json:"muted"`
	OnDutyStatus                string                 `json:"on_duty_status"`
	OnDutyStarted               string                 `json:"on_duty_started"`
	DutyStatusReason            string                 `json:"duty_status_reason"`
	DutyStatusStarted           string                 `json:"duty_status_started"`
	GroupDetails                []baselineGroupDetails `json:"group_details"`
	DateAdded                   string                 `json:"date_added"`
	DateActive                  string                 `json:"date_active"`
	DateFirstLogin              string                 `json:"date_first_login"`
}

type baselineGroupDetails struct {
	GroupID      int64  `json:"group_id,string"`
	GroupType    string `json:"group_type"`
	Role         string `json:"role"`
	DoNotDisturb bool   `json:"do_not_disturb"`
}

// baselineGet is the hand-written equivalent of one SDK GET (Users.Get, or
// one page of Users.List): build the request with the same headers, send
// it, check the status, read and decode the body.
func baselineGet[T any](ctx context.Context, hc *http.Client, url string) (*T, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+testKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", defaultUserAgent)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	out := new(T)
	if err := json.Unmarshal(body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// newUserServer serves testdata/users/get.json for GET /api/v2/users/{id}.
func newUserServer(tb testing.TB) *httptest.Server {
	tb.Helper()
	body := fixture(tb, "users/get.json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// BenchmarkUsersGet compares one Users.Get through the SDK with the same
// request made and decoded by hand. "baseline" decodes into a plain struct
// with the same fields; "baseline_usertype" decodes into the SDK's User
// (custom UnmarshalJSON, Timestamp parsing), which separates the cost of
// the request path from the cost of the richer decoding.
func BenchmarkUsersGet(b *testing.B) {
	srv := newUserServer(b)
	ctx := context.Background()

	b.Run("sdk", func(b *testing.B) {
		c := benchClient(b, srv)
		b.ReportAllocs()
		for b.Loop() {
			u, err := c.Users.Get(ctx, 5835806903417907)
			if err != nil || u.ID != 5835806903417907 {
				b.Fatalf("Get = %v, %v", u, err)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		hc := &http.Client{}
		b.ReportAllocs()
		for b.Loop() {
			u, err := baselineGet[baselineUser](ctx, hc, srv.URL+"/api/v2/users/5835806903417907")
			if err != nil || u.ID != 5835806903417907 {
				b.Fatalf("Get = %v, %v", u, err)
			}
		}
	})
	b.Run("baseline_usertype", func(b *testing.B) {
		hc := &http.Client{}
		b.ReportAllocs()
		for b.Loop() {
			u, err := baselineGet[User](ctx, hc, srv.URL+"/api/v2/users/5835806903417907")
			if err != nil || u.ID != 5835806903417907 {
				b.Fatalf("Get = %v, %v", u, err)
			}
		}
	})
}

// BenchmarkDecodeUser isolates decoding get.json: into the SDK's User and
// into the plain baselineUser.
func BenchmarkDecodeUser(b *testing.B) {
	body := fixture(b, "users/get.json")
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var u User
			if err := json.Unmarshal(body, &u); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var u baselineUser
			if err := json.Unmarshal(body, &u); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// listServer generates the users of GET /api/v2/users on the fly, pageSize
// per page, total in all; the cursor is the next page's index. It holds no
// list in memory, so the allocations measured are the client's (plus the
// server's per-request cost, which is per page and so flat per item too).
func listServer(tb testing.TB, total, pageSize int) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := 0
		if c := r.URL.Query().Get("cursor"); c != "" {
			var err error
			if page, err = strconv.Atoi(c); err != nil {
				http.Error(w, "bad cursor", http.StatusBadRequest)
				return
			}
		}
		first := page * pageSize
		last := min(first+pageSize, total)
		var buf bytes.Buffer
		buf.Grow(pageSize * 300)
		buf.WriteString(`{"items":[`)
		for i := first; i < last; i++ {
			if i > first {
				buf.WriteByte(',')
			}
			id := strconv.Itoa(1_000_000 + i)
			buf.WriteString(`{"id":"` + id + `","company_id":"4508591728425653","office_id":"6422934115149452",` +
				`"first_name":"User","last_name":"` + id + `","display_name":"User ` + id + `",` +
				`"emails":["u` + id + `@example.com"],"phone_numbers":["+1415555` + id[3:] + `"],` +
				`"license":"talk","state":"active","is_admin":false,"timezone":"US/Pacific",` +
				`"date_added":"2021-06-20T19:18:00"}`)
		}
		buf.WriteString(`],"cursor":"`)
		if last < total {
			buf.WriteString(strconv.Itoa(page + 1))
		}
		buf.WriteString(`"}`)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
		_, _ = w.Write(buf.Bytes())
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// baselinePage is what a hand-written client would decode one page of GET
// /api/v2/users into.
type baselinePage struct {
	Items  []baselineUser `json:"items"`
	Cursor string         `json:"cursor"`
}

// baselineList is the hand-written equivalent of ranging over Users.List:
// GET each page with limit=100 and the cursor of the page before, decode
// it into a baselinePage, hand each user to f, and stop on an empty
// cursor.
func baselineList(ctx context.Context, hc *http.Client, base string, f func(*baselineUser)) error {
	cursor := ""
	for {
		q := url.Values{"limit": {strconv.Itoa(MaxPageSize)}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		page, err := baselineGet[baselinePage](ctx, hc, base+"/api/v2/users?"+q.Encode())
		if err != nil {
			return err
		}
		for i := range page.Items {
			f(&page.Items[i])
		}
		if page.Cursor == "" {
			return nil
		}
		cursor = page.Cursor
	}
}

// BenchmarkUsersList lists every user of a 1,000- and a 100,000-user
// company (pages of 100): "sdk" ranges over Users.List, "baseline" runs
// baselineList against the same server. One op is the whole listing.
// B/item and allocs/item are everything allocated in the process during
// the loop (server included, the same for both), divided by the users
// seen; for the SDK they stay flat as the list grows because the iterator
// holds one page at a time.
func BenchmarkUsersList(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("users=%d", n), func(b *testing.B) {
			srv := listServer(b, n, MaxPageSize)
			ctx := context.Background()
			b.Run("sdk", func(b *testing.B) {
				c := benchClient(b, srv)
				measureList(b, n, func() int {
					seen := 0
					for u, err := range c.Users.List(ctx, nil) {
						if err != nil {
							b.Fatal(err)
						}
						if u.ID != ID(1_000_000+seen) {
							b.Fatalf("user %d has id %d", seen, u.ID)
						}
						seen++
					}
					return seen
				})
			})
			b.Run("baseline", func(b *testing.B) {
				hc := &http.Client{}
				measureList(b, n, func() int {
					seen := 0
					err := baselineList(ctx, hc, srv.URL, func(u *baselineUser) {
						if u.ID != int64(1_000_000+seen) {
							b.Fatalf("user %d has id %d", seen, u.ID)
						}
						seen++
					})
					if err != nil {
						b.Fatal(err)
					}
					return seen
				})
			})
		})
	}
}

// measureList runs list (which returns the users it saw) as the benchmark's
// op, checks it saw n, and reports B/item and allocs/item.
func measureList(b *testing.B, n int, list func() int) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	items := 0
	for b.Loop() {
		seen := list()
		if seen != n {
			b.Fatalf("listed %d users, want %d", seen, n)
		}
		items += seen
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(items), "B/item")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(items), "allocs/item")
}

// BenchmarkRequestEncoding measures what the SDK does to a request body
// before sending it: validate, then json.Marshal.
func BenchmarkRequestEncoding(b *testing.B) {
	create := &CreateUserRequest{
		Email:      "ada@example.com",
		OfficeID:   6422934115149452,
		FirstName:  Ptr("Ada"),
		LastName:   Ptr("Lovelace"),
		License:    Ptr(LicenseTalk),
		AutoAssign: Ptr(true),
	}
	update := &UpdateUserRequest{
		FirstName:         Ptr("Ada"),
		JobTitle:          Ptr("CFO"),
		Emails:            []string{"ada@example.com", "ada.l@example.com"},
		PhoneNumbers:      []string{"+14155551001", "+14155551002"},
		ForwardingNumbers: []string{},
		AdminOfficeIDs:    []ID{6422934115149452},
		License:           Ptr(LicenseAgents),
		State:             Ptr(UserStateActive),
		PresenceStatus:    &PresenceStatus{Message: Ptr("In a meeting"), Type: Ptr(PresenceTypeDefault)},
	}
	b.Run("create", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := create.validate(); err != nil {
				b.Fatal(err)
			}
			if _, err := json.Marshal(create); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("update", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := update.validate(); err != nil {
				b.Fatal(err)
			}
			if _, err := json.Marshal(update); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// errorEnvelope is a Dialpad error body as the API sends it.
const errorEnvelope = `{"error":{"code":400,"message":"Invalid value for field 'office_id'.",` +
	`"errors":[{"domain":"global","reason":"badRequest","message":"Invalid value for field 'office_id'."}]}}`

// html502 is a load balancer's error page, the kind a proxy answers with.
const html502 = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title>
<style>body { font-family: sans-serif; }</style></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
<p>The server encountered a temporary error and could not complete your request.
Please try again in 30 seconds.</p>
</body></html>
`

// BenchmarkErrorDecoding measures turning a non-2xx answer into an
// *APIError: a JSON envelope and an HTML page.
func BenchmarkErrorDecoding(b *testing.B) {
	hdr := http.Header{"Retry-After": {"30"}}
	for _, tc := range []struct {
		name   string
		status int
		body   []byte
	}{
		{"envelope", http.StatusBadRequest, []byte(errorEnvelope)},
		{"html502", http.StatusBadGateway, []byte(html502)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if e := newAPIError(http.MethodGet, "/api/v2/users/1", tc.status, hdr, tc.body); e.Message == "" {
					b.Fatal("empty message")
				}
			}
		})
	}
}
