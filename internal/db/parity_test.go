package db_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"magecrm/internal/db"
	"magecrm/internal/dbtest"
)

// schema is what the parity test compares of a migrated database.
type schema struct {
	tables  map[string]map[string]column // table -> column -> column
	indexes map[string]index             // by the key index.key gives
}

type column struct {
	family   string // integer, text, real, boolean, blob
	nullable bool
	def      string // the default in meaning: "" for none
}

type index struct {
	table, name, cols, where string
	unique                   bool
}

// key names an index by what it is: explicitly created indexes by name,
// the ones primary keys and UNIQUE constraints make (named differently by
// each database) by their table and columns.
func (i index) key() string {
	if i.name != "" {
		return i.name
	}
	return i.table + "(" + i.cols + ")"
}

// dialectOnly lists what one dialect has on purpose, and why; the parity
// test accepts exactly these differences.
var dialectOnly = map[string]string{
	// SQLite finds an email prefix by a range on the lower(email) index.
	"index magento_customers_email_prefix":     "PostgreSQL's LIKE 'x%' needs a text_pattern_ops index; SQLite uses a range on magento_customers_org_email",
	"index magento_customers_email":            "PostgreSQL sorts emails by lower(email) in the database's collation, which magento_customers_org_email (text_pattern_ops) cannot give; SQLite sorts them on magento_customers_org_email",
	"index magento_customers_org_first_prefix": "PostgreSQL's LIKE 'x%' needs a text_pattern_ops index; SQLite uses a range on magento_customers_org_first, which also sorts",
	// "Email contains" reads a trigram index: FTS5's on SQLite (a virtual
	// table and the tables FTS5 keeps it in), pg_trgm's on PostgreSQL.
	"index magento_customers_email_trigram": "pg_trgm's GIN index; SQLite has the FTS5 table magento_customer_emails",
	"table magento_customer_emails":         "SQLite's FTS5 trigram index of the emails; PostgreSQL has magento_customers_email_trigram",
	"table magento_customer_emails_config":  "kept by FTS5 for magento_customer_emails",
	"table magento_customer_emails_data":    "kept by FTS5 for magento_customer_emails",
	"table magento_customer_emails_docsize": "kept by FTS5 for magento_customer_emails",
	"table magento_customer_emails_idx":     "kept by FTS5 for magento_customer_emails",
}

func TestMigrationTreesHaveTheSameVersions(t *testing.T) {
	names := func(dialect string) []string {
		entries, err := os.ReadDir(filepath.Join("migrations", dialect))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			if !e.IsDir() {
				out = append(out, e.Name())
			}
		}
		return out
	}
	lite, pg := names("sqlite"), names("postgres")
	for _, n := range lite {
		if !slices.Contains(pg, n) {
			t.Errorf("migrations/sqlite/%s has no migrations/postgres/%s: add both, with the same meaning", n, n)
		}
	}
	for _, n := range pg {
		if !slices.Contains(lite, n) {
			t.Errorf("migrations/postgres/%s has no migrations/sqlite/%s: add both, with the same meaning", n, n)
		}
	}
}

// TestMigratedSchemasMatch migrates one database of each dialect and
// compares their tables, columns (type family, nullability, default) and
// indexes (uniqueness, columns or expressions, condition).
func TestMigratedSchemasMatch(t *testing.T) {
	dsn := dbtest.PostgresURL(t)
	lite := readSchema(t, migrated(t, filepath.Join(t.TempDir(), "parity.db")))
	pg := readSchema(t, migrated(t, dsn))
	if len(lite.tables) < 20 || len(lite.indexes) < 20 {
		t.Fatalf("read %d tables and %d indexes of SQLite: the schema reader misses them", len(lite.tables), len(lite.indexes))
	}
	for _, diff := range compareSchemas(lite, pg) {
		t.Error(diff)
	}
}

