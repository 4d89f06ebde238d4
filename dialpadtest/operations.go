package dialpadtest

// Operation names one of the server's operations by its operationId in the
// OpenAPI specs ("users.get"). FailNext, DropNext, SetLatency and
// EndpointRateLimit take one, and Operations lists them all. Its constants
// are named after the operationId, word by word (OpUsersGet for
// "users.get"); each serves the method and path in its comment.
type Operation string

// The operations the server serves, in the order of the operation table:
// the users spec's, then the organization spec's, then the events spec's
// (served from webhooks.go), each by path.
const (
	OpAgentGroupGet                 Operation = "agentgroup.get"                    // GET /api/v2/agent-groups/{id}
	OpCoachingTeamListAll           Operation = "coaching_team.listall"             // GET /api/v2/coachingteams
	OpCoachingTeamGet               Operation = "coaching_team.get"                 // GET /api/v2/coachingteams/{id}
	OpCoachingTeamMembersGet        Operation = "coaching_team.members.get"         // GET /api/v2/coachingteams/{id}/members
	OpCoachingTeamMembersAdd        Operation = "coaching_team.members.add"         // POST /api/v2/coachingteams/{id}/members
	OpContactsList                  Operation = "contacts.list"                     // GET /api/v2/contacts
	OpContactsCreate                Operation = "contacts.create"                   // POST /api/v2/contacts
	OpContactsCreateWithUID         Operation = "contacts.create_with_uid"          // PUT /api/v2/contacts
	OpContactsDelete                Operation = "contacts.delete"                   // DELETE /api/v2/contacts/{id}
	OpContactsGet                   Operation = "contacts.get"                      // GET /api/v2/contacts/{id}
	OpContactsUpdate                Operation = "contacts.update"                   // PATCH /api/v2/contacts/{id}
	OpUserDevicesList               Operation = "userdevices.list"                  // GET /api/v2/userdevices
	OpUserDevicesGet                Operation = "userdevices.get"                   // GET /api/v2/userdevices/{id}
	OpUsersList                     Operation = "users.list"                        // GET /api/v2/users
	OpUsersCreate                   Operation = "users.create"                      // POST /api/v2/users
	OpUsersDelete                   Operation = "users.delete"                      // DELETE /api/v2/users/{id}
	OpUsersGet                      Operation = "users.get"                         // GET /api/v2/users/{id}
	OpUsersUpdate                   Operation = "users.update"                      // PATCH /api/v2/users/{id}
	OpUsersUpdateActiveCall         Operation = "users.update_active_call"          // PATCH /api/v2/users/{id}/activecall
	OpNumbersAssignUserNumberPost   Operation = "numbers.assign_user_number.post"   // POST /api/v2/users/{id}/assign_number
	OpCallerIDUsersGet              Operation = "caller_id.users.get"               // GET /api/v2/users/{id}/caller_id
	OpCallerIDUsersPost             Operation = "caller_id.users.post"              // POST /api/v2/users/{id}/caller_id
	OpUsersE911Get                  Operation = "users.e911.get"                    // GET /api/v2/users/{id}/e911
	OpUsersE911Update               Operation = "users.e911.update"                 // PUT /api/v2/users/{id}/e911
	OpUsersInitiateCall             Operation = "users.initiate_call"               // POST /api/v2/users/{id}/initiate_call
	OpUsersMoveOfficePatch          Operation = "users.move_office.patch"           // PATCH /api/v2/users/{id}/move_office
	OpUsersPersonasGet              Operation = "users.personas.get"                // GET /api/v2/users/{id}/personas
	OpScreenPopInitiate             Operation = "screen_pop.initiate"               // POST /api/v2/users/{id}/screenpop
	OpUsersUpdateStatus             Operation = "users.update_status"               // PATCH /api/v2/users/{id}/status
	OpUsersToggleDND                Operation = "users.toggle_dnd"                  // PATCH /api/v2/users/{id}/togglednd
	OpUsersToggleCallVI             Operation = "users.toggle_call_vi"              // PATCH /api/v2/users/{id}/togglevi
	OpNumbersUserUnassignNumberPost Operation = "numbers.user_unassign_number.post" // POST /api/v2/users/{id}/unassign_number
	OpDeskPhonesUsersList           Operation = "deskphones.users.list"             // GET /api/v2/users/{parent_id}/deskphones
	OpDeskPhonesUsersDelete         Operation = "deskphones.users.delete"           // DELETE /api/v2/users/{parent_id}/deskphones/{id}
	OpDeskPhonesUsersGet            Operation = "deskphones.users.get"              // GET /api/v2/users/{parent_id}/deskphones/{id}

	OpCallCentersListAll         Operation = "callcenters.listall"          // GET /api/v2/callcenters
	OpCallCentersGet             Operation = "callcenters.get"              // GET /api/v2/callcenters/{id}
	OpCallCentersOperatorsDelete Operation = "callcenters.operators.delete" // DELETE /api/v2/callcenters/{id}/operators
	OpCallCentersOperatorsGet    Operation = "callcenters.operators.get"    // GET /api/v2/callcenters/{id}/operators
	OpCallCentersOperatorsPost   Operation = "callcenters.operators.post"   // POST /api/v2/callcenters/{id}/operators
	OpDepartmentsListAll         Operation = "departments.listall"          // GET /api/v2/departments
	OpDepartmentsGet             Operation = "departments.get"              // GET /api/v2/departments/{id}
	OpDepartmentsOperatorsDelete Operation = "departments.operators.delete" // DELETE /api/v2/departments/{id}/operators
	OpDepartmentsOperatorsGet    Operation = "departments.operators.get"    // GET /api/v2/departments/{id}/operators
	OpDepartmentsOperatorsPost   Operation = "departments.operators.post"   // POST /api/v2/departments/{id}/operators
	OpOfficesList                Operation = "offices.list"                 // GET /api/v2/offices
	OpOfficesGet                 Operation = "offices.get"                  // GET /api/v2/offices/{id}
	OpOfficesOperatorsDelete     Operation = "offices.operators.delete"     // DELETE /api/v2/offices/{id}/operators
	OpOfficesOperatorsGet        Operation = "offices.operators.get"        // GET /api/v2/offices/{id}/operators
	OpOfficesOperatorsPost       Operation = "offices.operators.post"       // POST /api/v2/offices/{id}/operators
	OpPlanAvailableLicensesGet   Operation = "plan.available_licenses.get"  // GET /api/v2/offices/{office_id}/available_licenses
	OpPlanGet                    Operation = "plan.get"                     // GET /api/v2/offices/{office_id}/plan

	OpWebhookChangeLogEventSubscriptionList   Operation = "webhook_change_log_event_subscription.list"   // GET /api/v2/subscriptions/changelog
	OpWebhookChangeLogEventSubscriptionCreate Operation = "webhook_change_log_event_subscription.create" // POST /api/v2/subscriptions/changelog
	OpWebhookChangeLogEventSubscriptionDelete Operation = "webhook_change_log_event_subscription.delete" // DELETE /api/v2/subscriptions/changelog/{id}
	OpWebhookChangeLogEventSubscriptionGet    Operation = "webhook_change_log_event_subscription.get"    // GET /api/v2/subscriptions/changelog/{id}
	OpWebhookChangeLogEventSubscriptionUpdate Operation = "webhook_change_log_event_subscription.update" // PATCH /api/v2/subscriptions/changelog/{id}
	OpWebhooksList                            Operation = "webhooks.list"                                // GET /api/v2/webhooks
	OpWebhooksCreate                          Operation = "webhooks.create"                              // POST /api/v2/webhooks
	OpWebhooksDelete                          Operation = "webhooks.delete"                              // DELETE /api/v2/webhooks/{id}
	OpWebhooksGet                             Operation = "webhooks.get"                                 // GET /api/v2/webhooks/{id}
	OpWebhookUpdate                           Operation = "webhook.update"                               // PATCH /api/v2/webhooks/{id}
)

