package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"magecrm/internal/config"
	"magecrm/internal/crm"
	"magecrm/internal/model"
)

func init() {
	register("token", "create, list or revoke API tokens (token create, token list, token revoke)", runToken)
}

func runToken(ctx context.Context, args []string, out io.Writer) error {
	return runSub(ctx, args, out, "Usage: magecrm token create|list|revoke [flags]   (magecrm token create -h for its flags)",
		map[string]func(context.Context, []string, io.Writer) error{"create": runTokenCreate, "list": runTokenList, "revoke": runTokenRevoke})
}

func runTokenCreate(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	var user string
	var in crm.APITokenInput
	var readWrite bool
	fs := newFlagSet("token create", "token create --user NAME --name TEXT [flags]", `Makes a personal access token for a user and prints it on standard output,
alone on its line, for scripts. It is shown this once: magecrm keeps only a hash.
The token acts as the user, with the user's roles.`)
	set.Register(fs, false)
	fs.StringVar(&user, "user", "", "user name the token acts as (required)")
	fs.StringVar(&in.Name, "name", "", `what the token is for, e.g. "ERP export" (required)`)
	fs.IntVar(&in.ExpiresInDays, "expires-in-days", 90, "lifetime in days: 7, 30, 90, 365, or 0 for no expiry")
	fs.BoolVar(&readWrite, "read-write", false, "allow changes (default: read only)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if user == "" {
		fmt.Fprintln(fs.Output(), "--user is required")
		fs.Usage()
		return errUsage
	}
	in.ReadOnly = !readWrite
	a, err := open(ctx, set)
	if err != nil {
		return err
	}
	defer a.Close()
	sess, err := userSession(ctx, a.crm, user)
	if err != nil {
		return err
	}
	t, token, err := a.crm.CreateAPIToken(ctx, sess, in)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		var b strings.Builder
		for _, f := range slices.Sorted(maps.Keys(fe)) {
			fmt.Fprintf(&b, "\n  --%s: %s", strings.ReplaceAll(f, "_", "-"), fe[f])
		}
		return errors.New("the token was not made:" + b.String())
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(out, token)
	fmt.Fprintf(os.Stderr, "Made token %d %q for %s (%s, %s). It is shown only now.\n", t.ID, t.Name, sess.User.Username, access(t.ReadOnly), expiry(t.ExpiresAt))
	return nil
}

func access(readOnly bool) string {
	if readOnly {
		return "read only"
	}
	return "read and write"
}

func expiry(t time.Time) string {
	if t.IsZero() {
		return "never expires"
	}
	return "expires " + t.UTC().Format("2006-01-02 15:04 UTC")
}

func runTokenList(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	var user string
	fs := newFlagSet("token list", "token list [--user NAME] [flags]", "Lists API tokens (never the tokens themselves: their first characters), every user's or one user's.")
	set.Register(fs, false)
	fs.StringVar(&user, "user", "", "only this user's tokens")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := open(ctx, set)
	if err != nil {
		return err
	}
	defer a.Close()
	tokens, err := listTokens(ctx, a.crm, user)
	if err != nil {
		return err
	}
	now := a.crm.Now()
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUSER\tNAME\tTOKEN\tACCESS\tEXPIRES\tLAST USED\tSTATUS")
	for _, t := range tokens {
		used := "never"
		if !t.LastUsedAt.IsZero() {
			used = t.LastUsedAt.UTC().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s…\t%s\t%s\t%s\t%s\n", t.ID, t.UserName, t.Name, t.Prefix, access(t.ReadOnly),
			expiry(t.ExpiresAt), used, t.Status(now))
	}
	return tw.Flush()
}

// listTokens lists every token, or one user's.
func listTokens(ctx context.Context, svc *crm.Service, user string) ([]model.APIToken, error) {
	if user == "" {
		return svc.EveryAPIToken(ctx)
	}
	sess, err := userSession(ctx, svc, user)
	if err != nil {
		return nil, err
	}
	return svc.APITokens(ctx, sess)
}

// userSession signs a user in by name, or says how to find the name.
func userSession(ctx context.Context, svc *crm.Service, user string) (*crm.Session, error) {
	sess, err := svc.UserSession(ctx, user)
	if errors.Is(err, crm.ErrNotFound) {
		return nil, fmt.Errorf("no enabled user is named %q (magecrm user list shows them)", user)
	}
	return sess, err
}

func runTokenRevoke(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	fs := newFlagSet("token revoke", "token revoke [flags] ID", "Revokes a token by its id (from token list): requests signed with it are refused at once.")
	set.Register(fs, false)
	// The id may come before the flags or after them.
	var idArg []string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		idArg, args = args[:1], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	idArg = append(idArg, fs.Args()...)
	id, err := strconv.ParseInt(strings.Join(idArg, " "), 10, 64)
	if len(idArg) != 1 || err != nil {
		fmt.Fprintln(fs.Output(), "give the id of one token, from magecrm token list")
		fs.Usage()
		return errUsage
	}
	a, err := open(ctx, set)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.crm.RevokeAnyAPIToken(ctx, id); errors.Is(err, crm.ErrNotFound) {
		return fmt.Errorf("there is no token %d (magecrm token list shows them)", id)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(out, "Revoked token %d.\n", id)
	return nil
}
