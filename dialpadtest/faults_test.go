package dialpadtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFailNext(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	must(t, srv.FailNext("users.get", 2, http.StatusServiceUnavailable))
	send(t, srv, "GET", me, nil).fails(t, http.StatusServiceUnavailable, "injected fault for users.get")
	send(t, srv, "GET", "/api/v2/users", nil).ok(t) // another operation
	send(t, srv, "GET", me, nil).fails(t, http.StatusServiceUnavailable, "injected")
	send(t, srv, "GET", me, nil).ok(t)

	// An injected failure changes nothing.
	must(t, srv.FailNext("users.create", 1, http.StatusInternalServerError))
	body := map[string]any{"email": "x@example.com", "office_id": dialpadtest.SeedOfficeID}
	r := send(t, srv, "POST", "/api/v2/users", body)
	r.fails(t, http.StatusInternalServerError, "injected")
	if r.header.Get("Retry-After") != "" {
		t.Error("an injected failure carries Retry-After")
	}
	send(t, srv, "POST", "/api/v2/users", body).ok(t)

	// Unauthenticated requests do not use up the count; n = 0 cancels.
	must(t, srv.FailNext("users.list", 1, http.StatusBadGateway))
	sendWith(t, srv, "GET", "/api/v2/users", nil, nil).fails(t, http.StatusUnauthorized, "")
	send(t, srv, "GET", "/api/v2/users", nil).fails(t, http.StatusBadGateway, "")
	must(t, srv.FailNext("users.list", 3, http.StatusBadGateway))
	must(t, srv.FailNext("users.list", 0, http.StatusBadGateway))
	send(t, srv, "GET", "/api/v2/users", nil).ok(t)

	// Statuses Dialpad gives no reason of its own get the generic one of
	// their class, as Google-style envelopes do.
	for status, reason := range map[int]string{http.StatusInsufficientStorage: "backendError", http.StatusTeapot: "error"} {
		must(t, srv.FailNext(dialpadtest.OpUsersList, 1, status))
		r := send(t, srv, "GET", "/api/v2/users", nil)
		r.fails(t, status, "injected")
		assert.Contains(t, string(r.body), `"reason":"`+reason+`"`, "status %d", status)
	}

	for _, tc := range []struct {
		op     dialpadtest.Operation
		n, st  int
		reason string
	}{
		{"users_get", 1, 500, "unknown operation"},
		{"", 1, 500, "unknown operation"},
		{"users.get", -1, 500, "negative"},
		{"users.get", 1, 200, "not an error status"},
		{"users.get", 1, 600, "not an error status"},
	} {
		if err := srv.FailNext(tc.op, tc.n, tc.st); err == nil || !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("FailNext(%q, %d, %d) = %v", tc.op, tc.n, tc.st, err)
		}
	}
}

func TestFailNextThroughSDK(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	client := newClient(t, srv)
	ctx := context.Background()
	// GET is retried after a 5xx and a 429.
	must(t, srv.FailNext("users.get", 2, http.StatusServiceUnavailable))
	if _, err := client.Users.Get(ctx, dialpadtest.SeedAdminUserID); err != nil {
		t.Fatal(err)
	}
	must(t, srv.FailNext("users.get", 1, http.StatusTooManyRequests))
	if _, err := client.Users.Get(ctx, dialpadtest.SeedAdminUserID); err != nil {
		t.Fatal(err)
	}
	// POST is not retried after a 5xx.
	must(t, srv.FailNext("users.create", 1, http.StatusInternalServerError))
	_, err := client.Users.Create(ctx, &dialpad.CreateUserRequest{Email: "x@example.com", OfficeID: dialpadtest.SeedOfficeID})
	var apiErr *dialpad.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusInternalServerError || apiErr.Reason != "backendError" {
		t.Fatalf("Create = %v", err)
	}
	// A 404 is final and matches the sentinel.
	must(t, srv.FailNext("users.get", 1, http.StatusNotFound))
	if _, err := client.Users.Get(ctx, dialpadtest.SeedAdminUserID); !errors.Is(err, dialpad.ErrNotFound) {
		t.Fatalf("Get = %v", err)
	}
	var got []int
	for _, r := range srv.Requests() {
		got = append(got, r.Status)
	}
	want := []int{503, 503, 200, 429, 200, 500, 404}
	if len(got) != len(want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statuses %v, want %v", got, want)
		}
	}
}

