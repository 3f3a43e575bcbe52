package magento

import (
	"net/http"
	"strings"
	"testing"
)

func TestCheckSentences(t *testing.T) {
	acl := parseError(call{method: "GET", path: "/V1/store/storeViews"}, &http.Response{StatusCode: 401},
		[]byte(`{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Backend::store"}}`))
	if fix := callFix(acl); !strings.Contains(fix, "lack the ACL resource Magento_Backend::store") {
		t.Errorf("missing ACL: %q", fix)
	}
	// One of two calls refused: the credentials work, a grant is missing.
	if s := credentialsStep(Bearer, acl, nil); !s.OK {
		t.Errorf("one refusal taken for bad credentials: %+v", s)
	}
	if s := credentialsStep(Bearer, acl, acl); s.OK || !strings.Contains(s.Fix, "standalone Bearer tokens") {
		t.Errorf("bearer refused: %+v", s)
	}
	if s := credentialsStep(OAuth, acl, acl); s.OK || !strings.Contains(s.Fix, "OAuth signature") {
		t.Errorf("OAuth refused: %+v", s)
	}
}
