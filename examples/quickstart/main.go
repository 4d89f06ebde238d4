// Command quickstart shows the SDK's main calls.
//
//	go run ./examples/quickstart
//
// Without DIALPAD_API_KEY it runs against the embedded fake server and walks
// through a small onboarding: create a user, give them a number, set do-not-
// disturb and a status, then delete them again. With a key it only reads: it
// lists the first users of the company.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/dialpadtest"
)

func main() {
	log.SetFlags(0)
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, fake, err := dialpadtest.ClientFromEnvOrFake(os.Stderr)
	if err != nil {
		return err
	}
	if fake != nil {
		defer fake.Close()
	}

	fmt.Println("First users of the company:")
	n := 0
	for u, err := range c.Users.List(ctx, &dialpad.UserListOptions{State: dialpad.UserStateActive}) {
		if err != nil {
			return err
		}
		fmt.Printf("  %d  %-20s %-22s %v\n", u.ID, u.DisplayName, first(u.Emails), u.PhoneNumbers)
		if n++; n == 5 {
			break // the iterator sends no further request
		}
	}
	if fake == nil {
		fmt.Println("(read-only against the real API; run without DIALPAD_API_KEY for the full tour)")
		return nil
	}

	// The rest changes things, so it runs on the fake only.
	u, err := c.Users.Create(ctx, &dialpad.CreateUserRequest{
		Email:     "katherine@example.com",
		OfficeID:  dialpadtest.SeedOfficeID,
		FirstName: dialpad.Ptr("Katherine"),
		LastName:  dialpad.Ptr("Johnson"),
		License:   dialpad.Ptr(dialpad.LicenseTalk),
	})
	if err != nil {
		return err
	}
	fmt.Printf("Created %s (%d) in office %d\n", u.DisplayName, u.ID, u.OfficeID)

	num, err := c.Numbers.Assign(ctx, u.ID, &dialpad.AssignNumberRequest{AreaCode: dialpad.Ptr("415")})
	if err != nil {
		return err
	}
	fmt.Printf("Assigned %s (%s)\n", num.Number, num.Type)

	dnd, err := c.Users.SetDoNotDisturb(ctx, u.ID, &dialpad.DoNotDisturbRequest{DoNotDisturb: true})
	if err != nil {
		return err
	}
	fmt.Printf("Do not disturb: %v\n", dnd.DoNotDisturb)

	st, err := c.Users.SetStatus(ctx, u.ID, &dialpad.UserStatusRequest{StatusMessage: "Onboarding", Expiration: dialpad.Ptr[int64](3600)})
	if err != nil {
		return err
	}
	fmt.Printf("Status: %q for %ds\n", st.StatusMessage, st.Expiration)

	// Bad input never leaves the process.
	_, err = c.Users.SetCallerID(ctx, u.ID, "555-0100")
	var verr *dialpad.ValidationError
	if errors.As(err, &verr) {
		fmt.Printf("Rejected before sending: %v\n", verr)
	}

	if _, err := c.Users.Delete(ctx, u.ID); err != nil {
		return err
	}
	_, err = c.Users.Update(ctx, u.ID, &dialpad.UpdateUserRequest{JobTitle: dialpad.Ptr("Mathematician")})
	if errors.Is(err, dialpad.ErrNotFound) {
		fmt.Printf("Deleted; updating them now gives: %v\n", err)
	} else if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "quickstart: done")
	return nil
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