// operation is one of the 62 operations of the three specs (35 for users,
// 17 for the organization, 10 for events): its operationId, method,
// ServeMux path pattern, documented rate limit and handler. A handler runs
// with the Server's mutex held and returns the value to encode (nil for an
// empty body) or an error.
type operation struct {
	id        Operation
	method    string
	path      string
	perMinute int
	handle    handler
}

// operations lists every operation the server serves: the users spec's,
// then the organization spec's, each by path; webhooks.go appends the
// events spec's (eventOperations).
var operations = []*operation{
	{OpAgentGroupGet, "GET", "/api/v2/agent-groups/{id}", 1200, getAgentGroup},
	{OpCoachingTeamListAll, "GET", "/api/v2/coachingteams", 1200, listCoachingTeams},
	{OpCoachingTeamGet, "GET", "/api/v2/coachingteams/{id}", 1200, with((*call).team, getCoachingTeam)},
	{OpCoachingTeamMembersGet, "GET", "/api/v2/coachingteams/{id}/members", 1200, with((*call).team, listCoachingTeamMembers)},
	{OpCoachingTeamMembersAdd, "POST", "/api/v2/coachingteams/{id}/members", 1200, withBody((*call).team, addCoachingTeamMember)},
	{OpContactsList, "GET", "/api/v2/contacts", 1200, listContacts},
	{OpContactsCreate, "POST", "/api/v2/contacts", 100, withBody(noPath, createContact)},
	{OpContactsCreateWithUID, "PUT", "/api/v2/contacts", 100, withBody(noPath, createContactWithUID)},
	{OpContactsDelete, "DELETE", "/api/v2/contacts/{id}", 1200, with((*call).contact, deleteContact)},
	{OpContactsGet, "GET", "/api/v2/contacts/{id}", 1200, with((*call).contact, getContact)},
	{OpContactsUpdate, "PATCH", "/api/v2/contacts/{id}", 1200, withBody((*call).contact, updateContact)},
	{OpUserDevicesList, "GET", "/api/v2/userdevices", 1200, listUserDevices},
	{OpUserDevicesGet, "GET", "/api/v2/userdevices/{id}", 1200, getUserDevice},
	{OpUsersList, "GET", "/api/v2/users", 1200, listUsers},
	{OpUsersCreate, "POST", "/api/v2/users", 1200, withBody(noPath, createUser)},
	{OpUsersDelete, "DELETE", "/api/v2/users/{id}", 1200, with(pathUser, deleteUser)},
	{OpUsersGet, "GET", "/api/v2/users/{id}", 1200, getUser},
	{OpUsersUpdate, "PATCH", "/api/v2/users/{id}", 1200, withBody(pathUser, updateUser)},
	{OpUsersUpdateActiveCall, "PATCH", "/api/v2/users/{id}/activecall", 1200, withBody(pathUser, updateActiveCall)},
	{OpNumbersAssignUserNumberPost, "POST", "/api/v2/users/{id}/assign_number", 1200, withBody(pathUser, assignNumber)},
	{OpCallerIDUsersGet, "GET", "/api/v2/users/{id}/caller_id", 1200, with(pathUser, getCallerID)},
	{OpCallerIDUsersPost, "POST", "/api/v2/users/{id}/caller_id", 1200, withBody(pathUser, setCallerID)},
	{OpUsersE911Get, "GET", "/api/v2/users/{id}/e911", 1200, with(pathUser, getE911)},
	{OpUsersE911Update, "PUT", "/api/v2/users/{id}/e911", 1200, withBody(pathUser, updateE911)},
	{OpUsersInitiateCall, "POST", "/api/v2/users/{id}/initiate_call", 5, withBody(pathUser, initiateCall)},
	{OpUsersMoveOfficePatch, "PATCH", "/api/v2/users/{id}/move_office", 1200, withBody(pathUser, moveOffice)},
	{OpUsersPersonasGet, "GET", "/api/v2/users/{id}/personas", 1200, with(pathUser, listPersonas)},
	{OpScreenPopInitiate, "POST", "/api/v2/users/{id}/screenpop", 5, withBody(pathUser, screenPop)},
	{OpUsersUpdateStatus, "PATCH", "/api/v2/users/{id}/status", 1200, withBody(pathUser, updateStatus)},
	{OpUsersToggleDND, "PATCH", "/api/v2/users/{id}/togglednd", 1200, withBody(pathUser, toggleDND)},
	{OpUsersToggleCallVI, "PATCH", "/api/v2/users/{id}/togglevi", 1200, withBody(pathUser, toggleVI)},
	{OpNumbersUserUnassignNumberPost, "POST", "/api/v2/users/{id}/unassign_number", 1200, withBody(pathUser, unassignNumber)},
	{OpDeskPhonesUsersList, "GET", "/api/v2/users/{parent_id}/deskphones", 1200, listDeskPhones},
	{OpDeskPhonesUsersDelete, "DELETE", "/api/v2/users/{parent_id}/deskphones/{id}", 1200, with((*call).deskPhone, deleteDeskPhone)},
	{OpDeskPhonesUsersGet, "GET", "/api/v2/users/{parent_id}/deskphones/{id}", 1200, with((*call).deskPhone, getDeskPhone)},

	{OpCallCentersListAll, "GET", "/api/v2/callcenters", 1200, listCallCenters},
	{OpCallCentersGet, "GET", "/api/v2/callcenters/{id}", 1200, with(pathGroup(groupCallCenter), getCallCenter)},
	{OpCallCentersOperatorsDelete, "DELETE", "/api/v2/callcenters/{id}/operators", 1200, withBody(pathGroup(groupCallCenter), removeCallCenterOperator)},
	{OpCallCentersOperatorsGet, "GET", "/api/v2/callcenters/{id}/operators", 1200, with(pathGroup(groupCallCenter), listOperators)},
	{OpCallCentersOperatorsPost, "POST", "/api/v2/callcenters/{id}/operators", 1200, withBody(pathGroup(groupCallCenter), addCallCenterOperator)},
	{OpDepartmentsListAll, "GET", "/api/v2/departments", 1200, listDepartments},
	{OpDepartmentsGet, "GET", "/api/v2/departments/{id}", 1200, with(pathGroup(groupDepartment), getDepartment)},
	{OpDepartmentsOperatorsDelete, "DELETE", "/api/v2/departments/{id}/operators", 1200, withBody(pathGroup(groupDepartment), removeOperator)},
	{OpDepartmentsOperatorsGet, "GET", "/api/v2/departments/{id}/operators", 1200, with(pathGroup(groupDepartment), listOperators)},
	{OpDepartmentsOperatorsPost, "POST", "/api/v2/departments/{id}/operators", 1200, withBody(pathGroup(groupDepartment), addOperator)},
	{OpOfficesList, "GET", "/api/v2/offices", 1200, listOffices},
	{OpOfficesGet, "GET", "/api/v2/offices/{id}", 1200, with(pathOffice("id"), getOffice)},
	{OpOfficesOperatorsDelete, "DELETE", "/api/v2/offices/{id}/operators", 1200, withBody(pathGroup(groupOffice), removeOperator)},
	{OpOfficesOperatorsGet, "GET", "/api/v2/offices/{id}/operators", 1200, with(pathGroup(groupOffice), listOperators)},
	{OpOfficesOperatorsPost, "POST", "/api/v2/offices/{id}/operators", 1200, withBody(pathGroup(groupOffice), addOperator)},
	{OpPlanAvailableLicensesGet, "GET", "/api/v2/offices/{office_id}/available_licenses", 1200, with(pathOffice("office_id"), getAvailableLicenses)},
	{OpPlanGet, "GET", "/api/v2/offices/{office_id}/plan", 1200, with(pathOffice("office_id"), getPlan)},
}
