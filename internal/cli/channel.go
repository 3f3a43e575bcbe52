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
	return runSub(ctx, args, out, "Usage: magecrm channel add|list|check [flags]   (magecrm channel add -h for its flags)",
		map[string]func(context.Context, []string, io.Writer) error{"add": runChannelAdd, "list": runChannelList, "check": runChannelCheck})
}

// secretPrompt is one credential channel add asks for. The API user is
// typed visibly; secrets are read without echo.
type secretPrompt struct {
	label string
	echo  bool
	set   func(c *model.Credentials, v string)
}

// secretPrompts are the credentials a channel asks for, in the order
// --secrets-stdin reads them: by type, then for Magento 2 by auth kind.
// An unknown type or kind asks for nothing: validation says so.
func secretPrompts(in *crm.ChannelInput) []secretPrompt {
	if model.ChannelType(in.Type) == model.Magento1 {
		return []secretPrompt{
			{"API user", true, func(c *model.Credentials, v string) { c.APIUser = v }},
			{"API key", false, func(c *model.Credentials, v string) { c.APIKey = v }},
		}
	}
	if in.Type != "" && model.ChannelType(in.Type) != model.Magento2 {
		return nil
	}
	switch model.AuthKind(in.AuthKind) {
	case model.AuthAdminToken:
		return []secretPrompt{{"Admin password", false, func(c *model.Credentials, v string) { c.Password = v }}}
	case model.AuthBearer:
		return []secretPrompt{{"Access token", false, func(c *model.Credentials, v string) { c.AccessToken = v }}}
	case model.AuthOAuth:
		return []secretPrompt{
			{"Consumer key", false, func(c *model.Credentials, v string) { c.ConsumerKey = v }},
			{"Consumer secret", false, func(c *model.Credentials, v string) { c.ConsumerSecret = v }},
			{"Access token", false, func(c *model.Credentials, v string) { c.AccessToken = v }},
			{"Access token secret", false, func(c *model.Credentials, v string) { c.AccessTokenSecret = v }},
		}
	}
	return nil
}

