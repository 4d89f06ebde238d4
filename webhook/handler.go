package webhook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// Defaults of Options.
const (
	// DefaultMaxBodyBytes caps a delivery when Options.MaxBodyBytes is 0.
	// A change-log event is well under a kilobyte.
	DefaultMaxBodyBytes = 64 << 10
	// DefaultDedupWindow is how long a delivery is remembered when
	// Options.DedupWindow is 0.
	DefaultDedupWindow = 10 * time.Minute
)

// Options configure a Handler.
type Options struct {
	// Secrets verify the deliveries, newest first: during a rotation list
	// the new secret and the old one, update the webhook, then drop the
	// old one. Each must be non-empty.
	Secrets []string
	// AllowUnsigned accepts plain JSON deliveries, from a webhook without
	// a secret. It must be set explicitly when Secrets is empty, since
	// anyone who knows the URL can then forge events; it is refused with
	// Secrets.
	AllowUnsigned bool
	// MaxBodyBytes caps a delivery; larger ones are answered 413. 0 means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// DedupWindow is how long a delivery is remembered, so that the same
	// content delivered again within it (Dialpad retrying a delivery
	// whose answer it missed) is acknowledged without calling the
	// function again. 0 means DefaultDedupWindow; a negative value turns
	// deduplication off.
	DedupWindow time.Duration
	// Store remembers recent deliveries; nil means an in-memory store of
	// this Handler's own. Replicas behind one load balancer share one
	// (in Redis, say) to hand each delivery over once between them.
	Store Store
	// Now is the clock of the default in-memory store; nil means
	// time.Now. Tests inject a fake one.
	Now func() time.Time
	// Logger, when set, gets a line for each refused delivery and each
	// failure of the function or the store (never the body or a secret).
	Logger *slog.Logger
}

// Handler is an http.Handler that receives change-log deliveries: it
// verifies and decodes each one and hands the event to its function. Its
// answers:
//
//   - 2xx (204) once the function returned nil, and at once for a
//     delivery already handed over within the dedup window;
//   - 400 for a malformed body (ErrMalformed), 401 for a bad, missing
//     or unverifiable signature (ErrSignature, ErrUnsigned, ErrNoSecret),
//     405 for a method other than POST, 413 over the size cap
//     (ErrTooLarge); the function never sees these;
//   - 500 when the function or the store failed: Dialpad then delivers
//     again, and the delivery is forgotten so that the retry is handed
//     over.
//
// The function runs before the answer, with the request's context: keep it
// short (put the event on a queue) so that Dialpad gets its answer
// quickly. It may be called concurrently.
type Handler struct {
	fn     func(context.Context, *ChangeLogEvent) error
	keys   any // nil: plain JSON
	max    int64
	window time.Duration
	store  Store
	logger *slog.Logger
}

// NewHandler returns a Handler that hands each verified event to fn. It
// fails when fn is nil, a secret is empty, or opts neither give a secret
// nor set AllowUnsigned (or set both).
func NewHandler(fn func(context.Context, *ChangeLogEvent) error, opts Options) (*Handler, error) {
	if fn == nil {
		return nil, errors.New("webhook: NewHandler needs a function")
	}
	switch {
	case len(opts.Secrets) == 0 && !opts.AllowUnsigned:
		return nil, errors.New("webhook: no secret: give Options.Secrets, or set AllowUnsigned to accept unsigned events")
	case len(opts.Secrets) > 0 && opts.AllowUnsigned:
		return nil, errors.New("webhook: AllowUnsigned with Secrets: a signed webhook's deliveries are always signed")
	}
	keys, err := verificationKeys(opts.Secrets)
	if err != nil {
		return nil, err
	}
	h := &Handler{fn: fn, keys: keys, max: opts.MaxBodyBytes, window: opts.DedupWindow, store: opts.Store, logger: opts.Logger}
	if h.max <= 0 {
		h.max = DefaultMaxBodyBytes
	}
	if h.window == 0 {
		h.window = DefaultDedupWindow
	}
	if h.store == nil && h.window > 0 {
		h.store = NewMemoryStore(opts.Now)
	}
	return h, nil
}

// ServeHTTP receives one delivery.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := h.read(r)
	if err == nil {
		var ev *ChangeLogEvent
		if ev, err = parse(body, h.keys); err == nil {
			h.deliver(w, r, body, ev)
			return
		}
	}
	status := statusOf(err)
	h.log(r.Context(), "refused delivery", slog.Int("status", status), slog.String("error", err.Error()))
	http.Error(w, http.StatusText(status), status)
}

// read reads the body up to the cap.
func (h *Handler) read(r *http.Request) ([]byte, error) {
	if r.ContentLength > h.max {
		return nil, fmt.Errorf("%w: %d bytes, over %d", ErrTooLarge, r.ContentLength, h.max)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, h.max+1))
	if err != nil {
		return nil, fmt.Errorf("%w: reading the body: %w", ErrMalformed, err)
	}
	if int64(len(body)) > h.max {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, h.max)
	}
	return body, nil
}

// deliver hands a verified event to the function, once per content within
// the window.
func (h *Handler) deliver(w http.ResponseWriter, r *http.Request, body []byte, ev *ChangeLogEvent) {
	ctx := r.Context()
	var key string
	if h.window > 0 {
		sum := sha256.Sum256(body)
		key = hex.EncodeToString(sum[:])
		first, err := h.store.Claim(ctx, key, h.window)
		if err != nil {
			h.log(ctx, "dedup store failed", slog.String("error", err.Error()))
			http.Error(w, "store unavailable", http.StatusInternalServerError)
			return
		}
		if !first {
			w.WriteHeader(http.StatusNoContent) // handed over already
			return
		}
	}
	if err := h.fn(ctx, ev); err != nil {
		h.log(ctx, "event function failed", slog.String("action", ev.Action), slog.String("error", err.Error()))
		if key != "" {
			if rerr := h.store.Release(context.WithoutCancel(ctx), key); rerr != nil {
				h.log(ctx, "dedup store failed", slog.String("error", rerr.Error()))
			}
		}
		http.Error(w, "event not processed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// statusOf maps a refusal to its HTTP status.
func statusOf(err error) int {
	switch {
	case errors.Is(err, ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrSignature), errors.Is(err, ErrUnsigned), errors.Is(err, ErrNoSecret):
		return http.StatusUnauthorized
	default:
		return http.StatusBadRequest
	}
}

func (h *Handler) log(ctx context.Context, msg string, attrs ...slog.Attr) {
	if h.logger != nil {
		h.logger.LogAttrs(ctx, slog.LevelWarn, "dialpad webhook: "+msg, attrs...)
	}
}
