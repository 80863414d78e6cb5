#!/bin/sh
# Export of agreements (a merge of three ordered scans, see
# store_agreements_each): records in the order they were added, parties in
# (country, name) order, areas in the order written, shared names marked
# "[CC]"; a round trip through an empty registry gives the same bytes; and
# the uuids a connection makes increase, which that order relies on.
. "$SRCDIR/tests/lib/common.sh"

"$ACCORD" --db a.db init >/dev/null || fail "init"
/usr/bin/python3 - <<'PY'
import random
random.seed(7)
with open("inst.csv", "w", encoding="utf-8") as f:
    f.write("name,country,city\n")
    for i in range(1500):
        f.write("Клиника %04d,%s,Город %d\n" % (i, "BY" if i % 2 else "UZ", i))
    f.write("Общий центр,BY,Минск\nОбщий центр,KZ,Алматы\n")
with open("agr.csv", "w", encoding="utf-8") as f:
    f.write("title,parties,signed,areas\n")
    for i in range(3000):
        p = random.sample(range(1500), 3)
        names = " | ".join("Клиника %04d" % j for j in p)
        f.write("Соглашение %05d,%s,2020-01-%02d,хирургия | онкология | кардиология\n" % (3000 - i, names, i % 28 + 1))
    f.write("Общее соглашение,Общий центр [KZ] | Клиника 0001 | Общий центр [BY],2021-05-05,онкология | хирургия\n")
PY
expect_rc 0 "import" "$ACCORD" --db a.db import inst.csv agr.csv
n=$(sqlite3 a.db "SELECT count(*) FROM (SELECT uuid, lag(uuid) OVER (ORDER BY rowid) AS prev FROM agreement) WHERE prev >= uuid")
[ "$n" = 0 ] && pass "uuids increase in the order of adding" || fail "$n agreements out of uuid order"
expect_rc 0 "export" "$ACCORD" --db a.db export --type agreements -o one.csv
head -n 2 one.csv | tail -n 1 >first.txt
/usr/bin/python3 - <<'PY' && pass "order of records, parties, areas; shared names" || fail "export content"
import csv
rows = list(csv.DictReader(open("one.csv", encoding="utf-8")))
assert len(rows) == 3001, len(rows)
assert [r["title"] for r in rows[:3]] == ["Соглашение 03000", "Соглашение 02999", "Соглашение 02998"], rows[:3]
src = list(csv.DictReader(open("agr.csv", encoding="utf-8")))
for r, s in zip(rows, src):
    assert r["title"] == s["title"]
    got = r["parties"].split(" | ")
    want = s["parties"].split(" | ")
    country = lambda n: "BY" if int(n.split()[1]) % 2 else "UZ"
    if not r["title"].startswith("Общее"):
        assert got == sorted(want, key=lambda n: (country(n), n)), (got, want)
    assert r["areas"] == s["areas"], (r["areas"], s["areas"])
last = rows[-1]
assert last["parties"] == "Клиника 0001 | Общий центр [BY] | Общий центр [KZ]", last["parties"]
assert last["areas"] == "онкология | хирургия", last["areas"]
PY
for enc in WINDOWS-1251 KOI8-R UTF-16LE; do
	rm -f b.db*
	"$ACCORD" --db b.db init >/dev/null
	"$ACCORD" --db a.db export --type institutions --encoding "$enc" -o i.$enc.csv &&
		"$ACCORD" --db a.db export --type agreements --encoding "$enc" -o a.$enc.csv &&
		"$ACCORD" --db b.db import --encoding "$enc" i.$enc.csv a.$enc.csv >/dev/null &&
		"$ACCORD" --db b.db export --type agreements --encoding "$enc" -o b.$enc.csv &&
		cmp -s a.$enc.csv b.$enc.csv && pass "$enc: round trip byte-identical" ||
		fail "$enc: round trip differs"
done
no_sanitizer_report
finish
