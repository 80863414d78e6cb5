#!/usr/bin/python3
"""The full-screen program, browsing and finding: the real binary in a
pseudo-terminal at 80x24 with a terminal emulator (pyte)."""
import os

from tuitest import Suite, Tui, sql, ctrl

s = Suite()
db = s.sample_db()
home = os.path.join(s.tmp, "home")
os.makedirs(home)


def browse_to_belarus():
    with Tui(db, home=home) as t:
        t.wait_for("Countries", "Institutions", "Agreements", "Detail")
        # filter the countries as you type, then the institutions show
        t.send("/")
        t.type("bel")
        t.wait_for("/bel", "BY Belarus")
        t.wait_gone("AT Austria")
        t.send("enter")
        t.wait_for("Institutions · Belarus", "Витебский государственный")
        t.send("tab")
        t.wait_for("Name (en)", "Белорусский центр подготовки среднего медицинского персонала")
        # the detail follows the selection
        t.send("down")
        t.wait_for("Vitebsk State Medical University")


def open_agreement():
    with Tui(db, home=home) as t:
        t.wait_for("Countries")
        t.send("/")
        t.type("uz")
        t.wait_for("UZ Uzbekistan")
        t.send("enter", "tab", "/")
        t.type("министерство")
        t.wait_for("Министерство здравоохранения Республики Узбекистан")
        t.send("enter", "tab")
        t.wait_for("Соглашения между министерствами")
        t.send("enter")   # the agreement, whole
        t.wait_for("Agreement", "Parties", "Республики Беларусь", "Esc back")
        t.send("esc")
        t.wait_gone("Esc back")
        t.wait_for("Detail")


def filter_institutions():
    with Tui(db, home=home) as t:
        t.wait_for("Countries")
        t.send("/")
        t.type("by")
        t.wait_for("BY Belarus")
        t.send("enter", "tab", "/")
        t.type("ВИТЕБ")   # case-insensitive in Cyrillic
        t.wait_for("/ВИТЕБ", "Витебский государственный")
        t.wait_gone("Министерство здравоохранен")
        t.send("esc")     # Esc: the filter as before (none)
        t.wait_for("Министерство здравоохранен")
        t.send("/")
        t.type("минск")   # the city
        t.wait_for("Минский научно-практически", "Республиканский научно-пра")
        t.wait_gone("Витебский государственный")
        t.send("enter", "n", "N")
        t.wait_for("/минск")


def global_search():
    with Tui(db, home=home) as t:
        t.wait_for("Countries")
        t.send("g")
        t.wait_for("Search everywhere:")
        t.type("мать и дитя")
        t.send("enter")
        t.wait_for("Found", "I BY", "A ")
        t.send("enter")   # the first hit: an institution, shown in the browse view
        t.wait_for("Institutions · Belarus")


def all_agreements():
    with Tui(db, home=home) as t:
        t.wait_for("Countries")
        t.send("2")
        t.wait_for("All agreements · by date")
        t.send("s")
        t.wait_for("All agreements · by title")
        t.send("s", "s")
        t.wait_for("by country pair")
        t.send("f")    # filters, as a form
        t.wait_for("Filter agreements")
        t.send("tab")
        t.type("in_force")
        t.send("enter", "f2")
        t.wait_for("in_force", "All agreements")
        t.send("esc")
        t.wait_for("Countries")


def language_remembered():
    with Tui(db, home=home) as t:
        t.wait_for("BY Belarus")
        t.send("L")
        t.wait_for("BY Беларусь", "lang ru")
    with open(os.path.join(home, ".config", "accord", "config")) as f:
        assert "language = ru" in f.read()
    with Tui(db, home=home) as t:
        t.wait_for("BY Беларусь", "lang ru")
        for lang, name in (("uk", "BY Білорусь"), ("et", "EE Eesti"), ("en", "BY Belarus")):
            t.send("L")
            t.wait_for("lang " + lang, name)


def help_from_key_table():
    with Tui(db, home=home) as t:
        t.wait_for("Countries")
        t.send("?")
        t.wait_for("Keys (generated from the key table)", "Anywhere", "F10")
        t.send("x")
        t.wait_gone("Anywhere")
        t.send(ctrl("l"))
        t.wait_for("Countries")


def sees_other_writers():
    with Tui(db) as t:
        t.wait_for("CA Canada")
        # another program adds an institution in a country not shown yet
        sql(db, "INSERT INTO institution(uuid, name, country, key, created, updated)"
                " VALUES ('ext-1', 'Hospital of Chile', 'CL', 'hospital of chile', '', '')")
        t.wait_for("CL Chile", timeout=20)


s.check("browse to Belarus and see its institutions", browse_to_belarus)
s.check("open an agreement", open_agreement)
s.check("filter as you type, Cyrillic case-insensitive", filter_institutions)
s.check("global search, jump to a result", global_search)
s.check("All agreements: sort and filter", all_agreements)
s.check("display language by key, remembered in the config", language_remembered)
s.check("help generated from the key table; Ctrl-L", help_from_key_table)
s.check("another writer's change shows without a key", sees_other_writers)
s.finish()
