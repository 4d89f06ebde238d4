package dialpad_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/webhook"
)

// Register a webhook with a secret, so that Dialpad signs what it
// delivers; the secret must be a single line and the URL https.
func ExampleWebhooksService_Create() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	hook, err := client.Webhooks.Create(ctx, &dialpad.CreateWebhookRequest{
		HookURL: "https://hooks.example.com/dialpad/events",
		Secret:  dialpad.Ptr("s3cret"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(hook.HookURL, hook.Signature.Type, hook.Signature.Algo)

	_, err = client.Webhooks.Create(ctx, &dialpad.CreateWebhookRequest{HookURL: "http://hooks.example.com/dialpad/events"})
	fmt.Println(err)
	// Output:
	// https://hooks.example.com/dialpad/events jwt HS256
	// dialpad: invalid hook_url: must be an https URL, got scheme "http"
}

// Subscribe a webhook to change-log events, and receive one: the fake
// server delivers a signed event for a change made through its API to a
// webhook.Handler.
func ExampleChangeLogSubscriptionsService_Create() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	events := make(chan *webhook.ChangeLogEvent, 10)
	h, err := webhook.NewHandler(func(_ context.Context, ev *webhook.ChangeLogEvent) error {
		events <- ev
		return nil
	}, webhook.Options{Secrets: []string{"s3cret"}})
	if err != nil {
		log.Fatal(err)
	}
	receiver := httptest.NewTLSServer(h)
	defer receiver.Close()
	srv.SetDeliveryClient(receiver.Client()) // trusts the receiver's test certificate

	hook, err := client.Webhooks.Create(ctx, &dialpad.CreateWebhookRequest{HookURL: receiver.URL, Secret: dialpad.Ptr("s3cret")})
	if err != nil {
		log.Fatal(err)
	}
	sub, err := client.ChangeLogSubscriptions.Create(ctx, &dialpad.CreateChangeLogSubscriptionRequest{EndpointID: hook.ID})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("enabled:", sub.Enabled)

	if _, err := client.Users.Update(ctx, dialpadtest.SeedAgentUserID, &dialpad.UpdateUserRequest{JobTitle: dialpad.Ptr("Rear Admiral")}); err != nil {
		log.Fatal(err)
	}
	ev := <-events
	fmt.Println(ev.Action, ev.Target.Type, ev.Target.ID == dialpadtest.SeedAgentUserID)
	// Output:
	// enabled: true
	// user_updated user true
}
