package roster_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/roster"
	"github.com/stretchr/testify/require"
)

// company is a fake Dialpad with three offices, two call centers and two
// departments, and a client for it.
type company struct {
	srv *dialpadtest.Server
	c   *dialpad.Client
	// Offices: Headquarters (hq), New York (ny) and Contractors (ext).
	hq, ny, ext dialpad.ID
	// Call centers Support (HQ) and Escalations (NY); departments Sales
	// (HQ) and Front Desk (NY).
	support, escalations, sales, frontDesk dialpad.ID
	ids                                    map[string]dialpad.ID // user id by email
}

// newCompany starts the fake with rate limits off and an empty company of
// three offices with plenty of seats and numbers.
func newCompany(t *testing.T) *company {
	t.Helper()
	srv := dialpadtest.NewServer(dialpadtest.WithEmptyState())
	t.Cleanup(srv.Close)
	co := &company{srv: srv, ids: map[string]dialpad.ID{}}
	var err error
	co.hq, err = srv.AddOffice(dialpadtest.Office{Name: "Headquarters", MainLine: "+14155550000",
		Seats: map[string]int{"talk": 100, "agents": 20, "lite_support_agents": 5}})
	require.NoError(t, err)
	co.ny, err = srv.AddOffice(dialpadtest.Office{Name: "New York", MainLine: "+12125550000",
		Seats: map[string]int{"talk": 20, "agents": 5}})
	require.NoError(t, err)
	co.ext, err = srv.AddOffice(dialpadtest.Office{Name: "Contractors", Seats: map[string]int{"talk": 20}})
	require.NoError(t, err)
	for i := range 20 {
		require.NoError(t, srv.AddNumbers(co.hq, fmt.Sprintf("+1415555%04d", 1000+i)))
		require.NoError(t, srv.AddNumbers(co.ny, fmt.Sprintf("+1212555%04d", 1000+i)))
	}
	co.support, err = srv.AddCallCenter(dialpadtest.CallCenter{Name: "Support", OfficeID: co.hq})
	require.NoError(t, err)
	co.escalations, err = srv.AddCallCenter(dialpadtest.CallCenter{Name: "Escalations", OfficeID: co.ny})
	require.NoError(t, err)
	co.sales, err = srv.AddDepartment(dialpadtest.Department{Name: "Sales", OfficeID: co.hq})
	require.NoError(t, err)
	co.frontDesk, err = srv.AddDepartment(dialpadtest.Department{Name: "Front Desk", OfficeID: co.ny})
	require.NoError(t, err)
	co.c = fastClient(t, srv)
	return co
}

// fastClient is a client for srv that does not hold tests back: a high
// rate limit, no per-endpoint limits, short retry waits.
func fastClient(t *testing.T, srv *dialpadtest.Server) *dialpad.Client {
	t.Helper()
	c, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL), dialpad.WithRateLimit(10000, 100),
		dialpad.WithEndpointLimits(false), dialpad.WithRetryWait(time.Millisecond, 5*time.Millisecond))
	require.NoError(t, err)
	return c
}

// user adds a user; the office defaults to Headquarters, the name to the
// email's local part.
func (co *company) user(t *testing.T, u dialpadtest.User) dialpad.ID {
	t.Helper()
	if u.OfficeID == 0 {
		u.OfficeID = co.hq
	}
	if u.FirstName == "" {
		u.FirstName = strings.Split(u.Emails[0], "@")[0]
	}
	id, err := co.srv.AddUser(u)
	require.NoError(t, err)
	co.ids[u.Emails[0]] = id
	return id
}

// users adds n active talk users in office, emails prefix0@domain ...
func (co *company) users(t *testing.T, n int, prefix, domain string, office dialpad.ID) {
	t.Helper()
	for i := range n {
		co.user(t, dialpadtest.User{OfficeID: office, Emails: []string{fmt.Sprintf("%s%d@%s", prefix, i, domain)}})
	}
}

// get reads a user back from the fake.
func (co *company) get(t *testing.T, email string) dialpadtest.User {
	t.Helper()
	u, ok := co.srv.User(co.ids[email])
	require.True(t, ok, "no user %s", email)
	return u
}

// writes returns the requests the fake received that change state (any
// method but GET), as "METHOD path".
func writes(srv *dialpadtest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

// plan plans people against the company.
func (co *company) plan(t *testing.T, people []roster.Person, opts roster.PlanOptions) *roster.Plan {
	t.Helper()
	if opts.Mode == "" {
		opts.Mode = roster.ModeSync // these tests sync unless they say otherwise
	}
	opts.AllowEmpty = true
	p, err := roster.NewPlan(context.Background(), co.c, people, opts)
	require.NoError(t, err)
	return p
}

// text renders a plan.
func text(t *testing.T, p *roster.Plan) string {
	t.Helper()
	var b strings.Builder
	require.NoError(t, p.WriteText(&b))
	return b.String()
}

// statuses lists "status op email" per result.
func statuses(r *roster.Report) []string {
	out := make([]string, len(r.Results))
	for i, res := range r.Results {
		out[i] = fmt.Sprintf("%s %s %s", res.Status, res.Action.Op, res.Email)
	}
	return out
}
