// Package dialpadtest is an in-memory fake of Dialpad's v2 user-management,
// organization and change-log event API, for testing code written against
// package dialpad (and for running its examples without an API key), in the
// manner of net/http/httptest and pstest.
//
// NewServer starts the fake on a loopback address, and its NewClient
// method returns a dialpad.Client wired to it:
//
//	srv := dialpadtest.NewServer()
//	defer srv.Close()
//	client, err := srv.NewClient()
//
// The two defaults go together: the server enforces no rate limits unless
// WithRateLimits asks it to, and NewClient paces to the server's limits,
// so the pair runs a thousand requests in a fraction of a second and never
// sees a 429 (see Rate limits). Any client works too: pass the server's
// URL to dialpad.WithBaseURL and its APIKey to dialpad.NewClient.
//
// Without a socket, the server's Transport hands each request straight to
// its Handler (NewClient's clients use it); with WithoutListener, NewServer
// opens no socket at all, so the server works inside a testing/synctest
// bubble, on the bubble's fake clock:
//
//	srv := dialpadtest.NewServer(dialpadtest.WithoutListener())
//	client, err := srv.NewClient() // or give any client dialpad.WithHTTPClient(srv.Client())
//
// # What it serves
//
// All 62 operations of the three OpenAPI subsets the SDK covers, under
// /api/v2/, each named by an Operation constant whose value is its
// operationId (OpUsersGet is "users.get"; Operations lists them): the
// 35 user-management ones (users, numbers, caller ids, E911, calls,
// contacts, devices, desk phones, coaching teams, agent groups), the 17
// organization ones (offices, their plan and available licenses, call
// centers, departments, and the operator lists of all three) and the 10
// event ones (webhooks and change-log subscriptions, whose events the
// server delivers: see InjectChangeLog and WaitDeliveries). Responses have
// the spec's shapes and the live API's habits: int64 ids and counts are JSON
// strings ("id": "5835806903417907"), times are "2006-01-02T15:04:05" in
// UTC, empty optional fields are left out. The fake has wire types of its
// own, written from the specs rather than taken from package dialpad, so
// it checks the SDK's JSON instead of sharing its mistakes. It imports
// package dialpad only for what the two must agree on: dialpad.ID for every
// numeric id of the seeding and inspection API, dialpad.UserState for a
// user's state, dialpad.SameEmail to match emails, and the Client that
// NewClient returns.
//
// Request bodies are checked against the spec: malformed JSON, a body that
// is not valid UTF-8 or not an object, an unknown field, a value of the
// wrong JSON type (an integer field given a string, say) or a missing
// required field is answered 400; a Content-Type other than JSON is 415; a
// body over 1 MiB is 413. A query string with a bad escape ("%ZZ") is 400,
// and a path with an empty, "." or ".." segment ("/api/v2//users") is 404:
// the fake never answers a malformed request with a 2xx, nor redirects it
// to a cleaned path. Every error is written in Dialpad's envelope:
//
//	{"error": {"code": 404, "message": "user 1 not found",
//	           "errors": [{"domain": "global", "reason": "notFound", "message": "user 1 not found"}]}}
//
// As a rule, an unknown id in the path (or in the owner_id, user_id and
// office_id query filters) is 404, while an unknown id inside a request
// body (the office of a new user, a coaching team's new member, a group's
// new operator) is 400.
//
// # Authentication
//
// Requests must carry the server's key (DefaultAPIKey, or WithAPIKey) as
// "Authorization: Bearer <key>" or, as Dialpad also allows, an apikey query
// parameter; otherwise they are answered 401. A DP-Company-ID header naming
// another company than CompanyID is answered 403. "me" in a user path (or
// the user_id filter) stands for the key's owner: SeedAdminUserID in the
// default seed, otherwise the first user added, or whoever SetMe names.
//
// # Behaviour
//
// The server keeps one fake company in memory, behind one mutex:
//
//   - Lists are cursor-paginated and sorted by id: limit defaults to
//     DefaultPageSize (25); a limit above MaxPageSize (100) gets a page of
//     100 as on Dialpad (which also fails such requests at random, 20% of
//     the time; the fake does not); a limit that is not a positive integer,
//     or an unknown cursor (one the server did not hand out for that list,
//     or one cut short or edited), is 400. Cursors are opaque strings;
//     "cursor" is left out of the last page, and an empty one asks for the
//     first page. Desk phones, personas and operator lists
//     are not paginated.
//   - users.list lists active users unless "state" says otherwise; state=all
//     lists every state, deleted users included. It also filters by email
//     (without regard to case), number and company_admin (is_super_admin).
//   - Creating a user needs an existing office with a free seat of the
//     license (Office.Seats) and an email no other user has; either failure
//     is 400, and nothing is created. auto_assign takes the office's first
//     available number (400 when there is none). Active, suspended and
//     pending users hold a seat; deleting a user frees it, returns its
//     numbers to the inventory (status "available") and removes its
//     devices, desk phones, local contacts, coaching team memberships and
//     places on operator lists. A deleted user can still be read by id; any
//     other operation on it is 404.
//   - PATCH users/{id} with "state" suspends ("suspended") or reactivates
//     ("active"); "phone_numbers" may re-order or drop the user's numbers
//     (the first is the primary one); "license" and "office_id" need a free
//     seat. move_office also needs a seat; across countries it replaces the
//     user's numbers.
//   - plan.get reports an office's seats of "talk", "agents" and
//     "lite_support_agents" as its talk, sell and contact-center lines,
//     and its other lines, balance, next billing date and place of primary
//     use from Office.Plan. plan.available_licenses.get reports the seats
//     left (those of active, suspended and pending users taken off, never
//     below zero) and the other lines whole, as nothing in the fake uses
//     them up. Seats of the other licenses appear in neither.
//   - assign_number takes the named number, else the first available one in
//     the area code, else the first available one, from the user's office
//     inventory; it becomes the primary number unless "primary" is false.
//     unassign_number puts it back.
//   - The caller id may be set to one of the user's numbers, the office main
//     line, the number of a call center or department the user is an
//     operator of, or "blocked"; anything else is 400.
//   - Offices, call centers and departments keep operator lists; a user's
//     group_details list exactly the lists it is on (group_type office,
//     callcenter or department, with its role and its DND there). DND for
//     a group (togglednd) and calls on a group's behalf (initiate_call)
//     need a place on its list, except that a user may call for its own
//     office. A call center's "operator" needs a call-center license
//     ("agents" or "lite_support_agents"): users.update refuses to take it
//     away. Agent groups are not call centers: they have no operators.
//   - Adding an operator to a list names a user (operator_type "user";
//     the fake has no rooms, so a room is 400) and a role: "operator" (the
//     default) or "admin", and for call centers "supervisor". Adding a
//     user who is already on the list is not an error: it takes the new
//     role (and skill level), as adding a coaching team member again does.
//     Giving a call center an "operator" without a call-center license
//     switches the user to license_type ("agents" by default), which needs
//     a free seat of it in the user's office (400 otherwise, and nothing
//     changes); keep_paid_numbers false makes a switch to
//     lite_support_agents give the user's numbers back. Removing an
//     operator changes no license, as on Dialpad, and drops the user's DND
//     for the group; removing a user who is not on the list is 400, as
//     unassigning a number the user does not have is.
//   - offices.list lists every office unless active_only=true; the call
//     center and department lists filter by office_id and by name_search,
//     a part of the name without regard to case. The first office added is
//     the primary one (is_primary_office). Hours, routing, hold queues and
//     the like are not modelled: responses show Dialpad's defaults.
//   - Recording and VI need an active call (SetActiveCall; 400 without),
//     VI needs one with CallAI. Screen pops and initiate_call need a device
//     (AddDevice; 400 without); initiate_call records the call
//     (InitiatedCalls).
//   - PUT contacts with a uid creates the shared contact "shared_uid_<uid>",
//     or replaces it when the uid comes again.
//
// # Rate limits
//
// The limits are off by default, so that a test runs as fast as the fake
// answers. With WithRateLimits (or SetRateLimits(true)) the server enforces
// Dialpad's limits per API key and answers 429 with a Retry-After header
// (whole seconds) and the envelope: at most CompanyRateLimit (20) requests
// in any sliding one-second window, and each operation's documented
// per-minute limit (EndpointRateLimit: 1200 for most, 100 for creating
// contacts, 5 for initiate_call and screen pops) over a sliding minute.
// Refused requests do not count. The windows follow the server's clock,
// which WithClock or SetTimeNowFunc replace, so tests can be exact and
// fast; inside a testing/synctest bubble it is the bubble's fake clock.
//
// A client from NewClient paces to the limits the server has when the
// client is made: not at all while they are off, with the SDK's default
// company and per-endpoint limiters while they are on, so that it draws no
// 429 either way. To see how code copes with 429 answers, turn the limits
// on and give the client no pacing (dialpad.WithRateLimit with a high
// rate, dialpad.WithEndpointLimits(false)), or inject them with FailNext.
//
// # Faults and inspection
//
// FailNext, DropNext and SetLatency inject failures, dropped connections
// and delays into one operation. Requests returns copies of what the server
// received (operation, method, path, query, headers, body, time, status).
// The seeding methods (AddOffice, AddNumbers, AddUser, AddContact,
// AddCoachingTeam, AddAgentGroup, AddCallCenter, AddDepartment,
// AddOfficeOperator, AddCallCenterOperator, AddDepartmentOperator,
// AddDevice, AddDeskPhone, AddPersona, SetActiveCall) take typed values
// and return errors; User, Office, CallCenter, Department, Number,
// Contact, FreeSeats, ActiveCall and InitiatedCalls read the state back.
// Every numeric id they take or return, and every id field of their
// types, is a dialpad.ID, so a seeded id passes straight to the client and
// an id the client returns straight back to the server.
package dialpadtest
