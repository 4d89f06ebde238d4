package dialpad

// Spec conformance.
//
// TestMain runs the package's tests and then, when the whole suite ran (no
// -run, -skip or -list), replays every request the tests' servers recorded
// (see RecordRequest and RecordingHandler in helpers_test.go) against the
// OpenAPI documents in shared/spec with kin-openapi, and fails the binary
// unless
//
//   - every recorded request is valid, and
//   - at least DIALPAD_CONFORMANCE_MIN (default: all 62) distinct operations
//     were exercised by valid requests.
//
// There are three documents (see specFiles): the 35 user-management
// operations, the 17 organization ones (offices, call centers,
// departments) and the 10 event ones (webhooks, change-log
// subscriptions). Their paths do not overlap; each request is validated
// against the one document that defines its operation.
//
// The rule for a recorded request is strict: recording a request is a claim
// that the SDK sent something Dialpad would accept. A request is valid when
//
//   - its path (after any base-URL prefix before "/api/v2/") and method
//     name one operation of one spec: a request that matches no operation
//     (or, were the specs ever to overlap, operations of both) is invalid,
//     whatever the test server answered;
//   - openapi3filter.ValidateRequest accepts it: path parameters (an
//     int64 {id} must be numeric, so "me" is only valid where the spec types
//     the id as a string), declared query parameters, the JSON body against
//     the operation's schema (required, types, enums, readOnly), and no body
//     where the operation takes none;
//   - it authenticates the way the SDK must: "Authorization: Bearer <key>",
//     never the spec's alternative "?apikey=" in the URL;
//   - it carries no query parameter the operation does not declare, except
//     "cursor" and "limit" on paginated GETs (see paginated): the SDK makes
//     the page size part of ListOptions and has ListMembers follow the
//     cursor its answer carries, and the spec subset declares neither
//     parameter there.
//
// How the test server answered (a fixture, a 404, a 429, a 500) does not
// matter: error-path tests still send well-formed requests. Tests that
// send requests off the spec on purpose (plumbing tests with made-up
// answers or paths) send them through transports that are not recorded
// (httpmock, plumbingServer), which are not checked at all.
//
// Each spec is the repository's own copy, so that a lone clone tests
// against the same documents, unless its environment variable names
// another file ($DIALPAD_SPEC for the users spec, $DIALPAD_ORG_SPEC for the
// organization one, $DIALPAD_EVENTS_SPEC for the events one), for checking
// the SDK against a newer spec. Its servers (https://dialpad.com/, the
// sandbox) are dropped after loading, so requests match on path alone.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// specFile is one OpenAPI document the package implements.
type specFile struct {
	// name is the file's name.
	name string
	// env names the variable that may give the file's path.
	env string
	// repoCopy is the copy the repository keeps, for a lone clone.
	repoCopy string
	// operations is how many operations the document defines; the suite
	// must exercise and document all of them.
	operations int
}

// specFiles are the documents the package implements: the users spec
// first (loadSpec returns it), then the organization spec, then the events
// spec.
var specFiles = []specFile{
	{
		name:       "dialpad-users-v2.openapi.json",
		env:        "DIALPAD_SPEC",
		repoCopy:   "dialpadtest/testdata/dialpad-users-v2.openapi.json",
		operations: 35,
	},
	{
		name:       "dialpad-org-v2.openapi.json",
		env:        "DIALPAD_ORG_SPEC",
		repoCopy:   "dialpadtest/testdata/dialpad-org-v2.openapi.json",
		operations: 17,
	},
	{
		name:       "dialpad-events-v2.openapi.json",
		env:        "DIALPAD_EVENTS_SPEC",
		repoCopy:   "dialpadtest/testdata/dialpad-events-v2.openapi.json",
		operations: 10,
	},
}

// specOperationCount is how many operations the specs define together.
const specOperationCount = 35 + 17 + 10

func TestMain(m *testing.M) {
	code := m.Run()
	if fullSuite() {
		report, err := checkConformance()
		fmt.Print(report)
		if err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: spec conformance: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	os.Exit(code)
}

// fullSuite reports whether every test ran: no -run, -skip or -list
// filter. The conformance check is only meaningful over the whole suite.
func fullSuite() bool {
	for _, name := range []string{"test.run", "test.skip", "test.list"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return false
		}
	}
	return true
}

