// Command sync keeps Dialpad in step with a list of employees, with the
// roster package: it reads a CSV export of the HR system, plans what must
// change in Dialpad (create, update, move, relicense, group memberships,
// reactivate, suspend), prints the plan, and applies it.
//
//	go run ./examples/sync                               # demo on the embedded fake
//	DIALPAD_API_KEY=... go run ./examples/sync -csv employees.csv -offices "Headquarters" -domains example.com
//	DIALPAD_API_KEY=... go run ./examples/sync -csv employees.csv ... -yes
//
// Without DIALPAD_API_KEY it runs against an embedded fake Dialpad seeded
// with a small company that differs from the bundled employees.csv (new
// hires, a departure, a move, a new license, a leave of absence, a return),
// and applies the plan without asking, to show the whole flow: plan,
// apply, and a second plan that finds nothing left to do.
//
// Against the real API (DIALPAD_API_KEY, and DIALPAD_BASE_URL for the
// sandbox) it needs -csv, prints the plan and stops; run it again with -yes
// to apply. -save writes the plan as JSON for review, and -plan applies a
// saved plan exactly (with -yes). The roster never touches users outside
// -offices and -domains, never suspends or deletes the -protect emails, and
// refuses to suspend more than 10% of the users in scope (at most 25)
// unless -max-removals is raised.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/roster"
)

// employeesCSV is the bundled roster of the demo company.
//
//go:embed employees.csv
var employeesCSV []byte

// options are the command line.
type options struct {
	csv, planFile, save string
	offices, domains    string
	protect             string
	yes, deleteMissing  bool
	maxRemovals         int
}

func main() {
	log.SetFlags(0)
	var o options
	flag.StringVar(&o.csv, "csv", "", "the employees CSV (required with DIALPAD_API_KEY; the bundled employees.csv otherwise)")
	flag.StringVar(&o.planFile, "plan", "", "apply this saved plan (from -save) instead of planning")
	flag.StringVar(&o.save, "save", "", "write the plan as JSON to this file")
	flag.StringVar(&o.offices, "offices", "", "comma-separated offices (names or ids) the roster governs; empty: all")
	flag.StringVar(&o.domains, "domains", "", "comma-separated email domains the roster governs; empty: all")
	flag.StringVar(&o.protect, "protect", "", "comma-separated emails never suspended or deleted")
	flag.BoolVar(&o.yes, "yes", false, "apply the plan (the fake applies without it)")
	flag.BoolVar(&o.deleteMissing, "delete-missing", false, "delete users missing from the roster instead of suspending them")
	flag.IntVar(&o.maxRemovals, "max-removals", 0, "the most users the plan may suspend or delete (0: 10% of those in scope, at most 25)")
	flag.Parse()
	if flag.NArg() > 0 {
		log.Fatalf("sync: unexpected arguments %q", flag.Args())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o); err != nil {
		stop()
		log.Fatal("sync: ", err)
	}
}

