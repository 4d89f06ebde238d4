package dialpad_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// fakeDialpad stands in for Dialpad in these examples: it answers each
// "METHOD /path" in routes with the JSON given, and anything else with
// Dialpad's 404 envelope.
func fakeDialpad(routes map[string]string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		key := r.Method + " " + r.URL.Path
		if c := r.URL.Query().Get("cursor"); c != "" {
			key += "?cursor=" + c
		}
		body, ok := routes[key]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error": {"code": 404, "message": "User not found.", "errors": [{"reason": "notFound", "message": "User not found."}]}}`)
			return
		}
		_, _ = io.WriteString(w, body)
	}))
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
	// DIALPAD_API_KEY holds the key; DIALPAD_BASE_URL, when set, the host.
	client, err := dialpad.NewClientFromEnv(dialpad.WithCompanyID("4508591728425653"))
	if errors.Is(err, dialpad.ErrMissingAPIKey) {
		fmt.Fprintln(os.Stderr, "set DIALPAD_API_KEY")
		return
	}
	if err != nil {
		log.Fatal(err)
	}
	id, err := dialpad.ParseID(os.Getenv("DIALPAD_USER_ID"))
	if err != nil {
		log.Fatal(err)
	}
	u, err := client.Users.Get(context.Background(), id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.DisplayName)
}

func ExampleUsersService_Get() {
	srv := fakeDialpad(map[string]string{
		"GET /api/v2/users/5835806903417907": `{"id": "5835806903417907", "display_name": "Ada Lovelace",
			"office_id": 6422934115149452, "license": "talk", "state": "active", "date_added": "2021-06-20T19:18:00"}`,
	})
	defer srv.Close()
	client, err := dialpad.NewClient("my-api-key", dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	u, err := client.Users.Get(context.Background(), 5835806903417907)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.ID, u.DisplayName, u.OfficeID, u.License, u.State)
	fmt.Println(u.DateAdded.Format(time.RFC3339))
	// Output:
	// 5835806903417907 Ada Lovelace 6422934115149452 talk active
	// 2021-06-20T19:18:00Z
}

func ExampleUsersService_List() {
	srv := fakeDialpad(map[string]string{
		"GET /api/v2/users":           `{"items": [{"id": "1", "display_name": "Ada"}, {"id": "2", "display_name": "Grace"}], "cursor": "p2"}`,
		"GET /api/v2/users?cursor=p2": `{"items": [{"id": "3", "display_name": "Hedy"}]}`,
	})
	defer srv.Close()
	client, err := dialpad.NewClient("my-api-key", dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	// The loop fetches the next page when it needs it; break stops there.
	for u, err := range client.Users.List(context.Background(), &dialpad.UserListOptions{State: dialpad.UserStateActive}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u.ID, u.DisplayName)
	}
	// Output:
	// 1 Ada
	// 2 Grace
	// 3 Hedy
}

func ExampleUsersService_Update() {
	// This server echoes the body it got, to show what Update sends.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("%s %s %s\n", r.Method, r.URL.Path, body)
		_, _ = io.WriteString(w, `{"id": "42", "job_title": "CFO"}`)
	}))
	defer srv.Close()
	client, err := dialpad.NewClient("my-api-key", dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	// Set fields are sent; nil ones are left as they are; an empty,
	// non-nil list clears the list.
	u, err := client.Users.Update(context.Background(), 42, &dialpad.UpdateUserRequest{
		JobTitle:          dialpad.Ptr("CFO"),
		ForwardingNumbers: []string{},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.ID, u.JobTitle)
	// Output:
	// PATCH /api/v2/users/42 {"job_title":"CFO","forwarding_numbers":[]}
	// 42 CFO
}

func ExampleUsersService_GetByEmail() {
	srv := fakeDialpad(map[string]string{
		"GET /api/v2/users": `{"items": []}`,
	})
	defer srv.Close()
	client, err := dialpad.NewClient("my-api-key", dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	_, err = client.Users.GetByEmail(context.Background(), "nobody@example.com")
	fmt.Println(errors.Is(err, dialpad.ErrNotFound))
	// Output:
	// true
}

func ExampleAPIError() {
	srv := fakeDialpad(nil) // every user is missing
	defer srv.Close()
	client, err := dialpad.NewClient("my-api-key", dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	_, err = client.Users.Get(context.Background(), 7)
	if errors.Is(err, dialpad.ErrNotFound) {
		fmt.Println("no such user")
	}
	var apiErr *dialpad.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Reason, apiErr.Message)
	}
	fmt.Println(err)
	// Output:
	// no such user
	// 404 notFound User not found.
	// dialpad: GET /api/v2/users/7: 404 Not Found: User not found. (notFound)
}

func ExampleValidationError() {
	client, err := dialpad.NewClient("my-api-key")
	if err != nil {
		log.Fatal(err)
	}

	// Caught before anything is sent.
	_, err = client.Users.Create(context.Background(), &dialpad.CreateUserRequest{
		Email:    "ada@example.com",
		OfficeID: 6422934115149452,
		License:  dialpad.Ptr(dialpad.License("support")),
	})
	var ve *dialpad.ValidationError
	if errors.As(err, &ve) {
		fmt.Println(ve.Field)
	}
	_, err = client.Users.SetCallerID(context.Background(), 5835806903417907, "415-555-1001")
	fmt.Println(err)
	// Output:
	// license
	// dialpad: invalid caller_id: "415-555-1001" is neither an E.164 number nor "blocked"
}

func ExampleWithLimiter() {
	// Several processes sharing one company budget would pass a Limiter
	// backed by a shared store; here, a stricter local pace.
	client, err := dialpad.NewClient("my-api-key", dialpad.WithLimiter(dialpad.NewRateLimiter(5, 1)))
	if err != nil {
		log.Fatal(err)
	}
	_ = client
}
