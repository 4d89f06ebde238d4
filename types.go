package dialpad

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Ptr returns a pointer to v, for the optional fields of request structs:
//
//	client.Users.Update(ctx, id, &dialpad.UpdateUserRequest{JobTitle: dialpad.Ptr("CFO")})
func Ptr[T any](v T) *T { return &v }

// Timestamp is a time from a Dialpad response. Dialpad writes them without a
// zone ("2021-06-20T19:18:00"), meaning UTC; RFC 3339 is accepted too. An
// absent or null time is the zero Timestamp.
type Timestamp struct{ time.Time }

// timestampLayouts are tried in order when decoding a Timestamp.
var timestampLayouts = []string{
	"2006-01-02T15:04:05.999999999",
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// UnmarshalJSON accepts a zone-less ISO 8601 time (read as UTC), RFC 3339,
// an empty string or null.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("dialpad: timestamp %s is not a JSON string", b)
	}
	if s == "" {
		t.Time = time.Time{}
		return nil
	}
	for _, layout := range timestampLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			if y := v.UTC().Year(); y < 0 || y > 9999 {
				// MarshalJSON could not write it back in a form we read.
				return fmt.Errorf("dialpad: timestamp out of range")
			}
			t.Time = v.UTC()
			return nil
		}
	}
	return fmt.Errorf("dialpad: cannot parse timestamp %q", s)
}

// MarshalJSON writes the zone-less UTC form Dialpad uses, or null for the
// zero Timestamp.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + t.UTC().Format("2006-01-02T15:04:05") + `"`), nil
}

// int64Field decodes an id or count given as a JSON number or as a string
// holding one (the live API sends "id": "5835806903417907") into *p. null and
// "" leave *p alone. Response types shadow their int64 fields with it in
// their UnmarshalJSON methods.
type int64Field struct{ p *int64 }

func (f int64Field) UnmarshalJSON(b []byte) error {
	n, ok, err := parseInt64(b)
	if err == nil && ok {
		*f.p = n
	}
	return err
}

// int64sField is int64Field for a list of ids.
type int64sField struct{ p *[]int64 }

func (f int64sField) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make([]int64, 0, len(raw))
	for _, r := range raw {
		n, ok, err := parseInt64(r)
		if err != nil {
			return err
		}
		if ok {
			out = append(out, n)
		}
	}
	*f.p = out
	return nil
}

// parseInt64 reads a JSON number or numeric string; ok is false for null
// and "". A value that is neither is a *json.UnmarshalTypeError, to which
// encoding/json adds the field's name; like encoding/json's own errors it
// names the JSON type, never the value, so response data stays out of error
// strings.
func parseInt64(b []byte) (n int64, ok bool, err error) {
	s := string(b)
	kind := "number"
	switch {
	case s == "null":
		return 0, false, nil
	case strings.HasPrefix(s, `"`):
		kind = "string"
		if s, err = strconv.Unquote(s); err != nil {
			return 0, false, notInt64(kind)
		}
		if s == "" {
			return 0, false, nil
		}
	case strings.HasPrefix(s, "{"):
		kind = "object"
	case strings.HasPrefix(s, "["):
		kind = "array"
	case s == "true" || s == "false":
		kind = "bool"
	}
	n, err = strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false, notInt64(kind)
	}
	return n, true, nil
}

func notInt64(kind string) error {
	return &json.UnmarshalTypeError{Value: kind, Type: reflect.TypeFor[int64]()}
}

// stringIDField is int64Field's twin for ids the SDK keeps as strings
// (contacts): it accepts a JSON string or a JSON number, kept digit for
// digit, into *p; null leaves *p alone.
type stringIDField struct{ p *string }

func (f stringIDField) UnmarshalJSON(b []byte) error {
	switch {
	case bytes.Equal(b, []byte("null")):
		return nil
	case len(b) > 0 && b[0] == '"':
		return json.Unmarshal(b, f.p)
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return &json.UnmarshalTypeError{Value: "non-id value", Type: reflect.TypeFor[string]()}
	}
	*f.p = n.String()
	return nil
}
