/* Schema migrations, keyed on PRAGMA user_version. Migration N brings a
 * database from version N-1 to N; never edit one that has shipped, add the
 * next. */
#include <config.h>

#include <stdio.h>

#include "store_internal.h"

static const char schema_v1[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	/* Reference data, the same in every copy: loaded from iso-codes. */
	"CREATE TABLE country("
	"  code TEXT PRIMARY KEY CHECK (length(code) = 2),"
	"  alpha3 TEXT NOT NULL UNIQUE,"
	"  numeric TEXT NOT NULL,"
	"  name TEXT NOT NULL);"
	"CREATE TABLE country_name("
	"  code TEXT NOT NULL REFERENCES country(code),"
	"  lang TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('name', 'official', 'common', 'alias')),"
	"  name TEXT NOT NULL,"
	"  key TEXT NOT NULL,"     /* fold_key(name) */
	"  skey TEXT NOT NULL,"    /* key without 'republic of' and punctuation */
	"  PRIMARY KEY (code, lang, name));"
	"CREATE INDEX country_name_key ON country_name(key);"
	"CREATE INDEX country_name_skey ON country_name(skey);"
	/* Editable rows are identified by uuid, stable across copies, so that
	 * offline copies merge without colliding local ids. */
	"CREATE TABLE institution("
	"  uuid TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL CHECK (name <> ''),"
	"  name_en TEXT, acronym TEXT,"
	"  country TEXT NOT NULL REFERENCES country(code),"
	"  region TEXT, city TEXT, type TEXT,"
	"  parent TEXT REFERENCES institution(uuid) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,"
	"  website TEXT, notes TEXT,"
	"  key TEXT NOT NULL,"     /* fold_key(name): identity with country */
	"  akey TEXT,"             /* fold_key(acronym) */
	"  created TEXT NOT NULL, updated TEXT NOT NULL,"
	"  version INTEGER NOT NULL DEFAULT 1);"
	"CREATE UNIQUE INDEX institution_identity ON institution(country, key);"
	"CREATE INDEX institution_key ON institution(key);"
	"CREATE INDEX institution_akey ON institution(akey) WHERE akey IS NOT NULL;"
	"CREATE INDEX institution_parent ON institution(parent);"
	"CREATE TABLE agreement("
	"  uuid TEXT PRIMARY KEY,"
	"  title TEXT NOT NULL CHECK (title <> ''),"
	"  kind TEXT, status TEXT, signed TEXT, valid_from TEXT, valid_until TEXT,"
	"  place TEXT, source TEXT, notes TEXT,"
	"  key TEXT NOT NULL,"     /* fold_key(title): identity with signed */
	"  created TEXT NOT NULL, updated TEXT NOT NULL,"
	"  version INTEGER NOT NULL DEFAULT 1);"
	"CREATE UNIQUE INDEX agreement_identity ON agreement(key, ifnull(signed, ''));"
	"CREATE INDEX agreement_signed ON agreement(signed);"
	"CREATE TABLE agreement_party("
	"  agreement TEXT NOT NULL REFERENCES agreement(uuid) ON DELETE CASCADE,"
	"  institution TEXT NOT NULL REFERENCES institution(uuid),"
	"  role TEXT,"
	"  PRIMARY KEY (agreement, institution)) WITHOUT ROWID;"
	"CREATE INDEX agreement_party_institution ON agreement_party(institution, agreement);"
	"CREATE TABLE area("
	"  name TEXT PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE);"
	"CREATE TABLE agreement_area("
	"  agreement TEXT NOT NULL REFERENCES agreement(uuid) ON DELETE CASCADE,"
	"  area TEXT NOT NULL REFERENCES area(name) ON UPDATE CASCADE,"
	"  pos INTEGER NOT NULL DEFAULT 0,"   /* the order they were written in */
	"  PRIMARY KEY (agreement, area)) WITHOUT ROWID;"
	"CREATE INDEX agreement_area_area ON agreement_area(area);";

/* Tables and indexes of the full-screen program (search, browsing).
 * Derived data only, never merged between copies. Pure-SQL triggers keep
 * the rows in step with every writer (the sqlite3 shell included) and mark
 * them dirty; the sort keys and folded search text need C (collate_key,
 * fold_key), so src/store/browse.c fills dirty rows before browsing and
 * after each save. An external write is thus never refused; its row just
 * sorts by stale keys until the next sweep. */
static const char schema_v1_browse[] =
	"CREATE TABLE country_count(code TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE inst_idx("
	"  sid INTEGER PRIMARY KEY,"
	"  uuid TEXT NOT NULL UNIQUE,"
	"  country TEXT NOT NULL,"
	"  gkey BLOB NOT NULL DEFAULT x'',"  /* sort key of the group: the parent's */
	"  br INTEGER NOT NULL DEFAULT 0,"   /* 1: a branch, listed under its parent */
	"  skey BLOB NOT NULL DEFAULT x'',"  /* sort key of the name */
	"  text TEXT,"                       /* folded name, acronym, city for search */
	"  dirty INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX inst_idx_order ON inst_idx(country, gkey, br, skey, sid);"
	"CREATE INDEX inst_idx_dirty ON inst_idx(sid) WHERE dirty = 1;"
	"CREATE VIRTUAL TABLE inst_fts USING fts5(text, content='inst_idx', content_rowid='sid',"
	"  tokenize='trigram case_sensitive 1');"
	"CREATE TABLE agr_idx("
	"  sid INTEGER PRIMARY KEY,"
	"  uuid TEXT NOT NULL UNIQUE,"
	"  signed TEXT NOT NULL DEFAULT '',"
	"  status INTEGER NOT NULL DEFAULT 9,"  /* rank in the order of the statuses */
	"  tkey BLOB NOT NULL DEFAULT x'',"     /* sort key of the title */
	"  pair TEXT NOT NULL DEFAULT '',"      /* the parties' countries, sorted */
	"  text TEXT,"
	"  dirty INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX agr_idx_signed ON agr_idx(signed, sid);"
	"CREATE INDEX agr_idx_title ON agr_idx(tkey, sid);"
	"CREATE INDEX agr_idx_status ON agr_idx(status, signed, sid);"
	"CREATE INDEX agr_idx_pair ON agr_idx(pair, signed, sid);"
	"CREATE INDEX agr_idx_dirty ON agr_idx(sid) WHERE dirty = 1;"
	"CREATE VIRTUAL TABLE agr_fts USING fts5(text, content='agr_idx', content_rowid='sid',"
	"  tokenize='trigram case_sensitive 1');"
	/* The full-text indexes follow the text columns. */
	"CREATE TRIGGER inst_idx_ai AFTER INSERT ON inst_idx WHEN new.text IS NOT NULL BEGIN"
	"  INSERT INTO inst_fts(rowid, text) VALUES (new.sid, new.text); END;"
	"CREATE TRIGGER inst_idx_ad AFTER DELETE ON inst_idx WHEN old.text IS NOT NULL BEGIN"
	"  INSERT INTO inst_fts(inst_fts, rowid, text) VALUES ('delete', old.sid, old.text); END;"
	"CREATE TRIGGER inst_idx_au AFTER UPDATE OF text ON inst_idx BEGIN"
	"  INSERT INTO inst_fts(inst_fts, rowid, text) SELECT 'delete', old.sid, old.text WHERE old.text IS NOT NULL;"
	"  INSERT INTO inst_fts(rowid, text) SELECT new.sid, new.text WHERE new.text IS NOT NULL; END;"
	"CREATE TRIGGER agr_idx_ai AFTER INSERT ON agr_idx WHEN new.text IS NOT NULL BEGIN"
	"  INSERT INTO agr_fts(rowid, text) VALUES (new.sid, new.text); END;"
	"CREATE TRIGGER agr_idx_ad AFTER DELETE ON agr_idx WHEN old.text IS NOT NULL BEGIN"
	"  INSERT INTO agr_fts(agr_fts, rowid, text) VALUES ('delete', old.sid, old.text); END;"
	"CREATE TRIGGER agr_idx_au AFTER UPDATE OF text ON agr_idx BEGIN"
	"  INSERT INTO agr_fts(agr_fts, rowid, text) SELECT 'delete', old.sid, old.text WHERE old.text IS NOT NULL;"
	"  INSERT INTO agr_fts(rowid, text) SELECT new.sid, new.text WHERE new.text IS NOT NULL; END;"
	/* Institutions: counts per country, and rows to index. */
	"CREATE TRIGGER institution_browse_ai AFTER INSERT ON institution BEGIN"
	"  INSERT INTO inst_idx(uuid, country) VALUES (new.uuid, new.country);"
	"  INSERT INTO country_count(code, n) VALUES (new.country, 1)"
	"    ON CONFLICT(code) DO UPDATE SET n = n + 1; END;"
	"CREATE TRIGGER institution_browse_ad AFTER DELETE ON institution BEGIN"
	"  DELETE FROM inst_idx WHERE uuid = old.uuid;"
	"  UPDATE country_count SET n = n - 1 WHERE code = old.country; END;"
	"CREATE TRIGGER institution_browse_au AFTER UPDATE OF uuid, name, acronym, city, country, parent"
	"  ON institution BEGIN"
	"  UPDATE inst_idx SET uuid = new.uuid, country = new.country, dirty = 1 WHERE uuid = old.uuid;"
	/* branches sort under their parent's name */
	"  UPDATE inst_idx SET dirty = 1 WHERE uuid IN (SELECT uuid FROM institution WHERE parent = new.uuid); END;"
	"CREATE TRIGGER institution_browse_country AFTER UPDATE OF country ON institution"
	"  WHEN old.country <> new.country BEGIN"
	"  UPDATE country_count SET n = n - 1 WHERE code = old.country;"
	"  INSERT INTO country_count(code, n) VALUES (new.country, 1)"
	"    ON CONFLICT(code) DO UPDATE SET n = n + 1;"
	"  UPDATE agr_idx SET dirty = 1 WHERE uuid IN"
	"    (SELECT agreement FROM agreement_party WHERE institution = new.uuid); END;"
	/* Agreements: date and status are plain SQL, kept exact at once. */
	"CREATE TRIGGER agreement_browse_ai AFTER INSERT ON agreement BEGIN"
	"  INSERT INTO agr_idx(uuid, signed, status) VALUES (new.uuid, ifnull(new.signed, ''),"
	"    CASE new.status WHEN 'draft' THEN 1 WHEN 'negotiating' THEN 2 WHEN 'signed' THEN 3"
	"    WHEN 'in_force' THEN 4 WHEN 'expired' THEN 5 WHEN 'terminated' THEN 6 ELSE 9 END); END;"
	"CREATE TRIGGER agreement_browse_ad AFTER DELETE ON agreement BEGIN"
	"  DELETE FROM agr_idx WHERE uuid = old.uuid; END;"
	"CREATE TRIGGER agreement_browse_au AFTER UPDATE OF uuid, title, signed, status ON agreement BEGIN"
	"  UPDATE agr_idx SET uuid = new.uuid, signed = ifnull(new.signed, ''),"
	"    status = CASE new.status WHEN 'draft' THEN 1 WHEN 'negotiating' THEN 2 WHEN 'signed' THEN 3"
	"    WHEN 'in_force' THEN 4 WHEN 'expired' THEN 5 WHEN 'terminated' THEN 6 ELSE 9 END,"
	"    dirty = 1 WHERE uuid = old.uuid; END;"
	"CREATE TRIGGER agreement_party_browse_ai AFTER INSERT ON agreement_party BEGIN"
	"  UPDATE agr_idx SET dirty = 1 WHERE uuid = new.agreement AND dirty = 0; END;"
	"CREATE TRIGGER agreement_party_browse_ad AFTER DELETE ON agreement_party BEGIN"
	"  UPDATE agr_idx SET dirty = 1 WHERE uuid = old.agreement AND dirty = 0; END;";

/* Tables of sharing and merging copies (history, sync state); see
 * src/store/sync.c. Not themselves merged: each copy keeps its own. */
static const char schema_v1_sync[] =
	/* Every write transaction's effect on the editable tables, as an SQLite
	 * changeset, in the order it happened here. txn is the same in every
	 * copy that has the transaction, so copies tell which ones they lack;
	 * one transaction may take several rows (pieces) when it is large. */
	"CREATE TABLE sync_journal("
	"  seq INTEGER PRIMARY KEY,"         /* the local order; marks are seqs */
	"  txn TEXT NOT NULL,"
	"  piece INTEGER NOT NULL DEFAULT 0,"
	"  at TEXT NOT NULL,"                /* when, ISO 8601 UTC */
	"  user TEXT NOT NULL,"              /* who: the Unix user */
	"  session TEXT,"                    /* the connection that wrote it here */
	"  origin TEXT NOT NULL,"            /* edit, apply, sync, undo */
	"  undone INTEGER,"                  /* seq of the undo that reverted it */
	"  changes BLOB NOT NULL,"
	"  UNIQUE (txn, piece));"
	"CREATE INDEX sync_journal_session ON sync_journal(session, seq);"
	/* What changed, field by field, for people: a record's history. */
	"CREATE TABLE history("
	"  id INTEGER PRIMARY KEY,"
	"  seq INTEGER NOT NULL,"            /* the journal row */
	"  tbl TEXT NOT NULL,"
	"  rec TEXT NOT NULL,"               /* the record's uuid (links: their agreement's) */
	"  op TEXT NOT NULL CHECK (op IN ('added', 'changed', 'deleted')),"
	"  field TEXT,"                      /* NULL: the record as a whole */
	"  old, new);"
	"CREATE INDEX history_rec ON history(rec, id);"
	"CREATE INDEX history_seq ON history(seq);";

static int migrate_v1(struct store *st, char **err)
{
	int rc = store_exec(st, schema_v1, err);
	if (rc == STORE_OK && *schema_v1_browse)
		rc = store_exec(st, schema_v1_browse, err);
	if (rc == STORE_OK && *schema_v1_sync)
		rc = store_exec(st, schema_v1_sync, err);
	if (rc != STORE_OK)
		return rc;
	char uuid[37], now[21];
	if (store_uuid(st, uuid) != STORE_OK)
		return store_fail(err, STORE_ERROR, "cannot make a registry id: no random source");
	store_now(now);
	sqlite3_stmt *s;
	if ((rc = store_prepare(st, "INSERT INTO meta(key, value) VALUES ('registry', ?1), ('created', ?2)",
	                        &s, err)) != STORE_OK)
		return rc;
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK : store_sqlfail(st, err, "cannot initialise");
	sqlite3_finalize(s);
	if (rc != STORE_OK)
		return rc;
	return store_country_load(st, err);
}

static int (*const migrations[])(struct store *, char **) = {
	migrate_v1,
};

_Static_assert(sizeof migrations / sizeof *migrations == STORE_SCHEMA_VERSION,
               "one migration per schema version");

int store_migrate(struct store *st, int from, char **err)
{
	int rc = store_begin(st, err);
	if (rc != STORE_OK)
		return rc;
	/* Another process may have migrated between our probe and the lock. */
	sqlite3_stmt *s;
	if ((rc = store_prepare(st, "PRAGMA user_version", &s, err)) != STORE_OK) {
		store_rollback(st);
		return rc;
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		from = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	for (int v = from; v < STORE_SCHEMA_VERSION; v++) {
		if ((rc = migrations[v](st, err)) != STORE_OK) {
			store_rollback(st);
			return rc;
		}
	}
	char sql[96];
	snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
	         STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
	if ((rc = store_exec(st, sql, err)) != STORE_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}
