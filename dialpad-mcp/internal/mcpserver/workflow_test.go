package mcpserver

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	dt "github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/golang-jwt/jwt/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// testPlanKey is the plan key of the tests' servers (32 bytes).
var testPlanKey = []byte("plan-key-for-tests-0123456789abc")

// fakeClock is the clock plan handles are issued and checked with.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// writes counts the requests the fake received that change something.
func writes(fake *dt.Server) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method != http.MethodGet {
			n++
		}
	}
	return n
}

// rosterCSV changes Grace's job title and onboards Kim.
const rosterCSV = `email,first_name,last_name,office,license,job_title
grace@example.com,Grace,Hopper,Headquarters,agents,Lead Agent
kim@example.com,Kim,Lee,Headquarters,talk,Engineer
`

// plan calls dialpad_roster_plan and returns its structured result and text.
func (h *harness) plan(t *testing.T, args map[string]any) (map[string]any, string) {
	t.Helper()
	out := h.ok(t, "dialpad_roster_plan", args)
	return out, resultText(h.call(t, "dialpad_roster_plan", args))
}

// handleOf returns the handle of a plan result, failing without one.
func handleOf(t *testing.T, out map[string]any) string {
	t.Helper()
	s, ok := out["handle"].(string)
	if !ok || s == "" {
		t.Fatalf("no handle in %v", out)
	}
	return s
}

// TestPlanApplyPlan drives the workflow through the tools: plan a roster,
// apply the handle, plan again and find no changes; apply the same handle
// a second time and see it send no write at all.
func TestPlanApplyPlan(t *testing.T) {
	h := newHarness(t, Options{PlanKey: testPlanKey})
	out, text := h.plan(t, map[string]any{"records": rosterCSV})
	for _, want := range []string{"+ create kim@example.com", "~ update grace@example.com", `job_title: "Support Agent" → "Lead Agent"`,
		"1 to create, 1 to update", "requests", "call dialpad_roster_apply with this handle"} {
		if !strings.Contains(text, want) {
			t.Errorf("plan text lacks %q:\n%s", want, text)
		}
	}
	eq(t, "changes", out["changes"], 2)
	handle := handleOf(t, out)
	if !strings.Contains(text, handle) {
		t.Error("the text does not give the handle")
	}
	if n := writes(h.fake); n != 0 {
		t.Fatalf("planning sent %d writes", n)
	}

	rep := h.ok(t, "dialpad_roster_apply", map[string]any{"handle": handle})
	eq(t, "done", rep["done"], 3) // create, assign a number, update fields
	eq(t, "failed", rep["failed"], 0)
	eq(t, "stored job title", user(t, h.fake, dt.SeedAgentUserID).JobTitle, "Lead Agent")
	first := writes(h.fake)
	if first == 0 {
		t.Fatal("applying sent no write")
	}

	again, text := h.plan(t, map[string]any{"records": rosterCSV})
	if !strings.Contains(text, "no changes") || again["handle"] != nil {
		t.Errorf("planning again: want no changes and no handle, got %v\n%s", again, text)
	}

	rep = h.ok(t, "dialpad_roster_apply", map[string]any{"handle": handle})
	eq(t, "done the second time", rep["done"], 0)
	eq(t, "already the second time", rep["already"], 3)
	if n := writes(h.fake) - first; n != 0 {
		t.Errorf("applying the handle again sent %d writes, want 0", n)
	}
}

// TestPlanRecordsAsJSON: records given as a JSON array (detected, or
// said with format) plan as the same CSV does.
func TestPlanRecordsAsJSON(t *testing.T) {
	h := newHarness(t, Options{})
	records := `[{"email": "grace@example.com", "office": "Headquarters", "job_title": "Lead Agent",
	  "call_centers": [{"group": "Support", "role": "supervisor"}]}]`
	for _, args := range []map[string]any{{"records": records}, {"records": records, "format": "json"}} {
		_, text := h.plan(t, args)
		if !strings.Contains(text, `job_title: "Support Agent" → "Lead Agent"`) || !strings.Contains(text, "Support") {
			t.Errorf("%v:\n%s", args, text)
		}
	}
}

