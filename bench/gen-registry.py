#!/usr/bin/python3
"""Generate a large registry for the full-screen program's benchmark:
institutions.csv and agreements.csv in the import format (DESIGN.md), to be
loaded with `accord import`, so that every browse index and count is made
the way real data's are.

    bench/gen-registry.py [--institutions N] [--agreements M] [--seed S] DIR

Defaults: 100,000 institutions and 1,000,000 agreements. Names are Russian,
Ukrainian, Estonian and English, unique, spread over 40 countries with a
skew (a few countries hold most of the registry, as in the real one).
"""
import argparse
import csv
import os
import random

COUNTRIES = ["BY", "RU", "UA", "KZ", "UZ", "EE", "KG", "LV", "LT", "PL", "DE", "FI", "SE", "MD",
             "GE", "AM", "AZ", "TJ", "TM", "MN", "CN", "IN", "TR", "IL", "FR", "IT", "ES", "AT",
             "CZ", "SK", "HU", "RO", "BG", "RS", "MK", "GB", "IE", "CA", "US", "NO"]
CITIES_RU = ["Минск", "Гомель", "Витебск", "Гродно", "Брест", "Могилёв", "Москва", "Казань",
             "Новосибирск", "Алматы", "Астана", "Ташкент", "Самарканд", "Бухара", "Бишкек", "Ош"]
CITIES_UK = ["Київ", "Львів", "Одеса", "Дніпро", "Харків", "Вінниця", "Тернопіль", "Ужгород"]
CITIES_ET = ["Tallinn", "Tartu", "Pärnu", "Narva", "Viljandi", "Kuressaare", "Võru", "Jõhvi"]
CITIES_EN = ["Riga", "Vilnius", "Warsaw", "Berlin", "Helsinki", "Stockholm", "Chisinau", "Tbilisi"]
KINDS_RU = ["областная клиническая больница", "городская поликлиника", "научно-практический центр",
            "государственный медицинский университет", "медицинский колледж", "родильный дом",
            "детская больница", "онкологический диспансер", "центр кардиохирургии"]
KINDS_UK = ["обласна клінічна лікарня", "міська поліклініка", "науково-практичний центр",
            "національний медичний університет", "медичний коледж", "пологовий будинок"]
KINDS_ET = ["Haigla", "Kliinikum", "Tervisekeskus", "Kõrgkool", "Ülikooli Kliinik", "Perearstikeskus"]
KINDS_EN = ["University Hospital", "Regional Clinic", "Research Centre", "Medical College",
            "Children's Hospital", "Cancer Centre"]
TYPES = ["hospital", "hospital", "research_centre", "university", "college", "hospital",
         "hospital", "hospital", "research_centre"]
AREAS = ["oncology", "cardiac surgery", "transplantation", "neonatology", "e-health",
         "medical education", "pharmaceuticals", "telemedicine", "research", "obstetrics"]
STATUS = ["draft", "negotiating", "signed", "signed", "in_force", "in_force", "expired", "terminated"]
KIND = ["memorandum", "agreement", "contract", "twinning", "programme", "roadmap"]
TITLES = ["Соглашение о сотрудничестве в области", "Меморандум о взаимопонимании:",
          "Угода про співпрацю у сфері", "Koostööleping:", "Memorandum of understanding on",
          "Договор о побратимстве:", "Дорожная карта по направлению"]


def country_weights():
    w = [1.0 / (i + 1) ** 0.9 for i in range(len(COUNTRIES))]
    return w


def institution(i, rnd):
    lang = rnd.random()
    if lang < 0.55:
        city = rnd.choice(CITIES_RU)
        name = "%s %s № %d" % (city, rnd.choice(KINDS_RU), i)
    elif lang < 0.75:
        city = rnd.choice(CITIES_UK)
        name = "%s %s № %d" % (city, rnd.choice(KINDS_UK), i)
    elif lang < 0.87:
        city = rnd.choice(CITIES_ET)
        name = "%s %s nr %d" % (city, rnd.choice(KINDS_ET), i)
    else:
        city = rnd.choice(CITIES_EN)
        name = "%s %s No. %d" % (city, rnd.choice(KINDS_EN), i)
    acronym = "".join(w[0] for w in name.split()[:4]).upper() + str(i)
    return name, acronym, city


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--institutions", type=int, default=100_000)
    ap.add_argument("--agreements", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("dir")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.dir, exist_ok=True)
    weights = country_weights()
    names = []
    with open(os.path.join(a.dir, "institutions.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "acronym", "country", "city", "type"])
        for i in range(a.institutions):
            name, acronym, city = institution(i, rnd)
            country = rnd.choices(COUNTRIES, weights)[0]
            w.writerow([name, acronym, country, city, rnd.choice(TYPES)])
            names.append(name)
    # Parties: most agreements involve the busier institutions (a ministry
    # or a national centre is party to thousands), the rest spread thinly.
    with open(os.path.join(a.dir, "agreements.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["title", "parties", "kind", "status", "signed", "areas"])
        n = len(names)
        for j in range(a.agreements):
            k = 2 if rnd.random() < 0.85 else 3
            parties = set()
            while len(parties) < k:
                if rnd.random() < 0.2:
                    parties.add(names[int(rnd.paretovariate(1.2)) % n])
                else:
                    parties.add(names[rnd.randrange(n)])
            area = rnd.choice(AREAS)
            title = "%s %s № %d" % (rnd.choice(TITLES), area, j)
            y = rnd.randint(1995, 2025)
            signed = rnd.choice(["%d" % y, "%d-%02d" % (y, rnd.randint(1, 12)),
                                 "%d-%02d-%02d" % (y, rnd.randint(1, 12), rnd.randint(1, 28))])
            areas = " | ".join(sorted({area, rnd.choice(AREAS)}))
            w.writerow([title, " | ".join(sorted(parties)), rnd.choice(KIND), rnd.choice(STATUS),
                        signed, areas])


if __name__ == "__main__":
    main()