func runChannelAdd(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	var in crm.ChannelInput
	var owner string
	var disabled, fromStdin bool
	fs := newFlagSet("channel add", "channel add --name NAME --url URL [flags]", `Adds a Magento 2 channel, or with --type magento1 a Magento 1 / OpenMage one.
Its secrets are never given as flags (they would stay in the shell's
history): they are asked for on the terminal, or read from standard input
with --secrets-stdin, one a line:
  magento2, --auth admin_token: the admin password
  magento2, --auth bearer:      the access token
  magento2, --auth oauth:       consumer key, consumer secret, access token, access token secret
  magento1:                     the SOAP API user, then its API key
A Magento 1 store without URL rewrites needs index.php/ in --url
(https://shop.example.com/index.php/); magecrm adds api/v2_soap/ itself.
Check the connection afterwards with "magecrm channel check --channel NAME".`)
	set.Register(fs, false)
	fs.StringVar(&in.Name, "name", "", "the channel's name (required)")
	fs.StringVar(&in.BaseURL, "url", "", "the store's base URL, e.g. https://shop.example.com/ (required)")
	fs.StringVar(&in.Type, "type", string(model.Magento2), "the kind of store: magento2 (Magento 2 / Adobe Commerce) or magento1 (Magento 1 / OpenMage)")
	fs.StringVar(&in.AdminURL, "admin-url", "", "Magento admin URL, e.g. https://shop.example.com/admin")
	fs.StringVar(&in.AuthKind, "auth", string(model.AuthAdminToken), "how a Magento 2 channel signs in: admin_token, bearer or oauth")
	fs.StringVar(&in.Credentials.Username, "username", "", "the admin user name (magento2, admin_token)")
	fs.BoolVar(&in.WSICompliance, "wsi", false, "the Magento 1 store has WS-I Compliance on (System → Configuration → Services → Magento Core API)")
	fs.StringVar(&in.AddressCalls, "address-calls", "", "Magento 1: customerAddressList calls at once, 1 to 32 (default 4; fewer while the store slows down)")
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
	"name": "--name", "type": "--type", "base_url": "--url", "admin_url": "--admin-url", "auth_kind": "--auth", "username": "--username",
	"password": "admin password", "access_token": "access token", "consumer_key": "consumer key",
	"consumer_secret": "consumer secret", "access_token_secret": "access token secret", "api_user": "API user", "api_key": "API key",
	"ca_file": "--ca-file / --skip-tls-verify", "website": "--website", "address_calls": "--address-calls",
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

// readChannelSecrets fills the credentials the channel needs, from
// standard input or the terminal.
func readChannelSecrets(in *crm.ChannelInput, fromStdin bool) error {
	prompts := secretPrompts(in)
	if len(prompts) == 0 {
		return nil
	}
	if fromStdin {
		r := bufio.NewReader(stdin)
		for i, p := range prompts {
			line, err := r.ReadString('\n')
			if err != nil && !(errors.Is(err, io.EOF) && line != "") {
				return fmt.Errorf("--secrets-stdin: expected %d lines (%s), got %d", len(prompts), promptLabels(prompts), i)
			}
			p.set(&in.Credentials, strings.TrimRight(line, "\r\n"))
		}
		return nil
	}
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return errors.New("no terminal to ask for the channel's secrets: use --secrets-stdin")
	}
	// The terminal hands over one line a read, so this reader takes no
	// more than the visible answer it is asked for.
	visible := bufio.NewReader(os.Stdin)
	for _, p := range prompts {
		fmt.Fprintf(os.Stderr, "%s: ", p.label)
		if p.echo {
			line, err := visible.ReadString('\n')
			if err != nil {
				return err
			}
			p.set(&in.Credentials, strings.TrimRight(line, "\r\n"))
			continue
		}
		b, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return err
		}
		p.set(&in.Credentials, string(b))
	}
	return nil
}

func promptLabels(prompts []secretPrompt) string {
	labels := make([]string, len(prompts))
	for i, p := range prompts {
		labels[i] = p.label
	}
	return strings.Join(labels, ", ")
}

func runChannelList(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	fs := newFlagSet("channel list", "channel list [flags]", "Lists every channel with its type, store, sign-in, whether it is enabled and how its last run went.")
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
	fmt.Fprintln(tw, "ID\tNAME\tTYPE\tURL\tSIGN-IN\tENABLED\tEVERY (MIN)\tLAST RUN\tSYNC ERRORS")
	for _, c := range list {
		last := "never"
		if c.LastRunStatus != "" {
			last = c.LastRunStatus + " " + c.LastRunStarted.Format("2006-01-02 15:04 UTC")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%v\t%d\t%s\t%d\n", c.ID, c.Name, c.Type, c.BaseURL, c.AuthKind, c.Enabled,
			int(c.SyncInterval/time.Minute), last, c.ErrorCount)
	}
	return tw.Flush()
}

func runChannelCheck(ctx context.Context, args []string, out io.Writer) error {
	var set config.Settings
	var name string
	fs := newFlagSet("channel check", "channel check --channel NAME [flags]", `Tries the channel's connection step by step and says what to fix at the first
step that fails. Magento 2: reach the host, TLS, Magento's REST API, the
credentials, store views, one customer. Magento 1 / OpenMage: the WSDL, the
API user's login, the store list, a customer list. Exits with status 1 when
a step fails.`)
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
		switch {
		case s.Warning:
			fmt.Fprintf(out, "! %s: %s\n", s.Name, s.Fix)
		case s.OK:
			fmt.Fprintf(out, "✓ %s: %s\n", s.Name, s.Detail)
		default:
			fmt.Fprintf(out, "✗ %s: %s\n", s.Name, s.Fix)
		}
	}
}
