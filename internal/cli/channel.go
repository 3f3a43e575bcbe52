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
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"magecrm/internal/config"
	"magecrm/internal/crm"
	"magecrm/internal/magento"
	"magecrm/internal/model"
)

func init() {
	register("channel", "add, list or check Magento channels (channel add, channel list, channel check)", runChannel)
}

func runChannel(ctx context.Context, args []string, out io.Writer) error {
	sub := map[string]func(context.Context, []string, io.Writer) error{
		"add": runChannelAdd, "list": runChannelList, "check": runChannelCheck,
	}
	if len(args) == 0 || sub[args[0]] == nil {
		fmt.Fprintln(os.Stderr, "Usage: magecrm channel add|list|check [flags]   (magecrm channel add -h for its flags)")
		return errUsage
	}
	return sub[args[0]](ctx, args[1:], out)
}

// secretPrompts are the secrets each auth kind asks for, in the order
// --secrets-stdin reads them.
var secretPrompts = map[model.AuthKind][]string{
	model.AuthAdminToken: {"Admin password"},
	model.AuthBearer:     {"Access token"},
	model.AuthOAuth:      {"Consumer key", "Consumer secret", "Access token", "Access token secret"},
}

func runChannelAdd(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	var in crm.ChannelInput
	var owner string
	var disabled, fromStdin bool
	fs := newFlagSet("channel add", "channel add --name NAME --url URL [flags]", `Adds a Magento 2 channel. Its secrets are never given as flags (they would
stay in the shell's history): they are asked for on the terminal, or read
from standard input with --secrets-stdin, one a line:
  admin_token: the admin password
  bearer:      the access token
  oauth:       consumer key, consumer secret, access token, access token secret
Check the connection afterwards with "magecrm channel check --channel NAME".`)
	set.Register(fs, false)
	fs.StringVar(&in.Name, "name", "", "the channel's name (required)")
	fs.StringVar(&in.BaseURL, "url", "", "the store's base URL, e.g. https://shop.example.com/ (required)")
	fs.StringVar(&in.AdminURL, "admin-url", "", "Magento admin URL, e.g. https://shop.example.com/admin")
	fs.StringVar(&in.AuthKind, "auth", string(model.AuthAdminToken), "how to sign in: admin_token, bearer or oauth")
	fs.StringVar(&in.Credentials.Username, "username", "", "the admin user name (admin_token)")
	fs.StringVar(&in.Website, "website", strconv.Itoa(model.AllWebsites), "Magento website id, or -1 for all websites")
	fs.StringVar(&in.SyncStartDate, "start-date", crm.DefaultSyncStartDate, "import customers created from this day (YYYY-MM-DD)")
	fs.BoolVar(&in.TwoWay, "two-way", false, "send changes made in magecrm to Magento")
	fs.StringVar(&in.Priority, "priority", string(model.RemoteWins), "whose change wins when both changed a field: remote or local")
	fs.StringVar(&owner, "default-owner", "admin", "user name of the owner of imported customers")
	fs.StringVar(&in.SyncInterval, "interval", strconv.Itoa(crm.DefaultSyncInterval), "minutes between syncs (1 to 1440)")
	fs.StringVar(&in.CAFile, "ca-file", "", "PEM file of the certificate authority that signed the store's certificate")
	fs.BoolVar(&in.SkipTLSVerify, "skip-tls-verify", false, "accept any certificate (test stores only)")
	fs.BoolVar(&disabled, "disabled", false, "add the channel without syncing it until it is enabled")
	fs.BoolVar(&fromStdin, "secrets-stdin", false, "read the secrets from standard input, one a line")
	if err := parse(fs, args); err != nil {
		return err
	}
	if in.Name == "" || in.BaseURL == "" {
		fmt.Fprintln(fs.Output(), "--name and --url are required")
		fs.Usage()
		return errUsage
	}
	in.Enabled = !disabled
	if err := readChannelSecrets(&in, fromStdin); err != nil {
		return err
	}
	a, err := open(ctx, set)
	if err != nil {
		return err
	}
	defer a.Close()
	ch, err := a.crm.AddChannel(ctx, in, owner)
	var fe crm.FieldErrors
	if errors.As(err, &fe) {
		return errors.New("the channel was not added:" + describeFieldErrors(fe))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Added channel %s (id %d). Check it with: magecrm channel check --channel %q\n", ch.Name, ch.ID, ch.Name)
	return nil
}

// channelFlags names the flag of each field the service may complain about.
var channelFlags = map[string]string{
	"name": "--name", "base_url": "--url", "admin_url": "--admin-url", "auth_kind": "--auth", "username": "--username",
	"password": "admin password", "access_token": "access token", "consumer_key": "consumer key",
	"consumer_secret": "consumer secret", "access_token_secret": "access token secret", "website": "--website",
	"sync_start_date": "--start-date", "priority": "--priority", "default_owner": "--default-owner", "sync_interval": "--interval",
}

// describeFieldErrors writes each rejected field on its own line, named
// by its flag.
func describeFieldErrors(fe crm.FieldErrors) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(fe)) {
		name := channelFlags[k]
		if name == "" {
			name = k
		}
		fmt.Fprintf(&b, "\n  %s: %s", name, fe[k])
	}
	return b.String()
}

