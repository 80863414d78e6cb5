#!/usr/bin/python3
"""The full-screen program, entering data: add, edit, delete, a concurrent
edit, pasting, and the guards against losing input."""
from tuitest import Suite, Tui, sql, ctrl

s = Suite()
db = s.sample_db()
NAME = "Гомельская областная клиническая больница"


def add_institution():
    with Tui(db) as t:
        t.wait_for("AT Austria")
        t.send("a")   # in the countries pane: a new institution of that country
        t.wait_for("New institution", "Name *", "AT  Austria")
        t.type(NAME)  # the cursor starts in the name
        t.send("tab")
        t.wait_for("Country *")
        t.send("bs")  # clear the country, then pick it by typing
        t.wait_gone("AT  Austria")
        t.type("бел")
        t.wait_for("Enter picks", "BY  Belarus")
        t.send("enter")   # picks, and goes on to the next field
        t.wait_gone("Enter picks")
        t.wait_for("BY  Belarus")
        t.send("tab", "tab")
        t.type("Гомель")  # the city
        t.send("tab", "tab")
        t.type("больница")   # the type, by a Russian word
        t.wait_for("hospital")
        t.send("enter")
        t.send(ctrl("s"))
        t.wait_for("Add another")
        t.send("n")
        t.wait_for("Institutions · Belarus", "Гомельская областная")
    row = sql(db, "SELECT country, city, type, version FROM institution WHERE name = '%s'" % NAME)
    assert row == "BY|Гомель|hospital|1", row


def similar_warning_and_add_another():
    with Tui(db) as t:
        t.wait_for("AT Austria")
        t.send("/")
        t.type("by")
        t.send("enter")
        t.wait_for("Institutions · Belarus")
        t.send("a")
        t.wait_for("New institution", "BY  Belarus")
        t.type("Гомельская областная клиническая болница")   # a typo away
        t.send("f2")
        t.wait_for("A similar institution exists")
        t.send("n")   # not saved, the form stays with the input
        t.wait_for("New institution", "клиническая болница")
        t.send("esc")
        t.wait_for("Discard your changes?")
        t.send("y")
        t.wait_gone("New institution")


def edit_institution():
    with Tui(db) as t:
        t.wait_for("AT Austria")
        t.send("g")
        t.type("гомельская")
        t.send("enter")
        t.wait_for("Found 1")
        t.send("e")
        t.wait_for("Edit institution", NAME)
        t.send("tab", "tab")
        t.type("ГОКБ")
        t.send("f2")
        t.wait_for("Saved «Гомельская")
    assert sql(db, "SELECT acronym, version FROM institution WHERE name = '%s'" % NAME) == "ГОКБ|2"


def concurrent_edit():
    with Tui(db) as t:
        t.wait_for("AT Austria")
        t.send("g")
        t.type("гомельская")
        t.send("enter")
        t.wait_for("Found 1")
        t.send("e")
        t.wait_for("Edit institution")
        # someone else saves meanwhile
        sql(db, "UPDATE institution SET city = 'Gomel', version = version + 1 WHERE name = '%s'" % NAME)
        t.send("tab", "tab", "tab", "tab", "tab")
        t.type("Гомельская область")   # the region: ours
        t.send(ctrl("s"))
        t.wait_for("Someone else saved this record meanwhile", "yours", "theirs", "Gomel")
        t.send("right")  # the city (first): take theirs; the region: keep ours
        t.send("enter")
        t.wait_for("Merged with the saved version")
        t.send(ctrl("s"))
        t.wait_for("Saved «Гомельская")
    row = sql(db, "SELECT city, region, version FROM institution WHERE name = '%s'" % NAME)
    assert row == "Gomel|Гомельская область|4", row


def paste_joins_lines():
    with Tui(db) as t:
        t.wait_for("AT Austria")
        t.send("a")
        t.wait_for("New institution")
        # a bracketed paste of two lines: joined, the form not broken
        t.send("\x1b[200~Первая строка\nвторая строка\x1b[201~")
        t.wait_for("Первая строка вторая строка")
        t.send("f10")   # quit: asks, for there is unsaved input
        t.wait_for("Unsaved input: quit without saving?")
        t.send("n")
        t.send("esc")
        t.wait_for("Discard your changes?")
        t.send("y")
        t.wait_for("Countries")


