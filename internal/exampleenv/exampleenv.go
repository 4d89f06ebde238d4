// Package exampleenv gives the examples their client: the real Dialpad API
// when DIALPAD_API_KEY is set, otherwise the embedded fake server from
// dialpadtest, announced in one line on stderr.
package exampleenv

import (
	"fmt"
	"os"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

// Env is where an example runs.
type Env struct {
	// Client talks to Dialpad or to the fake.
	Client *dialpad.Client
	// Fake is the embedded server, nil against the real API.
	Fake *dialpadtest.Server
}

// Close stops the fake, if one was started.
func (e *Env) Close() {
	if e.Fake != nil {
		e.Fake.Close()
	}
}

// Live reports whether the example talks to the real API.
func (e *Env) Live() bool { return e.Fake == nil }

// Open returns a client for the real API (DIALPAD_API_KEY, optionally
// DIALPAD_BASE_URL) or, without a key, for a freshly seeded fake.
func Open(opts ...dialpad.Option) (*Env, error) {
	if os.Getenv("DIALPAD_API_KEY") != "" {
		c, err := dialpad.NewClientFromEnv(opts...)
		if err != nil {
			return nil, err
		}
		return &Env{Client: c}, nil
	}
	srv := dialpadtest.NewServer()
	fmt.Fprintf(os.Stderr, "DIALPAD_API_KEY is not set: using the embedded fake Dialpad server at %s\n", srv.URL)
	c, err := dialpad.NewClient(srv.APIKey, append([]dialpad.Option{dialpad.WithBaseURL(srv.URL)}, opts...)...)
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &Env{Client: c, Fake: srv}, nil
}
