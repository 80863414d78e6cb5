"""Import partner files in every supported encoding, delimiter and line
end; the text stored is exactly the partner's (no mojibake); export in each
encoding round-trips byte for byte."""
import csv
import io
import os
import subprocess

from accordtest import FIXTURES, check, export_json, fail, finish, path, run

SRC = os.path.join(FIXTURES, "import")

# Master file -> encodings a partner's machine may produce for it.
CYRILLIC = ["WINDOWS-1251", "KOI8-R", "KOI8-U", "KOI8-RU", "IBM866", "CP1125",
            "ISO-8859-5", "MACCYRILLIC"]
MATRIX = {
    "ru-institutions.csv": ["UTF-8", "UTF-8-BOM", "UTF-16LE", "UTF-16BE"] + CYRILLIC,
    "uk-institutions.csv": ["UTF-8", "UTF-16LE", "WINDOWS-1251", "KOI8-U", "KOI8-RU", "CP1125", "MACCYRILLIC"],
    "kk-institutions.csv": ["UTF-8", "PT154", "KZ-1048"],
    "et-institutions.csv": ["UTF-8", "WINDOWS-1257", "ISO-8859-13", "ISO-8859-15", "ISO-8859-4",
                            "ISO-8859-1", "WINDOWS-1252", "UTF-16LE"],
    "lv-institutions.csv": ["UTF-8", "WINDOWS-1257", "ISO-8859-13", "ISO-8859-4"],
    "de-institutions.csv": ["UTF-8", "ISO-8859-1", "WINDOWS-1252", "ISO-8859-15"],
}
# glibc's iconv spells one of ours differently.
ICONV = {"KZ-1048": "RK1048"}


def encode(text, enc):
    """The bytes a partner's machine writes: Windows encodings with CRLF,
    UTF-16 "Unicode text" with a BOM and TABs as Excel does."""
    if enc == "UTF-8-BOM":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if enc.startswith("UTF-16"):
        tsv = text.replace(";", "\t").replace("\n", "\r\n")
        bom = "\ufeff"
        return subprocess.run(["iconv", "-f", "UTF-8", "-t", enc], input=(bom + tsv).encode(),
                              capture_output=True, check=True).stdout
    if enc.startswith(("WINDOWS", "IBM", "CP")):
        text = text.replace("\n", "\r\n")
    p = subprocess.run(["iconv", "-f", "UTF-8", "-t", ICONV.get(enc, enc)], input=text.encode(),
                       capture_output=True)
    return p.stdout if p.returncode == 0 else None


def expected(master_text):
    rows = list(csv.reader(io.StringIO(master_text), delimiter=";" if ";" in master_text.split("\n")[0] else ","))
    head = rows[0]
    return head, [r for r in rows[1:] if any(r)]


for master, encodings in MATRIX.items():
    with open(os.path.join(SRC, master), encoding="utf-8") as f:
        text = f.read()
    head, rows = expected(text)
    want_names = sorted(r[0] for r in rows)
    want_cities = sorted(r[2] for r in rows)
    # Notes, where the master has them, are its last column (multi-line too).
    has_notes = head[-1] in ("Примечание", "Примітки", "Märkused", "notes")
    want_notes = sorted(r[-1] for r in rows if r[-1]) if has_notes else []
    for enc in encodings:
        data = encode(text, enc)
        if data is None:
            fail(f"{master}: iconv cannot write {enc} (bad fixture)")
            continue
        name = f"{master}.{enc}"
        with open(path(name), "wb") as f:
            f.write(data)
        db = path(f"{name}.db")
        rc, out, err = run("--db", db, "import", name)
        if not check(rc == 0, f"{master} in {enc}: import", err):
            continue
        got = export_json(db, "institutions")
        names = sorted(r["name"] for r in got)
        check(names == want_names, f"{master} in {enc}: names exactly as written",
              f"got {names[:3]}..., want {want_names[:3]}...")
        cities = sorted(r["city"] for r in got)
        check(cities == want_cities, f"{master} in {enc}: cities exactly as written", f"{cities} vs {want_cities}")
        notes = sorted(r["notes"] for r in got if r["notes"])
        check(notes == want_notes, f"{master} in {enc}: notes exactly as written", f"{notes} vs {want_notes}")
        # What detect says agrees with what import used.
        rc, out, err = run("detect", name)
        check(rc == 0 and out.count("\t") == 3, f"{master} in {enc}: detect answers", out + err)

