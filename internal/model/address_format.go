package model

import "strings"

// localityFormats say how each country writes the line (or lines) with
// city, region and postcode, as its post expects: {C} city, {R} region
// name, {r} region code, {P} postcode, "\n" a new line. Countries not
// listed write "{P} {C}" with the region on its own line.
var localityFormats = map[string]string{
	"US": "{C}, {R} {P}", "CA": "{C}, {R} {P}", "AU": "{C} {r} {P}", "NZ": "{C} {P}",
	"GB": "{C}\n{P}", "IE": "{C}\n{R}\n{P}",
	"IT": "{P} {C} {r}", "ES": "{P} {C}\n{R}", "BR": "{C} - {r}\n{P}", "MX": "{P} {C}, {R}",
	"JP": "{P}\n{R} {C}", "CN": "{P}\n{R} {C}", "IN": "{C} {P}\n{R}",
}

// defaultLocality is the format of countries localityFormats leaves out:
// most of Europe writes the postcode before the city.
const defaultLocality = "{P} {C}\n{R}"

// Lines returns the address as its country writes it on an envelope, one
// line each, without empty lines: name, company, street, locality,
// country.
func (a *Address) Lines() []string {
	var lines []string
	add := func(s string) {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			lines = append(lines, s)
		}
	}
	add(strings.Join([]string{a.Prefix, a.FirstName, a.MiddleName, a.LastName, a.Suffix}, " "))
	add(a.Company)
	for _, s := range a.Street {
		add(s)
	}
	for _, l := range strings.Split(a.Locality(), "\n") {
		add(l)
	}
	if a.CountryID != "" {
		add(CountryName(a.CountryID))
	}
	return lines
}

// Locality is the city, region and postcode part of the address, in its
// country's format (lines separated by "\n").
func (a *Address) Locality() string {
	f, ok := localityFormats[a.CountryID]
	if !ok {
		f = defaultLocality
	}
	region := a.Region
	if region == "" {
		region = a.RegionCode
	}
	code := a.RegionCode
	if code == "" {
		code = a.Region
	}
	s := strings.NewReplacer("{C}", a.City, "{R}", region, "{r}", code, "{P}", a.PostCode).Replace(f)
	var out []string
	for _, l := range strings.Split(s, "\n") {
		// Drop what separated a part that is empty: "Austin, " or ", 78701".
		l = strings.Trim(strings.TrimSpace(l), ",- ")
		l = strings.ReplaceAll(l, " ,", ",")
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
