#!/usr/bin/python3
"""The full-screen program under terminal chaos: a storm of resizes with a
form open, a hangup or SIGTERM with unsaved input, and suspend/resume
(SIGTSTP, SIGCONT) as a shell's job control does it."""
import os
import random
import signal
import stat
import subprocess
import sys
import termios
import time

import tuitest
from tuitest import Failure, Suite, Tui, sql

s = Suite()
db = s.sample_db()
TYPED = "Чернігівська обласна лікарня"
SAN = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")


def open_form(t, text):
    t.wait_for("AT Austria")
    t.send("a")   # in the countries pane: a new institution
    t.wait_for("New institution", "Name *")
    t.type(text)
    t.wait_for(text)


def wait_exit(t, timeout=5):
    end = time.monotonic() + timeout
    while t.proc.poll() is None:
        if time.monotonic() > end:
            raise Failure("the program did not exit within %ss of the signal; screen:\n%s"
                          % (timeout, t.text()))
        t.pump(0.05)


def no_sanitizer(t):
    for bad in SAN:
        if bad in t.stderr:
            raise Failure("sanitizer report:\n" + t.stderr)


def db_ok_after(name):
    assert sql(db, "pragma integrity_check") == "ok"
    # no lock left behind: an import goes through at once
    csv = os.path.join(s.tmp, "small.csv")
    with open(csv, "w") as f:
        f.write("name,country,city,notes\nChaos test clinic %d,BY,Минск,chaos\n" % time.time_ns())
    r = subprocess.run([tuitest.ACCORD, "--db", db, "import", csv], capture_output=True,
                       text=True, timeout=10)
    if r.returncode != 0:
        raise Failure("import after the signal failed (%d): %s" % (r.returncode, r.stderr))
    assert sql(db, "pragma integrity_check") == "ok"
    n = sql(db, "SELECT count(*) FROM institution WHERE name = '%s'" % name)
    assert n == "0", "the unsaved record reached the database"


def resize_storm():
    rnd = random.Random(1234)
    sizes = [(1, 1), (2, 2), (10, 3), (500, 3), (3, 300), (400, 200), (59, 15), (60, 16)]
    sizes += [(rnd.randint(1, 300), rnd.randint(1, 120)) for _ in range(200 - len(sizes))]
    rnd.shuffle(sizes)
    with Tui(db) as t:
        open_form(t, TYPED)
        for cols, rows in sizes:
            t.resize(cols, rows)
            t.pump(0.002)   # keep the pty drained, but do not wait for the program
            if t.proc.poll() is not None:
                break
        t.resize(80, 24)
        t.settle()
        t.screen.reset()    # forget what was drawn: only a redraw shows it again
        t.send("\x0c")      # Ctrl-L
        t.wait_for("New institution", "Name *", TYPED)
        assert "terminal too small" not in t.text()
        t.send("esc")
        t.wait_for("Discard your changes?")
        t.send("y")
        t.wait_gone("New institution")
        t.wait_for("AT Austria")


def killed_with(sig, name):
    t = Tui(db)
    try:
        open_form(t, name)
        t.settle()
        os.killpg(t.proc.pid, sig)
        wait_exit(t)
        # the pty's modes as the program left them (master and slave share them)
        mode = termios.tcgetattr(t.master)
        t.finish(5)
    except BaseException:
        if t.proc.poll() is None:
            t.proc.kill()
        raise
    no_sanitizer(t)
    db_ok_after(name)
    return t, mode


def sighup():
    killed_with(signal.SIGHUP, "Несохранённая больница HUP")


def sigterm():
    t, mode = killed_with(signal.SIGTERM, "Несохранённая больница TERM")
    raw = bytes(t.raw)
    assert b"\x1b[?1049h" in raw, "never entered the alternate screen"
    last_in, last_out = raw.rfind(b"\x1b[?1049h"), raw.rfind(b"\x1b[?1049l")
    if last_out < last_in:
        raise Failure("the alternate screen was not left; output ends with %r" % raw[-80:])
    tail = raw[last_out:]
    assert len(tail) < 40, "drawing after leaving the alternate screen: %r" % tail
    if raw.rfind(b"\x1b[?2004l") < raw.rfind(b"\x1b[?2004h"):
        raise Failure("bracketed paste left on")
    lflag = mode[3]
    if not (lflag & termios.ECHO and lflag & termios.ICANON):
        raise Failure("terminal left without echo/canonical mode (lflag %#o)" % lflag)


