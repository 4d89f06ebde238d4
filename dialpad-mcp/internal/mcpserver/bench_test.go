package mcpserver

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	dt "github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// BenchmarkUsersGet compares a tool call over the in-memory MCP transport
// with the SDK call it wraps, against the same fake in the same run; the
// target is tool <= 1.2x direct. "loopback" runs both against the fake
// listening on a loopback socket, nearer to a real API's cost (which is
// milliseconds), "in-memory" against its in-process transport, the worst
// case for the ratio.
func BenchmarkUsersGet(b *testing.B) {
	for _, mode := range []struct {
		name string
		opts []dt.Option
	}{
		{"in-memory", []dt.Option{dt.WithoutListener()}},
		{"loopback", nil},
	} {
		fake := dt.NewServer(mode.opts...)
		client, err := fake.NewClient()
		if err != nil {
			b.Fatal(err)
		}
		if mode.opts == nil { // over the socket, not the in-memory transport
			client, err = dialpad.NewClient(fake.APIKey, dialpad.WithBaseURL(fake.URL), dialpad.WithLimiter(noWait{}),
				dialpad.WithEndpointLimits(false))
			if err != nil {
				b.Fatal(err)
			}
		}
		ctx := context.Background()
		b.Run(mode.name+"/direct", func(b *testing.B) {
			for b.Loop() {
				if _, err := client.Users.Get(ctx, dt.SeedAdminUserID); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(mode.name+"/tool-raw-client", func(b *testing.B) {
			call := rawSession(b, New(client, Options{}))
			params := map[string]any{"name": "dialpad_users_get", "arguments": map[string]any{"id": ada}}
			for b.Loop() {
				call("tools/call", params)
			}
		})
		b.Run(mode.name+"/tool", func(b *testing.B) {
			cs := connect(b, New(client, Options{}))
			params := &mcp.CallToolParams{Name: "dialpad_users_get", Arguments: map[string]any{"id": ada}}
			for b.Loop() {
				res, err := cs.CallTool(ctx, params)
				if err != nil || res.IsError {
					b.Fatal(err, res)
				}
			}
		})
		fake.Close()
	}
}

// BenchmarkToolVsDirect puts the target (a tool call costs at most
// 1.2x the SDK call it wraps, same fake, same run) in figures: each
// iteration makes one direct Users.Get and one dialpad_users_get tool call
// over the in-memory MCP transport, against the same fake, and the
// benchmark reports the mean of each and their ratio (tool/direct), so
// that a busy machine slows both alike. The fake answers after a delay
// standing in for Dialpad's latency (20 ms is a quick answer from the
// API, 100 ms a usual one); at latency=0 the ratio is the worst case, the
// MCP round trip (JSON-RPC encoding and decoding in the MCP SDK, a few
// hundred microseconds) against an in-process fake that answers in tens of
// microseconds, which no real API does.
//
//	go test -run '^$' -bench BenchmarkToolVsDirect -benchtime 40x ./internal/mcpserver
func BenchmarkToolVsDirect(b *testing.B) {
	for _, latency := range []time.Duration{0, 20 * time.Millisecond, 100 * time.Millisecond} {
		b.Run("latency="+latency.String(), func(b *testing.B) {
			fake := dt.NewServer(dt.WithoutListener())
			defer fake.Close()
			if err := fake.SetLatency(dt.OpUsersGet, latency); err != nil {
				b.Fatal(err)
			}
			client, err := fake.NewClient()
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			cs := connect(b, New(client, Options{}))
			params := &mcp.CallToolParams{Name: "dialpad_users_get", Arguments: map[string]any{"id": ada}}
			var direct, tool time.Duration
			for b.Loop() {
				t0 := time.Now()
				if _, err := client.Users.Get(ctx, dt.SeedAdminUserID); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if res, err := cs.CallTool(ctx, params); err != nil || res.IsError {
					b.Fatal(err, res)
				}
				direct, tool = direct+t1.Sub(t0), tool+time.Since(t1)
			}
			n := float64(b.N)
			b.ReportMetric(float64(direct.Nanoseconds())/n, "direct-ns/op")
			b.ReportMetric(float64(tool.Nanoseconds())/n, "tool-ns/op")
			b.ReportMetric(float64(tool)/float64(direct), "tool/direct")
		})
	}
}

// BenchmarkListTools lists the 56 tools on a server just started: New,
// connect, list.
func BenchmarkListTools(b *testing.B) {
	fake := dt.NewServer(dt.WithoutListener())
	defer fake.Close()
	client, err := fake.NewClient()
	if err != nil {
		b.Fatal(err)
	}
	catalog() // the schemas are built once per process, before the first start
	b.Run("after-start", func(b *testing.B) {
		for b.Loop() {
			s := New(client, Options{})
			st, ct := mcp.NewInMemoryTransports()
			ss, err := s.Connect(context.Background(), st, nil)
			if err != nil {
				b.Fatal(err)
			}
			cs, err := mcp.NewClient(&mcp.Implementation{Name: "bench"}, nil).Connect(context.Background(), ct, nil)
			if err != nil {
				b.Fatal(err)
			}
			res, err := cs.ListTools(context.Background(), nil)
			if err != nil || len(res.Tools) != 56 {
				b.Fatal(err)
			}
			_ = cs.Close() // the benchmark is over; a closing error changes no figure
			_ = ss.Wait()
		}
	})
	b.Run("list-only-raw-client", func(b *testing.B) {
		call := rawSession(b, New(client, Options{}))
		for b.Loop() {
			call("tools/list", nil)
		}
	})
	b.Run("list-only", func(b *testing.B) {
		cs := connect(b, New(client, Options{}))
		for b.Loop() {
			res, err := cs.ListTools(context.Background(), nil)
			if err != nil || len(res.Tools) != 56 {
				b.Fatal(err)
			}
		}
	})
}

// rawSession initializes a session with s over the in-memory transport
// and returns a function that sends one request and waits for its answer:
// the server's cost without the SDK client's (which decodes and checks
// what it receives).
func rawSession(b *testing.B, s *mcp.Server) func(method string, params any) {
	b.Helper()
	ctx := context.Background()
	st, ct := mcp.NewInMemoryTransports()
	ss, err := s.Connect(ctx, st, nil)
	if err != nil {
		b.Fatal(err)
	}
	conn, err := ct.Connect(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = conn.Close(); _ = ss.Wait() }) // the figures are taken
	var n float64
	send := func(method string, params any) {
		n++
		id, err := jsonrpc.MakeID(n)
		if err != nil {
			b.Fatal(err)
		}
		raw, err := json.Marshal(params)
		if err != nil {
			b.Fatal(err)
		}
		if err := conn.Write(ctx, &jsonrpc.Request{ID: id, Method: method, Params: raw}); err != nil {
			b.Fatal(err)
		}
		msg, err := conn.Read(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if r, ok := msg.(*jsonrpc.Response); !ok || r.Error != nil {
			b.Fatalf("%s: %+v", method, msg)
		}
	}
	send("initialize", map[string]any{"protocolVersion": "2025-06-18", "capabilities": map[string]any{},
		"clientInfo": map[string]any{"name": "bench", "version": "1"}})
	if err := conn.Write(ctx, &jsonrpc.Request{Method: "notifications/initialized", Params: json.RawMessage("{}")}); err != nil {
		b.Fatal(err)
	}
	return send
}

// noWait is a Limiter that never waits, so the benchmark measures calls,
// not the company limit.
type noWait struct{}

func (noWait) Wait(ctx context.Context) error { return ctx.Err() }

// BenchmarkOurShare measures what this package adds to a tool call, apart
// from the MCP SDK's transport and the Dialpad call itself: decoding and
// checking the arguments (decodeArgs), and encoding the result
// (toolResult, one json.Marshal whose bytes serve as both the text and the
// structured content), for dialpad_users_get.
func BenchmarkOurShare(b *testing.B) {
	fake := dt.NewServer(dt.WithoutListener())
	defer fake.Close()
	client, err := fake.NewClient()
	if err != nil {
		b.Fatal(err)
	}
	u, err := client.Users.Get(context.Background(), dt.SeedAdminUserID)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decode-args", func(b *testing.B) {
		args := json.RawMessage(`{"id":"` + ada + `"}`)
		for b.Loop() {
			in := new(byIDText)
			if err := decodeArgs(args, map[string]param{"id": {typ: "string", required: true}}, idFieldsOf(reflect.TypeFor[byIDText]()), in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encode-result", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := toolResult(u); err != nil {
				b.Fatal(err)
			}
		}
	})
}
