package richtext

import (
	"strings"
	"testing"
)

func TestHTMLKeepsFormattingAndDropsScript(t *testing.T) {
	cases := []struct {
		name, src    string
		want, absent []string
	}{
		{"paragraphs and emphasis", "Called **Jane**.\n\nShe wants a _quote_.", []string{"<p>Called <strong>Jane</strong>.</p>", "<em>quote</em>"}, nil},
		{"lists", "- one\n- two", []string{"<ul>", "<li>one</li>"}, nil},
		{"links", "[shop](https://shop.example.com/)", []string{`href="https://shop.example.com/"`, `rel="nofollow noopener"`}, nil},
		{"raw script", "hi <script>alert(1)</script>", []string{"hi"}, []string{"<script", "alert(1)</script>"}},
		{"javascript link", "[x](javascript:alert(1))", nil, []string{"javascript:"}},
		{"event handler", `<img src=x onerror="alert(1)">`, nil, []string{"onerror"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := string(HTML(c.src))
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML(%q) = %q, want it to contain %q", c.src, got, w)
				}
			}
			for _, a := range c.absent {
				if strings.Contains(got, a) {
					t.Errorf("HTML(%q) = %q, must not contain %q", c.src, got, a)
				}
			}
		})
	}
}
