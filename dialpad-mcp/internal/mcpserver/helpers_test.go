package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpad-mcp/internal/mcptest"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// testKey is the API key of the fake company: distinctive, so a test can
// look for it in every result, error and log line.
const testKey = "dpk_TEST-Secret-4f9a1c7e"

// harness is one MCP session over the in-memory transport, served by New
// against a fresh dialpadtest company.
type harness struct {
	fake    *dialpadtest.Server
	client  *dialpad.Client
	session *mcp.ClientSession
	logs    *mcptest.Buffer
}

// newHarness starts a fake company (without rate limits, so tests run as
// fast as it answers), the server with opts and one client session.
// clientOpts are applied to the SDK client after dialpadtest's defaults.
func newHarness(t testing.TB, opts Options, clientOpts ...dialpad.Option) *harness {
	t.Helper()
	fake := dialpadtest.NewServer(dialpadtest.WithoutListener(), dialpadtest.WithAPIKey(testKey))
	t.Cleanup(fake.Close)
	client, err := fake.NewClient(clientOpts...)
	if err != nil {
		t.Fatal(err)
	}
	logs := &mcptest.Buffer{}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(logs, nil))
	}
	return &harness{fake: fake, client: client, session: connect(t, New(client, opts)), logs: logs}
}

// connect opens a client session to s over the SDK's in-memory transport,
// with the client options given (a progress handler), if any.
func connect(t testing.TB, s *mcp.Server, opts ...*mcp.ClientOptions) *mcp.ClientSession {
	t.Helper()
	ctx := context.Background()
	st, ct := mcp.NewInMemoryTransports()
	ss, err := s.Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	var copts *mcp.ClientOptions
	if len(opts) > 0 {
		copts = opts[0]
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, copts).Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.Close(); _ = ss.Wait() }) // the test has made its checks
	return cs
}

// call calls a tool and returns its result, failing the test on a protocol
// error (a tool error is a result).
func (h *harness) call(t testing.TB, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	res, err := h.session.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	text := resultText(res)
	structured, _ := json.Marshal(res.StructuredContent)
	if strings.Contains(text, testKey) || strings.Contains(string(structured), testKey) {
		t.Fatalf("%s: the API key is in the result: %s %s", name, text, structured)
	}
	return res
}

// ok calls a tool that must succeed and decodes its structured result into
// a map.
func (h *harness) ok(t testing.TB, name string, args map[string]any) map[string]any {
	t.Helper()
	res := h.call(t, name, args)
	if res.IsError {
		t.Fatalf("%s(%v): tool error: %s", name, args, resultText(res))
	}
	b, _ := json.Marshal(res.StructuredContent)
	out, err := decodeObject(b)
	if err != nil {
		t.Fatalf("%s: structured content is not a JSON object: %v", name, err)
	}
	if slices.Contains(workflowToolNames, name) { // their text is the plan or report for people
		return out
	}
	if text, err := decodeObject([]byte(resultText(res))); err != nil || !reflect.DeepEqual(text, out) {
		t.Fatalf("%s: structured content %s differs from the text %s", name, b, resultText(res))
	}
	return out
}

// decodeObject decodes a JSON object, keeping numbers as written.
func decodeObject(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out map[string]any
	return out, dec.Decode(&out)
}

// toolError calls a tool that must fail with a tool error and returns the
// error's text.
func (h *harness) toolError(t testing.TB, name string, args map[string]any) string {
	t.Helper()
	res := h.call(t, name, args)
	if !res.IsError {
		t.Fatalf("%s(%v): want a tool error, got %s", name, args, resultText(res))
	}
	return resultText(res)
}

// resultText returns the text of a result's content.
func resultText(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

// listTools returns every tool the session's server lists, by name.
func listTools(t testing.TB, cs *mcp.ClientSession) map[string]*mcp.Tool {
	t.Helper()
	tools := map[string]*mcp.Tool{}
	for tool, err := range cs.Tools(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		tools[tool.Name] = tool
	}
	return tools
}
