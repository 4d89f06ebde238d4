// Package lifecycle onboards or offboards one employee in one call each:
// Onboard and Offboard are conveniences on package roster's change engine,
// which does the work and which bulk jobs use directly.
//
// Which call for which job:
//
//   - one new hire, from code (a ticket, a form): lifecycle.Onboard;
//   - one leaver: lifecycle.Offboard, by email or user id;
//   - a CSV of new hires, or of leavers (rows with state suspended or
//     deleted), or both: roster.ReadCSV, then roster.NewPlan with
//     roster.ModeBatch, then roster.Apply;
//   - the whole company kept in step with the HR system: the same, with
//     roster.ModeSync (users in scope whom the roster does not list are
//     offboarded, under a removal limit).
//
// Either way the job is a plan first, which a dry run prints and sends no
// write for, and then the plan applied: with the same seat pre-flight,
// stale-precondition check, whole-or-held changes, progress and report
// (see package roster). Onboard adopts a user an earlier run created and
// only adds what is missing, and with Rollback deletes a user it created
// when a later step fails; Offboard takes the user off every call-center,
// department and office operator list, releases its numbers when asked
// (always before a delete), deletes its desk phones before a delete, and
// then suspends or deletes it. A removal that Dialpad answers 404 counts
// as already done, and nothing ever acts on a zero user id.
package lifecycle
