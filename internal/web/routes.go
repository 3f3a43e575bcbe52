package web

import "net/http"

// routes registers every page: the whole surface of the web application.
func (s *Server) routes() {
	m := s.mux
	m.Handle("GET /static/", s.staticFiles())
	m.Handle("GET /favicon.ico", http.RedirectHandler("/static/favicon.svg", http.StatusMovedPermanently))
	m.HandleFunc("GET /login", s.showLoginPage)
	m.HandleFunc("POST /login", s.login)
	m.HandleFunc("POST /logout", s.logout)
	m.HandleFunc("GET /{$}", s.signedIn(s.showHomePage))

	s.systemRoutes(m)
	s.channelRoutes(m)
	s.customerRoutes(m)
	s.recordRoutes(m)
	s.activityRoutes(m)

	m.HandleFunc("GET /", s.signedIn(s.notFound))
}

// systemRoutes registers the administration pages: tokens, webhooks, users, business units, roles and settings.
func (s *Server) systemRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /profile", s.signedIn(s.showProfile))
	m.HandleFunc("POST /profile/tokens", s.signedIn(s.createAPIToken))
	m.HandleFunc("POST /profile/tokens/{id}/revoke", s.signedIn(s.revokeAPIToken))
	m.HandleFunc("GET /system/api-tokens", s.signedIn(s.showAPITokenList))
	m.HandleFunc("POST /system/api-tokens/{id}/revoke", s.signedIn(s.revokeAPIToken))

	m.HandleFunc("GET /system/webhooks", s.signedIn(s.showWebhookList))
	m.HandleFunc("POST /system/webhooks", s.signedIn(s.createWebhook))
	m.HandleFunc("GET /system/webhooks/{id}", s.signedIn(s.showWebhook))
	m.HandleFunc("GET /system/webhooks/{id}/edit", s.signedIn(s.showWebhookEdit))
	m.HandleFunc("POST /system/webhooks/{id}", s.signedIn(s.updateWebhook))
	m.HandleFunc("POST /system/webhooks/{id}/pause", s.signedIn(s.pauseWebhook))
	m.HandleFunc("POST /system/webhooks/{id}/resume", s.signedIn(s.resumeWebhook))
	m.HandleFunc("POST /system/webhooks/{id}/secret", s.signedIn(s.replaceWebhookSecret))
	m.HandleFunc("POST /system/webhooks/{id}/delete", s.signedIn(s.deleteWebhook))

	m.HandleFunc("GET /system/users", s.signedIn(s.showUserList))
	m.HandleFunc("GET /system/users/new", s.signedIn(s.showUserNew))
	m.HandleFunc("POST /system/users", s.signedIn(s.createUser))
	m.HandleFunc("GET /system/users/{id}", s.signedIn(s.showUserEdit))
	m.HandleFunc("POST /system/users/{id}", s.signedIn(s.updateUser))
	m.HandleFunc("POST /system/users/{id}/password", s.signedIn(s.resetUserPassword))

	m.HandleFunc("GET /system/business-units", s.signedIn(s.showBusinessUnitList))
	m.HandleFunc("GET /system/business-units/new", s.signedIn(s.showBusinessUnitNew))
	m.HandleFunc("POST /system/business-units", s.signedIn(s.createBusinessUnit))
	m.HandleFunc("GET /system/business-units/{id}", s.signedIn(s.showBusinessUnitEdit))
	m.HandleFunc("POST /system/business-units/{id}", s.signedIn(s.updateBusinessUnit))
	m.HandleFunc("POST /system/business-units/{id}/delete", s.signedIn(s.deleteBusinessUnit))

	m.HandleFunc("GET /system/roles", s.signedIn(s.showRoleList))
	m.HandleFunc("GET /system/roles/new", s.signedIn(s.showRoleNew))
	m.HandleFunc("POST /system/roles", s.signedIn(s.createRole))
	m.HandleFunc("GET /system/roles/{id}", s.signedIn(s.showRoleEdit))
	m.HandleFunc("POST /system/roles/{id}", s.signedIn(s.updateRole))
	m.HandleFunc("POST /system/roles/{id}/delete", s.signedIn(s.deleteRole))

	m.HandleFunc("GET /system/email", s.signedIn(s.showEmailSettings))
	m.HandleFunc("POST /system/email", s.signedIn(s.updateEmailSettings))
	m.HandleFunc("POST /system/email/test", s.signedIn(s.checkEmailSettings))
	m.HandleFunc("GET /system/entities", s.signedIn(s.showEntitySettings))
	m.HandleFunc("POST /system/entities", s.signedIn(s.updateEntitySettings))
}

// channelRoutes registers the channel pages: connections to Magento and their syncs.
func (s *Server) channelRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /channels", s.signedIn(s.showChannelList))
	m.HandleFunc("GET /channels/new", s.signedIn(s.showChannelNew))
	m.HandleFunc("POST /channels", s.signedIn(s.createChannel))
	m.HandleFunc("GET /channels/{id}", s.signedIn(s.showChannel))
	m.HandleFunc("GET /channels/{id}/edit", s.signedIn(s.showChannelEdit))
	m.HandleFunc("POST /channels/{id}", s.signedIn(s.updateChannel))
	m.HandleFunc("POST /channels/{id}/check", s.signedIn(s.checkChannel))
	m.HandleFunc("POST /channels/{id}/enabled", s.signedIn(s.setChannelEnabled))
	m.HandleFunc("GET /channels/{id}/delete", s.signedIn(s.showChannelDelete))
	m.HandleFunc("POST /channels/{id}/delete", s.signedIn(s.deleteChannel))
	m.HandleFunc("POST /channels/{id}/sync/{kind}", s.signedIn(s.startChannelSync))
	m.HandleFunc("GET /channels/{id}/progress", s.signedIn(s.showChannelProgress))
}

