"""Helpers for the end-to-end tests written in Python (tests/cli/*.py).

Each test runs the real binary ($ACCORD) on real files in a temporary
directory, and counts its checks; `finish()` exits non-zero on a failure.
"""
import atexit
import hashlib
import json
import os
import subprocess
import sys
import tempfile

ACCORD = os.environ.get("ACCORD")
FIXTURES = os.environ.get("FIXTURES", "")
if not ACCORD:
    sys.exit("run through make check, or set ACCORD=path/to/accord")

_failures = 0
_checks = 0
TMP = tempfile.mkdtemp(prefix="accord-py.")
atexit.register(lambda: subprocess.run(["rm", "-rf", TMP]))
ENV = {k: v for k, v in os.environ.items() if k not in ("ACCORD_DB", "XDG_DATA_HOME", "XDG_CONFIG_HOME")}
ENV["HOME"] = TMP


def path(name):
    return os.path.join(TMP, name)


def run(*args, stdin=None, env=None):
    """Run accord with args; returns (rc, stdout text, stderr text)."""
    p = subprocess.run([ACCORD, *args], input=stdin, capture_output=True, env=env or ENV, cwd=TMP)
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    if "Sanitizer" in err or "runtime error:" in err:
        fail(f"sanitizer report from {args}:\n{err[:3000]}")
    return p.returncode, out, err


def ok(desc):
    global _checks
    _checks += 1
    print(f"ok: {desc}")


def fail(desc):
    global _failures
    _failures += 1
    print(f"FAIL: {desc}")


def check(cond, desc, detail=""):
    if cond:
        ok(desc)
    else:
        fail(f"{desc}{': ' + detail if detail else ''}")
    return cond


def digest(p):
    """Hash of a database file (the -wal too, if one is left)."""
    h = hashlib.sha256()
    for f in (p, p + "-wal"):
        if os.path.exists(f):
            with open(f, "rb") as fh:
                h.update(fh.read())
    return h.hexdigest()


def export_json(db, typ):
    rc, out, err = run("--db", db, "export", "--type", typ, "--format", "json")
    if rc != 0:
        fail(f"export {typ} from {db}: {err}")
        return []
    return json.loads(out)


def finish():
    print(f"{_checks + _failures} checks, {_failures} failed")
    sys.exit(1 if _failures else 0)
