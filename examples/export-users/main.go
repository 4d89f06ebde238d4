// Command export-users writes every user of the company as CSV to stdout,
// streaming page by page through the SDK's iterator, so memory stays flat
// however large the company is.
//
//	go run ./examples/export-users [-state all] > users.csv
//
// Without DIALPAD_API_KEY it exports the embedded fake server's users.
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func main() {
	log.SetFlags(0)
	state := flag.String("state", "all", "which users: active, suspended, deleted, pending, cancelled or all")
	flag.Parse()
	if err := run(context.Background(), dialpad.UserState(*state)); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, state dialpad.UserState) error {
	client, fake, err := newClient()
	if err != nil {
		return err
	}
	if fake != nil {
		defer fake.Close()
	}

	w := csv.NewWriter(os.Stdout)
	_ = w.Write([]string{"id", "email", "first_name", "last_name", "state", "license", "office_id", "phone_numbers", "job_title"})
	n := 0
	for u, err := range client.Users.List(ctx, &dialpad.UserListOptions{State: state}) {
		if err != nil {
			return err
		}
		email := ""
		if len(u.Emails) > 0 {
			email = u.Emails[0]
		}
		_ = w.Write([]string{
			u.ID.String(), email, u.FirstName, u.LastName, string(u.State),
			string(u.License), u.OfficeID.String(), strings.Join(u.PhoneNumbers, " "), u.JobTitle,
		})
		n++
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "export-users: %d users\n", n)
	return nil
}

// newClient returns a client for the real Dialpad API when DIALPAD_API_KEY
// is set (and DIALPAD_BASE_URL, optionally). Without a key it starts the
// in-memory fake from dialpadtest, says so on stderr, and returns it too:
// fake is nil against the real API, and the caller closes it when done.
func newClient() (client *dialpad.Client, fake *dialpadtest.Server, err error) {
	if os.Getenv("DIALPAD_API_KEY") != "" {
		client, err = dialpad.NewClientFromEnv()
		return client, nil, err
	}
	fake = dialpadtest.NewServer()
	fmt.Fprintf(os.Stderr, "DIALPAD_API_KEY is not set: using the embedded fake Dialpad server at %s\n", fake.URL)
	client, err = dialpad.NewClient(fake.APIKey, dialpad.WithBaseURL(fake.URL))
	if err != nil {
		fake.Close()
		return nil, nil, err
	}
	return client, fake, nil
}
