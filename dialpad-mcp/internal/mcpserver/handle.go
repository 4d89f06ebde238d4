package mcpserver

import (
	"bytes"
	"compress/flate"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	dialpad "github.com/dialpad-community/dialpad-go"
	"github.com/dialpad-community/dialpad-go/roster"
	"github.com/golang-jwt/jwt/v5"
)

// A plan handle is the plan itself, so that any replica can apply it
// without shared storage: a JSON Web Token (RFC 7519) signed with HMAC-
// SHA256 under Options.PlanKey, whose claims are
//
//	{"iss": "dialpad-mcp", "aud": [Options.Audience], "iat": ..., "exp": ...,
//	 "plan": base64url(DEFLATE(the plan as json.Marshal writes it))}
//
// Opening one checks, in this order, that it is a token at all, that it
// is signed with HS256 (no other algorithm is accepted, "none" least of
// all) under this server's key, and that it was issued by dialpad-mcp for
// this audience and has not expired; only then is the plan inflated and
// read with roster.ReadPlan's checks. A handle is not secret (it holds
// emails and ids, as the plan text shown beside it does), but it cannot be
// altered or forged without the key.

// Defaults and limits of plan handles.
const (
	// DefaultPlanTTL is how long a plan handle may be applied unless
	// Options.PlanTTL says otherwise: long enough for a person to read the
	// plan, short enough that the world it was planned against is recent.
	DefaultPlanTTL = 15 * time.Minute
	// MinPlanKeyLen is the shortest Options.PlanKey New accepts: HS256
	// wants a key at least as long as its 256-bit output.
	MinPlanKeyLen = 32
	// maxHandleLen bounds the handle a tool accepts (and issues), before
	// anything in it is decoded.
	maxHandleLen = 4 << 20
	// maxPlanJSON bounds what a handle's plan may inflate to.
	maxPlanJSON = 64 << 20

	handleIssuer = Name
)

// ErrShortPlanKey is returned when a plan key is shorter than
// MinPlanKeyLen bytes.
var ErrShortPlanKey = fmt.Errorf("dialpad-mcp: the plan key (DIALPAD_MCP_PLAN_KEY) must be at least %d bytes", MinPlanKeyLen)

// planClaims are the claims of a plan handle.
type planClaims struct {
	jwt.RegisteredClaims
	// Plan is the plan's JSON, DEFLATE-compressed, in unpadded base64url.
	Plan string `json:"plan"`
}

// handles issues and opens plan handles under one key.
type handles struct {
	key      []byte
	audience string
	ttl      time.Duration
	now      func() time.Time
	parser   *jwt.Parser
}

// newHandles returns the handle signer of a server with opts: a random key
// when opts.PlanKey is empty (handles then live as long as the process).
func newHandles(opts Options) *handles {
	key := opts.PlanKey
	if len(key) == 0 {
		key = make([]byte, MinPlanKeyLen)
		_, _ = rand.Read(key) // never fails (crypto/rand's documented promise)
	}
	h := &handles{key: key, audience: opts.Audience, ttl: opts.PlanTTL, now: opts.Now}
	if h.audience == "" {
		h.audience = Name
	}
	if h.ttl <= 0 {
		h.ttl = DefaultPlanTTL
	}
	if h.now == nil {
		h.now = time.Now
	}
	h.parser = jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(handleIssuer),
		jwt.WithAudience(h.audience),
		jwt.WithExpirationRequired(),
		// iat is not checked: it is informational, and replicas whose
		// clocks differ by a second would refuse each other's fresh handles.
		jwt.WithTimeFunc(h.now),
	)
	return h
}

// issue returns the handle of plan and when it expires.
func (h *handles) issue(plan *roster.Plan) (string, time.Time, error) {
	raw, err := json.Marshal(plan)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("encoding the plan: %w", err)
	}
	z, err := deflate(raw)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("compressing the plan: %w", err)
	}
	now := h.now()
	exp := now.Add(h.ttl).Truncate(time.Second) // the claim holds whole seconds
	claims := planClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    handleIssuer,
			Audience:  jwt.ClaimStrings{h.audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
		},
		Plan: base64.RawURLEncoding.EncodeToString(z),
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(h.key)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("signing the plan handle: %w", err)
	}
	if len(s) > maxHandleLen {
		return "", time.Time{}, fmt.Errorf("the plan is too large for a handle (%d bytes, at most %d): plan fewer people at a time", len(s), maxHandleLen)
	}
	return s, exp, nil
}

// open checks a handle and returns its plan. Every refusal is a
// *dialpad.ValidationError for the parameter "handle" saying why.
func (h *handles) open(handle string) (*roster.Plan, error) {
	refuse := func(reason string) error { return &dialpad.ValidationError{Field: "handle", Reason: reason} }
	if len(handle) > maxHandleLen {
		return nil, refuse("too long to be a plan handle")
	}
	var claims planClaims
	_, err := h.parser.ParseWithClaims(handle, &claims, func(*jwt.Token) (any, error) { return h.key, nil })
	switch {
	case err == nil:
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return nil, refuse("not signed by this server's plan key: it was altered, or made by a server with another " +
			"DIALPAD_MCP_PLAN_KEY (or by one without a key, which signs with a key of its own until it stops); plan again with dialpad_roster_plan")
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, refuse(fmt.Sprintf("expired at %s: plan again with dialpad_roster_plan (Dialpad may have changed since)",
			claims.ExpiresAt.UTC().Format(time.RFC3339)))
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return nil, refuse(fmt.Sprintf("made for %q, not for this server's Dialpad (%q); plan again here", claimAudience(claims), h.audience))
	case errors.Is(err, jwt.ErrTokenMalformed):
		return nil, refuse("not a plan handle (pass the handle dialpad_roster_plan returned, whole)")
	default: // signed with our key, but the claims are wrong: no expiry, another issuer
		return nil, refuse("refused: " + err.Error())
	}
	z, err := base64.RawURLEncoding.DecodeString(claims.Plan)
	if err != nil {
		return nil, refuse("the plan in it is not base64url")
	}
	zr := flate.NewReader(bytes.NewReader(z))
	defer func() { _ = zr.Close() }() // a reader's Close reports nothing ReadPlan has not
	plan, err := roster.ReadPlan(io.LimitReader(zr, maxPlanJSON))
	if err != nil {
		return nil, refuse(err.Error())
	}
	return plan, nil
}

// deflate compresses b at the best compression: plan JSON repeats its
// field names and shrinks about fivefold.
func deflate(b []byte) ([]byte, error) {
	var z bytes.Buffer
	zw, err := flate.NewWriter(&z, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return z.Bytes(), nil
}

// claimAudience returns the first audience of claims, for messages.
func claimAudience(c planClaims) string {
	if len(c.Audience) == 0 {
		return ""
	}
	return c.Audience[0]
}
