// Command onboard onboards the employees of a CSV file with the lifecycle
// package: for each row it creates the user (taking a license seat), gives
// it a number and applies the optional settings, and prints a report of
// every step.
//
//	go run ./examples/onboard                      # demo on the embedded fake
//	DIALPAD_API_KEY=... go run ./examples/onboard -csv employees.csv
//
// The CSV's header names its columns (see lifecycle.CSVColumns), such as
//
//	email,first_name,last_name,office_id,license,area_code
//
// Without DIALPAD_API_KEY it runs against the embedded fake server on a
// built-in CSV (one row of which is bad on purpose) and then runs the same
// rows again to show that a second run has nothing to do. With a key it
// needs -csv, and it exits with status 1 if any row failed. A failed row is
// rolled back (its user deleted, its seat and numbers freed) unless
// -rollback=false; running the same file again finishes what is missing.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

// demoCSV is onboarded on the fake: three employees of the seed's
// Headquarters, and one row for an office that does not exist.
var demoCSV = fmt.Sprintf(`email,first_name,last_name,office_id,license,area_code,caller_id,coaching_team_id,dnd
hedy@example.com,Hedy,Lamarr,%[1]d,talk,415,%[2]s,%[3]d,
mary@example.com,Mary,Jackson,%[1]d,talk,646,,,
kath@example.com,Katherine,Johnson,%[1]d,talk,,,%[3]d,yes
ghost@example.com,Gus,Ghost,999,talk,,,,
`, dialpadtest.SeedOfficeID, dialpadtest.SeedOfficeMainLine, dialpadtest.SeedCoachingTeamID)

func main() {
	log.SetFlags(0)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: onboard [-csv employees.csv] [-rollback=false] [-workers n]\n")
		flag.PrintDefaults()
	}
	csvPath := flag.String("csv", "", "the CSV file of employees to onboard (required with DIALPAD_API_KEY)")
	rollback := flag.Bool("rollback", true, "undo a row's onboarding when one of its steps fails")
	workers := flag.Int("workers", lifecycle.DefaultWorkers, "employees onboarded at once")
	flag.Parse()
	if flag.NArg() > 0 {
		log.Fatalf("onboard: unexpected arguments %q (the employees come from -csv)", flag.Args())
	}
	code, err := run(*csvPath, *rollback, *workers)
	if err != nil {
		log.Fatal("onboard: ", err)
	}
	os.Exit(code)
}

func run(csvPath string, rollback bool, workers int) (int, error) {
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
		fmt.Println("Onboarding the built-in demo CSV (its last row names an office that does not exist):")
		in = strings.NewReader(demoCSV)
	}
	reqs, err := lifecycle.ReadOnboardCSV(in)
	if err != nil {
		return 0, err
	}
	for i := range reqs {
		reqs[i].Rollback = rollback
	}

	b := onboardAll(ctx, env, reqs, workers)
	if env.Live() {
		if len(b.Failed()) > 0 {
			return 1, nil
		}
		return 0, nil
	}

	// On the fake, show that running the same rows again is safe.
	fmt.Println("\nRunning the same rows again:")
	onboardAll(ctx, env, reqs, workers)
	return 0, nil
}

// onboardAll runs the batch, printing a line per finished row and then
// the full report of every row that failed.
func onboardAll(ctx context.Context, env *exampleEnv, reqs []lifecycle.OnboardRequest, workers int) *lifecycle.BulkReport {
	b := lifecycle.OnboardAll(ctx, env.Client, reqs, lifecycle.BulkOptions{
		Workers: workers,
		Progress: func(done, total int, r *lifecycle.Report) {
			fmt.Printf("[%d/%d] %s\n", done, total, r.Summary())
		},
	})
	failed := b.Failed()
	fmt.Printf("%d onboarded or already there, %d failed\n", b.Succeeded(), len(failed))
	for _, r := range failed {
		fmt.Printf("\n%s\n", r)
	}
	return b
}
