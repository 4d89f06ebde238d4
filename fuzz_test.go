package dialpad

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Fuzz targets. Their seeds (f.Add below and testdata/fuzz/<Name>/) run with
// every `go test`; scripts/fuzz.sh fuzzes each for a short while.

// FuzzDecodeUser feeds arbitrary bytes to User's decoder (it must never
// panic, and whatever it accepts must survive a round trip through
// json.Marshal with the same ids), and checks that an id written as a
// JSON string or as a number decodes to the same int64 everywhere ids
// appear.
func FuzzDecodeUser(f *testing.F) {
	f.Add([]byte(`{"id":"5835806903417907","company_id":4508591728425653,"admin_office_ids":["1",2]}`), int64(5835806903417907))
	f.Add([]byte(`{"id":null,"office_id":"","group_details":[{"group_id":"7","group_type":"office"}]}`), int64(0))
	f.Add([]byte(`{"id":"-9223372036854775808","date_added":"2021-06-20T19:18:00"}`), int64(-9223372036854775808))
	f.Add([]byte(`{"id":"9223372036854775808"}`), int64(9223372036854775807))
	f.Add([]byte(`{"id":1e3,"admin_office_ids":null,"date_active":"2021-06-20T19:18:00.123+02:00"}`), int64(1))
	f.Add([]byte(`{"id":"\u0031","emails":["a@b.c"],"on_duty_started":""}`), int64(-1))
	f.Add([]byte(`null`), int64(42))
	f.Add([]byte(`[]`), int64(42))
	f.Add([]byte(`{"group_details":[null,{"group_id":null}],"admin_office_ids":[null,""]}`), int64(7))

	f.Fuzz(func(t *testing.T, data []byte, n int64) {
		id := ID(n)
		var u User
		if err := json.Unmarshal(data, &u); err == nil {
			roundTripUser(t, &u)
		}

		// The same id as a string and as a number, in every id field.
		s := id.String()
		doc := `{"id":"` + s + `","company_id":` + s + `,"office_id":"` + s + `",` +
			`"admin_office_ids":["` + s + `",` + s + `],` +
			`"group_details":[{"group_id":"` + s + `"},{"group_id":` + s + `}]}`
		var v User
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatalf("decoding %s: %v", doc, err)
		}
		if v.ID != id || v.CompanyID != id || v.OfficeID != id ||
			!slices.Equal(v.AdminOfficeIDs, []ID{id, id}) ||
			len(v.GroupDetails) != 2 || v.GroupDetails[0].GroupID != id || v.GroupDetails[1].GroupID != id {
			t.Fatalf("decoding %s: got ids %d %d %d %v %+v", doc, v.ID, v.CompanyID, v.OfficeID, v.AdminOfficeIDs, v.GroupDetails)
		}
		roundTripUser(t, &v)
	})
}

// roundTripUser encodes u, decodes the result and checks the ids (and the
// timestamps, to the second) came back.
func roundTripUser(t *testing.T, u *User) {
	t.Helper()
	if !timestampRoundTrips {
		for _, ts := range []*Timestamp{&u.OnDutyStarted, &u.DutyStatusStarted, &u.DateAdded, &u.DateActive, &u.DateFirstLogin} {
			if y := ts.UTC().Year(); !ts.IsZero() && (y < 0 || y > 9999) {
				*ts = Timestamp{} // the known gap; see timestampRoundTrips
			}
		}
	}
	b, err := json.Marshal(u)
	if err != nil {
		t.Fatalf("encoding %+v: %v", u, err)
	}
	var back User
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("decoding our own encoding %s: %v", b, err)
	}
	if back.ID != u.ID || back.CompanyID != u.CompanyID || back.OfficeID != u.OfficeID ||
		!slices.Equal(back.AdminOfficeIDs, u.AdminOfficeIDs) || len(back.GroupDetails) != len(u.GroupDetails) {
		t.Fatalf("ids changed in a round trip through %s", b)
	}
	for i := range u.GroupDetails {
		if back.GroupDetails[i].GroupID != u.GroupDetails[i].GroupID {
			t.Fatalf("group_details[%d].group_id changed in a round trip through %s", i, b)
		}
	}
	for _, p := range [][2]Timestamp{{u.DateAdded, back.DateAdded}, {u.DateActive, back.DateActive},
		{u.DateFirstLogin, back.DateFirstLogin}, {u.OnDutyStarted, back.OnDutyStarted}, {u.DutyStatusStarted, back.DutyStatusStarted}} {
		if want := p[0].UTC().Truncate(1e9); !p[1].Equal(want) && (!p[0].IsZero() || !p[1].IsZero()) {
			t.Fatalf("timestamp %v came back as %v through %s", p[0], p[1], b)
		}
	}
}

