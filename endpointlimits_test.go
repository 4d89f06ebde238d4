package dialpad

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// slidingWindowServer is an in-memory transport that enforces "at most n
// requests to one endpoint in any window", as Dialpad documents its
// per-endpoint limits, and answers 429 beyond it.
type slidingWindowServer struct {
	mu       sync.Mutex
	limits   map[string]int // "METHOD path" -> requests per window
	window   time.Duration
	arrivals map[string][]time.Time
	ok, t429 int
}

func (s *slidingWindowServer) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
	key := r.Method + " " + r.URL.Path
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var recent []time.Time
	for _, t := range s.arrivals[key] {
		if now.Sub(t) < s.window {
			recent = append(recent, t)
		}
	}
	if n, ok := s.limits[key]; ok && len(recent) >= n {
		s.t429++
		resp := fakeAnswer(http.StatusTooManyRequests, http.Header{"Retry-After": {"60"}},
			`{"error": {"code": 429, "message": "rate limited"}}`)
		resp.Request = r
		return resp, nil
	}
	s.arrivals[key] = append(recent, now)
	s.ok++
	resp := fakeAnswer(http.StatusOK, nil, `{"id": "1"}`)
	resp.Request = r
	return resp, nil
}

// TestBulkLoopsStayUnderEndpointLimits runs bulk loops over Contacts.Create
// (100 a minute) and Calls.Initiate (5 a minute) on a default Client against
// a server enforcing exactly those limits in sliding one-minute windows. The
// fake clock of testing/synctest lets minutes pass instantly and without
// scheduling jitter; not one request may be answered 429.
func TestBulkLoopsStayUnderEndpointLimits(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := &slidingWindowServer{
			limits: map[string]int{
				"POST /api/v2/contacts":               100,
				"POST /api/v2/users/42/initiate_call": 5,
			},
			window:   time.Minute,
			arrivals: map[string][]time.Time{},
		}
		c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: srv}), WithMaxRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		wg.Add(2)
		go func() {
			defer wg.Done()
			for range 250 {
				if _, err := c.Contacts.Create(ctx, &CreateContactRequest{FirstName: "Jane", LastName: "Doe"}); err != nil {
					errs <- err
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for range 12 {
				if _, err := c.Calls.Initiate(ctx, 42, &InitiateCallRequest{PhoneNumber: "+14155551001"}); err != nil {
					errs <- err
					return
				}
			}
		}()
		start := time.Now()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if srv.t429 != 0 || srv.ok != 262 {
			t.Errorf("server answered %d requests and %d times 429; want 262 and none", srv.ok, srv.t429)
		}
		// 12 calls at 5 a minute need more than two minutes; 250 contacts at
		// 100 a minute more than 2.4.
		if took := time.Since(start); took < 149*time.Second {
			t.Errorf("loops took %v of fake time, faster than the limits allow", took)
		}
		t.Logf("250 contacts and 12 calls in %v of fake time, no 429", time.Since(start).Round(time.Second))
	})
}
