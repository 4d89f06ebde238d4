package roster_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
	"github.com/dialpad-community/dialpad-go/roster"
)

// employees is the HR system's view of the default seed of dialpadtest:
// Ada is as she is, Grace has a new title and joins Escalations, Hedy is
// new in New York.
const employees = `email,first_name,last_name,office,license,job_title,call_centers,departments
ada@example.com,Ada,Lovelace,Headquarters,talk,CTO,Support:supervisor,Sales:admin
grace@example.com,Grace,Hopper,Headquarters,agents,Support Lead,Support:operator;Escalations:operator,
hedy@example.com,Hedy,Lamarr,New York,talk,Inventor,,Front Desk
`

// exampleClient starts the fake Dialpad with its default seed and returns a
// client for it. With a real key it would be dialpad.NewClientFromEnv().
func exampleClient() (*dialpadtest.Server, *dialpad.Client) {
	srv := dialpadtest.NewServer()
	client, err := dialpad.NewClient(srv.APIKey, dialpad.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	return srv, client
}

func ExampleNewPlan() {
	srv, client := exampleClient()
	defer srv.Close()
	ctx := context.Background()

	people, err := roster.ReadCSV(strings.NewReader(employees))
	if err != nil {
		log.Fatal(err)
	}
	plan, err := roster.NewPlan(ctx, client, people, roster.PlanOptions{Mode: roster.ModeSync})
	if err != nil {
		log.Fatal(err)
	}
	if err := plan.WriteText(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// roster plan (sync): 3 users in scope (the whole company)
	// + create hedy@example.com  office=New York license=talk, job_title="Inventor", join department "Front Desk" as operator
	// ~ update grace@example.com  job_title: "Support Agent" → "Support Lead", join callcenter "Escalations" as operator
	// 1 to create, 1 to update, 0 to reactivate, 0 to suspend, 0 to delete; 1 unchanged; ~9 requests, ~400ms at 20 requests/s
}

func ExampleApply() {
	srv, client := exampleClient()
	defer srv.Close()
	ctx := context.Background()

	people, err := roster.ReadCSV(strings.NewReader(employees))
	if err != nil {
		log.Fatal(err)
	}
	plan, err := roster.NewPlan(ctx, client, people, roster.PlanOptions{Mode: roster.ModeSync})
	if err != nil {
		log.Fatal(err)
	}
	report, err := roster.Apply(ctx, client, plan, roster.ApplyOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range report.Results {
		fmt.Println(r.Status, r.Action.Op, r.Email)
	}

	// Planning again finds nothing left to do.
	again, err := roster.NewPlan(ctx, client, people, roster.PlanOptions{Mode: roster.ModeSync})
	if err != nil {
		log.Fatal(err)
	}
	if err := again.WriteText(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// done create hedy@example.com
	// done update_fields hedy@example.com
	// done join_group hedy@example.com
	// done update_fields grace@example.com
	// done join_group grace@example.com
	// roster plan (sync): 4 users in scope (the whole company)
	// no changes; 3 unchanged
}

// A plan is saved as versioned JSON, reviewed, and read back to be
// applied.
func ExampleReadPlan() {
	srv, client := exampleClient()
	defer srv.Close()
	ctx := context.Background()

	people := []roster.Person{
		{Email: "ada@example.com", Office: "Headquarters", JobTitle: "Chief Technology Officer"},
		{Email: "grace@example.com", Office: "Headquarters"},
	}
	plan, err := roster.NewPlan(ctx, client, people, roster.PlanOptions{Mode: roster.ModeSync, Offices: []string{"Headquarters"}})
	if err != nil {
		log.Fatal(err)
	}
	saved, err := json.Marshal(plan)
	if err != nil {
		log.Fatal(err)
	}
	loaded, err := roster.ReadPlan(bytes.NewReader(saved))
	if err != nil {
		log.Fatal(err)
	}
	if err := loaded.WriteText(os.Stdout); err != nil {
		log.Fatal(err)
	}
	report, err := roster.Apply(ctx, client, loaded, roster.ApplyOptions{DryRun: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("dry run, planned:", report.Count(roster.StatusPlanned))
	// Output:
	// roster plan (sync): 3 users in scope (offices: Headquarters)
	// ~ update ada@example.com  job_title: "CTO" → "Chief Technology Officer"
	// 0 to create, 1 to update, 0 to reactivate, 0 to suspend, 0 to delete; 1 unchanged; ~2 requests, ~100ms at 20 requests/s
	// dry run, planned: 1
}

// Memberships go in one cell each, "group[:role]" separated by semicolons.
func ExampleReadCSV() {
	people, err := roster.ReadCSV(strings.NewReader(`email,first_name,office,license,call_centers,departments
grace@example.com,Grace,Headquarters,agents,Support:operator;Escalations:supervisor,
ada@example.com,Ada,Headquarters,talk,,Sales:admin
`))
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range people {
		fmt.Printf("line %d: %s in %s, call centers %v, departments %v\n", p.Line, p.Email, p.Office, p.CallCenters, p.Departments)
	}

	_, err = roster.ReadCSV(strings.NewReader("email,office,call_centers\nbob@example,HQ,Support:boss\n"))
	fmt.Println(err)
	// Output:
	// line 2: grace@example.com in Headquarters, call centers [{Support operator} {Escalations supervisor}], departments []
	// line 3: ada@example.com in Headquarters, call centers [], departments [{Sales admin}]
	// roster: line 2 (bob@example): call_centers: Support: role "boss" is not one of operator, supervisor, admin
}
