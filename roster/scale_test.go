package roster_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/roster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPlanRequests counts what planning 1,000 people against 1,000 users
// sends: list requests only, ⌈1000/100⌉ user pages, one page of offices
// and of call centers, two of departments, and one operator list per
// group. At 10,000 users it is 100 user pages and the same rest.
func TestPlanRequests(t *testing.T) {
	t.Parallel()
	co := newCompany(t)
	const n, extraDepts = 1000, 120
	for i := range extraDepts {
		_, err := co.srv.AddDepartment(dialpadtest.Department{Name: fmt.Sprintf("Team %03d", i), OfficeID: co.hq})
		require.NoError(t, err)
	}
	require.NoError(t, co.srv.SetSeats(co.hq, "talk", n+10))
	co.users(t, n, "emp", "example.com", co.hq)
	people := make([]roster.Person, n)
	for i := range people {
		people[i] = roster.Person{Email: fmt.Sprintf("emp%d@example.com", i), Office: "Headquarters", JobTitle: "Engineer",
			CallCenters: []roster.Membership{}, // governed: in none
			Departments: []roster.Membership{{Group: fmt.Sprintf("Team %03d", i%extraDepts)}}}
	}
	co.srv.ClearRequests()
	plan := co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync})
	assert.Equal(t, n, plan.Count(roster.KindUpdate))

	count := map[string]int{}
	for _, r := range co.srv.Requests() {
		require.Equal(t, http.MethodGet, r.Method)
		require.Equal(t, http.StatusOK, r.Status)
		count[r.Operation]++
	}
	assert.Equal(t, map[string]int{
		"users.list":                n / 100,
		"offices.list":              1,
		"callcenters.listall":       1,
		"departments.listall":       2, // 122 departments
		"callcenters.operators.get": 2,
		"departments.operators.get": 2 + extraDepts,
	}, count)
	assert.Equal(t, n/100+1+1+2+2+2+extraDepts, len(co.srv.Requests()))

	// A roster without membership columns reads no group at all.
	for i := range people {
		people[i].CallCenters, people[i].Departments = nil, nil
	}
	co.srv.ClearRequests()
	co.plan(t, people, roster.PlanOptions{Mode: roster.ModeSync})
	assert.Equal(t, n/100+1+1+2, len(co.srv.Requests())) // users, offices, call centers, departments
}

// pacedCompany is a fake enforcing Dialpad's limits, without a listener
// (for synctest), with one office, Headquarters, of n talk seats; and a
// client for it with the default limits and retries.
func pacedCompany(t *testing.T, n int) (*dialpadtest.Server, dialpad.ID, *dialpad.Client) {
	t.Helper()
	srv := dialpadtest.NewServer(dialpadtest.WithEmptyState(), dialpadtest.WithRateLimits(), dialpadtest.WithoutListener())
	t.Cleanup(srv.Close)
	office, err := srv.AddOffice(dialpadtest.Office{Name: "Headquarters", Seats: map[string]int{"talk": n}})
	require.NoError(t, err)
	c, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL), dialpad.WithHTTPClient(srv.Client()))
	require.NoError(t, err)
	return srv, office, c
}

// TestApplyPacing applies 1,000 updates with a default client against a
// fake enforcing Dialpad's limits (20 requests in any second per company,
// 1,200 a minute per endpoint), on the fake clock of testing/synctest: no
// request is refused, and the run takes at most 1.1 times the least the
// limits allow.
func TestApplyPacing(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const n = 1000
		srv, office, c := pacedCompany(t, n)
		people := make([]roster.Person, n)
		for i := range people {
			email := fmt.Sprintf("emp%04d@example.com", i)
			_, err := srv.AddUser(dialpadtest.User{OfficeID: office, Emails: []string{email}, JobTitle: "Engineer"})
			require.NoError(t, err)
			people[i] = roster.Person{Email: email, Office: "Headquarters", JobTitle: "Senior Engineer"}
		}
		ctx := context.Background()

		plan, err := roster.NewPlan(ctx, c, people, roster.PlanOptions{Mode: roster.ModeSync})
		require.NoError(t, err)
		require.Equal(t, n, plan.Count(roster.KindUpdate))
		require.Len(t, srv.Requests(), n/100+3) // user pages, the offices, call centers and departments
		srv.ClearRequests()

		start := time.Now()
		rep, err := roster.Apply(ctx, c, plan, roster.ApplyOptions{})
		took := time.Since(start)
		require.NoError(t, err)
		assert.Equal(t, n, rep.Count(roster.StatusDone))

		count := map[string]int{}
		for _, r := range srv.Requests() {
			require.Equal(t, http.StatusOK, r.Status, "%s %s: no 429 (nor anything else) reaches the caller", r.Method, r.Path)
			count[r.Operation]++
		}
		assert.Equal(t, map[string]int{"users.list": n / 100, "users.update": n}, count)
		total := n/100 + n
		// The least time the limits allow: 20 requests a second for the
		// company, 1,200 a minute for users.update.
		minimum := max(time.Duration(total)*time.Second/20, time.Duration(n)*time.Minute/1200)
		ratio := float64(took) / float64(minimum)
		t.Logf("fake clock: %d requests (%d updates) in %v; the limits allow %v at best: ratio %.3f", total, n, took, minimum, ratio)
		assert.LessOrEqual(t, ratio, 1.1)
		assert.GreaterOrEqual(t, ratio, 1.0)
	})
}

