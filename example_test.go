package dialpad_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

// Every example runs against dialpadtest, the in-memory Dialpad server, whose
// seeded company has an office (dialpadtest.SeedOfficeID) and three users:
// Ada Lovelace (an admin), Grace Hopper (an agent) and the suspended Alan
// Turing. A program talking to the real API builds its client the same way,
// without WithBaseURL (or with WithSandbox).

// Onboarding in two calls: create the user, then give it a number. The id
// from the first answer goes straight into the second call.
func Example() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	u, err := client.Users.Create(ctx, &dialpad.CreateUserRequest{
		Email:     "katherine@example.com",
		OfficeID:  dialpadtest.SeedOfficeID,
		FirstName: dialpad.Ptr("Katherine"),
		LastName:  dialpad.Ptr("Johnson"),
		License:   dialpad.Ptr(dialpad.LicenseTalk),
	})
	if err != nil {
		log.Fatal(err)
	}
	num, err := client.Numbers.Assign(ctx, u.ID, &dialpad.AssignNumberRequest{AreaCode: dialpad.Ptr("646")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.DisplayName, u.State, u.License)
	fmt.Println(num.Number)

	u, err = client.Users.Get(ctx, u.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.PhoneNumbers)
	// Output:
	// Katherine Johnson active talk
	// +16465550102
	// [+16465550102]
}

func ExampleNewClient() {
	client, err := dialpad.NewClient("my-api-key",
		dialpad.WithSandbox(),
		dialpad.WithUserAgent("acme-provisioning/1.4"),
		dialpad.WithTimeout(10*time.Second),
	)
	if err != nil {
		log.Fatal(err)
	}
	_ = client // no request has been sent yet
	fmt.Println("ready")

	_, err = dialpad.NewClient("")
	fmt.Println(errors.Is(err, dialpad.ErrMissingAPIKey))

	_, err = dialpad.NewClient("my-api-key", dialpad.WithRetryWait(time.Minute, time.Second))
	fmt.Println(err)
	// Output:
	// ready
	// true
	// dialpad: WithRetryWait: need 0 <= min <= max, got 1m0s and 1s
}

func ExampleNewClientFromEnv() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	// A program gets these from its environment, for example
	//
	//	DIALPAD_API_KEY=... DIALPAD_BASE_URL=https://sandbox.dialpad.com ./provision
	//
	// Here they point at the fake.
	_ = os.Setenv("DIALPAD_API_KEY", srv.APIKey)
	_ = os.Setenv("DIALPAD_BASE_URL", srv.URL)
	defer func() { _ = os.Unsetenv("DIALPAD_BASE_URL") }()
	defer func() { _ = os.Unsetenv("DIALPAD_API_KEY") }()

	// Options given here add to what the environment says.
	client, err := dialpad.NewClientFromEnv(dialpad.WithUserAgent("acme-provisioning/1.4"))
	if err != nil {
		log.Fatal(err)
	}
	id, err := dialpad.ParseID("5835806903417907") // from a flag, a URL, a CSV column...
	if err != nil {
		log.Fatal(err)
	}
	u, err := client.Users.Get(context.Background(), id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.DisplayName)

	_ = os.Unsetenv("DIALPAD_API_KEY")
	_, err = dialpad.NewClientFromEnv()
	fmt.Println(err)
	fmt.Println(errors.Is(err, dialpad.ErrMissingAPIKey))
	// Output:
	// Ada Lovelace
	// dialpad: missing API key: DIALPAD_API_KEY is not set
	// true
}

func ExampleParseID() {
	id, err := dialpad.ParseID("5835806903417907")
	fmt.Println(id, err)

	_, err = dialpad.ParseID("me")
	fmt.Println(err)
	// Output:
	// 5835806903417907 <nil>
	// dialpad: "me" is not a Dialpad id (a positive decimal number)
}

