// Command watch catches drift between the employee roster and Dialpad as
// it happens: it receives Dialpad's signed change-log events
// (webhook.Handler), registers the webhook and subscription for its public
// URL (webhook.Register, safe to repeat at every start), and runs a
// roster.Watcher, which plans the roster again whenever an event touches a
// user, office or group in its scope (a burst of events makes one plan),
// and every -resync as a safety net. Each plan that changes something is
// printed, and applied with -yes.
//
//	go run ./examples/watch                  # demo on the embedded fake
//	DIALPAD_API_KEY=... DIALPAD_WEBHOOK_SECRET=... go run ./examples/watch \
//		-csv employees.csv -offices Headquarters -domains example.com \
//		-url https://hooks.example.com/dialpad -listen :8080 [-yes]
//
// Without DIALPAD_API_KEY it runs against an embedded fake Dialpad seeded
// with the demo company (dialpadtest.NewDemoServer): it first brings the
// company in step with its employees.csv, then registers a receiver on a
// loopback TLS server, makes a change as a portal admin would (a license
// switched, through the fake's API), prints the drift plan the change-log
// event triggered, applies it, and checks again: no drift.
//
// Against the real API the receiver listens on -listen behind whatever
// terminates TLS for -url (Dialpad only delivers to https URLs), and the
// roster's usual safety holds for every plan: users outside -offices and
// -domains are never touched, the -protect emails never suspended, and a
// plan suspending more than 10% of the users in scope (at most 25) is
// refused by Apply.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"strings"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/roster"
	"github.com/dialpad-community/dialpad-go/webhook"
)

// options are the command line.
type options struct {
	csv, url, listen          string
	offices, domains, protect string
	yes                       bool
	debounce, resync          time.Duration
}

func main() {
	log.SetFlags(0)
	var o options
	flag.StringVar(&o.csv, "csv", "", "the employees file, CSV or JSON (required with DIALPAD_API_KEY)")
	flag.StringVar(&o.url, "url", "", "the public https URL Dialpad delivers events to (required with DIALPAD_API_KEY)")
	flag.StringVar(&o.listen, "listen", ":8080", "the address the receiver listens on, behind -url's TLS")
	flag.StringVar(&o.offices, "offices", "", "comma-separated offices (names or ids) the roster governs; empty: all")
	flag.StringVar(&o.domains, "domains", "", "comma-separated email domains the roster governs; empty: all")
	flag.StringVar(&o.protect, "protect", "", "comma-separated emails never suspended or deleted")
	flag.BoolVar(&o.yes, "yes", false, "apply each drift plan (the embedded fake applies without it)")
	flag.DurationVar(&o.debounce, "debounce", roster.DefaultDebounce, "how long to gather a burst of events before planning")
	flag.DurationVar(&o.resync, "resync", roster.DefaultResync, "plan again after this long without events (lost deliveries)")
	flag.Parse()
	if flag.NArg() > 0 {
		log.Fatalf("watch: unexpected arguments %q", flag.Args())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o); err != nil && !errors.Is(err, context.Canceled) {
		stop()
		log.Fatal("watch: ", err)
	}
}

// run watches the real company with DIALPAD_API_KEY, and shows the demo
// on the embedded fake without it.
func run(ctx context.Context, o options) error {
	client, srv, err := dialpadtest.ClientFromEnvOrDemo(os.Stderr)
	if err != nil {
		return err
	}
	if srv == nil {
		return live(ctx, client, o)
	}
	defer srv.Close()
	return demo(ctx, client, srv)
}

