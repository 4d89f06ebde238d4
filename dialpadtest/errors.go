package dialpadtest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is an error answer, written in Dialpad's envelope:
//
//	{"error": {"code": 404, "message": "...",
//	           "errors": [{"domain": "global", "reason": "notFound", "message": "..."}]}}
type apiError struct {
	status     int
	message    string
	retryAfter int // seconds; 0 for no Retry-After header
}

// errorf builds an apiError with a formatted message.
func errorf(status int, format string, args ...any) *apiError {
	return &apiError{status: status, message: fmt.Sprintf(format, args...)}
}

// badRequest is errorf with status 400.
func badRequest(format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, format, args...)
}

// notFound is errorf with status 404.
func notFound(format string, args ...any) *apiError {
	return errorf(http.StatusNotFound, format, args...)
}

// reasons maps statuses to the "reason" of the envelope's errors entry.
var reasons = map[int]string{
	http.StatusBadRequest:            "badRequest",
	http.StatusUnauthorized:          "unauthorized",
	http.StatusForbidden:             "forbidden",
	http.StatusNotFound:              "notFound",
	http.StatusMethodNotAllowed:      "methodNotAllowed",
	http.StatusConflict:              "conflict",
	http.StatusRequestEntityTooLarge: "requestTooLarge",
	http.StatusUnsupportedMediaType:  "unsupportedMediaType",
	http.StatusTooManyRequests:       "rateLimitExceeded",
	http.StatusInternalServerError:   "backendError",
	http.StatusBadGateway:            "backendError",
	http.StatusServiceUnavailable:    "backendError",
	http.StatusGatewayTimeout:        "backendError",
}

// reason returns the envelope reason for a status.
func reason(status int) string {
	if r, ok := reasons[status]; ok {
		return r
	}
	if status >= 500 {
		return "backendError"
	}
	return "error"
}

// envelope is the JSON body of an error answer.
func (e *apiError) envelope() []byte {
	type detail struct {
		Domain  string `json:"domain"`
		Reason  string `json:"reason"`
		Message string `json:"message"`
	}
	var env struct {
		Error struct {
			Code    int      `json:"code"`
			Message string   `json:"message"`
			Errors  []detail `json:"errors"`
		} `json:"error"`
	}
	env.Error.Code = e.status
	env.Error.Message = e.message
	env.Error.Errors = []detail{{Domain: "global", Reason: reason(e.status), Message: e.message}}
	b, _ := json.Marshal(env) // cannot fail: strings and ints only
	return append(b, '\n')
}
