// Package mcpserver builds the dialpad-mcp tool server: an MCP server whose
// tools call Dialpad through one dialpad.Client, so that every session
// shares the client's company rate limit, retries and input checks.
//
// The tools are the hosted "dialpad-users" server's 35 (same names,
// parameters, JSON types and required sets) and the 17 organization
// operations, named the same way with the prefix dialpad_org_, and four
// workflow tools, dialpad_roster_, that run the SDK's change engine
// (workflow.go) with stateless, signed plan handles (handle.go). Each tool
// decodes its arguments itself (see decodeArgs), so that a bad argument is a
// tool error naming the parameter before anything is sent, and an integer id
// keeps all of its 64 bits.
//
// A tool is an input struct (json tags name its parameters; omitempty marks
// the optional ones; an embedded SDK request contributes its fields) and a
// define call in a group function such as userTools, whose spec gives the
// name, title, description, kind (for the annotations) and a description of
// every parameter. catalog lists the groups; New serves them, leaving out
// the writing ones with Options.ReadOnly.
package mcpserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Name is the server name reported to MCP clients.
const Name = "dialpad-mcp"

// Options configure New.
type Options struct {
	// ReadOnly serves only the tools that change nothing in Dialpad.
	ReadOnly bool
	// Version is reported to clients with Name; empty reports "devel".
	Version string
	// Logger gets one line per tool call: the tool, whether it failed and
	// how long it took (never its arguments). Nil logs nothing.
	Logger *slog.Logger
	// PlanKey signs the plan handles of the workflow tools (see
	// dialpad_roster_plan): every replica given the same key can apply a
	// handle any of them issued. It must be at least MinPlanKeyLen bytes.
	// Empty uses a random key of this server, so that its handles can be
	// applied only by it, and only until the process ends.
	PlanKey []byte
	// PlanTTL is how long a plan handle may be applied (default
	// DefaultPlanTTL).
	PlanTTL time.Duration
	// Audience binds plan handles to one Dialpad: a handle issued under
	// another audience is refused. main passes the API's base URL. Empty
	// means Name.
	Audience string
	// Now is the clock plan handles are issued and checked with (default
	// time.Now); tests pass a fake one.
	Now func() time.Time
}

// New returns an MCP server whose tools call Dialpad through client. The
// server may be run over any number of sessions and transports at once;
// they all share client, and so its rate limit. It panics with
// ErrShortPlanKey when opts.PlanKey is given but too short (CheckPlanKey
// tells beforehand).
func New(client *dialpad.Client, opts Options) *mcp.Server {
	if err := CheckPlanKey(opts.PlanKey); err != nil {
		panic(err)
	}
	d := &deps{client: client, handles: newHandles(opts)}
	version := opts.Version
	if version == "" {
		version = "devel"
	}
	s := mcp.NewServer(&mcp.Implementation{Name: Name, Title: "Dialpad", Version: version}, &mcp.ServerOptions{
		Instructions: instructions,
	})
	for _, t := range catalog() {
		if opts.ReadOnly && !t.tool.Annotations.ReadOnlyHint {
			continue
		}
		s.AddTool(t.tool, t.bind(d, opts.Logger))
	}
	return s
}

// CheckPlanKey returns ErrShortPlanKey for a key given but shorter than
// MinPlanKeyLen bytes; an empty key is fine (see Options.PlanKey).
func CheckPlanKey(key []byte) error {
	if len(key) > 0 && len(key) < MinPlanKeyLen {
		return ErrShortPlanKey
	}
	return nil
}

// deps are what a server's tools work with: the one client and the plan
// handle signer.
type deps struct {
	client  *dialpad.Client
	handles *handles
}

// instructions tell the model what it is talking to.
const instructions = "Tools for managing a Dialpad company's users, contacts, devices, numbers, " +
	"offices, call centers and departments. Ids are Dialpad's numeric ids; \"me\" is not " +
	"supported (find a user's id with dialpad_users_list and the email filter). List tools " +
	"return one page and a cursor; pass the cursor back for the next page (an empty cursor " +
	"means the last page). Calls are paced to the company's rate limit."

// toolDef is one tool: its description for clients and its implementation.
type toolDef struct {
	tool *mcp.Tool
	// call decodes the arguments and calls Dialpad.
	call func(ctx context.Context, d *deps, args json.RawMessage) (any, error)
}