func ExampleUsersService_Get() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	u, err := client.Users.Get(context.Background(), dialpadtest.SeedAdminUserID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.ID, u.DisplayName, u.OfficeID, u.License, u.State)
	fmt.Println(u.Emails, u.PhoneNumbers, u.IsSuperAdmin)
	fmt.Println(u.DateAdded.Format(time.RFC3339))
	// Output:
	// 5835806903417907 Ada Lovelace 6422934115149452 talk active
	// [ada@example.com] [+14155550101] true
	// 2021-06-20T19:18:00Z
}

func ExampleUsersService_List() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	// The loop fetches pages as it needs them (here of one user each, to
	// show it); break stops it, and no further page is fetched.
	opts := &dialpad.UserListOptions{State: dialpad.UserStateAll, ListOptions: dialpad.ListOptions{Limit: 1}}
	for u, err := range client.Users.List(context.Background(), opts) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.ID, u.DisplayName, u.State)
	}
	// Output:
	// 4335858969377504 Grace Hopper active
	// 5137304475768569 Alan Turing suspended
	// 5835806903417907 Ada Lovelace active
}

func ExampleUsersService_ListPage() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	// One page at a time, for work that stops and resumes: keep the
	// cursor, and pass it back to continue. An empty cursor ends the list.
	opts := &dialpad.UserListOptions{State: dialpad.UserStateAll, ListOptions: dialpad.ListOptions{Limit: 2}}
	for page := 1; ; page++ {
		p, err := client.Users.ListPage(context.Background(), opts)
		if err != nil {
			log.Fatal(err)
		}
		for _, u := range p.Items {
			fmt.Println(page, u.DisplayName)
		}
		if p.Cursor == "" {
			break
		}
		opts.Cursor = p.Cursor
	}
	// Output:
	// 1 Grace Hopper
	// 1 Alan Turing
	// 2 Ada Lovelace
}

func ExampleUsersService_Update() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	const ada = dialpadtest.SeedAdminUserID

	// Only what is set is sent: optional scalars are pointers (dialpad.Ptr).
	u, err := client.Users.Update(ctx, ada, &dialpad.UpdateUserRequest{
		JobTitle:          dialpad.Ptr("Analyst"),
		ForwardingNumbers: []string{"+14155550199"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.JobTitle, u.ForwardingNumbers)

	// A nil slice leaves the list alone...
	u, err = client.Users.Update(ctx, ada, &dialpad.UpdateUserRequest{JobTitle: dialpad.Ptr("Chief Analyst")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.JobTitle, u.ForwardingNumbers)

	// ...and an empty, non-nil one clears it.
	u, err = client.Users.Update(ctx, ada, &dialpad.UpdateUserRequest{ForwardingNumbers: []string{}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.JobTitle, u.ForwardingNumbers)

	reqs := srv.Requests()
	for _, r := range reqs[len(reqs)-3:] {
		fmt.Printf("%s %s\n", r.Method, r.Body)
	}
	// Output:
	// Analyst [+14155550199]
	// Chief Analyst [+14155550199]
	// Chief Analyst []
	// PATCH {"job_title":"Analyst","forwarding_numbers":["+14155550199"]}
	// PATCH {"job_title":"Chief Analyst"}
	// PATCH {"forwarding_numbers":[]}
}

func ExampleUsersService_GetByEmail() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	// Users in every state but deleted are found: Alan is suspended.
	u, err := client.Users.GetByEmail(ctx, "Alan@Example.com")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.ID, u.DisplayName, u.State)

	_, err = client.Users.GetByEmail(ctx, "nobody@example.com")
	if errors.Is(err, dialpad.ErrNotFound) {
		fmt.Println("no such user")
	}
	// Output:
	// 5137304475768569 Alan Turing suspended
	// no such user
}

func ExampleAPIError() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	_, err = client.Users.Get(context.Background(), 7)
	// Sentinels match through any wrapping...
	if errors.Is(fmt.Errorf("offboarding: %w", err), dialpad.ErrNotFound) {
		fmt.Println("no such user")
	}
	// ...and the *APIError has the details.
	var apiErr *dialpad.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Reason, apiErr.Message)
	}
	fmt.Println(err)
	// Output:
	// no such user
	// 404 notFound user 7 not found
	// dialpad: GET /api/v2/users/7: 404 Not Found: user 7 not found (notFound)
}

