package redislimit

import (
	"math"
	"testing"
	"time"
)

// TestReplicaRate: n processes on their fallbacks never grant more in one
// second, between them, than the shared limiter would.
func TestReplicaRate(t *testing.T) {
	for _, tc := range []struct {
		rps  float64
		n    int
		want float64
	}{
		{19.8, 1, 19.8},
		{19.8, 2, 9.9},
		{19.8, 3, 5.94},
		{19.8, 4, 4.95},
		{19.8, 10, 1.98},
		{19.8, 40, 0.495},
		{20, 3, 5.94},
		{5, 2, 1.98},
	} {
		got := replicaRate(tc.rps, tc.n)
		if math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("replicaRate(%v, %d) = %v, want %v", tc.rps, tc.n, got, tc.want)
		}
		// A burst-1 bucket at a non-integer rate r grants ceil(r) per second.
		if perSecond := float64(tc.n) * math.Ceil(got); got >= 1 && perSecond > math.Ceil(tc.rps) {
			t.Errorf("replicaRate(%v, %d) = %v lets %v through per second", tc.rps, tc.n, got, perSecond)
		}
	}
}

func TestWakeAfter(t *testing.T) {
	for in, want := range map[time.Duration]time.Duration{
		50 * time.Millisecond:  49 * time.Millisecond,
		time.Millisecond:       0,
		500 * time.Microsecond: 0,
	} {
		if got := wakeAfter(in); got != want {
			t.Errorf("wakeAfter(%v) = %v, want %v", in, got, want)
		}
	}
}
