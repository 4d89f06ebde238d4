// Command offboard offboards leavers with the change engine of package
// roster: it reads the one employee CSV (see roster.ReadCSV), keeps the
// rows whose state is suspended or deleted, and plans, for each, what
// lifecycle.Offboard does for one person: off every call-center,
// department and office operator list first, then the numbers released
// (always before a delete; with -release-numbers when suspending), then
// the desk phones deleted before a delete, then the user suspended or
// deleted. It prints the plan with an estimate of its requests and time,
// and applies it with -yes.
//
//	go run ./examples/offboard                      # demo on the embedded fake
//	DIALPAD_API_KEY=... go run ./examples/offboard -csv employees.csv       # dry run: prints the plan
//	DIALPAD_API_KEY=... go run ./examples/offboard -csv employees.csv -yes  # applies it
//	DIALPAD_API_KEY=... go run ./examples/offboard -who john@example.com -delete -yes
//
// -who offboards one user, by email or id, with lifecycle.Offboard
// (suspending it, or deleting it with -delete). Progress goes to stderr
// from the first page read. Only the listed people are touched
// (roster.ModeBatch).
//
// Without DIALPAD_API_KEY it runs against an embedded fake Dialpad seeded
// with the demo company and its bundled employees.csv
// (dialpadtest.DemoEmployeesCSV), applies the plan without -yes to show
// the whole flow, and plans again to show that nothing is left to do.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/lifecycle"
	"github.com/dialpad-community/dialpad-go/roster"
)

// options are the command line.
type options struct {
	csv, who                 string
	yes, del, releaseNumbers bool
}

func main() {
	log.SetFlags(0)
	var o options
	flag.StringVar(&o.csv, "csv", "", "the employees file, CSV or JSON (required with DIALPAD_API_KEY unless -who; the demo company's otherwise)")
	flag.StringVar(&o.who, "who", "", "offboard only this user (email or id), with lifecycle.Offboard")
	flag.BoolVar(&o.del, "delete", false, "with -who: delete the user rather than suspend it")
	flag.BoolVar(&o.releaseNumbers, "release-numbers", false, "release the numbers of users who are only suspended")
	flag.BoolVar(&o.yes, "yes", false, "apply the plan (the embedded fake applies without it)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o); err != nil {
		stop()
		log.Fatal("offboard: ", err)
	}
}

func run(ctx context.Context, o options) error {
	client, fake, err := dialpadtest.ClientFromEnvOrDemo(os.Stderr)
	if err != nil {
		return err
	}
	if fake != nil {
		defer fake.Close()
		o.yes = true
	}
	progress := roster.NewPrinter(os.Stderr)
	if o.who != "" {
		// One person: one call.
		rep, err := lifecycle.Offboard(ctx, client, o.who, lifecycle.OffboardOptions{Delete: o.del,
			ReleaseNumbers: o.releaseNumbers, DryRun: !o.yes, Progress: progress.Event})
		if rep != nil {
			fmt.Print(rep.Plan)
		}
		if err == nil && !o.yes {
			fmt.Println("\ndry run: nothing applied; run again with -yes")
		}
		return err
	}

	people, err := readPeople(o.csv, fake != nil)
	if err != nil {
		return err
	}
	var leavers []roster.Person
	for _, p := range people {
		if p.State == dialpad.UserStateSuspended || p.State == dialpad.UserStateDeleted {
			leavers = append(leavers, p)
		}
	}
	if len(leavers) == 0 {
		return errors.New("no row has state suspended or deleted")
	}
	opts := roster.PlanOptions{Mode: roster.ModeBatch, ReleaseNumbers: o.releaseNumbers, Progress: progress.Event}
	plan, err := roster.NewPlan(ctx, client, leavers, opts)
	if err != nil {
		return err
	}
	fmt.Print(plan)
	if plan.Empty() {
		return nil
	}
	if !o.yes {
		fmt.Println("\ndry run: nothing applied; review the plan, then run again with -yes")
		return nil
	}
	fmt.Println("\napplying")
	report, err := roster.Apply(ctx, client, plan, roster.ApplyOptions{ContinueOnError: true, Progress: progress.Event})
	if report != nil {
		fmt.Println(report.Summary())
	}
	if err != nil || fake == nil {
		return err
	}
	fmt.Println("\nplanning again")
	opts.Progress = nil
	again, err := roster.NewPlan(ctx, client, leavers, opts)
	if err != nil {
		return err
	}
	fmt.Print(again)
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
		return nil, errors.New("-csv is required with DIALPAD_API_KEY")
	}
	if err == nil {
		fmt.Printf("read %d people from %s\n", len(people), path)
	}
	return people, err
}
