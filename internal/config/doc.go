// Package config reads magecrm's settings from flags and MAGECRM_*
// environment variables; a flag given on the command line wins over the
// environment, which wins over the default. It prepares the data folder
// and keeps it, and an SQLite file in it, closed to other users.
//
// Of magecrm, it imports only: db (for the default database path).
package config