func TestDropNext(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	must(t, srv.DropNext("users.get", 1))
	req, err := http.NewRequest("GET", srv.URL+me, nil)
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+srv.APIKey)
	if resp, err := srv.Client().Do(req); err == nil {
		closeBody(t, resp)
		t.Fatalf("a dropped request was answered %d", resp.StatusCode)
	}
	send(t, srv, "GET", me, nil).ok(t)
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[0].Status != 0 || reqs[0].Operation != "users.get" || reqs[1].Status != http.StatusOK {
		t.Errorf("requests = %+v", reqs)
	}
	if err := srv.DropNext("nope", 1); err == nil {
		t.Error("DropNext accepted an unknown operation")
	}
	if err := srv.DropNext("users.get", -1); err == nil {
		t.Error("DropNext accepted a negative count")
	}

	// Through the SDK: a GET is retried, a POST is not (and was not
	// processed either).
	client := newClient(t, srv)
	ctx := context.Background()
	must(t, srv.DropNext("users.get", 2))
	if _, err := client.Users.Get(ctx, dialpadtest.SeedAdminUserID); err != nil {
		t.Fatalf("Get after drops: %v", err)
	}
	must(t, srv.DropNext("users.create", 1))
	if _, err := client.Users.Create(ctx, &dialpad.CreateUserRequest{Email: "y@example.com", OfficeID: dialpadtest.SeedOfficeID}); err == nil {
		t.Fatal("Create succeeded through a dropped connection")
	}
	srv.ClearRequests()
	if _, err := client.Users.GetByEmail(ctx, "y@example.com"); !errors.Is(err, dialpad.ErrNotFound) {
		t.Errorf("the dropped create took effect: %v", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("ClearRequests left %d requests", n-1)
	}
}

// TestSetLatency delays answers on the fake clock of a synctest bubble:
// by exactly the latency set, or until a client that gives up first does.
func TestSetLatency(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := newServer(t, dialpadtest.WithoutListener())
		must(t, srv.SetLatency("users.get", 300*time.Millisecond))
		start := time.Now()
		send(t, srv, "GET", me, nil).ok(t)
		assert.Equal(t, 300*time.Millisecond, time.Since(start), "answered after")

		// A client that gives up first gets no answer, as it gives up.
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, "GET", srv.URL+me, nil)
		must(t, err)
		req.Header.Set("Authorization", "Bearer "+srv.APIKey)
		start = time.Now()
		resp, err := srv.Client().Do(req)
		if err == nil {
			closeBody(t, resp)
		}
		require.ErrorIs(t, err, context.DeadlineExceeded, "a request outlived its context")
		assert.Equal(t, 50*time.Millisecond, time.Since(start))

		must(t, srv.SetLatency("users.get", 0))
		start = time.Now()
		send(t, srv, "GET", me, nil).ok(t)
		assert.Zero(t, time.Since(start))
		assert.Error(t, srv.SetLatency("users.gett", time.Second), "an unknown operation")
		assert.Error(t, srv.SetLatency("users.get", -time.Second), "a negative duration")

		// The SDK's per-attempt timeout fires on a slow server.
		must(t, srv.SetLatency("users.list", time.Minute))
		client, err := srv.NewClient(dialpad.WithTimeout(50*time.Millisecond), dialpad.WithMaxRetries(0))
		must(t, err)
		start = time.Now()
		_, err = client.Users.ListPage(context.Background(), nil)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 50*time.Millisecond, time.Since(start))
	})
}

