package magesim

import "strconv"

// countriesInfo is GET /V1/directory/countries (CountryInformationAcquirer::
// getCountriesInfo): the allowed countries, each with available_regions
// when it has any. A region's id is a string there (RegionInformationInterface).
// Names are English whatever the store's locale.
func (s *Sim) countriesInfo(c *call) ([]byte, *Error) {
	b := []byte{'['}
	for i, ct := range countries {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCountry(b, ct)
	}
	return append(b, ']'), nil
}

// countryInfo is GET /V1/directory/countries/{countryId}.
func (s *Sim) countryInfo(c *call) ([]byte, *Error) {
	id := c.r.PathValue("countryId")
	for _, ct := range countries {
		if ct.ID == id {
			return appendCountry(nil, ct), nil
		}
	}
	return nil, &Error{Kind: KindNoSuchEntity, Message: msgCountryNotAvailable}
}

// msgCountryNotAvailable is CountryInformationAcquirer's refusal of a
// country that is not allowed.
const msgCountryNotAvailable = "Requested country is not available."

func appendCountry(b []byte, ct directoryCountry) []byte {
	b = append(b, '{')
	b = appendStringField(b, "id", ct.ID)
	b = appendStringField(b, "two_letter_abbreviation", ct.ID)
	b = appendStringField(b, "three_letter_abbreviation", ct.ISO3)
	b = appendStringField(b, "full_name_locale", ct.Name)
	b = appendStringField(b, "full_name_english", ct.Name)
	if list := regions[ct.ID]; len(list) > 0 {
		b = append(appendField(b, "available_regions"), '[')
		for j, r := range list {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			b = appendStringField(b, "id", strconv.Itoa(r.ID))
			b = appendStringField(b, "code", r.Code)
			b = appendStringField(b, "name", r.Name)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}
