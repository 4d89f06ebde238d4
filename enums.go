package dialpad

// The enumerations that more than one service uses: licenses, user and
// group states and types, roles, duty and presence statuses, and the
// routing enumerations of offices, call centers and departments. Each type
// has a list of its known values, which request checks (checkEnum) use.

// License is a user's license type, which decides billing and features.
type License string

// The license types Dialpad knows.
const (
	LicenseAdmins            License = "admins"
	LicenseAgents            License = "agents" // the Sell license
	LicenseDPDEAll           License = "dpde_all"
	LicenseDPDEOne           License = "dpde_one"
	LicenseLiteLines         License = "lite_lines"
	LicenseLiteSupportAgents License = "lite_support_agents" // the Support license
	LicenseMagentaLines      License = "magenta_lines"
	LicenseTalk              License = "talk"
)

var licenses = []License{LicenseAdmins, LicenseAgents, LicenseDPDEAll, LicenseDPDEOne,
	LicenseLiteLines, LicenseLiteSupportAgents, LicenseMagentaLines, LicenseTalk}

// UserState is the enablement state of a user (also of coaching teams).
type UserState string

// User states. UserStateAll is only a list filter.
const (
	UserStateActive    UserState = "active"
	UserStateCancelled UserState = "cancelled"
	UserStateDeleted   UserState = "deleted"
	UserStatePending   UserState = "pending"
	UserStateSuspended UserState = "suspended"
	UserStateAll       UserState = "all"
)

// userStates are the states a user or group can be in; UserStateAll is
// only a filter.
var userStates = []UserState{UserStateActive, UserStateCancelled, UserStateDeleted, UserStatePending, UserStateSuspended}

// GroupType is the kind of entity a group membership, a number or a
// request is about: a call center, a department, an office, a user...
// Users.SetDoNotDisturb and Calls.Initiate accept only GroupTypeCallCenter,
// GroupTypeDepartment and GroupTypeOffice.
type GroupType string

// Group (and number target) types.
const (
	GroupTypeCallCenter    GroupType = "callcenter"
	GroupTypeCallRouter    GroupType = "callrouter"
	GroupTypeChannel       GroupType = "channel"
	GroupTypeCoachingGroup GroupType = "coachinggroup"
	GroupTypeCoachingTeam  GroupType = "coachingteam"
	GroupTypeDepartment    GroupType = "department"
	GroupTypeOffice        GroupType = "office"
	GroupTypeRoom          GroupType = "room"
	GroupTypeStaffGroup    GroupType = "staffgroup"
	GroupTypeUnknown       GroupType = "unknown"
	GroupTypeUser          GroupType = "user"
)

// groupTypes are every GroupType; requestGroupTypes the ones a request may
// act for.
var (
	groupTypes = []GroupType{GroupTypeCallCenter, GroupTypeCallRouter, GroupTypeChannel, GroupTypeCoachingGroup,
		GroupTypeCoachingTeam, GroupTypeDepartment, GroupTypeOffice, GroupTypeRoom, GroupTypeStaffGroup,
		GroupTypeUnknown, GroupTypeUser}
	requestGroupTypes = []GroupType{GroupTypeCallCenter, GroupTypeDepartment, GroupTypeOffice}
)

// GroupRole is a user's role within a group.
type GroupRole string

// Group roles.
const (
	GroupRoleAdmin      GroupRole = "admin"
	GroupRoleOperator   GroupRole = "operator"
	GroupRoleSupervisor GroupRole = "supervisor"
)

var groupRoles = []GroupRole{GroupRoleAdmin, GroupRoleOperator, GroupRoleSupervisor}

// OnDutyStatus is a contact-center operator's duty status.
type OnDutyStatus string

// Operator duty statuses.
const (
	OnDutyStatusAvailable   OnDutyStatus = "available"
	OnDutyStatusBusy        OnDutyStatus = "busy"
	OnDutyStatusOccupied    OnDutyStatus = "occupied"
	OnDutyStatusOccupiedEnd OnDutyStatus = "occupied-end"
	OnDutyStatusUnavailable OnDutyStatus = "unavailable"
	OnDutyStatusWrapup      OnDutyStatus = "wrapup"
	OnDutyStatusWrapupEnd   OnDutyStatus = "wrapup-end"
)

var onDutyStatuses = []OnDutyStatus{OnDutyStatusAvailable, OnDutyStatusBusy, OnDutyStatusOccupied,
	OnDutyStatusOccupiedEnd, OnDutyStatusUnavailable, OnDutyStatusWrapup, OnDutyStatusWrapupEnd}

// PresenceType picks the template of a presence status message.
type PresenceType string

// Presence status templates.
const (
	PresenceTypeDefault    PresenceType = "default"    // "{provider}: {message}"
	PresenceTypeConference PresenceType = "conference" // "On {provider}: in the {message} meeting"
)

var presenceTypes = []PresenceType{PresenceTypeConference, PresenceTypeDefault}

// AvailabilityStatus says whether an office, call center or department is
// taking calls right now, by its hours and holidays.
type AvailabilityStatus string

