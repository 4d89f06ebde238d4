package mcpserver

import (
	"context"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// The 35 tools of the hosted "dialpad-users" server, named and shaped as its
// listing (testdata/dialpad-users-tools.json) gives them. Where the listing
// types a user id as a string, the parameter is an idText; where it types
// it as an integer, a dialpad.ID. Inputs embed the SDK's request structs
// where their JSON fields are the listing's parameters.

// Descriptions shared by several parameters.
const (
	descCursor     = "Where to continue a listing: the cursor a previous call returned. Leave it out for the first page."
	descUserIDText = "The user's numeric Dialpad id, as a string (\"me\" is not supported)."
	descUserID     = "The user's numeric Dialpad id."
	descSingleLine = " Single line."
)

// items wraps a whole list (one the SDK returns in full) in an object, as
// MCP's structured content must be one.
type items[T any] struct {
	Items []*T `json:"items"`
}

// Inputs of the users tools.
type (
	byIDText struct {
		ID idText `json:"id"`
	}
	byID struct {
		ID dialpad.ID `json:"id"`
	}
	byString struct {
		ID string `json:"id"`
	}
	cursorOnly struct {
		Cursor string `json:"cursor,omitempty"`
	}
	setCallerIDInput struct {
		ID       idText `json:"id"`
		CallerID string `json:"caller_id"`
	}
	addMemberInput struct {
		ID       dialpad.ID           `json:"id"`
		MemberID idText               `json:"member_id"`
		Role     dialpad.CoachingRole `json:"role"`
	}
	// contactDetails are the parameters of the three contact writes beside
	// the SDK's request; the hosted server still lists the deprecated
	// trunk_group.
	contactDetails struct {
		TrunkGroup *string `json:"trunk_group,omitempty"`
	}
	createContactInput struct {
		dialpad.CreateContactRequest
		OwnerID idText `json:"owner_id,omitempty"`
		contactDetails
	}
	createContactWithUIDInput struct {
		dialpad.CreateOrUpdateContactRequest
		contactDetails
	}
	updateContactInput struct {
		ID string `json:"id"`
		dialpad.UpdateContactRequest
		contactDetails
	}
	listContactsInput struct {
		Cursor       string `json:"cursor,omitempty"`
		IncludeLocal *bool  `json:"include_local,omitempty"`
		OwnerID      idText `json:"owner_id,omitempty"`
	}
	deskPhoneInput struct {
		ID       string     `json:"id"`
		ParentID dialpad.ID `json:"parent_id"`
	}
	deskPhonesInput struct {
		ParentID dialpad.ID `json:"parent_id"`
	}
	updateE911Input struct {
		ID dialpad.ID `json:"id"`
		dialpad.UpdateE911Request
	}
	initiateCallInput struct {
		ID               idText             `json:"id"`
		CustomData       *string            `json:"custom_data,omitempty"`
		GroupID          *dialpad.ID        `json:"group_id,omitempty"`
		GroupType        *dialpad.GroupType `json:"group_type,omitempty"`
		OutboundCallerID *string            `json:"outbound_caller_id,omitempty"`
		PhoneNumber      string             `json:"phone_number,omitempty"`
	}
	listUsersInput struct {
		Cursor       string            `json:"cursor,omitempty"`
		State        dialpad.UserState `json:"state,omitempty"`
		CompanyAdmin *bool             `json:"company_admin,omitempty"`
		Email        string            `json:"email,omitempty"`
		Number       string            `json:"number,omitempty"`
	}
	moveOfficeInput struct {
		ID       idText     `json:"id"`
		OfficeID dialpad.ID `json:"office_id,omitempty"`
	}
	assignNumberInput struct {
		ID dialpad.ID `json:"id"`
		dialpad.AssignNumberRequest
	}
	unassignNumberInput struct {
		ID     dialpad.ID `json:"id"`
		Number string     `json:"number"`
	}
	screenPopInput struct {
		ID           dialpad.ID `json:"id"`
		ScreenPopURI string     `json:"screen_pop_uri"`
	}
	setVIInput struct {
		ID dialpad.ID `json:"id"`
		dialpad.VIRequest
	}
	setDNDInput struct {
		ID idText `json:"id"`
		dialpad.DoNotDisturbRequest
	}
	updateUserInput struct {
		ID idText `json:"id"`
		dialpad.UpdateUserRequest
	}
	setRecordingInput struct {
		ID dialpad.ID `json:"id"`
		dialpad.RecordingRequest
	}
	setStatusInput struct {
		ID            dialpad.ID `json:"id"`
		Expiration    *int64     `json:"expiration,omitempty"`
		StatusMessage string     `json:"status_message,omitempty"`
	}
	listDevicesInput struct {
		Cursor string `json:"cursor,omitempty"`
		UserID idText `json:"user_id,omitempty"`
	}
)

// check refuses a trunk_group: Dialpad has deprecated it and the SDK does
// not send it, so taking it silently would drop what the caller asked for.
func (d contactDetails) check() error {
	if d.TrunkGroup != nil && *d.TrunkGroup != "" {
		return &dialpad.ValidationError{Field: "trunk_group", Reason: "deprecated by Dialpad and not sent by this server: leave it out"}
	}
	return nil
}

// Parameter descriptions of the contact writes.
var contactParams = map[string]string{
	"company_name": "The contact's company." + descSingleLine,
	"emails":       "The contact's email addresses, the primary one first.",
	"extension":    "The contact's extension.",
	"first_name":   "The contact's first name." + descSingleLine,
	"job_title":    "The contact's job title." + descSingleLine,
	"last_name":    "The contact's last name." + descSingleLine,
	"phones":       "The contact's E.164 phone numbers, the primary one first.",
	"trunk_group":  "Deprecated by Dialpad; refused when not empty.",
	"urls":         "Web addresses of the contact.",
}

// with returns m plus the given name/description pairs.
func with(m map[string]string, pairs ...string) map[string]string {
	out := make(map[string]string, len(m)+len(pairs)/2)
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		out[pairs[i]] = pairs[i+1]
	}
	return out
}