// bind returns the MCP handler of t, calling Dialpad through d.client.
func (t toolDef) bind(d *deps, logger *slog.Logger) mcp.ToolHandler {
	name := t.tool.Name
	return func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		start := time.Now()
		out, err := t.call(withProgress(ctx, req), d, req.Params.Arguments)
		if logger != nil {
			logCall(ctx, logger, name, time.Since(start), err)
		}
		if err != nil {
			return toolError(err), nil
		}
		return toolResult(out)
	}
}

// logCall writes the line Options.Logger promises.
func logCall(ctx context.Context, logger *slog.Logger, tool string, took time.Duration, err error) {
	if err != nil {
		logger.LogAttrs(ctx, slog.LevelWarn, "tool call failed", slog.String("tool", tool),
			slog.Duration("took", took), slog.String("error", err.Error()))
		return
	}
	logger.LogAttrs(ctx, slog.LevelInfo, "tool call", slog.String("tool", tool), slog.Duration("took", took))
}

// toolResult returns out, the SDK's typed response, as JSON: structured
// content for clients that read it and the same text for those that don't.
// A result with text of its own for people (a readable) gives that text
// instead, beside the same structured content.
func toolResult(out any) (*mcp.CallToolResult, error) {
	b, err := json.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("encoding the result: %w", err)
	}
	text := string(b)
	if r, ok := out.(readable); ok {
		text = r.readable()
	}
	return &mcp.CallToolResult{
		Content:           []mcp.Content{&mcp.TextContent{Text: text}},
		StructuredContent: json.RawMessage(b),
	}, nil
}

// readable is a result that people read as text (a plan, a report) rather
// than as JSON.
type readable interface{ readable() string }

// toolError returns err as a tool error: a result the model reads, with the
// SDK's one-line message (which never holds the API key).
func toolError(err error) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: err.Error()}}}
}

var (
	catalogOnce sync.Once
	catalogDefs []toolDef
)

// catalog returns every tool this package serves, users tools first, each
// group in name order. It is built once per process: the schemas are
// inferred by reflection.
func catalog() []toolDef {
	catalogOnce.Do(func() {
		for _, group := range [][]toolDef{userTools(), orgTools(), workflowTools()} {
			slices.SortFunc(group, func(a, b toolDef) int { return strings.Compare(a.tool.Name, b.tool.Name) })
			catalogDefs = append(catalogDefs, group...)
		}
	})
	return catalogDefs
}

// Kinds of tool, for the MCP annotations. The hints are for clients (which
// may ask a person before a destructive call); -read-only relies on
// readOnly alone.
type kind int

const (
	// reads changes nothing.
	reads kind = iota
	// adds creates something or sets a value without losing data; calling
	// again with the same arguments may have a further effect.
	adds
	// sets sets a value, losing nothing that cannot be set back; calling
	// again with the same arguments has no further effect.
	sets
	// overwrites replaces or removes data (a user's lists, an address, a
	// license, a number, a record); calling again with the same arguments
	// has no further effect.
	overwrites
)

// annotations returns the MCP hints of a tool of kind k. reachesOut marks
// the tools that act outside the company (placing a call, popping a screen).
func annotations(title string, k kind, reachesOut bool) *mcp.ToolAnnotations {
	a := &mcp.ToolAnnotations{Title: title, OpenWorldHint: dialpad.Ptr(reachesOut)}
	switch k {
	case reads:
		a.ReadOnlyHint = true
	case adds:
		a.DestructiveHint = dialpad.Ptr(false)
	case sets:
		a.DestructiveHint = dialpad.Ptr(false)
		a.IdempotentHint = true
	case overwrites:
		a.DestructiveHint = dialpad.Ptr(true)
		a.IdempotentHint = true
	}
	return a
}

// spec describes a tool for define.
type spec struct {
	name, title, description string
	kind                     kind
	// reachesOut marks a tool that acts outside the company.
	reachesOut bool
	// params describes each parameter, by name.
	params map[string]string
	// adjust, when set, corrects the inferred input schema where the Go
	// type says less than the API (a field that is optional inside an
	// object parameter).
	adjust func(*jsonschema.Schema)
}

