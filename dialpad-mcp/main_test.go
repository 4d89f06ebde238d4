package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/dialpad-community/dialpad-go/dialpad-mcp/internal/mcpserver"
	"github.com/dialpad-community/dialpad-go/dialpad-mcp/internal/mcptest"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// startStdio runs the command with args over in-process pipes and returns
// a client session to it and its stderr; the command ends when the
// session closes.
func startStdio(t *testing.T, args ...string) (*mcp.ClientSession, func() string) {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var stderr mcptest.Buffer
	done := make(chan error, 1)
	go func() {
		err := run(context.Background(), args, inR, outW, &stderr)
		_ = outW.Close() // a pipe's writer: Close does not fail
		done <- err
	}()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).
		Connect(context.Background(), &mcp.IOTransport{Reader: outR, Writer: inW}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cs.Close() // the test has made its checks
		_ = inW.Close()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	return cs, stderr.String
}

func toolCount(t *testing.T, cs *mcp.ClientSession) int {
	t.Helper()
	n := 0
	for _, err := range cs.Tools(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

// TestDemoWithoutKey: with DIALPAD_API_KEY unset the command serves the
// demo company over stdio and says so on stderr.
func TestDemoWithoutKey(t *testing.T) {
	t.Setenv("DIALPAD_API_KEY", "")
	cs, stderr := startStdio(t)
	if n := toolCount(t, cs); n != 56 {
		t.Errorf("%d tools, want 56 (52 operations, 4 workflows)", n)
	}
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "dialpad_users_list", Arguments: map[string]any{"email": "ada@example.com"}})
	if err != nil || res.IsError {
		t.Fatalf("users_list: %v %+v", err, res)
	}
	if !strings.Contains(stderr(), "DIALPAD_API_KEY is not set: serving an in-memory demo company") {
		t.Errorf("stderr does not say it is a demo:\n%s", stderr())
	}
}

func TestReadOnlyFlag(t *testing.T) {
	t.Setenv("DIALPAD_API_KEY", "")
	cs, _ := startStdio(t, "-read-only")
	if n := toolCount(t, cs); n != 27 {
		t.Errorf("%d tools, want the 27 read-only ones (26 operations and dialpad_roster_plan)", n)
	}
}

// TestHTTPModeNeedsToken: -http without DIALPAD_MCP_TOKEN refuses to start.
func TestHTTPModeNeedsToken(t *testing.T) {
	t.Setenv("DIALPAD_API_KEY", "")
	t.Setenv("DIALPAD_MCP_TOKEN", "")
	var stderr mcptest.Buffer
	err := run(context.Background(), []string{"-http", "127.0.0.1:0"}, strings.NewReader(""), io.Discard, &stderr)
	if !errors.Is(err, mcpserver.ErrNoToken) {
		t.Errorf("err = %v, want ErrNoToken", err)
	}
	if strings.Contains(stderr.String(), "serving") {
		t.Errorf("it started serving:\n%s", stderr.String())
	}
}

// TestHTTPMode: -http serves the tools to a client with the token, until
// the context ends.
func TestHTTPMode(t *testing.T) {
	t.Setenv("DIALPAD_API_KEY", "")
	t.Setenv("DIALPAD_MCP_TOKEN", "tok-3b9")
	ctx, cancel := context.WithCancel(context.Background())
	errR, errW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-http", "127.0.0.1:0"}, strings.NewReader(""), io.Discard, errW)
		_ = errW.Close() // a pipe's writer: Close does not fail
	}()
	url := ""
	lines := bufio.NewScanner(errR)
	for url == "" && lines.Scan() {
		if _, after, ok := strings.Cut(lines.Text(), "url=http://127.0.0.1:"); ok && strings.Contains(lines.Text(), "streamable HTTP") {
			url = "http://127.0.0.1:" + after
		}
	}
	go func() { _, _ = io.Copy(io.Discard, errR) }() // drains stderr once its first line is read
	if url == "" {
		t.Fatal("no URL logged")
	}
	transport := &mcp.StreamableClientTransport{Endpoint: url, MaxRetries: -1,
		HTTPClient: &http.Client{Transport: mcptest.Bearer{Token: "tok-3b9", Next: &http.Transport{}}}}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).Connect(ctx, transport, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := toolCount(t, cs); n != 56 {
		t.Errorf("%d tools, want 56 (52 operations, 4 workflows)", n)
	}
	_ = cs.Close() // the server is stopped next either way
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}

// TestRedisUnreachable: with -redis naming a Redis nobody listens at, the
// server still answers, pacing itself on redislimit's local fallback, and
// says so on stderr.
func TestRedisUnreachable(t *testing.T) {
	t.Setenv("DIALPAD_API_KEY", "")
	cs, stderr := startStdio(t, "-redis", "redis://127.0.0.1:1/0", "-redis-company", "test")
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "dialpad_users_get", Arguments: map[string]any{"id": "5835806903417907"}})
	if err != nil || res.IsError {
		t.Fatalf("users_get: %v %+v", err, res)
	}
	if !strings.Contains(stderr(), "sharing the company rate budget through Redis") || !strings.Contains(stderr(), "Redis is unreachable; pacing locally") {
		t.Errorf("stderr:\n%s", stderr())
	}
}

func TestRedisBadURL(t *testing.T) {
	t.Setenv("DIALPAD_API_KEY", "")
	err := run(context.Background(), []string{"-redis", "http://example.com"}, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-redis") {
		t.Errorf("err = %v, want a -redis error", err)
	}
}

// TestPlanKey: a short DIALPAD_MCP_PLAN_KEY refuses to start; without one
// the server says on stderr that its handles die with it; with one it
// says nothing of the kind.
func TestPlanKey(t *testing.T) {
	t.Setenv("DIALPAD_API_KEY", "")
	t.Setenv("DIALPAD_MCP_PLAN_KEY", "too-short")
	err := run(context.Background(), nil, strings.NewReader(""), io.Discard, io.Discard)
	if !errors.Is(err, mcpserver.ErrShortPlanKey) {
		t.Errorf("short key: err = %v, want ErrShortPlanKey", err)
	}
	err = run(context.Background(), []string{"-plan-ttl", "0s"}, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-plan-ttl") {
		t.Errorf("-plan-ttl 0s: err = %v", err)
	}

	t.Setenv("DIALPAD_MCP_PLAN_KEY", "")
	_, stderr := startStdio(t)
	if !strings.Contains(stderr(), "DIALPAD_MCP_PLAN_KEY is not set") {
		t.Errorf("no warning without a plan key:\n%s", stderr())
	}
	t.Setenv("DIALPAD_MCP_PLAN_KEY", "a-plan-key-of-thirty-two-bytes!!")
	cs, stderr := startStdio(t, "-plan-ttl", "1m")
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "dialpad_roster_offboard", Arguments: map[string]any{"who": "grace@example.com"}})
	if err != nil || res.IsError {
		t.Fatalf("offboard preview: %v %+v", err, res)
	}
	if strings.Contains(stderr(), "DIALPAD_MCP_PLAN_KEY") || strings.Contains(stderr(), "a-plan-key-of") {
		t.Errorf("stderr:\n%s", stderr())
	}
}