// readChannelSecrets fills the secrets the auth kind needs, from standard
// input or the terminal. An unknown kind reads nothing: validation says so.
func readChannelSecrets(in *crm.ChannelInput, fromStdin bool) error {
	prompts := secretPrompts[model.AuthKind(in.AuthKind)]
	if len(prompts) == 0 {
		return nil
	}
	values := make([]string, len(prompts))
	if fromStdin {
		r := bufio.NewReader(stdin)
		for i := range prompts {
			line, err := r.ReadString('\n')
			if err != nil && !(errors.Is(err, io.EOF) && line != "") {
				return fmt.Errorf("--secrets-stdin: expected %d lines (%s), got %d", len(prompts), strings.Join(prompts, ", "), i)
			}
			values[i] = strings.TrimRight(line, "\r\n")
		}
	} else {
		if !term.IsTerminal(int(os.Stdin.Fd())) {
			return errors.New("no terminal to ask for the channel's secrets: use --secrets-stdin")
		}
		for i, p := range prompts {
			fmt.Fprintf(os.Stderr, "%s: ", p)
			b, err := term.ReadPassword(int(os.Stdin.Fd()))
			fmt.Fprintln(os.Stderr)
			if err != nil {
				return err
			}
			values[i] = string(b)
		}
	}
	c := &in.Credentials
	switch model.AuthKind(in.AuthKind) {
	case model.AuthAdminToken:
		c.Password = values[0]
	case model.AuthBearer:
		c.AccessToken = values[0]
	case model.AuthOAuth:
		c.ConsumerKey, c.ConsumerSecret, c.AccessToken, c.AccessTokenSecret = values[0], values[1], values[2], values[3]
	}
	return nil
}

func runChannelList(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	fs := newFlagSet("channel list", "channel list [flags]", "Lists every channel with its store, sign-in, whether it is enabled and how its last run went.")
	set.Register(fs, false)
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := open(ctx, set)
	if err != nil {
		return err
	}
	defer a.Close()
	list, err := a.crm.AllChannels(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tURL\tSIGN-IN\tENABLED\tEVERY (MIN)\tLAST RUN\tSYNC ERRORS")
	for _, c := range list {
		last := "never"
		if c.LastRunStatus != "" {
			last = c.LastRunStatus + " " + c.LastRunStarted.Format("2006-01-02 15:04 UTC")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%v\t%d\t%s\t%d\n", c.ID, c.Name, c.BaseURL, c.AuthKind, c.Enabled, int(c.SyncInterval/time.Minute), last, c.ErrorCount)
	}
	return tw.Flush()
}

func runChannelCheck(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	var name string
	fs := newFlagSet("channel check", "channel check --channel NAME [flags]", `Tries the channel's connection step by step — reach the host, TLS, Magento's
REST API, the credentials, store views, one customer — and says what to fix at
the first step that fails. Exits with status 1 when a step fails.`)
	set.Register(fs, false)
	fs.StringVar(&name, "channel", "", "the channel's name (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if name == "" {
		fmt.Fprintln(fs.Output(), "--channel is required")
		fs.Usage()
		return errUsage
	}
	a, err := open(ctx, set)
	if err != nil {
		return err
	}
	defer a.Close()
	steps, err := a.crm.CheckChannelNamed(ctx, name)
	if err != nil {
		return err
	}
	printSteps(out, steps)
	if !crm.CheckPassed(steps) {
		return errors.New("the connection check failed; fix what the failed step says and run the check again")
	}
	fmt.Fprintln(out, "The connection works.")
	return nil
}

// printSteps writes a connection check, one step a line.
func printSteps(out io.Writer, steps []magento.CheckStep) {
	for _, s := range steps {
		if s.OK {
			fmt.Fprintf(out, "✓ %s: %s\n", s.Name, s.Detail)
		} else {
			fmt.Fprintf(out, "✗ %s: %s\n", s.Name, s.Fix)
		}
	}
}
