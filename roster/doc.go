// Package roster is the SDK's one engine for changing who works in
// Dialpad: onboarding, offboarding, and keeping Dialpad in step with the
// HR system. Every job is a plan you can read (or dry-run) before it runs.
//
// A Person is one employee, the same record for every job, read with
// ReadCSV or ReadJSON (every bad row reported with its line; nothing is
// acted on while any row is bad). NewPlan reads Dialpad's current state
// and computes a Plan: who to create, update, move, relicense, add to or
// take off groups, reactivate, and offboard. The plan can be printed for
// review (WriteText, String: with the requests it will send and how long
// they take at 20 a second), saved as JSON and read back (ReadPlan), and
// carried out with Apply, which does exactly what the plan lists:
//
//	people, err := roster.ReadCSV(f)
//	if err != nil { ... } // every bad row, with its line
//	plan, err := roster.NewPlan(ctx, client, people, roster.PlanOptions{
//		Mode:         roster.ModeSync,
//		Offices:      []string{"Headquarters", "New York"},
//		EmailDomains: []string{"example.com"},
//		Protected:    []string{"it-admin@example.com"},
//	})
//	if err != nil { ... }
//	fmt.Print(plan) // + create, ~ update, - suspend/delete; a summary
//	report, err := roster.Apply(ctx, client, plan, roster.ApplyOptions{})
//
// Package lifecycle's Onboard and Offboard are this engine for one
// person, in one call each.
//
// # Drift between runs
//
// A Watcher (NewWatcher) keeps planning a roster while Dialpad changes:
// give its Handle to a webhook.Handler receiving the change-log events
// (webhook.Register sets up the webhook and subscription), and Run plans
// again after each burst of events that touches a user, office or group
// in scope (one plan per burst) and every WatchOptions.Resync, handing
// each plan that changes something to WatchOptions.OnDrift. It is an
// ordinary Plan: applying it is the caller's choice, under the same
// removal limit and stale checks.
//
// # Two modes
//
// In ModeBatch (the default) only the people listed are touched: a CSV of
// new hires onboards them, rows whose state is suspended or deleted are
// offboarded, and anyone not listed is left alone. In ModeSync the roster
// is everyone in scope: users in scope whom it does not list are
// offboarded too (suspended, or deleted with PlanOptions.DeleteMissing),
// and an empty roster is an error unless PlanOptions.AllowEmpty.
//
// Offboarding, in either mode, takes the user off every call-center,
// department and office operator list first, then releases its numbers
// (always for a delete; with PlanOptions.ReleaseNumbers when suspending),
// then deletes its desk phones (for a delete), then suspends or deletes
// it.
//
// # Matching and scope
//
// A person is the user one of whose emails is the person's Email, compared
// with ASCII-only case folding (dialpad.SameEmail); two people with the
// same email are an error naming both lines. PlanOptions say what the
// roster governs: some offices, some email domains, or the whole company.
// Users outside that scope are never touched, and a person of the roster
// outside it is an error. The emails in PlanOptions.Protected are never
// suspended or deleted. Office, group and coaching-team names that match
// nothing are errors naming the close matches.
//
// # Safety
//
// A sync plan may suspend or delete at most DefaultMaxRemovals users: 10%
// of the users in scope, rounded up, and never more than 25 (a batch plan,
// DefaultBatchMaxRemovals). Apply refuses a plan that goes beyond
// (ErrTooManyRemovals) unless PlanOptions.MaxRemovals raised the limit
// when planning or ApplyOptions.AllowMassRemoval is set, so a truncated
// export that drops half the company suspends nobody.
//
// Every action of a plan records what the plan read as well as what it
// wants. Apply reads the current state once before acting and carries out
// an action only while Dialpad still shows what the plan read: an action
// already done is skipped as StatusAlready, and one whose user changed in
// the meantime is StatusStale; the rest of that person's change is then
// StatusHeld, so that a change is applied whole or held whole and a plan
// never overwrites a change made after it. Applying a plan twice
// therefore does nothing the second time, and planning again after a
// partial failure lists only what is left.
//
// Before any change Apply also checks the license seats the plan takes
// (Offices.AvailableLicenses) and returns a *SeatError with the shortfall
// when an office lacks them (or, with ApplyOptions.FitSeats, applies the
// changes that fit). ApplyOptions.DryRun sends no request that changes
// anything.
//
// # Progress and pace
//
// PlanOptions.Progress and ApplyOptions.Progress receive Events from the
// first page read: what is read, each action as it completes, and on a
// long run a periodic line with done/total, elapsed time and an estimate
// of the time left from the rate budget. A Printer prints them for a
// command-line tool.
//
// Apply works on ApplyOptions.Concurrency changes at a time; every request
// waits on the client's rate limiters, which keep the run under Dialpad's
// company limit (20 requests a second) and each endpoint's. One thousand
// updates take about 52 seconds on a default client.
package roster
