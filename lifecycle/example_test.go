package lifecycle_test

import (
	"context"
	"fmt"
	"log"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/lifecycle"
	"github.com/dialpad-community/dialpad-go/roster"
)

func ExampleOnboard() {
	srv := dialpadtest.NewServer() // the default seed: offices, groups, Ada and Grace
	defer srv.Close()
	client, err := srv.NewClient() // with a real key: dialpad.NewClientFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	hedy := roster.Person{Email: "hedy@example.com", FirstName: "Hedy", LastName: "Lamarr", Office: "New York",
		JobTitle: "Inventor", Departments: []roster.Membership{{Group: "Front Desk"}}}

	// A dry run prints the plan and changes nothing.
	rep, err := lifecycle.Onboard(ctx, client, hedy, lifecycle.OnboardOptions{DryRun: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(rep.Plan)
	fmt.Println(rep.Summary())

	// The real run; a second one finds nothing to do.
	if rep, err = lifecycle.Onboard(ctx, client, hedy, lifecycle.OnboardOptions{Rollback: true}); err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.Summary())
	if rep, err = lifecycle.Onboard(ctx, client, hedy, lifecycle.OnboardOptions{}); err != nil {
		log.Fatal(err)
	}
	fmt.Print(rep.Plan)
	// Output:
	// roster plan (batch: only the people listed; scope: the whole company)
	// + create hedy@example.com  office=New York license=talk, job_title="Inventor", join department "Front Desk" as operator
	// 1 to create, 0 to update, 0 to reactivate, 0 to suspend, 0 to delete; 0 unchanged; ~5 requests, ~200ms at 20 requests/s
	// 0 done, 0 already, 0 stale, 0 held, 0 failed, 0 not run, 3 planned (dry run)
	// 3 done, 0 already, 0 stale, 0 held, 0 failed, 0 not run
	// roster plan (batch: only the people listed; scope: the whole company)
	// no changes; 1 unchanged
}

func ExampleOffboard() {
	srv := dialpadtest.NewServer()
	defer srv.Close()
	client, err := srv.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	rep, err := lifecycle.Offboard(ctx, client, "grace@example.com", lifecycle.OffboardOptions{Delete: true})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rep.Results {
		fmt.Println(r.Status, r.Action.Op)
	}
	u, err := client.Users.Get(ctx, rep.Results[0].UserID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.State == dialpad.UserStateDeleted)
	// Output:
	// done leave_group
	// done leave_group
	// done unassign_number
	// done delete_desk_phone
	// done delete
	// true
}