// TestParityNamesEveryDifference changes a migrated PostgreSQL database the
// way a careless migration would and expects each change named.
func TestParityNamesEveryDifference(t *testing.T) {
	dsn := dbtest.PostgresURL(t)
	lite := readSchema(t, migrated(t, filepath.Join(t.TempDir(), "parity.db")))
	pg := migrated(t, dsn)
	for _, stmt := range []string{
		"ALTER TABLE contacts ADD COLUMN nickname TEXT",
		"ALTER TABLE contacts ALTER COLUMN phone DROP NOT NULL",
		"ALTER TABLE contacts ALTER COLUMN email SET DEFAULT 'none'",
		"ALTER TABLE accounts ALTER COLUMN name TYPE BIGINT USING 0",
		"CREATE INDEX contacts_phone ON contacts(phone)",
		"DROP INDEX users_username",
		"CREATE UNIQUE INDEX users_username ON users(username)",
		"CREATE TABLE notes_extra (id BIGINT PRIMARY KEY)",
	} {
		if _, err := pg.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	got := compareSchemas(lite, readSchema(t, pg))
	for _, want := range []string{
		"table contacts column nickname: in PostgreSQL only",
		"table contacts column phone: NOT NULL in SQLite, nullable in PostgreSQL",
		"table contacts column email: default `''` in SQLite, `'none'` in PostgreSQL",
		"table accounts column name: type text in SQLite, integer in PostgreSQL",
		"index contacts_phone on contacts: in PostgreSQL only",
		"index users_username: on (lower(username)) in SQLite, (username) in PostgreSQL",
		"table notes_extra: in PostgreSQL only",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("missing difference %q; got:\n%s", want, strings.Join(got, "\n"))
		}
	}
	if len(got) != 7 {
		t.Errorf("%d differences, want 7:\n%s", len(got), strings.Join(got, "\n"))
	}
}

