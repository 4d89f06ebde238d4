// Command offboard offboards employees with the lifecycle package: it
// finds each one by email or user id, takes it off every call center,
// department and office operator list it is on, and suspends it (with
// -release-numbers, also returning its numbers to the company) or, with
// -delete, unassigns its numbers, deletes its desk phones and deletes it.
//
//	go run ./examples/offboard                          # demo on the embedded fake
//	DIALPAD_API_KEY=... go run ./examples/offboard -delete ann@example.com 5835806903417907
//	DIALPAD_API_KEY=... go run ./examples/offboard -delete -yes ann@example.com
//	DIALPAD_API_KEY=... go run ./examples/offboard -csv leavers.csv -yes
//
// With -csv the employees come from a CSV file whose header names its
// columns (see lifecycle.OffboardCSVColumns), and each row says how:
//
//	email,id,delete,release_numbers
//	ann@example.com,,yes,
//	,5835806903417907,no,yes
//
// Against the real API it only shows the plan (a dry run) unless given
// -yes, and it exits with status 1 if any employee failed. Running it twice
// is safe: the second run reports nothing to do.
//
// Without DIALPAD_API_KEY it runs against the embedded fake server; with no
// employees named it offboards two of the seed's users from a built-in
// CSV: Grace, an agent of two call centers and of the main line, who has
// a number and a desk phone, is deleted; the suspended Alan, an operator
// of the Sales department, stays suspended but loses his place there and
// his number. It shows the plan, the run and a second run with nothing to
// do.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

// demoCSV is offboarded on the fake.
var demoCSV = fmt.Sprintf(`email,id,delete,release_numbers
%s,,yes,
,%d,no,yes
`, dialpadtest.SeedAgentEmail, dialpadtest.SeedSuspendedUserID)

func main() {
	log.SetFlags(0)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: offboard [-delete] [-release-numbers] [-yes] [-workers n] email-or-id...\n"+
			"       offboard -csv leavers.csv [-yes] [-workers n]\n")
		flag.PrintDefaults()
	}
	del := flag.Bool("delete", false, "delete the users (after unassigning numbers and deleting desk phones) instead of suspending them")
	release := flag.Bool("release-numbers", false, "when suspending, also unassign the users' numbers")
	csvPath := flag.String("csv", "", "read the employees, and whether to delete each, from this CSV file")
	yes := flag.Bool("yes", false, "really change the real account; without it only the plan is shown")
	workers := flag.Int("workers", lifecycle.DefaultWorkers, "employees offboarded at once")
	flag.Parse()
	if *csvPath != "" && (flag.NArg() > 0 || *del || *release) {
		log.Fatal("offboard: with -csv, the file names the employees and its columns say how to offboard them")
	}
	code, err := run(flag.Args(), *csvPath, lifecycle.OffboardOptions{Delete: *del, ReleaseNumbers: *release}, *yes, *workers)
	if err != nil {
		log.Fatal("offboard: ", err)
	}
	os.Exit(code)
}

func run(who []string, csvPath string, opts lifecycle.OffboardOptions, yes bool, workers int) (int, error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env, err := openEnv()
	if err != nil {
		return 0, err
	}
	defer env.Close()
	bulk := lifecycle.BulkOptions{Workers: workers}

	var reqs []lifecycle.OffboardRequest
	switch {
	case csvPath != "":
		f, err := os.Open(csvPath)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		if reqs, err = lifecycle.ReadOffboardCSV(f); err != nil {
			return 0, err
		}
	case len(who) > 0:
		for _, w := range who {
			reqs = append(reqs, lifecycle.OffboardRequest{Who: w, OffboardOptions: opts})
		}
	case env.Live():
		flag.Usage()
		return 2, nil
	default:
		// The fake: put Grace on a second call center, so that she leaves
		// two, and offboard her and Alan from the built-in CSV.
		if err := env.Fake.AddCallCenterOperator(dialpadtest.SeedBranchCallCenterID, dialpadtest.Operator{UserID: dialpadtest.SeedAgentUserID}); err != nil {
			return 0, err
		}
		fmt.Println("No employees named: offboarding two of the fake's seed users, from this CSV:")
		fmt.Print(demoCSV)
		if reqs, err = lifecycle.ReadOffboardCSV(strings.NewReader(demoCSV)); err != nil {
			return 0, err
		}
	}

	if env.Live() {
		if !yes {
			fmt.Println("Dry run: nothing will be changed. Run again with -yes to apply this plan.")
		}
		if failed := offboardAll(ctx, env, reqs, !yes, bulk); failed > 0 {
			return 1, nil
		}
		return 0, nil
	}

	// The fake: show the plan, apply it, and run it again.
	fmt.Println("\nThe plan (dry run):")
	offboardAll(ctx, env, reqs, true, bulk)
	fmt.Println("\nApplying it (on the fake, no -yes needed):")
	offboardAll(ctx, env, reqs, false, bulk)
	fmt.Println("\nRunning it again:")
	offboardAll(ctx, env, reqs, false, bulk)
	return 0, nil
}

// offboardAll runs the batch (as a dry run, or not) and prints every
// report; it returns how many failed.
func offboardAll(ctx context.Context, env *exampleEnv, reqs []lifecycle.OffboardRequest, dry bool, bulk lifecycle.BulkOptions) int {
	for i := range reqs {
		reqs[i].DryRun = dry
	}
	b := lifecycle.OffboardAll(ctx, env.Client, reqs, bulk)
	for _, r := range b.Reports {
		fmt.Println(r)
	}
	return len(b.Failed())
}
