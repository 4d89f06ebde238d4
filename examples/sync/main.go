// Command sync keeps Dialpad in step with a list of employees, with the
// change engine of package roster in roster.ModeSync: it reads the one
// employee CSV (see roster.ReadCSV), plans what must change in Dialpad
// (create, update, move, relicense, group memberships, reactivate,
// offboard the leavers and everyone in scope the file does not list),
// prints the plan with an estimate of its requests and time, and applies
// it with -yes. An empty CSV (only a header) is refused.
//
//	go run ./examples/sync                               # demo on the embedded fake
//	DIALPAD_API_KEY=... go run ./examples/sync -csv employees.csv -offices "Headquarters" -domains example.com
//	DIALPAD_API_KEY=... go run ./examples/sync -csv employees.csv ... -yes
//
// Without DIALPAD_API_KEY it runs against an embedded fake Dialpad seeded
// with the demo company (dialpadtest.SeedDemo), which differs from its
// bundled employees.csv (dialpadtest.DemoEmployeesCSV: new hires, a
// departure, a move, a new license, a leave of absence, a return), and
// applies the plan without asking, to show the whole flow: plan, apply,
// and a second plan that finds nothing left to do. Progress goes to
// stderr from the first page read.
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
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/roster"
)

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
	flag.StringVar(&o.csv, "csv", "", "the employees file, CSV or JSON (required with DIALPAD_API_KEY; the bundled employees.csv otherwise)")
	flag.StringVar(&o.planFile, "plan", "", "apply this saved plan (from -save) instead of planning")
	flag.StringVar(&o.save, "save", "", "write the plan as JSON to this file")
	flag.StringVar(&o.offices, "offices", "", "comma-separated offices (names or ids) the roster governs; empty: all")
	flag.StringVar(&o.domains, "domains", "", "comma-separated email domains the roster governs; empty: all")
	flag.StringVar(&o.protect, "protect", "", "comma-separated emails never suspended or deleted")
	flag.BoolVar(&o.yes, "yes", false, "apply the plan (the embedded fake applies without it)")
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
	client, fake, err := dialpadtest.ClientFromEnvOrDemo(os.Stderr)
	if err != nil {
		return err
	}
	if fake != nil {
		defer fake.Close()
		// The demo company's scope and its IT admin, unless told otherwise.
		o.offices = cmp.Or(o.offices, strings.Join(dialpadtest.DemoScope.Offices, ","))
		o.domains = cmp.Or(o.domains, strings.Join(dialpadtest.DemoScope.EmailDomains, ","))
		o.protect = cmp.Or(o.protect, strings.Join(dialpadtest.DemoScope.Protected, ","))
	}
	progress := roster.NewPrinter(os.Stderr)
	opts := roster.PlanOptions{
		Mode:    roster.ModeSync,
		Offices: split(o.offices), EmailDomains: split(o.domains), Protected: split(o.protect),
		DeleteMissing: o.deleteMissing, MaxRemovals: o.maxRemovals, Progress: progress.Event,
	}

	plan, people, err := makePlan(ctx, client, o, fake != nil, opts)
	if err != nil {
		return err
	}
	if err := plan.WriteText(os.Stdout); err != nil {
		return err
	}
	if o.save != "" {
		if err := savePlan(plan, o.save); err != nil {
			return err
		}
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
	report, err := roster.Apply(ctx, client, plan, roster.ApplyOptions{ContinueOnError: true, Progress: progress.Event})
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
	opts.Progress = nil
	again, err := roster.NewPlan(ctx, client, people, opts)
	if err != nil {
		return err
	}
	return again.WriteText(os.Stdout)
}

// makePlan reads the saved plan (-plan), or plans from the roster with
// opts; people is the roster, nil for a saved plan.
func makePlan(ctx context.Context, client *dialpad.Client, o options, fake bool, opts roster.PlanOptions) (plan *roster.Plan, people []roster.Person, err error) {
	if o.planFile != "" {
		data, err := os.ReadFile(o.planFile)
		if err != nil {
			return nil, nil, err
		}
		plan, err = roster.ReadPlan(bytes.NewReader(data))
		if err != nil {
			return nil, nil, err
		}
		fmt.Printf("read the plan in %s\n", o.planFile)
		return plan, nil, nil
	}
	people, err = readPeople(o.csv, fake)
	if err != nil {
		return nil, nil, err
	}
	plan, err = roster.NewPlan(ctx, client, people, opts)
	if err != nil {
		return nil, nil, err
	}
	return plan, people, nil
}

// savePlan writes plan as JSON to path (-save).
func savePlan(plan *roster.Plan, path string) error {
	data, err := json.MarshalIndent(plan, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	fmt.Printf("saved the plan to %s\n", path)
	return nil
}

// readPeople reads the people file at path (CSV or JSON), or on the fake
// without one the demo company's employees.csv, and says which it read.
func readPeople(path string, fake bool) (people []roster.Person, err error) {
	switch {
	case path != "":
		people, err = roster.ReadFile(path)
	case fake:
		path = "the demo company's employees.csv"
		people, err = roster.ReadCSV(bytes.NewReader(dialpadtest.DemoEmployeesCSV()))
	default:
		return nil, errors.New("-csv is required with DIALPAD_API_KEY (the bundled employees.csv describes the demo company)")
	}
	if err == nil {
		fmt.Printf("read %d people from %s\n", len(people), path)
	}
	return people, err
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
