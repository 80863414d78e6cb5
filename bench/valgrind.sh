#!/bin/sh
# A command-line session under valgrind (issue 7): init --sample, import,
# export, detect, changes, apply, check, then a full-screen session driven
# through a pty (bench/valgrind-tui.py, needs python3-pyte) — each with
#   valgrind --error-exitcode=1 --leak-check=full
# on a plain build (the suite's build uses ASan, which valgrind cannot run).
#
#   bench/valgrind.sh [BUILDDIR]
# BUILDDIR: a configured plain build to use; default: configure and build
# one in a temporary directory. Exit status 0 when no command had an error
# or a leak reported.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind >/dev/null || { echo "bench/valgrind.sh: install valgrind" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/accord-vg.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ -n "${1:-}" ]; then
	B=$1
else
	B=$work/build
	mkdir -p "$B"
	echo "bench/valgrind.sh: building a plain (no sanitizer) binary in $B" >&2
	(cd "$B" && "$src/configure" -q CFLAGS="-g -O1" >/dev/null && make -j"${JOBS:-2}" accord >/dev/null) ||
		{ echo "bench/valgrind.sh: build failed" >&2; exit 2; }
fi
A=$B/accord
vg="valgrind -q --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --track-fds=no"
cd "$work"
failed=0
n=0
step() {   # step DESCRIPTION ARGS...
	desc=$1
	shift
	n=$((n + 1))
	if $vg "$A" "$@" >"$work/out" 2>"$work/err"; then
		echo "ok: $desc"
	else
		rc=$?
		# Exit 1 from accord itself is a data error some steps expect; a
		# valgrind report is what counts.
		if grep -q '^==[0-9]*==' "$work/err"; then
			echo "FAIL: $desc (valgrind):"
			grep '^==[0-9]*==' "$work/err" | head -40
			failed=$((failed + 1))
		else
			echo "ok: $desc (exit $rc, no valgrind report)"
		fi
	fi
}
step "init --sample" --db a.db init --sample
step "import institutions" --db a.db import "$src/tests/fixtures/import/ru-institutions.csv" \
	"$src/tests/fixtures/import/et-institutions.csv" "$src/tests/fixtures/import/uk-institutions.csv"
step "import agreements" --db a.db import "$src/tests/fixtures/import/agreements.csv"
printf 'name,country\n\033]0;x\007bad,BY\n' > bad.csv
step "import with an error (rolled back)" --db a.db import bad.csv
step "export institutions csv cp1251" --db a.db export --type institutions --encoding WINDOWS-1251 --translit -o inst.csv
step "export agreements json" --db a.db export --type agreements --format json -o agr.json
step "export countries" --db a.db export --type countries -o /dev/null
step "detect" detect "$src/tests/fixtures/detect/ru.KOI8-R.long.txt" inst.csv
step "copy for sync" --db a.db check
cp a.db b.db
printf 'name,country,city\nValgrind clinic,EE,Tartu\n' > v.csv
step "import on the copy" --db b.db import v.csv
step "changes" --db b.db changes -o b.acd
step "apply" --db a.db apply b.acd
step "sync" --db a.db sync b.db
step "check" --db a.db check

# The full-screen program, driven through a pty by bench/valgrind-tui.py
# (python3-pyte): valgrind's exit code and its log decide.
n=$((n + 1))
if /usr/bin/python3 -c 'import pyte' 2>/dev/null; then
	cp a.db tui.db
	cp a.db other.db
	printf 'name,country,city\nMerge clinic,LV,Riga\n' >m.csv
	"$A" --db other.db import m.csv >/dev/null
	printf '#!/bin/sh\nexec %s --log-file=%s "%s" "$@"\n' "$vg" "$work/vg-tui.log" "$A" >vg-accord
	chmod +x vg-accord
	if ACCORD=$work/vg-accord PYTHONPATH=$src/tests/lib /usr/bin/python3 "$src/bench/valgrind-tui.py" \
		tui.db other.db >"$work/out" 2>"$work/err" && [ -f "$work/vg-tui.log" ] && ! grep -q '^==[0-9]*== [A-Za-z]' "$work/vg-tui.log"; then
		echo "ok: full-screen session (browse, filter, search, sort, help, resize, add, edit, delete, undo, merge)"
	else
		echo "FAIL: full-screen session:"
		tail -n 40 "$work/out" "$work/err"
		head -n 60 "$work/vg-tui.log"
		failed=$((failed + 1))
	fi
else
	echo "skip: full-screen session (needs python3-pyte)"
fi
echo "$n commands, $failed with valgrind reports"
[ "$failed" -eq 0 ]
