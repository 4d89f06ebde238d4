// Package dialpad is a typed client for Dialpad's v2 user-management API:
// users, contacts, coaching teams, desk phones, devices, E911 addresses,
// numbers, calls and agent groups, the offices, call centers and
// departments they belong to, and the webhooks and change-log
// subscriptions through which Dialpad announces changes to them.
//
// A Client paces itself under Dialpad's rate limits, retries only what is
// safe to send again, rejects bad input before sending it, and turns every
// failure into a typed error:
//
//	client, err := dialpad.NewClient(os.Getenv("DIALPAD_API_KEY"))
//	if err != nil { ... }
//	u, err := client.Users.Create(ctx, &dialpad.CreateUserRequest{
//		Email:    "ada@example.com",
//		OfficeID: officeID,
//		License:  dialpad.Ptr(dialpad.LicenseTalk),
//	})
//	if err != nil { ... }
//	num, err := client.Numbers.Assign(ctx, u.ID, &dialpad.AssignNumberRequest{AreaCode: dialpad.Ptr("415")})
//
// Each service of the Client (Client.Users, Client.Numbers, ...) covers one
// resource group, and each method's documentation names the endpoint it
// calls. Package dialpadtest is an in-memory Dialpad server to test code
// written against this package, package webhook receives the change-log
// events, and package lifecycle onboards and offboards employees in one
// call each.
//
// # Authentication and the client
//
// Dialpad authenticates a request by its API key, which NewClient takes
// first: NewClient(key, opts...). NewClientFromEnv reads the key from
// DIALPAD_API_KEY and, when it is set, the host from DIALPAD_BASE_URL. An
// empty key is ErrMissingAPIKey and a bad option value (an invalid URL, a
// negative retry count, a rate of zero) is an error from the constructor;
// constructing a client sends nothing. The key travels only in the
// Authorization header, only to the configured host: it is never put in a
// URL, an error (nor any error beneath it that errors.Unwrap reaches, in
// any encoding a server may echo it in), a log line or a printed Client.
//
// The options set the host (WithBaseURL, WithSandbox), the transport
// (WithHTTPClient, whose *http.Client is copied), WithUserAgent,
// WithCompanyID (the DP-Company-ID header, for a key that reaches more than
// one company), the pacing (WithRateLimit, WithLimiter, WithEndpointLimits),
// the retries (WithMaxRetries, default 4; WithRetryWait, default 500ms to
// 30s), WithTimeout (per attempt, default 30s, limiter waits not counted)
// and WithLogger (one slog debug line per attempt and per retry: method,
// path, status and waits, never headers or bodies).
//
// A Client is safe for concurrent use. Create one per API key and share it:
// its rate limiters only work if every goroutine goes through them.
//
// # Ids
//
// Every numeric Dialpad id (user, office, company, coaching team, call
// center, department, persona, group) is an ID, in response fields, request
// fields and path arguments alike, so an id from one answer goes straight
// into the next call: client.Numbers.Assign(ctx, u.ID, ...). An ID decodes
// from a JSON number or from a JSON string holding one, as the live API sends
// them; ID.String gives its decimal form and ParseID reads one from a
// string (a URL, a CSV column, a flag). A zero ID in a path is a
// *ValidationError and nothing is sent. Ids that Dialpad defines as opaque
// strings stay strings: contacts, user devices, desk phones, agent groups;
// a JSON number there is read as its decimal form.
//
// "me" is not accepted for a user: this package is for company-level keys,
// and most user sub-resources take a numeric id. Look the user up instead
// (Users.GetByEmail) and use its ID.
//
// Other integers in responses (counts, seconds) are Int64, which decodes the
// same two forms, and times are Timestamp, in UTC.
//
// # Rate limits
//
// Dialpad allows 20 requests per second per company (CompanyRateLimit) and
// documents a per-minute limit for each endpoint: 1,200 for most, 100 for
// creating contacts, 5 for starting calls and screen pops. Before every
// attempt, retries included, a Client waits on the endpoint's limiter (just
// under its documented rate) and then on the company limiter, which lets at
// most 20 requests leave in any one-second window (plus 40ms of slack for
// the network) and is shared by every goroutine using the Client. A loop of
// any size over a default Client therefore runs as fast as the limits allow
// and does not provoke 429s by itself. A context that ends while a request
// waits for its slot returns at once ("canceled before it was sent"), and a
// deadline that would pass before the slot is refused at once with an error
// matching context.DeadlineExceeded; either way nothing is sent.
//
// Two Clients, or two processes, using one company's key each pace
// themselves at the full rate. Give them one budget with WithLimiter: pass
// the same Limiter to every Client of a process (NewRateLimiter makes one
// that counts requests in a sliding window), or, across processes, a
// Limiter backed by a shared store such as contrib/redislimit's (Redis).
// WithRateLimit replaces the company limiter with one of another rate and
// burst; WithEndpointLimits(false) turns the per-endpoint limiters off, for
// a server that does not enforce them.
//
// # Retries
//
// A 429 answer is always retried, whatever the method, because Dialpad did
// not process the request; the wait honours the Retry-After header (a hint
// over two minutes ends the retries at once and returns the *APIError with
// RetryAfter set). A 5xx answer (except 501) or a failed connection is
// retried only for GET, PUT and DELETE. POST and PATCH are never sent again
// after a 5xx or a dropped connection, because the first attempt may have
// taken effect: creating a user or placing a call twice is worse than an
// error. Check the state (for a user, Users.GetByEmail) before trying such a
// write again yourself. Between attempts the Client backs off exponentially
// with jitter within the WithRetryWait bounds.
//
// # Errors
//
// Every answer with a non-2xx status is an *APIError, carrying the status,
// Dialpad's message and reason, the capped raw body and the Retry-After
// hint; its Error method gives one line naming the call:
//
//	dialpad: GET /api/v2/users/42: 404 Not Found: User not found. (notFound)
//
// errors.Is matches it, through any wrapping, against the sentinel for its
// status: ErrBadRequest (400), ErrUnauthorized (401), ErrForbidden (403),
// ErrNotFound (404) and ErrRateLimited (429, once the retries ran out).
// Users.GetByEmail also returns an error matching ErrNotFound when no user
// has the address.
//
// A *ValidationError means the input was wrong and nothing was sent: a
// missing required field, a phone number that is not E.164, a line break in
// a single-line field, an unknown enum value, a zero or empty id, a page
// Limit over MaxPageSize, a screen-pop URI that is not http or https. Its
// Field names the field by its JSON name.
//
// A 2xx answer that cannot be what the operation documents is
// ErrInvalidResponse, never a zero value: malformed JSON, values of the
// wrong type, a 204, an empty body or null where the operation documents an
// object, {} where that object must carry an id, a number, an address or a
// device, an id below 1, a list item without an id. A body over 10 MiB is
// ErrResponseTooLarge. A transport error is wrapped with the call's method
// and path, and a call whose context ended returns an error matching the
// context's (context.Canceled or context.DeadlineExceeded); one that ended
// before the request went says so ("canceled before it was sent").
//
// # Lists and pagination
//
// Each list operation comes as a pair. List returns an iter.Seq2 that sends
// nothing until ranged over, fetches one page at a time as the loop needs
// it, and stops after the first error or when the loop breaks:
//
//	for u, err := range client.Users.List(ctx, &dialpad.UserListOptions{State: dialpad.UserStateAll}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(u.ID, u.DisplayName)
//	}
//
// ListPage fetches a single page; pass its Cursor in the options'
// ListOptions.Cursor to fetch the next one, and stop when it is empty. That
// suits work that stops and resumes later. ListOptions.Limit is the page
// size: 0 asks for MaxPageSize (100), the largest Dialpad serves. An
// iterator whose server repeats a cursor ends with ErrCursorLoop rather than
// looping forever.
//
// # Updates: pointers, nil and empty lists
//
// Optional scalar fields of request structs are pointers; Ptr makes one
// from a value. Only what is set is sent. In an update (a PATCH such as
// Users.Update) a nil pointer or a nil slice leaves the field as it is,
// while an empty non-nil slice clears the list:
//
//	client.Users.Update(ctx, id, &dialpad.UpdateUserRequest{
//		JobTitle:          dialpad.Ptr("CFO"), // sets the job title
//		ForwardingNumbers: []string{},         // removes every forwarding number
//		// Emails is nil: the addresses stay as they are.
//	})
//
// Enumerated values are typed string constants (LicenseTalk,
// UserStateSuspended, GroupTypeCallCenter, ...); an unknown value is a
// *ValidationError.
//
// # Testing code that uses this package
//
// dialpadtest.NewServer starts an in-memory Dialpad with a seeded company.
// Its NewClient method returns a Client wired to it through an in-memory
// transport, paced to the fake's own rate limits. The limits are off
// unless the server is started with dialpadtest.WithRateLimits, so by
// default neither side paces anything and a test runs as fast as the fake
// answers:
//
//	srv := dialpadtest.NewServer()
//	defer srv.Close()
//	client, err := srv.NewClient()
//
// A test of pacing turns the limits on (dialpadtest.WithRateLimits), and
// NewClient then gives the client the SDK's default limiters, so that no
// request is answered 429; inside a testing/synctest bubble (with
// dialpadtest.WithoutListener) the fake clock measures the pacing
// exactly. The fake also injects failures (FailNext, DropNext, SetLatency)
// and records what it received (Requests).
package dialpad