// conformanceMin is the number of operations the suite must cover, from
// DIALPAD_CONFORMANCE_MIN (default: all of them). Lower it only while the
// tests for some services are still being written.
func conformanceMin() (int, error) {
	v := os.Getenv("DIALPAD_CONFORMANCE_MIN")
	if v == "" {
		return specOperationCount, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > specOperationCount {
		return 0, fmt.Errorf("DIALPAD_CONFORMANCE_MIN=%q: want a number from 0 to %d", v, specOperationCount)
	}
	return n, nil
}

// specOperation is one operation of the spec.
type specOperation struct {
	Method string // upper case
	Path   string // template, "/api/v2/users/{id}"
	Op     *openapi3.Operation
}

func (o specOperation) String() string { return o.Method + " " + o.Path }

// loadedSpec is one spec document, loaded.
type loadedSpec struct {
	file specFile
	doc  *openapi3.T
}

var (
	specOnce sync.Once
	specDocs []loadedSpec
	specErr  error
)

// loadSpecs loads and validates every spec once per test binary, in the
// order of specFiles.
func loadSpecs() ([]loadedSpec, error) {
	specOnce.Do(func() {
		for _, f := range specFiles {
			doc, err := readSpec(f)
			if err != nil {
				specDocs, specErr = nil, err
				return
			}
			specDocs = append(specDocs, loadedSpec{file: f, doc: doc})
		}
	})
	return specDocs, specErr
}

// loadSpec returns the users spec (the 35 user-management operations),
// for the tests that check its schemas.
func loadSpec() (*openapi3.T, error) {
	specs, err := loadSpecs()
	if err != nil {
		return nil, err
	}
	return specs[0].doc, nil
}

// loadOrgSpec returns the organization spec (offices, call centers,
// departments).
func loadOrgSpec() (*openapi3.T, error) {
	specs, err := loadSpecs()
	if err != nil {
		return nil, err
	}
	return specs[1].doc, nil
}

// specPath locates a spec: its environment variable, or else the copy the
// repository keeps.
func specPath(f specFile) (string, error) {
	if p := os.Getenv(f.env); p != "" {
		return p, nil
	}
	if _, err := os.Stat(f.repoCopy); err != nil {
		return "", fmt.Errorf("the repository's copy of %s: %w (or set %s)", f.name, err, f.env)
	}
	return f.repoCopy, nil
}

func readSpec(f specFile) (*openapi3.T, error) {
	path, err := specPath(f)
	if err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	raw, err = normalizeNullableTypes(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", path, err)
	}
	// The spec's response examples send ids as strings ("company_id":
	// "124") where the schemas say int64, as the live API does (hence the
	// SDK's string-or-number ids); they are not what is under test here.
	if err := doc.Validate(loader.Context, openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("validating %s: %w", path, err)
	}
	// Match on path alone: the test servers listen on 127.0.0.1, not on
	// dialpad.com. With no servers the router accepts any scheme and host.
	doc.Servers = nil
	if n := len(specOperations(doc)); n != f.operations {
		return nil, fmt.Errorf("%s defines %d operations, want %d", path, n, f.operations)
	}
	return doc, nil
}

// normalizeNullableTypes rewrites, in memory, every OpenAPI 3.1 style
// `"type": [T, "null"]` into the 3.0 form `"type": T, "nullable": true`.
// The spec says "openapi": "3.0.0" but the Agent Group schema uses the 3.1
// list form. kin-openapi v0.152 decodes the list, but doc.Validate rejects
// it in a 3.0 document ("an array of types is for OpenAPI >=3.1; before
// that type MUST be a single string"), so the document is made
// consistently 3.0 before it is loaded. A list of more than one non-null
// type has no 3.0 form and is an error.
func normalizeNullableTypes(raw []byte) ([]byte, error) {
	var doc any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keep numbers (enums, examples) exactly as written
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var walk func(v any, at string) error
	walk = func(v any, at string) error {
		switch v := v.(type) {
		case map[string]any:
			if list, ok := v["type"].([]any); ok {
				var types []string
				null := false
				for _, t := range list {
					s, _ := t.(string)
					if s == "null" {
						null = true
					} else {
						types = append(types, s)
					}
				}
				if len(types) != 1 {
					return fmt.Errorf("%s: type %v has no OpenAPI 3.0 equivalent", at, list)
				}
				v["type"] = types[0]
				if null {
					v["nullable"] = true
				}
			}
			for k, child := range v {
				if err := walk(child, at+"/"+k); err != nil {
					return err
				}
			}
		case []any:
			for i, child := range v {
				if err := walk(child, at+"/"+strconv.Itoa(i)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(doc, "#"); err != nil {
		return nil, err
	}
	return json.Marshal(doc)
}

// specOperations lists the spec's operations sorted by path, then method.
func specOperations(doc *openapi3.T) []specOperation {
	var ops []specOperation
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops = append(ops, specOperation{Method: strings.ToUpper(method), Path: path, Op: op})
		}
	}
	slices.SortFunc(ops, func(a, b specOperation) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Method, b.Method)
	})
	return ops
}

// authenticate accepts the bearer scheme when the request carries a
// non-empty bearer token, and never accepts the API key in the URL: the SDK
// must keep the key out of URLs.
func authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	switch in.SecuritySchemeName {
	case "bearer_token":
		token, ok := strings.CutPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			return in.NewError(errors.New("no Authorization: Bearer <key> header"))
		}
		return nil
	default:
		return in.NewError(fmt.Errorf("the SDK must authenticate with a bearer token, not %q", in.SecuritySchemeName))
	}
}

