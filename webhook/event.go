// Package webhook receives Dialpad's change-log events: it verifies that a
// delivery was signed by Dialpad with the webhook's secret, decodes it
// into a ChangeLogEvent, and serves that as an http.Handler that answers
// Dialpad quickly, refuses forgeries and hands each delivery to your
// function once.
//
// Register sets up the webhook and its change-log subscription for a URL in
// one call that is safe to repeat (it reuses what it registered before;
// the root package's Client.Webhooks and Client.ChangeLogSubscriptions do
// the same step by step). Then mount a Handler at the webhook's URL:
//
//	h, err := webhook.NewHandler(func(ctx context.Context, ev *webhook.ChangeLogEvent) error {
//		queue <- ev // keep it short: Dialpad waits for the answer
//		return nil
//	}, webhook.Options{Secrets: []string{os.Getenv("DIALPAD_WEBHOOK_SECRET")}})
//
// Signatures are HS256 JWTs, verified with github.com/golang-jwt/jwt/v5
// with the algorithm pinned: a token claiming any other algorithm ("none",
// RS256, ES256, ...) is refused before any key is tried.
package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	dialpad "github.com/dialpad-community/dialpad-go"
)

// ChangeLogEvent is one change to the company's configuration, as Dialpad
// announces it: who (ChangedBy) did what (Action) to which object
// (Target), and when.
type ChangeLogEvent struct {
	// Date is when the change happened (sent as unix milliseconds), in
	// UTC.
	Date time.Time
	// Action is Dialpad's short code for the change, such as
	// "operator_removed" or "user_updated".
	Action string
	// Note is Dialpad's human-readable description of the change; it may
	// be empty.
	Note string
	// AdditionalData is the change's free-form details exactly as sent
	// (a JSON object, or nil when absent); its shape depends on Action.
	AdditionalData json.RawMessage
	// Target is the object that changed.
	Target Target
	// ChangedBy is whoever made the change.
	ChangedBy Author
}

// Target names the object a change-log event is about.
type Target struct {
	// Type is the kind of object: "user", "office", "call_center",
	// "department" and so on.
	Type string `json:"type"`
	// ID is the object's id, the same id the API uses for it.
	ID dialpad.ID `json:"id"`
}

// Author names whoever made a change: an admin in the portal, an API key,
// Dialpad itself.
type Author struct {
	// Name is the author's display name.
	Name string `json:"name"`
	// ID is the author's id (a user's id for a person).
	ID dialpad.ID `json:"id"`
	// Type is the kind of author, such as "user".
	Type string `json:"type"`
}

// wireEvent is a ChangeLogEvent as Dialpad writes it.
type wireEvent struct {
	Date           dialpad.Int64   `json:"date"`
	Action         string          `json:"action"`
	Note           string          `json:"note,omitempty"`
	AdditionalData json.RawMessage `json:"additional_data,omitempty"`
	Target         Target          `json:"target"`
	ChangedBy      Author          `json:"changed_by"`
}

// convert returns the event as sent, without checks; a zero date stays
// the zero time.
func (w *wireEvent) convert() ChangeLogEvent {
	ev := ChangeLogEvent{Action: w.Action, Note: w.Note, AdditionalData: w.AdditionalData, Target: w.Target, ChangedBy: w.ChangedBy}
	if w.Date != 0 {
		ev.Date = time.UnixMilli(int64(w.Date)).UTC()
	}
	return ev
}

// event checks the decoded fields every event carries and converts; an
// additional_data of null reads as absent.
func (w *wireEvent) event() (*ChangeLogEvent, error) {
	if w.Action == "" {
		return nil, fmt.Errorf("%w: the event has no action", ErrMalformed)
	}
	if w.Date <= 0 {
		return nil, fmt.Errorf("%w: the event has no date", ErrMalformed)
	}
	ev := w.convert()
	if len(ev.AdditionalData) == 0 || bytes.Equal(ev.AdditionalData, []byte("null")) {
		ev.AdditionalData = nil
	}
	return &ev, nil
}

