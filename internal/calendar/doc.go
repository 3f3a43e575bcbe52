// Package calendar writes calendar events as iCalendar (RFC 5545, .ics)
// with golang-ical, for one event's download and a user's calendar feed.
// Of magecrm, it imports only: model.
package calendar
