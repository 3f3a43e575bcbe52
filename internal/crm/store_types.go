package crm

import "magecrm/internal/store"

// The store's query and record types that the services take and return,
// named here so that pages, the API and the command line work with crm
// alone and never import store.
type (
	// ListQuery is a page of a simple list (contacts, accounts).
	ListQuery = store.ListQuery
	// CustomerQuery is one view of the customers grid.
	CustomerQuery = store.CustomerQuery
	// MagentoStructure is the channels, websites, stores and groups customers refer to.
	MagentoStructure = store.MagentoStructure
	// CustomerChannel is a channel as customer pages know it.
	CustomerChannel = store.CustomerChannel
	// ChannelListing is a channel with the state of its last run.
	ChannelListing = store.ChannelListing
	// ChannelContents counts what deleting a channel removes.
	ChannelContents = store.ChannelContents
	// SyncRun is one run of a channel's sync.
	SyncRun = store.SyncRun
	// SyncError is a record a channel's sync could not take.
	SyncError = store.SyncError
	// CustomerKey is a position in a customer sort, for keyset paging.
	CustomerKey = store.CustomerKey
	// AuditEntry is one recorded change of a record.
	AuditEntry = store.AuditEntry
	// RecentView is a record a person opened, for the dashboard.
	RecentView = store.RecentView
	// SavedView is a named view of a grid.
	SavedView = store.SavedView
)

// The kinds of record the recently viewed list names.
const (
	CustomerEntity = store.CustomerEntity
	ContactEntity  = store.ContactEntity
	AccountEntity  = store.AccountEntity
)

// The kinds of sync run, as the person or the schedule asked for them.
const (
	RunInitial     = store.RunInitial
	RunFull        = store.RunFull
	RunIncremental = store.RunIncremental
	RunReconcile   = store.RunReconcile
)

// The sortable columns of the lists, by the key pages put in their links.
var (
	CustomerSorts = store.CustomerSorts
	ContactSorts  = store.ContactSorts
	AccountSorts  = store.AccountSorts
)