// verdict is the outcome of validating one distinct recorded request.
type verdict struct {
	op       string // "METHOD /api/v2/template" when a route matched
	problems []string
}

// specRouter finds the operations of one spec.
type specRouter struct {
	name   string
	router routers.Router
}

// findRoute returns the one operation, across the specs, that a request
// names; a request naming none, or operations of two specs, is an error.
func findRoute(specRouters []specRouter, req *http.Request) (*routers.Route, map[string]string, error) {
	var (
		route  *routers.Route
		params map[string]string
		in     []string
		errs   []string
	)
	for _, sr := range specRouters {
		r, p, err := sr.router.FindRoute(req)
		if err != nil {
			errs = append(errs, sr.name+": "+err.Error())
			continue
		}
		if route == nil {
			route, params = r, p
		}
		in = append(in, sr.name)
	}
	switch len(in) {
	case 0:
		return nil, nil, errors.New(strings.Join(errs, "; "))
	case 1:
		return route, params, nil
	}
	return nil, nil, fmt.Errorf("operations of several specs match: %s", strings.Join(in, ", "))
}

// validateRecorded checks one recorded request against the spec that
// defines its operation.
func validateRecorded(specRouters []specRouter, rr recordedRequest) verdict {
	uri := rr.URL
	// A base URL may carry a prefix (WithBaseURL("http://host/proxy")); the
	// spec's paths start at /api/v2/.
	if !strings.HasPrefix(uri, apiPrefix) {
		if i := strings.Index(uri, apiPrefix); i > 0 {
			uri = uri[i:]
		}
	}
	req, err := http.NewRequest(rr.Method, "http://dialpad.test"+uri, bytes.NewReader(rr.Body))
	if err != nil {
		return verdict{problems: []string{"unparsable request: " + err.Error()}}
	}
	req.Header = rr.Header.Clone()
	if len(rr.Body) == 0 {
		req.Body = http.NoBody
	}
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(rr.Body)), nil }

	var v verdict
	if req.URL.Query().Has("apikey") {
		v.problems = append(v.problems, "the API key is in the URL (?apikey=)")
	}
	route, params, err := findRoute(specRouters, req)
	if err != nil {
		v.problems = append(v.problems, "matches no one operation of the specs: "+err.Error())
		return v
	}
	v.op = route.Method + " " + route.Path
	paged := paginated(route)
	for name := range req.URL.Query() {
		switch {
		case name == "apikey":
			// reported above
		case paged && (name == "cursor" || name == "limit"):
		case route.Operation.Parameters.GetByInAndName(openapi3.ParameterInQuery, name) == nil &&
			route.PathItem.Parameters.GetByInAndName(openapi3.ParameterInQuery, name) == nil:
			v.problems = append(v.problems, fmt.Sprintf("query parameter %q is not declared by the operation", name))
		}
	}
	opts := &openapi3filter.Options{
		MultiError:                        true,
		AuthenticationFunc:                authenticate,
		RejectWhenRequestBodyNotSpecified: true,
		SkipSettingDefaults:               true,
	}
	opts.WithCustomSchemaErrorFunc(schemaErrorLine)
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		v.problems = append(v.problems, flattenErrors(err)...)
	}
	return v
}

