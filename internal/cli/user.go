package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"magecrm/internal/config"
	"magecrm/internal/crm"
)

func init() {
	register("user", "add or list users (user add, user list)", runUser)
}

func runUser(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		fmt.Fprintln(os.Stderr, "Usage: magecrm user add|list [flags]   (magecrm user add -h for its flags)")
		return errUsage
	}
	if args[0] == "add" {
		return runUserAdd(ctx, args[1:], out)
	}
	return runUserList(ctx, args[1:], out)
}

func runUserAdd(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	var in crm.UserInput
	var role, unit string
	var fromStdin bool
	fs := newFlagSet("user add", "user add --username NAME [flags]", `Adds a user. The password is asked for on the terminal, or read from the
first line of standard input with --password-stdin (for scripts).`)
	set.Register(fs, false)
	fs.StringVar(&in.Username, "username", "", "user name to sign in with (required)")
	fs.StringVar(&in.Email, "email", "", "email address")
	fs.StringVar(&in.FirstName, "first-name", "", "first name")
	fs.StringVar(&in.LastName, "last-name", "", "last name")
	fs.StringVar(&role, "role", "", `role name (default "Sales Representative")`)
	fs.StringVar(&unit, "business-unit", "", "business unit name (default: the top unit)")
	fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from standard input")
	if err := parse(fs, args); err != nil {
		return err
	}
	if in.Username == "" {
		fmt.Fprintln(fs.Output(), "--username is required")
		fs.Usage()
		return errUsage
	}
	pw, err := readPassword(fromStdin)
	if err != nil {
		return err
	}
	in.Password = pw
	a, err := open(ctx, set)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.crm.AddUser(ctx, in, role, unit)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		fields := slices.Sorted(maps.Keys(fe))
		var b strings.Builder
		for _, f := range fields {
			fmt.Fprintf(&b, "\n  %s: %s", f, fe[f])
		}
		return errors.New("the user was not added:" + b.String())
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Added user %s (id %d).\n", u.Username, u.ID)
	return nil
}

// stdin is what --password-stdin reads; tests give their own.
var stdin io.Reader = os.Stdin

func readPassword(fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", err
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return "", errors.New("no terminal to ask for the password: use --password-stdin")
	}
	fmt.Fprint(os.Stderr, "Password: ")
	b, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(os.Stderr)
	return string(b), err
}

func runUserList(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	fs := newFlagSet("user list", "user list [flags]", "Lists every user with their business unit, roles and whether they are enabled.")
	set.Register(fs, false)
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := open(ctx, set)
	if err != nil {
		return err
	}
	defer a.Close()
	users, err := a.crm.AllUsers(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUSER NAME\tNAME\tEMAIL\tBUSINESS UNIT\tROLES\tENABLED")
	for _, u := range users {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%v\n", u.ID, u.Username, strings.TrimSpace(u.FirstName+" "+u.LastName), u.Email, u.BusinessUnitName, strings.Join(u.RoleNames, ", "), u.Enabled)
	}
	return tw.Flush()
}