// TestOnboardPacing onboards 1,000 new people (each with an area code
// and a job title) with a default client against a fake enforcing
// Dialpad's limits, on the fake clock of testing/synctest: no 429 reaches
// the caller, each person costs one create, one number assignment and one
// update and nothing more, and the run takes at most 1.05 times the
// requests sent at 19.2 a second.
func TestOnboardPacing(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const n = 1000
		srv, office, c := pacedCompany(t, n)
		numbers := make([]string, n)
		people := make([]roster.Person, n)
		for i := range people {
			numbers[i] = fmt.Sprintf("+1415555%04d", i)
			people[i] = roster.Person{Email: fmt.Sprintf("hire%04d@example.com", i), Office: "Headquarters",
				AreaCode: "415", JobTitle: "Engineer"}
		}
		require.NoError(t, srv.AddNumbers(office, numbers...))
		ctx := context.Background()

		start := time.Now()
		var first time.Duration
		plan, err := roster.NewPlan(ctx, c, people, roster.PlanOptions{Progress: func(roster.Event) {
			if first == 0 {
				first = time.Since(start)
			}
		}})
		require.NoError(t, err)
		require.Equal(t, n, plan.Count(roster.KindCreate))
		assert.Less(t, first, time.Second, "the first progress line comes after the first page read")
		rep, err := roster.Apply(ctx, c, plan, roster.ApplyOptions{})
		took := time.Since(start)
		require.NoError(t, err)
		assert.Equal(t, 2*n, rep.Count(roster.StatusDone)) // a create (with its number) and an update each

		count := map[string]int{}
		for _, r := range srv.Requests() {
			require.Less(t, r.Status, 300, "%s %s: no 429 (nor anything else) reaches the caller", r.Method, r.Path)
			count[r.Operation]++
		}
		assert.Equal(t, n, count["users.create"])
		assert.Equal(t, n, count["numbers.assign_user_number.post"])
		assert.Equal(t, n, count["users.update"])
		total := len(srv.Requests())
		budget := time.Duration(float64(total) / 19.2 * float64(time.Second))
		ratio := float64(took) / float64(budget)
		t.Logf("fake clock: 1,000 onboardings, %d requests (%v) in %v; requests/19.2 per second = %v: ratio %.3f", total, count, took, budget, ratio)
		assert.LessOrEqual(t, ratio, 1.05)
	})
}

// bigSnapshot is a company of n users in 5 offices, 20 call centers and 20
// departments (every user in one of each), and a roster of n people that
// updates a tenth of them, moves a hundredth, adds a hundredth and leaves
// a hundredth out.
func bigSnapshot(n int) (*roster.Snapshot, []roster.Person) {
	snap := &roster.Snapshot{CallCenterMembers: map[dialpad.ID][]roster.Member{}, DepartmentMembers: map[dialpad.ID][]roster.Member{}}
	for i := range 5 {
		snap.Offices = append(snap.Offices, &dialpad.Office{ID: dialpad.ID(1000 + i), Name: fmt.Sprintf("Office %d", i)})
	}
	for i := range 20 {
		snap.CallCenters = append(snap.CallCenters, &dialpad.CallCenter{ID: dialpad.ID(2000 + i), Name: fmt.Sprintf("CC %d", i), OfficeID: 1000})
		snap.Departments = append(snap.Departments, &dialpad.Department{ID: dialpad.ID(3000 + i), Name: fmt.Sprintf("Dept %d", i), OfficeID: 1000})
	}
	people := make([]roster.Person, 0, n)
	for i := range n {
		id := dialpad.ID(100000 + i)
		office := 1000 + i%5
		u := &dialpad.User{ID: id, OfficeID: dialpad.ID(office), FirstName: "First", LastName: fmt.Sprint("Last", i),
			Emails: []string{fmt.Sprintf("user%d@example.com", i)}, JobTitle: "Engineer", License: dialpad.LicenseAgents,
			State: dialpad.UserStateActive}
		snap.Users = append(snap.Users, u)
		cc, dept := dialpad.ID(2000+i%20), dialpad.ID(3000+i%20)
		snap.CallCenterMembers[cc] = append(snap.CallCenterMembers[cc], roster.Member{UserID: id, Role: dialpad.GroupRoleOperator})
		snap.DepartmentMembers[dept] = append(snap.DepartmentMembers[dept], roster.Member{UserID: id, Role: dialpad.GroupRoleOperator})
		if i%100 == 99 {
			continue // left out of the roster: suspended
		}
		p := roster.Person{Email: strings.ToUpper(u.Emails[0]), FirstName: "First", LastName: u.LastName,
			Office: fmt.Sprintf("Office %d", i%5), License: dialpad.LicenseAgents, JobTitle: "Engineer",
			CallCenters: []roster.Membership{{Group: fmt.Sprintf("CC %d", i%20)}},
			Departments: []roster.Membership{{Group: fmt.Sprintf("Dept %d", i%20)}}}
		switch {
		case i%10 == 0:
			p.JobTitle = "Senior Engineer"
		case i%100 == 1:
			p.Office = "Office 4"
		}
		people = append(people, p)
	}
	for i := range n / 100 {
		people = append(people, roster.Person{Email: fmt.Sprintf("new%d@example.com", i), Office: "Office 0",
			CallCenters: []roster.Membership{{Group: "CC 1", Role: dialpad.GroupRoleSupervisor}}, Departments: []roster.Membership{}})
	}
	return snap, people
}

