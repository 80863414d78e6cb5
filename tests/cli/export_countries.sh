#!/bin/sh
# export --type countries: JSON and CSV shapes from DESIGN.md.
. "$SRCDIR/tests/lib/common.sh"

"$ACCORD" --db x.db init >/dev/null || fail "init"
expect_rc 0 "json export" "$ACCORD" --db x.db export --type countries --format json -o c.json
/usr/bin/python3 - c.json <<'PY' >"$T/py" 2>&1 && pass "json content" || { cat "$T/py"; fail "json content"; }
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(data, list) and len(data) == 249, len(data)
by = {c["code"]: c for c in data}
for c in data:
    assert set(c) >= {"code", "alpha3", "name", "names"}, c
    assert len(c["code"]) == 2 and len(c["alpha3"]) == 3
    assert isinstance(c["names"], dict) and all(isinstance(v, list) for v in c["names"].values())
BY, KG, EE = by["BY"], by["KG"], by["EE"]
assert BY["alpha3"] == "BLR" and BY["name"] == "Belarus"
allnames = lambda c: {n for v in c["names"].values() for n in v}
assert "Беларусь" in BY["names"]["ru"] and "Valgevene" in BY["names"]["et"], BY
assert "Білорусь" in BY["names"]["uk"] and "Белоруссия" in allnames(BY)
assert "Кыргызстан" in allnames(KG) and "Кыргызстан" in KG["names"]["ru"], KG["names"]
assert "Eesti" in allnames(EE)
for lang in ("en", "ru", "uk", "be", "et", "kk", "ky", "lv", "lt"):
    assert lang in BY["names"], lang
PY

expect_rc 0 "csv export to stdout" "$ACCORD" --db x.db export --type countries
lines=$(wc -l <"$T/out")
[ "$lines" -eq 250 ] && pass "csv: header + 249 rows" || fail "csv has $lines lines"
out_has "code,alpha3,numeric,name,name_ru" "csv header"
out_has "BY,BLR,112,Belarus,Беларусь,Білорусь,Беларусь,Valgevene" "csv row of Belarus"
/usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert len(rows) == 250 and all(len(r) == len(rows[0]) for r in rows), "ragged csv"
' "$T/out" && pass "csv parses with equal columns" || fail "csv structure"

# -o replaces the target only when complete; a directory that is missing is an error.
expect_rc 1 "unwritable output" "$ACCORD" --db x.db export --type countries -o no/such/dir/c.csv
err_has "no/such/dir/c.csv" "error names the output file"
ls -a | grep -q 'tmp' && fail "temporary file left behind" || pass "no temporary file left"
no_sanitizer_report
finish