// Availability statuses.
const (
	AvailabilityStatusClosed        AvailabilityStatus = "closed"
	AvailabilityStatusHolidayClosed AvailabilityStatus = "holiday_closed"
	AvailabilityStatusHolidayOpen   AvailabilityStatus = "holiday_open"
	AvailabilityStatusOpen          AvailabilityStatus = "open"
)

var availabilityStatuses = []AvailabilityStatus{AvailabilityStatusClosed, AvailabilityStatusHolidayClosed,
	AvailabilityStatusHolidayOpen, AvailabilityStatusOpen}

// FirstAction is what an office, call center or department does first with
// an incoming call: play its menu, or ring its operators.
type FirstAction string

// First actions.
const (
	FirstActionMenu      FirstAction = "menu"
	FirstActionOperators FirstAction = "operators"
)

var firstActions = []FirstAction{FirstActionMenu, FirstActionOperators}

// RoutingAction is where a call goes: the action taken when no operator
// answers (NoOperatorsAction), the action of a routing rule, or the action
// behind a key of a phone menu.
type RoutingAction string

// Routing actions.
const (
	RoutingActionBridgeTarget     RoutingAction = "bridge_target"
	RoutingActionCompanyDirectory RoutingAction = "company_directory"
	RoutingActionDepartment       RoutingAction = "department"
	RoutingActionDirectory        RoutingAction = "directory"
	RoutingActionDisabled         RoutingAction = "disabled"
	RoutingActionExtension        RoutingAction = "extension"
	RoutingActionMenu             RoutingAction = "menu"
	RoutingActionMessage          RoutingAction = "message"
	RoutingActionOperator         RoutingAction = "operator"
	RoutingActionPerson           RoutingAction = "person"
	RoutingActionScriptedIVR      RoutingAction = "scripted_ivr"
	RoutingActionVoicemail        RoutingAction = "voicemail"
)

var routingActions = []RoutingAction{RoutingActionBridgeTarget, RoutingActionCompanyDirectory,
	RoutingActionDepartment, RoutingActionDirectory, RoutingActionDisabled, RoutingActionExtension,
	RoutingActionMenu, RoutingActionMessage, RoutingActionOperator, RoutingActionPerson,
	RoutingActionScriptedIVR, RoutingActionVoicemail}

// RoutingTargetType is the kind of entity a routing rule or a menu key
// sends calls to. It differs from GroupType: contacts and contact groups
// can be targets, coaching teams cannot.
type RoutingTargetType string

// Routing target types.
const (
	RoutingTargetTypeCallCenter    RoutingTargetType = "callcenter"
	RoutingTargetTypeCallRouter    RoutingTargetType = "callrouter"
	RoutingTargetTypeChannel       RoutingTargetType = "channel"
	RoutingTargetTypeCoachingGroup RoutingTargetType = "coachinggroup"
	RoutingTargetTypeContact       RoutingTargetType = "contact"
	RoutingTargetTypeContactGroup  RoutingTargetType = "contactgroup"
	RoutingTargetTypeDepartment    RoutingTargetType = "department"
	RoutingTargetTypeOffice        RoutingTargetType = "office"
	RoutingTargetTypeRoom          RoutingTargetType = "room"
	RoutingTargetTypeStaffGroup    RoutingTargetType = "staffgroup"
	RoutingTargetTypeUnknown       RoutingTargetType = "unknown"
	RoutingTargetTypeUser          RoutingTargetType = "user"
)

var routingTargetTypes = []RoutingTargetType{RoutingTargetTypeCallCenter, RoutingTargetTypeCallRouter,
	RoutingTargetTypeChannel, RoutingTargetTypeCoachingGroup, RoutingTargetTypeContact,
	RoutingTargetTypeContactGroup, RoutingTargetTypeDepartment, RoutingTargetTypeOffice, RoutingTargetTypeRoom,
	RoutingTargetTypeStaffGroup, RoutingTargetTypeUnknown, RoutingTargetTypeUser}

// OperatorRouting is the order in which a group's operators are rung.
type OperatorRouting string

// Operator routing strategies.
const (
	OperatorRoutingFixedOrder   OperatorRouting = "fixedorder"
	OperatorRoutingLongestIdle  OperatorRouting = "longestidle"
	OperatorRoutingMostSkilled  OperatorRouting = "mostskilled"
	OperatorRoutingRandom       OperatorRouting = "random"
	OperatorRoutingRoundRobin   OperatorRouting = "roundrobin"
	OperatorRoutingSimultaneous OperatorRouting = "simultaneous"
)

var operatorRoutings = []OperatorRouting{OperatorRoutingFixedOrder, OperatorRoutingLongestIdle,
	OperatorRoutingMostSkilled, OperatorRoutingRandom, OperatorRoutingRoundRobin, OperatorRoutingSimultaneous}

// OperatorType tells whether an operator being added or removed is a user
// or a room.
type OperatorType string

// Operator types.
const (
	OperatorTypeRoom OperatorType = "room"
	OperatorTypeUser OperatorType = "user"
)

var operatorTypes = []OperatorType{OperatorTypeRoom, OperatorTypeUser}

// operatorRoles are the roles an office or department operator may be
// given; call centers also know GroupRoleSupervisor.
var operatorRoles = []GroupRole{GroupRoleAdmin, GroupRoleOperator}
