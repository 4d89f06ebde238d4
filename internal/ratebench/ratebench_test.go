package ratebench

import (
	"context"
	"testing"
	"time"
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

// TestRunShort runs the benchmark for one second: the default client must
// not be answered 429.
func TestRunShort(t *testing.T) {
	if testing.Short() {
		t.Skip("takes a second")
	}
	res, err := Run(context.Background(), Config{Duration: time.Second, Workers: 8, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if res.Got429 != 0 || res.Errors != 0 || res.OK < 15 {
		t.Fatalf("ok=%d 429s=%d errors=%d (first: %v), want >= 15 ok and no 429 or error", res.OK, res.Got429, res.Errors, res.FirstErr)
	}
}
