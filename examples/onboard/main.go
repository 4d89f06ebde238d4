// Command onboard onboards the employees of a CSV file with the lifecycle
// package: for each row it creates the user in its office (named by name
// or id, taking a license seat), gives it a number, makes it an operator
// of the call centers and departments the row names, applies the optional
// settings, and prints a report of every step.
//
//	go run ./examples/onboard                      # demo on the embedded fake
//	DIALPAD_API_KEY=... go run ./examples/onboard -csv employees.csv
//	DIALPAD_API_KEY=... go run ./examples/onboard -csv employees.csv -fit-seats
//
// The CSV's header names its columns (see lifecycle.CSVColumns), such as
//
//	email,first_name,last_name,office,license,area_code,call_centers
//	ada@example.com,Ada,Lovelace,Headquarters,agents,415,Support;Escalations:supervisor
//
// Before creating anyone it checks that every office has enough free
// seats of each license for the rows that need one; if not, it creates
// nobody and prints the shortfall, unless -fit-seats asks it to onboard as
// many as fit (the rows beyond the free seats are reported as skipped).
//
// Without DIALPAD_API_KEY it runs against the embedded fake server on a
// built-in CSV (one row of which misspells its office on purpose), runs
// the same rows again to show that a second run has nothing to do, and
// then shows the seat check refusing a batch too big for an office, and
// the same batch with -fit-seats. With a key it needs -csv, and it exits
// with status 1 if any row failed or was skipped, or the run was refused.
// A failed row is rolled back (its memberships removed, its user deleted,
// its seat and numbers freed) unless -rollback=false; running the same
// file again finishes what is missing.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

// demoCSV is onboarded on the fake: three employees of the seed's
// Headquarters, named by its name (in any case) or its id, one of them an
// agent of the Support call center who calls out as Support, one a member
// of the Sales department; and one row whose office name is misspelt.
var demoCSV = fmt.Sprintf(`email,first_name,last_name,office,office_id,license,area_code,call_centers,departments,caller_id,coaching_team_id,dnd
hedy@example.com,Hedy,Lamarr,Headquarters,,talk,415,,Sales,%[2]s,%[3]d,
mary@example.com,Mary,Jackson,headquarters,,agents,646,Support,,%[4]s,,
kath@example.com,Katherine,Johnson,,%[1]d,talk,,,,,%[3]d,yes
gus@example.com,Gus,Ghost,Head Quarters,,talk,,,,,,
`, dialpadtest.SeedOfficeID, dialpadtest.SeedOfficeMainLine, dialpadtest.SeedCoachingTeamID, dialpadtest.SeedCallCenterNumber)

func main() {
	log.SetFlags(0)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: onboard [-csv employees.csv] [-fit-seats] [-rollback=false] [-workers n]\n")
		flag.PrintDefaults()
	}
	csvPath := flag.String("csv", "", "the CSV file of employees to onboard (required with DIALPAD_API_KEY)")
	rollback := flag.Bool("rollback", true, "undo a row's onboarding when one of its steps fails")
	workers := flag.Int("workers", lifecycle.DefaultWorkers, "employees onboarded at once")
	fitSeats := flag.Bool("fit-seats", false, "when an office lacks seats for every row, onboard as many as fit instead of none")
	flag.Parse()
	if flag.NArg() > 0 {
		log.Fatalf("onboard: unexpected arguments %q (the employees come from -csv)", flag.Args())
	}
	code, err := run(*csvPath, *rollback, lifecycle.BulkOptions{Workers: *workers, FitSeats: *fitSeats})
	if err != nil {
		log.Fatal("onboard: ", err)
	}
	os.Exit(code)
}

func run(csvPath string, rollback bool, opts lifecycle.BulkOptions) (int, error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env, err := openEnv()
	if err != nil {
		return 0, err
	}
	defer env.Close()

	var in io.Reader
	switch {
	case csvPath != "":
		f, err := os.Open(csvPath)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		in = f
	case env.Live():
		fmt.Fprintln(os.Stderr, "onboard: with DIALPAD_API_KEY set, name the employees' CSV with -csv")
		flag.Usage()
		return 2, nil // never invent employees on a real account
	default:
		fmt.Println("Onboarding the built-in demo CSV (its last row misspells its office):")
		in = strings.NewReader(demoCSV)
	}
	reqs, err := lifecycle.ReadOnboardCSV(in)
	if err != nil {
		return 0, err
	}
	for i := range reqs {
		reqs[i].Rollback = rollback
	}

	b := onboardAll(ctx, env, reqs, opts)
	if env.Live() {
		if b.Refused != nil || len(b.Failed()) > 0 || len(b.Skipped()) > 0 {
			return 1, nil
		}
		return 0, nil
	}

	// On the fake, show that running the same rows again is safe.
	fmt.Println("\nRunning the same rows again:")
	onboardAll(ctx, env, reqs, opts)

	// And the seat check: New York has 2 free talk seats, not 5.
	var temps []lifecycle.OnboardRequest
	for i := range 5 {
		temps = append(temps, lifecycle.OnboardRequest{Email: fmt.Sprintf("temp%d@example.com", i), Office: "New York", NoNumber: true})
	}
	fmt.Println("\nOnboarding 5 temps into New York, which has 2 free talk seats:")
	onboardAll(ctx, env, temps, opts)
	fmt.Println("\nThe same with -fit-seats:")
	opts.FitSeats = true
	onboardAll(ctx, env, temps, opts)
	return 0, nil
}

// onboardAll runs the batch, printing a line per finished row and then
// the full report of every row that failed; or, when the run was refused
// for want of seats, the shortfall.
func onboardAll(ctx context.Context, env *exampleEnv, reqs []lifecycle.OnboardRequest, opts lifecycle.BulkOptions) *lifecycle.BulkReport {
	b := lifecycle.OnboardAll(ctx, env.Client, reqs, lifecycle.BulkOptions{
		Workers:  opts.Workers,
		FitSeats: opts.FitSeats,
		Progress: func(done, total int, r *lifecycle.Report) {
			if !refused(r) { // a refused run prints its table instead
				fmt.Printf("[%d/%d] %s\n", done, total, r.Summary())
			}
		},
	})
	var seatErr *lifecycle.SeatError
	switch {
	case errors.As(b.Refused, &seatErr):
		fmt.Println("Refused: nobody was created. Free more seats, or rerun with -fit-seats to onboard as many as fit.")
		printSeats(seatErr.Shortfalls)
		return b
	case b.Refused != nil:
		fmt.Println("Refused: nobody was created:", b.Refused)
		return b
	}
	failed, skipped := b.Failed(), b.Skipped()
	fmt.Printf("%d onboarded or already there, %d failed, %d skipped for want of a seat\n", b.Succeeded(), len(failed), len(skipped))
	for _, r := range failed {
		fmt.Printf("\n%s\n", r)
	}
	return b
}

// refused reports whether r's row was refused with the whole run.
func refused(r *lifecycle.Report) bool {
	s, _ := r.Step(lifecycle.StepCheckSeats)
	return s.Status == lifecycle.StatusFailed && errors.Is(s.Err, lifecycle.ErrNotEnoughSeats)
}

// printSeats prints the seat check's table.
func printSeats(seats []lifecycle.SeatCount) {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "  office\tlicense\tneeded\tfree\tshort")
	for _, s := range seats {
		fmt.Fprintf(w, "  %s\t%s\t%d\t%d\t%d\n", s.Office, s.License, s.Needed, s.Free, s.Short)
	}
	w.Flush()
}
