#!/bin/sh
# Files that are not Accord databases are refused with exit 1 and left
# byte-identical; a newer schema and a read-only file likewise.
. "$SRCDIR/tests/lib/common.sh"

printf 'name;country\nМинск;BY\n' > data.csv
cp data.csv data.orig
expect_rc 1 "a CSV file as --db" "$ACCORD" --db data.csv init
err_has "not an Accord database" "says it is not an Accord database"
same_file data.orig data.csv "CSV file left byte-identical"

sqlite3 other.db 'create table t(x); insert into t values (1);'
cp other.db other.orig
for cmd in init check "export --type countries"; do
	# shellcheck disable=SC2086
	expect_rc 1 "another program's SQLite file: $cmd" "$ACCORD" --db other.db $cmd
done
err_has "another program" "says whose file it is not"
same_file other.orig other.db "other SQLite file left byte-identical"
[ -e other.db-wal ] && fail "-wal created beside a foreign file" || pass "no -wal beside a foreign file"

head -c 4096 /dev/urandom > random.bin
cp random.bin random.orig
expect_rc 1 "random bytes as --db" "$ACCORD" --db random.bin check
same_file random.orig random.bin "random file left byte-identical"

"$ACCORD" --db new.db init >/dev/null
sqlite3 new.db 'pragma user_version=42'
cp new.db new.orig
expect_rc 1 "newer schema" "$ACCORD" --db new.db check
err_has "newer Accord" "says the file is newer"
same_file new.orig new.db "newer file left byte-identical"

mkdir adir
expect_rc 1 "a directory as --db" "$ACCORD" --db adir init
err_has "is a directory" "says it is a directory"

ln -s "$T/nowhere/target.db" planted.db
expect_rc 1 "dangling symlink" "$ACCORD" --db planted.db init
err_has "symbolic link" "says why"
[ -e nowhere ] && fail "followed the symlink" || pass "did not follow the symlink"

# Read-only: root can write anything, so drop to nobody where we can.
"$ACCORD" --db ro.db init >/dev/null
chmod 444 ro.db
cp ro.db ro.orig
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	# nobody may not reach the build tree: run a copy of the binary.
	chmod 755 "$T"
	cp "$ACCORD" "$T/accord-copy"
	as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	expect_rc 1 "read-only database, init" $as_nobody "$T/accord-copy" --db "$T/ro.db" init
	err_has "read-only" "says it is read-only"
	expect_rc 0 "read-only database, check still works" $as_nobody "$T/accord-copy" --db "$T/ro.db" check
	same_file ro.orig ro.db "read-only file unchanged"
elif [ "$(id -u)" != 0 ]; then
	expect_rc 1 "read-only database, init" "$ACCORD" --db ro.db init
	err_has "read-only" "says it is read-only"
	same_file ro.orig ro.db "read-only file unchanged"
else
	pass "read-only case skipped: root without setpriv"
fi
no_sanitizer_report
finish