func ExampleValidationError() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	_, err = client.Users.Create(ctx, &dialpad.CreateUserRequest{
		Email:    "ada@example.com",
		OfficeID: dialpadtest.SeedOfficeID,
		License:  dialpad.Ptr(dialpad.License("support")),
	})
	var ve *dialpad.ValidationError
	if errors.As(err, &ve) {
		fmt.Println("invalid field:", ve.Field)
	}
	_, err = client.Users.SetCallerID(ctx, dialpadtest.SeedAdminUserID, "415-555-1001")
	fmt.Println(err)
	_, err = client.Users.Get(ctx, 0)
	fmt.Println(err)

	// A *ValidationError means nothing was sent.
	fmt.Println(len(srv.Requests()), "requests reached the server")
	// Output:
	// invalid field: license
	// dialpad: invalid caller_id: "415-555-1001" is neither an E.164 number nor "blocked"
	// dialpad: invalid id: must be a positive id, got 0
	// 0 requests reached the server
}

// Retries never repeat a side effect: a GET answered 503 is sent again, a
// POST is not, since the server may have acted on it before failing.
func Example_retries() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL),
		dialpad.WithRetryWait(time.Millisecond, 10*time.Millisecond)) // short backoff for the example
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	if err := srv.FailNext("users.get", 1, http.StatusServiceUnavailable); err != nil {
		log.Fatal(err)
	}
	u, err := client.Users.Get(ctx, dialpadtest.SeedAdminUserID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("GET after a 503:", u.DisplayName)

	if err := srv.FailNext("users.create", 1, http.StatusServiceUnavailable); err != nil {
		log.Fatal(err)
	}
	_, err = client.Users.Create(ctx, &dialpad.CreateUserRequest{Email: "mary@example.com", OfficeID: dialpadtest.SeedOfficeID})
	var apiErr *dialpad.APIError
	if errors.As(err, &apiErr) {
		fmt.Println("POST after a 503:", apiErr.StatusCode)
	}

	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status)
	}
	// Output:
	// GET after a 503: Ada Lovelace
	// POST after a 503: 503
	// GET /api/v2/users/5835806903417907 503
	// GET /api/v2/users/5835806903417907 200
	// POST /api/v2/users 503
}

// countingLimiter is a Limiter of one's own: it counts the requests it lets
// go, and leaves the pacing to the limiter it wraps.
type countingLimiter struct {
	next dialpad.Limiter
	n    atomic.Int64
}

func (l *countingLimiter) Wait(ctx context.Context) error {
	l.n.Add(1)
	return l.next.Wait(ctx)
}

// Two clients of one company share one budget by sharing one Limiter. Across
// processes, the Limiter would keep its state in a shared store (see
// contrib/redislimit).
func ExampleWithLimiter() {
	srv := dialpadtest.NewServer()
	defer srv.Close()

	shared := &countingLimiter{next: dialpad.NewRateLimiter(dialpad.CompanyRateLimit, 1)}
	provisioning, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL), dialpad.WithLimiter(shared))
	if err != nil {
		log.Fatal(err)
	}
	reporting, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL), dialpad.WithLimiter(shared))
	if err != nil {
		log.Fatal(err)
	}

	ctx := context.Background()
	if _, err := provisioning.Users.Get(ctx, dialpadtest.SeedAdminUserID); err != nil {
		log.Fatal(err)
	}
	for _, err := range reporting.Users.List(ctx, nil) {
		if err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(shared.n.Load(), "requests paced by the shared limiter")
	// Output:
	// 2 requests paced by the shared limiter
}
