package redislimit_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"

	"github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/contrib/redislimit"
	"github.com/redis/go-redis/v9"
)

// Four replicas of a service share one company's 20 requests per second.
// Each runs this; while Redis is unreachable each paces itself at a quarter
// of the budget.
func Example() {
	rdb := redis.NewClient(redislimit.RedisOptions("localhost:6379"))
	defer func() {
		if err := rdb.Close(); err != nil {
			log.Print(err)
		}
	}()

	lim, err := redislimit.New(rdb, os.Getenv("DIALPAD_COMPANY_ID"),
		redislimit.WithReplicas(4),
		redislimit.WithLogger(slog.Default()))
	if err != nil {
		log.Fatal(err)
	}
	client, err := dialpad.NewClient(os.Getenv("DIALPAD_API_KEY"), dialpad.WithLimiter(lim))
	if err != nil {
		log.Fatal(err)
	}
	for u, err := range client.Users.List(context.Background(), nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.ID, u.DisplayName)
	}
}

// With WithFailClosed nothing is sent while Redis is unreachable: the call
// fails with an error wrapping ErrUnavailable.
func ExampleWithFailClosed() {
	rdb := redis.NewClient(redislimit.RedisOptions("localhost:6379"))
	defer func() {
		if err := rdb.Close(); err != nil {
			log.Print(err)
		}
	}()

	lim, err := redislimit.New(rdb, os.Getenv("DIALPAD_COMPANY_ID"), redislimit.WithFailClosed())
	if err != nil {
		log.Fatal(err)
	}
	client, err := dialpad.NewClient(os.Getenv("DIALPAD_API_KEY"), dialpad.WithLimiter(lim))
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Users.Get(context.Background(), 12345)
	if errors.Is(err, redislimit.ErrUnavailable) {
		log.Print("rate-limit store is down; try again later")
	}
}