// customerRoutes registers the Magento customer pages: the grid, its export and mass actions, and one customer's page.
func (s *Server) customerRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /customers", s.signedIn(s.showCustomerList))
	m.HandleFunc("GET /customers/export.csv", s.signedIn(s.exportCustomers))
	m.HandleFunc("POST /customers/columns", s.signedIn(s.saveCustomerColumns))
	m.HandleFunc("POST /customers/mass", s.signedIn(s.confirmCustomerMass))
	m.HandleFunc("POST /customers/mass/apply", s.signedIn(s.applyCustomerMass))
	m.HandleFunc("POST /customers/views", s.signedIn(s.createCustomerView))
	m.HandleFunc("POST /customers/views/default", s.signedIn(s.setDefaultCustomerView))
	m.HandleFunc("POST /customers/views/{id}/delete", s.signedIn(s.deleteCustomerView))
	m.HandleFunc("GET /customers/new", s.signedIn(s.showCustomerNew))
	m.HandleFunc("POST /customers", s.signedIn(s.createCustomer))
	m.HandleFunc("GET /customers/{id}", s.signedIn(s.showCustomer))
	m.HandleFunc("GET /customers/{id}/edit", s.signedIn(s.showCustomerEdit))
	m.HandleFunc("POST /customers/{id}", s.signedIn(s.updateCustomer))
	m.HandleFunc("POST /customers/{id}/newsletter", s.signedIn(s.setCustomerNewsletter))
	m.HandleFunc("POST /customers/{id}/send", s.signedIn(s.sendCustomerAgain))
	m.HandleFunc("POST /customers/{id}/recreate", s.signedIn(s.recreateCustomer))
	m.HandleFunc("POST /customers/{id}/link", s.signedIn(s.linkCustomerToMagento))
	m.HandleFunc("POST /customers/{id}/password-reset", s.signedIn(s.sendCustomerPasswordReset))
	m.HandleFunc("POST /customers/{id}/conflicts/{conflict}/take", s.signedIn(s.takeConflictValue))
	m.HandleFunc("POST /customers/{id}/conflicts/{conflict}/keep", s.signedIn(s.keepConflictValue))
}

// recordRoutes registers the contact and account pages.
func (s *Server) recordRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /contacts", s.signedIn(s.showContactList))
	m.HandleFunc("GET /contacts/options", s.signedIn(s.showContactOptions))
	m.HandleFunc("GET /contacts/new", s.signedIn(s.showContactNew))
	m.HandleFunc("POST /contacts", s.signedIn(s.createContact))
	m.HandleFunc("GET /contacts/{id}", s.signedIn(s.showContact))
	m.HandleFunc("GET /contacts/{id}/edit", s.signedIn(s.showContactEdit))
	m.HandleFunc("POST /contacts/{id}", s.signedIn(s.updateContact))
	m.HandleFunc("POST /contacts/{id}/delete", s.signedIn(s.deleteContact))

	m.HandleFunc("GET /accounts", s.signedIn(s.showAccountList))
	m.HandleFunc("GET /accounts/options", s.signedIn(s.showAccountOptions))
	m.HandleFunc("GET /accounts/new", s.signedIn(s.showAccountNew))
	m.HandleFunc("POST /accounts", s.signedIn(s.createAccount))
	m.HandleFunc("GET /accounts/{id}", s.signedIn(s.showAccount))
	m.HandleFunc("GET /accounts/{id}/edit", s.signedIn(s.showAccountEdit))
	m.HandleFunc("POST /accounts/{id}", s.signedIn(s.updateAccount))
	m.HandleFunc("POST /accounts/{id}/delete", s.signedIn(s.deleteAccount))
}

// activityRoutes registers activities, their comments, attachments, emails and calendar feeds.
func (s *Server) activityRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /activities/new", s.signedIn(s.showActivityNew))
	m.HandleFunc("POST /activities", s.signedIn(s.createActivity))
	m.HandleFunc("GET /activities/{id}", s.signedIn(s.showActivity))
	m.HandleFunc("GET /activities/{id}/edit", s.signedIn(s.showActivityEdit))
	m.HandleFunc("POST /activities/{id}", s.signedIn(s.updateActivity))
	m.HandleFunc("POST /activities/{id}/delete", s.signedIn(s.deleteActivity))
	m.HandleFunc("POST /activities/{id}/status", s.signedIn(s.setTaskStatus))
	m.HandleFunc("POST /activities/{id}/comments", s.signedIn(s.createActivityComment))
	m.HandleFunc("POST /activities/{id}/comments/{comment}/delete", s.signedIn(s.deleteActivityComment))

	m.HandleFunc("GET /activities/{id}/event.ics", s.signedIn(s.downloadEventICS))
	m.HandleFunc("POST /attachments", s.signedIn(s.createAttachment))
	m.HandleFunc("POST /emails", s.signedIn(s.createEmail))
	m.HandleFunc("POST /activities/{id}/retry", s.signedIn(s.retryEmail))
	m.HandleFunc("GET /activities/{id}/file", s.signedIn(s.downloadAttachment))
	m.HandleFunc("GET /my/tasks", s.signedIn(s.showMyTasks))
	m.HandleFunc("POST /my/calendar-feed", s.signedIn(s.createCalendarFeed))
	m.HandleFunc("POST /my/calendar-feed/delete", s.signedIn(s.deleteCalendarFeed))
	m.HandleFunc("GET /calendar/{token}", s.showCalendarFeed)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotFound, "There is no such page, or it is not shared with you.")
}
