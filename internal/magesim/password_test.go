package magesim

import (
	"encoding/json"
	"strings"
	"testing"
)

// phpVectors are hashes of vectorPassword made by Magento's Encryptor::
// getHash logic in PHP 8.2 with libsodium 1.0.18 (sodium_crypto_pwhash),
// not by Go: magesim's verifier must accept them as Magento does.
const vectorPassword = "Analytical-Engine-1843"

var phpVectors = []string{
	"7c8ab94ea02c8812d99a5cd48ab404191bec16b293fb4b977d86424a2f6c3da3:AbCdEfGhIjKlMnOpQrStUvWxYz012345:1",
	"41ba390d0aeb90fd10d449ad1df140d0185a016950a677ec9d51a34794525522:AbCdEfGhIjKlMnOpQrStUvWxYz012345:2",
	"19685ab825c3a758a54f8ab0011015df6fb71929f24f44a09c189b5b6f8b9caf:shortsalt:2",
	"41ba390d0aeb90fd10d449ad1df140d0185a016950a677ec9d51a34794525522:AbCdEfGhIjKlMnOpQrStUvWxYz012345:3_32_2_67108864",
	// upgraded by bin/magento customer:hash:upgrade: SHA-256, then Argon2id over it
	"4e9c8aa240915b269416b8b425f13146d8b66dee04d9e18abb5a4c8a40f9a962:UpGrAdEdSaLt0123456789abcdefghij:1:2",
}

func TestPasswordMatchesMagentoHashes(t *testing.T) {
	for _, h := range phpVectors {
		if !passwordMatches(vectorPassword, h) {
			t.Errorf("Magento's hash %s does not verify", h)
		}
		if passwordMatches(vectorPassword+"x", h) {
			t.Errorf("a wrong password verifies against %s", h)
		}
	}
	v2 := phpVectors[1]
	for _, bad := range []string{
		strings.TrimSuffix(v2, ":2") + ":3",           // an unknown version
		strings.TrimSuffix(v2, ":2") + ":1",           // the wrong algorithm
		strings.TrimSuffix(v2, ":2"),                  // no version
		strings.Replace(v2, ":AbCd", ":XbCd", 1),      // another salt
		strings.TrimSuffix(v2, ":2") + ":3_32_2_1024", // other Argon2 parameters
		"", "plain",
	} {
		if passwordMatches(vectorPassword, bad) {
			t.Errorf("%q verifies", bad)
		}
	}
}

func TestNewPasswordHashVerifies(t *testing.T) {
	for _, v := range []string{"1", latestHashVersion(false), latestHashVersion(true)} {
		h := newPasswordHash(vectorPassword, v)
		if parts := strings.Split(h, ":"); len(parts) < 3 || len(parts[1]) != defaultSaltLength || strings.Join(parts[2:], ":") != v {
			t.Errorf("hash %q is not hash:salt:%s", h, v)
		}
		if !passwordMatches(vectorPassword, h) || passwordMatches("other", h) {
			t.Errorf("version %s hash does not verify its password alone", v)
		}
	}
}

// TestPasswordHashSignIn follows a password through the REST API: a
// create's password signs in; a passwordHash sent with a PUT replaces it;
// a sign-in moves an older hash to the latest version.
func TestPasswordHashSignIn(t *testing.T) {
	e := newEnv(t, Options{})
	signIn := func(email, password string) int {
		body, _ := json.Marshal(map[string]string{"username": email, "password": password})
		return e.request("POST", "/rest/V1/integration/customer/token", string(body), "").status
	}
	a := e.request("POST", customersPath, `{"customer":{"email":"ada@example.com","firstname":"Ada","lastname":"L","website_id":1},"password":"First-pass-1"}`, "")
	if a.status != 200 {
		t.Fatalf("create: %d %s", a.status, a.body)
	}
	id := int(a.json(t)["id"].(float64))
	if s := signIn("ada@example.com", "First-pass-1"); s != 200 {
		t.Fatalf("sign-in with the create's password: %d", s)
	}
	if c, _ := e.sim.Customer(id); !isLatestHash(c.PasswordHash, false) {
		t.Errorf("the sign-in left the hash %q, not the latest version", c.PasswordHash)
	}
	if s := signIn("ada@example.com", "First-pass-1"); s != 200 {
		t.Errorf("sign-in after the upgrade: %d", s)
	}
	put := `{"customer":{"id":` + itoa(id) + `,"email":"ada@example.com","firstname":"Ada","lastname":"L","website_id":1},"passwordHash":"` + phpVectors[1] + `"}`
	if a := e.admin("PUT", customersPath+"/"+itoa(id), put); a.status != 200 || strings.Contains(string(a.body), phpVectors[1]) {
		t.Fatalf("PUT with passwordHash: %d %s", a.status, a.body)
	}
	for _, tc := range []struct {
		email, password string
		want            int
	}{
		{"ada@example.com", vectorPassword, 200},
		{"ADA@example.com", vectorPassword, 200},
		{"ada@example.com", "First-pass-1", 401},
		{"nobody@example.com", vectorPassword, 401},
	} {
		if s := signIn(tc.email, tc.password); s != tc.want {
			t.Errorf("sign-in %s / %s: %d, want %d", tc.email, tc.password, s, tc.want)
		}
	}
	snake := strings.Replace(put, `"passwordHash"`, `"password_hash"`, 1)
	snake = strings.Replace(snake, phpVectors[1], phpVectors[0], 1)
	if a := e.admin("PUT", customersPath+"/"+itoa(id), snake); a.status != 200 {
		t.Fatalf("PUT with password_hash: %d %s", a.status, a.body)
	}
	if c, _ := e.sim.Customer(id); c.PasswordHash != phpVectors[0] {
		t.Errorf("password_hash was not stored: %q", c.PasswordHash)
	}
	if a := e.request("POST", "/rest/V1/integration/customer/token", `{"username":"ada@example.com"}`, ""); a.status != 400 {
		t.Errorf("sign-in without a password: %d %s", a.status, a.body)
	}
}
