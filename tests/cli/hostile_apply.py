#!/usr/bin/env python3
"""A changes file from another copy is untrusted input (issue 7).

`accord apply` on files that are out of order, name unknown countries, carry
corrupt or foreign changesets, or quote control characters: exit 1 with a
clear message, in bounded time, the database unchanged and consistent, and
no raw control byte on the terminal. The cases come from fuzz_apply's
findings (tests/fuzz/corpus/apply/regress-*).
"""
import re
import shutil
import subprocess
import time
import zlib

from accordtest import ACCORD, ENV, check, digest, fail, finish, path

RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


def accord(*args, timeout=60):
    t0 = time.monotonic()
    p = subprocess.run([ACCORD, *args], capture_output=True, env=ENV, timeout=timeout)
    secs = time.monotonic() - t0
    if b"Sanitizer" in p.stderr or b"runtime error:" in p.stderr:
        fail(f"sanitizer report from {args}:\n{p.stderr[:3000].decode('utf-8', 'replace')}")
    return p.returncode, p.stdout, p.stderr, secs


def consistent(db, what):
    rc, out, err, _ = accord("--db", db, "check")
    check(rc == 0 and b"integrity: ok" in out and b"foreign key" not in out + err,
          f"{what}: check finds nothing wrong", (out + err)[:400].decode("utf-8", "replace"))


def entry_bounds(data):
    """Offsets of the first entry's changeset in a changes file."""
    p = 96

    def skip16(p):
        return p + 2 + int.from_bytes(data[p:p + 2], "big")
    p = skip16(p) + 2
    for _ in range(3):
        p = skip16(p)
    n = int.from_bytes(data[p:p + 4], "big")
    return p, p + 4, p + 4 + n


def reseal(data):
    """Valid length and checksums for a hand-edited changes file."""
    h = bytearray(data[:96])
    payload = data[96:]
    h[68:76] = len(payload).to_bytes(8, "big")
    h[76:80] = zlib.crc32(payload).to_bytes(4, "big")
    h[92:96] = zlib.crc32(bytes(h[:92])).to_bytes(4, "big")
    return bytes(h) + payload


def with_changeset(base, cs):
    """base with its first (only) entry's changeset replaced by cs."""
    lenpos, start, end = entry_bounds(base)
    body = base[:lenpos] + len(cs).to_bytes(4, "big") + cs + base[end:]
    h = bytearray(body[:96])
    h[64:68] = (1).to_bytes(4, "big")
    return reseal(bytes(h) + body[96:])


def expect_refused(db, f, what, text=None, limit=10):
    before = digest(db)
    rc, out, err, secs = accord("--db", db, "apply", f)
    check(rc == 1, f"{what}: refused with exit 1", f"exit {rc}: {err[:300]!r}")
    check(secs < limit, f"{what}: in bounded time", f"{secs:.1f} s")
    if text:
        check(text.encode() in err, f"{what}: says '{text}'", err[:300].decode("utf-8", "replace"))
    check(not RAW_CONTROL.search(out + err), f"{what}: no raw control bytes", (out + err)[:300].decode("utf-8", "replace"))
    check(digest(db) == before, f"{what}: database unchanged")
    consistent(db, what)


A, B = path("a.db"), path("b.db")
accord("--db", A, "init", "--sample")
accord("--db", A, "check")   # settles the file before the copy
shutil.copy(A, B)

# Out of order: an agreement whose party came in an earlier file, not sent.
with open(path("i.csv"), "w") as fh:
    fh.write("name,country\nOrder-centre,BY\n")
with open(path("a.csv"), "w") as fh:
    fh.write("title,parties\nOrder agreement,Order-centre\n")
accord("--db", A, "import", path("i.csv"))
accord("--db", A, "changes", "-o", path("1.acd"))
accord("--db", A, "import", path("a.csv"))
accord("--db", A, "changes", "-o", path("2.acd"))
# (this used to crash: a foreign-key conflict reached code that read a
# table name SQLite does not give for that kind of conflict)
expect_refused(B, path("2.acd"), "second file before the first", text="conflict")
rc, out, err, _ = accord("--db", B, "apply", path("1.acd"))
check(rc == 0, "then the first file applies", err[:300].decode("utf-8", "replace"))
rc, out, err, _ = accord("--db", B, "apply", path("2.acd"))
check(rc == 0, "then the second file applies", err[:300].decode("utf-8", "replace"))
consistent(B, "in order")

# A file of another registry is refused as such.
F = path("f.db")
accord("--db", F, "init", "--sample")
expect_refused(F, path("1.acd"), "file of another registry", text="another registry")

# An institution in a country this program does not know (a copy that
# lacks the record, and a file that adds it with country QQ).
H = path("h.db")
with open(path("x.csv"), "w") as fh:
    fh.write("name,country\nUnknown-country clinic,EE\n")
accord("--db", A, "check")
shutil.copy(A, H)
accord("--db", A, "import", path("x.csv"))
accord("--db", A, "changes", "-o", path("x.acd"))
with open(path("x.acd"), "rb") as fh:
    x = fh.read()
lenpos, start, end = entry_bounds(x)
xs = x[start:end]
check(b"\x03\x02EE" in xs, "fixture: the changeset holds the country EE")
with open(path("unknown-country.acd"), "wb") as fh:
    fh.write(reseal(x[:start] + xs.replace(b"\x03\x02EE", b"\x03\x02QQ", 1) + x[end:]))
expect_refused(H, path("unknown-country.acd"), "unknown country QQ", text="conflict")
rc, out, err, _ = accord("--db", H, "apply", path("x.acd"))
check(rc == 0, "the genuine file still applies", err[:300].decode("utf-8", "replace"))

# Corrupt changesets: a column count beyond the data (SQLite spun on it for
# minutes), a table a changes file must never touch, stray bytes.
J = path("j.db")
accord("--db", A, "check")
shutil.copy(A, J)
cases = {
    "huge column count": b"T\x89\x41\x01" + b"\x00" * 40 + b"institution\x00\x12\x00" + b"\x05" * 20,
    "meta table": b"T\x02\x01\x00meta\x00\x12\x00\x03\x08registry\x03\x04evil",
    "journal table": b"T\x02\x01\x00journal\x00\x12\x00\x01" + b"\x00" * 8 + b"\x05",
    "bad value type": b"T\x02\x01\x00area\x00\x12\x00\x09\x05",
    "text past the end": b"T\x02\x01\x00area\x00\x12\x00\x03\x7fab\x05",
}
for what, changeset in cases.items():
    f = path(what.replace(" ", "-") + ".acd")
    with open(f, "wb") as fh:
        fh.write(with_changeset(x, changeset))
    expect_refused(J, f, what, text="corrupt")

# A registry id with control characters is quoted escaped.
h = bytearray(x)
h[12:48] = b"\x1b]0;owned\x07\x1b[2J" + b"a" * 23
with open(path("esc-registry.acd"), "wb") as fh:
    fh.write(reseal(bytes(h)))
expect_refused(J, path("esc-registry.acd"), "registry id with escapes", text="another registry")

finish()
