// Package lifecycle onboards and offboards Dialpad users in one call each,
// built only on the public dialpad package.
//
// Onboard creates a user in an office (which takes a license seat at
// once), gives it a number and applies the optional settings of an
// OnboardRequest: caller id, E911 address, coaching team and do-not-disturb.
// Offboard finds a user by email or id and suspends it, or deletes it after
// unassigning its numbers and deleting its desk phones. OnboardAll and
// OffboardAll do the same for many employees at once (for example rows
// read by ReadOnboardCSV), a few at a time under the client's rate
// limiter; one bad row never stops the batch.
//
// Every run returns a Report listing each step with its status (done,
// skipped, failed, not run, or planned in a dry run) and the ids it touched,
// so a half-finished run shows exactly what exists and what is missing.
// Both workflows are safe to run again: Onboard adopts a user an earlier run
// created and does only the missing steps, and a second Offboard finds
// nothing to do.
//
// The package never retries a POST or PATCH itself; the client's retry
// policy already repeats what is safe to repeat.
package lifecycle