// TestApplyRefusesBadHandles: an expired handle, one altered after
// signing, one signed with another key or for another Dialpad, one
// claiming no signature, and text that is no handle are each refused with
// a tool error saying why, before anything is sent.
func TestApplyRefusesBadHandles(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{PlanKey: testPlanKey, Now: clock.now, Audience: "https://dialpad.com"})
	handle := handleOf(t, h.ok(t, "dialpad_roster_plan", map[string]any{"records": rosterCSV}))
	other := func(opts Options) string {
		opts.Now = clock.now
		s := &harness{session: connect(t, New(h.client, opts))}
		return handleOf(t, s.ok(t, "dialpad_roster_plan", map[string]any{"records": rosterCSV}))
	}
	tests := []struct {
		name, handle, want string
		before             func()
	}{
		{name: "another key", handle: other(Options{PlanKey: []byte("another-plan-key-0123456789abcdef"), Audience: "https://dialpad.com"}),
			want: "dialpad: invalid handle: not signed by this server's plan key"},
		{name: "no key (a random one)", handle: other(Options{Audience: "https://dialpad.com"}),
			want: "dialpad: invalid handle: not signed by this server's plan key"},
		{name: "altered expiry", handle: alter(t, handle, func(c map[string]any) { c["exp"] = clock.now().Add(time.Hour).Unix() }),
			want: "dialpad: invalid handle: not signed by this server's plan key"},
		{name: "altered plan", handle: alter(t, handle, func(c map[string]any) { c["plan"] = c["plan"].(string)[1:] }),
			want: "dialpad: invalid handle: not signed by this server's plan key"},
		{name: "alg none", handle: unsigned(t, handle),
			want: "dialpad: invalid handle: not signed by this server's plan key"},
		{name: "another Dialpad", handle: other(Options{PlanKey: testPlanKey, Audience: "https://sandbox.dialpad.com"}),
			want: `dialpad: invalid handle: made for "https://sandbox.dialpad.com", not for this server's Dialpad ("https://dialpad.com")`},
		{name: "not a handle", handle: "plan-1234", want: "dialpad: invalid handle: not a plan handle"},
		{name: "expired", handle: handle, before: func() { clock.advance(DefaultPlanTTL + time.Second) },
			want: "dialpad: invalid handle: expired at 2026-12-05T03:15:00Z: plan again with dialpad_roster_plan"},
	}
	h.fake.ClearRequests()
	for _, tt := range tests {
		if tt.before != nil {
			tt.before()
		}
		got := h.toolError(t, "dialpad_roster_apply", map[string]any{"handle": tt.handle})
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q...", tt.name, got, tt.want)
		}
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("refused handles sent %d requests", n)
	}
}

// TestHandleExpiresOnTheClock: a handle applies until its expiry, by the
// injected clock, and PlanTTL sets how long that is.
func TestHandleExpiresOnTheClock(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, Options{PlanKey: testPlanKey, Now: clock.now, PlanTTL: 2 * time.Minute})
	out := h.ok(t, "dialpad_roster_plan", map[string]any{"records": rosterCSV})
	eq(t, "expires_at", out["expires_at"], "2026-12-05T03:02:00Z")
	handle := handleOf(t, out)
	clock.advance(2 * time.Minute) // at the expiry: expired
	got := h.toolError(t, "dialpad_roster_apply", map[string]any{"handle": handle})
	if !strings.HasPrefix(got, "dialpad: invalid handle: expired at 2026-12-05T03:02:00Z") {
		t.Errorf("got %q", got)
	}
	clock.advance(-time.Second) // a second before: applies
	h.ok(t, "dialpad_roster_apply", map[string]any{"handle": handle})
}

