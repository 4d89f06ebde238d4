// Command export-users writes every user of the company as CSV to stdout,
// streaming page by page through the SDK's iterator, so memory stays flat
// however large the company is.
//
//	go run ./examples/export-users [-state all] > users.csv
//
// Without DIALPAD_API_KEY it exports the embedded fake server's users.
//
// A spreadsheet runs a cell that begins with =, +, -, @, a tab or a
// carriage return as a formula, and names, titles and emails are whatever
// someone typed, so such a cell is written with a single quote in front
// ('=cmd|..., '+14155550101), as OWASP's CSV injection guidance advises:
// a spreadsheet shows it as text. Strip the quote before feeding the file
// to anything but a spreadsheet.
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func main() {
	log.SetFlags(0)
	state := flag.String("state", "all", "which users: active, suspended, deleted, pending, cancelled or all")
	flag.Parse()
	if err := run(context.Background(), dialpad.UserState(*state)); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, state dialpad.UserState) error {
	client, fake, err := dialpadtest.ClientFromEnvOrFake(os.Stderr)
	if err != nil {
		return err
	}
	if fake != nil {
		defer fake.Close()
	}
	n, err := export(ctx, client, state, os.Stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "export-users: %d users\n", n)
	return nil
}

// export writes the users in state as CSV to out, a header row first, and
// returns how many it wrote.
func export(ctx context.Context, client *dialpad.Client, state dialpad.UserState, out io.Writer) (int, error) {
	w := csv.NewWriter(out)
	write := func(cells ...string) {
		for i, c := range cells {
			cells[i] = spreadsheetSafe(c)
		}
		_ = w.Write(cells) // a write error stays in w; w.Error reports it
	}
	write("id", "email", "first_name", "last_name", "state", "license", "office_id", "phone_numbers", "job_title")
	n := 0
	for u, err := range client.Users.List(ctx, &dialpad.UserListOptions{State: state}) {
		if err != nil {
			return n, err
		}
		email := ""
		if len(u.Emails) > 0 {
			email = u.Emails[0]
		}
		write(u.ID.String(), email, u.FirstName, u.LastName, string(u.State),
			string(u.License), u.OfficeID.String(), strings.Join(u.PhoneNumbers, " "), u.JobTitle)
		n++
	}
	w.Flush()
	return n, w.Error()
}

// spreadsheetSafe returns cell as a spreadsheet shows it as text: with a
// single quote in front when it begins with a character that would make
// the spreadsheet read it as a formula (=, +, -, @, tab, carriage return).
func spreadsheetSafe(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
