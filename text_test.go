package dialpad

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestControlCharactersStripped: control characters from an error body never
// reach Error().
func TestControlCharactersStripped(t *testing.T) {
	t.Parallel()
	evil := "User\x1b[31m not\u202e found\x00\u2066 here\u200b\x7f\u0085now\u2028end"
	body, err := json.Marshal(map[string]any{"error": map[string]any{
		"message": evil,
		"errors":  []map[string]string{{"reason": "not\x1b[0mFound\u202e", "message": evil}},
	}})
	require.NoError(t, err)
	for name, b := range map[string]string{"JSON": string(body), "text": evil, "HTML": "<title>" + evil + "</title>"} {
		srv, _ := plumbingServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, b)
		})
		_, err := plumbingClient(t, srv.URL).Users.Get(context.Background(), 1)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr, name)
		for what, s := range map[string]string{"Error()": err.Error(), "Message": apiErr.Message, "Reason": apiErr.Reason} {
			assert.False(t, strings.ContainsFunc(s, func(r rune) bool {
				return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
			}), "%s %s = %q", name, what, s)
		}
		assert.Equal(t, "User[31m not found here now end", apiErr.Message, name)
	}
	// Hand-built errors print cleanly too.
	e := &APIError{Method: "GET", Path: "/api/v2/users/1", StatusCode: 404, Message: "a\x1b]0;pwned\x07b", Reason: "x\ny"}
	assert.Equal(t, "dialpad: GET /api/v2/users/1: 404 Not Found: a]0;pwnedb (x y)", e.Error())
}

func TestExcerpt(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 1000)
	cases := []struct{ name, body, want string }{
		{"title", "<html><head><title>\n  503 Service\n Unavailable </title></head><body>x</body></html>", "503 Service Unavailable"},
		{"title with entities", "<title>Error &amp; more</title>", "Error & more"},
		{"no title", "<html><head><style>p { color: red }</style><script>var x = '<b>';</script></head><body><h1>Bad</h1> <p>gateway</p></body></html>", "Bad gateway"},
		{"empty title", "<title></title><p>upstream timed out</p>", "upstream timed out"},
		{"unclosed tag", "<p>half", "half"},
		{"non-ASCII case", "<html><body>İİİ <TITLE>Ünavailable</TITLE></body></html>", "Ünavailable"}, // unicode lower-casing would shift offsets
		{"invalid UTF-8", "<p>\xff\xfe</p><title>Down</title>", "Down"},
		{"tag at the end", "text <", "text"},
		{"text", "line one\nline two\tend", "line one line two end"},
	}
	for _, tc := range cases {
		if got := excerpt([]byte(tc.body)); got != tc.want {
			t.Errorf("%s: excerpt = %q, want %q", tc.name, got, tc.want)
		}
	}
	got := excerpt([]byte(long))
	if n := utf8.RuneCountInString(got); n != maxErrorMessage+1 || !strings.HasSuffix(got, "…") {
		t.Errorf("long body: %d runes %q, want %d and an ellipsis", n, got, maxErrorMessage+1)
	}
	if got := excerpt([]byte(strings.Repeat("€", 5000))); !utf8.ValidString(got) {
		t.Errorf("cut through a rune: %q", got)
	}
}

// excerpt turns a non-JSON error body (an HTML error page, plain text) into a
// short single line: excerptText, cut to maxErrorMessage characters.
func excerpt(body []byte) string {
	return cut(excerptText(body), maxErrorMessage)
}
