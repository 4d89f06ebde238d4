package dialpadtest

import (
	"errors"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// The default seed: what NewServer holds unless WithEmptyState is given.
// Tests and examples may rely on these ids and on the facts documented
// here. Everything in it was created on 2021-06-20 at 19:18:00 UTC.
//
//   - Office "Headquarters" (SeedOfficeID, the primary office, US/Pacific,
//     main line SeedOfficeMainLine): 10 "talk" and 2 "agents" seats, and a
//     plan with 1 fax line, 5 room lines, a balance of 10 USD and its next
//     billing date on 2021-07-01; inventory +14155550101..+14155550105 and
//     +16465550101..+16465550104. Main line operators: Ada (admin) and
//     Grace (operator).
//   - Office "New York" (SeedBranchOfficeID, US/Eastern, main line
//     +12125550100): 2 "talk" seats, an empty plan; inventory
//     +12125550101, +12125550102. No operators.
//   - SeedAdminUserID, Ada Lovelace (ada@example.com): active, talk, company
//     admin and admin of Headquarters, number SeedAdminNumber, a native app
//     device (SeedAdminDeviceID), a desk phone (SeedAdminDeskPhoneID), a
//     persona, an E911 address of her own. "me" stands for her.
//   - SeedAgentUserID, Grace Hopper (grace@example.com): active, agents,
//     number SeedAgentNumber, a web device (SeedAgentDeviceID), a desk phone
//     (SeedAgentDeskPhoneID).
//   - SeedSuspendedUserID, Alan Turing (alan@example.com): suspended, talk,
//     number +14155550102, no device.
//   - Call center SeedCallCenterID ("Support", Headquarters, number
//     SeedCallCenterNumber): Grace operator, Ada supervisor.
//   - Call center SeedBranchCallCenterID ("Escalations", New York): no
//     number, no operators.
//   - Department SeedDepartmentID ("Sales", Headquarters, number
//     SeedDepartmentNumber): Ada admin, Alan operator.
//   - Department SeedBranchDepartmentID ("Front Desk", New York, number
//     +12125550110): no operators.
//   - Contacts: SeedSharedContactID (Jane Doe, shared) and
//     SeedLocalContactID (Bob Builder, Grace's local contact).
//   - Coaching team SeedCoachingTeamID ("Sales Coaching", Headquarters):
//     Ada coach, Grace trainee.
//   - Agent group SeedAgentGroupID ("Support", Headquarters).
//
// So Headquarters has 8 free talk seats and 1 free agents seat, and the
// available numbers are +14155550103..105, +16465550102..104 and the New
// York ones. Ada's group_details list Support (supervisor), Sales (admin)
// and Headquarters (admin); Grace's Support and Headquarters (operator);
// Alan's Sales (operator). Nobody is on a call: use SetActiveCall.
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

	// SeedCallCenterID is the "Support" call center of Headquarters.
	SeedCallCenterID = 5947305063469056
	// SeedCallCenterNumber is the number of the Support call center.
	SeedCallCenterNumber = "+14155550110"
	// SeedBranchCallCenterID is the "Escalations" call center of New York.
	SeedBranchCallCenterID = 5712396427657216
	// SeedDepartmentID is the "Sales" department of Headquarters.
	SeedDepartmentID = 4826193310531584
	// SeedDepartmentNumber is the number of the Sales department.
	SeedDepartmentNumber = "+14155550120"
	// SeedBranchDepartmentID is the "Front Desk" department of New York.
	SeedBranchDepartmentID = 6288449712455680

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
				MainLine: SeedOfficeMainLine, Seats: map[string]int{"talk": 10, "agents": 2}, E911: hqAddress,
				Plan: Plan{FaxLines: 1, RoomLines: 5, Balance: 10, NextBillingDate: time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC)}})
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
				IsSuperAdmin: true, AdminOfficeIDs: []dialpad.ID{SeedOfficeID}, JobTitle: "CTO", Location: "San Francisco",
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
				OfficeID: SeedOfficeID, CreatedAt: seedTime, UpdatedAt: seedTime})
			return err
		},
		func() error {
			return errors.Join(s.AddOfficeOperator(SeedOfficeID, Operator{UserID: SeedAdminUserID, Role: "admin"}),
				s.AddOfficeOperator(SeedOfficeID, Operator{UserID: SeedAgentUserID}))
		},
		func() error {
			_, err := s.AddCallCenter(CallCenter{ID: SeedCallCenterID, Name: "Support", OfficeID: SeedOfficeID,
				Description: "First-line support", PhoneNumbers: []string{SeedCallCenterNumber},
				Operators: []Operator{{UserID: SeedAgentUserID}, {UserID: SeedAdminUserID, Role: "supervisor"}}})
			return err
		},
		func() error {
			_, err := s.AddCallCenter(CallCenter{ID: SeedBranchCallCenterID, Name: "Escalations", OfficeID: SeedBranchOfficeID,
				Description: "Second-line support"})
			return err
		},
		func() error {
			_, err := s.AddDepartment(Department{ID: SeedDepartmentID, Name: "Sales", OfficeID: SeedOfficeID,
				PhoneNumbers: []string{SeedDepartmentNumber},
				Operators:    []Operator{{UserID: SeedAdminUserID, Role: "admin"}, {UserID: SeedSuspendedUserID}}})
			return err
		},
		func() error {
			_, err := s.AddDepartment(Department{ID: SeedBranchDepartmentID, Name: "Front Desk", OfficeID: SeedBranchOfficeID,
				PhoneNumbers: []string{"+12125550110"}})
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