// FuzzErrorEnvelope feeds arbitrary bodies and statuses to newAPIError: it
// must never panic, and Message must be one valid UTF-8 line of at most
// maxErrorMessage runes (plus an ellipsis), so that Error() stays one line.
func FuzzErrorEnvelope(f *testing.F) {
	f.Add(400, []byte(errorEnvelope), "")
	f.Add(502, []byte(html502), "")
	f.Add(429, []byte(`{"error":{"code":429,"message":"slow\ndown\r\n\u2028now"}}`), "30")
	f.Add(404, []byte(`{"error":{"errors":[{"reason":"notFound","message":"line one\nline two"}]}}`), "")
	f.Add(500, []byte(`{"error":null}`), "Wed, 21 Oct 2015 07:28:00 GMT")
	f.Add(503, []byte("<<<<>>>\xff\xfe<b>bold</b>\n\n\tspace"), "-1")
	f.Add(418, []byte(strings.Repeat("é", 5000)), "")
	f.Add(0, []byte(nil), "")

	f.Fuzz(func(t *testing.T, status int, body []byte, retryAfter string) {
		if len(body) > maxErrorBody {
			body = body[:maxErrorBody] // readResponse caps it the same way
		}
		hdr := http.Header{}
		if retryAfter != "" {
			hdr.Set("Retry-After", retryAfter)
		}
		e := newAPIError(http.MethodGet, "/api/v2/users/1", status, hdr, body)
		if strings.ContainsAny(e.Message, lineBreaks) {
			t.Fatalf("Message %q has a line break", e.Message)
		}
		if n := utf8.RuneCountInString(e.Message); n > maxErrorMessage+1 {
			t.Fatalf("Message has %d runes, want <= %d", n, maxErrorMessage+1)
		}
		if !utf8.ValidString(e.Message) {
			t.Fatalf("Message %q is not valid UTF-8", e.Message)
		}
		if e.Message != strings.TrimSpace(e.Message) || strings.Contains(e.Message, "  ") {
			t.Fatalf("Message %q has unfolded whitespace", e.Message)
		}
		if e.RetryAfter < 0 && (retryAfterSaturates || !hugeSeconds(retryAfter)) {
			t.Fatalf("RetryAfter = %v for Retry-After %q", e.RetryAfter, retryAfter)
		}
		msg := e.Error()
		if reasonIsOneLine || !strings.ContainsAny(e.Reason, lineBreaks) {
			if strings.ContainsAny(msg, lineBreaks) {
				t.Fatalf("Error() %q is not one line", msg)
			}
		}
		if !strings.HasPrefix(msg, "dialpad: GET /api/v2/users/1: ") {
			t.Fatalf("Error() = %q", msg)
		}
		if errors.Is(e, ErrRateLimited) != (status == http.StatusTooManyRequests) {
			t.Fatalf("errors.Is(ErrRateLimited) wrong for status %d", status)
		}
	})
}

// hugeSeconds reports whether v is a Retry-After in seconds too large for
// a time.Duration (see retryAfterSaturates).
func hugeSeconds(v string) bool {
	n, err := strconv.Atoi(v)
	return err == nil && n > int(math.MaxInt64/int64(time.Second))
}

// e164 is the E.164 rule as ValidateE164 documents it: + and 2 to 15
// digits, the first not zero.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)

