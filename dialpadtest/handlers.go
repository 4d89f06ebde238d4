package dialpadtest

import dialpad "github.com/dialpad-community/dialpad-go"

// handler runs one operation for a request, with the Server's mutex held,
// and returns the value to encode (nil for an empty body) or an error.
type handler = func(*call) (any, *apiError)

// The operations share one shape: resolve what the path names (a user, a
// group, nothing), then decode the JSON body into the operation's request
// type, then do the work. with and withBody build a handler of that shape
// from a resolver and the work, so that each operation's function holds
// only its own checks and effects.

// with builds the handler of an operation without a request body: get
// resolves the path, then fn runs.
func with[R any](get func(*call) (R, *apiError), fn func(*call, R) (any, *apiError)) handler {
	return func(c *call) (any, *apiError) {
		r, e := get(c)
		if e != nil {
			return nil, e
		}
		return fn(c, r)
	}
}

// withBody builds the handler of an operation with a JSON request body:
// get resolves the path, the body is decoded into a new Req (see decode),
// then fn runs. A path that names nothing is 404 before the body is read.
func withBody[R, Req any](get func(*call) (R, *apiError), fn func(*call, R, *Req) (any, *apiError)) handler {
	return func(c *call) (any, *apiError) {
		r, e := get(c)
		if e != nil {
			return nil, e
		}
		req := new(Req)
		if e := c.decode(req); e != nil {
			return nil, e
		}
		return fn(c, r, req)
	}
}

// byPathID finds the entry of m that the path's {id} names; what names the
// kind of entry in the 404 for an id that is not a number or not in m.
func byPathID[T any](c *call, m map[dialpad.ID]*T, what string) (*T, *apiError) {
	raw := c.r.PathValue("id")
	id, err := parseID(raw)
	v := m[id]
	if err != nil || v == nil {
		return nil, notFound("%s %q not found", what, raw)
	}
	return v, nil
}

// noPath is the resolver of an operation whose path names nothing.
func noPath(*call) (struct{}, *apiError) { return struct{}{}, nil }

// pathUser resolves the live user (not deleted; "me" included) that the
// path's {id} names.
func pathUser(c *call) (*userRec, *apiError) { return c.user("id") }

// pathGroup returns the resolver of the office, call center or department
// (by kind) that the path's {id} names.
func pathGroup(kind string) func(*call) (opGroup, *apiError) {
	return func(c *call) (opGroup, *apiError) { return c.group(kind) }
}

// pathOffice returns the resolver of the office that the path wildcard
// name ("id" or "office_id") names.
func pathOffice(name string) func(*call) (*Office, *apiError) {
	return func(c *call) (*Office, *apiError) { return c.office(name) }
}
