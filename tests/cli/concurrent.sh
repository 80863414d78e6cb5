#!/bin/sh
# Several processes write one database at once: command-line importers of
# different files and a writer loop of short transactions (the store's own
# write path, as the full-screen program uses it). Every acknowledged edit
# must be present, every refused one wholly absent and reported in words,
# and the journal and history must hold each transaction exactly once.
. "$SRCDIR/tests/lib/common.sh"
TOOL="${SYNC_TOOL:-$(dirname "$ACCORD")/tests/unit/sync_tool}"

"$ACCORD" --db reg.db init --sample >/dev/null || fail "init"
N=4
ROWS=400
for i in $(seq 1 $N); do
	python3 - "$i" "$ROWS" > "imp$i.csv" <<'PY'
import sys
i, n = int(sys.argv[1]), int(sys.argv[2])
print("name,country,city,notes")
for k in range(n):
    print(f"Importer {i} clinic {k},BY,Минск,file {i}")
# every file also edits one shared record: last writer wins, none is lost
print(f"Витебский государственный медицинский университет,BY,Витебск,edited by importer {i}")
PY
done
pids=
for i in $(seq 1 $N); do
	"$ACCORD" --db reg.db import "imp$i.csv" > "imp$i.out" 2> "imp$i.err" &
	pids="$pids $!"
done
"$TOOL" reg.db writer loop 60 > writer.out 2> writer.err &
wpid=$!
rcs=
for p in $pids; do wait "$p"; rcs="$rcs $?"; done
wait "$wpid"; wrc=$?

i=0
for r in $rcs; do
	i=$((i + 1))
	got=$(sqlite3 reg.db "SELECT count(*) FROM institution WHERE notes = 'file $i'")
	if [ "$r" = 0 ]; then
		[ "$got" = "$ROWS" ] && pass "importer $i acknowledged: all $ROWS rows present" \
			|| fail "importer $i acknowledged but $got of $ROWS rows present"
	else
		[ "$got" = 0 ] && pass "importer $i refused: none of its rows present" || fail "importer $i half present"
		grep -q "busy\|another user" "imp$i.err" && pass "importer $i says why" || fail "importer $i: $(cat "imp$i.err")"
	fi
	grep -q "database is locked" "imp$i.err" && fail "importer $i printed a raw 'database is locked'"
done
acked=$(grep -c '^ok ' writer.out)
present=$(sqlite3 reg.db "SELECT count(*) FROM institution WHERE name LIKE 'loop %'")
[ "$acked" = "$present" ] && pass "writer: all $acked acknowledged edits present" \
	|| fail "writer: $acked acknowledged, $present present"
[ "$wrc" = 0 ] || grep -q "busy" writer.err || fail "writer failed without saying why: $(cat writer.err)"
grep -q "database is locked" writer.err && fail "writer printed a raw 'database is locked'"

# Each transaction journaled once, and its records in the history.
dup=$(sqlite3 reg.db "SELECT count(*) FROM (SELECT txn, piece FROM sync_journal GROUP BY 1, 2 HAVING count(*) > 1)")
[ "$dup" = 0 ] && pass "journal: no transaction twice" || fail "journal: $dup duplicates"
hist=$(sqlite3 reg.db "SELECT count(*) FROM history WHERE op = 'added' AND tbl = 'institution' AND new LIKE 'loop %'")
[ "$hist" = "$acked" ] && pass "history: every writer transaction recorded" || fail "history: $hist of $acked"
edits=$(sqlite3 reg.db "SELECT count(*) FROM history WHERE field = 'notes' AND new LIKE 'edited by importer %'")
ok_imports=$(for r in $rcs; do [ "$r" = 0 ] && echo; done | wc -l)
[ "$edits" = "$ok_imports" ] && pass "history: the shared record's $edits edits, one per import" \
	|| fail "history: $edits edits of the shared record, $ok_imports imports"
run "$ACCORD" --db reg.db check
out_has "integrity: ok" "integrity ok after concurrent writers"

# A writer that cannot get the lock within the busy timeout fails clearly
# and changes nothing.
"$ACCORD" --db reg.db changes -o x.chg 2>/dev/null || fail "changes"
sqlite3 reg.db "SELECT count(*) FROM institution" > before.txt
python3 - "$T/reg.db" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[1] + ".held", "w").close()
time.sleep(13)
c.execute("ROLLBACK")
PY
hold=$!
while [ ! -e reg.db.held ]; do sleep 0.1; done
expect_rc 1 "import while another user holds the lock" "$ACCORD" --db reg.db import imp1.csv
err_has "another user" "says another user is writing"
grep -q "database is locked" "$T/err" && fail "raw 'database is locked'" || pass "no raw SQLite message"
expect_rc 1 "apply while another user holds the lock" "$ACCORD" --db reg.db apply x.chg
err_has "another user" "apply says another user is writing"
grep -q "database is locked" "$T/err" && fail "raw 'database is locked' from apply" || pass "apply: no raw message"
wait "$hold"
sqlite3 reg.db "SELECT count(*) FROM institution" > after.txt
same_file before.txt after.txt "nothing written while locked out"
finish