// TestPlanFromScale plans 10,000 people against 10,000 users in memory and
// checks the allocations stay under 50 MB (the time is measured by
// BenchmarkPlanFrom, not asserted here).
func TestPlanFromScale(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	snap, people := bigSnapshot(10000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	plan, err := roster.PlanFrom(snap, people, roster.PlanOptions{Mode: roster.ModeSync, MaxRemovals: 100})
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	assert.Equal(t, 100, plan.Count(roster.KindCreate))
	assert.Equal(t, 100, plan.Count(roster.KindSuspend))
	assert.Equal(t, 1000+100, plan.Count(roster.KindUpdate)) // a tenth retitled, a hundredth moved
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("PlanFrom, 10,000 people against 10,000 users: %.1f MB allocated", float64(allocated)/(1<<20))
	assert.Less(t, allocated, uint64(50<<20))
}

// BenchmarkPlanFrom measures the in-memory part of planning 10,000 people
// against 10,000 users (the snapshot already read).
func BenchmarkPlanFrom(b *testing.B) {
	snap, people := bigSnapshot(10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := roster.PlanFrom(snap, people, roster.PlanOptions{Mode: roster.ModeSync, MaxRemovals: 100}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewPlanFake plans 10,000 people against 10,000 users of the
// fake, end to end, and reports the requests each plan sends: 100 user
// pages, one page of offices and the operator lists of the 4 groups.
func BenchmarkNewPlanFake(b *testing.B) {
	const n = 10000
	srv := dialpadtest.NewServer(dialpadtest.WithEmptyState(), dialpadtest.WithoutListener())
	defer srv.Close()
	office, err := srv.AddOffice(dialpadtest.Office{Name: "Headquarters", Seats: map[string]int{"talk": n}})
	if err != nil {
		b.Fatal(err)
	}
	cc, err := srv.AddCallCenter(dialpadtest.CallCenter{Name: "Support", OfficeID: office})
	if err != nil {
		b.Fatal(err)
	}
	people := make([]roster.Person, n)
	for i := range people {
		email := fmt.Sprintf("emp%05d@example.com", i)
		id, err := srv.AddUser(dialpadtest.User{OfficeID: office, Emails: []string{email}, JobTitle: "Engineer"})
		if err != nil {
			b.Fatal(err)
		}
		if i%10 == 0 {
			if err := srv.AddCallCenterOperator(cc, dialpadtest.Operator{UserID: id, Role: "supervisor"}); err != nil {
				b.Fatal(err)
			}
		}
		people[i] = roster.Person{Email: email, Office: "Headquarters", JobTitle: "Engineer", CallCenters: []roster.Membership{}}
		if i%10 == 0 {
			people[i].CallCenters = []roster.Membership{{Group: "Support", Role: "supervisor"}}
		}
	}
	c, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL), dialpad.WithHTTPClient(srv.Client()),
		dialpad.WithRateLimit(1e6, 1000), dialpad.WithEndpointLimits(false))
	if err != nil {
		b.Fatal(err)
	}
	srv.ClearRequests()
	b.ReportAllocs()
	runs := 0
	for b.Loop() {
		plan, err := roster.NewPlan(context.Background(), c, people, roster.PlanOptions{Mode: roster.ModeSync})
		if err != nil {
			b.Fatal(err)
		}
		if !plan.Empty() {
			b.Fatalf("plan has %d changes", len(plan.Changes))
		}
		runs++
	}
	b.ReportMetric(float64(len(srv.Requests()))/float64(runs), "requests/op")
}
