// Command onboard onboards employees with the change engine of package
// roster: it reads the one employee CSV (see roster.ReadCSV), keeps the
// rows of people who work here (state empty or active), plans what
// Dialpad needs (create new hires with a number, update the others,
// group memberships, settings), prints the plan with an estimate of its
// requests and time, and applies it with -yes.
//
//	go run ./examples/onboard                       # demo on the embedded fake
//	DIALPAD_API_KEY=... go run ./examples/onboard -csv employees.csv        # dry run: prints the plan
//	DIALPAD_API_KEY=... go run ./examples/onboard -csv employees.csv -yes   # applies it
//	DIALPAD_API_KEY=... go run ./examples/onboard -csv employees.csv -email ada@example.com -yes
//
// -email onboards one row with lifecycle.Onboard instead. Progress goes to
// stderr from the first page read. Only the listed people are touched
// (roster.ModeBatch): nobody is suspended for being absent from the file.
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

func main() {
	log.SetFlags(0)
	csvPath := flag.String("csv", "", "the employees file, CSV or JSON (required with DIALPAD_API_KEY; the demo company's otherwise)")
	email := flag.String("email", "", "onboard only this row, with lifecycle.Onboard")
	yes := flag.Bool("yes", false, "apply the plan (the embedded fake applies without it)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *csvPath, *email, *yes); err != nil {
		stop()
		log.Fatal("onboard: ", err)
	}
}

func run(ctx context.Context, csvPath, email string, yes bool) error {
	client, fake, err := dialpadtest.ClientFromEnvOrDemo(os.Stderr)
	if err != nil {
		return err
	}
	if fake != nil {
		defer fake.Close()
		yes = true
	}
	people, err := readPeople(csvPath, fake != nil)
	if err != nil {
		return err
	}
	hires := activeRows(people, email)
	if len(hires) == 0 {
		return errors.New("no active row to onboard")
	}
	progress := roster.NewPrinter(os.Stderr)

	if email != "" {
		// One person: one call.
		rep, err := lifecycle.Onboard(ctx, client, hires[0], lifecycle.OnboardOptions{DryRun: !yes, Rollback: true, Progress: progress.Event})
		if rep != nil {
			fmt.Print(rep.Plan)
		}
		if err == nil && !yes {
			fmt.Println("\ndry run: nothing applied; run again with -yes")
		}
		return err
	}

	plan, err := roster.NewPlan(ctx, client, hires, roster.PlanOptions{Mode: roster.ModeBatch, Progress: progress.Event})
	if err != nil {
		return err
	}
	fmt.Print(plan)
	if plan.Empty() {
		return nil
	}
	if !yes {
		fmt.Println("\ndry run: nothing applied; review the plan, then run again with -yes")
		return nil
	}
	fmt.Println("\napplying")
	report, err := roster.Apply(ctx, client, plan, roster.ApplyOptions{ContinueOnError: true, Rollback: true, Progress: progress.Event})
	if report != nil {
		fmt.Println(report.Summary())
	}
	if err != nil || fake == nil {
		return err
	}
	fmt.Println("\nplanning again")
	again, err := roster.NewPlan(ctx, client, hires, roster.PlanOptions{Mode: roster.ModeBatch})
	if err != nil {
		return err
	}
	fmt.Print(again)
	return nil
}

// activeRows returns the people to onboard: the active ones, only the
// one with email when it is set.
func activeRows(people []roster.Person, email string) []roster.Person {
	var hires []roster.Person
	for _, p := range people {
		if p.State == "" || p.State == dialpad.UserStateActive {
			if email == "" || dialpad.SameEmail(p.Email, email) {
				hires = append(hires, p)
			}
		}
	}
	return hires
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
