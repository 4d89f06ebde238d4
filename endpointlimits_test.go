package dialpad

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slidingWindow is a responder that enforces "at most n requests in any
// window", as Dialpad documents its per-endpoint limits, and answers 429
// beyond it. Register one per endpoint.
type slidingWindow struct {
	n        int
	window   time.Duration
	mu       sync.Mutex
	arrivals []time.Time // accepted requests still inside the window
	ok, t429 int
}

func (s *slidingWindow) respond(r *http.Request) (*http.Response, error) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	recent := s.arrivals[:0]
	for _, t := range s.arrivals {
		if now.Sub(t) < s.window {
			recent = append(recent, t)
		}
	}
	s.arrivals = recent
	if len(recent) >= s.n {
		s.t429++
		return answer(http.StatusTooManyRequests, http.Header{"Retry-After": {"60"}},
			`{"error": {"code": 429, "message": "rate limited"}}`), nil
	}
	s.arrivals = append(s.arrivals, now)
	s.ok++
	return answer(http.StatusOK, nil, `{"id": "1", "device": {"id": "d1"}}`), nil // a contact, or a call's device
}

// TestBulkLoopsStayUnderEndpointLimits runs bulk loops over Contacts.Create
// (100 a minute) and Calls.Initiate (5 a minute) on a default Client against
// a server enforcing exactly those limits in sliding one-minute windows. The
// fake clock of testing/synctest lets minutes pass instantly and without
// scheduling jitter; not one request may be answered 429.
func TestBulkLoopsStayUnderEndpointLimits(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		contacts := &slidingWindow{n: 100, window: time.Minute}
		calls := &slidingWindow{n: 5, window: time.Minute}
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder(http.MethodPost, "https://dialpad.com/api/v2/contacts", contacts.respond)
		mt.RegisterResponder(http.MethodPost, "https://dialpad.com/api/v2/users/42/initiate_call", calls.respond)
		c, err := NewClient(testKey, WithHTTPClient(&http.Client{Transport: mt}), WithMaxRetries(0))
		require.NoError(t, err)
		ctx := context.Background()
		var wg sync.WaitGroup
		start := time.Now()
		wg.Go(func() {
			for range 250 {
				_, err := c.Contacts.Create(ctx, &CreateContactRequest{FirstName: "Jane", LastName: "Doe"})
				if !assert.NoError(t, err) {
					return
				}
			}
		})
		wg.Go(func() {
			for range 12 {
				_, err := c.Calls.Initiate(ctx, 42, &InitiateCallRequest{PhoneNumber: "+14155551001"})
				if !assert.NoError(t, err) {
					return
				}
			}
		})
		wg.Wait()
		took := time.Since(start)
		assert.Equal(t, [2]int{250, 0}, [2]int{contacts.ok, contacts.t429}, "contacts answered, 429s")
		assert.Equal(t, [2]int{12, 0}, [2]int{calls.ok, calls.t429}, "calls answered, 429s")
		assert.Equal(t, 262, mt.GetTotalCallCount())
		// 12 calls at 5 a minute (less the headroom) need 11 intervals;
		// 250 contacts at 100 a minute, 249, which is longer.
		every := func(perMinute float64) time.Duration {
			return time.Duration(float64(time.Minute) / (perMinute * rateHeadroom))
		}
		assert.Equal(t, 249*every(100), took, "the loops took that long on the fake clock")
		t.Logf("250 contacts and 12 calls in %v of fake time, no 429", took.Round(time.Second))
	})
}
