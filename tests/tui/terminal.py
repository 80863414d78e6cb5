#!/usr/bin/python3
"""The full-screen program and the terminal: resizing, small screens,
LANG=C, terminal types, NO_COLOR, and control characters from data."""
import re

from tuitest import Suite, Tui, sql

s = Suite()
db = s.sample_db()


def resize():
    with Tui(db, 80, 24) as t:
        t.wait_for("Countries", "Detail")
        t.send("/")
        t.type("by")
        t.send("enter", "tab")
        t.wait_for("Institutions · Belarus")
        t.resize(40, 10)
        t.wait_for("terminal too small: 40x10")
        t.send("down")   # keys while too small do no harm
        t.resize(132, 43)
        t.wait_for("Institutions · Belarus", "Detail")
        # wider: the city column appears
        t.wait_for("… Витебск")
        assert "terminal too small" not in t.text()
        assert t.line(0).rstrip().endswith("q quit"), t.line(0)
        t.resize(80, 24)
        t.wait_for("Institutions · Belarus")
        t.wait_gone("… Витебск")


def lang_c_switches_to_utf8():
    with Tui(db, env={"LANG": "C", "LC_ALL": "C"}) as t:
        t.send("/")
        t.type("by")
        t.send("enter")
        t.wait_for("Витебский государственный")
        t.send("L")
        t.wait_for("BY Беларусь")
    # nothing but valid UTF-8 went out
    bytes(t.raw).decode("utf-8")


def no_utf8_at_all():
    # as if no UTF-8 locale were installed: transliterated ASCII, and said so
    with Tui(db, env={"LANG": "C", "ACCORD_ASCII": "1"}) as t:
        t.wait_for("ASCII only")
        t.send("/")
        t.type("by")
        t.send("enter")
        t.wait_for("Vitebskiy gosudarstvennyy")
        t.wait_for("Institutions - Belarus", "uk            Bilorus")
        t.send("L")
        t.wait_for("lang ru", "Country names in ru")
    assert all(b < 0x80 for b in t.raw), "a non-ASCII byte was sent"


def terminal_types():
    for term in ("xterm-256color", "screen", "tmux-256color", "linux", "vt100"):
        with Tui(db, term=term) as t:
            t.wait_for("Countries", "Detail", "BY Belarus")
            t.send("tab", "?")
            t.wait_for("Anywhere")
            t.send("x")
            t.wait_gone("Anywhere")


def no_color():
    with Tui(db, env={"NO_COLOR": "1"}) as t:
        t.wait_for("Countries", "BY Belarus")
        t.send("down", "down")
        t.wait_for("CA Canada")
    colours = re.findall(rb"\x1b\[[0-9;]*(?:3[0-7]|4[0-7]|38;5;\d+)m", bytes(t.raw))
    assert not colours, colours[:5]
    with Tui(db) as t:
        t.wait_for("Countries")
    assert re.search(rb"\x1b\[[0-9;]*3[0-7]m", bytes(t.raw)), "no colour at all in colour mode"


def control_chars_from_data():
    uuid = sql(db, "SELECT uuid FROM institution WHERE acronym = 'ВГМУ'")
    sql(db, "UPDATE institution SET name = 'Evil' || char(27) || ']0;x' || char(7) || ' hospital',"
            " acronym = 'C1' || char(155) || '2J', city = 'bidi ' || char(8238) || 'olleh'"
            " WHERE uuid = '%s'" % uuid)
    with Tui(db) as t:
        t.send("/")
        t.type("by")
        t.send("enter", "tab", "/")
        t.type("evil")
        t.wait_for("Evil␛]0;x␇ hospital")   # a visible placeholder in the list
        t.wait_for("C1�2J")                  # C1 CSI (U+009B) too
        t.wait_for("bidi �olleh")            # and a bidi override
        t.send("enter")
        t.wait_for("Tab pane")
    raw = bytes(t.raw)
    assert b"\x1b]0;x\x07" not in raw, "the OSC sequence reached the terminal"
    assert b"\x1b]" not in raw, "an OSC reached the terminal"
    assert b"\x07" not in raw, "BEL reached the terminal"
    assert "\u009b".encode() not in raw and "\u202e".encode() not in raw


def ctrl_l_and_no_full_repaint_per_key():
    with Tui(db) as t:
        t.wait_for("Countries", "BY Belarus")
        t.settle()
        n = len(t.raw)
        t.send("down")
        t.wait_for("Belarus", "Institutions · Belarus")
        t.settle()
        per_key = len(t.raw) - n
        assert b"\x1b[2J" not in bytes(t.raw[n:]), "a full clear for a cursor move"
        assert per_key < 2500, per_key
        t.send("\x0c")   # Ctrl-L: a full redraw
        t.settle()
        assert b"\x1b[H\x1b[2J" in bytes(t.raw[n:]) or b"\x1b[2J" in bytes(t.raw[n:])


def held_key_is_one_update():
    """Keys that arrive together (a held arrow over a slow link) are all
    handled before one screen update, ending where they should."""
    with Tui(db) as t:
        t.wait_for("Countries", "BY Belarus")
        t.send("2")
        t.wait_for("All agreements")
        t.send("home")   # 18 rows: no move below is clamped at an end
        t.settle()
        n = len(t.raw)
        t.send("down")
        t.settle()
        one = len(t.raw) - n
        detail = lambda: t.text().split("Detail", 1)[1]   # the selection's, whatever the scroll
        sel = detail()
        t.send("up")
        t.settle()
        n = len(t.raw)
        t.send(t.keys["down"] * 12 + t.keys["up"] * 11)   # one write: all waiting at once
        t.settle()
        burst = len(t.raw) - n
        assert detail() == sel, "23 moves did not end one row down:\n" + t.text()
        assert burst < 3 * one, "23 queued moves wrote %d bytes, one move %d" % (burst, one)


s.check("resize 80x24 -> 40x10 (too small) -> 132x43 -> 80x24", resize)
s.check("LANG=C: switches to a UTF-8 locale, Cyrillic shown", lang_c_switches_to_utf8)
s.check("no UTF-8 locale: ASCII only, transliterated, said so", no_utf8_at_all)
s.check("TERM xterm-256color, screen, tmux-256color, linux, vt100", terminal_types)
s.check("NO_COLOR: no colour sequences", no_color)
s.check("ESC ] 0 ; x BEL, C1 and bidi controls from data never reach the terminal",
        control_chars_from_data)
s.check("a cursor move is a small update; Ctrl-L redraws", ctrl_l_and_no_full_repaint_per_key)
s.check("queued moves: handled first, then one screen update", held_key_is_one_update)
s.finish()
