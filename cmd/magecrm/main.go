// Command magecrm is a CRM for merchants who sell on Magento. Run
// "magecrm --help" for its commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"magecrm/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