// MarshalJSON writes the event as Dialpad sends it: date in unix
// milliseconds and snake_case names. It lets a test (or dialpadtest) build
// a delivery from a ChangeLogEvent.
func (e ChangeLogEvent) MarshalJSON() ([]byte, error) {
	w := wireEvent{
		Action:         e.Action,
		Note:           e.Note,
		AdditionalData: e.AdditionalData,
		Target:         e.Target,
		ChangedBy:      e.ChangedBy,
	}
	if !e.Date.IsZero() {
		w.Date = dialpad.Int64(e.Date.UnixMilli())
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads an event as Dialpad writes it, without the checks
// ParseChangeLog makes.
func (e *ChangeLogEvent) UnmarshalJSON(b []byte) error {
	var w wireEvent
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = w.convert()
	return nil
}

// The errors ParseChangeLog and Handler report; test with errors.Is.
var (
	// ErrMalformed is a delivery that is neither a well-formed JWT nor
	// JSON, or whose event lacks its action or date. Handler answers 400.
	ErrMalformed = errors.New("webhook: malformed delivery")
	// ErrSignature is a signed delivery that does not verify: a wrong or
	// tampered signature, an algorithm other than HS256 (none, RS256,
	// ...), a secret that is not among those given, or expired claims.
	// Handler answers 401.
	ErrSignature = errors.New("webhook: bad signature")
	// ErrUnsigned is a plain JSON delivery where a signed one was
	// required (a secret was given). Handler answers 401.
	ErrUnsigned = errors.New("webhook: unsigned delivery, but a secret is configured")
	// ErrNoSecret is a signed delivery to a receiver that has no secret
	// to verify it with. Handler answers 401.
	ErrNoSecret = errors.New("webhook: signed delivery, but no secret is configured")
	// ErrTooLarge is a delivery over Options.MaxBodyBytes. Handler
	// answers 413.
	ErrTooLarge = errors.New("webhook: delivery too large")
)

// ParseChangeLog verifies and decodes one delivery, the body Dialpad
// POSTed. With secrets (newest first, so that a rotation can accept the
// old secret while Dialpad switches), the body must be a JWT signed HS256
// with one of them; with none, it must be plain JSON, and a JWT is
// refused with ErrNoSecret, since it cannot be checked. Errors wrap
// ErrMalformed, ErrSignature, ErrUnsigned or ErrNoSecret, and never quote
// a secret.
func ParseChangeLog(body []byte, secrets ...string) (*ChangeLogEvent, error) {
	keys, err := verificationKeys(secrets)
	if err != nil {
		return nil, err
	}
	return parse(body, keys)
}

// verificationKeys turns the secrets into the keys the JWT library tries;
// an empty secret is refused, since HMAC with an empty key proves nothing.
func verificationKeys(secrets []string) (any, error) {
	switch len(secrets) {
	case 0:
		return nil, nil
	case 1:
		if secrets[0] == "" {
			return nil, errors.New("webhook: empty secret")
		}
		return []byte(secrets[0]), nil
	}
	set := jwt.VerificationKeySet{Keys: make([]jwt.VerificationKey, len(secrets))}
	for i, s := range secrets {
		if s == "" {
			return nil, fmt.Errorf("webhook: secret %d is empty", i)
		}
		set.Keys[i] = []byte(s)
	}
	return set, nil
}

// parser is shared by every parse: HS256 only, claims (exp, nbf) checked
// when present.
var parser = jwt.NewParser(jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}))

// claims is the JWT payload: the event, plus the registered claims the
// library validates when present.
type claims struct {
	wireEvent
	jwt.RegisteredClaims
}

// parse verifies body with keys (nil: plain JSON expected) and decodes it.
func parse(body []byte, keys any) (*ChangeLogEvent, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, fmt.Errorf("%w: the body is empty", ErrMalformed)
	}
	isJSON := body[0] == '{'
	if keys == nil {
		if !isJSON {
			return nil, ErrNoSecret
		}
		var w wireEvent
		if err := json.Unmarshal(body, &w); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		return w.event()
	}
	if isJSON {
		return nil, ErrUnsigned
	}
	var c claims
	_, err := parser.ParseWithClaims(string(body), &c, func(t *jwt.Token) (any, error) {
		if t.Method != jwt.SigningMethodHS256 { // WithValidMethods already refused others
			return nil, fmt.Errorf("unexpected signing method %v", t.Header["alg"])
		}
		return keys, nil
	})
	switch {
	case err == nil:
		return c.event()
	case errors.Is(err, jwt.ErrTokenMalformed):
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	default: // bad signature, refused or unknown algorithm, invalid claims
		return nil, fmt.Errorf("%w: %w", ErrSignature, err)
	}
}
