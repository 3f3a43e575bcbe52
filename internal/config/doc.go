// Package config reads magecrm's settings from flags and MAGECRM_*
// environment variables; a flag given on the command line wins over the
// environment, which wins over the default.
//
// Of magecrm, it imports only: db (for the default database path).
package config
