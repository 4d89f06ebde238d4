package webhook

import (
	"context"
	"sync"
	"time"
)

// Store remembers recent deliveries for a Handler, by a key derived from
// their content. An implementation shared by several replicas (Redis's
// SET key 1 NX PX ttl for Claim, DEL for Release) hands each delivery over
// once between them. Its methods may be called concurrently.
type Store interface {
	// Claim records key for ttl and reports whether it was not already
	// recorded (and unexpired): true means this caller hands the delivery
	// over.
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
	// Release forgets key, so that the next delivery with that content
	// is handed over again (after the function failed on this one).
	Release(ctx context.Context, key string) error
}

// MemoryStore is the in-memory Store, the default of a Handler. Expired
// keys are swept as new ones arrive, so its size follows the deliveries
// of one window.
type MemoryStore struct {
	now func() time.Time

	mu        sync.Mutex
	expires   map[string]time.Time
	nextSweep int // sweep when the map reaches this size
}

// minSweep is the size under which MemoryStore does not sweep.
const minSweep = 64

// NewMemoryStore returns an empty MemoryStore reading the time from now
// (nil: time.Now).
func NewMemoryStore(now func() time.Time) *MemoryStore {
	if now == nil {
		now = time.Now
	}
	return &MemoryStore{now: now, expires: map[string]time.Time{}, nextSweep: minSweep}
}

// Claim records key until now+ttl unless it is recorded and unexpired.
func (m *MemoryStore) Claim(_ context.Context, key string, ttl time.Duration) (bool, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if exp, ok := m.expires[key]; ok && now.Before(exp) {
		return false, nil
	}
	if len(m.expires) >= m.nextSweep {
		for k, exp := range m.expires {
			if !now.Before(exp) {
				delete(m.expires, k)
			}
		}
		m.nextSweep = max(minSweep, 2*len(m.expires))
	}
	m.expires[key] = now.Add(ttl)
	return true, nil
}

// Release forgets key.
func (m *MemoryStore) Release(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.expires, key)
	return nil
}

// Len returns how many keys the store holds, expired ones not yet swept
// included.
func (m *MemoryStore) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.expires)
}
