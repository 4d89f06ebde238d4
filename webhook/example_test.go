package webhook_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/dialpad-community/dialpad-go/webhook"
)

// signedDelivery is what Dialpad POSTs to a webhook with a secret: the
// event as the claims of an HS256 JWT.
func signedDelivery(secret string) string {
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"date":       1733367600123,
		"action":     "operator_removed",
		"note":       "Grace was removed from Support",
		"target":     map[string]any{"type": "call_center", "id": "4500000000000001"},
		"changed_by": map[string]any{"name": "Ada Lovelace", "id": "5000000000000001", "type": "user"},
	}).SignedString([]byte(secret))
	if err != nil {
		log.Fatal(err)
	}
	return tok
}

// Verify and decode one delivery by hand, with the webhook's secret.
func ExampleParseChangeLog() {
	body := []byte(signedDelivery("s3cret"))

	ev, err := webhook.ParseChangeLog(body, "s3cret")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ev.Action, ev.Target.Type, ev.Target.ID)
	fmt.Println(ev.ChangedBy.Name, ev.Date.Format("2006-01-02 15:04:05.000"))

	_, err = webhook.ParseChangeLog(body, "another secret")
	fmt.Println(err != nil)
	// Output:
	// operator_removed call_center 4500000000000001
	// Ada Lovelace 2024-12-05 03:00:00.123
	// true
}

// Mount a Handler at the webhook's URL. During a secret rotation it is
// given both secrets, the new one first.
func ExampleNewHandler() {
	events := make(chan *webhook.ChangeLogEvent, 100)
	h, err := webhook.NewHandler(func(_ context.Context, ev *webhook.ChangeLogEvent) error {
		events <- ev // hand it on: Dialpad is waiting for the answer
		return nil
	}, webhook.Options{Secrets: []string{"new-secret", "old-secret"}})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(h) // in production: http.Handle("/dialpad/events", h)
	defer srv.Close()

	for _, body := range []string{
		signedDelivery("old-secret"),
		signedDelivery("old-secret"), // Dialpad retried: acknowledged, not handed over again
		signedDelivery("forged"),
	} {
		resp, err := http.Post(srv.URL, "application/jwt", strings.NewReader(body))
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	ev := <-events
	fmt.Println(ev.Action, ev.Target.ID, len(events))
	// Output:
	// 204
	// 204
	// 401
	// operator_removed 4500000000000001 0
}
