#!/usr/bin/python3
"""A full-screen session for bench/valgrind.sh: the program (ACCORD, a
wrapper that runs it under valgrind) is driven through a pseudo-terminal
as a user would: browse, filter, open an agreement, global search, the
All agreements view with sort and filter, help, language, a resize, add an
institution with the pickers, edit it, add an agreement, delete it, merge
another copy, undo, quit.  Usage: valgrind-tui.py DB OTHER_DB (OTHER_DB: a
copy with one more record, for the merge).  Exit 0 when the walk ends
with the program's clean exit."""
import sys

from tuitest import Tui, ctrl, sql

db, other = sys.argv[1], sys.argv[2]
T = 120   # valgrind runs the program some 30 times slower
NAME = "Гомельская областная клиническая больница"

with Tui(db) as t:
    t.wait_for("Countries", "Institutions", "Agreements", "Detail", timeout=T)
    t.send("/")
    t.type("bel")
    t.wait_for("/bel", "BY Belarus", timeout=T)
    t.send("enter")
    t.wait_for("Institutions · Belarus", timeout=T)
    t.send("tab", "down", "down", "up")
    t.settle(0.5, T)
    t.send("esc", "esc")
    t.send("/")
    t.type("uz")
    t.wait_for("UZ Uzbekistan", timeout=T)
    t.send("enter", "tab", "/")
    t.type("министерство")
    t.wait_for("Министерство здравоохранения Республики Узбекистан", timeout=T)
    t.send("enter", "tab")
    t.wait_for("Соглашения между министерствами", timeout=T)
    t.send("enter")
    t.wait_for("Parties", "Esc back", timeout=T)
    t.send("esc")
    t.wait_for("Detail", timeout=T)
    t.send("g")
    t.type("витеб")
    t.send("enter")
    t.wait_for("Found", timeout=T)
    t.send("esc")
    t.send("2")
    t.wait_for("All agreements", timeout=T)
    t.send("s")
    t.settle(0.5, T)
    t.send("esc", "r")
    t.settle(0.5, T)
    t.send("1", "?")
    t.wait_for("Anywhere", timeout=T)
    t.send("x")
    t.wait_gone("Anywhere", timeout=T)
    t.send("L")
    t.settle(0.5, T)
    t.send("L", "L", "L")
    t.resize(100, 30)
    t.settle(0.5, T)
    t.resize(40, 10)   # too small: says so
    t.settle(0.5, T)
    t.resize(80, 24)
    t.wait_for("Countries", timeout=T)
    # add, with the country and type pickers
    t.send("esc", "esc", "btab", "btab")
    t.settle(0.5, T)
    t.send("a")
    t.wait_for("New institution", "Name *", timeout=T)
    t.type(NAME)
    t.send("tab", "bs")
    t.type("бел")
    t.wait_for("BY  Belarus", timeout=T)
    t.send("enter", "tab", "tab")
    t.type("Гомель")
    t.send("tab", "tab")
    t.type("больница")
    t.wait_for("hospital", timeout=T)
    t.send("enter")
    t.send(ctrl("s"))
    t.wait_for("Add another", timeout=T)
    t.send("n")
    t.wait_for("Institutions · Belarus", timeout=T)
    # edit it
    t.send("g", ctrl("u"))   # the search remembers the last query
    t.type("гомельская")
    t.send("enter")
    t.wait_for("Found 1", timeout=T)
    t.send("e")
    t.wait_for("Edit institution", timeout=T)
    t.send("tab", "tab")
    t.type("ГОКБ")
    t.send("f2")
    t.wait_for("Saved «Гомельская", timeout=T)
    # an agreement with it, then deleted
    t.send("enter")
    t.wait_for("Institutions · Belarus", timeout=T)
    t.send("tab")
    t.wait_for("no agreements", timeout=T)
    t.send("a")
    t.wait_for("New agreement", timeout=T)
    t.type("Соглашение о побратимстве")
    t.send("tab")
    t.type("KÕRGKOOL")
    t.wait_for("Enter picks", timeout=T)
    t.send("enter", "tab", "tab", "tab")
    t.type("17 января 2024")
    t.wait_for("2024-01-17", timeout=T)
    t.send("f2")
    t.wait_for("Saved «Соглашение", timeout=T)
    t.send("d")
    t.wait_for("Delete the agreement", timeout=T)
    t.send("y")
    t.wait_for("Deleted «Соглашение", timeout=T)
    t.send("u")   # undo the delete
    t.settle(1, T)
    # merge another copy
    t.send("M")
    t.wait_for("Merge with the copy at", timeout=T)
    t.type(other)
    t.send("enter")
    t.wait_for("Merged with", timeout=T)

n = sql(db, "SELECT count(*) FROM institution WHERE name = '%s' AND acronym = 'ГОКБ'" % NAME)
if n != "1":
    sys.exit("the session's edit is not in the database (%s)" % n)
print("full-screen walk done")