// demo shows event → drift → apply → no drift on the embedded fake.
func demo(ctx context.Context, client *dialpad.Client, srv *dialpadtest.Server) error {
	people, err := roster.ReadCSV(bytes.NewReader(dialpadtest.DemoEmployeesCSV()))
	if err != nil {
		return err
	}
	opts := roster.PlanOptions{Mode: roster.ModeSync, Offices: dialpadtest.DemoScope.Offices,
		EmailDomains: dialpadtest.DemoScope.EmailDomains, Protected: dialpadtest.DemoScope.Protected}

	// The demo company starts behind its employees.csv: catch up first,
	// so that what follows is only the portal admin's change.
	if err := catchUp(ctx, client, people, opts); err != nil {
		return err
	}

	// The receiver: a webhook.Handler feeding the watcher, on a loopback
	// TLS server (Dialpad delivers to https URLs only), registered once.
	drift := make(chan *roster.Plan, 1)
	w, err := roster.NewWatcher(client, people, roster.WatchOptions{
		Plan:     opts,
		Debounce: 100 * time.Millisecond, // short, for the demo
		OnDrift: func(ctx context.Context, p *roster.Plan) error {
			select {
			case drift <- p:
			case <-ctx.Done():
			}
			return nil
		},
	})
	if err != nil {
		return err
	}
	const secret = "demo-webhook-secret"
	h, err := webhook.NewHandler(w.Handle, webhook.Options{Secrets: []string{secret}})
	if err != nil {
		return err
	}
	receiver := httptest.NewTLSServer(h)
	defer receiver.Close()
	srv.SetDeliveryClient(receiver.Client()) // the fake trusts the receiver's certificate
	hook, sub, err := webhook.Register(ctx, client, receiver.URL+"/dialpad-events", secret)
	if err != nil {
		return err
	}
	fmt.Printf("registered webhook %s at %s (change-log subscription %s)\n", hook.ID, hook.HookURL, sub.ID)

	first, err := w.Check(ctx)
	if err != nil {
		return err
	}
	if !first.Empty() {
		return fmt.Errorf("the demo should start in step:\n%s", first)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	for w.Stats().Plans < 2 { // Run's first plan, so that what follows comes from the event
		time.Sleep(10 * time.Millisecond)
	}

	// A portal admin switches Barbara to the agents license: not what the
	// roster says.
	if err := adminChange(ctx, srv); err != nil {
		return err
	}

	p, err := awaitDrift(drift, done)
	if err != nil {
		return err
	}
	st := w.Stats()
	fmt.Printf("change-log events received: %d (%d in scope); drift:\n", st.Events, st.Relevant)
	if err := p.WriteText(os.Stdout); err != nil {
		return err
	}
	report, err := roster.Apply(ctx, client, p, roster.ApplyOptions{})
	if err != nil {
		return err
	}
	fmt.Printf("\napplied: %s\n", report.Summary())
	again, err := w.Check(ctx)
	if err != nil {
		return err
	}
	if !again.Empty() {
		return fmt.Errorf("drift left after applying:\n%s", again)
	}
	fmt.Println("no drift")
	cancel()
	return <-done
}

// awaitDrift waits for the watcher to report drift, or to stop (done).
func awaitDrift(drift <-chan *roster.Plan, done <-chan error) (*roster.Plan, error) {
	select {
	case p := <-drift:
		return p, nil
	case err := <-done:
		return nil, fmt.Errorf("the watcher stopped: %w", err)
	case <-time.After(30 * time.Second):
		return nil, errors.New("no drift reported within 30s")
	}
}

// catchUp brings the demo company in step with its roster.
func catchUp(ctx context.Context, client *dialpad.Client, people []roster.Person, opts roster.PlanOptions) error {
	plan, err := roster.NewPlan(ctx, client, people, opts)
	if err != nil {
		return err
	}
	report, err := roster.Apply(ctx, client, plan, roster.ApplyOptions{})
	if err != nil {
		return err
	}
	fmt.Printf("synced the demo company with its employees.csv: %s\n", report.Summary())
	return nil
}

// adminChange has a portal admin of the fake srv switch Barbara to the
// agents license.
func adminChange(ctx context.Context, srv *dialpadtest.Server) error {
	admin, err := srv.NewClient()
	if err != nil {
		return err
	}
	barbara, err := findUser(ctx, admin, "barbara@example.com")
	if err != nil {
		return err
	}
	if _, err := admin.Users.Update(ctx, barbara, &dialpad.UpdateUserRequest{License: dialpad.Ptr(dialpad.LicenseAgents)}); err != nil {
		return err
	}
	fmt.Println("\nportal admin: barbara@example.com's license switched from talk to agents")
	return nil
}

// live watches the real company until interrupted.
func live(ctx context.Context, client *dialpad.Client, o options) error {
	secret := os.Getenv("DIALPAD_WEBHOOK_SECRET")
	if o.csv == "" || o.url == "" || secret == "" {
		return errors.New("with DIALPAD_API_KEY, -csv, -url and DIALPAD_WEBHOOK_SECRET are required")
	}
	people, err := roster.ReadFile(o.csv)
	if err != nil {
		return err
	}
	w, err := roster.NewWatcher(client, people, roster.WatchOptions{
		Plan: roster.PlanOptions{Mode: roster.ModeSync, Offices: split(o.offices), EmailDomains: split(o.domains),
			Protected: split(o.protect)},
		Debounce: o.debounce, Resync: o.resync,
		OnDrift: func(ctx context.Context, p *roster.Plan) error {
			fmt.Printf("%s drift:\n%s", time.Now().Format(time.RFC3339), p)
			if !o.yes {
				return nil
			}
			report, err := roster.Apply(ctx, client, p, roster.ApplyOptions{ContinueOnError: true})
			if report != nil {
				fmt.Printf("applied: %s\n", report.Summary())
			}
			return err
		},
		OnError: func(err error) { log.Print("watch: ", err) },
	})
	if err != nil {
		return err
	}
	h, err := webhook.NewHandler(w.Handle, webhook.Options{Secrets: []string{secret}})
	if err != nil {
		return err
	}
	hs := &http.Server{Addr: o.listen, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		if err := hs.Close(); err != nil {
			log.Print("watch: closing the receiver: ", err)
		}
	}()
	go func() {
		if err := hs.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			log.Fatal("watch: ", err)
		}
	}()
	hook, sub, err := webhook.Register(ctx, client, o.url, secret)
	if err != nil {
		return err
	}
	fmt.Printf("registered webhook %s at %s (change-log subscription %s); listening on %s\n", hook.ID, hook.HookURL, sub.ID, o.listen)
	return w.Run(ctx)
}

// findUser returns the id of the user with an email.
func findUser(ctx context.Context, c *dialpad.Client, email string) (dialpad.ID, error) {
	for u, err := range c.Users.List(ctx, &dialpad.UserListOptions{Email: email}) {
		if err != nil {
			return 0, err
		}
		return u.ID, nil
	}
	return 0, fmt.Errorf("no user %s", email)
}

// split splits a comma-separated flag, dropping empty parts.
func split(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
