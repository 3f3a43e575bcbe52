package web

import "magecrm/internal/model"

// postalInputs is one postal address of a form (a contact's or an
// account's), its inputs named Prefix+"street", Prefix+"city" and so on.
type postalInputs struct {
	View      *view
	Prefix    string
	Countries []model.Country
}

// postal gives the "postal" template the address of a form at prefix.
func postal(v *view, prefix string) postalInputs {
	return postalInputs{View: v, Prefix: prefix, Countries: model.Countries()}
}

// Name is the input name of a field of the address.
func (p postalInputs) Name(field string) string { return p.Prefix + field }

// Val is what was typed in a field of the address.
func (p postalInputs) Val(field string) string { return p.View.Val(p.Prefix + field) }

// Err is the message for a field of the address.
func (p postalInputs) Err(field string) string { return p.View.Err(p.Prefix + field) }