# Round trip: export in X, import into an empty registry, export in X again.
run("--db", "all.db", "import", os.path.join(SRC, "ru-institutions.csv"))
for enc, masters in {
    "WINDOWS-1251": ["ru"], "KOI8-R": ["ru"], "IBM866": ["ru"], "ISO-8859-5": ["ru"],
    "MACCYRILLIC": ["ru"], "KOI8-U": ["uk"], "CP1125": ["uk"], "KOI8-RU": ["ru"],
    "PT154": ["kk"], "KZ-1048": ["kk"], "WINDOWS-1257": ["et", "lv"], "ISO-8859-13": ["et", "lv"],
    "ISO-8859-4": ["et", "lv"], "ISO-8859-15": ["et", "de"], "ISO-8859-1": ["de"],
    "WINDOWS-1252": ["de", "et"], "UTF-8": ["ru", "uk", "kk", "et", "lv", "de"],
    "UTF-16LE": ["ru", "uk", "et"], "UTF-16BE": ["ru", "kk"],
}.items():
    db1, db2 = path(f"rt1-{enc}.db"), path(f"rt2-{enc}.db")
    for m in masters:
        rc, out, err = run("--db", db1, "import", "--encoding", "UTF-8", os.path.join(SRC, f"{m}-institutions.csv"))
        check(rc == 0, f"round trip {enc}: load {m}", err)
    f1, f2 = path(f"rt1-{enc}.csv"), path(f"rt2-{enc}.csv")
    delim = ["--delimiter", ";"] if enc != "UTF-8" else []
    rc, out, err = run("--db", db1, "export", "--type", "institutions", "--encoding", enc, *delim, "-o", f1)
    if not check(rc == 0, f"round trip {enc}: export", err):
        continue
    rc, out, err = run("--db", db2, "import", f1)
    if not check(rc == 0, f"round trip {enc}: import the export", err):
        continue
    rc, out, err = run("--db", db2, "export", "--type", "institutions", "--encoding", enc, *delim, "-o", f2)
    if not check(rc == 0, f"round trip {enc}: export again", err):
        continue
    with open(f1, "rb") as a, open(f2, "rb") as b:
        check(a.read() == b.read(), f"round trip {enc}: byte-identical")

# Agreements round trip (parties, areas, multi-line notes), UTF-8 and 1251.
db = path("agr.db")
for m in ("ru-institutions.csv", "agreements.csv"):
    rc, out, err = run("--db", db, "import", os.path.join(SRC, m))
    check(rc == 0, f"agreements: import {m}", err)
got = {a["title"]: a for a in export_json(db, "agreements")}
m = got.get("Меморандум о сотрудничестве в области кардиохирургии")
if check(m is not None, "agreement present"):
    check(m["kind"] == "memorandum" and m["status"] == "signed", "kind and status mapped to codes", str(m))
    check(m["signed"] == "2019-01-17" and m["valid_from"] == "2019-01" and m["valid_until"] == "2024-12-31",
          "dates stored as ISO partial dates", str(m))
    check(sorted(m["parties"]) == ["Витебский государственный медицинский университет",
                                   "Национальный научный кардиохирургический центр"],
          "parties resolved by acronym", str(m["parties"]))
    check(m["areas"] == ["кардиохирургия", "medical education"], "areas in order", str(m["areas"]))
d = got.get("Договор о подготовке кадров")
check(d is not None and d["notes"] == "Первая строка\nвторая строка" and d["signed"] == "2023-11",
      "multi-line notes and month-name dates", str(d))
for enc in ("UTF-8", "WINDOWS-1251"):
    f1, f2 = path(f"a1-{enc}.csv"), path(f"a2-{enc}.csv")
    db2 = path(f"a2-{enc}.db")
    run("--db", db, "export", "--type", "institutions", "--encoding", enc, "-o", path(f"i-{enc}.csv"))
    rc1, _, e1 = run("--db", db, "export", "--type", "agreements", "--encoding", enc, "-o", f1)
    rc2, _, e2 = run("--db", db2, "import", path(f"i-{enc}.csv"), f1)
    rc3, _, e3 = run("--db", db2, "export", "--type", "agreements", "--encoding", enc, "-o", f2)
    if check(rc1 == rc2 == rc3 == 0, f"agreements round trip {enc}: commands", e1 + e2 + e3):
        with open(f1, "rb") as a, open(f2, "rb") as b:
            check(a.read() == b.read(), f"agreements round trip {enc}: byte-identical")

# Re-importing updates, never duplicates.
rc, out, err = run("--db", db, "import", os.path.join(SRC, "ru-institutions.csv"))
check(rc == 0 and "0 added, 0 updated, 8 unchanged" in out, "re-import: all unchanged", out + err)
finish()
