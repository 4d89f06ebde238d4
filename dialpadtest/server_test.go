package dialpadtest_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func TestAuthentication(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	path := "/api/v2/users/" + id(dialpadtest.SeedAdminUserID)

	sendWith(t, srv, "GET", path, nil, nil).fails(t, http.StatusUnauthorized, "missing API key")
	sendWith(t, srv, "GET", path, nil, http.Header{"Authorization": {"Bearer wrong"}}).fails(t, http.StatusUnauthorized, "invalid API key")
	sendWith(t, srv, "GET", path, nil, http.Header{"Authorization": {"Basic " + srv.APIKey}}).fails(t, http.StatusUnauthorized, "Bearer")
	sendWith(t, srv, "GET", path+"?apikey=wrong", nil, nil).fails(t, http.StatusUnauthorized, "invalid API key")
	sendWith(t, srv, "GET", path+"?apikey="+srv.APIKey, nil, nil).ok(t)
	sendWith(t, srv, "GET", path, nil, http.Header{"Authorization": {"bearer " + srv.APIKey}}).ok(t)

	// DP-Company-ID must name the server's company.
	h := http.Header{"Authorization": {"Bearer " + srv.APIKey}, "Dp-Company-Id": {"42"}}
	sendWith(t, srv, "GET", path, nil, h).fails(t, http.StatusForbidden, "company 42")
	h.Set("DP-Company-ID", id(dialpadtest.CompanyID))
	sendWith(t, srv, "GET", path, nil, h).ok(t)

	// A 401 changes nothing and is recorded.
	reqs := srv.Requests()
	if reqs[0].Status != http.StatusUnauthorized || reqs[0].Operation != "users.get" {
		t.Errorf("first request recorded as %+v", reqs[0])
	}
}

func TestWithAPIKey(t *testing.T) {
	t.Parallel()
	srv := newServer(t, dialpadtest.WithAPIKey("sk_other"), dialpadtest.WithAPIKey(""))
	if srv.APIKey != "sk_other" {
		t.Fatalf("APIKey = %q", srv.APIKey)
	}
	send(t, srv, "GET", "/api/v2/users", nil).ok(t)
	sendWith(t, srv, "GET", "/api/v2/users", nil, http.Header{"Authorization": {"Bearer " + dialpadtest.DefaultAPIKey}}).
		fails(t, http.StatusUnauthorized, "invalid")
}

func TestRouting(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	send(t, srv, "GET", "/api/v2/nope", nil).fails(t, http.StatusNotFound, "no such endpoint")
	send(t, srv, "GET", "/api/v2/users/", nil).fails(t, http.StatusNotFound, "")
	r := send(t, srv, "PUT", "/api/v2/users", nil)
	r.fails(t, http.StatusMethodNotAllowed, "PUT")
	if got := r.header.Get("Allow"); got != "GET, POST" {
		t.Errorf("Allow = %q", got)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 || reqs[0].Operation != "" || reqs[2].Status != http.StatusMethodNotAllowed {
		t.Errorf("requests = %+v", reqs)
	}
}

func TestRequestBodies(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	path := "/api/v2/users/" + id(dialpadtest.SeedAdminUserID) + "/status"
	for _, tc := range []struct {
		name, body, msg string
	}{
		{"malformed", `{"status_message": `, "malformed JSON"},
		{"syntax", `{"status_message" "x"}`, "malformed JSON"},
		{"array", `["x"]`, "JSON object"},
		{"unknown field", `{"status_message": "x", "statusMessage": "y"}`, `unknown field "statusMessage"`},
		{"wrong type", `{"status_message": "x", "expiration": "3600"}`, `"expiration" must be an integer`},
		{"fraction", `{"expiration": 1.5}`, `"expiration" must be an integer`},
		{"trailing", `{"status_message": "x"} {}`, "after the JSON object"},
		{"multi-line", `{"status_message": "a\nb"}`, "single line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			send(t, srv, "PATCH", path, tc.body).fails(t, http.StatusBadRequest, tc.msg)
		})
	}
	// A missing required field.
	send(t, srv, "POST", "/api/v2/users", map[string]any{"office_id": dialpadtest.SeedOfficeID}).
		fails(t, http.StatusBadRequest, `missing required field "email"`)
	// A non-JSON content type.
	sendWith(t, srv, "PATCH", path, `status_message=x`, http.Header{
		"Authorization": {"Bearer " + srv.APIKey}, "Content-Type": {"application/x-www-form-urlencoded"},
	}).fails(t, http.StatusUnsupportedMediaType, "not JSON")
	// Too large.
	big := `{"status_message": "` + strings.Repeat("x", 1<<20) + `"}`
	send(t, srv, "PATCH", path, big).fails(t, http.StatusRequestEntityTooLarge, "larger than")
	// Nothing above changed the status.
	if u, _ := srv.User(dialpadtest.SeedAdminUserID); u.StatusMessage != "" {
		t.Errorf("status changed to %q", u.StatusMessage)
	}
	// null is the same as leaving a field out.
	send(t, srv, "PATCH", path, `{"status_message": "ok", "expiration": null}`).ok(t)
}

