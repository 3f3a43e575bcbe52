package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"magecrm/internal/crm"
)

// CheckStep is one step of a connection check, as the channel page shows
// it: what was tried, and what was found or what to fix.
type CheckStep struct {
	Name    string `json:"name" doc:"connect, tls, magento, credentials, store views, customers, websites, …"`
	OK      bool   `json:"ok"`
	Warning bool   `json:"warning,omitempty" doc:"The step passed, but one feature needs what fix says (Magento 1: the XML-RPC endpoint)"`
	Detail  string `json:"detail,omitempty" doc:"What was found"`
	Fix     string `json:"fix,omitempty" doc:"What to do, when the step failed or warns"`
}

// WebsiteChoice is one website of the store, by its Magento id.
type WebsiteChoice struct {
	ID    int64  `json:"id"`
	Label string `json:"label" doc:"Its name with its store views"`
}

type channelCheckOutput struct {
	Body struct {
		OK       bool            `json:"ok" doc:"Every step passed"`
		Steps    []CheckStep     `json:"steps"`
		Websites []WebsiteChoice `json:"websites,omitempty" doc:"The store's websites, for website_id; read by a check of settings that passed"`
	}
}

func checkOut(steps []crm.CheckStep, websites []crm.WebsiteChoice) *channelCheckOutput {
	out := &channelCheckOutput{}
	out.Body.OK = crm.CheckPassed(steps)
	out.Body.Steps = make([]CheckStep, len(steps))
	for i, st := range steps {
		out.Body.Steps[i] = CheckStep{Name: st.Name, OK: st.OK, Warning: st.Warning, Detail: st.Detail, Fix: st.Fix}
	}
	for _, w := range websites {
		out.Body.Websites = append(out.Body.Websites, WebsiteChoice{ID: w.ID, Label: w.Label})
	}
	return out
}

type savedChannelCheckInput struct {
	ID   int64         `path:"id"`
	Body *ChannelWrite `doc:"A change to check before it is saved (members left out keep their value); none checks the saved settings"`
}

// checkChannel runs the channel page's Check connection on the saved
// settings or, with a body, the edit form's on the change it describes.
func (s *Server) checkChannel(ctx context.Context, in *savedChannelCheckInput) (*channelCheckOutput, error) {
	sess := sessionOf(ctx)
	if in.Body == nil {
		steps, err := s.CRM.CheckChannel(ctx, sess, in.ID)
		if err != nil {
			return nil, s.problem(err)
		}
		return checkOut(steps, nil), nil
	}
	stored, err := s.CRM.Channel(ctx, sess, in.ID)
	if err != nil {
		return nil, s.problem(err)
	}
	chk, err := s.CRM.CheckChannelInput(ctx, sess, in.ID, in.Body.over(channelInputOf(stored)))
	if err != nil {
		return nil, s.channelProblem(err)
	}
	return checkOut(chk.Steps, chk.Websites), nil
}

type channelCheckInput struct {
	Body ChannelWrite
}

// checkNewChannel runs the new channel form's Check connection on the
// settings as sent, before anything is saved.
func (s *Server) checkNewChannel(ctx context.Context, in *channelCheckInput) (*channelCheckOutput, error) {
	sess := sessionOf(ctx)
	chk, err := s.CRM.CheckChannelInput(ctx, sess, 0, in.Body.over(newChannelInput(sess)))
	if err != nil {
		return nil, s.channelProblem(err)
	}
	return checkOut(chk.Steps, chk.Websites), nil
}

func channelCheckRoutes(s *Server) {
	a := s.api
	huma.Register(a, op(http.MethodPost, "/channels/check", "check-new-channel", "Channels",
		"Check the connection of a channel's settings before adding it (as the new channel form's Check connection); nothing is saved", 403, 422), s.checkNewChannel)
	huma.Register(a, op(http.MethodPost, "/channels/{id}/check", "check-channel", "Channels",
		"Check a saved channel's connection step by step (as its page's Check connection), or a change of it before it is saved (as the edit form's)", 403, 404, 422), s.checkChannel)
}