// FuzzE164 checks isE164 against the regular expression.
func FuzzE164(f *testing.F) {
	for _, s := range []string{"+14155551001", "+1", "+12", "+0123", "+123456789012345", "+1234567890123456",
		"14155551001", "+1415555100a", "++1", "+", "", "+١٢٣", "+1 415", "+14155551001\n", "\n+14155551001", "+\u0661\u0662"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isE164(s), e164.MatchString(s); got != want {
			t.Fatalf("isE164(%q) = %v, the regexp says %v", s, got, want)
		}
		if err := checkE164("phone_number", s); (err == nil) != e164.MatchString(s) {
			t.Fatalf("checkE164(%q) = %v", s, err)
		}
	})
}

// FuzzPathEscape checks apiPath.build with an arbitrary path argument in each
// position: "", "." and ".." (and blank ids) are rejected; anything else
// becomes exactly one escaped segment, so the path has as many segments as
// there are arguments, no '/', '?' or '#' from the id survives unescaped,
// the segment unescapes back to the id, and the endpoint key (the limiter's)
// does not depend on the id.
func FuzzPathEscape(f *testing.F) {
	for _, s := range []string{"5835806903417907", "me", "", ".", "..", "...", " ", "\t", "a/b", "../users",
		"a?b=c", "a#frag", "%2F", "%2e%2e", "a b", "ü/é", "\x00", "a;b", "users/1/../../x", "?", "#", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		for _, tc := range []struct {
			p        apiPath
			segs     []string // the path's segments, unescaped
			endpoint string
		}{
			{pathTo("contacts").opaque("id", id), []string{"contacts", id}, "GET contacts/{}"},
			{pathTo("userdevices").opaque("id", id), []string{"userdevices", id}, "GET userdevices/{}"},
			{pathTo("users").id("userID", 1).then("deskphones").opaque("phoneID", id), []string{"users", "1", "deskphones", id}, "GET users/{}/deskphones/{}"},
		} {
			segs := tc.segs
			path, endpoint, err := tc.p.build(http.MethodGet)
			if id == "" || id == "." || id == ".." || strings.TrimSpace(id) == "" {
				var ve *ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("build(%q) = %q, %v; want a *ValidationError", segs, path, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("build(%q): %v", segs, err)
			}
			checkEscapedPath(t, id, path, segs)
			if endpoint != tc.endpoint {
				t.Fatalf("id %q: endpoint key %q, want %q", id, endpoint, tc.endpoint)
			}
		}
	})
}

// checkEscapedPath checks the path built with the argument id: the
// /api/v2/ prefix, one segment per entry of segs, each escaped (no '/',
// '?' or '#', no dot segment) and unescaping back to its entry, and a URL
// that parses back to the same path with no query or fragment.
func checkEscapedPath(t *testing.T, id, path string, segs []string) {
	t.Helper()
	rest, ok := strings.CutPrefix(path, apiPrefix)
	if !ok {
		t.Fatalf("path %q lacks the %s prefix", path, apiPrefix)
	}
	got := strings.Split(rest, "/")
	if len(got) != len(segs) {
		t.Fatalf("id %q: path %q has %d segments, want %d", id, path, len(got), len(segs))
	}
	for i, seg := range got {
		if strings.ContainsAny(seg, "/?#") {
			t.Fatalf("id %q: segment %q holds an unescaped / ? or #", id, seg)
		}
		if seg == "." || seg == ".." {
			t.Fatalf("id %q: segment %q is a dot segment", id, seg)
		}
		if back, err := url.PathUnescape(seg); err != nil || back != segs[i] {
			t.Fatalf("id %q: segment %q unescapes to %q, %v", id, seg, back, err)
		}
	}
	// The URL the request is built from keeps the same path.
	u, err := url.Parse("https://dialpad.com" + path)
	if err != nil {
		t.Fatalf("id %q: url.Parse(%q): %v", id, path, err)
	}
	if u.EscapedPath() != path || u.RawQuery != "" || u.Fragment != "" {
		t.Fatalf("id %q: %q parses to path %q, query %q, fragment %q", id, path, u.EscapedPath(), u.RawQuery, u.Fragment)
	}
}
