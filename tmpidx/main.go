package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"

	_ "modernc.org/sqlite"
)

func main() {
	ctx := context.Background()
	d, err := sql.Open("sqlite", os.Args[1])
	if err != nil {
		panic(err)
	}
	d.SetMaxOpenConns(1)
	for _, p := range []string{"PRAGMA cache_size = -32768", "PRAGMA temp_store = FILE"} {
		d.ExecContext(ctx, p)
	}
	rows, _ := d.QueryContext(ctx, "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='magento_customers' AND sql IS NOT NULL AND name <> 'magento_customers_origin'")
	var names, defs []string
	for rows.Next() {
		var n, s string
		rows.Scan(&n, &s)
		names, defs = append(names, n), append(defs, s)
	}
	rows.Close()
	var total time.Duration
	for i, n := range names {
		d.ExecContext(ctx, "DROP INDEX "+n)
		t := time.Now()
		if _, err := d.ExecContext(ctx, defs[i]); err != nil {
			panic(err)
		}
		el := time.Since(t)
		total += el
		fmt.Printf("%-40s %v\n", n, el.Round(time.Millisecond))
	}
	t := time.Now()
	if _, err := d.ExecContext(ctx, "INSERT INTO magento_customer_emails(magento_customer_emails) VALUES ('rebuild')"); err != nil {
		panic(err)
	}
	fmt.Printf("%-40s %v\n", "email search rebuild", time.Since(t).Round(time.Millisecond))
	fmt.Println("indexes total", total.Round(time.Millisecond))
}