func userTools() []toolDef {
	return []toolDef{
		define(spec{name: "dialpad_users_agentgroup_get", title: "Agent Group — Get", kind: reads,
			description: "Reads one agent group by id. Dialpad API: GET /api/v2/agent-groups/{id}.",
			params:      map[string]string{"id": "The agent group's id."}},
			func(ctx context.Context, c *dialpad.Client, in *byString) (any, error) {
				return c.AgentGroups.Get(ctx, in.ID)
			}),
		define(spec{name: "dialpad_users_caller_id_users_get", title: "Caller ID — Get", kind: reads,
			description: "Reads the caller id a user shows on outgoing calls and the numbers it may choose from. Dialpad API: GET /api/v2/users/{id}/caller_id.",
			params:      map[string]string{"id": descUserIDText}},
			func(ctx context.Context, c *dialpad.Client, in *byIDText) (any, error) {
				return c.Users.GetCallerID(ctx, in.ID.id())
			}),
		define(spec{name: "dialpad_users_caller_id_users_post", title: "Caller ID — Set", kind: sets,
			description: "Sets the caller id a user shows on outgoing calls. Dialpad API: POST /api/v2/users/{id}/caller_id.",
			params: map[string]string{"id": descUserIDText,
				"caller_id": "An E.164 number the user may show (one of its own, its office's main line, or a group's it belongs to), or \"blocked\" to hide it."}},
			func(ctx context.Context, c *dialpad.Client, in *setCallerIDInput) (any, error) {
				return c.Users.SetCallerID(ctx, in.ID.id(), in.CallerID)
			}),
		define(spec{name: "dialpad_users_coaching_team_get", title: "Coaching Team — Get", kind: reads,
			description: "Reads one coaching team by id. Dialpad API: GET /api/v2/coachingteams/{id}.",
			params:      map[string]string{"id": "The coaching team's id."}},
			func(ctx context.Context, c *dialpad.Client, in *byID) (any, error) {
				return c.CoachingTeams.Get(ctx, in.ID)
			}),
		define(spec{name: "dialpad_users_coaching_team_listall", title: "Coaching Team — List", kind: reads,
			description: "Lists the company's coaching teams, one page at a time; the result's cursor fetches the next page. Dialpad API: GET /api/v2/coachingteams.",
			params:      map[string]string{"cursor": descCursor}},
			func(ctx context.Context, c *dialpad.Client, in *cursorOnly) (any, error) {
				return c.CoachingTeams.ListPage(ctx, &dialpad.ListOptions{Cursor: in.Cursor})
			}),
		define(spec{name: "dialpad_users_coaching_team_members_add", title: "Coaching Team — Add Member", kind: sets,
			description: "Adds a user to a coaching team as a coach or a trainee (a member already there takes the new role). Dialpad API: POST /api/v2/coachingteams/{id}/members.",
			params: map[string]string{"id": "The coaching team's id.", "member_id": "The numeric id of the user to add, as a string.",
				"role": "\"coach\" or \"trainee\"."}},
			func(ctx context.Context, c *dialpad.Client, in *addMemberInput) (any, error) {
				return c.CoachingTeams.AddMember(ctx, in.ID, &dialpad.AddCoachingTeamMemberRequest{MemberID: in.MemberID.id(), Role: in.Role})
			}),
		define(spec{name: "dialpad_users_coaching_team_members_get", title: "Coaching Team — List Members", kind: reads,
			description: "Lists every member of a coaching team with its role (all pages at once). Dialpad API: GET /api/v2/coachingteams/{id}/members.",
			params:      map[string]string{"id": "The coaching team's id."}},
			func(ctx context.Context, c *dialpad.Client, in *byID) (any, error) {
				m, err := c.CoachingTeams.ListMembers(ctx, in.ID)
				return orNil(items[dialpad.CoachingTeamMember]{m}, err)
			}),
		define(spec{name: "dialpad_users_contacts_create", title: "Contact — Create", kind: adds,
			description: "Creates a contact: a shared one, or a user's local one when owner_id is given. Calling again creates another. Dialpad API: POST /api/v2/contacts.",
			params: with(contactParams, "owner_id",
				"The numeric id (as a string) of the user whose local contact this is; leave it out for a contact shared with the whole company.")},
			func(ctx context.Context, c *dialpad.Client, in *createContactInput) (any, error) {
				if err := in.check(); err != nil {
					return nil, err
				}
				in.CreateContactRequest.OwnerID = in.OwnerID.ptr()
				return c.Contacts.Create(ctx, &in.CreateContactRequest)
			}),
		define(spec{name: "dialpad_users_contacts_create_with_uid", title: "Contact — Create or Update", kind: overwrites,
			description: "Creates the shared contact with this uid, or replaces it if it exists. Dialpad API: PUT /api/v2/contacts.",
			params:      with(contactParams, "uid", "Your own unique key for the contact; its id becomes \"shared_uid_\" followed by it.")},
			func(ctx context.Context, c *dialpad.Client, in *createContactWithUIDInput) (any, error) {
				if err := in.check(); err != nil {
					return nil, err
				}
				return c.Contacts.CreateOrUpdate(ctx, &in.CreateOrUpdateContactRequest)
			}),
		define(spec{name: "dialpad_users_contacts_delete", title: "Contact — Delete", kind: overwrites,
			description: "Deletes a contact. Dialpad API: DELETE /api/v2/contacts/{id}.",
			params:      map[string]string{"id": "The contact's id."}},
			func(ctx context.Context, c *dialpad.Client, in *byString) (any, error) {
				return c.Contacts.Delete(ctx, in.ID)
			}),
		define(spec{name: "dialpad_users_contacts_get", title: "Contact — Get", kind: reads,
			description: "Reads one contact by id. Dialpad API: GET /api/v2/contacts/{id}.",
			params:      map[string]string{"id": "The contact's id."}},
			func(ctx context.Context, c *dialpad.Client, in *byString) (any, error) {
				return c.Contacts.Get(ctx, in.ID)
			}),
		define(spec{name: "dialpad_users_contacts_list", title: "Contact — List", kind: reads,
			description: "Lists contacts, one page at a time: the shared ones, or one user's local ones with owner_id. Dialpad API: GET /api/v2/contacts.",
			params: map[string]string{"cursor": descCursor,
				"include_local": "Also list every user's local contacts (default false).",
				"owner_id":      "List the local contacts of this user (numeric id as a string) instead."}},
			func(ctx context.Context, c *dialpad.Client, in *listContactsInput) (any, error) {
				return c.Contacts.ListPage(ctx, &dialpad.ContactListOptions{ListOptions: dialpad.ListOptions{Cursor: in.Cursor},
					OwnerID: in.OwnerID.id(), IncludeLocal: in.IncludeLocal})
			}),
		define(spec{name: "dialpad_users_contacts_update", title: "Contact — Update", kind: overwrites,
			description: "Changes the given fields of a contact; a list given replaces the old one. Dialpad API: PATCH /api/v2/contacts/{id}.",
			params:      with(contactParams, "id", "The contact's id.")},
			func(ctx context.Context, c *dialpad.Client, in *updateContactInput) (any, error) {
				if err := in.check(); err != nil {
					return nil, err
				}
				return c.Contacts.Update(ctx, in.ID, &in.UpdateContactRequest)
			}),
		define(spec{name: "dialpad_users_create", title: "User — Create", kind: adds,
			description: "Creates a user in an office, taking a seat of its license. Calling again with the same email fails. Dialpad API: POST /api/v2/users.",
			params: map[string]string{"auto_assign": "Give the user a free number of the office at once.",
				"email": "The user's email address.", "first_name": "The user's first name." + descSingleLine,
				"last_name": "The user's last name." + descSingleLine,
				"license":   "The license (billing): talk, agents (Sell), lite_support_agents (Support), lite_lines, magenta_lines, admins, dpde_all or dpde_one.",
				"office_id": "The numeric id of the office the user joins."}},
			func(ctx context.Context, c *dialpad.Client, in *dialpad.CreateUserRequest) (any, error) {
				return c.Users.Create(ctx, in)
			}),
		define(spec{name: "dialpad_users_delete", title: "User — Delete", kind: overwrites,
			description: "Deletes a user: frees its seat and numbers and removes its devices and group memberships. Dialpad API: DELETE /api/v2/users/{id}.",
			params:      map[string]string{"id": descUserIDText}},
			func(ctx context.Context, c *dialpad.Client, in *byIDText) (any, error) {
				return c.Users.Delete(ctx, in.ID.id())
			}),
		define(spec{name: "dialpad_users_deskphones_users_delete", title: "Desk Phone — Delete", kind: overwrites,
			description: "Removes a desk phone from a user. Dialpad API: DELETE /api/v2/users/{parent_id}/deskphones/{id}.",
			params:      map[string]string{"id": "The desk phone's id.", "parent_id": descUserID}},
			func(ctx context.Context, c *dialpad.Client, in *deskPhoneInput) (any, error) {
				if err := c.DeskPhones.Delete(ctx, in.ParentID, in.ID); err != nil {
					return nil, err
				}
				return struct {
					ID       string     `json:"id"`
					ParentID dialpad.ID `json:"parent_id"`
					Deleted  bool       `json:"deleted"`
				}{in.ID, in.ParentID, true}, nil
			}),
		define(spec{name: "dialpad_users_deskphones_users_get", title: "Desk Phone — Get", kind: reads,
			description: "Reads one of a user's desk phones. Dialpad API: GET /api/v2/users/{parent_id}/deskphones/{id}.",
			params:      map[string]string{"id": "The desk phone's id.", "parent_id": descUserID}},
			func(ctx context.Context, c *dialpad.Client, in *deskPhoneInput) (any, error) {
				return c.DeskPhones.Get(ctx, in.ParentID, in.ID)
			}),
		define(spec{name: "dialpad_users_deskphones_users_list", title: "Desk Phone — List", kind: reads,
			description: "Lists a user's desk phones. Dialpad API: GET /api/v2/users/{parent_id}/deskphones.",
			params:      map[string]string{"parent_id": descUserID}},
			func(ctx context.Context, c *dialpad.Client, in *deskPhonesInput) (any, error) {
				p, err := c.DeskPhones.List(ctx, in.ParentID)
				return orNil(items[dialpad.DeskPhone]{p}, err)
			}),
		define(spec{name: "dialpad_users_e911_get", title: "E911 Address — Get", kind: reads,
			description: "Reads a user's emergency (E911) address. Dialpad API: GET /api/v2/users/{id}/e911.",
			params:      map[string]string{"id": descUserID}},
			func(ctx context.Context, c *dialpad.Client, in *byID) (any, error) {
				return c.E911.Get(ctx, in.ID)
			}),
		define(spec{name: "dialpad_users_e911_update", title: "E911 Address — Update", kind: overwrites,
			description: "Replaces a user's emergency (E911) address, the one given to emergency services. Dialpad API: PUT /api/v2/users/{id}/e911.",
			params: map[string]string{"id": descUserID, "address": "Street and number." + descSingleLine,
				"address2": "Suite, floor or the like." + descSingleLine, "city": "City or town." + descSingleLine,
				"country": "Country code, such as \"us\".", "state": "State or province." + descSingleLine,
				"use_validated_option": "Store the address as Dialpad's address check corrects it.",
				"zip":                  "ZIP or postal code." + descSingleLine}},
			func(ctx context.Context, c *dialpad.Client, in *updateE911Input) (any, error) {
				return c.E911.Update(ctx, in.ID, &in.UpdateE911Request)
			}),
		define(spec{name: "dialpad_users_get", title: "User — Get", kind: reads,
			description: "Reads one user by id, deleted users included. Dialpad API: GET /api/v2/users/{id}.",
			params:      map[string]string{"id": descUserIDText}},
			func(ctx context.Context, c *dialpad.Client, in *byIDText) (any, error) {
				return c.Users.Get(ctx, in.ID.id())
			}),
		define(spec{name: "dialpad_users_initiate_call", title: "Call — Initiate", kind: adds, reachesOut: true,
			description: "Rings a user's device and, when answered, dials phone_number for it: a real call. Calling again places another. Dialpad API: POST /api/v2/users/{id}/initiate_call.",
			params: map[string]string{"id": descUserIDText,
				"custom_data":        "Text passed unchanged to the call's events.",
				"group_id":           "Call on behalf of this group (its numeric id) the user belongs to; give group_type too.",
				"group_type":         "The kind of group_id: office, department, callcenter and the like.",
				"outbound_caller_id": "The E.164 number the callee sees (the user's, its group's or a company number), or \"blocked\".",
				"phone_number":       "The E.164 number to call (needed by Dialpad)."}},
			func(ctx context.Context, c *dialpad.Client, in *initiateCallInput) (any, error) {
				return c.Calls.Initiate(ctx, in.ID.id(), &dialpad.InitiateCallRequest{PhoneNumber: in.PhoneNumber,
					OutboundCallerID: in.OutboundCallerID, GroupID: in.GroupID, GroupType: in.GroupType, CustomData: in.CustomData})
			}),
		define(spec{name: "dialpad_users_list", title: "User — List", kind: reads,
			description: "Lists the company's users, one page at a time (active ones unless state says otherwise); the result's cursor fetches the next page. Dialpad API: GET /api/v2/users.",
			params: map[string]string{"cursor": descCursor,
				"state":         "List users in this state: active, suspended, pending, cancelled, deleted, or all.",
				"company_admin": "List only company admins (true) or only other users (false).",
				"email":         "List the user with this email address.",
				"number":        "List the user with this E.164 number."}},
			func(ctx context.Context, c *dialpad.Client, in *listUsersInput) (any, error) {
				return c.Users.ListPage(ctx, &dialpad.UserListOptions{ListOptions: dialpad.ListOptions{Cursor: in.Cursor},
					State: in.State, CompanyAdmin: in.CompanyAdmin, Email: in.Email, Number: in.Number})
			}),
		define(spec{name: "dialpad_users_move_office_patch", title: "User — Switch Office", kind: overwrites,
			description: "Moves a user to another office, which needs a free seat of its license there; across countries the user's numbers are replaced. Dialpad API: PATCH /api/v2/users/{id}/move_office.",
			params:      map[string]string{"id": descUserIDText, "office_id": "The numeric id of the office to move to (needed by Dialpad)."}},
			func(ctx context.Context, c *dialpad.Client, in *moveOfficeInput) (any, error) {
				return c.Users.MoveOffice(ctx, in.ID.id(), in.OfficeID)
			}),
		define(spec{name: "dialpad_users_numbers_assign_user_number_post", title: "Dialpad Number — Assign", kind: adds,
			description: "Gives a user a phone number: the one named, or a free one in area_code, or any free one. Calling again may assign another. Dialpad API: POST /api/v2/users/{id}/assign_number.",
			params: map[string]string{"id": descUserID, "area_code": "Take a free number in this area code (digits only).",
				"number": "The E.164 number to assign.", "primary": "Make it the user's primary number (default true)."}},
			func(ctx context.Context, c *dialpad.Client, in *assignNumberInput) (any, error) {
				return c.Numbers.Assign(ctx, in.ID, &in.AssignNumberRequest)
			}),
		define(spec{name: "dialpad_users_numbers_user_unassign_number_post", title: "Dialpad Number — Unassign", kind: overwrites,
			description: "Takes a number away from a user and returns it to the company's free numbers. Dialpad API: POST /api/v2/users/{id}/unassign_number.",
			params:      map[string]string{"id": descUserID, "number": "The E.164 number to take away."}},
			func(ctx context.Context, c *dialpad.Client, in *unassignNumberInput) (any, error) {
				return c.Numbers.Unassign(ctx, in.ID, in.Number)
			}),
		define(spec{name: "dialpad_users_personas_get", title: "Persona — List", kind: reads,
			description: "Lists the personas (caller identities) a user may call as. Dialpad API: GET /api/v2/users/{id}/personas.",
			params:      map[string]string{"id": descUserIDText}},
			func(ctx context.Context, c *dialpad.Client, in *byIDText) (any, error) {
				p, err := c.Users.ListPersonas(ctx, in.ID.id())
				return orNil(items[dialpad.Persona]{p}, err)
			}),
		define(spec{name: "dialpad_users_screen_pop_initiate", title: "Screen-pop — Trigger", kind: adds, reachesOut: true,
			description: "Opens a web page or app link on a user's device. Dialpad API: POST /api/v2/users/{id}/screenpop.",
			params: map[string]string{"id": descUserID,
				"screen_pop_uri": "The address to open, such as https://… or an app's own scheme; a user:password part is refused."}},
			func(ctx context.Context, c *dialpad.Client, in *screenPopInput) (any, error) {
				return c.Calls.ScreenPop(ctx, in.ID, in.ScreenPopURI)
			}),
		define(spec{name: "dialpad_users_toggle_call_vi", title: "Call VI — Toggle", kind: sets,
			description: "Turns Dialpad's voice intelligence on or off for a user's current call. Dialpad API: PATCH /api/v2/users/{id}/togglevi.",
			params: map[string]string{"id": descUserID, "enable_vi": "Turn voice intelligence on (true) or off (false).",
				"vi_locale": "The language to transcribe, such as en-us."}},
			func(ctx context.Context, c *dialpad.Client, in *setVIInput) (any, error) {
				return c.Calls.SetVI(ctx, in.ID, &in.VIRequest)
			}),
		define(spec{name: "dialpad_users_toggle_dnd", title: "Do Not Disturb — Toggle", kind: sets,
			description: "Turns a user's do-not-disturb on or off, for the user or for one group it belongs to. Dialpad API: PATCH /api/v2/users/{id}/togglednd.",
			params: map[string]string{"id": descUserIDText, "do_not_disturb": "On (true) or off (false).",
				"group_id":   "Only for this group (its numeric id); give group_type too.",
				"group_type": "The kind of group_id: office, department, callcenter and the like."}},
			func(ctx context.Context, c *dialpad.Client, in *setDNDInput) (any, error) {
				return c.Users.SetDoNotDisturb(ctx, in.ID.id(), &in.DoNotDisturbRequest)
			}),
		define(spec{name: "dialpad_users_update", title: "User — Update", kind: overwrites,
			description: "Changes the given fields of a user; a list given replaces the old one ([] clears it). state suspends or reactivates the user; license and office_id need a free seat. Dialpad API: PATCH /api/v2/users/{id}.",
			params: map[string]string{"id": descUserIDText,
				"admin_office_ids":              "Numeric ids of the offices the user administers.",
				"emails":                        "The user's email addresses, the primary one first.",
				"extension":                     "The user's extension (if the company uses extensions).",
				"first_name":                    "The user's first name." + descSingleLine,
				"forwarding_numbers":            "E.164 numbers to ring as well when the user is called.",
				"international_dialing_enabled": "Whether the user may call abroad.",
				"is_super_admin":                "Whether the user is a company admin.",
				"job_title":                     "The user's job title." + descSingleLine,
				"keep_paid_numbers":             "Keep the user's numbers when switching to a support license.",
				"last_name":                     "The user's last name." + descSingleLine,
				"license":                       "The new license (billing), such as talk or agents.",
				"office_id":                     "Move the user to this office (numeric id).",
				"phone_numbers":                 "The user's numbers in their new order; leaving one out takes it away. Use the assign tool to add one.",
				"presence_status":               "A presence message: {\"message\", \"provider\", \"type\"}.",
				"state":                         "\"suspended\" to suspend the user, \"active\" to reactivate it."}},
			func(ctx context.Context, c *dialpad.Client, in *updateUserInput) (any, error) {
				return c.Users.Update(ctx, in.ID.id(), &in.UpdateUserRequest)
			}),
		define(spec{name: "dialpad_users_update_active_call", title: "Call Recording — Toggle", kind: sets,
			description: "Starts or stops recording a user's current call. Dialpad API: PATCH /api/v2/users/{id}/activecall.",
			params: map[string]string{"id": descUserID, "is_recording": "Start (true) or stop (false) recording.",
				"play_message":   "Tell the parties that recording started or stopped (default true).",
				"recording_type": "On group calls: user, group or all (default user)."}},
			func(ctx context.Context, c *dialpad.Client, in *setRecordingInput) (any, error) {
				return c.Calls.SetRecording(ctx, in.ID, &in.RecordingRequest)
			}),
		define(spec{name: "dialpad_users_update_status", title: "User Status — Update", kind: sets,
			description: "Sets a user's status message; an empty or missing message clears it. Dialpad API: PATCH /api/v2/users/{id}/status.",
			params: map[string]string{"id": descUserID, "expiration": "How long the status lasts, in seconds; leave it out to keep it until changed.",
				"status_message": "The status text." + descSingleLine}},
			func(ctx context.Context, c *dialpad.Client, in *setStatusInput) (any, error) {
				return c.Users.SetStatus(ctx, in.ID, &dialpad.UserStatusRequest{StatusMessage: in.StatusMessage, Expiration: in.Expiration})
			}),
		define(spec{name: "dialpad_users_userdevices_get", title: "User Device — Get", kind: reads,
			description: "Reads one of the devices (apps, browsers, phones) users are signed in on. Dialpad API: GET /api/v2/userdevices/{id}.",
			params:      map[string]string{"id": "The device's id."}},
			func(ctx context.Context, c *dialpad.Client, in *byString) (any, error) {
				return c.UserDevices.Get(ctx, in.ID)
			}),
		define(spec{name: "dialpad_users_userdevices_list", title: "User Device — List", kind: reads,
			description: "Lists user devices, one page at a time; the result's cursor fetches the next page. Dialpad API: GET /api/v2/userdevices.",
			params:      map[string]string{"cursor": descCursor, "user_id": "List the devices of this user (numeric id as a string)."}},
			func(ctx context.Context, c *dialpad.Client, in *listDevicesInput) (any, error) {
				return c.UserDevices.ListPage(ctx, &dialpad.UserDeviceListOptions{ListOptions: dialpad.ListOptions{Cursor: in.Cursor},
					UserID: in.UserID.id()})
			}),
	}
}

// orNil returns v, or nothing when err is set, so that a failed call is
// never reported with a half-built result.
func orNil[T any](v T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}
