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
	"io"
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
	csvPath := flag.String("csv", "", "the employees CSV (required with DIALPAD_API_KEY; the demo company's otherwise)")
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
	client, fake, err := open()
	if err != nil {
		return err
	}
	if fake != nil {
		defer fake.Close()
		yes = true
	}
	people, err := readCSV(csvPath, fake != nil)
	if err != nil {
		return err
	}
	var hires []roster.Person
	for _, p := range people {
		if p.State == "" || p.State == dialpad.UserStateActive {
			if email == "" || dialpad.SameEmail(p.Email, email) {
				hires = append(hires, p)
			}
		}
	}
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

// readCSV reads the CSV at path, or the demo company's on the fake.
func readCSV(path string, fake bool) ([]roster.Person, error) {
	var in io.Reader
	switch {
	case path != "":
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		in = f
	case fake:
		in, path = bytes.NewReader(dialpadtest.DemoEmployeesCSV()), "the demo company's employees.csv"
	default:
		return nil, errors.New("-csv is required with DIALPAD_API_KEY")
	}
	people, err := roster.ReadCSV(in)
	if err != nil {
		return nil, err
	}
	fmt.Printf("read %d people from %s\n", len(people), path)
	return people, nil
}

// open returns a client for the real API (DIALPAD_API_KEY, optionally
// DIALPAD_BASE_URL) or, without a key, for the embedded fake holding the
// demo company, announced on stderr.
func open() (*dialpad.Client, *dialpadtest.Server, error) {
	if os.Getenv("DIALPAD_API_KEY") != "" {
		c, err := dialpad.NewClientFromEnv()
		return c, nil, err
	}
	srv, err := dialpadtest.NewDemoServer()
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(os.Stderr, "DIALPAD_API_KEY is not set: using the embedded fake Dialpad server at %s, seeded with a demo company\n", srv.URL)
	c, err := srv.NewClient()
	if err != nil {
		srv.Close()
	}
	return c, srv, err
}
