package dialpad

// Service types whose methods live in later files; declared here so the
// Client can be wired before every resource group exists.

// ContactsService manages contacts. Get it from Client.Contacts.
type ContactsService service

// CoachingTeamsService reads coaching teams. Get it from Client.CoachingTeams.
type CoachingTeamsService service

// DeskPhonesService manages users' desk phones. Get it from Client.DeskPhones.
type DeskPhonesService service

// UserDevicesService reads users' devices. Get it from Client.UserDevices.
type UserDevicesService service

// E911Service manages users' emergency addresses. Get it from Client.E911.
type E911Service service

// NumbersService assigns numbers to users. Get it from Client.Numbers.
type NumbersService service

// CallsService controls calls. Get it from Client.Calls.
type CallsService service

// AgentGroupsService reads agent groups. Get it from Client.AgentGroups.
type AgentGroupsService service
