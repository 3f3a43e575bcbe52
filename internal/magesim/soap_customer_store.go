package magesim

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// CustomerFields is a customer as Magento 1's customerCustomerCreate and
// customerCustomerUpdate receive it: nil fields were not sent.
type CustomerFields struct {
	Email, Firstname, Lastname, Middlename, Prefix, Suffix *string
	Dob, Taxvat, Password                                  *string
	WebsiteID, StoreID, GroupID, Gender                    *int
}

// M1Refusal is why Magento 1 refused a customer save: the fault code
// (100 data_invalid when the API caught Magento's exception, 1 internal
// when it did not) and Magento's message.
type M1Refusal struct {
	Code    int
	Message string
}

// Magento 1's customer save messages (Mage_Customer_Model_Resource_Customer,
// the password and datetime attribute backends), as OpenMage 20 answers them.
const (
	msgM1EmailRequired   = "Customer email is required"
	msgM1DuplicateEmail  = "This customer email already exists"
	msgM1PasswordTooShrt = "The password must have at least 7 characters. Leading or trailing spaces will be ignored."
	msgM1InvalidDate     = "Invalid date"
	m1MinPasswordLength  = 7 // Mage_Core_Model_App::ABSOLUTE_MIN_PASSWORD_LENGTH
)

// CreateM1Customer saves a new customer as OpenMage's customer API does:
// the fields as sent, without the name, email-format or group checks of the
// storefront forms. Without website_id and store_id the customer lands in
// the admin scope (website 0, store 0, created in "Admin"); a store id does
// not set the website. The new account awaits email confirmation
// (customer/create_account/confirm is on in a fresh store).
func (st *Store) CreateM1Customer(f CustomerFields) (int, *M1Refusal) {
	st.mu.Lock()
	defer st.mu.Unlock()
	now := st.nowUnix()
	c := Customer{GroupID: defaultGroupID, CreatedAt: now, UpdatedAt: now,
		Confirmation: fmt.Sprintf("%x", sha256.Sum256([]byte(deref(f.Email)+strconv.FormatInt(now, 10))))[:32]}
	if r := st.applyM1(&c, f, false); r != nil {
		return 0, r
	}
	if f.Password != nil {
		if r := setM1Password(&c, *f.Password); r != nil {
			return 0, r
		}
	}
	if r := st.checkM1Save(&c, 0); r != nil {
		return 0, &M1Refusal{100, r.Message} // create catches Mage_Core_Exception: data_invalid
	}
	return st.insert(c).ID, nil
}

// UpdateM1Customer saves the sent fields of a customer as OpenMage's
// customerCustomerUpdate does. It catches no exception, so a refused save
// is fault 1. A password is not an attribute the update sets: it is
// ignored (OpenMage 20.0.20 answers true and keeps the old password).
func (st *Store) UpdateM1Customer(id int, f CustomerFields) (found bool, refusal *M1Refusal) {
	st.mu.Lock()
	defer st.mu.Unlock()
	next, ok := st.get(id)
	if !ok {
		return false, nil
	}
	if r := st.applyM1(&next, f, true); r != nil {
		return true, r
	}
	if r := st.checkM1Save(&next, id); r != nil {
		return true, r
	}
	next.UpdatedAt = st.nowUnix()
	st.replace(next)
	return true, nil
}

// applyM1 copies the sent fields. Website and store must exist (foreign
// keys); dob must be a date, and an impossible day rolls over as PHP's
// date handling does (1980-02-30 is 1980-03-01).
func (st *Store) applyM1(c *Customer, f CustomerFields, update bool) *M1Refusal {
	for _, s := range []struct {
		src *string
		dst *string
	}{{f.Email, &c.Email}, {f.Firstname, &c.Firstname}, {f.Lastname, &c.Lastname}, {f.Middlename, &c.Middlename},
		{f.Prefix, &c.Prefix}, {f.Suffix, &c.Suffix}, {f.Taxvat, &c.Taxvat}} {
		if s.src != nil {
			*s.dst = *s.src
		}
	}
	if f.Dob != nil {
		dob, ok := m1Date(*f.Dob)
		if !ok {
			return &M1Refusal{1, msgM1InvalidDate}
		}
		c.Dob = dob
	}
	if f.GroupID != nil {
		c.GroupID = *f.GroupID
	}
	if f.Gender != nil {
		c.Gender = *f.Gender
	}
	if f.WebsiteID != nil {
		if _, ok := findWebsite(*f.WebsiteID); !ok {
			return &M1Refusal{1, foreignKeyMessage("customer_entity", "WEBSITE_ID", "core_website", "website_id")}
		}
		c.WebsiteID = *f.WebsiteID
	}
	if f.StoreID != nil {
		sv, ok := findStoreView(*f.StoreID)
		if !ok {
			return &M1Refusal{1, foreignKeyMessage("customer_entity", "STORE_ID", "core_store", "store_id")}
		}
		c.StoreID = sv.ID
		if !update {
			c.CreatedIn = sv.Name
		}
	}
	if !update && c.StoreID == 0 {
		c.CreatedIn = "Admin"
	}
	return nil
}

// checkM1Save is the customer resource's _beforeSave: an email, unique in
// the website (customer/account_share/scope = 1).
func (st *Store) checkM1Save(c *Customer, exceptID int) *M1Refusal {
	if c.Email == "" {
		return &M1Refusal{1, msgM1EmailRequired}
	}
	if st.emailTaken(c.Email, c.WebsiteID, exceptID) {
		return &M1Refusal{1, msgM1DuplicateEmail}
	}
	return nil
}

// setM1Password is the password attribute backend: trimmed, at least 7
// characters, hashed.
func setM1Password(c *Customer, pw string) *M1Refusal {
	pw = strings.TrimSpace(pw)
	if pw == "" {
		return nil
	}
	if len([]rune(pw)) < m1MinPasswordLength {
		return &M1Refusal{1, msgM1PasswordTooShrt}
	}
	sum := sha256.Sum256([]byte(pw))
	c.PasswordHash = hex.EncodeToString(sum[:]) + ":magesim"
	return nil
}

var m1DatePattern = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$`)

// m1Date reads a date the way the datetime backend does, normalised to Y-m-d.
func m1Date(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	m := m1DatePattern.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).Format("2006-01-02"), true
}

// foreignKeyMessage is MySQL's refusal as PHP passes it on.
func foreignKeyMessage(table, column, parent, parentColumn string) string {
	return fmt.Sprintf("SQLSTATE[23000]: Integrity constraint violation: 1452 Cannot add or update a child row: "+
		"a foreign key constraint fails (`magento`.`%s`, CONSTRAINT `FK_CUSTOMER_ENTITY_%s_%s_%s` FOREIGN KEY (`%s`) "+
		"REFERENCES `%s` (`%s`) ON DELETE SET NULL ON UPDATE CASCADE)", table, column, strings.ToUpper(parent),
		strings.ToUpper(parentColumn), parentColumn, parent, parentColumn)
}
