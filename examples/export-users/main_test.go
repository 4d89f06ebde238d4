package main

import (
	"bytes"
	"encoding/csv"
	"testing"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func TestSpreadsheetSafe(t *testing.T) {
	for in, want := range map[string]string{
		"":                          "",
		"Ada":                       "Ada",
		"=cmd|' /C calc'!A0":        "'=cmd|' /C calc'!A0",
		"+SUM(1+1)":                 "'+SUM(1+1)",
		"-2+3":                      "'-2+3",
		"@HYPERLINK(\"http://x\")":  "'@HYPERLINK(\"http://x\")",
		"\t=1":                      "'\t=1",
		"\r=1":                      "'\r=1",
		"+14155550101 +16465550101": "'+14155550101 +16465550101",
		"a=b":                       "a=b",
		"'quoted":                   "'quoted",
	} {
		if got := spreadsheetSafe(in); got != want {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExportEscapesFormulas exports a user whose name and title a
// spreadsheet would run: every such cell comes out with a leading quote,
// and the others as they are.
func TestExportEscapesFormulas(t *testing.T) {
	srv := dialpadtest.NewServer(dialpadtest.WithEmptyState())
	defer srv.Close()
	office, err := srv.AddOffice(dialpadtest.Office{Name: "HQ", Seats: map[string]int{"talk": 1}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AddUser(dialpadtest.User{OfficeID: office, Emails: []string{"eve@example.com"},
		FirstName: "=cmd|' /C calc'!A0", LastName: "@SUM(1)", JobTitle: "-1+1"}); err != nil {
		t.Fatal(err)
	}
	client, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	n, err := export(t.Context(), client, dialpad.UserStateAll, &out)
	if err != nil || n != 1 {
		t.Fatalf("export = %d, %v", n, err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%d rows, %v:\n%s", len(rows), err, out.String())
	}
	got := rows[1]
	if got[1] != "eve@example.com" || got[2] != "'=cmd|' /C calc'!A0" || got[3] != "'@SUM(1)" || got[8] != "'-1+1" {
		t.Errorf("row = %q", got)
	}
}
