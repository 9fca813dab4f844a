package store

import "context"

// FailInserts makes every later insert into table fail, as a full disk or
// a lost connection would, on either engine.
func FailInserts(ctx context.Context, db *DB, table string) error {
	stmts := []string{`CREATE TRIGGER fail_` + table + ` BEFORE INSERT ON ` + table + ` BEGIN SELECT RAISE(ABORT, 'insert refused by the test'); END`}
	if db.dialect.Name() == "postgres" {
		stmts = []string{
			`CREATE FUNCTION fail_` + table + `() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'insert refused by the test'; END $$`,
			`CREATE TRIGGER fail_` + table + ` BEFORE INSERT ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION fail_` + table + `()`,
		}
	}
	for _, s := range stmts {
		if _, err := db.w.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}
