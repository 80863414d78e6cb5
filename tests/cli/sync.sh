#!/bin/sh
# Two copies diverge (adds, edits, deletes on both, conflicting ones too)
# and merge both ways: conflicts listed with nothing changed, then settled
# by --prefer, ending with identical exports; a second merge changes
# nothing. The same through changes files; bad files refused.
. "$SRCDIR/tests/lib/common.sh"
TOOL="${SYNC_TOOL:-$(dirname "$ACCORD")/tests/unit/sync_tool}"

VGMU='Витебский государственный медицинский университет'
ECEAP="UPDATE institution SET %s, version = version + 1 WHERE acronym = 'ECEAP'"

# diverge: on both a and b, from one registry
diverge() {
	rm -f a.db* b.db*
	"$ACCORD" --db a.db init --sample >/dev/null || fail "init"
	"$ACCORD" --db a.db sync b.db >/dev/null || fail "copy for the laptop"
	# the same field of one record on both: a conflict
	"$TOOL" a.db sql "UPDATE institution SET city = 'Витебск-A', version = version + 1 WHERE name = '$VGMU'"
	"$TOOL" b.db sql "UPDATE institution SET city = 'Витебск-B', version = version + 1 WHERE name = '$VGMU'"
	# different fields of one record: merged without a conflict
	"$TOOL" a.db sql "$(printf "$ECEAP" "notes = 'note from A'")"
	"$TOOL" b.db sql "$(printf "$ECEAP" "website = 'https://b.example'")"
	# deleted on a, edited on b: a conflict
	"$TOOL" a.db del-inst "Tervishoiu Kõrgkool"
	"$TOOL" b.db sql "UPDATE institution SET city = 'Tallinn', version = version + 1 WHERE name = 'Tervishoiu Kõrgkool'"
	# deletes and adds on both, no conflict
	"$TOOL" b.db del-agr "$(sqlite3 b.db "SELECT title FROM agreement ORDER BY title LIMIT 1")"
	"$TOOL" a.db del-inst "$(sqlite3 a.db "SELECT name FROM institution WHERE country = 'MK'")"
	printf 'name,country,city\nLaptop Clinic,EE,Tartu\n' > add_b.csv
	printf 'name,country,city\nHome Hospital,BY,Гомель\n' > add_a.csv
	"$ACCORD" --db a.db import add_a.csv >/dev/null || fail "import on a"
	"$ACCORD" --db b.db import add_b.csv >/dev/null || fail "import on b"
	cp a.db a.orig; cp b.db b.orig
}

exports_equal() {
	for t in institutions agreements; do
		"$ACCORD" --db a.db export --type "$t" > "a.$t"
		"$ACCORD" --db b.db export --type "$t" > "b.$t"
		same_file "a.$t" "b.$t" "$1: identical $t exports"
	done
}

diverge
expect_rc 1 "sync with conflicts and no preference" "$ACCORD" --db a.db sync b.db
out_has "city: changed on both copies: mine \"Витебск-A\", theirs \"Витебск-B\"" "lists the field conflict, mine vs theirs"
out_has "Tervishoiu Kõrgkool" "lists the delete/edit conflict by name"
out_has "changed there, deleted here" "says who deleted"
err_has "nothing was changed" "says nothing was changed"
same_file a.orig a.db "a byte-identical after refused sync"
same_file b.orig b.db "b byte-identical after refused sync"
no_sanitizer_report

expect_rc 0 "sync --prefer mine" "$ACCORD" --db a.db sync b.db --prefer mine
out_has "resolved (mine)" "lists what it resolved"
no_sanitizer_report
exports_equal "prefer mine"
grep -qF "$VGMU,BY,Витебск-A" a.institutions && pass "mine kept" || fail "mine kept"
grep -q "^Tervishoiu Kõrgkool," a.institutions && fail "delete (mine) lost" || pass "delete (mine) kept"
grep -q "note from A,https\|https://b.example,note from A" a.institutions && pass "both fields of one record merged" \
	|| fail "fields edited on both sides merged"
grep -q "Laptop Clinic" a.institutions && grep -q "Home Hospital" b.institutions && pass "adds of both sides" \
	|| fail "adds of both sides"
expect_rc 0 "merge again" "$ACCORD" --db a.db sync b.db
out_has "0 transactions received (0 rows), 0 sent (0 rows)" "a second merge has nothing to do"
expect_rc 0 "merge the other way" "$ACCORD" --db b.db sync a.db
out_has "0 transactions received (0 rows), 0 sent (0 rows)" "nor the other way"
run "$ACCORD" --db a.db check
out_has "integrity: ok" "a consistent after merge"
run "$ACCORD" --db b.db check
out_has "integrity: ok" "b consistent after merge"

