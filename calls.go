package dialpad

// CallsService starts calls and controls a user's active call. Get it from
// Client.Calls.
type CallsService service

// E911Service reads and sets users' emergency (E911) addresses. Get it from
// Client.E911.
type E911Service service

// AgentGroupsService reads agent groups. Get it from Client.AgentGroups.
type AgentGroupsService service
