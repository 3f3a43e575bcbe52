package magesim

// customerToken is POST /V1/integration/customer/token: {"username",
// "password"}, the customer's sign-in (CustomerTokenService::
// createCustomerAccessToken). It finds the customer by email in the current
// store's website and checks the password against the stored hash
// (Encryptor::isValidHash); a customer still waiting to confirm the email
// cannot sign in. Every refusal is the one 401 Magento answers. It answers
// a token as a JSON string; magesim serves no customer ("self") routes to
// use it with.
func (s *Sim) customerToken(c *call) ([]byte, *Error) {
	user, pass, err := c.signInBody()
	if err != nil {
		return nil, err
	}
	if !c.st.AuthenticateCustomer(user, c.store.WebsiteID, pass) {
		return nil, &Error{Kind: KindAuth, Message: msgBadSignIn}
	}
	return appendString(nil, randomToken()), nil
}

// AuthenticateCustomer is AccountManagement::authenticate: whether the
// customer with this email in the website (any website when accounts are
// shared) exists, has confirmed the email, and has this password. As the
// customer_customer_authenticated observer (UpgradeCustomerPasswordObserver)
// does, a hash not in the latest version is replaced by one that is, which
// saves the customer.
func (st *Store) AuthenticateCustomer(email string, websiteID int, password string) bool {
	c, ok := st.CustomerByEmail(email, websiteID)
	if !ok || c.Confirmation != "" || !passwordMatches(password, c.PasswordHash) {
		return false
	}
	if isLatestHash(c.PasswordHash, st.legacy) {
		return true
	}
	upgraded := newPasswordHash(password, latestHashVersion(st.legacy))
	st.mu.Lock()
	defer st.mu.Unlock()
	if cur, ok := st.get(c.ID); ok && cur.PasswordHash == c.PasswordHash {
		cur.PasswordHash = upgraded
		cur.UpdatedAt = st.nowUnix()
		st.replace(cur)
	}
	return true
}
