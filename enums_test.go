package dialpad

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// enumSDK says which Go enum stands for a spec enum: every constant of
// typ, or, for a request field that takes only part of a type's values,
// the list the request's validate() checks against.
type enumSDK struct {
	typ    string
	subset []string
}

// enumsBySpec maps every enum of the spec ("schema.property", or
// "query:name" for a query parameter) to the SDK's Go type for it. A spec
// enum missing here fails TestEnumsMatchSpec, so a new one cannot be left
// untyped.
var enumsBySpec = map[string]enumSDK{
	"schemas.call.InitiateCallMessage.group_type":           {typ: "GroupType", subset: enumStrings(requestGroupTypes)},
	"schemas.call.ToggleViMessage.vi_locale":                {typ: "VILocale"},
	"schemas.call.UpdateActiveCallMessage.recording_type":   {typ: "RecordingType"},
	"schemas.coaching_team.CoachingTeamMemberMessage.role":  {typ: "CoachingRole"},
	"schemas.coaching_team.CoachingTeamMemberProto.license": {typ: "License"},
	"schemas.coaching_team.CoachingTeamMemberProto.role":    {typ: "CoachingRole"},
	"schemas.coaching_team.CoachingTeamMemberProto.state":   {typ: "UserState", subset: enumStrings(userStates)},
	"schemas.coaching_team.CoachingTeamProto.state":         {typ: "UserState", subset: enumStrings(userStates)},
	"schemas.contact.ContactProto.type":                     {typ: "ContactType"},
	"schemas.deskphone.DeskPhone.owner_type":                {typ: "DeskPhoneOwnerType"},
	"schemas.deskphone.DeskPhone.sip_transport_type":        {typ: "SIPTransport"},
	"schemas.deskphone.DeskPhone.type":                      {typ: "DeskPhoneType"},
	"schemas.number.NumberProto.status":                     {typ: "NumberStatus"},
	"schemas.number.NumberProto.target_type":                {typ: "GroupType"},
	"schemas.number.NumberProto.type":                       {typ: "NumberType"},
	"schemas.user.CreateUserMessage.license":                {typ: "License"},
	"schemas.user.GroupDetailsProto.group_type":             {typ: "GroupType"},
	"schemas.user.GroupDetailsProto.role":                   {typ: "GroupRole"},
	"schemas.user.PresenceStatus.type":                      {typ: "PresenceType"},
	"schemas.user.ToggleDNDMessage.group_type":              {typ: "GroupType", subset: enumStrings(requestGroupTypes)},
	"schemas.user.ToggleDNDProto.group_type":                {typ: "GroupType", subset: enumStrings(requestGroupTypes)},
	"schemas.user.UpdateUserMessage.license":                {typ: "License"},
	"schemas.user.UpdateUserMessage.state":                  {typ: "UserState", subset: enumStrings([]UserState{UserStateActive, UserStateSuspended})},
	"schemas.user.UserProto.license":                        {typ: "License"},
	"schemas.user.UserProto.on_duty_status":                 {typ: "OnDutyStatus"},
	"schemas.user.UserProto.state":                          {typ: "UserState", subset: enumStrings(userStates)},
	"schemas.userdevice.UserDeviceProto.type":               {typ: "DeviceType"},
	"query:state": {typ: "UserState"},
}

// TestEnumsMatchSpec checks every enum of the spec against the SDK, value
// for value: each spec enum has a Go type in enumsBySpec, the type has a
// constant named TypeName+Value for each value (and none more), and where
// a request takes only some values, its validation list is exactly those.
func TestEnumsMatchSpec(t *testing.T) {
	t.Parallel()
	doc, err := loadSpec()
	require.NoError(t, err)
	checkEnums(t, doc, enumsBySpec, "enumsBySpec")
}

// checkEnums checks every enum of doc against bySpec (named name): each
// has a Go type there whose constants, named TypeName+Value, are exactly
// the spec's values, or whose validation list (subset) is exactly them
// where a request takes only some of a type's values; and bySpec names no
// enum the spec lacks.
func checkEnums(t *testing.T, doc *openapi3.T, bySpec map[string]enumSDK, name string) {
	t.Helper()
	consts := enumConstants(t)
	found := specEnums(doc)
	for key := range bySpec {
		_, ok := found[key]
		assert.True(t, ok, "%s names %s, which the spec does not have", name, key)
	}
	for key, want := range found {
		sdk, ok := bySpec[key]
		if !assert.True(t, ok, "%s: spec enum %q has no SDK type in %s", key, want, name) {
			continue
		}
		got := sdk.subset
		if got == nil {
			for _, v := range consts[sdk.typ] {
				got = append(got, v)
			}
			slices.Sort(got)
		}
		assert.Equal(t, want, got, "%s (%s)", key, sdk.typ)
		for c := range consts[sdk.typ] {
			assert.True(t, strings.HasPrefix(c, sdk.typ) && len(c) > len(sdk.typ),
				"constant %s of type %s is not named %s+Value", c, sdk.typ, sdk.typ)
		}
	}
}

// specEnums collects the spec's enums, sorted, keyed like enumsBySpec.
func specEnums(doc *openapi3.T) map[string][]string {
	out := map[string][]string{}
	add := func(key string, s *openapi3.SchemaRef) {
		if s == nil || s.Value == nil || len(s.Value.Enum) == 0 {
			return
		}
		var vs []string
		for _, v := range s.Value.Enum {
			vs = append(vs, fmt.Sprint(v))
		}
		slices.Sort(vs)
		out[key] = vs
	}
	for name, ref := range doc.Components.Schemas {
		if ref.Value == nil {
			continue
		}
		for prop, p := range ref.Value.Properties {
			add(name+"."+prop, p)
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p.Value != nil && p.Value.In == "query" {
					add("query:"+p.Value.Name, p.Value.Schema)
				}
			}
		}
	}
	return out
}

// enumConstants parses the package and returns, per named string type,
// its typed constants and their values. UserStateAll, a filter value that
// no resource is ever in, is part of UserState's constants on purpose: the
// users list's state parameter takes it.
func enumConstants(t *testing.T) map[string]map[string]string {
	t.Helper()
	_, files := parsePackage(t, ".")
	out := map[string]map[string]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				typ, ok := vs.Type.(*ast.Ident)
				if !ok || len(vs.Values) != len(vs.Names) {
					continue
				}
				for i, name := range vs.Names {
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					v, err := strconv.Unquote(lit.Value)
					require.NoError(t, err)
					if out[typ.Name] == nil {
						out[typ.Name] = map[string]string{}
					}
					out[typ.Name][name.Name] = v
				}
			}
		}
	}
	return out
}

// enumStrings returns the sorted string values of an enum's constants.
func enumStrings[E ~string](vs []E) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	slices.Sort(out)
	return out
}
