package mcpserver

import (
	"context"
	"strings"
	"sync"

	"github.com/dialpad-community/dialpad-go/roster"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// progressKey is the context key of a tool call's progress reporter.
type progressKey struct{}

// withProgress returns ctx carrying a reporter of the call req's progress,
// when its client asked for progress (a progress token): the workflow
// tools' roster events go to the client as MCP progress notifications, one
// line each, as roster.Printer words them, from the first page read.
func withProgress(ctx context.Context, req *mcp.CallToolRequest) context.Context {
	if req == nil || req.Session == nil || req.Params == nil {
		return ctx
	}
	token := req.Params.GetProgressToken()
	if token == nil {
		return ctx
	}
	w := &progressWriter{ctx: ctx, session: req.Session, token: token}
	return context.WithValue(ctx, progressKey{}, roster.NewPrinter(w).Event)
}

// progressOf returns the roster Progress callback of ctx, or nil.
func progressOf(ctx context.Context) func(roster.Event) {
	p, _ := ctx.Value(progressKey{}).(func(roster.Event))
	return p
}

// progressWriter sends each line written to it as a progress notification,
// numbered so that the progress value grows with every one.
type progressWriter struct {
	ctx     context.Context
	session *mcp.ServerSession
	token   any
	mu      sync.Mutex
	n       float64
}

func (w *progressWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for line := range strings.Lines(string(p)) {
		w.n++
		// A client that went away ends the call through ctx; a lost
		// notification is no reason to stop a run half way.
		_ = w.session.NotifyProgress(w.ctx, &mcp.ProgressNotificationParams{
			ProgressToken: w.token, Progress: w.n, Message: strings.TrimSuffix(line, "\n")})
	}
	return len(p), nil
}