# A shell runs a job in its own process group, in the foreground, and stays
# in the session: then the group is not orphaned and SIGTSTP does stop it.
WRAPPER = r'''
import os, signal, sys
real = os.environ["CHAOS_REAL_ACCORD"]
pid = os.fork()
if pid == 0:
    os.setpgid(0, 0)
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    os.tcsetpgrp(0, os.getpgrp())
    signal.signal(signal.SIGTTOU, signal.SIG_DFL)
    os.execv(real, [real] + sys.argv[1:])
while True:
    _, st = os.waitpid(pid, 0)
    if os.WIFEXITED(st):
        sys.exit(os.WEXITSTATUS(st))
    if os.WIFSIGNALED(st):
        sys.exit(128 + os.WTERMSIG(st))
'''


def state(pid):
    with open("/proc/%d/stat" % pid) as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def wait_state(pid, want, timeout=10):
    end = time.monotonic() + timeout
    while state(pid) not in want:
        if time.monotonic() > end:
            raise Failure("process %d is %s, not %s" % (pid, state(pid), want))
        time.sleep(0.02)


def suspend_resume():
    wrapper = os.path.join(s.tmp, "job")
    with open(wrapper, "w") as f:
        f.write("#!%s\n%s" % (sys.executable, WRAPPER))
    os.chmod(wrapper, stat.S_IRWXU)
    real = tuitest.ACCORD
    tuitest.ACCORD = wrapper
    try:
        t = Tui(db, env={"CHAOS_REAL_ACCORD": real})
    finally:
        tuitest.ACCORD = real
    with t:
        t.wait_for("AT Austria", "Detail")
        t.send("/")
        t.type("by")
        t.send("enter")
        t.wait_for("Institutions · Belarus")
        t.settle()
        end = time.monotonic() + 5
        while True:
            with open("/proc/%d/task/%d/children" % (t.proc.pid, t.proc.pid)) as f:
                kids = f.read().split()
            if kids:
                job = int(kids[0])
                break
            if time.monotonic() > end:
                raise Failure("no child under the job wrapper")
            time.sleep(0.02)
        n = len(t.raw)
        os.killpg(job, signal.SIGTSTP)
        wait_state(job, "T")
        t.settle()
        out = bytes(t.raw[n:])
        assert b"\x1b[?1049l" in out, "the alternate screen was not left on suspend: %r" % out[-80:]
        raw = bytes(t.raw)
        if raw.rfind(b"\x1b[?2004l") < raw.rfind(b"\x1b[?2004h"):
            raise Failure("bracketed paste left on while suspended")
        t.screen.reset()   # the shell's screen: the panes are gone
        n = len(t.raw)
        os.killpg(job, signal.SIGCONT)
        t.wait_for("Institutions · Belarus", "Detail", "Countries")
        out = bytes(t.raw[n:])
        assert b"\x1b[?1049h" in out, "the alternate screen was not entered again"
        assert b"\x1b[?2004h" in out, "bracketed paste not turned back on after resume"
        t.send("?")
        t.wait_for("Anywhere", "suspend to the shell")
        t.send("x")
        t.wait_gone("Anywhere")
        # ^Z is a key in raw mode: it suspends the same way
        t.settle()
        n = len(t.raw)
        t.send("\x1a")
        wait_state(job, "T")
        t.settle()
        out = bytes(t.raw[n:])
        assert b"\x1b[?1049l" in out and b"\x1b[?2004l" in out, "^Z did not leave the screen: %r" % out[-80:]
        t.screen.reset()
        os.killpg(job, signal.SIGCONT)
        t.wait_for("Institutions · Belarus", "Detail", "Countries")
        t.send("j")
        t.settle()


s.check("resize storm (200 sizes, 1x1 .. 500x3 .. 400x200) with a form open", resize_storm)
s.check("SIGHUP with unsaved input: exits, database intact and unlocked, nothing saved", sighup)
s.check("SIGTERM with unsaved input: same, and the terminal is restored", sigterm)
s.check("SIGTSTP and ^Z, then SIGCONT: suspends with paste off, redraws on resume, keys work", suspend_resume)
s.finish()
