package dialpad

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// apiPath is the path of an operation under /api/v2/: static segments and
// path arguments, each argument named after the method parameter that
// carries it, so that a bad one is a *ValidationError naming that
// parameter. Build one with pathTo and its methods:
//
//	pathTo("users").id("userID", userID).then("deskphones").opaque("phoneID", phoneID)
//
// It is a value of fixed size: building one allocates nothing.
type apiPath struct {
	segs [maxPathSegments]pathSegment
	n    int
}

// maxPathSegments is the most segments an operation's path has
// (users/{id}/deskphones/{id}).
const maxPathSegments = 4

// pathSegment is a static segment or a path argument: a numeric id or an
// opaque string id.
type pathSegment struct {
	kind  segmentKind
	param string // an argument's parameter name
	text  string // the static segment, or the opaque id
	id    ID     // the numeric id
}

// segmentKind tells the kinds of pathSegment apart.
type segmentKind uint8

const (
	staticSegment segmentKind = iota
	idArgument
	opaqueArgument
)

// pathTo starts a path with the collection's static segment.
func pathTo(collection string) apiPath {
	var p apiPath
	return p.add(pathSegment{kind: staticSegment, text: collection})
}

// then adds a static segment.
func (p apiPath) then(static string) apiPath {
	return p.add(pathSegment{kind: staticSegment, text: static})
}

// id adds a numeric id argument, carried by the method parameter param.
func (p apiPath) id(param string, v ID) apiPath {
	return p.add(pathSegment{kind: idArgument, param: param, id: v})
}

// opaque adds an opaque string id argument, carried by the method
// parameter param.
func (p apiPath) opaque(param, v string) apiPath {
	return p.add(pathSegment{kind: opaqueArgument, param: param, text: v})
}

func (p apiPath) add(s pathSegment) apiPath {
	if p.n < maxPathSegments {
		p.segs[p.n] = s
	}
	p.n++ // past the array: build reports it
	return p
}

// build checks the arguments (a numeric id must be positive; an opaque one
// must not be empty, blank, "." or "..", so that it can never change which
// endpoint is hit) and returns the escaped path under /api/v2/ and the key
// of the endpoint's limiter, "METHOD a/{}/b".
func (p apiPath) build(method string) (path, endpoint string, err error) {
	if p.n > maxPathSegments || p.n == 0 {
		return "", "", fmt.Errorf("dialpad: internal error: a path of %d segments", p.n)
	}
	var b, e strings.Builder
	b.Grow(len(apiPrefix) + 24*p.n)
	e.Grow(len(method) + 16*p.n)
	b.WriteString(apiPrefix)
	e.WriteString(method)
	e.WriteByte(' ')
	var num [20]byte
	for i, s := range p.segs[:p.n] {
		if i > 0 {
			b.WriteByte('/')
			e.WriteByte('/')
		}
		switch s.kind {
		case staticSegment:
			b.WriteString(url.PathEscape(s.text))
			e.WriteString(s.text)
			continue
		case idArgument:
			if err := checkID(s.param, s.id); err != nil {
				return "", "", err
			}
			b.Write(strconv.AppendInt(num[:0], int64(s.id), 10))
		default:
			if s.text == "." || s.text == ".." || strings.TrimSpace(s.text) == "" {
				return "", "", invalid(s.param, "path argument %q is empty or a dot segment", s.text)
			}
			b.WriteString(url.PathEscape(s.text))
		}
		e.WriteString("{}")
	}
	return b.String(), e.String(), nil
}
