package web

import (
	"encoding/csv"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"magecrm/internal/model"
)

// customerCSVHeader names the export's columns.
var customerCSVHeader = []string{"ID", "Magento ID", "Channel", "Website", "Store", "Prefix", "First name", "Middle name",
	"Last name", "Suffix", "Email", "Birthday", "Gender", "Tax/VAT number", "Customer group", "Lifetime value", "Currency",
	"Billing country", "Billing region", "Newsletter", "Sync state", "Owner", "Created in Magento", "Updated in Magento", "Imported", "Synced"}

// exportCustomers streams every customer the grid's filters select (all
// pages, within the person's access) as CSV, row by row.
func (s *Server) exportCustomers(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r)
	g := parseCustomerGrid(r.URL.Query())
	q := g.Query()
	if len(g.Errors) > 0 { // the grid leaves such filters out; an export must not
		s.renderError(w, r, http.StatusUnprocessableEntity, fieldErrorText(g.Errors))
		return
	}
	q.Offset, q.Limit = 0, 0
	started := false
	cw := csv.NewWriter(w)
	rec := make([]string, len(customerCSVHeader))
	n := 0
	start := func() {
		// The header goes out at once: sorting a million rows takes the
		// database a while, and the browser shows the download meanwhile.
		started = true
		s.startCustomerCSV(w)
		cw.Write(customerCSVHeader)
		cw.Flush()
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	err := s.CRM.ExportCustomers(r.Context(), sess, q, start, func(c *model.Customer) error {
		fillCustomerRecord(rec, c)
		n++
		if err := cw.Write(rec); err != nil {
			return err
		}
		if n%5000 == 0 {
			cw.Flush()
			return cw.Error()
		}
		return nil
	})
	if err != nil {
		if !started {
			s.serviceError(w, r, err)
			return
		}
		// The header is sent: the only way left to tell the browser is to
		// cut the download short, which it reports as failed.
		if !errors.Is(r.Context().Err(), err) {
			s.Log.Error("export customers", "err", err)
		}
		panic(http.ErrAbortHandler)
	}
	cw.Flush()
}

func (s *Server) startCustomerCSV(w http.ResponseWriter) {
	name := "magento-customers-" + time.Now().UTC().Format("2006-01-02") + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.WriteHeader(http.StatusOK)
}

// fillCustomerRecord writes a customer's row. Every text cell passes
// csvSafe: names come from Magento and from people, and so do channel,
// website, store, group and owner names.
func fillCustomerRecord(rec []string, c *model.Customer) {
	origin := ""
	if c.OriginID != 0 {
		origin = strconv.FormatInt(c.OriginID, 10)
	}
	rec[0], rec[1], rec[2], rec[3], rec[4] = strconv.FormatInt(c.ID, 10), origin, c.ChannelName, c.WebsiteName, c.StoreName
	rec[5], rec[6], rec[7], rec[8], rec[9] = c.Prefix, c.FirstName, c.MiddleName, c.LastName, c.Suffix
	rec[10], rec[11], rec[12], rec[13], rec[14] = c.Email, c.DOB, c.Gender.String(), c.TaxVAT, c.GroupName
	rec[15], rec[16] = strconv.FormatFloat(c.LifetimeValue, 'f', 2, 64), c.Currency
	rec[17], rec[18], rec[19], rec[20] = c.BillingCountry, c.BillingRegion, c.NewsletterLabel(), c.SyncLabel()
	rec[21], rec[22], rec[23] = c.OwnerName, csvTime(c.MagentoCreatedAt()), csvTime(c.MagentoUpdatedAt())
	rec[24], rec[25] = csvTime(c.ImportedAt), csvTime(c.SyncedAt)
	for i := range rec {
		if i != customerCSVLifetime { // a number magecrm wrote; a negative one stays a number
			rec[i] = csvSafe(rec[i])
		}
	}
}

// customerCSVLifetime is the index of the lifetime value column.
const customerCSVLifetime = 15

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// csvSafe keeps a spreadsheet from running a value typed by someone else
// as a formula (CSV injection): such a value gets a leading apostrophe.
// NUL bytes, which no spreadsheet shows, are dropped.
func csvSafe(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	if s != "" && strings.ContainsRune("=+-@\t\r\n", rune(s[0])) {
		return "'" + s
	}
	return s
}
