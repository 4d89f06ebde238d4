package mcpserver

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dialpad-community/dialpad-go/dialpad-mcp/internal/mcptest"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

const testToken = "mcp-token-7c1f"

// newHTTPServer serves a fresh company's tools over real HTTP.
func newHTTPServer(t *testing.T) *httptest.Server {
	t.Helper()
	h := newHarness(t, Options{})
	handler, err := HTTPHandler(New(h.client, Options{}), testToken)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv
}

// connectHTTP connects the SDK's streamable client, sending token.
func connectHTTP(t *testing.T, srv *httptest.Server, token string) (*mcp.ClientSession, error) {
	t.Helper()
	transport := &mcp.StreamableClientTransport{Endpoint: srv.URL, MaxRetries: -1,
		HTTPClient: &http.Client{Transport: mcptest.Bearer{Token: token, Next: srv.Client().Transport}}}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).Connect(context.Background(), transport, nil)
	if err == nil {
		t.Cleanup(func() { _ = cs.Close() }) // the test has made its checks
	}
	return cs, err
}

func TestHTTPWithToken(t *testing.T) {
	srv := newHTTPServer(t)
	cs, err := connectHTTP(t, srv, testToken)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(listTools(t, cs)); n != 56 {
		t.Errorf("%d tools, want 56 (52 operations, 4 workflows)", n)
	}
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "dialpad_users_get", Arguments: map[string]any{"id": ada}})
	if err != nil || res.IsError || !strings.Contains(resultText(res), `"first_name":"Ada"`) {
		t.Fatalf("call over HTTP: %v %+v", err, res)
	}
}

func TestHTTPRefusesWrongOrMissingToken(t *testing.T) {
	srv := newHTTPServer(t)
	if _, err := connectHTTP(t, srv, "wrong-token"); err == nil {
		t.Error("the SDK client connected with a wrong token")
	}
	for _, auth := range []string{"", "Bearer wrong-token", "Bearer " + testToken + "x", "Basic " + testToken, testToken} {
		if got := post(t, srv, map[string]string{"Authorization": auth}); got != http.StatusUnauthorized {
			t.Errorf("Authorization %q: status %d, want 401", auth, got)
		}
	}
	if got := post(t, srv, map[string]string{"Authorization": "bearer " + testToken}); got != http.StatusOK {
		t.Errorf("the right token: status %d, want 200", got)
	}
}

func TestHTTPRefusesCrossOriginRequests(t *testing.T) {
	srv := newHTTPServer(t)
	auth := "Bearer " + testToken
	for _, h := range []map[string]string{
		{"Origin": "https://evil.example"},
		{"Origin": "http://localhost:1"},
		{"Origin": "null"},
		{"Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "same-site", "Origin": srv.URL},
	} {
		h["Authorization"] = auth
		if got := post(t, srv, h); got != http.StatusForbidden {
			t.Errorf("%v: status %d, want 403", h, got)
		}
	}
	for _, h := range []map[string]string{
		{"Origin": srv.URL},
		{"Origin": srv.URL, "Sec-Fetch-Site": "same-origin"},
	} {
		h["Authorization"] = auth
		if got := post(t, srv, h); got != http.StatusOK {
			t.Errorf("%v: status %d, want 200", h, got)
		}
	}
	if got := post(t, srv, map[string]string{"Origin": "https://evil.example"}); got != http.StatusForbidden {
		t.Errorf("cross-origin without a token: status %d, want 403", got)
	}
}

func TestHTTPNeedsAToken(t *testing.T) {
	h := newHarness(t, Options{})
	if _, err := HTTPHandler(New(h.client, Options{}), ""); !errors.Is(err, ErrNoToken) {
		t.Errorf("err = %v, want ErrNoToken", err)
	}
}

// post sends an MCP initialize request with the given headers and returns
// the status.
func post(t *testing.T, srv *httptest.Server, headers map[string]string) int {
	t.Helper()
	body := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}`
	req, err := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close() // only the status is asked for
	return resp.StatusCode
}
