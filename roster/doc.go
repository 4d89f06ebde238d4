// Package roster keeps Dialpad in step with a list of employees, in the
// manner of a plan/apply tool.
//
// The HR system says who works here, in which office, with which license
// and in which call centers and departments; that list, a []Person read
// with ReadCSV or ReadJSON, is the desired state. NewPlan reads Dialpad's
// current state in bulk (list calls only: 10,000 users are 100 requests)
// and computes a Plan: who to create, update, move, relicense, add to or
// take off groups, reactivate, suspend and, only when asked, delete. The
// plan can be printed for review (WriteText), saved as JSON and read back
// (ReadPlan), and carried out with Apply, which does exactly what the plan
// lists:
//
//	people, err := roster.ReadCSV(f)
//	if err != nil { ... } // every bad row, with its line
//	plan, err := roster.NewPlan(ctx, client, people, roster.PlanOptions{
//		Offices:      []string{"Headquarters", "New York"},
//		EmailDomains: []string{"example.com"},
//		Protected:    []string{"it-admin@example.com"},
//	})
//	if err != nil { ... }
//	plan.WriteText(os.Stdout) // + create, ~ update, - suspend; a summary
//	report, err := roster.Apply(ctx, client, plan, roster.ApplyOptions{})
//
// # Matching and scope
//
// A person is the user one of whose emails is the person's Email, compared
// without regard to case; two people with the same email are an error
// naming both lines. PlanOptions say what the roster governs: some offices,
// some email domains, or the whole company. Users outside that scope are
// never touched, and a person of the roster outside it is an error. Users
// in scope whom the roster does not list are suspended (deleted, with
// PlanOptions.DeleteMissing); the emails in PlanOptions.Protected never
// are.
//
// # Safety
//
// A plan may suspend or delete at most DefaultMaxRemovals users: 10% of
// the users in scope, rounded up, and never more than 25. Apply refuses a
// plan that goes beyond (ErrTooManyRemovals) unless PlanOptions.MaxRemovals
// raised the limit when planning or ApplyOptions.AllowMassRemoval is set,
// so a truncated export that drops half the company suspends nobody.
//
// Every action of a plan records what the plan read as well as what it
// wants. Apply reads the current state once before acting (one Users.List
// pass and the operator lists of the groups it touches) and carries out an
// action only while Dialpad still shows what the plan read: an action
// already done is skipped as StatusAlready, and one whose user changed in
// the meantime as StatusStale, so that a plan never overwrites a change
// made after it. Applying a plan twice therefore does nothing the second
// time, and planning again after a partial failure lists only what is left.
//
// Before any change Apply also checks the license seats the plan takes
// (Offices.AvailableLicenses) and returns a *SeatError with the shortfall
// when an office lacks them. ApplyOptions.DryRun sends no request that
// changes anything.
//
// # Pace
//
// Apply works on ApplyOptions.Concurrency changes at a time; every request
// waits on the client's rate limiters, which keep the run under Dialpad's
// company limit (20 requests a second) and each endpoint's. One thousand
// updates take about 52 seconds on a default client.
package roster