// TestCloseDuringLatency checks that Close does not wait out a delay: in a
// synctest bubble the delayed request returns at the instant of the Close;
// over a socket, where Close also waits for the handlers to finish, Close
// returns (were it to wait out the hour, the test binary's -timeout would
// end it).
func TestCloseDuringLatency(t *testing.T) {
	t.Parallel()
	get := func(t *testing.T, srv *dialpadtest.Server) {
		req, _ := http.NewRequest("GET", srv.URL+me, nil)
		req.Header.Set("Authorization", "Bearer "+srv.APIKey)
		if resp, err := srv.Client().Do(req); err == nil {
			closeBody(t, resp)
		}
	}
	t.Run("in memory", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			srv := dialpadtest.NewServer(dialpadtest.WithoutListener())
			must(t, srv.SetLatency("users.get", time.Hour))
			done := make(chan struct{})
			go func() {
				defer close(done)
				get(t, srv)
			}()
			synctest.Wait() // the request is waiting out its delay
			require.Len(t, srv.Requests(), 1)
			start := time.Now()
			srv.Close()
			<-done
			assert.Zero(t, time.Since(start), "the request waited after the Close")
		})
	})
	t.Run("socket", func(t *testing.T) {
		t.Parallel()
		srv := dialpadtest.NewServer()
		must(t, srv.SetLatency("users.get", time.Hour))
		done := make(chan struct{})
		go func() {
			defer close(done)
			get(t, srv)
		}()
		for len(srv.Requests()) == 0 { // recorded before the delay begins
			runtime.Gosched()
		}
		srv.Close()
		<-done
	})
}

func TestRequestsAreCopies(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	send(t, srv, "PATCH", me+"/status?x=1", map[string]any{"status_message": "hi"}).ok(t)
	r := srv.Requests()[0]
	if r.Method != "PATCH" || r.Path != "/api/v2/users/me/status" || r.Query.Get("x") != "1" || r.Operation != "users.update_status" ||
		string(r.Body) != `{"status_message":"hi"}` || r.Header.Get("Content-Type") != "application/json" || r.Status != 200 || r.Time.IsZero() {
		t.Errorf("request = %+v", r)
	}
	r.Body[0] = 'X'
	r.Query.Set("x", "2")
	r.Header.Set("Content-Type", "text/plain")
	again := srv.Requests()[0]
	if again.Body[0] != '{' || again.Query.Get("x") != "1" || again.Header.Get("Content-Type") != "application/json" {
		t.Error("Requests returned the server's own data")
	}
	// The path is recorded as sent, escaped.
	send(t, srv, "GET", "/api/v2/contacts/a%2Fb", nil).fails(t, http.StatusNotFound, `"a/b"`)
	if p := srv.Requests()[1].Path; p != "/api/v2/contacts/a%2Fb" {
		t.Errorf("path = %q", p)
	}
	srv.ClearRequests()
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests after ClearRequests", n)
	}
}

// TestConcurrentUse drives the server from several goroutines while the
// test reads and changes its state, for the race detector.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	must(t, srv.SetSeats(dialpadtest.SeedOfficeID, "talk", 100))
	// do sends one request and checks for 200; it may run off the test's
	// goroutine, so it reports with t.Error.
	do := func(method, path, body string) map[string]any {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+srv.APIKey)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Error(err)
			return nil
		}
		defer closeBody(t, resp)
		var m map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("%s %s: %d %v", method, path, resp.StatusCode, err)
			return nil
		}
		return m
	}
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				body := `{"email": "g` + id(int64(g)) + "u" + id(int64(i)) + `@example.com", "office_id": ` + id(dialpadtest.SeedOfficeID) + `}`
				m := do("POST", "/api/v2/users", body)
				do("GET", "/api/v2/users?state=all&limit=7", "")
				if m != nil {
					do("DELETE", "/api/v2/users/"+m["id"].(string), "")
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 50 {
			_ = srv.Requests()
			_, _ = srv.User(dialpadtest.SeedAdminUserID)
			_, _ = srv.FreeSeats(dialpadtest.SeedOfficeID, "talk")
			if err := srv.SetLatency("users.get", time.Microsecond); err != nil {
				t.Error(err)
			}
			srv.SetTimeNowFunc(time.Now)
		}
	}()
	wg.Wait()
	if n, _ := srv.FreeSeats(dialpadtest.SeedOfficeID, "talk"); n != 98 {
		t.Errorf("free seats = %d after creating and deleting", n)
	}
}