func run(ctx context.Context, o options) error {
	client, fake, err := open()
	if err != nil {
		return err
	}
	if fake != nil {
		defer fake.Close()
		// The demo company's scope and its IT admin, unless told otherwise.
		o.offices = cmpOr(o.offices, "Headquarters,New York")
		o.domains = cmpOr(o.domains, "example.com")
		o.protect = cmpOr(o.protect, "it-admin@example.com")
	}
	opts := roster.PlanOptions{
		Offices: split(o.offices), EmailDomains: split(o.domains), Protected: split(o.protect),
		DeleteMissing: o.deleteMissing, MaxRemovals: o.maxRemovals,
	}

	var (
		plan   *roster.Plan
		people []roster.Person
	)
	if o.planFile != "" {
		f, err := os.Open(o.planFile)
		if err != nil {
			return err
		}
		plan, err = roster.ReadPlan(f)
		f.Close()
		if err != nil {
			return err
		}
		fmt.Printf("read the plan in %s\n", o.planFile)
	} else {
		people, err = readRoster(o.csv, fake != nil)
		if err != nil {
			return err
		}
		plan, err = roster.NewPlan(ctx, client, people, opts)
		if err != nil {
			return err
		}
	}
	if err := plan.WriteText(os.Stdout); err != nil {
		return err
	}
	if o.save != "" {
		data, err := json.MarshalIndent(plan, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.save, data, 0o644); err != nil {
			return err
		}
		fmt.Printf("saved the plan to %s\n", o.save)
	}
	if plan.Empty() {
		return nil
	}
	if !o.yes && fake == nil {
		fmt.Println("\nnothing applied: review the plan, then run again with -yes to apply it (or -save it and apply it with -plan FILE -yes)")
		return nil
	}
	if fake != nil && !o.yes {
		fmt.Println("\napplying (the embedded fake applies without -yes, to show the flow)")
	} else {
		fmt.Println("\napplying")
	}
	report, err := roster.Apply(ctx, client, plan, roster.ApplyOptions{ContinueOnError: true})
	if report != nil {
		if werr := report.WriteText(os.Stdout); werr != nil {
			return werr
		}
	}
	if err != nil {
		return err
	}
	if people == nil {
		return nil // a saved plan: there is no roster to plan again from
	}
	fmt.Println("\nplanning again")
	again, err := roster.NewPlan(ctx, client, people, opts)
	if err != nil {
		return err
	}
	return again.WriteText(os.Stdout)
}

// readRoster reads the CSV at path, or the bundled one on the fake.
func readRoster(path string, fake bool) ([]roster.Person, error) {
	var in io.Reader
	name := path
	switch {
	case path != "":
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		in = f
	case fake:
		in, name = bytes.NewReader(employeesCSV), "the bundled employees.csv"
	default:
		return nil, errors.New("-csv is required with DIALPAD_API_KEY (the bundled employees.csv describes the demo company)")
	}
	people, err := roster.ReadCSV(in)
	if err != nil {
		return nil, err
	}
	fmt.Printf("read %d people from %s\n", len(people), name)
	return people, nil
}

// open returns a client for the real API (DIALPAD_API_KEY, optionally
// DIALPAD_BASE_URL) or, without a key, for the embedded fake seeded with
// the demo company, announced on stderr.
func open() (*dialpad.Client, *dialpadtest.Server, error) {
	if os.Getenv("DIALPAD_API_KEY") != "" {
		c, err := dialpad.NewClientFromEnv()
		return c, nil, err
	}
	srv := dialpadtest.NewServer(dialpadtest.WithEmptyState())
	fmt.Fprintf(os.Stderr, "DIALPAD_API_KEY is not set: using the embedded fake Dialpad server at %s, seeded with a demo company\n", srv.URL)
	if err := seed(srv); err != nil {
		srv.Close()
		return nil, nil, fmt.Errorf("seeding the fake: %w", err)
	}
	c, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	return c, srv, nil
}

// staff is a person of the demo company as the fake starts with them.
type staff struct {
	email, first, last, office, license, ext, title, state string
}

