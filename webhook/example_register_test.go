package webhook_test

import (
	"context"
	"fmt"
	"log"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/webhook"
)

// Register at every start of a receiver: the first call creates the
// webhook and its subscription, the next ones find and reuse them.
func ExampleRegister() {
	srv := dialpadtest.NewServer(dialpadtest.WithEmptyState())
	defer srv.Close()
	client, err := srv.NewClient() // with a real key: dialpad.NewClientFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for range 3 {
		hook, sub, err := webhook.Register(ctx, client, "https://hooks.example.com/dialpad", "s3cret")
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(hook.HookURL, "subscribed:", sub.Enabled, "same webhook:", sub.Webhook.ID == hook.ID)
	}
	fmt.Println("webhooks:", len(srv.Webhooks()), "subscriptions:", len(srv.ChangeLogSubscriptions()))
	// Output:
	// https://hooks.example.com/dialpad subscribed: true same webhook: true
	// https://hooks.example.com/dialpad subscribed: true same webhook: true
	// https://hooks.example.com/dialpad subscribed: true same webhook: true
	// webhooks: 1 subscriptions: 1
}