// define returns the tool described by s, whose arguments decode into an
// In and which run calls with them. The input schema is inferred from In:
// its json tags name the parameters (omitempty marks the optional ones)
// and s.params describes them.
func define[In any](s spec, run func(ctx context.Context, c *dialpad.Client, in *In) (any, error)) toolDef {
	return defineWith(s, func(ctx context.Context, d *deps, in *In) (any, error) { return run(ctx, d.client, in) })
}

// defineWith is define for a tool that needs more than the client (the
// workflow tools sign and open plan handles).
func defineWith[In any](s spec, run func(ctx context.Context, d *deps, in *In) (any, error)) toolDef {
	schema, err := jsonschema.For[In](nil)
	if err != nil {
		panic(fmt.Sprintf("mcpserver: tool %s: %v", s.name, err)) // a bug in this package
	}
	plainTypes(schema)
	if s.adjust != nil {
		s.adjust(schema)
	}
	for name, p := range schema.Properties {
		if p.Description = s.params[name]; p.Description == "" {
			panic(fmt.Sprintf("mcpserver: tool %s: parameter %s has no description", s.name, name))
		}
	}
	if len(s.params) != len(schema.Properties) {
		panic(fmt.Sprintf("mcpserver: tool %s: descriptions of parameters it does not take", s.name))
	}
	// The schema goes out as JSON encoded once: encoding a *jsonschema.Schema
	// for every tools/list took most of the listing's time.
	raw, err := json.Marshal(schema)
	if err != nil {
		panic(fmt.Sprintf("mcpserver: tool %s: %v", s.name, err))
	}
	tool := &mcp.Tool{
		Name:        s.name,
		Title:       s.title,
		Description: s.description,
		InputSchema: json.RawMessage(raw),
		Annotations: annotations(s.title, s.kind, s.reachesOut),
	}
	params, ids := paramsOf(schema), idFieldsOf(reflect.TypeFor[In]())
	return toolDef{tool: tool, call: func(ctx context.Context, d *deps, args json.RawMessage) (any, error) {
		in := new(In)
		if err := decodeArgs(args, params, ids, in); err != nil {
			return nil, err
		}
		return run(ctx, d, in)
	}}
}

// plainTypes turns the inferred ["null", T] types of pointers and slices
// into plain T, as the hosted server's listing gives them (an optional
// parameter is one left out, not one set to null).
func plainTypes(s *jsonschema.Schema) {
	if s == nil {
		return
	}
	if len(s.Types) == 2 && s.Types[0] == "null" {
		s.Type, s.Types = s.Types[1], nil
	}
	plainTypes(s.Items)
	for _, p := range s.Properties {
		plainTypes(p)
	}
}

// param is one parameter of a tool, as decodeArgs checks it.
type param struct {
	typ      string // JSON type: string, integer, boolean, array, object
	required bool
}

func paramsOf(s *jsonschema.Schema) map[string]param {
	ps := make(map[string]param, len(s.Properties))
	for name, p := range s.Properties {
		ps[name] = param{typ: p.Type, required: slices.Contains(s.Required, name)}
	}
	return ps
}

// decodeArgs decodes a tool's arguments into in, a pointer to its input
// struct. Every problem is a *dialpad.ValidationError naming the parameter:
// an argument the tool does not take, a required one left out (or null), a
// value of the wrong JSON type, or an id that is not a positive Dialpad id.
func decodeArgs(args json.RawMessage, params map[string]param, ids []idField, in any) error {
	if len(args) == 0 {
		args = json.RawMessage("{}")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(args, &fields); err != nil || fields == nil {
		return &dialpad.ValidationError{Field: "arguments", Reason: "must be a JSON object"}
	}
	for _, name := range sortedKeys(fields) {
		if _, ok := params[name]; !ok {
			return &dialpad.ValidationError{Field: name, Reason: "unknown parameter: this tool takes " + paramList(params)}
		}
	}
	for _, name := range sortedKeys(params) {
		if v, ok := fields[name]; params[name].required && (!ok || string(v) == "null") {
			return &dialpad.ValidationError{Field: name, Reason: "required parameter is missing"}
		}
	}
	if err := json.Unmarshal(args, in); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			field := paramPath(te.Field, params)
			return &dialpad.ValidationError{Field: field, Reason: fmt.Sprintf("want %s, got %s", wantType(params, field), te.Value)}
		}
		var ve *dialpad.ValidationError
		if errors.As(err, &ve) {
			return ve
		}
		return &dialpad.ValidationError{Field: "arguments", Reason: err.Error()}
	}
	return checkIDs(in, ids)
}

