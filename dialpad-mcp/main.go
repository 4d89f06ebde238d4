// Command dialpad-mcp serves Dialpad's user-management and organization
// operations as Model Context Protocol tools, for AI agents and for people
// using an MCP client. It is a drop-in for the hosted "dialpad-users" tool
// server (the same 35 tools, names and parameters), built on the Dialpad Go
// SDK, so every call is checked before it is sent, paced to the company's
// rate limit, retried only when that is safe, and reported in one line when
// it fails. The 17 organization operations come as dialpad_org_ tools, and
// the SDK's change engine as dialpad_roster_ tools (plan, apply, onboard,
// offboard).
//
// Usage:
//
//	dialpad-mcp [-read-only] [-http ADDR] [-redis URL [-redis-company NAME]] [-plan-ttl D] [-v]
//
// It serves MCP over stdin and stdout by default. With -http ADDR it serves
// streamable HTTP at ADDR instead; every request must then carry
// "Authorization: Bearer $DIALPAD_MCP_TOKEN", and it refuses to start when
// that variable is empty. -read-only serves only the tools that change
// nothing. -redis URL spends the company's rate budget in Redis (package
// contrib/redislimit), shared with every other replica given the same URL
// and -redis-company; without it each process paces itself alone.
//
// The workflow tools (dialpad_roster_plan, _apply, _onboard, _offboard)
// hand out plan handles signed with DIALPAD_MCP_PLAN_KEY (at least 32
// bytes; the same in every replica behind one load balancer), valid for
// -plan-ttl (default 15m) and bound to the API's address. Without the
// variable each process signs with a random key of its own and says so on
// stderr: its handles are refused by other replicas and after a restart.
//
// The API key comes from DIALPAD_API_KEY (and the API's address, optionally,
// from DIALPAD_BASE_URL). Without a key it serves an in-memory demo company
// (package dialpadtest) and says so on stderr, so that
//
//	go run .
//
// in this directory is a working demo. Logs go to stderr, never the key.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/contrib/redislimit"
	"github.com/dialpad-community/dialpad-go/dialpad-mcp/internal/mcpserver"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/redis/go-redis/v9"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "dialpad-mcp:", err)
		os.Exit(1)
	}
}

// config is what the command line and the environment ask for.
type config struct {
	httpAddr string
	readOnly bool
	verbose  bool
	token    string // DIALPAD_MCP_TOKEN
	redisURL string
	company  string // the name of the shared budget in Redis
	planKey  []byte // DIALPAD_MCP_PLAN_KEY
	planTTL  time.Duration
}

func parseConfig(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("dialpad-mcp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.httpAddr, "http", "", "serve streamable HTTP at `ADDR` (such as localhost:8080) instead of stdio; needs DIALPAD_MCP_TOKEN")
	fs.BoolVar(&cfg.readOnly, "read-only", false, "serve only the tools that change nothing")
	fs.BoolVar(&cfg.verbose, "v", false, "log every tool call and Dialpad request to stderr")
	fs.StringVar(&cfg.redisURL, "redis", "", "share the company's rate budget with other replicas through Redis at `URL` (redis://host:6379/0)")
	fs.StringVar(&cfg.company, "redis-company", "default", "the `NAME` of the shared budget: the same in every replica using the same API key")
	fs.DurationVar(&cfg.planTTL, "plan-ttl", mcpserver.DefaultPlanTTL, "how long a plan handle may be applied (`D`uration, such as 15m)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg.token = os.Getenv("DIALPAD_MCP_TOKEN")
	if cfg.httpAddr != "" && cfg.token == "" {
		return cfg, mcpserver.ErrNoToken
	}
	if cfg.planTTL <= 0 {
		return cfg, fmt.Errorf("-plan-ttl %v: must be positive", cfg.planTTL)
	}
	cfg.planKey = []byte(os.Getenv("DIALPAD_MCP_PLAN_KEY"))
	return cfg, mcpserver.CheckPlanKey(cfg.planKey)
}

// run is the whole command, with its streams given, so tests can run it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, err := parseConfig(args, stderr)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if cfg.verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	client, baseURL, closeFake, err := newClient(cfg, logger)
	if err != nil {
		return err
	}
	defer closeFake()
	opts := mcpserver.Options{ReadOnly: cfg.readOnly, Version: version(), PlanKey: cfg.planKey, PlanTTL: cfg.planTTL, Audience: baseURL}
	if len(cfg.planKey) == 0 && !cfg.readOnly {
		logger.Warn("DIALPAD_MCP_PLAN_KEY is not set: plan handles are signed with a random key of this process; " +
			"other replicas and a restarted server refuse them")
	}
	if cfg.verbose {
		opts.Logger = logger
	}
	server := mcpserver.New(client, opts)
	if cfg.readOnly {
		logger.Info("read-only: serving only the tools that change nothing")
	}

	if cfg.httpAddr == "" {
		logger.Info("serving MCP over stdio")
		t := &mcp.IOTransport{Reader: io.NopCloser(stdin), Writer: nopCloser{stdout}}
		return server.Run(ctx, t)
	}
	return serveHTTP(ctx, cfg, server, logger)
}

// serveHTTP serves server at cfg.httpAddr until ctx is done.
func serveHTTP(ctx context.Context, cfg config, server *mcp.Server, logger *slog.Logger) error {
	h, err := mcpserver.HTTPHandler(server, cfg.token)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.httpAddr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	logger.Info("serving MCP over streamable HTTP", "url", "http://"+ln.Addr().String()+"/")
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return hs.Shutdown(shutdownCtx)
	}
}

