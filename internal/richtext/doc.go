// Package richtext turns the Markdown people write in notes, descriptions
// and comments into HTML that is safe to put in a page: goldmark renders it
// (raw HTML in the text is dropped, not passed through) and bluemonday's
// user-content policy then removes anything that could run script. Of
// magecrm, it imports nothing.
package richtext
