package dialpad

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
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
	if v, ok := parseZonelessTime(b); ok {
		t.Time = v
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

// parseZonelessTime is the fast path for the form Dialpad writes,
// "2006-01-02T15:04:05" in quotes, with no allocation; ok is false for any
// other form, which UnmarshalJSON then parses the slow way.
func parseZonelessTime(b []byte) (time.Time, bool) {
	const form = `"0000-00-00T00:00:00"` // 0: any digit
	if len(b) != len(form) {
		return time.Time{}, false
	}
	for i, c := range b {
		if isDigit := '0' <= c && c <= '9'; (form[i] == '0') != isDigit || (!isDigit && c != form[i]) {
			return time.Time{}, false
		}
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range b[i : i+n] {
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, mo, d, h, mi, s := num(1, 4), num(6, 2), num(9, 2), num(12, 2), num(15, 2), num(18, 2)
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 {
		return time.Time{}, false
	}
	v := time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC)
	if v.Day() != d { // 31 April and the like: let time.Parse reject it
		return time.Time{}, false
	}
	return v, true
}

// MarshalJSON writes the zone-less UTC form Dialpad uses, or null for the
// zero Timestamp.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + t.UTC().Format("2006-01-02T15:04:05") + `"`), nil
}

// ID is the one type of every numeric Dialpad id: users, offices,
// companies, coaching teams, call centers, departments, personas and
// groups. An id read from one response passes straight into the next call:
//
//	u, err := client.Users.Create(ctx, req)
//	...
//	client.Numbers.Assign(ctx, u.ID, &dialpad.AssignNumberRequest{...})
//
// It decodes from a JSON number or from a JSON string holding one (the live
// API writes "id": "5835806903417907"); null and "" leave it unchanged. It
// encodes as a JSON number; the few request fields that Dialpad types as
// strings (a coaching team's member_id, a contact's owner_id) say so in
// their struct tags. The zero ID means "none": in a path it is a
// *ValidationError and nothing is sent.
//
// Ids that Dialpad defines as opaque strings (contacts, user devices, desk
// phones, agent groups) are plain strings.
type ID int64

// String returns the id in decimal, as it appears in URLs.
func (id ID) String() string { return strconv.FormatInt(int64(id), 10) }

// UnmarshalJSON reads a JSON number or a JSON string holding one.
func (id *ID) UnmarshalJSON(b []byte) error {
	n, ok, err := parseInt64(b, idType)
	if ok {
		*id = ID(n)
	}
	return err
}

// ParseID reads a decimal id, such as one taken from a URL, a CSV file or
// a command line. Surrounding spaces, signs other than digits and ids of
// zero or less are errors.
func ParseID(s string) (ID, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || s[0] == '+' {
		return 0, fmt.Errorf("dialpad: %q is not a Dialpad id (a positive decimal number)", s)
	}
	return ID(n), nil
}

// opaqueID decodes an id that Dialpad defines as an opaque string
// (contacts, agent groups, user devices, desk phones) from a JSON string,
// or from a JSON number, which it keeps in its decimal form: {"id": 8001}
// and {"id": "8001"} are the same id, as they are for ID. A number that is
// not a whole number of at least zero (1.5, 1e3, -1) is an error. The
// resources' ID fields stay plain strings: each resource's UnmarshalJSON
// points an opaqueID at its ID field (see Contact.UnmarshalJSON).
type opaqueID string

// UnmarshalJSON reads a JSON string or a JSON whole number.
func (o *opaqueID) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*o = opaqueID(s)
		return nil
	}
	if string(b) == "null" {
		return nil
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return &json.UnmarshalTypeError{Value: "number", Type: opaqueIDType}
		}
	}
	if len(b) == 0 {
		return &json.UnmarshalTypeError{Value: "empty", Type: opaqueIDType}
	}
	*o = opaqueID(b)
	return nil
}

var opaqueIDType = reflect.TypeFor[string]()

// Int64 is an integer from a response that is not an id: a count, a number
// of seconds, a port. Dialpad's live API writes every int64 as a JSON
// string ("talk_lines": "4"); Int64 reads a JSON number too. It converts
// to int64 with a plain conversion: int64(n).
type Int64 int64

// UnmarshalJSON reads a JSON number or a JSON string holding one.
func (n *Int64) UnmarshalJSON(b []byte) error {
	v, ok, err := parseInt64(b, int64Type)
	if ok {
		*n = Int64(v)
	}
	return err
}

// parseInt64 reads a JSON number or a JSON string holding a decimal
// integer, in one pass over b with no allocation; ok is false for null and
// "". Anything else is a *json.UnmarshalTypeError that, like encoding/json's
// own, names the JSON type and never the value, so response data stays out
// of error strings.
func parseInt64(b []byte, typ reflect.Type) (n int64, ok bool, err error) {
	text, kind, absent, valid := integerText(b)
	if absent {
		return 0, false, nil
	}
	if valid {
		if n, valid = parseDecimal(text); valid {
			return n, true, nil
		}
	}
	return 0, false, notInt64(kind, typ)
}

// integerText returns the text of the integer a JSON value holds: a
// number's own text, or a string's content, unescaped. absent is true for
// null and "", and valid false for any other value that cannot hold one;
// kind names the JSON type for the error.
func integerText(b []byte) (text []byte, kind string, absent, valid bool) {
	if len(b) == 0 {
		return nil, "empty", false, false
	}
	switch b[0] {
	case 'n':
		return nil, "literal", string(b) == "null", false
	case 't', 'f':
		return nil, "bool", false, false
	case '{':
		return nil, "object", false, false
	case '[':
		return nil, "array", false, false
	case '"':
	default:
		return b, "number", false, true
	}
	if len(b) < 2 || b[len(b)-1] != '"' {
		return nil, "string", false, false
	}
	text = b[1 : len(b)-1]
	if bytes.IndexByte(text, '\\') >= 0 { // escaped digits ("\u0031"): rare, so unquote the slow way
		var s string
		if json.Unmarshal(b, &s) != nil {
			return nil, "string", false, false
		}
		text = []byte(s)
	}
	return text, "string", len(text) == 0, true
}

// parseDecimal reads an optionally negative decimal integer in int64's
// range.
func parseDecimal(text []byte) (int64, bool) {
	neg := len(text) > 0 && text[0] == '-'
	if neg {
		text = text[1:]
	}
	if len(text) == 0 || len(text) > 19 {
		return 0, false
	}
	var u uint64
	for _, c := range text {
		if c < '0' || c > '9' {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	// 19 digits cannot wrap a uint64; they can pass int64's range.
	if (!neg && u > math.MaxInt64) || (neg && u > math.MaxInt64+1) {
		return 0, false
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}

// notInt64 is the decoding error for a value that is not an integer.
func notInt64(kind string, typ reflect.Type) error {
	return &json.UnmarshalTypeError{Value: kind, Type: typ}
}

var (
	idType    = reflect.TypeFor[ID]()
	int64Type = reflect.TypeFor[Int64]()
)