// paramPath returns the path of a parameter (or of a field inside one, as
// "presence_status.type") from encoding/json's path of a Go field, which
// names embedded structs as well ("UpdateUserRequest.emails").
func paramPath(field string, params map[string]param) string {
	for rest := field; ; {
		name, _, _ := strings.Cut(rest, ".")
		if _, ok := params[name]; ok {
			return rest
		}
		_, after, ok := strings.Cut(rest, ".")
		if !ok {
			return field
		}
		rest = after
	}
}

// wantType names the JSON type a parameter (or an element of one, as
// "emails[1]"'s field is reported as "emails") takes.
func wantType(params map[string]param, field string) string {
	p, ok := params[field]
	switch {
	case !ok:
		return "another type"
	case p.typ == "array":
		return "an array of the documented type"
	case p.typ == "integer" || p.typ == "object":
		return "an " + p.typ
	}
	return "a " + p.typ
}

func paramList(params map[string]param) string {
	names := sortedKeys(params)
	if len(names) == 0 {
		return "no parameters"
	}
	return fmt.Sprintf("%q", names)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Types of id parameters that checkIDs checks.
var (
	idType      = reflect.TypeFor[dialpad.ID]()
	idSliceType = reflect.TypeFor[[]dialpad.ID]()
	idTextType  = reflect.TypeFor[idText]()
	idPtrType   = reflect.TypeFor[*dialpad.ID]()
)

// idText is an id parameter that the hosted server's listing types as a
// string ("id": "5835806903417907"). decodeArgs checks it with
// dialpad.ParseID; "me" is refused with a message saying what to pass.
type idText string

// id returns the parsed id; zero when the parameter was left out. decodeArgs
// has checked it.
func (s idText) id() dialpad.ID {
	id, _ := dialpad.ParseID(string(s))
	return id
}

// ptr returns the id as an optional request field: nil when left out.
func (s idText) ptr() *dialpad.ID {
	if s == "" {
		return nil
	}
	return dialpad.Ptr(s.id())
}

// idField is an id parameter of an input struct, found once per tool.
type idField struct {
	index    []int
	name     string
	optional bool
}

// idFieldsOf returns the id parameters of the input struct t, embedded
// SDK requests' included.
func idFieldsOf(t reflect.Type) []idField {
	var fs []idField
	for _, f := range reflect.VisibleFields(t) {
		switch f.Type {
		case idType, idPtrType, idSliceType, idTextType:
			if !f.Anonymous && f.IsExported() {
				fs = append(fs, idField{index: f.Index, name: jsonName(f), optional: optional(f)})
			}
		}
	}
	return fs
}

// checkIDs checks the id parameters of in, a pointer to an input struct:
// given ids must be positive, and ids given as text must parse.
func checkIDs(in any, fields []idField) error {
	v := reflect.ValueOf(in).Elem()
	for _, f := range fields {
		switch x := v.FieldByIndex(f.index).Interface().(type) {
		case dialpad.ID:
			if x < 0 || (x == 0 && !f.optional) {
				return notAnID(f.name, fmt.Sprint(int64(x)))
			}
		case *dialpad.ID:
			if x != nil && *x <= 0 {
				return notAnID(f.name, fmt.Sprint(int64(*x)))
			}
		case []dialpad.ID:
			for j, id := range x {
				if id <= 0 {
					return notAnID(fmt.Sprintf("%s[%d]", f.name, j), fmt.Sprint(int64(id)))
				}
			}
		case idText:
			if x == "" && f.optional {
				continue
			}
			if strings.EqualFold(string(x), "me") {
				return &dialpad.ValidationError{Field: f.name, Reason: `"me" is not supported: this server uses a ` +
					`company API key, so pass the user's numeric id (dialpad_users_list with the email ` +
					`filter finds it)`}
			}
			if _, err := dialpad.ParseID(string(x)); err != nil {
				return notAnID(f.name, fmt.Sprintf("%q", string(x)))
			}
		}
	}
	return nil
}

func notAnID(field, got string) error {
	return &dialpad.ValidationError{Field: field, Reason: "must be a Dialpad id (a positive whole number), got " + got}
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

func optional(f reflect.StructField) bool {
	_, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
	return slices.ContainsFunc(strings.Split(opts, ","), func(o string) bool { return o == "omitempty" || o == "omitzero" })
}
