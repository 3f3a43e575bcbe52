// Package cli implements magecrm's subcommands. cmd/magecrm only hands it
// the arguments; each subcommand parses its own flags and explains itself
// with -h.
package cli
