// Package lifecycle onboards and offboards Dialpad users in one call each,
// built only on the public dialpad package.
//
// Onboard creates a user in an office, named by its name or its id (which
// takes a license seat at once), gives it a number, makes it an operator
// of call centers and departments named by their names, and applies the
// optional settings of an OnboardRequest: caller id, E911 address,
// coaching team and do-not-disturb. Offboard finds a user by email or id,
// takes it off every call center, department and office operator list it
// is on, and suspends it (optionally releasing its numbers), or deletes it
// after unassigning its numbers and deleting its desk phones. OnboardAll
// and OffboardAll do the same for many employees at once (for example
// rows read by ReadOnboardCSV and ReadOffboardCSV), a few at a time under
// the client's rate limiter; one bad row never stops the batch.
//
// Names are resolved once per run: the company's offices (and, when asked
// for, its call centers and departments) are listed once, whether one
// employee is onboarded or a thousand. A name that matches nothing fails
// with ErrUnknownOffice or ErrUnknownGroup, naming the close matches.
//
// Before creating anyone, an onboarding run checks seats: it counts the
// users it will create per office and license (not employees whose user
// already exists) and compares them with the office's free seats
// (Offices.AvailableLicenses; licenses it gives no count for are not
// checked). A run that does not fit is refused with a *SeatError listing
// the shortfall, and nothing is changed; BulkOptions.FitSeats runs as
// many as fit instead and reports the rest as skipped.
//
// Every run returns a Report listing each step with its status (done,
// skipped, failed, not run, or planned in a dry run) and the ids it touched,
// so a half-finished run shows exactly what exists and what is missing.
// Both workflows are safe to run again: Onboard adopts a user an earlier run
// created and does only the missing steps, and a second Offboard finds
// nothing to do. A removal that Dialpad answers 404 (a user, desk phone or
// operator-list place already gone) is a skipped step, not a failure.
//
// Errors name the run, the employee and the step once, then the cause
// once: "lifecycle: onboard ada@example.com (line 3): create_user: dialpad:
// POST /api/v2/users: 400 Bad Request: ...". They wrap the SDK's errors, so
// errors.Is(err, dialpad.ErrNotFound) works, and lifecycle's sentinels.
//
// The package never retries a POST or PATCH itself; the client's retry
// policy already repeats what is safe to repeat. It never acts on a zero
// id: a create whose answer carries no user id fails (wrapping
// dialpad.ErrInvalidResponse), and nothing is then sent for user 0.
package lifecycle
