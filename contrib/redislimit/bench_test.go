package redislimit_test

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/contrib/redislimit"
)

// BenchmarkSharedBudget measures, on the real clock against the real Redis
// at REDIS_ADDR, the rate three clients (as if three processes, four
// goroutines each) achieve together on the default shared budget: b.N
// requests in all, reported as req/s (first to last arrival), as a
// percentage of Dialpad's 20 per second, and as the most requests in any
// one-second window. It is for people to read (ci.sh prints it); nothing
// is asserted, since the figures depend on how busy the machine is. The
// bounds themselves are tested on a fake clock (TestSharedBudget).
//
//	REDIS_ADDR=127.0.0.1:6379 go test -run '^$' -bench SharedBudget -benchtime 100x
func BenchmarkSharedBudget(b *testing.B) {
	addr := redisAddr(b)
	const clients, workers = 3, 4
	f := &fakeTransport{}
	co := company(b)
	var cs []*dialpad.Client
	for i := range clients {
		lim, err := redislimit.New(newRedis(b, addr), co, quiet())
		if err != nil {
			b.Fatal(err)
		}
		c := newClient(b, f, lim, "client-"+strconv.Itoa(i))
		cs = append(cs, c)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for _, c := range cs {
		for range workers {
			wg.Go(func() {
				for next.Add(1) <= int64(b.N) {
					if _, err := c.Users.Get(context.Background(), 1); err != nil {
						b.Error(err)
					}
				}
			})
		}
	}
	wg.Wait()
	b.StopTimer()

	ts := f.arrivals()
	if len(ts) < 2 {
		return
	}
	span := ts[len(ts)-1].Sub(ts[0])
	rps := float64(len(ts)-1) / span.Seconds()
	worst, _ := maxInWindow(ts, time.Second)
	per := make([]int, clients)
	for i := range clients {
		per[i] = len(f.arrivalsFrom("client-" + strconv.Itoa(i)))
	}
	b.ReportMetric(rps, "req/s")
	b.ReportMetric(100*rps/dialpad.CompanyRateLimit, "%limit")
	b.ReportMetric(float64(worst), "max/1s")
	b.Logf("%d clients x %d goroutines: %d requests, first to last %v = %.2f req/s (%.1f%% of %d/s, pacing at %.1f); "+
		"busiest one-second window %d; per client %v",
		clients, workers, len(ts), span.Round(time.Millisecond), rps, 100*rps/dialpad.CompanyRateLimit,
		dialpad.CompanyRateLimit, redislimit.DefaultRate, worst, per)
}
