package store_test

import (
	"database/sql"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"tuoyu/internal/testkit"
)

// column is what the parity test compares of a column.
type column struct {
	Type    string // type family: integer, boolean, real, text, time, blob
	NotNull bool
}

// schema is a database's tables, columns and indexes ("name|columns|unique";
// the name is left out for the index behind a primary key or UNIQUE
// constraint, which each database names its own way).
type schema struct {
	Columns map[string]map[string]column
	Indexes map[string][]string
}

// typeFamily maps a declared type to what both databases mean by it.
func typeFamily(t string) string {
	t = strings.ToLower(t)
	switch {
	case strings.Contains(t, "bool"):
		return "boolean"
	case strings.Contains(t, "int"):
		return "integer"
	case strings.Contains(t, "real"), strings.Contains(t, "double"), strings.Contains(t, "numeric"), strings.Contains(t, "float"):
		return "real"
	case strings.Contains(t, "time"), t == "date":
		return "time"
	case strings.Contains(t, "blob"), t == "bytea":
		return "blob"
	case strings.Contains(t, "text"), strings.Contains(t, "char"), strings.Contains(t, "json"):
		return "text"
	}
	return t
}

func rowsOf(t *testing.T, db *sql.DB, query string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func sqliteSchema(t *testing.T, db *sql.DB) schema {
	s := schema{Columns: map[string]map[string]column{}, Indexes: map[string][]string{}}
	for _, tr := range rowsOf(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'`) {
		table := tr[0]
		s.Columns[table] = map[string]column{}
		// cid, name, type, notnull, dflt_value, pk
		for _, c := range rowsOf(t, db, fmt.Sprintf("PRAGMA table_info(%q)", table)) {
			s.Columns[table][c[1]] = column{Type: typeFamily(c[2]), NotNull: c[3] == "1" || c[5] != "0"}
		}
		// seq, name, unique, origin, partial
		for _, ix := range rowsOf(t, db, fmt.Sprintf("PRAGMA index_list(%q)", table)) {
			if ix[3] == "pk" {
				continue
			}
			var cols []string
			for _, c := range rowsOf(t, db, fmt.Sprintf("PRAGMA index_info(%q)", ix[1])) {
				cols = append(cols, c[2])
			}
			name := ix[1]
			if ix[3] != "c" {
				name = ""
			}
			s.Indexes[table] = append(s.Indexes[table], fmt.Sprintf("%s|%s|%v", name, strings.Join(cols, ","), ix[2] == "1"))
		}
		slices.Sort(s.Indexes[table])
	}
	return s
}

func postgresSchema(t *testing.T, db *sql.DB) schema {
	s := schema{Columns: map[string]map[string]column{}, Indexes: map[string][]string{}}
	for _, c := range rowsOf(t, db, `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version'`) {
		if s.Columns[c[0]] == nil {
			s.Columns[c[0]] = map[string]column{}
		}
		s.Columns[c[0]][c[1]] = column{Type: typeFamily(c[2]), NotNull: c[3] == "NO"}
	}
	for _, ix := range rowsOf(t, db, `SELECT t.relname, i.relname, x.indisunique,
			EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid),
			(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
				JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum)
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace ns ON ns.oid = t.relnamespace
		WHERE ns.nspname = 'public' AND NOT x.indisprimary AND t.relname <> 'goose_db_version'`) {
		name := ix[1]
		if ix[3] == "true" {
			name = ""
		}
		s.Indexes[ix[0]] = append(s.Indexes[ix[0]], fmt.Sprintf("%s|%s|%v", name, ix[4], ix[2] == "true"))
	}
	for table := range s.Indexes {
		slices.Sort(s.Indexes[table])
	}
	return s
}

// TestSchemaParity migrates both databases and fails on any table, column
// (name, nullability, type family) or index (name, columns, unique) that one
// has and the other lacks or describes differently.
func TestSchemaParity(t *testing.T) {
	if os.Getenv("TUOYU_TEST_POSTGRES") == "" {
		// Without a PostgreSQL server, compare what the two migration trees
		// declare: the same files, creating the same tables and indexes.
		if lite, pg := declared(t, "migrations/sqlite"), declared(t, "migrations/postgres"); lite != pg {
			t.Fatalf("the migration trees differ:\nsqlite:   %s\npostgres: %s", lite, pg)
		}
		return
	}
	var lite, pg schema
	for _, b := range testkit.Backends() {
		dsn := b.New(t)
		driver, source := "sqlite", "file:"+dsn
		if b.Name == "postgres" {
			driver, source = "pgx", dsn
		}
		db, err := sql.Open(driver, source)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if b.Name == "postgres" {
			pg = postgresSchema(t, db)
		} else {
			lite = sqliteSchema(t, db)
		}
	}
	if len(lite.Columns) == 0 || len(pg.Columns) == 0 {
		t.Fatalf("no tables read: sqlite %d, postgres %d", len(lite.Columns), len(pg.Columns))
	}
	tables := map[string]bool{}
	for name := range lite.Columns {
		tables[name] = true
	}
	for name := range pg.Columns {
		tables[name] = true
	}
	for table := range tables {
		l, lok := lite.Columns[table]
		p, pok := pg.Columns[table]
		if !lok || !pok {
			t.Errorf("table %s: in sqlite %v, in postgres %v", table, lok, pok)
			continue
		}
		for name, c := range l {
			pc, ok := p[name]
			if pc.Type == "boolean" && c.Type == "integer" {
				pc.Type = "integer" // SQLite has no boolean: it stores 0 and 1 as INTEGER
			}
			if !ok {
				t.Errorf("%s.%s: only in sqlite", table, name)
			} else if pc != c {
				t.Errorf("%s.%s: sqlite %+v, postgres %+v", table, name, c, pc)
			}
		}
		for name := range p {
			if _, ok := l[name]; !ok {
				t.Errorf("%s.%s: only in postgres", table, name)
			}
		}
		if !slices.Equal(lite.Indexes[table], pg.Indexes[table]) {
			t.Errorf("%s indexes:\n  sqlite   %v\n  postgres %v", table, lite.Indexes[table], pg.Indexes[table])
		}
	}
}

var createdName = regexp.MustCompile(`(?i)CREATE\s+(?:UNIQUE\s+)?(TABLE|INDEX)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)`)

// declared lists a migration tree's files and the tables and indexes each
// creates (triggers differ by dialect), as one string.
func declared(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		b, err := os.ReadFile(dir + "/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range createdName.FindAllStringSubmatch(string(b), -1) {
			names = append(names, strings.ToLower(m[1])+" "+m[2])
		}
		sort.Strings(names)
		out = append(out, e.Name()+": "+strings.Join(names, ", "))
	}
	return strings.Join(out, "; ")
}
