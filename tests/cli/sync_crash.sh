#!/bin/sh
# kill -9 of a writer (an import of a generated file) at random moments:
# after each kill the database passes PRAGMA integrity_check, the import
# is wholly present or wholly absent (journal and history with it), and
# every import acknowledged before (exit 0) is still there.
# TRIALS (default 20) and ROWS (default 3000); bench/sync-crash.sh runs 200.
. "$SRCDIR/tests/lib/common.sh"
TRIALS=${TRIALS:-20}
ROWS=${ROWS:-3000}

"$ACCORD" --db reg.db init --sample >/dev/null || fail "init"
gen() {
	python3 - "$1" "$ROWS" > "t$1.csv" <<'PY'
import sys
k, n = sys.argv[1], int(sys.argv[2])
print("name,country,city,type,notes")
for j in range(n):
    print(f"Trial {k} clinic {j},BY,Минск,hospital,trial {k}")
PY
}
# How long one import takes here, to kill within it.
gen 0
start=$(date +%s%N)
"$ACCORD" --db reg.db import t0.csv >/dev/null || fail "first import"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
acked="0"
killed=0 completed=0
for k in $(seq 1 "$TRIALS"); do
	gen "$k"
	"$ACCORD" --db reg.db import "t$k.csv" >/dev/null 2>&1 &
	pid=$!
	# anywhere from the start to a little past the usual end
	delay=$(python3 -c "import random; print(random.uniform(0, $ms * 1.2 / 1000))")
	sleep "$delay"
	if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
	wait "$pid"
	r=$?
	ic=$(sqlite3 reg.db "PRAGMA integrity_check")
	[ "$ic" = ok ] || fail "trial $k: integrity_check: $ic"
	n=$(sqlite3 reg.db "SELECT count(*) FROM institution WHERE notes = 'trial $k'")
	h=$(sqlite3 reg.db "SELECT count(*) FROM history WHERE op = 'added' AND new LIKE 'Trial $k clinic %'")
	if [ "$r" = 0 ]; then
		acked="$acked $k"
		completed=$((completed + 1))
	fi
	if [ "$n" != 0 ] && [ "$n" != "$ROWS" ]; then
		fail "trial $k: partial import: $n of $ROWS rows"
	elif [ "$h" != "$n" ]; then
		fail "trial $k: $n rows but $h history entries"
	elif [ "$r" = 0 ] && [ "$n" != "$ROWS" ]; then
		fail "trial $k: acknowledged but missing"
	fi
	for a in $acked; do
		got=$(sqlite3 reg.db "SELECT count(*) FROM institution WHERE notes = 'trial $a'")
		[ "$got" = "$ROWS" ] || fail "trial $k: acknowledged import $a has $got of $ROWS rows"
	done
	rm -f "t$k.csv"
done
pass "$TRIALS kill -9 trials ($killed killed, $completed completed; import takes ${ms} ms): all consistent"
run "$ACCORD" --db reg.db check
out_has "integrity: ok" "check after the trials"
# A merge of the survivor with a copy still works.
expect_rc 0 "copy after the trials" "$ACCORD" --db reg.db sync copy.db
expect_rc 0 "merge after the trials" "$ACCORD" --db copy.db sync reg.db
finish
