package dialpadtest

// operation is one of the 52 operations of the two specs (35 for users, 17
// for the organization): its operationId, method, ServeMux path pattern,
// documented rate limit and handler. A handler runs with the Server's mutex
// held and returns the value to encode (nil for an empty body) or an
// error.
type operation struct {
	id        string
	method    string
	path      string
	perMinute int
	handle    func(*call) (any, *apiError)
}

// operations lists every operation the server serves: the users spec's,
// then the organization spec's, each by path.
var operations = []*operation{
	{"agentgroup.get", "GET", "/api/v2/agent-groups/{id}", 1200, getAgentGroup},
	{"coaching_team.listall", "GET", "/api/v2/coachingteams", 1200, listCoachingTeams},
	{"coaching_team.get", "GET", "/api/v2/coachingteams/{id}", 1200, getCoachingTeam},
	{"coaching_team.members.get", "GET", "/api/v2/coachingteams/{id}/members", 1200, listCoachingTeamMembers},
	{"coaching_team.members.add", "POST", "/api/v2/coachingteams/{id}/members", 1200, addCoachingTeamMember},
	{"contacts.list", "GET", "/api/v2/contacts", 1200, listContacts},
	{"contacts.create", "POST", "/api/v2/contacts", 100, createContact},
	{"contacts.create_with_uid", "PUT", "/api/v2/contacts", 100, createContactWithUID},
	{"contacts.delete", "DELETE", "/api/v2/contacts/{id}", 1200, deleteContact},
	{"contacts.get", "GET", "/api/v2/contacts/{id}", 1200, getContact},
	{"contacts.update", "PATCH", "/api/v2/contacts/{id}", 1200, updateContact},
	{"userdevices.list", "GET", "/api/v2/userdevices", 1200, listUserDevices},
	{"userdevices.get", "GET", "/api/v2/userdevices/{id}", 1200, getUserDevice},
	{"users.list", "GET", "/api/v2/users", 1200, listUsers},
	{"users.create", "POST", "/api/v2/users", 1200, createUser},
	{"users.delete", "DELETE", "/api/v2/users/{id}", 1200, deleteUser},
	{"users.get", "GET", "/api/v2/users/{id}", 1200, getUser},
	{"users.update", "PATCH", "/api/v2/users/{id}", 1200, updateUser},
	{"users.update_active_call", "PATCH", "/api/v2/users/{id}/activecall", 1200, updateActiveCall},
	{"numbers.assign_user_number.post", "POST", "/api/v2/users/{id}/assign_number", 1200, assignNumber},
	{"caller_id.users.get", "GET", "/api/v2/users/{id}/caller_id", 1200, getCallerID},
	{"caller_id.users.post", "POST", "/api/v2/users/{id}/caller_id", 1200, setCallerID},
	{"users.e911.get", "GET", "/api/v2/users/{id}/e911", 1200, getE911},
	{"users.e911.update", "PUT", "/api/v2/users/{id}/e911", 1200, updateE911},
	{"users.initiate_call", "POST", "/api/v2/users/{id}/initiate_call", 5, initiateCall},
	{"users.move_office.patch", "PATCH", "/api/v2/users/{id}/move_office", 1200, moveOffice},
	{"users.personas.get", "GET", "/api/v2/users/{id}/personas", 1200, listPersonas},
	{"screen_pop.initiate", "POST", "/api/v2/users/{id}/screenpop", 5, screenPop},
	{"users.update_status", "PATCH", "/api/v2/users/{id}/status", 1200, updateStatus},
	{"users.toggle_dnd", "PATCH", "/api/v2/users/{id}/togglednd", 1200, toggleDND},
	{"users.toggle_call_vi", "PATCH", "/api/v2/users/{id}/togglevi", 1200, toggleVI},
	{"numbers.user_unassign_number.post", "POST", "/api/v2/users/{id}/unassign_number", 1200, unassignNumber},
	{"deskphones.users.list", "GET", "/api/v2/users/{parent_id}/deskphones", 1200, listDeskPhones},
	{"deskphones.users.delete", "DELETE", "/api/v2/users/{parent_id}/deskphones/{id}", 1200, deleteDeskPhone},
	{"deskphones.users.get", "GET", "/api/v2/users/{parent_id}/deskphones/{id}", 1200, getDeskPhone},

	{"callcenters.listall", "GET", "/api/v2/callcenters", 1200, listCallCenters},
	{"callcenters.get", "GET", "/api/v2/callcenters/{id}", 1200, getCallCenter},
	{"callcenters.operators.delete", "DELETE", "/api/v2/callcenters/{id}/operators", 1200, removeCallCenterOperator},
	{"callcenters.operators.get", "GET", "/api/v2/callcenters/{id}/operators", 1200, listOperators(groupCallCenter)},
	{"callcenters.operators.post", "POST", "/api/v2/callcenters/{id}/operators", 1200, addCallCenterOperator},
	{"departments.listall", "GET", "/api/v2/departments", 1200, listDepartments},
	{"departments.get", "GET", "/api/v2/departments/{id}", 1200, getDepartment},
	{"departments.operators.delete", "DELETE", "/api/v2/departments/{id}/operators", 1200, removeOperator(groupDepartment)},
	{"departments.operators.get", "GET", "/api/v2/departments/{id}/operators", 1200, listOperators(groupDepartment)},
	{"departments.operators.post", "POST", "/api/v2/departments/{id}/operators", 1200, addOperator(groupDepartment)},
	{"offices.list", "GET", "/api/v2/offices", 1200, listOffices},
	{"offices.get", "GET", "/api/v2/offices/{id}", 1200, getOffice},
	{"offices.operators.delete", "DELETE", "/api/v2/offices/{id}/operators", 1200, removeOperator(groupOffice)},
	{"offices.operators.get", "GET", "/api/v2/offices/{id}/operators", 1200, listOperators(groupOffice)},
	{"offices.operators.post", "POST", "/api/v2/offices/{id}/operators", 1200, addOperator(groupOffice)},
	{"plan.available_licenses.get", "GET", "/api/v2/offices/{office_id}/available_licenses", 1200, getAvailableLicenses},
	{"plan.get", "GET", "/api/v2/offices/{office_id}/plan", 1200, getPlan},
}
