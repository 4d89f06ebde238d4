// Package mcptest holds the helpers the tests of dialpad-mcp share across
// its packages.
package mcptest

import (
	"bytes"
	"net/http"
	"sync"
)

// Buffer is a bytes.Buffer that a logger may write from several goroutines
// while a test reads it.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what has been written so far.
func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Bearer is an http.RoundTripper that sends Token as a bearer token, as an
// MCP client configured with one does, over Next.
type Bearer struct {
	Token string
	Next  http.RoundTripper
}

// RoundTrip sends r with the Authorization header set.
func (b Bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.Token)
	return b.Next.RoundTrip(r)
}
