package dialpadtest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
)

// memoryTransport is Server.Transport: a RoundTripper that serves each
// request with the server's handler in the caller's goroutine.
type memoryTransport struct{ h http.Handler }

// errDropped is the transport error of a request whose connection the
// server dropped (DropNext).
var errDropped = errors.New("dialpadtest: connection dropped by the server")

// RoundTrip serves req and returns the recorded answer. It reads and closes
// the request body, as a RoundTripper must, and never changes req.
func (t memoryTransport) RoundTrip(req *http.Request) (resp *http.Response, err error) {
	var body []byte
	if req.Body != nil {
		body, err = io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("dialpadtest: reading the request body: %w", err)
		}
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.RequestURI = req.URL.RequestURI()
	if r.Host == "" {
		r.Host = req.URL.Host
	}
	rec := httptest.NewRecorder() // not a Hijacker: a drop panics with http.ErrAbortHandler
	defer func() {
		if p := recover(); p != nil {
			if p != http.ErrAbortHandler {
				panic(p)
			}
			resp, err = nil, errDropped
		}
	}()
	t.h.ServeHTTP(rec, r)
	if err := req.Context().Err(); err != nil {
		return nil, err // the client gave up during an injected latency
	}
	resp = rec.Result()
	resp.Request = req
	return resp, nil
}
