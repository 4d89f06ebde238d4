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
// a client for it, with the rate limits of both off so that the examples
// run fast. With a real key it would be dialpad.NewClientFromEnv(), paced
// at Dialpad's limits.
func exampleClient() (*dialpadtest.Server, *dialpad.Client) {
	srv := dialpadtest.NewServer(dialpadtest.WithoutRateLimits())
	client, err := srv.NewClient()
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
		Office:         "Headquarters", // or OfficeID
		AreaCode:       "646",
		Departments:    []lifecycle.Membership{{Name: "Sales"}},
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
	// resolve_office     done    "Headquarters"
	// resolve_groups     done    "Sales" (department 4826193310531584)
	// find_user          done    no existing user
	// check_seats        done    talk in "Headquarters": 8 free, 1 needed by this run
	// create_user        done    office "Headquarters", license talk
	// assign_number      done    a number in area code 646
	// join_call_center   skipped not requested
	// join_department    done    "Sales" as operator
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

	// Grace answers the Support call center and the main line, and has a
	// number and a desk phone: see the plan first.
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
	// leave_call_center planned 5947305063469056
	// leave_office planned 6422934115149452
	// list_desk_phones done 4335858969377504
	// unassign_number planned +16465550101
	// delete_desk_phone planned +16465550101-user-4335858969377504-yealink-hex_bc7abbd28f
	// delete_user planned 4335858969377504
	// second run: offboard grace@example.com: nothing to do <nil>
}

func ExampleOnboardAll() {
	srv, client := exampleClient()
	defer srv.Close()

	csv := `email,first_name,last_name,office,license,area_code,call_centers
mary@example.com,Mary,Jackson,Headquarters,talk,415,
kath@example.com,Katherine,Johnson,headquarters,agents,,Support
gus@example.com,Gus,Ghost,Headquaters,talk,,
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
		fmt.Println(r.Err())
		fmt.Println("unknown office:", errors.Is(r.Err(), lifecycle.ErrUnknownOffice))
	}
	// Output:
	// succeeded: 2
	// lifecycle: onboard gus@example.com (line 4): resolve_office: office does not exist: no office is named "Headquaters"; did you mean "Headquarters"?
	// unknown office: true
}

// A run that needs more seats than an office has free is refused before
// anything changes; FitSeats onboards as many as fit instead.
func ExampleOnboardAll_seats() {
	srv, client := exampleClient()
	defer srv.Close()
	ctx := context.Background()

	var reqs []lifecycle.OnboardRequest // Headquarters has 8 free talk seats
	for i := range 10 {
		reqs = append(reqs, lifecycle.OnboardRequest{Email: fmt.Sprintf("temp%d@example.com", i), Office: "Headquarters", NoNumber: true})
	}
	b := lifecycle.OnboardAll(ctx, client, reqs, lifecycle.BulkOptions{})
	var seatErr *lifecycle.SeatError
	if errors.As(b.Refused, &seatErr) {
		for _, s := range seatErr.Shortfalls {
			fmt.Printf("%s, %s: %d needed, %d free, %d short\n", s.Office, s.License, s.Needed, s.Free, s.Short)
		}
	}
	fmt.Println("created:", b.Succeeded())

	b = lifecycle.OnboardAll(ctx, client, reqs, lifecycle.BulkOptions{FitSeats: true})
	fmt.Println("created:", b.Succeeded())
	for _, r := range b.Skipped() {
		fmt.Println(r.Summary())
	}
	// Output:
	// Headquarters, talk: 10 needed, 8 free, 2 short
	// created: 0
	// created: 8
	// onboard temp8@example.com: skipped, no free seat
	// onboard temp9@example.com: skipped, no free seat
}

func ExampleReadOffboardCSV() {
	srv, client := exampleClient()
	defer srv.Close()

	csv := `email,id,delete,release_numbers
grace@example.com,,yes,
,5137304475768569,no,yes
`
	reqs, err := lifecycle.ReadOffboardCSV(strings.NewReader(csv))
	if err != nil {
		log.Fatal(err)
	}
	b := lifecycle.OffboardAll(context.Background(), client, reqs, lifecycle.BulkOptions{})
	for _, r := range b.Reports {
		fmt.Println(r.Summary())
		for _, s := range r.Steps {
			fmt.Println(strings.TrimRight(fmt.Sprintf("   %-17s %-7s %s", s.Name, s.Status, s.Detail), " "))
		}
	}
	// Output:
	// offboard grace@example.com (line 2): ok, user 4335858969377504
	//    find_user         done    active
	//    leave_call_center done    call center "Support", as operator
	//    leave_office      done    office "Headquarters" main line, as operator
	//    list_desk_phones  done    1 desk phone(s)
	//    unassign_number   done
	//    delete_desk_phone done    Grace's Yealink
	//    delete_user       done    seat freed
	// offboard 5137304475768569 (line 3): ok, user 5137304475768569
	//    find_user         done    suspended
	//    leave_department  done    department "Sales", as operator
	//    unassign_number   done
	//    suspend_user      skipped already suspended
}