// claimsOf decodes a handle's claims without checking it.
func claimsOf(t *testing.T, handle string) (header string, claims map[string]any, sig string) {
	t.Helper()
	parts := strings.Split(handle, ".")
	if len(parts) != 3 {
		t.Fatalf("handle has %d parts", len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &claims); err != nil {
		t.Fatal(err)
	}
	return parts[0], claims, parts[2]
}

// alter returns handle with its claims changed by edit and its signature
// kept, as someone editing a handle by hand would make it.
func alter(t *testing.T, handle string, edit func(map[string]any)) string {
	t.Helper()
	header, claims, sig := claimsOf(t, handle)
	edit(claims)
	b, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	return header + "." + base64.RawURLEncoding.EncodeToString(b) + "." + sig
}

// unsigned returns handle's claims in a token whose header says
// {"alg":"none"}, with no signature.
func unsigned(t *testing.T, handle string) string {
	t.Helper()
	_, claims, _ := claimsOf(t, handle)
	s, err := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims(claims)).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestHandleHoldsNoKey: the handle carries the plan (emails, ids) but
// neither the API key nor the plan key, in any encoding it uses.
func TestHandleHoldsNoKey(t *testing.T) {
	h := newHarness(t, Options{PlanKey: testPlanKey})
	handle := handleOf(t, h.ok(t, "dialpad_roster_plan", map[string]any{"records": rosterCSV}))
	header, claims, _ := claimsOf(t, handle)
	z, err := base64.RawURLEncoding.DecodeString(claims["plan"].(string))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := io.ReadAll(flate.NewReader(bytes.NewReader(z)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(plan, []byte(`"format":"dialpad-roster-plan"`)) || !bytes.Contains(plan, []byte("kim@example.com")) {
		t.Errorf("the handle's plan is %s", plan)
	}
	hb, _ := base64.RawURLEncoding.DecodeString(header)
	for _, s := range []string{handle, string(hb), fmt.Sprint(claims), string(plan)} {
		if strings.Contains(s, testKey) || strings.Contains(s, string(testPlanKey)) {
			t.Errorf("a key is in the handle: %s", s)
		}
	}
	if string(hb) != `{"alg":"HS256","typ":"JWT"}` {
		t.Errorf("header %s", hb)
	}
}

// TestApplyRefusesTooManyRemovals: a sync plan that would suspend more
// users than its limit gets a handle (the plan is shown for review, saying
// it will be refused), and applying it is refused as roster.Apply refuses
// it, with nothing sent; planning with a higher max_removals is the way.
func TestApplyRefusesTooManyRemovals(t *testing.T) {
	h := newHarness(t, Options{})
	for i := range 3 {
		if _, err := h.fake.AddUser(dt.User{OfficeID: dt.SeedOfficeID, FirstName: "Temp", LastName: fmt.Sprint(i),
			Emails: []string{fmt.Sprintf("temp%d@example.com", i)}, License: "talk"}); err != nil {
			t.Fatal(err)
		}
	}
	sync := map[string]any{"records": "email,office\nada@example.com,Headquarters\n", "mode": "sync"}
	out, text := h.plan(t, sync)
	eq(t, "removals", out["removals"], 4) // Grace and the three temps; Alan is suspended already
	eq(t, "max_removals", out["max_removals"], 1)
	if !strings.Contains(text, "dialpad_roster_apply will refuse this plan") || out["refused"] == nil {
		t.Errorf("the plan does not say it will be refused:\n%s", text)
	}
	h.fake.ClearRequests()
	got := h.toolError(t, "dialpad_roster_apply", map[string]any{"handle": handleOf(t, out)})
	if !strings.HasPrefix(got, "roster: the plan suspends or deletes too many users: 4 of the 6 users in scope, more than the limit of 1") ||
		!strings.HasSuffix(got, "plan again with max_removals of at least 4") {
		t.Errorf("got %q", got)
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("a refused plan sent %d requests", n)
	}

	sync["max_removals"] = 4
	rep := h.ok(t, "dialpad_roster_apply", map[string]any{"handle": handleOf(t, h.ok(t, "dialpad_roster_plan", sync))})
	eq(t, "failed", rep["failed"], 0)
	eq(t, "Grace's state", user(t, h.fake, dt.SeedAgentUserID).State, "suspended")
}

// TestApplyHoldsStaleActions: when someone changes a user between plan and
// apply, the action whose From no longer holds is stale and the rest of
// that person's change is held; nothing of it is sent, and the other
// people's changes go ahead.
func TestApplyHoldsStaleActions(t *testing.T) {
	h := newHarness(t, Options{})
	records := "email,office,job_title,do_not_disturb\ngrace@example.com,Headquarters,Lead Agent,true\nada@example.com,Headquarters,Chief Technology Officer,\n"
	handle := handleOf(t, h.ok(t, "dialpad_roster_plan", map[string]any{"records": records}))

	if _, err := h.client.Users.Update(context.Background(), dt.SeedAgentUserID, &dialpad.UpdateUserRequest{JobTitle: dialpad.Ptr("Team Manager")}); err != nil {
		t.Fatal(err)
	}
	h.fake.ClearRequests()
	rep := h.ok(t, "dialpad_roster_apply", map[string]any{"handle": handle})
	eq(t, "stale", rep["stale"], 1)
	eq(t, "held", rep["held"], 1)
	eq(t, "done", rep["done"], 1) // Ada's job title
	text := rep["report"].(string)
	if !strings.Contains(text, "stale") || !strings.Contains(text, "Dialpad changed since the plan: plan again") {
		t.Errorf("report:\n%s", text)
	}
	g := user(t, h.fake, dt.SeedAgentUserID)
	eq(t, "Grace's job title", g.JobTitle, "Team Manager")
	eq(t, "Grace's DND", g.DoNotDisturb, false)
	eq(t, "Ada's job title", user(t, h.fake, dt.SeedAdminUserID).JobTitle, "Chief Technology Officer")
	if n := writes(h.fake); n != 1 {
		t.Errorf("%d writes, want Ada's one", n)
	}
}

// TestOnboardOffboardDryRunByDefault: without dry_run the single-person
// tools only preview (no write sent) and return the plan with a handle
// that applies exactly it; dry_run: false acts.
func TestOnboardOffboardDryRunByDefault(t *testing.T) {
	h := newHarness(t, Options{})
	e911 := map[string]any{"address": "1 Main St", "city": "Denver", "state": "co", "zip": "80202", "country": "us"} // no address2
	out := h.ok(t, "dialpad_roster_onboard", map[string]any{"email": "kim@example.com", "first_name": "Kim", "office": "Headquarters",
		"call_centers": []map[string]any{{"group": "Support"}}, "license": "agents", "e911": e911})
	plan, _ := out["plan"].(string)
	if !strings.Contains(plan, "+ create kim@example.com") || !strings.Contains(plan, "Denver") ||
		!strings.Contains(out["report"].(string), "planned (dry run)") {
		t.Errorf("onboard preview: %v", out)
	}
	if req := inputSchema(t, listTools(t, h.session)["dialpad_roster_onboard"]).Properties["e911"].Required; slices.Contains(req, "address2") {
		t.Errorf("e911 requires %v", req)
	}
	out2 := h.ok(t, "dialpad_roster_offboard", map[string]any{"who": grace, "delete": true})
	if !strings.Contains(out2["plan"].(string), "- delete grace@example.com") {
		t.Errorf("offboard preview: %v", out2)
	}
	if n := writes(h.fake); n != 0 {
		t.Fatalf("dry runs sent %d writes", n)
	}
	eq(t, "Grace's state", user(t, h.fake, dt.SeedAgentUserID).State, "active")

	rep := h.ok(t, "dialpad_roster_apply", map[string]any{"handle": handleOf(t, out)})
	eq(t, "failed", rep["failed"], 0)
	rep = h.ok(t, "dialpad_roster_offboard", map[string]any{"who": "grace@example.com", "dry_run": false})
	eq(t, "failed", rep["failed"], 0)
	eq(t, "Grace's state", user(t, h.fake, dt.SeedAgentUserID).State, "suspended")
	again := h.ok(t, "dialpad_roster_offboard", map[string]any{"who": "grace@example.com", "dry_run": false})
	eq(t, "done offboarding again", again["done"], 0)
}

// TestNewRefusesShortPlanKey: a plan key shorter than HS256 wants is a
// configuration error, not a weak signature.
func TestNewRefusesShortPlanKey(t *testing.T) {
	if err := CheckPlanKey([]byte("short")); err != ErrShortPlanKey {
		t.Errorf("CheckPlanKey(short) = %v", err)
	}
	if err := CheckPlanKey(nil); err != nil {
		t.Errorf("CheckPlanKey(nil) = %v", err)
	}
	defer func() {
		if recover() != ErrShortPlanKey {
			t.Error("New accepted a short plan key")
		}
	}()
	New(nil, Options{PlanKey: []byte("short")})
}

// TestAnotherReplicaAppliesTheHandle: the server keeps no state; a second
// server (another replica) with the same plan key and audience, and a
// client of its own, applies the handle the first issued.
func TestAnotherReplicaAppliesTheHandle(t *testing.T) {
	opts := Options{PlanKey: testPlanKey, Audience: "https://dialpad.com"}
	h := newHarness(t, opts)
	handle := handleOf(t, h.ok(t, "dialpad_roster_plan", map[string]any{"records": rosterCSV}))
	client, err := h.fake.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	replica := &harness{fake: h.fake, session: connect(t, New(client, opts))}
	rep := replica.ok(t, "dialpad_roster_apply", map[string]any{"handle": handle})
	eq(t, "done", rep["done"], 3)
	eq(t, "stored job title", user(t, h.fake, dt.SeedAgentUserID).JobTitle, "Lead Agent")
}

// TestReplicaClockSkew: a replica whose clock is a little behind the one
// that issued a handle still applies it (the issue time is not checked,
// only the expiry).
func TestReplicaClockSkew(t *testing.T) {
	issuer, behind := newFakeClock(), newFakeClock()
	behind.advance(-3 * time.Second)
	h := newHarness(t, Options{PlanKey: testPlanKey, Now: issuer.now})
	handle := handleOf(t, h.ok(t, "dialpad_roster_plan", map[string]any{"records": rosterCSV}))
	replica := &harness{fake: h.fake, session: connect(t, New(h.client, Options{PlanKey: testPlanKey, Now: behind.now}))}
	eq(t, "done", replica.ok(t, "dialpad_roster_apply", map[string]any{"handle": handle})["done"], 3)
}

// TestWorkflowProgress: a client that passes a progress token gets the
// run's progress as notifications, from the first page read to each
// action, worded as roster.Printer words them, numbered upwards.
func TestWorkflowProgress(t *testing.T) {
	// The client may run its handlers out of order: collect, then sort.
	notes := make(chan *mcp.ProgressNotificationParams, 100)
	handler := func(_ context.Context, req *mcp.ProgressNotificationClientRequest) { notes <- req.Params }
	h := newHarness(t, Options{})
	h.session = connect(t, New(h.client, Options{}), &mcp.ClientOptions{ProgressNotificationHandler: handler})
	ctx := context.Background()
	cs := h.session

	handle := handleOf(t, h.ok(t, "dialpad_roster_plan", map[string]any{"records": rosterCSV}))
	if len(notes) != 0 {
		t.Fatalf("%d notifications without a progress token", len(notes))
	}
	params := &mcp.CallToolParams{Name: "dialpad_roster_apply", Arguments: map[string]any{"handle": handle}}
	params.SetProgressToken("apply-1")
	res, err := cs.CallTool(ctx, params)
	if err != nil || res.IsError {
		t.Fatalf("apply: %v %v", err, res)
	}
	// Every notification was sent before the answer, the last action's
	// last; wait until the client has handed over all of them up to it.
	var got []*mcp.ProgressNotificationParams
	wait, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for !allUpToLastAction(got) {
		select {
		case p := <-notes:
			got = append(got, p)
			slices.SortFunc(got, func(a, b *mcp.ProgressNotificationParams) int { return int(a.Progress - b.Progress) })
		case <-wait.Done():
			t.Fatalf("the notifications up to the last action's never came; got %d", len(got))
		}
	}
	var lines []string
	for _, p := range got {
		if p.ProgressToken != "apply-1" {
			t.Errorf("notification %+v", p)
		}
		lines = append(lines, p.Message)
	}
	text := strings.Join(lines, "\n")
	if !strings.HasPrefix(text, "reading Dialpad: users") || !strings.Contains(text, "] done     create kim@example.com") ||
		!strings.Contains(text, "] done     update_fields grace@example.com") {
		t.Errorf("progress:\n%s", text)
	}
}

// allUpToLastAction reports whether ps, sorted by progress, are numbered
// 1, 2, ... without a gap and end with the third of three actions.
func allUpToLastAction(ps []*mcp.ProgressNotificationParams) bool {
	for i, p := range ps {
		if p.Progress != float64(i+1) {
			return false
		}
	}
	return len(ps) > 0 && strings.HasPrefix(ps[len(ps)-1].Message, "[3/3] ")
}

// TestApplyRefusesWithoutSeats: a plan that needs license seats an office
// lacks is refused before anything changes, with roster's shortfall.
func TestApplyRefusesWithoutSeats(t *testing.T) {
	h := newHarness(t, Options{})
	handle := handleOf(t, h.ok(t, "dialpad_roster_plan", map[string]any{"records": rosterCSV}))
	if err := h.fake.SetSeats(dt.SeedOfficeID, "talk", 0); err != nil {
		t.Fatal(err)
	}
	h.fake.ClearRequests()
	got := h.toolError(t, "dialpad_roster_apply", map[string]any{"handle": handle})
	if !strings.HasPrefix(got, "roster: not enough license seats: Headquarters talk: need 1, 0 free") {
		t.Errorf("got %q", got)
	}
	if n := writes(h.fake); n != 0 {
		t.Errorf("%d writes", n)
	}
}

// TestApplyReportsFailedActions: an action Dialpad refuses makes the call a
// tool error holding the whole report and the SDK's message; with
// continue_on_error the other people's changes still go ahead.
func TestApplyReportsFailedActions(t *testing.T) {
	h := newHarness(t, Options{})
	records := "email,office,job_title\ngrace@example.com,Headquarters,Lead Agent\nada@example.com,Headquarters,Chief Technology Officer\n"
	handle := handleOf(t, h.ok(t, "dialpad_roster_plan", map[string]any{"records": records}))
	if err := h.fake.FailNext("users.update", 1, 400); err != nil {
		t.Fatal(err)
	}
	got := h.toolError(t, "dialpad_roster_apply", map[string]any{"handle": handle, "continue_on_error": true})
	for _, want := range []string{"failed   update_fields", "done     update_fields", "1 done, 0 already, 0 stale, 0 held, 1 failed",
		"400 Bad Request"} {
		if !strings.Contains(got, want) {
			t.Errorf("the error lacks %q:\n%s", want, got)
		}
	}
}