func migrated(t *testing.T, dsn string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

// compareSchemas lists every difference in words that name the table,
// column or index.
func compareSchemas(lite, pg *schema) []string {
	var out []string
	for _, name := range union(keys(lite.tables), keys(pg.tables)) {
		lc, inLite := lite.tables[name]
		pc, inPG := pg.tables[name]
		if _, ok := dialectOnly["table "+name]; ok && inLite != inPG {
			continue
		}
		switch {
		case !inPG:
			out = append(out, "table "+name+": in SQLite only")
			continue
		case !inLite:
			out = append(out, "table "+name+": in PostgreSQL only")
			continue
		}
		for _, col := range union(keys(lc), keys(pc)) {
			l, inLite := lc[col]
			p, inPG := pc[col]
			where := "table " + name + " column " + col
			switch {
			case !inPG:
				out = append(out, where+": in SQLite only")
			case !inLite:
				out = append(out, where+": in PostgreSQL only")
			default:
				if l.family != p.family {
					out = append(out, where+": type "+l.family+" in SQLite, "+p.family+" in PostgreSQL")
				}
				if l.nullable != p.nullable {
					out = append(out, where+": "+nullText(l.nullable)+" in SQLite, "+nullText(p.nullable)+" in PostgreSQL")
				}
				if l.def != p.def {
					out = append(out, where+": default "+quoteDefault(l.def)+" in SQLite, "+quoteDefault(p.def)+" in PostgreSQL")
				}
			}
		}
	}
	for _, k := range union(keys(lite.indexes), keys(pg.indexes)) {
		l, inLite := lite.indexes[k]
		p, inPG := pg.indexes[k]
		if _, ok := dialectOnly["index "+k]; ok && inLite != inPG {
			continue
		}
		if table := l.table + p.table; !inLite || !inPG { // one of the two is the zero index
			if lite.tables[table] == nil || pg.tables[table] == nil {
				continue // the table itself is missing on one side, and said so
			}
		}
		switch {
		case !inPG:
			out = append(out, "index "+k+" on "+l.table+": in SQLite only")
		case !inLite:
			out = append(out, "index "+k+" on "+p.table+": in PostgreSQL only")
		default:
			if l.table != p.table {
				out = append(out, "index "+k+": on "+l.table+" in SQLite, on "+p.table+" in PostgreSQL")
			}
			if l.unique != p.unique {
				out = append(out, "index "+k+": unique in one dialect only (SQLite unique="+boolText(l.unique)+")")
			}
			if l.cols != p.cols {
				out = append(out, "index "+k+": on ("+l.cols+") in SQLite, ("+p.cols+") in PostgreSQL")
			}
			if l.where != p.where {
				out = append(out, "index "+k+": WHERE "+quoteDefault(l.where)+" in SQLite, "+quoteDefault(p.where)+" in PostgreSQL")
			}
		}
	}
	return out
}

func nullText(nullable bool) string {
	if nullable {
		return "nullable"
	}
	return "NOT NULL"
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func quoteDefault(s string) string {
	if s == "" {
		return "(none)"
	}
	return "`" + s + "`"
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// ignoredTables are kept by the migration tool, not by magecrm.
var ignoredTables = []string{"goose_db_version"}

func readSchema(t *testing.T, d *db.DB) *schema {
	t.Helper()
	if d.Dialect == db.SQLite {
		return readSQLite(t, d)
	}
	return readPostgres(t, d)
}

func readSQLite(t *testing.T, d *db.DB) *schema {
	t.Helper()
	s := &schema{tables: map[string]map[string]column{}, indexes: map[string]index{}}
	tables := strings.Fields(queryText(t, d, `SELECT group_concat(name, ' ') FROM sqlite_master
		WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`))
	for _, table := range tables {
		if slices.Contains(ignoredTables, table) {
			continue
		}
		cols := map[string]column{}
		rows, err := d.Query(`SELECT name, type, "notnull", COALESCE(dflt_value, ''), pk FROM pragma_table_info($1)`, table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name, typ, def string
			var notNull, pk int
			if err := rows.Scan(&name, &typ, &notNull, &def, &pk); err != nil {
				t.Fatal(err)
			}
			// An INTEGER PRIMARY KEY is the rowid: never null, numbered
			// by the database (PostgreSQL's identity or serial).
			if pk > 0 {
				notNull = 1
			}
			cols[name] = column{family: family(typ), nullable: notNull == 0, def: normalizeDefault(def)}
		}
		rows.Close()
		s.tables[table] = cols
		for _, ix := range sqliteIndexes(t, d, table) {
			s.indexes[ix.key()] = ix
		}
	}
	return s
}

func sqliteIndexes(t *testing.T, d *db.DB, table string) []index {
	t.Helper()
	type row struct {
		name, origin, sql string
		unique            bool
	}
	var list []row
	rows, err := d.Query(`SELECT il.name, il.origin, il."unique", COALESCE(m.sql, '') FROM pragma_index_list($1) il
		LEFT JOIN sqlite_master m ON m.type = 'index' AND m.name = il.name`, table)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.name, &r.origin, &r.unique, &r.sql); err != nil {
			t.Fatal(err)
		}
		list = append(list, r)
	}
	rows.Close()
	var out []index
	for _, r := range list {
		ix := index{table: table, unique: r.unique}
		if r.origin == "c" {
			ix.name = r.name
			ix.cols, ix.where = splitIndexSQL(r.sql)
		} else {
			ix.cols = strings.ReplaceAll(queryText(t, d, `SELECT group_concat(name, ',') FROM
				(SELECT name FROM pragma_index_info($1) ORDER BY seqno)`, r.name), " ", "")
		}
		out = append(out, ix)
	}
	if pk := queryText(t, d, `SELECT COALESCE(group_concat(name, ','), '') FROM
		(SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk)`, table); pk != "" && !slices.ContainsFunc(out, func(i index) bool { return i.name == "" && i.cols == pk }) {
		// An INTEGER PRIMARY KEY is the rowid and has no index of its own.
		out = append(out, index{table: table, cols: pk, unique: true})
	}
	return out
}

func readPostgres(t *testing.T, d *db.DB) *schema {
	t.Helper()
	s := &schema{tables: map[string]map[string]column{}, indexes: map[string]index{}}
	rows, err := d.Query(`SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, COALESCE(c.column_default, ''),
		c.is_identity FROM information_schema.columns c JOIN information_schema.tables tb
		ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
		WHERE c.table_schema = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, name, typ, nullable, def, identity string
		if err := rows.Scan(&table, &name, &typ, &nullable, &def, &identity); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(ignoredTables, table) {
			continue
		}
		if s.tables[table] == nil {
			s.tables[table] = map[string]column{}
		}
		if strings.HasPrefix(def, "nextval(") {
			def = "" // serial: numbered by the database, as SQLite's rowid
		}
		s.tables[table][name] = column{family: family(typ), nullable: nullable == "YES", def: normalizeDefault(def)}
	}
	rows.Close()
	rows, err = d.Query(`SELECT i.tablename, i.indexname, i.indexdef, COALESCE(c.contype, '')
		FROM pg_indexes i LEFT JOIN pg_constraint c ON c.conname = i.indexname AND c.contype IN ('p', 'u')
		WHERE i.schemaname = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, name, def, constraint string
		if err := rows.Scan(&table, &name, &def, &constraint); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(ignoredTables, table) {
			continue
		}
		ix := index{table: table, unique: strings.HasPrefix(def, "CREATE UNIQUE")}
		ix.cols, ix.where = splitIndexSQL(def)
		if constraint == "" {
			ix.name = name
		}
		s.indexes[ix.key()] = ix
	}
	return s
}

func queryText(t *testing.T, d *db.DB, q string, args ...any) string {
	t.Helper()
	var s string
	if err := d.QueryRow(q, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return s
}

// family reduces a declared type to what it means across the dialects.
func family(typ string) string {
	t := strings.ToLower(typ)
	switch {
	case strings.Contains(t, "int"), t == "serial", t == "bigserial":
		return "integer"
	case strings.Contains(t, "char"), strings.Contains(t, "text"), strings.Contains(t, "clob"):
		return "text"
	case strings.Contains(t, "bool"):
		return "boolean"
	case strings.Contains(t, "real"), strings.Contains(t, "double"), strings.Contains(t, "float"),
		strings.Contains(t, "numeric"), strings.Contains(t, "decimal"):
		return "real"
	case strings.Contains(t, "blob"), strings.Contains(t, "bytea"):
		return "blob"
	}
	return t
}

var (
	castRE   = regexp.MustCompile(`::[a-z ]+(\[\])?`)
	spaceRE  = regexp.MustCompile(`\s+`)
	indexRE  = regexp.MustCompile(`(?is)\bON\s+[\w."]+\s*(?:USING\s+\w+\s*)?\((.*?)\)\s*(?:INCLUDE\s*\([^)]*\)\s*)?(?:WHERE\s+(.*))?$`)
	opsRE    = regexp.MustCompile(`\s+(text_pattern_ops|varchar_pattern_ops)\b`)
	doubled  = regexp.MustCompile(`\(\(([^()]*)\)\)`)
	numberRE = regexp.MustCompile(`^'?(-?[0-9]+(\.[0-9]+)?)'?$`)
)

// normalizeDefault writes a default so that equal meanings compare equal:
// casts and surrounding parentheses dropped, booleans as true/false,
// numbers without quotes.
func normalizeDefault(def string) string {
	d := strings.TrimSpace(castRE.ReplaceAllString(def, ""))
	for strings.HasPrefix(d, "(") && strings.HasSuffix(d, ")") {
		d = strings.TrimSpace(d[1 : len(d)-1])
	}
	switch strings.ToLower(d) {
	case "true":
		return "true"
	case "false":
		return "false"
	}
	if m := numberRE.FindStringSubmatch(d); m != nil {
		return m[1]
	}
	return d
}

// splitIndexSQL returns an index's columns or expressions and its
// condition, written alike for both dialects. PostgreSQL's INCLUDE
// columns are left out: SQLite has none, and they change speed, not
// what the index holds or allows.
func splitIndexSQL(sql string) (cols, where string) {
	m := indexRE.FindStringSubmatch(strings.TrimSpace(sql))
	if m == nil {
		return sql, ""
	}
	return normalizeExpr(m[1]), normalizeExpr(m[2])
}

func normalizeExpr(s string) string {
	s = castRE.ReplaceAllString(s, "")
	s = opsRE.ReplaceAllString(s, "")
	s = strings.ToLower(spaceRE.ReplaceAllString(s, ""))
	s = strings.ReplaceAll(s, `"`, "")
	// PostgreSQL writes lower((email)::text): without the cast, the
	// doubled parentheses are left.
	for doubled.MatchString(s) {
		s = doubled.ReplaceAllString(s, "($1)")
	}
	return s
}
