"""Drive the real accord binary under a pseudo-terminal with a terminal
emulator (pyte): keys in, screen text out. Used by tests/tui/*.py and
bench/tui-bench.py.

Tests wait for text to appear (with a timeout), never for fixed times, so
they pass on a slow machine or under AddressSanitizer as on a fast one.
"""
import fcntl
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

import pyte

ACCORD = os.environ.get("ACCORD", "accord")
SRCDIR = os.environ.get("SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))

# Keys by terminfo capability: the program turns keypad mode on, so an
# arrow is what the terminal description says (xterm: ESC O A, not ESC [ A).
CAPS = {
    "up": "kcuu1", "down": "kcud1", "right": "kcuf1", "left": "kcub1", "home": "khome",
    "end": "kend", "pgup": "kpp", "pgdn": "knp", "btab": "kcbt", "del": "kdch1",
    "f1": "kf1", "f2": "kf2", "f3": "kf3", "f4": "kf4", "f5": "kf5", "f6": "kf6",
    "f7": "kf7", "f8": "kf8", "f9": "kf9", "f10": "kf10",
}
PLAIN = {"tab": "\t", "enter": "\r", "esc": "\x1b", "bs": "\x7f"}
_keys = {}


def keys_for(term):
    if term not in _keys:
        import curses
        curses.setupterm(term, os.open(os.devnull, os.O_WRONLY))
        k = dict(PLAIN)
        for name, cap in CAPS.items():
            v = curses.tigetstr(cap)
            if v:
                k[name] = v.decode("latin-1")
        _keys[term] = k
    return _keys[term]


def ctrl(c):
    return chr(ord(c.upper()) - 64)


class _Screen(pyte.Screen):
    """pyte plus the sequences it lacks and ncurses uses with xterm's
    terminfo: REP (CSI n b, repeat the last character) and SU/SD (CSI n S,
    CSI n T, scroll the region up or down)."""

    def __init__(self, *a):
        super().__init__(*a)
        self._last = " "

    def draw(self, data):
        if data:
            self._last = data[-1]
        super().draw(data)

    def repeat_last(self, count=1, *args, **kwargs):
        super().draw(self._last * max(count, 1))

    def _scroll(self, count, up):
        top, bottom = ((self.margins.top, self.margins.bottom) if self.margins
                       else (0, self.lines - 1))
        x, y = self.cursor.x, self.cursor.y
        for _ in range(max(count, 1)):
            self.cursor.y = bottom if up else top
            self.index() if up else self.reverse_index()
        self.cursor.x, self.cursor.y = x, y

    def scroll_up(self, count=1, *args, **kwargs):
        self._scroll(count, True)

    def scroll_down(self, count=1, *args, **kwargs):
        self._scroll(count, False)


class _Stream(pyte.ByteStream):
    csi = dict(pyte.ByteStream.csi, b="repeat_last", S="scroll_up", T="scroll_down")


class Failure(Exception):
    pass


class Tui:
    """One run of the program in a pty of cols x rows."""

    def __init__(self, db, cols=80, rows=24, env=None, term="xterm-256color", home=None,
                 args=()):
        self.cols, self.rows = cols, rows
        self.keys = keys_for(term)
        self.screen = _Screen(cols, rows)
        self.stream = _Stream(self.screen)
        self.raw = bytearray()
        self.master, slave = os.openpty()
        self._winsize(slave, cols, rows)
        e = dict(os.environ)
        for k in ("LC_ALL", "LC_CTYPE", "NO_COLOR", "ACCORD_ASCII", "ACCORD_DB"):
            e.pop(k, None)
        e.update({"TERM": term, "LANG": "C.UTF-8", "HOME": home or tempfile.mkdtemp(prefix="accord-tui-home-")})
        supp = os.path.join(SRCDIR, "tests", "lib", "tui-lsan.supp")
        if os.path.exists(supp):
            e["LSAN_OPTIONS"] = "suppressions=" + supp + ":print_suppressions=0"
        e["ESCDELAY"] = "25"
        if env:
            e.update(env)
        self.home = e["HOME"]
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([ACCORD, "--db", db, *args], stdin=slave, stdout=slave,
                                     stderr=self.err, env=e, start_new_session=True,
                                     preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        os.close(slave)
        self.exit_code = None

    @staticmethod
    def _winsize(fd, cols, rows):
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    # ---- output ----

    def pump(self, timeout=0.05):
        """Read what the program wrote within timeout; True if anything."""
        got = False
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            r, _, _ = select.select([self.master], [], [], max(left, 0))
            if not r:
                return got
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return got
            if not data:
                return got
            got = True
            self.raw += data
            self.stream.feed(data)

    def text(self):
        return "\n".join(self.screen.display)

    def line(self, y):
        return self.screen.display[y]

    def wait_for(self, *texts, timeout=15):
        """Wait until every text is on the screen."""
        end = time.monotonic() + timeout
        while True:
            if all(t in self.text() for t in texts):
                return
            if time.monotonic() > end:
                raise Failure("timed out waiting for %r; screen:\n%s" % (texts, self.text()))
            if self.proc.poll() is not None and not self.pump(0.05):
                raise Failure("the program exited (%s) waiting for %r; screen:\n%s"
                              % (self.proc.returncode, texts, self.text()))
            self.pump(0.05)

    def wait_gone(self, text, timeout=15):
        end = time.monotonic() + timeout
        while text in self.text():
            if time.monotonic() > end:
                raise Failure("timed out waiting for %r to go; screen:\n%s" % (text, self.text()))
            self.pump(0.05)

    def settle(self, quiet=0.15, timeout=10):
        """Read until the program has been quiet for `quiet` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self.pump(quiet):
                return

    # ---- input ----

    def send(self, *keys):
        for k in keys:
            data = self.keys.get(k, k) if isinstance(k, str) else k
            os.write(self.master, data.encode() if isinstance(data, str) else data)

    def type(self, text):
        os.write(self.master, text.encode())

    def resize(self, cols, rows):
        self.cols, self.rows = cols, rows
        self._winsize(self.master, cols, rows)
        self.screen.resize(rows, cols)
        try:
            os.killpg(self.proc.pid, signal.SIGWINCH)
        except ProcessLookupError:
            pass

    # ---- the end ----

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        """On success quit with q and check the exit; on a failure kill the
        program, so that the failure reported is the first one."""
        if kind is None:
            self.quit()
            self.check_clean_exit()
            return False
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.finish(5)
        except Failure:
            pass
        return False

    def quit(self, timeout=15):
        if self.proc.poll() is None:
            self.send("q")
        return self.finish(timeout)

    def finish(self, timeout=15):
        end = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < end:
            self.pump(0.05)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            raise Failure("the program did not exit; screen:\n" + self.text())
        self.pump(0.05)
        os.close(self.master)
        self.err.seek(0)
        self.stderr = self.err.read().decode(errors="replace")
        self.err.close()
        self.exit_code = self.proc.returncode
        return self.exit_code

    def check_clean_exit(self):
        if self.exit_code != 0:
            raise Failure("exit status %s; stderr:\n%s" % (self.exit_code, self.stderr))
        for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"):
            if bad in self.stderr:
                raise Failure("sanitizer report:\n" + self.stderr)


class Suite:
    """Checks with names; prints ok/FAIL lines and exits 1 if any failed."""

    def __init__(self):
        self.failed = 0
        self.passed = 0
        self.tmp = tempfile.mkdtemp(prefix="accord-tui-")

    def check(self, name, fn):
        try:
            fn()
        except Exception as e:  # a failed check must not stop the others
            self.failed += 1
            print("FAIL: %s: %s" % (name, e))
            sys.stdout.flush()
            return False
        self.passed += 1
        print("ok: %s" % name)
        sys.stdout.flush()
        return True

    def sample_db(self, name="sample.db"):
        path = os.path.join(self.tmp, name)
        if os.path.exists(path):
            os.remove(path)
        subprocess.run([ACCORD, "--db", path, "init", "--sample"], check=True,
                       stdout=subprocess.DEVNULL)
        return path

    def finish(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
        print("%d checks, %d failed" % (self.passed + self.failed, self.failed))
        sys.exit(1 if self.failed else 0)


def sql(db, statement):
    """Run SQL through the sqlite3 shell (another program, as a user would)."""
    out = subprocess.run(["sqlite3", db, statement], check=True, capture_output=True, text=True)
    return out.stdout.strip()