// TestMalformedRequests: what Dialpad refuses is refused, never answered
// with a 2xx or a redirect, and changes nothing.
func TestMalformedRequests(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	count := func() int { return len(items(t, send(t, srv, "GET", "/api/v2/users?state=all&limit=100", nil).ok(t))) }
	users := count()
	m := send(t, srv, "GET", "/api/v2/users?limit=1", nil).ok(t)
	issued := m["cursor"].(string)
	forged := base64.RawURLEncoding.EncodeToString([]byte("users:00000000000000000001"))
	for _, tc := range []struct {
		name, method, target, body string
		status                     int
		msg                        string
	}{
		{"body not UTF-8", "POST", "/api/v2/users",
			"{\"email\": \"new\xffhire@example.com\", \"office_id\": " + id(dialpadtest.SeedOfficeID) + "}",
			http.StatusBadRequest, "UTF-8"},
		{"bad escape in query", "GET", "/api/v2/users?email=%ZZ", "", http.StatusBadRequest, "query"},
		{"bad escape in cursor", "GET", "/api/v2/users?cursor=%ZZ", "", http.StatusBadRequest, "query"},
		{"cursor never issued", "GET", "/api/v2/users?cursor=" + forged, "", http.StatusBadRequest, "cursor"},
		{"cursor garbled", "GET", "/api/v2/users?cursor=" + issued[:len(issued)-2], "", http.StatusBadRequest, "cursor"},
		{"cursor of another list", "GET", "/api/v2/offices?cursor=" + issued, "", http.StatusBadRequest, "cursor"},
		{"dot-dot segment", "GET", "/api/v2/offices/../users", "", http.StatusNotFound, "no such endpoint"},
		{"dot segment", "GET", "/api/v2/./users", "", http.StatusNotFound, "no such endpoint"},
		{"empty segment", "GET", "/api/v2//users", "", http.StatusNotFound, "no such endpoint"},
		{"trailing dot-dot", "DELETE", "/api/v2/users/" + id(dialpadtest.SeedAgentUserID) + "/..", "", http.StatusNotFound, "no such endpoint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			serveRaw(srv, tc.method, tc.target, tc.body).fails(t, tc.status, tc.msg)
		})
	}
	if got := count(); got != users {
		t.Errorf("%d users after the malformed requests, want %d", got, users)
	}
	// The issued cursor still works, and an empty one is the first page.
	serveRaw(srv, "GET", "/api/v2/users?cursor="+issued, "").ok(t)
	serveRaw(srv, "GET", "/api/v2/users?cursor=", "").ok(t)
}

// spec is the part of the OpenAPI document the tests read.
type spec struct {
	Paths map[string]map[string]struct {
		OperationID string `json:"operationId"`
		Description string `json:"description"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
}

func loadSpec(t *testing.T, file string) *spec {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var s spec
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// TestSpecOperations checks that every operation of the two specs (see
// specFiles) is served under its method and path, is known to Operations,
// and has the rate limit its description documents.
// pathParam is a parameter of a spec path, {id} say.
var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// rateLimitDoc is how a spec description states an operation's limit.
var rateLimitDoc = regexp.MustCompile(`Rate limit: (\d+) per minute`)

// checkSpecOperation sends a request for an unknown id to the spec's path
// and method, which must reach the operation (and be answered by it, not
// by the router), and checks the operation's documented rate limit.
func checkSpecOperation(t *testing.T, srv *dialpadtest.Server, method, path, opID, description string) {
	t.Helper()
	p := pathParam.ReplaceAllString(path, "999")
	r := send(t, srv, strings.ToUpper(method), p, nil)
	if r.status == http.StatusMethodNotAllowed || strings.Contains(string(r.body), "no such endpoint") {
		t.Errorf("%s %s: not routed: %s", method, p, r.body)
	}
	m := rateLimitDoc.FindStringSubmatch(description)
	if m == nil {
		t.Errorf("%s: no rate limit in the description", opID)
		return
	}
	got, ok := dialpadtest.EndpointRateLimit(dialpadtest.Operation(opID))
	if !ok || m[1] != id(int64(got)) {
		t.Errorf("EndpointRateLimit(%s) = %d, %v; spec says %s", opID, got, ok, m[1])
	}
}

func TestSpecOperations(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	var want []dialpadtest.Operation
	perFile := map[string]int{}
	for _, file := range specFiles {
		for path, ops := range loadSpec(t, file).Paths {
			for method, op := range ops {
				perFile[file]++
				want = append(want, dialpadtest.Operation(op.OperationID))
				checkSpecOperation(t, srv, method, path, op.OperationID, op.Description)
			}
		}
	}
	slices.Sort(want)
	if got := dialpadtest.Operations(); !slices.Equal(got, want) {
		t.Errorf("Operations() = %v\nspecs: %v", got, want)
	}
	if n := len(slices.Compact(slices.Clone(want))); n != 62 || perFile[specFiles[0]] != 35 || perFile[specFiles[1]] != 17 || perFile[specFiles[2]] != 10 {
		t.Errorf("the specs have %d distinct operations (%v), want 62 (35 + 17 + 10)", n, perFile)
	}
	var routed []dialpadtest.Operation
	for _, r := range srv.Requests() {
		routed = append(routed, dialpadtest.Operation(r.Operation))
	}
	slices.Sort(routed)
	if !slices.Equal(routed, want) {
		t.Errorf("requests were routed to %v\nwant %v", routed, want)
	}
	if _, ok := dialpadtest.EndpointRateLimit("users.nope"); ok {
		t.Error("EndpointRateLimit accepts an unknown operation")
	}
}

func TestClose(t *testing.T) {
	t.Parallel()
	srv := dialpadtest.NewServer()
	srv.Close()
	srv.Close() // twice is fine
	if _, err := srv.Client().Get(srv.URL + "/api/v2/users"); err == nil {
		t.Error("a closed server answered")
	}
}