// paginated reports whether route is a cursor-paginated list: a GET that
// declares a cursor parameter or whose 200 answer hands out a cursor. On
// those the SDK may send "cursor" and "limit" even where the spec subset
// does not declare them: it declares "limit" nowhere, although the SDK
// makes the page size part of ListOptions, and GET
// /api/v2/coachingteams/{id}/members answers with a cursor but declares no
// parameter to pass it back, although CoachingTeams.ListMembers follows it.
func paginated(route *routers.Route) bool {
	if route.Method != http.MethodGet {
		return false
	}
	if route.Operation.Parameters.GetByInAndName(openapi3.ParameterInQuery, "cursor") != nil {
		return true
	}
	ok := route.Operation.Responses.Status(http.StatusOK)
	if ok == nil || ok.Value == nil {
		return false
	}
	mt := ok.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return false
	}
	_, has := mt.Schema.Value.Properties["cursor"]
	return has
}

// schemaErrorLine writes a schema violation on one line, without the
// schema dump kin-openapi appends by default.
func schemaErrorLine(err *openapi3.SchemaError) string {
	value, _ := json.Marshal(err.Value)
	return fmt.Sprintf("at /%s: %s (got %s)", strings.Join(err.JSONPointer(), "/"), err.Reason, truncate(value, 80))
}

// flattenErrors splits kin-openapi's MultiError into one line per problem.
func flattenErrors(err error) []string {
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		var out []string
		for _, e := range multi {
			out = append(out, flattenErrors(e)...)
		}
		return out
	}
	return []string{strings.Join(strings.Fields(err.Error()), " ")}
}

// checkConformance validates the recorded requests and returns the report
// to print and an error when the suite falls short.
func checkConformance() (string, error) {
	want, err := conformanceMin()
	if err != nil {
		return "", err
	}
	specs, err := loadSpecs()
	if err != nil {
		return "", err
	}
	var specRouters []specRouter
	var ops []specOperation
	for _, s := range specs {
		router, err := gorillamux.NewRouter(s.doc)
		if err != nil {
			return "", fmt.Errorf("%s: %w", s.file.name, err)
		}
		specRouters = append(specRouters, specRouter{name: s.file.name, router: router})
		ops = append(ops, specOperations(s.doc)...)
	}
	recordedMu.Lock()
	reqs := slices.Clone(recorded)
	recordedMu.Unlock()

	type key struct{ method, uri, body string }
	seen := map[key]verdict{}
	covered := map[string]int{}
	var out, failures strings.Builder
	nFail, nValid := 0, 0
	for _, rr := range reqs {
		k := key{rr.Method, rr.URL, string(rr.Body)}
		v, dup := seen[k]
		if !dup {
			v = validateRecorded(specRouters, rr)
			seen[k] = v
		}
		if len(v.problems) == 0 {
			nValid++
			covered[v.op]++
			continue
		}
		nFail++
		if !dup {
			reportInvalid(&failures, rr, v.problems)
		}
	}

	missing, perSpec := coverage(specs, covered)
	fmt.Fprintf(&out, "spec conformance: %d of %d operations exercised, %d requests validated\n",
		len(ops)-len(missing), len(ops), nValid)
	fmt.Fprintf(&out, "spec conformance: by spec: %s\n", strings.Join(perSpec, "; "))
	if len(missing) > 0 {
		fmt.Fprintf(&out, "spec conformance: operations no valid request exercised:\n  %s\n", strings.Join(missing, "\n  "))
	}
	var errs []error
	if nFail > 0 {
		fmt.Fprintf(&out, "spec conformance: %d recorded requests are not valid against the spec:\n%s", nFail, failures.String())
		errs = append(errs, fmt.Errorf("%d recorded requests are not valid against the spec", nFail))
	}
	if len(ops) != specOperationCount {
		errs = append(errs, fmt.Errorf("the specs have %d operations, want %d", len(ops), specOperationCount))
	}
	if n := len(ops) - len(missing); n < want {
		errs = append(errs, fmt.Errorf("%d of %d operations exercised, want at least %d (DIALPAD_CONFORMANCE_MIN)", n, len(ops), want))
	}
	return out.String(), errors.Join(errs...)
}