diverge
expect_rc 0 "sync --prefer theirs" "$ACCORD" --db a.db sync b.db --prefer theirs
exports_equal "prefer theirs"
grep -qF "$VGMU,BY,Витебск-B" a.institutions && pass "theirs taken" || fail "theirs taken"
grep -q "Tervishoiu Kõrgkool,EE,Tallinn" a.institutions && pass "deleted record restored with their edit" \
	|| fail "deleted record restored"
n=$("$ACCORD" --db b.orig export --type agreements | grep -c "Tervishoiu")
m=$(grep -c "Tervishoiu" a.agreements)
[ "$n" = "$m" ] && pass "restored record is a party again ($m)" || fail "restored links: $m, want $n"

# The same with changes files, one way then the other.
diverge
"$TOOL" b.db history "$VGMU" > hist.txt
grep -q "changed city Витебск -> Витебск-B\|changed city - -> Витебск-B" hist.txt \
	&& pass "history has the edit" || { cat hist.txt; fail "history has the edit"; }
grep -q "^.* root \|^[0-9]* $(id -un) " hist.txt && pass "history says who" || fail "history says who"
expect_rc 0 "changes from the laptop" "$ACCORD" --db b.db changes -o b.chg
err_has "up to mark" "prints the mark"
size=$(wc -c < b.chg)
[ "$size" -lt 20000 ] && pass "changes since the copy are small ($size bytes)" || fail "changes file is $size bytes"
expect_rc 1 "apply with conflicts" "$ACCORD" --db a.db apply b.chg
same_file a.orig a.db "a byte-identical after refused apply"
expect_rc 0 "apply --prefer theirs" "$ACCORD" --db a.db apply b.chg --prefer theirs
cp a.db a.once
expect_rc 0 "apply the same file again" "$ACCORD" --db a.db apply b.chg --prefer theirs
out_has "0 transactions (0 rows)" "the second apply changes nothing"
"$ACCORD" --db a.db export --type institutions > a1; "$ACCORD" --db a.once export --type institutions > a2
same_file a1 a2 "content unchanged by the second apply"
expect_rc 0 "changes from home" "$ACCORD" --db a.db changes -o a.chg
expect_rc 0 "apply at the laptop" "$ACCORD" --db b.db apply a.chg --prefer mine
exports_equal "changes files both ways"

# Bad files: refused, database byte-identical.
cp a.db a.before
head -c 200 b.chg > trunc.chg
head -c 50 b.chg > short.chg
python3 -c "import sys; d=bytearray(open('b.chg','rb').read()); d[len(d)//2]^=0x55; open('bad.chg','wb').write(d)"
printf 'title\nnot a changes file\n' > text.chg
"$ACCORD" --db other.db init >/dev/null
"$TOOL" other.db sql "INSERT INTO area(name, key) VALUES ('x', 'x')"
"$ACCORD" --db other.db changes -o foreign.chg 2>/dev/null
for f in trunc short bad text; do
	expect_rc 1 "refuses $f.chg" "$ACCORD" --db a.db apply "$f.chg"
	err_has "nothing was changed" "$f.chg: says nothing was changed"
done
expect_rc 1 "refuses a file of another registry" "$ACCORD" --db a.db apply foreign.chg
err_has "another registry" "says it is from another registry"
same_file a.before a.db "database byte-identical after refused files"
expect_rc 1 "refuses to sync with another registry" "$ACCORD" --db a.db sync other.db
err_has "another registry" "says so"
same_file a.before a.db "still byte-identical"
no_sanitizer_report

# Usage errors.
expect_rc 2 "bad --prefer" "$ACCORD" --db a.db sync b.db --prefer both
expect_rc 2 "sync without OTHER" "$ACCORD" --db a.db sync
expect_rc 2 "changes without -o" "$ACCORD" --db a.db changes
expect_rc 2 "bad --since" "$ACCORD" --db a.db changes --since x -o f.chg
expect_rc 2 "apply without FILE" "$ACCORD" --db a.db apply

# Group sharing: -wal/-shm follow the database's mode.
mkdir shared; chmod 2770 shared
"$ACCORD" --db shared/reg.db init --sample >/dev/null
"$TOOL" shared/reg.db writer hold 1 >/dev/null
sqlite3 shared/reg.db 'PRAGMA journal_mode' >/dev/null
( sqlite3 shared/reg.db 'BEGIN; SELECT count(*) FROM institution; SELECT 1;' ; ) >/dev/null
python3 - "$T/shared/reg.db" <<'PY' && pass "-wal and -shm get the database's mode (0660 in a setgid group dir)" || fail "-wal/-shm modes"
import os, sqlite3, stat, sys
p = sys.argv[1]
c = sqlite3.connect(p); c.execute("SELECT count(*) FROM institution").fetchall()
modes = {s: stat.S_IMODE(os.stat(p + s).st_mode) for s in ("", "-wal", "-shm") if os.path.exists(p + s)}
print(modes)
sys.exit(0 if modes[""] == 0o660 and all(m == 0o660 for m in modes.values()) and len(modes) == 3 else 1)
PY

finish
