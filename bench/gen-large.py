#!/usr/bin/env python3
"""Generate a large partner registry as a Russian Excel would save it:
WINDOWS-1251, ';' delimiter, CRLF.

    bench/gen-large.py DIR [INSTITUTIONS [AGREEMENTS]]

writes DIR/institutions.csv (100,000 rows by default) and
DIR/agreements.csv (1,000,000 rows), deterministic for a given size.
"""
import os
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "."
n_inst = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
n_agr = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
rnd = random.Random(20261124)

COUNTRIES = ["BY", "Беларусь", "RU", "Россия", "KZ", "Казахстан", "UZ", "Узбекистан", "KG",
             "Кыргызстан", "UA", "Украина", "EE", "Эстония", "LV", "LT", "PL", "DE", "FR"]
CITIES = ["Минск", "Витебск", "Гомель", "Москва", "Казань", "Астана", "Алматы", "Ташкент",
          "Самарканд", "Бишкек", "Киев", "Львов", "Таллин", "Рига", "Вильнюс", "Усть-Каменогорск"]
KINDS = [("Республиканский научно-практический центр", "научно-практический центр"),
         ("Городская клиническая больница", "больница"),
         ("Областная детская больница", "больница"),
         ("Государственный медицинский университет", "университет"),
         ("Медицинский колледж", "колледж"),
         ("Министерство здравоохранения", "министерство"),
         ("Национальный медицинский исследовательский центр", "научный центр")]
FIELDS = ["онкологии", "кардиологии", "хирургии", "трансплантологии", "педиатрии",
          "неврологии", "офтальмологии", "травматологии и ортопедии", "фтизиатрии"]
AREAS = ["онкология", "кардиохирургия", "трансплантация", "неонатология", "e-health",
         "медицинское образование", "педиатрия", "реабилитация"]
AGR = ["Меморандум о сотрудничестве", "Соглашение о сотрудничестве", "Договор о подготовке кадров",
       "Соглашение о побратимстве", "Дорожная карта", "Программа совместных исследований"]
AGR_KIND = ["меморандум", "соглашение", "договор", "побратимство", "дорожная карта", "программа"]
STATUS = ["подписано", "действует", "проект", "истёк", "расторгнуто"]


def write(name, header, rows):
    with open(os.path.join(out, name), "w", encoding="cp1251", newline="") as f:
        f.write(";".join(header) + "\r\n")
        for r in rows:
            f.write(";".join(r) + "\r\n")


names = []


def institutions():
    for i in range(n_inst):
        kind, typ = rnd.choice(KINDS)
        city = rnd.choice(CITIES)
        name = f"{kind} {rnd.choice(FIELDS)} г. {city} № {i + 1}"
        names.append(name)
        yield [name, rnd.choice(COUNTRIES), city, "", typ, f"ЦЕНТР-{i + 1}", f"Запись {i + 1}"]


def agreements():
    for i in range(n_agr):
        a, b = rnd.randrange(n_inst), rnd.randrange(n_inst)
        parties = names[a] if a == b else f"{names[a]} | {names[b]}"
        k = rnd.randrange(len(AGR))
        y, m, d = rnd.randint(1995, 2025), rnd.randint(1, 12), rnd.randint(1, 28)
        signed = rnd.choice([f"{d:02d}.{m:02d}.{y}", f"{y}-{m:02d}", f"{y}"])
        areas = " | ".join(rnd.sample(AREAS, rnd.randint(0, 2)))
        yield [f"{AGR[k]} № {i + 1} в области {rnd.choice(FIELDS)}", parties, AGR_KIND[k],
               rnd.choice(STATUS), signed, "", "", areas, rnd.choice(CITIES), "", ""]


os.makedirs(out, exist_ok=True)
write("institutions.csv", ["Наименование", "Страна", "Город", "Регион", "Тип", "Аббревиатура", "Примечание"],
      institutions())
write("agreements.csv", ["Название", "Стороны", "Вид", "Статус", "Дата подписания", "Действует с",
                         "Действует до", "Направления", "Место подписания", "Источник", "Примечание"],
      agreements())
