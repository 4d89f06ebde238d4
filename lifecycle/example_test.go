package lifecycle_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/lifecycle"
)

// exampleClient starts the fake Dialpad with its default seed and returns
// a client for it. With a real key it would be dialpad.NewClientFromEnv().
func exampleClient() (*dialpadtest.Server, *dialpad.Client) {
	srv := dialpadtest.NewServer()
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return srv, client
}

func ExampleOnboard() {
	srv, client := exampleClient()
	defer srv.Close()

	r, err := lifecycle.Onboard(context.Background(), client, lifecycle.OnboardRequest{
		Email:          "hedy@example.com",
		FirstName:      "Hedy",
		LastName:       "Lamarr",
		OfficeID:       dialpadtest.SeedOfficeID,
		AreaCode:       "646",
		CoachingTeamID: dialpadtest.SeedCoachingTeamID,
		Rollback:       true, // on a failure, leave nothing behind
	})
	if err != nil {
		fmt.Println(err)
		fmt.Println(r) // every step, and what exists now
		return
	}
	for _, s := range r.Steps {
		fmt.Println(strings.TrimSpace(fmt.Sprintf("%-18s %-7s %s", s.Name, s.Status, s.Detail)))
	}
	// Output:
	// validate           done
	// check_office       skipped not requested
	// find_user          done    no existing user
	// create_user        done    office 6422934115149452, license talk
	// assign_number      done    a number in area code 646
	// set_caller_id      skipped not requested
	// set_e911           skipped not requested
	// join_coaching_team done    as trainee
	// set_do_not_disturb skipped not requested
}

func ExampleOffboard() {
	srv, client := exampleClient()
	defer srv.Close()
	ctx := context.Background()
	opts := lifecycle.OffboardOptions{Delete: true, DryRun: true}

	// Grace has a number and a desk phone: see the plan first.
	plan, err := lifecycle.Offboard(ctx, client, dialpadtest.SeedAgentEmail, opts)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range plan.Steps {
		fmt.Println(s.Name, s.Status, s.ID)
	}

	opts.DryRun = false
	if _, err := lifecycle.Offboard(ctx, client, dialpadtest.SeedAgentEmail, opts); err != nil {
		log.Fatal(err)
	}
	again, err := lifecycle.Offboard(ctx, client, dialpadtest.SeedAgentEmail, opts)
	fmt.Println("second run:", again.Summary(), err)
	// Output:
	// find_user done 4335858969377504
	// list_desk_phones done 4335858969377504
	// unassign_number planned +16465550101
	// delete_desk_phone planned +16465550101-user-4335858969377504-yealink-hex_bc7abbd28f
	// delete_user planned 4335858969377504
	// second run: offboard grace@example.com: nothing to do <nil>
}

func ExampleOnboardAll() {
	srv, client := exampleClient()
	defer srv.Close()

	csv := `email,first_name,last_name,office_id,license,area_code
mary@example.com,Mary,Jackson,6422934115149452,talk,415
kath@example.com,Katherine,Johnson,6422934115149452,talk,
ghost@example.com,Gus,Ghost,999,talk,
`
	reqs, err := lifecycle.ReadOnboardCSV(strings.NewReader(csv))
	if err != nil {
		log.Fatal(err)
	}
	for i := range reqs {
		reqs[i].Rollback = true
	}
	b := lifecycle.OnboardAll(context.Background(), client, reqs, lifecycle.BulkOptions{
		Workers: 2,
		// Progress: func(done, total int, r *lifecycle.Report) { log.Printf("%d/%d %s", done, total, r.Summary()) },
	})
	fmt.Println("succeeded:", b.Succeeded())
	for _, r := range b.Failed() {
		fmt.Printf("line %d (%s): unknown office: %v\n", r.Line, r.Who, errors.Is(r.Err(), lifecycle.ErrUnknownOffice))
	}
	// Output:
	// succeeded: 2
	// line 4 (ghost@example.com): unknown office: true
}