// seed gives the fake the demo company as it is before the sync: it
// differs from employees.csv in that Hedy and Radia are not there yet, John
// has left (but is still active), Alan is back from a leave (but still
// suspended), Mary goes on leave, Katherine moves to New York, Margaret
// becomes a support agent, Grace is promoted, and Barbara has a new
// extension. The IT admin is in no roster but protected, and a contractor
// in another office and domain is out of scope.
func seed(srv *dialpadtest.Server) error {
	hq, err := srv.AddOffice(dialpadtest.Office{Name: "Headquarters", MainLine: "+14155550100",
		Seats: map[string]int{"talk": 30, "agents": 5}})
	if err != nil {
		return err
	}
	ny, err := srv.AddOffice(dialpadtest.Office{Name: "New York", MainLine: "+12125550100",
		Seats: map[string]int{"talk": 12, "agents": 2}})
	if err != nil {
		return err
	}
	ext, err := srv.AddOffice(dialpadtest.Office{Name: "Contractors", Seats: map[string]int{"talk": 5}})
	if err != nil {
		return err
	}
	for i := range 10 {
		if err := errors.Join(srv.AddNumbers(hq, fmt.Sprintf("+1415555%04d", 2000+i)),
			srv.AddNumbers(ny, fmt.Sprintf("+1212555%04d", 2000+i))); err != nil {
			return err
		}
	}
	offices := map[string]dialpad.ID{"HQ": hq, "NY": ny, "EXT": ext}
	people := []staff{
		{"it-admin@example.com", "IT", "Admin", "HQ", "talk", "100", "IT Administrator", ""},
		{"ada@example.com", "Ada", "Lovelace", "HQ", "talk", "101", "CTO", ""},
		{"grace@example.com", "Grace", "Hopper", "HQ", "agents", "102", "Support Agent", ""},
		{"alan@example.com", "Alan", "Turing", "HQ", "talk", "103", "Researcher", "suspended"},
		{"barbara@example.com", "Barbara", "Liskov", "HQ", "talk", "104", "Architect", ""},
		{"katherine@example.com", "Katherine", "Johnson", "HQ", "talk", "105", "Analyst", ""},
		{"margaret@example.com", "Margaret", "Hamilton", "HQ", "talk", "106", "Engineer", ""},
		{"john@example.com", "John", "Doe", "HQ", "talk", "107", "Sales Rep", ""},
		{"annie@example.com", "Annie", "Easley", "HQ", "talk", "110", "Engineer", ""},
		{"edsger@example.com", "Edsger", "Dijkstra", "HQ", "talk", "111", "Engineer", ""},
		{"frances@example.com", "Frances", "Allen", "HQ", "talk", "112", "Engineer", ""},
		{"donald@example.com", "Donald", "Knuth", "HQ", "talk", "113", "Engineer", ""},
		{"ken@example.com", "Ken", "Thompson", "HQ", "talk", "114", "Engineer", ""},
		{"dennis@example.com", "Dennis", "Ritchie", "HQ", "talk", "115", "Engineer", ""},
		{"lynn@example.com", "Lynn", "Conway", "HQ", "talk", "116", "Engineer", ""},
		{"dorothy@example.com", "Dorothy", "Vaughan", "NY", "talk", "201", "Receptionist", ""},
		{"mary@example.com", "Mary", "Jackson", "NY", "talk", "202", "Engineer", ""},
		{"evelyn@example.com", "Evelyn", "Berezin", "NY", "talk", "203", "Sales Rep", ""},
		{"jean@example.com", "Jean", "Sammet", "NY", "talk", "205", "Sales Rep", ""},
		{"adele@example.com", "Adele", "Goldberg", "NY", "talk", "206", "Sales Rep", ""},
		{"sam@partner.example", "Sam", "Contractor", "EXT", "talk", "", "Consultant", ""},
	}
	ids := map[string]dialpad.ID{}
	for _, p := range people {
		id, err := srv.AddUser(dialpadtest.User{OfficeID: offices[p.office], Emails: []string{p.email},
			FirstName: p.first, LastName: p.last, License: p.license, Extension: p.ext, JobTitle: p.title, State: dialpad.UserState(p.state)})
		if err != nil {
			return err
		}
		ids[strings.Split(p.email, "@")[0]] = id
	}
	support, err := srv.AddCallCenter(dialpadtest.CallCenter{Name: "Support", OfficeID: hq, Operators: []dialpadtest.Operator{
		{UserID: ids["ada"], Role: "supervisor"}, {UserID: ids["grace"], Role: "operator"}}})
	if err != nil {
		return err
	}
	_ = support
	if _, err := srv.AddCallCenter(dialpadtest.CallCenter{Name: "Escalations", OfficeID: ny}); err != nil {
		return err
	}
	if _, err := srv.AddDepartment(dialpadtest.Department{Name: "Sales", OfficeID: hq, Operators: []dialpadtest.Operator{
		{UserID: ids["ada"], Role: "admin"}, {UserID: ids["john"], Role: "operator"}}}); err != nil {
		return err
	}
	_, err = srv.AddDepartment(dialpadtest.Department{Name: "Front Desk", OfficeID: ny, Operators: []dialpadtest.Operator{
		{UserID: ids["dorothy"]}, {UserID: ids["evelyn"]}}})
	return err
}

// split splits a comma-separated flag, dropping empty parts.
func split(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func cmpOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
