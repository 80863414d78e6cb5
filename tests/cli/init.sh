#!/bin/sh
# accord init: creates a 0600 database holding all ISO countries; twice
# changes nothing; the default path follows ACCORD_DB and XDG_DATA_HOME.
. "$SRCDIR/tests/lib/common.sh"

expect_rc 0 "init creates a database" "$ACCORD" --db x.db init
out_has "created, 249 countries" "init says what it created"
if [ "$(stat -c %a x.db)" = 600 ]; then pass "mode 0600"; else fail "mode $(stat -c %a x.db)"; fi
if [ "$(sqlite3 x.db 'pragma integrity_check')" = ok ]; then pass "integrity ok"; else fail "integrity"; fi
if [ "$(sqlite3 x.db 'select count(*) from country')" = 249 ]; then pass "249 countries"; else fail "country count"; fi
cp x.db before.db
expect_rc 0 "init twice" "$ACCORD" --db x.db init
out_has "already initialised" "second init says so"
same_file before.db x.db "second init changes nothing"
[ -e x.db-wal ] && fail "left a -wal file behind" || pass "no -wal left behind"

expect_rc 0 "--db after the command" "$ACCORD" init --db=y.db
[ -f y.db ] && pass "y.db created" || fail "y.db missing"

ACCORD_DB="$T/env.db" expect_rc 0 "ACCORD_DB" "$ACCORD" init
[ -f env.db ] && pass "ACCORD_DB honoured" || fail "env.db missing"

XDG_DATA_HOME="$T/xdg" expect_rc 0 "XDG_DATA_HOME" "$ACCORD" init
[ -f xdg/accord/accord.db ] && pass "XDG path used" || fail "xdg/accord/accord.db missing"
[ "$(stat -c %a xdg/accord)" = 700 ] && pass "new directory 0700" || fail "dir mode $(stat -c %a xdg/accord)"

expect_rc 0 "default path under HOME" "$ACCORD" init
[ -f "$HOME/.local/share/accord/accord.db" ] && pass "~/.local/share/accord/accord.db" || fail "default path"

expect_rc 0 "check on a new database" "$ACCORD" --db x.db check
out_has "integrity: ok" "check says ok"
out_has "countries         249" "check counts countries"

# A command that needs the database creates it.
expect_rc 0 "export creates the database" "$ACCORD" --db fresh.db export --type countries
[ "$(sqlite3 fresh.db 'select count(*) from country')" = 249 ] && pass "fresh.db initialised" || fail "fresh.db"
no_sanitizer_report
finish
