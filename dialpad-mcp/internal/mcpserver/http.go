package mcpserver

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// ErrNoToken is returned by HTTPHandler when no bearer token is given: a
// tool server that can change a Dialpad company is never served over HTTP
// to whoever can reach it.
var ErrNoToken = errors.New("dialpad-mcp: serving over HTTP needs a bearer token (set DIALPAD_MCP_TOKEN)")

// HTTPHandler serves s over MCP's streamable HTTP transport, statelessly:
// each request stands alone, so several replicas may sit behind one load
// balancer. Every request must carry "Authorization: Bearer <token>"
// (401 otherwise); a browser request from another origin is refused with
// 403 before the token is looked at. An empty token is ErrNoToken.
func HTTPHandler(s *mcp.Server, token string) (http.Handler, error) {
	if token == "" {
		return nil, ErrNoToken
	}
	mcpHandler := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return s },
		&mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true})
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if crossOrigin(r) {
			http.Error(w, "cross-origin requests are not allowed", http.StatusForbidden)
			return
		}
		if !bearerMatches(r, want) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="dialpad-mcp"`)
			http.Error(w, "missing or wrong bearer token", http.StatusUnauthorized)
			return
		}
		mcpHandler.ServeHTTP(w, r)
	}), nil
}

// bearerMatches reports whether r carries the token whose SHA-256 is want.
// Comparing digests in constant time tells an attacker neither where a
// guess goes wrong nor how long the token is.
func bearerMatches(r *http.Request, want [sha256.Size]byte) bool {
	scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	sum := sha256.Sum256([]byte(got))
	return subtle.ConstantTimeCompare(sum[:], want[:]) == 1
}

// crossOrigin reports whether r comes from a web page of another origin:
// the browser says so in Sec-Fetch-Site, or the Origin header names
// another host than the request's. Clients that are not browsers send
// neither header. Unlike http.CrossOriginProtection, it refuses GET too,
// since a GET opens an event stream here.
func crossOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	return err != nil || u.Host == "" || !strings.EqualFold(u.Host, r.Host)
}
