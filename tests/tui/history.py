#!/usr/bin/python3
"""The full-screen program and the history: the detail area lists a
record's changes (who, when, field old → new), u undoes the last change of
this session, and refuses when someone else edited the record since."""
import getpass
import os
import subprocess

from tuitest import Suite, Tui, sql, ctrl

s = Suite()
db = s.sample_db()
NAME = "Bundesministerium für Soziales"
WHERE = "WHERE name LIKE 'Bundesministerium%'"


def open_it(t):
    t.wait_for("AT Austria")
    t.send("g")
    t.type("Bundesministerium")
    t.send("enter")
    t.wait_for("Found 1")
    t.send("enter")   # to the browse view, on it
    t.wait_for("Institutions · Austria")


def edit_city(t, city):
    t.send("e")
    t.wait_for("Edit institution")
    t.send("tab", "tab", "tab", "tab")
    t.send(ctrl("u"))   # empty the city
    t.type(city)
    t.send("f2")
    t.wait_for("Saved «" + NAME)


def history_and_undo():
    with Tui(db, rows=40) as t:
        open_it(t)
        edit_city(t, "Graz")
        t.wait_for("History", "city: – → Graz", getpass.getuser())
        assert sql(db, "SELECT city FROM institution " + WHERE) == "Graz"
        t.send("u")
        t.wait_for("Undone: city: Graz → –")
        t.wait_for("(undo)", "[undone]")   # both in the history, newest first
        lines = t.text()
        assert lines.index("(undo)") < lines.index("[undone]"), lines
        assert sql(db, "SELECT coalesce(city, '') FROM institution " + WHERE) == ""
        t.wait_for("Institutions · Austria", NAME)   # the selection kept
        t.send("u")
        t.wait_for("Nothing to undo")


def undo_refused_after_another_edit():
    with Tui(db, rows=40) as t:
        open_it(t)
        edit_city(t, "Linz")
        # another user changes the same record meanwhile
        sql(db, "UPDATE institution SET city = 'Wels', version = version + 1 " + WHERE)
        t.send("u")
        t.wait_for("Not undone: someone else changed")
    assert sql(db, "SELECT city FROM institution " + WHERE) == "Wels"


def control_characters_stay_out():
    # a value with a terminal escape (set the window title) in the history
    sql(db, "UPDATE history SET new = 'St.' || char(27) || ']0;PWNED' || char(7) || 'x'"
            " WHERE id = (SELECT max(id) FROM history WHERE field = 'city' AND rec ="
            " (SELECT uuid FROM institution " + WHERE + "))")
    with Tui(db, rows=40) as t:
        open_it(t)
        t.wait_for("History", "PWNED")
        raw = bytes(t.raw)
        assert b"\x1b]0;PWNED" not in raw and b"\x07x" not in raw, "raw control characters reached the terminal"


def merge_conflict_pane():
    a = s.sample_db("a.db")
    b = a[:-4] + "b.db"
    subprocess.run([os.environ.get("ACCORD", "accord"), "--db", a, "sync", b], check=True,
                   stdout=subprocess.DEVNULL)
    with Tui(b, rows=40) as t:   # the laptop copy
        open_it(t)
        edit_city(t, "Graz")
    with Tui(a, rows=40) as t:
        open_it(t)
        edit_city(t, "Linz")
        t.send("M")
        t.wait_for("Merge with the copy at:")
        t.type(b)
        t.send("enter")
        t.wait_for("1 conflict", "city: changed on both", "mine:   Linz", "theirs: Graz",
                   "t take theirs for all")
        t.send("esc")
        t.wait_for("Not merged: nothing was changed")
        assert sql(b, "SELECT city FROM institution " + WHERE) == "Graz"
        t.send("M")
        t.wait_for("Merge with the copy at:")
        t.type(b)
        t.send("enter")
        t.wait_for("t take theirs for all")
        t.send("t")
        t.wait_for("Merged with", "1 conflict settled taking theirs")
        t.wait_for("City          Graz")   # the panes refreshed
    for db_ in (a, b):
        assert sql(db_, "SELECT city FROM institution " + WHERE) == "Graz", db_


s.check("the detail area shows the history; u undoes, keeping the selection", history_and_undo)
s.check("u refuses when someone else edited the record since", undo_refused_after_another_edit)
s.check("control characters in history values never reach the terminal", control_characters_stay_out)
s.check("merge another copy: the conflict pane, Esc changes nothing, t takes theirs",
        merge_conflict_pane)
s.finish()
