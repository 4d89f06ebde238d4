package main

import (
	"fmt"
	"os"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

// exampleEnv is where the example runs: the real Dialpad API, or the
// embedded fake server from dialpadtest.
type exampleEnv struct {
	// Client talks to Dialpad or to the fake.
	Client *dialpad.Client
	// Fake is the embedded server, nil against the real API.
	Fake *dialpadtest.Server
}

// openEnv returns a client for the real API when DIALPAD_API_KEY is set
// (and DIALPAD_BASE_URL, optionally) or, without a key, for a freshly
// seeded fake, announced in one line on stderr.
func openEnv() (*exampleEnv, error) {
	if os.Getenv("DIALPAD_API_KEY") != "" {
		c, err := dialpad.NewClientFromEnv()
		if err != nil {
			return nil, err
		}
		return &exampleEnv{Client: c}, nil
	}
	srv := dialpadtest.NewServer()
	fmt.Fprintf(os.Stderr, "DIALPAD_API_KEY is not set: using the embedded fake Dialpad server at %s\n", srv.URL)
	c, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		srv.Close()
		return nil, err
	}
	return &exampleEnv{Client: c, Fake: srv}, nil
}

// Close stops the fake, if one was started.
func (e *exampleEnv) Close() {
	if e.Fake != nil {
		e.Fake.Close()
	}
}

// Live reports whether the example talks to the real API.
func (e *exampleEnv) Live() bool { return e.Fake == nil }