// newClient returns the one SDK client every session shares, and the base
// URL of the API it calls: for the real API when DIALPAD_API_KEY is set,
// otherwise for an in-memory demo company, which closeFake stops.
func newClient(cfg config, logger *slog.Logger) (client *dialpad.Client, baseURL string, closeFake func(), err error) {
	opts := []dialpad.Option{dialpad.WithUserAgent("dialpad-mcp/" + version())}
	if cfg.verbose {
		opts = append(opts, dialpad.WithLogger(logger))
	}
	if cfg.redisURL != "" {
		lim, err := redisLimiter(cfg, logger)
		if err != nil {
			return nil, "", nil, err
		}
		opts = append(opts, dialpad.WithLimiter(lim))
	}
	if os.Getenv("DIALPAD_API_KEY") != "" {
		client, err = dialpad.NewClientFromEnv(opts...)
		return client, cmp.Or(os.Getenv("DIALPAD_BASE_URL"), defaultBaseURL), func() {}, err
	}
	fake := dialpadtest.NewServer()
	logger.Warn("DIALPAD_API_KEY is not set: serving an in-memory demo company (dialpadtest), not Dialpad",
		"url", fake.URL, "admin_user_id", dialpadtest.SeedAdminUserID, "office_id", dialpadtest.SeedOfficeID)
	client, err = dialpad.NewClient(fake.APIKey, append(opts, dialpad.WithBaseURL(fake.URL))...)
	if err != nil {
		fake.Close()
		return nil, "", nil, err
	}
	return client, fake.URL, fake.Close, nil
}

// defaultBaseURL is the SDK's default API address, which plan handles are
// bound to when DIALPAD_BASE_URL does not name another.
const defaultBaseURL = "https://dialpad.com"

// redisLimiter returns the limiter that spends cfg.company's budget in the
// Redis at cfg.redisURL, with redislimit's short timeouts: while Redis is
// unreachable it paces this process alone, more slowly, and logs so.
func redisLimiter(cfg config, logger *slog.Logger) (*redislimit.Limiter, error) {
	u, err := redis.ParseURL(cfg.redisURL)
	if err != nil {
		return nil, fmt.Errorf("-redis: %w", err)
	}
	opts := redislimit.RedisOptions(u.Addr)
	opts.Username, opts.Password, opts.DB, opts.TLSConfig = u.Username, u.Password, u.DB, u.TLSConfig
	logger.Info("sharing the company rate budget through Redis", "addr", u.Addr, "company", cfg.company)
	return redislimit.New(redis.NewClient(opts), cfg.company, redislimit.WithLogger(logger))
}

// version is the module version the binary was built from, or "devel".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// nopCloser lets the stdio transport close stdout without closing it.
type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
