package dialpadtest

import "time"

// The default seed: what NewServer holds unless WithEmptyState is given.
// Tests and examples may rely on these ids and on the facts documented
// here. Everything in it was created on 2021-06-20 at 19:18:00 UTC.
//
//   - Office "Headquarters" (SeedOfficeID, US/Pacific, main line
//     SeedOfficeMainLine): 10 "talk" and 2 "agents" seats; inventory
//     +14155550101..+14155550105 and +16465550101..+16465550104.
//   - Office "New York" (SeedBranchOfficeID, US/Eastern, main line
//     +12125550100): 2 "talk" seats; inventory +12125550101, +12125550102.
//   - SeedAdminUserID, Ada Lovelace (ada@example.com): active, talk, company
//     admin and admin of Headquarters, number SeedAdminNumber, a native app
//     device (SeedAdminDeviceID), a desk phone (SeedAdminDeskPhoneID), a
//     persona, an E911 address of her own. "me" stands for her.
//   - SeedAgentUserID, Grace Hopper (grace@example.com): active, agents,
//     number SeedAgentNumber, a web device (SeedAgentDeviceID), a desk phone
//     (SeedAgentDeskPhoneID), member of the agent group SeedAgentGroupID.
//   - SeedSuspendedUserID, Alan Turing (alan@example.com): suspended, talk,
//     number +14155550102, no device.
//   - Contacts: SeedSharedContactID (Jane Doe, shared) and
//     SeedLocalContactID (Bob Builder, Grace's local contact).
//   - Coaching team SeedCoachingTeamID ("Sales Coaching", Headquarters):
//     Ada coach, Grace trainee.
//   - Agent group SeedAgentGroupID ("Support", Headquarters, caller id
//     +14155550110): Grace.
//
// So Headquarters has 8 free talk seats and 1 free agents seat, and the
// available numbers are +14155550103..105, +16465550102..104 and the New
// York ones. Nobody is on a call: use SetActiveCall.
const (
	// SeedOfficeID is the "Headquarters" office.
	SeedOfficeID = 6422934115149452
	// SeedOfficeMainLine is the main line of Headquarters.
	SeedOfficeMainLine = "+14155550100"
	// SeedBranchOfficeID is the "New York" office.
	SeedBranchOfficeID = 5220648944236254

	// SeedAdminUserID is Ada Lovelace, company admin; "me" is her.
	SeedAdminUserID = 5835806903417907
	// SeedAdminEmail is Ada's email.
	SeedAdminEmail = "ada@example.com"
	// SeedAdminNumber is Ada's number.
	SeedAdminNumber = "+14155550101"
	// SeedAgentUserID is Grace Hopper, an agent.
	SeedAgentUserID = 4335858969377504
	// SeedAgentEmail is Grace's email.
	SeedAgentEmail = "grace@example.com"
	// SeedAgentNumber is Grace's number.
	SeedAgentNumber = "+16465550101"
	// SeedSuspendedUserID is Alan Turing, suspended.
	SeedSuspendedUserID = 5137304475768569

	// SeedSharedContactID is Jane Doe, a shared contact.
	SeedSharedContactID = "5076554402185216"
	// SeedLocalContactID is Bob Builder, Grace's local contact.
	SeedLocalContactID = "6137449301434368"

	// SeedCoachingTeamID is the "Sales Coaching" team.
	SeedCoachingTeamID = 1001
	// SeedAgentGroupID is the "Support" agent group.
	SeedAgentGroupID = 6755432101234567

	// SeedAdminDeviceID is Ada's native app.
	SeedAdminDeviceID = "+14155550101-user-5835806903417907-client-native"
	// SeedAgentDeviceID is Grace's web app.
	SeedAgentDeviceID = "+16465550101-user-4335858969377504-client-web"
	// SeedAdminDeskPhoneID is Ada's desk phone.
	SeedAdminDeskPhoneID = "+14155550101-user-5835806903417907-obi-hex_71afb3cbf6"
	// SeedAgentDeskPhoneID is Grace's desk phone.
	SeedAgentDeskPhoneID = "+16465550101-user-4335858969377504-yealink-hex_bc7abbd28f"
)

// seedTime is when everything in the default seed was created.
var seedTime = time.Date(2021, 6, 20, 19, 18, 0, 0, time.UTC)