def add_agreement():
    with Tui(db) as t:
        t.wait_for("AT Austria")
        t.send("g")
        t.type("гомельская")
        t.send("enter")
        t.wait_for("Found 1")
        t.send("enter")   # to the browse view, on it
        t.wait_for("Institutions · Belarus")
        t.send("tab")
        t.wait_for("no agreements")
        t.send("a")   # a new agreement, with the institution as a party
        t.wait_for("New agreement", "BY Гомельская")
        t.type("Соглашение о побратимстве")
        t.send("tab")
        t.type("KÕRGKOOL")   # a party from another country, any case
        t.wait_for("Enter picks", "EE  Tervishoiu Kõrgkool")
        t.send("enter")
        t.wait_for("2 +", "EE  Tervishoiu Kõrgkool", "BY  Гомельская")
        t.send("tab", "tab", "tab")
        t.type("17 января 2024")   # any date form; shown as ISO
        t.wait_for("2024-01-17")
        t.send("f2")
        t.wait_for("Saved «Соглашение о побратимстве»", "2024-01")
    assert sql(db, "SELECT signed, (SELECT count(*) FROM agreement_party p WHERE p.agreement = a.uuid)"
                   " FROM agreement a WHERE title = 'Соглашение о побратимстве'") == "2024-01-17|2"


def delete_needs_explicit_yes():
    with Tui(db) as t:
        t.wait_for("AT Austria")
        t.send("g")
        t.type("гомельская")
        t.send("enter")
        t.wait_for("Found 1")
        t.send("enter")
        t.wait_for("Institutions · Belarus")
        t.send("d")   # a party to an agreement: refused unless "yes" is typed
        t.wait_for("is a party to 1 agreement", "Type yes")
        t.send("y", "enter")
        t.wait_for("Not deleted")
        t.send("d")
        t.wait_for("Type yes")
        t.type("yes")
        t.send("enter")
        t.wait_for("Deleted «Гомельская")
    assert sql(db, "SELECT count(*) FROM institution WHERE name = '%s'" % NAME) == "0"
    # the agreement went with it only if it had no other party: it had one
    assert sql(db, "SELECT count(*) FROM agreement WHERE title = 'Соглашение о побратимстве'") == "1"


def delete_agreement():
    with Tui(db) as t:
        t.wait_for("AT Austria")
        t.send("2")
        t.wait_for("All agreements")
        t.send("/")
        t.type("побратимстве")
        t.send("enter")
        t.wait_for("Соглашение о побратимстве")
        t.send("d")
        t.wait_for("Delete the agreement «Соглашение о побратимстве»", "its 1 party")
        t.send("y")
        t.wait_for("Deleted «Соглашение")
    assert sql(db, "SELECT count(*) FROM agreement WHERE title = 'Соглашение о побратимстве'") == "0"


def waits_for_another_writer():
    import sqlite3
    with Tui(db) as t:
        t.wait_for("AT Austria")
        t.send("tab", "e")
        t.wait_for("Edit institution", "Konsumentenschutz")
        t.send("tab", "tab", "tab", "tab")
        t.type("Wien")
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")   # another user holds the write lock
        try:
            t.send("f2")
            t.wait_for("waiting for another user")
        finally:
            other.execute("ROLLBACK")
            other.close()
        t.wait_for("Saved «Bundesministerium")
        t.send("e")   # and once more, giving up with Esc while waiting
        t.wait_for("Edit institution")
        t.send("tab", "tab", "tab", "tab")
        t.send("\x15")   # ^U: empty the city
        t.type("Graz")
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            t.send("f2")
            t.wait_for("waiting for another user")
            t.send("esc")
            t.wait_for("Another user is writing: not saved, your input is kept")
            t.wait_for("Graz")
        finally:
            other.execute("ROLLBACK")
            other.close()
        t.send("f2")
        t.wait_for("Saved «Bundesministerium")
    assert sql(db, "SELECT city FROM institution WHERE name LIKE 'Bundesministerium%'") == "Graz"


s.check("add an institution: Cyrillic name, country by typing бел", add_institution)
s.check("a similar institution: warned; Esc asks before discarding", similar_warning_and_add_another)
s.check("edit an institution", edit_institution)
s.check("a concurrent edit: both versions field by field, merged", concurrent_edit)
s.check("a pasted line break joins; quit asks with unsaved input", paste_joins_lines)
s.check("add an agreement: parties from two countries, a Russian date", add_agreement)
s.check("delete an institution that is a party: only with yes", delete_needs_explicit_yes)
s.check("delete an agreement", delete_agreement)
s.check("another process holds the lock: waiting shown, Esc gives up", waits_for_another_writer)
s.finish()
