#!/bin/sh
# Command-line frame: --help, --version, usage errors exit 2.
. "$SRCDIR/tests/lib/common.sh"

expect_rc 0 "--help" "$ACCORD" --help
for word in init import export detect check sync changes apply --db --type --format --encoding --delimiter --dry-run --translit --output; do
	out_has "$word" "--help mentions $word"
done
# the full-screen program's keys, from its key table
for text in "suspend to the shell" "redraw the screen" "^S F2" "next pane" "Editing text"; do
	out_has "$text" "--help lists the key: $text"
done
expect_rc 0 "--version" "$ACCORD" --version
out_has "accord " "--version prints the name"
expect_rc 2 "unknown command" "$ACCORD" --db x.db frobnicate
err_has "unknown command 'frobnicate'" "names the unknown command"
err_has "accord --help" "points at --help"
expect_rc 2 "unknown option" "$ACCORD" --frob
expect_rc 2 "--db without a file" "$ACCORD" init --db
expect_rc 2 "init with a stray argument" "$ACCORD" --db x.db init extra
expect_rc 2 "export without --type" "$ACCORD" --db x.db export
expect_rc 2 "export with an unknown type" "$ACCORD" --db x.db export --type planets
err_has "unknown type 'planets'" "names the unknown type"
expect_rc 2 "export with an unknown format" "$ACCORD" --db x.db export --type countries --format xml
[ -e x.db ] && fail "a usage error created the database" || pass "usage errors create nothing"
expect_rc 2 "import without a file" "$ACCORD" --db x.db import
expect_rc 2 "import with an unknown encoding" "$ACCORD" --db x.db import --encoding klingon f.csv
err_has "unknown encoding 'klingon'" "names the unknown encoding"
expect_rc 2 "import with an unknown type" "$ACCORD" --db x.db import --type planets f.csv
expect_rc 2 "import with a bad delimiter" "$ACCORD" --db x.db import --delimiter ';;' f.csv
expect_rc 2 "export with an unknown encoding" "$ACCORD" --db x.db export --type institutions --encoding nope
[ -e x.db ] && fail "a usage error created the database" || pass "usage errors still create nothing"
# Every documented option is in the manual too.
for word in init import export detect check sync changes apply ACCORD_DB XDG_DATA_HOME \
	--dry-run --delimiter --translit --encoding --sample; do
	# mdoc writes "--dry-run" as "Fl -dry-run".
	if grep -q -- "${word#-}" "$SRCDIR/man/accord.1"; then pass "man page has $word"; else fail "man page lacks $word"; fi
done
no_sanitizer_report
finish