// seedDefault loads the default seed into an empty server.
func (s *Server) seedDefault() error {
	hqAddress := E911Address{Address: "3001 Bishop Dr", Address2: "Ste 120", City: "San Ramon", State: "ca", Zip: "94583", Country: "us"}
	steps := []func() error{
		func() error {
			_, err := s.AddOffice(Office{ID: SeedOfficeID, Name: "Headquarters", Country: "us", Timezone: "US/Pacific",
				MainLine: SeedOfficeMainLine, Seats: map[string]int{"talk": 10, "agents": 2}, E911: hqAddress})
			return err
		},
		func() error {
			_, err := s.AddOffice(Office{ID: SeedBranchOfficeID, Name: "New York", Country: "us", Timezone: "US/Eastern",
				MainLine: "+12125550100", Seats: map[string]int{"talk": 2},
				E911: E911Address{Address: "1 Liberty St", City: "New York", State: "ny", Zip: "10006", Country: "us"}})
			return err
		},
		func() error {
			return s.AddNumbers(SeedOfficeID, "+14155550101", "+14155550102", "+14155550103", "+14155550104",
				"+14155550105", "+16465550101", "+16465550102", "+16465550103", "+16465550104")
		},
		func() error { return s.AddNumbers(SeedBranchOfficeID, "+12125550101", "+12125550102") },
		func() error {
			_, err := s.AddUser(User{ID: SeedAdminUserID, OfficeID: SeedOfficeID, FirstName: "Ada", LastName: "Lovelace",
				Emails: []string{SeedAdminEmail}, PhoneNumbers: []string{SeedAdminNumber}, License: "talk",
				IsSuperAdmin: true, AdminOfficeIDs: []int64{SeedOfficeID}, JobTitle: "CTO", Location: "San Francisco",
				InternationalDialingEnabled: true, E911: &hqAddress, DateAdded: seedTime})
			return err
		},
		func() error {
			_, err := s.AddUser(User{ID: SeedAgentUserID, OfficeID: SeedOfficeID, FirstName: "Grace", LastName: "Hopper",
				Emails: []string{SeedAgentEmail}, PhoneNumbers: []string{SeedAgentNumber}, License: "agents",
				JobTitle: "Support Agent", Timezone: "US/Eastern", DateAdded: seedTime})
			return err
		},
		func() error {
			_, err := s.AddUser(User{ID: SeedSuspendedUserID, OfficeID: SeedOfficeID, FirstName: "Alan", LastName: "Turing",
				Emails: []string{"alan@example.com"}, PhoneNumbers: []string{"+14155550102"}, License: "talk",
				State: "suspended", DateAdded: seedTime})
			return err
		},
		func() error { return s.SetMe(SeedAdminUserID) },
		func() error {
			_, err := s.AddContact(Contact{ID: SeedSharedContactID, FirstName: "Jane", LastName: "Doe",
				CompanyName: "Acme Corp", JobTitle: "Buyer", Emails: []string{"jane.doe@acme.example"},
				Phones: []string{"+12065550123"}, URLs: []string{"https://acme.example"}})
			return err
		},
		func() error {
			_, err := s.AddContact(Contact{ID: SeedLocalContactID, OwnerID: SeedAgentUserID, FirstName: "Bob",
				LastName: "Builder", Phones: []string{"+13125550199"}})
			return err
		},
		func() error {
			_, err := s.AddCoachingTeam(CoachingTeam{ID: SeedCoachingTeamID, Name: "Sales Coaching", OfficeID: SeedOfficeID,
				Description: "Coaching for the sales floor", AllowTraineeEavesdrop: true, RingSeconds: 30,
				Members: []CoachingTeamMember{{UserID: SeedAdminUserID, Role: "coach"}, {UserID: SeedAgentUserID, Role: "trainee"}}})
			return err
		},
		func() error {
			_, err := s.AddAgentGroup(AgentGroup{ID: SeedAgentGroupID, Name: "Support", Description: "First-line support",
				OfficeID: SeedOfficeID, CallerID: "+14155550110", Members: []int64{SeedAgentUserID},
				CreatedAt: seedTime, UpdatedAt: seedTime})
			return err
		},
		func() error {
			_, err := s.AddDevice(Device{ID: SeedAdminDeviceID, UserID: SeedAdminUserID, Type: "native",
				DisplayName: "Dialpad for Mac", AppVersion: "2404.1.0", DateCreated: seedTime, DateRegistered: seedTime})
			return err
		},
		func() error {
			_, err := s.AddDevice(Device{ID: SeedAgentDeviceID, UserID: SeedAgentUserID, Type: "web",
				DisplayName: "Dialpad web", AppVersion: "2404.1.0", DateCreated: seedTime, DateRegistered: seedTime})
			return err
		},
		func() error {
			_, err := s.AddDeskPhone(DeskPhone{ID: SeedAdminDeskPhoneID, UserID: SeedAdminUserID, Name: "Ada's Obihai",
				Type: "obi", MACAddress: "9cadefa00096", RingNotification: true})
			return err
		},
		func() error {
			_, err := s.AddDeskPhone(DeskPhone{ID: SeedAgentDeskPhoneID, UserID: SeedAgentUserID, Name: "Grace's Yealink",
				Type: "yealink", MACAddress: "9cadefa00097", DeviceModel: "T54W", RingNotification: true})
			return err
		},
		func() error {
			return s.AddPersona(SeedAdminUserID, Persona{ID: SeedOfficeID, Name: "Headquarters", Type: "office",
				CallerID: SeedOfficeMainLine, PhoneNumbers: []string{SeedOfficeMainLine}})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
