package roster

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Stage is what a job is doing when it reports an Event.
type Stage string

// The stages of a job, in order.
const (
	// StageRead: planning (or Apply's check) is reading Dialpad; one event
	// per page of a list, or per single read.
	StageRead Stage = "read"
	// StageApply: Apply finished an action; Event.Result says how.
	StageApply Stage = "apply"
	// StageStatus: Apply's periodic summary of a long run: done of total,
	// elapsed time and an estimate of the time left, about every
	// ApplyOptions.StatusEvery.
	StageStatus Stage = "status"
)

// Event is one piece of progress of a job, handed to the Progress
// callback of PlanOptions or ApplyOptions. Calls never overlap.
type Event struct {
	// Stage says what the job is doing.
	Stage Stage
	// What is what a StageRead event read: "users", "offices", "call
	// centers", "operator lists"...
	What string
	// Items counts what has been read of What so far; Total is how many
	// there are when known (single reads), else zero; Pages counts the
	// pages of a list read so far. Last marks the final event of What.
	Items, Total, Pages int
	Last                bool
	// Done and Actions count the actions finished and planned (StageApply
	// and StageStatus).
	Done, Actions int
	// Result is the action just finished (StageApply).
	Result *Result
	// Elapsed is the time since the job started; Left estimates the time
	// left (StageApply and StageStatus), from the requests still to send
	// and the rate budget (ApplyOptions.RequestsPerSecond).
	Elapsed, Left time.Duration
}

// Printer writes a job's progress for people, one line per event, in the
// form a command-line tool shows:
//
//	reading Dialpad: users page 3 (300 so far)
//	reading Dialpad: offices (2)
//	[1/40] done     create ada@example.com  office=Headquarters license=talk
//	progress: 12/40 actions, 6s elapsed, about 9s left
//
// Use one Printer for both planning and applying:
//
//	p := roster.NewPrinter(os.Stderr)
//	plan, err := roster.NewPlan(ctx, c, people, roster.PlanOptions{Progress: p.Event})
//	report, err := roster.Apply(ctx, c, plan, roster.ApplyOptions{Progress: p.Event})
//
// A service that wants the data rather than text passes its own function
// as Progress instead.
type Printer struct {
	mu sync.Mutex
	w  io.Writer
}

// NewPrinter returns a Printer writing to w.
func NewPrinter(w io.Writer) *Printer { return &Printer{w: w} }

// Event writes one event; it is safe for concurrent use.
func (p *Printer) Event(e Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e.Stage {
	case StageRead:
		switch {
		case e.Total > 0:
			fmt.Fprintf(p.w, "reading Dialpad: %s %d/%d\n", e.What, e.Items, e.Total)
		case e.Last && e.Pages <= 1:
			fmt.Fprintf(p.w, "reading Dialpad: %s (%d)\n", e.What, e.Items)
		case e.Last:
			fmt.Fprintf(p.w, "reading Dialpad: %s, %d pages (%d)\n", e.What, e.Pages, e.Items)
		default:
			fmt.Fprintf(p.w, "reading Dialpad: %s page %d (%d so far)\n", e.What, e.Pages, e.Items)
		}
	case StageApply:
		if r := e.Result; r != nil {
			line := fmt.Sprintf("[%d/%d] %-8s %s %s  %s", e.Done, e.Actions, r.Status, r.Action.Op, r.Email, r.Action)
			if r.Detail != "" {
				line += "  (" + r.Detail + ")"
			}
			if r.Err != nil {
				line += ": " + r.Err.Error()
			}
			fmt.Fprintln(p.w, line)
		}
	case StageStatus:
		fmt.Fprintf(p.w, "progress: %d/%d actions, %s elapsed, about %s left\n", e.Done, e.Actions, roundDuration(e.Elapsed), roundDuration(e.Left))
	}
}

// roundDuration rounds d for people: whole seconds, or tenths below 10 s.
func roundDuration(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Second)
}
