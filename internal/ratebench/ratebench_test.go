package ratebench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWindow(t *testing.T) {
	w := NewWindow(3, time.Second)
	now := time.Unix(1000, 0)
	w.now = func() time.Time { return now }
	step := func(d time.Duration, want bool) {
		t.Helper()
		now = now.Add(d)
		if got := w.Allow(); got != want {
			t.Fatalf("Allow() at +%v = %v, want %v", now.Sub(time.Unix(1000, 0)), got, want)
		}
	}
	step(0, true)                     // t=0
	step(100*time.Millisecond, true)  // t=0.1
	step(100*time.Millisecond, true)  // t=0.2
	step(700*time.Millisecond, false) // t=0.9: 3 in (−0.1, 0.9]
	step(99*time.Millisecond, false)  // t=0.999
	step(time.Millisecond, true)      // t=1.0: the event at 0 has left
	step(0, false)                    // a refused event does not count, but the window is full again
	step(100*time.Millisecond, true)  // t=1.1: the one at 0.1 has left
}

// TestDefaultClientStaysUnderTheWindow is Run on the fake clock of a
// synctest bubble: the benchmark's server (its handler, behind an httpmock
// transport, since a bubble cannot wait on a socket) and 8 goroutines
// sharing one default client for 10 seconds. The client must not be
// answered 429 once, and on the fake clock its pacing is exact: a request
// every 52ms (20 per 1.04s), so 193 in the 10 seconds, and never 21 within
// a second. Run, on loopback and the real clock, measures the rate the
// client achieves: see BenchmarkRun and internal/cmd/ratebench.
func TestDefaultClientStaysUnderTheWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const limit, workers, duration = 20, 8, 10 * time.Second
		srv := &Server{window: NewWindow(limit, time.Second)}
		mt := httpmock.NewMockTransport()
		mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
			rec := httptest.NewRecorder()
			srv.getUser(rec, r)
			return rec.Result(), nil
		})
		client, err := dialpad.NewClient("ratebench-not-a-key", dialpad.WithBaseURL("https://ratebench.invalid"),
			dialpad.WithHTTPClient(&http.Client{Transport: mt}))
		require.NoError(t, err)

		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		time.AfterFunc(duration, cancel)
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for ctx.Err() == nil {
					_, err := client.Users.Get(ctx, 5835806903417907)
					if err != nil && ctx.Err() == nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()

		assert.Zero(t, srv.Rejected(), "429 answers")
		assert.Equal(t, int64(193), srv.Served())
		span, ok := srv.TightestSpan(limit)
		require.True(t, ok)
		assert.Equal(t, 1040*time.Millisecond, span, "the tightest span between a request and the 20th after it")
	})
}

// BenchmarkRun runs the benchmark for three seconds of the real clock per
// iteration, over loopback, and reports what the default client achieved:
// the rate, the 429s (which must be none) and the tightest span between a
// request and the 20th after it (under a second is a 429).
func BenchmarkRun(b *testing.B) {
	for b.Loop() {
		res, err := Run(context.Background(), Config{Duration: 3 * time.Second, Workers: 8, Limit: 20})
		if err != nil {
			b.Fatal(err)
		}
		if res.Got429 != 0 || res.Errors != 0 {
			b.Errorf("ok=%d 429s=%d errors=%d (first: %v), want no 429 or error", res.OK, res.Got429, res.Errors, res.FirstErr)
		}
		b.ReportMetric(res.Rate, "req/s")
		b.ReportMetric(float64(res.Got429), "429s")
		b.ReportMetric(res.TightestSpan.Seconds()*1000, "ms/21-request-span")
	}
}
