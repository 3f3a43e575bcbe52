// Package web serves magecrm's HTML pages: one file per page or action
// (<thing>_<verb>.go), every route registered in routes.go, templates and
// static files embedded. Pages work without JavaScript. The rules live in
// package crm; handlers only parse forms, call a service and render.
//
// Of magecrm, it imports only: acl, auth, calendar, crm, magento (for the
// connection check's steps), magentosync (to start a requested sync),
// model and richtext. It never imports store: the pages work through crm.
package web
