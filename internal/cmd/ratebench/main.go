// Command ratebench checks that one dialpad.Client with the default limiter
// stays under Dialpad's company limit while using nearly all of it: it runs
// 32 goroutines calling Users.Get against a loopback server that allows 20
// requests in any one-second window (429 with Retry-After: 1 beyond), then
// prints the rate achieved, the 429s and the latency percentiles.
//
//	go run ./internal/cmd/ratebench -duration 30s
//
// The last line is machine-readable (key=value) for scripts/bench.sh. The
// exit status is 1 when the target (>= -min-rate req/s and no 429) is
// missed.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/dialpad-community/dialpad-go/internal/ratebench"
)

func main() {
	duration := flag.Duration("duration", 30*time.Second, "how long to call")
	workers := flag.Int("workers", 32, "goroutines sharing the one client")
	limit := flag.Int("limit", 20, "the server's limit: requests in any one-second window")
	minRate := flag.Float64("min-rate", 19.6, "the rate (req/s) below which the run fails")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	fmt.Printf("ratebench: %d goroutines, one default client, %v, server allows %d req in any 1s window\n",
		*workers, *duration, *limit)
	res, err := ratebench.Run(ctx, ratebench.Config{Duration: *duration, Workers: *workers, Limit: *limit})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ratebench:", err)
		os.Exit(2)
	}
	fmt.Printf("  ok calls      %d (server answered 200 to %d)\n", res.OK, res.ServerHit)
	fmt.Printf("  rate          %.2f req/s (target >= %.2f)\n", res.Rate, *minRate)
	fmt.Printf("  429 answers   %d (target 0)\n", res.Got429)
	fmt.Printf("  failed calls  %d\n", res.Errors)
	if res.FirstErr != nil {
		fmt.Printf("  first error   %v\n", res.FirstErr)
	}
	fmt.Printf("  latency       p50 %v  p99 %v  max %v (limiter wait included)\n",
		res.P50.Round(time.Millisecond), res.P99.Round(time.Millisecond), res.Max.Round(time.Millisecond))
	fmt.Printf("  tightest span between a request and the %dth after it (429 below 1s):\n", *limit)
	fmt.Printf("                %v leaving the SDK, %v arriving at the server\n",
		res.DepartureSpan.Round(100*time.Microsecond), res.TightestSpan.Round(100*time.Microsecond))
	pass := res.Rate >= *minRate && res.Got429 == 0 && res.Errors == 0
	verdict := "PASS"
	if !pass {
		verdict = "FAIL"
	}
	fmt.Printf("RESULT rate=%.2f 429s=%d errors=%d ok=%d p50=%v p99=%v span=%v duration=%v workers=%d verdict=%s\n",
		res.Rate, res.Got429, res.Errors, res.OK, res.P50.Round(time.Millisecond), res.P99.Round(time.Millisecond),
		res.TightestSpan.Round(100*time.Microsecond), *duration, *workers, verdict)
	if !pass {
		os.Exit(1)
	}
}
