package crm

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"magecrm/internal/acl"
	"magecrm/internal/connector"
	"magecrm/internal/magento"
	"magecrm/internal/model"
	"magecrm/internal/store"
)

// checkTimeout bounds a whole connection check, so a page never hangs on
// a store that does not answer.
const checkTimeout = 45 * time.Second

// CheckStep is one step of a connection check: what was tried, and what
// was found or what to fix.
type CheckStep = magento.CheckStep

// CheckChannel tries a saved channel's connection step by step. It signs
// in to Magento with the stored secrets, so it needs the edit grant.
func (s *Service) CheckChannel(ctx context.Context, sess *Session, id int64) ([]magento.CheckStep, error) {
	ch, err := s.channelFor(ctx, sess, id, acl.Edit)
	if err != nil {
		return nil, err
	}
	steps, err := s.checkConnection(ctx, ch)
	if err != nil || !CheckPassed(steps) {
		return steps, err
	}
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	return append(steps, s.readDirectory(ctx, ch)), nil
}

// ChannelCheck is a connection check of a channel form: its steps and,
// when they all passed, the store's websites, for the form to offer by
// name.
type ChannelCheck struct {
	Steps    []magento.CheckStep
	Websites []WebsiteChoice
}

// WebsiteChoice is one website a channel may import: its Magento id and
// its name with its store views, as the form offers it.
type WebsiteChoice struct {
	ID    int64
	Label string
}

// CheckChannelInput tries the connection a form describes before it is
// saved: id 0 for a new channel, or the channel being edited, whose
// stored credentials fill the fields left blank. Only the connection
// fields are validated. When the connection works, the store's websites
// are read too (Magento 2: /V1/store/websites; Magento 1: its store views'
// websites); a store that does not give them adds a failed step.
func (s *Service) CheckChannelInput(ctx context.Context, sess *Session, id int64, in ChannelInput) (*ChannelCheck, error) {
	ch := &model.Channel{OrganizationID: sess.Actor.OrganizationID}
	if id != 0 {
		var err error
		if ch, err = s.channelFor(ctx, sess, id, acl.Edit); err != nil {
			return nil, err
		}
	} else if !sess.Actor.Can(acl.Channel, acl.Create) {
		return nil, ErrForbidden
	}
	fe := FieldErrors{}
	validateConnection(&in, ch, fe)
	if err := fe.orNil(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	c := &ChannelCheck{Steps: connector.Check(ctx, ch)}
	if !CheckPassed(c.Steps) {
		return c, nil
	}
	var err error
	if c.Websites, err = s.storeWebsites(ctx, ch); err != nil {
		c.Steps = append(c.Steps, magento.CheckStep{Name: "websites",
			Fix: "magecrm could not read the store's websites (" + err.Error() + "). Type the website's id instead, or give the API user access to stores."})
	}
	return c, nil
}

// storeWebsites reads the websites of ch's store, each named with its
// store views (Magento 1 names websites by number only).
func (s *Service) storeWebsites(ctx context.Context, ch *model.Channel) ([]WebsiteChoice, error) {
	src, err := connector.OpenSource(ch, s.Log)
	if err != nil {
		return nil, err
	}
	d, err := src.Dictionaries(ctx)
	if err != nil {
		return nil, err
	}
	var out []WebsiteChoice
	for _, w := range d.Websites {
		if w.OriginID == 0 {
			continue // the admin website holds no customers
		}
		var views []string
		for _, st := range d.Stores {
			if st.WebsiteOriginID == w.OriginID && st.OriginID != 0 {
				views = append(views, st.Name)
			}
		}
		out = append(out, websiteChoice(w.OriginID, w.Name, views))
	}
	return out, nil
}

// websiteChoice names a website with its store views.
func websiteChoice(originID int64, name string, views []string) WebsiteChoice {
	if len(views) > 0 {
		name += " (" + strings.Join(views, ", ") + ")"
	}
	return WebsiteChoice{ID: originID, Label: name}
}

// SyncedWebsites lists the websites the last sync of a channel read, for
// its edit form to offer by name before any check; none before a sync.
func (s *Service) SyncedWebsites(ctx context.Context, sess *Session, ch *model.Channel) ([]WebsiteChoice, error) {
	if !sess.Actor.Can(acl.Channel, acl.Edit) {
		return nil, ErrForbidden
	}
	m, err := s.Store.MagentoStructure(ctx, ch.OrganizationID)
	if err != nil {
		return nil, err
	}
	var out []WebsiteChoice
	for _, w := range m.Websites {
		if w.ChannelID != ch.ID || w.OriginID == 0 {
			continue
		}
		var views []string
		for _, st := range m.Stores {
			if st.WebsiteID == w.ID && st.OriginID != 0 {
				views = append(views, st.Name)
			}
		}
		out = append(out, websiteChoice(w.OriginID, w.Name, views))
	}
	return out, nil
}

// checkConnection tries ch's store with the connector of its type, within
// checkTimeout.
func (s *Service) checkConnection(ctx context.Context, ch *model.Channel) ([]magento.CheckStep, error) {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	return connector.Check(ctx, ch), nil
}

// CheckPassed reports whether every step of a connection check passed.
func CheckPassed(steps []magento.CheckStep) bool {
	return len(steps) > 0 && !slices.ContainsFunc(steps, func(st magento.CheckStep) bool { return !st.OK })
}

// CheckChannelNamed tries the connection of the channel with this name,
// for the command line.
func (s *Service) CheckChannelNamed(ctx context.Context, name string) ([]magento.CheckStep, error) {
	ch, err := s.Store.ChannelByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("no channel is named %q (magecrm channel list shows them)", name)
	}
	if err != nil {
		return nil, err
	}
	return s.checkConnection(ctx, ch)
}
