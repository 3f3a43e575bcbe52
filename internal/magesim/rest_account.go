package magesim

import (
	"strings"
)

// validateCustomer is PUT /V1/customers/validate (AccountManagement::
// validate): the customer as sent, without its addresses, through the
// customer validators. It answers {"valid":bool,"messages":[…]} with the
// messages rendered; email uniqueness, group and website are not checked.
func (s *Sim) validateCustomer(c *call) ([]byte, *Error) {
	_, d, err := c.customerBody()
	if err != nil {
		return nil, err
	}
	var cust Customer
	applyFields(&cust, d)
	errs := validateCustomerFields(&cust, s.legacy(), s.opts.Now())
	b := append([]byte(`{"valid":`), boolText(len(errs) == 0)...)
	b = append(b, `,"messages":[`...)
	for i, e := range errs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, e.Rendered())
	}
	return append(b, "]}"...), nil
}

func boolText(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

// Password reset phrases of AccountManagement::initiatePasswordReset.
const (
	msgNoSuchEntity2 = "No such entity with %fieldName = %fieldValue, %field2Name = %field2Value"
	msgBadTemplate   = `Invalid value of "%value" provided for the %fieldName field. Possible values: %template1 or %template2.`
)

// initiatePasswordReset is PUT /V1/customers/password: {"email","template",
// "websiteId"}. It finds the customer by email in the website (the current
// store's when websiteId is left out), then mails the link: template
// email_reset (the reset link) or email_reminder. It answers true.
func (s *Sim) initiatePasswordReset(c *call) ([]byte, *Error) {
	body, err := c.jsonBody()
	if err != nil {
		return nil, err
	}
	email, _ := scalarString(body["email"])
	template, _ := scalarString(body["template"])
	website := c.store.WebsiteID
	if w, ok := body["websiteId"]; ok && w != nil {
		n, ok := toInt(w)
		if !ok {
			return nil, wrongType(stringOf(w), "int")
		}
		website = n
	}
	switch {
	case strings.TrimSpace(email) == "":
		return nil, requiredField("email")
	case template == "":
		return nil, requiredField("template")
	}
	cust, ok := c.st.CustomerByEmail(email, website)
	if !ok {
		return nil, &Error{Kind: KindNoSuchEntity, Message: msgNoSuchEntity2, Params: []Param{named("fieldName", "email"),
			named("fieldValue", email), named("field2Name", "websiteId"), named("field2Value", website)}}
	}
	if template != templateEmailReset && template != templateEmailReminder {
		return nil, inputError(msgBadTemplate, named("value", template), named("fieldName", "template"),
			named("template1", templateEmailReminder), named("template2", templateEmailReset))
	}
	s.mail(cust, template)
	return []byte("true"), nil
}
