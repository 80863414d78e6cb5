#!/usr/bin/env python3
"""Hostile and broken input for `accord import` (issue 7).

Each file gets a clear FILE:LINE error (or a clean import where the input
is legitimate, e.g. right-to-left text), in bounded time and memory; on an
error the database stays byte-identical; and nothing the program prints
carries a raw control byte (ESC, BEL, C1) to the terminal. Large files are
made here at test time, never committed.
"""
import os
import random
import re
import subprocess
import time

from accordtest import ACCORD, ENV, TMP, check, digest, fail, finish, ok, path

LIMIT_S = 30          # wall time per import
LIMIT_MB = 256        # peak resident memory per import (sanitizer build)
RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")

DB = path("hostile.db")
subprocess.run([ACCORD, "--db", DB, "init", "--sample"], env=ENV, capture_output=True, check=True)
os.makedirs(path("in"), exist_ok=True)


def read_all(p):
    """stdout and stderr of p, both drained (threads: either may fill)."""
    import threading
    bufs = {}

    def drain(key, fh):
        bufs[key] = fh.read()

    ts = [threading.Thread(target=drain, args=(k, fh)) for k, fh in (("out", p.stdout), ("err", p.stderr))]
    for t in ts:
        t.start()
    for t in ts:
        t.join(LIMIT_S * 4)
    return bufs.get("out", b""), bufs.get("err", b"")


def run_import(name, data, *opts):
    """Import data (bytes) from in/NAME; returns (rc, stdout, stderr, secs, MB)."""
    f = path(os.path.join("in", name))
    with open(f, "wb") as fh:
        fh.write(data)
    t0 = time.monotonic()
    # Popen reaps the child itself: wait for it here instead, with its
    # resource usage (peak resident memory of that one process).
    p = subprocess.Popen([ACCORD, "--db", DB, "import", *opts, f], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=ENV, cwd=TMP)
    out, err = read_all(p)
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    secs = time.monotonic() - t0
    mb = ru.ru_maxrss / 1024
    os.unlink(f)
    return p.returncode, out, err, secs, mb, f


def bounded(name, secs, mb):
    check(secs < LIMIT_S, f"{name}: done in bounded time", f"{secs:.1f} s")
    check(mb < LIMIT_MB, f"{name}: bounded memory", f"{mb:.0f} MB")


def clean_terminal(name, out, err):
    bad = RAW_CONTROL.search(err) or RAW_CONTROL.search(out)
    check(not bad, f"{name}: no raw control bytes on stdout/stderr", repr((err + out)[:300]))
    if b"Sanitizer" in err or b"runtime error:" in err:
        fail(f"{name}: sanitizer report:\n{err[:3000].decode('utf-8', 'replace')}")


def expect_error(name, data, line=None, text=None, opts=(), file_level=False):
    """An import that must fail: exit 1, FILE:LINE message, database untouched."""
    before = digest(DB)
    rc, out, err, secs, mb, f = run_import(name, data, *opts)
    check(rc == 1, f"{name}: rejected with exit 1", f"exit {rc}; {err[:300]!r}")
    errs = err.decode("utf-8", "replace")
    if file_level:
        check(re.search(rf"^{re.escape(f)}(:[0-9]+)?: ", errs, re.M), f"{name}: error names the file",
              errs[:300])
    else:
        want = rf"^{re.escape(f)}:{line if line else r'[0-9]+'}(:[0-9]+)?: "
        check(re.search(want, errs, re.M), f"{name}: FILE:LINE error{f' at line {line}' if line else ''}",
              errs[:400])
    if text:
        check(text in errs, f"{name}: says '{text}'", errs[:400])
    check(digest(DB) == before, f"{name}: database byte-identical")
    bounded(name, secs, mb)
    clean_terminal(name, out, err)


def expect_ok(name, data, opts=()):
    rc, out, err, secs, mb, f = run_import(name, data, *opts)
    check(rc == 0, f"{name}: imported", f"exit {rc}; {err[:400]!r}")
    bounded(name, secs, mb)
    clean_terminal(name, out, err)
    return out, err


def export_has(name, needle):
    p = subprocess.run([ACCORD, "--db", DB, "export", "--type", "institutions"], capture_output=True, env=ENV)
    check(p.returncode == 0 and needle.encode() in p.stdout, f"{name}: exported byte for byte")


rng = random.Random(7)
HDR = b"name,country,city\n"

# Binary: random bytes with NULs.
expect_error("binary", bytes(rng.randrange(256) for _ in range(65536)), text="not a text file",
             file_level=True)
expect_error("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4000)),
             file_level=True)

# Truncated and overlong UTF-8 (given as UTF-8: the detector may call a file
# with one bad sequence a single-byte charset, which is its business).
expect_error("truncated-utf8", HDR + "Минск,BY,Минск\n".encode() + "Гродно,BY,Гр".encode() + b"\xd0",
             line=3, opts=("--encoding", "UTF-8"))
