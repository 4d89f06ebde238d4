package roster_test

import (
	"bytes"
	"context"
	"errors"
	"log"
	"net/http/httptest"
	"os"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/roster"
	"github.com/dialpad-community/dialpad-go/webhook"
)

// A watcher behind a webhook receiver: a portal admin switches a license,
// the signed change-log event makes the watcher plan again, and the drift
// is reported.
func ExampleNewWatcher() {
	srv, err := dialpadtest.NewDemoServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	people, err := roster.ReadCSV(bytes.NewReader(dialpadtest.DemoEmployeesCSV()))
	if err != nil {
		log.Fatal(err)
	}
	// Watch four people of the New York office, in Dialpad as the roster
	// says.
	opts := roster.PlanOptions{Mode: roster.ModeBatch, Offices: []string{"New York"}}
	var newYork []roster.Person
	for _, p := range people {
		switch p.Email {
		case "dorothy@example.com", "evelyn@example.com", "jean@example.com", "adele@example.com":
			newYork = append(newYork, p)
		}
	}

	drift := make(chan *roster.Plan, 1)
	w, err := roster.NewWatcher(client, newYork, roster.WatchOptions{
		Plan:     opts,
		Debounce: 10 * time.Millisecond,
		OnDrift: func(ctx context.Context, p *roster.Plan) error {
			select {
			case drift <- p:
			case <-ctx.Done():
			}
			return nil
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	const secret = "example-secret"
	h, err := webhook.NewHandler(w.Handle, webhook.Options{Secrets: []string{secret}})
	if err != nil {
		log.Fatal(err)
	}
	receiver := httptest.NewTLSServer(h) // in production: your https URL
	defer receiver.Close()
	srv.SetDeliveryClient(receiver.Client())
	if _, _, err := webhook.Register(ctx, client, receiver.URL, secret); err != nil {
		log.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	// A portal admin gives Jean a new title.
	for u, err := range client.Users.List(ctx, &dialpad.UserListOptions{Email: "jean@example.com"}) {
		if err != nil {
			log.Fatal(err)
		}
		if _, err := client.Users.Update(ctx, u.ID, &dialpad.UpdateUserRequest{JobTitle: dialpad.Ptr("Sales Director")}); err != nil {
			log.Fatal(err)
		}
	}
	var p *roster.Plan
	select {
	case p = <-drift:
	case err := <-done:
		log.Fatal("the watcher stopped: ", err)
	}
	if err := p.WriteText(os.Stdout); err != nil {
		log.Fatal(err)
	}
	if _, err := srv.Flush(ctx); err != nil { // the last deliveries, before the receiver closes
		log.Fatal(err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		log.Fatal(err)
	}
	// Output:
	// roster plan (batch: only the people listed; scope: offices: New York)
	// ~ update jean@example.com  job_title: "Sales Director" → "Sales Rep"
	// 0 to create, 1 to update, 0 to reactivate, 0 to suspend, 0 to delete; 3 unchanged; ~2 requests, ~100ms at 20 requests/s
}
