package dialpadtest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

// The fake starts with a small company (see the Seed constants); point a
// client at it with WithBaseURL.
func Example() {
	srv := dialpadtest.NewServer()
	defer srv.Close()

	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for u, err := range client.Users.List(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.DisplayName, u.PhoneNumbers, u.License)
	}

	u, err := client.Users.Create(ctx, &dialpad.CreateUserRequest{
		Email:      "new.hire@example.com",
		OfficeID:   dialpadtest.SeedOfficeID,
		FirstName:  dialpad.Ptr("New"),
		LastName:   dialpad.Ptr("Hire"),
		AutoAssign: dialpad.Ptr(true),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.DisplayName, u.PhoneNumbers, u.State)

	free, _ := srv.FreeSeats(dialpadtest.SeedOfficeID, "talk")
	fmt.Println("free talk seats:", free)
	// Output:
	// Grace Hopper [+16465550101] agents
	// Ada Lovelace [+14155550101] talk
	// New Hire [+14155550103] active
	// free talk seats: 7
}

// Start empty and seed exactly what a test needs.
func ExampleServer_AddUser() {
	srv := dialpadtest.NewServer(dialpadtest.WithEmptyState())
	defer srv.Close()

	office, err := srv.AddOffice(dialpadtest.Office{Name: "Lab", Seats: map[string]int{"talk": 1}})
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.AddNumbers(office, "+15035550101", "+15035550102"); err != nil {
		log.Fatal(err)
	}
	if _, err := srv.AddUser(dialpadtest.User{OfficeID: office, FirstName: "Pat", Emails: []string{"pat@example.com"},
		PhoneNumbers: []string{"+15035550101"}}); err != nil {
		log.Fatal(err)
	}

	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Users.Create(context.Background(), &dialpad.CreateUserRequest{Email: "sam@example.com", OfficeID: office})
	fmt.Println(errors.Is(err, dialpad.ErrBadRequest))
	fmt.Println(err)
	// Output:
	// true
	// dialpad: POST /api/v2/users: 400 Bad Request: office 7000000000000001 has no free talk license seat (badRequest)
}

// Inject a failure and watch the client retry.
func ExampleServer_FailNext() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	if err := srv.FailNext("users.get", 1, http.StatusServiceUnavailable); err != nil {
		log.Fatal(err)
	}

	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	me, err := client.Users.Get(context.Background(), dialpadtest.SeedAdminUserID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.DisplayName)
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status)
	}
	// Output:
	// Ada Lovelace
	// GET /api/v2/users/5835806903417907 503
	// GET /api/v2/users/5835806903417907 200
}