expect_error("overlong-utf8", HDR + b"ok,BY,x\n\xc0\xafetc,BY,x\n", line=3, opts=("--encoding", "UTF-8"))
expect_error("overlong-nul", HDR + b"ok,BY,x\nab\xc0\x80cd,BY,x\n", line=3, opts=("--encoding", "UTF-8"))
expect_error("surrogate-utf8", HDR + b"ok,BY,x\n\xed\xa0\x80,BY,x\n", line=3, opts=("--encoding", "UTF-8"))

# NUL bytes inside text.
expect_error("nul-bytes", HDR + b"Clinic\x00One,BY,Minsk\n")
expect_error("nul-bytes-utf8", HDR + b"Clinic\x00One,BY,Minsk\n", line=2, opts=("--encoding", "UTF-8"))

# A 50 MB single line: refused by the field limit, without reading it whole.
expect_error("50mb-line", HDR + b"x" * (50 * 1024 * 1024), line=2, text="too long")
expect_error("50mb-quoted-line", HDR + b'"' + b"y" * (50 * 1024 * 1024) + b'"\n', line=2)

# 100k columns.
expect_error("100k-columns", b"name,country," + b",".join(b"c%d" % i for i in range(100000)) + b"\n",
             line=1, text="too many")
expect_error("100k-cells-in-row", HDR + b"a,BY,c" + b",x" * 100000 + b"\n", line=2)

# Mixed encodings: UTF-8 rows, then a Windows-1251 row.
expect_error("mixed-encodings", HDR + "Минск,BY,Минск\n".encode() + "Гомель,BY,Гомель\n".encode("cp1251"),
             opts=("--encoding", "UTF-8"), line=3)

# Unbalanced quotes, and a quoted field open over many lines.
expect_error("unbalanced-quote", HDR + b'"Minsk clinic,BY,Minsk\nother,BY,x\n', line=2)
expect_error("stray-after-quote", HDR + b'"Minsk" clinic,BY,Minsk\n', line=2)
expect_error("deep-quoted-newlines", HDR + b'"' + b"\n" * 200000 + b"x,BY,y\n", line=2, text="quoted")
# Legitimate newlines in a quoted cell: the next error is still placed right.
expect_error("quoted-newlines-then-error",
             b"name,country,notes\n" + b'Clinic A,BY,"' + b"line\n" * 100000 + b'end"\nClinic B,XX,n\n',
             line=100003, text="XX")

# Impossible dates.
AGR = "title,parties,signed,valid_from,valid_until\n"
expect_error("date-zeros", (AGR + "Hostile memo,ВГМУ,00.00.0000,,\n").encode(), line=2)
expect_error("date-feb-30", (AGR + "Hostile memo,ВГМУ,30.02.2020,,\n").encode(), line=2)
expect_error("date-year-0", (AGR + "Hostile memo,ВГМУ,0000-01-01,,\n").encode(), line=2)
expect_error("date-huge", (AGR + "Hostile memo,ВГМУ,99999999999999999999.01.2020,,\n").encode(), line=2)

# ESC, OSC and C1 sequences in fields: data errors, never echoed raw.
expect_error("esc-csi", HDR + b"\x1b[2J\x1b[31mRed clinic\x1b[0m,BY,Minsk\n", line=2, text="control character")
expect_error("osc-title", HDR + b"Clinic\x1b]0;owned\x07,BY,Minsk\n", line=2)
expect_error("osc-hyperlink", HDR + b"\x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\,BY,Minsk\n", line=2)
expect_error("c1-csi", HDR + "Clinic\u009b31m,BY,Minsk\n".encode(), line=2)
expect_error("c1-osc-1252", HDR + b"Clinic\x9d0;x\x9c,BY,Minsk\n", opts=("--encoding", "UTF-8"), line=2)
expect_error("esc-in-country", HDR + b"Clinic,\x1b[5mBY,Minsk\n", line=2)
# In a header cell: the file is refused at that line, quoted escaped.
expect_error("esc-in-header", b"name,country,\x1b]0;x\x07\nA,ZZ,\n", line=1)
expect_error("backspace-del", HDR + b"Cli\x08\x08nic\x7f,BY,Minsk\n", line=2)

# Legitimate: very long names, right-to-left and zero-width characters.
long_name = "Я" * 10000
expect_ok("10k-name", (HDR.decode() + f"{long_name},BY,Минск\n").encode())
export_has("10k-name", long_name)
rtl = "\u200fمستشفى الأمل\u200e \u05d1\u05d9\u05ea \u05d7\u05d5\u05dc\u05d9\u05dd"
zw = "Кли\u200bника\u200d \ufeffЗдоровье\u2060"
expect_ok("rtl-zero-width", (HDR.decode() + f"{rtl},IL,تل أبيب\n{zw},BY,Минск\n").encode())
export_has("rtl", rtl)
export_has("zero-width", zw)

# A file name with control characters: quoted escaped, never raw.
out, err = expect_ok("name-\x1b]0;t\x07.csv", HDR + b"Plain clinic,BY,Minsk\n")

finish()
