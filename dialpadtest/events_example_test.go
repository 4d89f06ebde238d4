package dialpadtest_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/webhook"
)

// Send a change-log event by hand, as if an admin had changed a user in
// the portal, and wait for its delivery without sleeping.
func ExampleServer_InjectChangeLog() {
	srv := dialpadtest.NewServer()
	defer srv.Close()

	h, err := webhook.NewHandler(func(_ context.Context, ev *webhook.ChangeLogEvent) error {
		fmt.Println("received", ev.Action, ev.Target.ID)
		return nil
	}, webhook.Options{Secrets: []string{"s3cret"}})
	if err != nil {
		log.Fatal(err)
	}
	receiver := httptest.NewServer(h) // loopback: the default delivery client reaches it
	defer receiver.Close()
	hook, err := srv.AddWebhook(receiver.URL, "s3cret")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := srv.AddChangeLogSubscription(hook, true); err != nil {
		log.Fatal(err)
	}

	n := srv.InjectChangeLog(webhook.ChangeLogEvent{
		Action: "user_updated",
		Target: webhook.Target{Type: "user", ID: dialpadtest.SeedAgentUserID},
	})
	ds, err := srv.WaitDeliveries(context.Background(), n)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(ds), ds[0].Status)
	// Output:
	// received user_updated 4335858969377504
	// 1 204
}
