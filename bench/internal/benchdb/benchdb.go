// Package benchdb gives the benchmark programs under bench/ databases of
// their own on a PostgreSQL server.
package benchdb

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"magecrm/internal/db"
)

// CreatePostgres creates an empty database on the server at admin and
// returns its URL and a function that drops it.
func CreatePostgres(admin, suffix string) (string, func(), error) {
	ctx := context.Background()
	d, err := db.Open(ctx, admin)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("magecrm_bench_%s_%d", suffix, time.Now().UnixNano()%1e9)
	if _, err := d.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		d.Close()
		return "", nil, err
	}
	u, err := url.Parse(admin)
	if err != nil {
		d.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		d.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
		d.Close()
	}
	return u.String(), drop, nil
}
