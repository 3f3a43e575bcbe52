// Package cli implements magecrm's subcommands. cmd/magecrm only hands it
// the arguments; each subcommand parses its own flags and explains itself
// with -h.
//
// cli.go assembles the parts over one store (the crm service and the sync
// engine); past that, subcommands work only through crm and magentosync and
// never reach into the store; serve.go opens the attachments folder for the
// crm service. Of magecrm, it imports only: api (in serve.go only), config,
// crm, db, files (in serve.go only), magento, magentosync, magesim (for
// demo), model, push (serve starts the pusher), secret, web and store (in
// cli.go only).
package cli
