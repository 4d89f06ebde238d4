// Command offboard offboards employees with the lifecycle package: it
// finds each one by email or user id and suspends it or, with -delete,
// unassigns its numbers, deletes its desk phones and deletes it.
//
//	go run ./examples/offboard                          # demo on the embedded fake
//	DIALPAD_API_KEY=... go run ./examples/offboard -delete ann@example.com 5835806903417907
//	DIALPAD_API_KEY=... go run ./examples/offboard -delete -yes ann@example.com
//
// Against the real API it only shows the plan (a dry run) unless given
// -yes, and it exits with status 1 if any employee failed. Running it twice
// is safe: the second run reports nothing to do.
//
// Without DIALPAD_API_KEY it runs against the embedded fake server; with no
// employees named it deletes two of the seed's users (Grace, who has a
// number and a desk phone, and the suspended Alan), showing the plan, the
// run and a second run with nothing to do.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strconv"

	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/internal/exampleenv"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

func main() {
	log.SetFlags(0)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: offboard [-delete] [-yes] [-workers n] email-or-id...\n")
		flag.PrintDefaults()
	}
	del := flag.Bool("delete", false, "delete the users (after unassigning numbers and deleting desk phones) instead of suspending them")
	yes := flag.Bool("yes", false, "really change the real account; without it only the plan is shown")
	workers := flag.Int("workers", lifecycle.DefaultWorkers, "employees offboarded at once")
	flag.Parse()
	code, err := run(flag.Args(), *del, *yes, *workers)
	if err != nil {
		log.Fatal("offboard: ", err)
	}
	os.Exit(code)
}

func run(who []string, del, yes bool, workers int) (int, error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env, err := exampleenv.Open()
	if err != nil {
		return 0, err
	}
	defer env.Close()
	opts := lifecycle.OffboardOptions{Delete: del}
	bulk := lifecycle.BulkOptions{Workers: workers}

	if env.Live() {
		if len(who) == 0 {
			flag.Usage()
			return 2, nil
		}
		opts.DryRun = !yes
		if opts.DryRun {
			fmt.Println("Dry run: nothing will be changed. Run again with -yes to apply this plan.")
		}
		if failed := offboardAll(ctx, env, who, opts, bulk); failed > 0 {
			return 1, nil
		}
		return 0, nil
	}

	// The fake: show the plan, apply it, and run it again.
	if len(who) == 0 {
		who = []string{dialpadtest.SeedAgentEmail, strconv.FormatInt(dialpadtest.SeedSuspendedUserID, 10)}
		opts.Delete = true
		fmt.Println("No employees named: deleting two of the fake's seed users.")
	}
	fmt.Println("\nThe plan (dry run):")
	opts.DryRun = true
	offboardAll(ctx, env, who, opts, bulk)
	fmt.Println("\nApplying it (on the fake, no -yes needed):")
	opts.DryRun = false
	offboardAll(ctx, env, who, opts, bulk)
	fmt.Println("\nRunning it again:")
	offboardAll(ctx, env, who, opts, bulk)
	return 0, nil
}

// offboardAll runs the batch and prints every report; it returns how many
// failed.
func offboardAll(ctx context.Context, env *exampleenv.Env, who []string, opts lifecycle.OffboardOptions, bulk lifecycle.BulkOptions) int {
	reqs := make([]lifecycle.OffboardRequest, len(who))
	for i, w := range who {
		reqs[i] = lifecycle.OffboardRequest{Who: w, OffboardOptions: opts}
	}
	b := lifecycle.OffboardAll(ctx, env.Client, reqs, bulk)
	for _, r := range b.Reports {
		fmt.Println(r)
	}
	return len(b.Failed())
}