// reportInvalid writes a request that is not valid against the spec, and
// why, to the report.
func reportInvalid(w *strings.Builder, rr recordedRequest, problems []string) {
	fmt.Fprintf(w, "  %s %s", rr.Method, rr.URL)
	if len(rr.Body) > 0 {
		fmt.Fprintf(w, " body %s", truncate(rr.Body, 300))
	}
	w.WriteString("\n")
	for _, p := range problems {
		fmt.Fprintf(w, "      %s\n", p)
	}
}

// coverage lists the operations of the specs that no valid request
// exercised, and for each spec how many were.
func coverage(specs []loadedSpec, covered map[string]int) (missing, perSpec []string) {
	for _, s := range specs {
		n := 0
		for _, op := range specOperations(s.doc) {
			if covered[op.String()] == 0 {
				missing = append(missing, op.String())
			} else {
				n++
			}
		}
		perSpec = append(perSpec, fmt.Sprintf("%s %d of %d", s.file.name, n, s.file.operations))
	}
	return missing, perSpec
}

// truncate shortens b for a report line.
func truncate(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return string(b[:n]) + "…"
}

// allSpecOperations returns the operations of both specs, and fails the
// test unless there are specOperationCount of them.
func allSpecOperations(t *testing.T) []specOperation {
	t.Helper()
	specs, err := loadSpecs()
	require.NoError(t, err)
	var ops []specOperation
	for _, s := range specs {
		ops = append(ops, specOperations(s.doc)...)
	}
	assert.Len(t, ops, specOperationCount, "operations in the specs")
	return ops
}

// rateLimitRE finds the documented per-minute limit in an operation's
// description.
var rateLimitRE = regexp.MustCompile(`Rate limit: (\d+) per minute`)

// TestEndpointLimitsMatchSpec checks that the per-endpoint limiters pace
// every operation of both specs at the limit its description documents,
// keyed the way apiPath.build keys them, and that endpointLimits names no
// operation the specs lack.
func TestEndpointLimitsMatchSpec(t *testing.T) {
	t.Parallel()
	ops := allSpecOperations(t)
	keys := map[string]bool{}
	for _, op := range ops {
		if key, err := endpointKeyFor(op); err == nil && keys[key] {
			t.Errorf("%s: limiter key %q is another operation's too", op, key)
		}
		m := rateLimitRE.FindAllStringSubmatch(op.Op.Description, -1)
		if len(m) != 1 {
			t.Errorf("%s: want one \"Rate limit: N per minute\" in the description, found %d", op, len(m))
			continue
		}
		want, _ := strconv.Atoi(m[0][1])
		key, err := endpointKeyFor(op)
		if err != nil {
			t.Errorf("%s: %v", op, err)
			continue
		}
		keys[key] = true
		got, ok := endpointLimits[key]
		if !ok {
			got = defaultEndpointLimit
		}
		if got != want {
			t.Errorf("%s: SDK paces %q at %d per minute, spec documents %d", op, key, got, want)
		}
	}
	for key := range endpointLimits {
		if !keys[key] {
			t.Errorf("endpointLimits[%q] matches no operation of the specs", key)
		}
	}
}

// endpointKeyFor returns the limiter key apiPath.build computes for a
// request to op, each of the spec path's {param} set to 1, and checks that
// the path built is the spec's.
func endpointKeyFor(op specOperation) (string, error) {
	args := make([]any, strings.Count(op.Path, "{"))
	for i := range args {
		args[i] = ID(1)
	}
	p, err := apiPathOf(op.Path, args...)
	if err != nil {
		return "", err
	}
	path, key, err := p.build(op.Method)
	if err != nil {
		return "", err
	}
	if want := regexp.MustCompile(`\{[^}]*\}`).ReplaceAllString(op.Path, "1"); path != want {
		return "", fmt.Errorf("built %s, want %s", path, want)
	}
	return key, nil
}
