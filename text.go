package dialpad

import (
	"bytes"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error-text cleaning: what the SDK quotes of a server's text (an error
// message, an HTML error page, a redirect's Location) is made into one
// short, printable line first.

// excerptText turns a non-JSON error body into a single line. For HTML that
// is the page's <title> when it has one, otherwise its text without tags,
// scripts and styles; whitespace is folded and control characters dropped.
func excerptText(body []byte) string {
	if len(body) > 4096 {
		body = body[:4096]
	}
	if !bytes.Contains(body, []byte("<")) {
		return clean(string(body))
	}
	lower := asciiLower(body)
	if i := bytes.Index(lower, []byte("<title")); i >= 0 {
		if j := bytes.IndexByte(lower[i:], '>'); j >= 0 {
			start := i + j + 1
			end := bytes.Index(lower[start:], []byte("</title"))
			if end > 0 {
				if t := clean(html.UnescapeString(string(body[start : start+end]))); t != "" {
					return t
				}
			}
		}
	}
	var out []byte
	for i := 0; i < len(body); {
		c := body[i]
		if c != '<' {
			out = append(out, c)
			i++
			continue
		}
		// Skip the tag, and a script's or a style's whole content.
		for _, skip := range []string{"script", "style"} {
			if bytes.HasPrefix(lower[i+1:], []byte(skip)) {
				if k := bytes.Index(lower[i:], []byte("</"+skip)); k >= 0 {
					i += k + 1
				}
				break
			}
		}
		k := bytes.IndexByte(body[i:], '>')
		if k < 0 {
			break
		}
		i += k + 1
		out = append(out, ' ')
	}
	return clean(html.UnescapeString(string(out)))
}

// asciiLower lower-cases the ASCII letters of b into a new slice of the same
// length, so that offsets found in it hold in b (bytes.ToLower may change
// lengths: "İ" grows, invalid UTF-8 becomes U+FFFD).
func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// oneLine is clean, then cut to at most max runes.
func oneLine(s string, max int) string {
	return cut(clean(s), max)
}

// clean makes s safe to print on one line: invalid UTF-8 is dropped, every
// run of white space (line and paragraph separators and NEL included)
// becomes one space, and control and format characters (ESC, NUL, DEL,
// bidirectional overrides such as U+202E, zero-width characters) are
// removed, so that a server's text cannot restyle, reorder or split the
// line it is printed in.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.ToValidUTF8(s, "") {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isClean reports whether clean(s) == s, cheaply for the usual ASCII text.
func isClean(s string) bool {
	prevSpace := true // no leading space
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return false // let clean look at the runes
		}
		if c < 0x20 || c == 0x7f {
			return false
		}
		if c == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

// cut shortens s to at most max runes, marking a cut with an ellipsis.
func cut(s string, max int) string {
	if len(s) <= max || utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
