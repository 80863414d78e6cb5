/* Unit tests for the vocabularies and the header-name mapping. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "accord/vocab.h"

struct vcase {
	enum vocab_kind v;
	const char *in, *code;   /* code NULL: unknown */
};

#define K VOCAB_AGREEMENT_KIND
#define S VOCAB_STATUS
#define T VOCAB_INSTITUTION_TYPE

static const struct vcase vcases[] = {
	/* kinds */
	{ K, "memorandum", "memorandum" }, { K, "Memorandum of Understanding", "memorandum" },
	{ K, "MoU", "memorandum" }, { K, "меморандум", "memorandum" },
	{ K, "Меморандум о взаимопонимании", "memorandum" },
	{ K, "МЕМОРАНДУМ про співпрацю", "memorandum" },
	{ K, "vastastikuse mõistmise memorandum", "memorandum" },
	{ K, "Протокол о намерениях", "memorandum" },
	{ K, "agreement", "agreement" }, { K, "Cooperation Agreement", "agreement" },
	{ K, "соглашение", "agreement" }, { K, "Соглашение о сотрудничестве", "agreement" },
	{ K, "угода", "agreement" }, { K, "Угода про співробітництво", "agreement" },
	{ K, "leping", "agreement" }, { K, "koostööleping", "agreement" },
	{ K, "Соглашение о партнёрстве", "agreement" },
	{ K, "contract", "contract" }, { K, "договор", "contract" },
	{ K, "Договор о сотрудничестве", "contract" }, { K, "договір", "contract" },
	{ K, "twinning", "twinning" }, { K, "побратимство", "twinning" },
	{ K, "партнёрство", "twinning" }, { K, "партнерство", "twinning" },
	{ K, "Twinning agreement", "twinning" }, { K, "Hospital twinning partnership", "twinning" },
	{ K, "Партнерство лікарень", "twinning" }, { K, "побратимства", "twinning" },
	{ K, "programme", "programme" }, { K, "program", "programme" },
	{ K, "программа", "programme" }, { K, "Программа сотрудничества", "programme" },
	{ K, "програма", "programme" }, { K, "programm", "programme" },
	{ K, "roadmap", "roadmap" }, { K, "дорожная карта", "roadmap" },
	{ K, "Дорожная карта сотрудничества", "roadmap" }, { K, "дорожня карта", "roadmap" },
	{ K, "Road map", "roadmap" }, { K, "teekaart", "roadmap" },
	{ K, "", NULL }, { K, "  ", NULL }, { K, "письмо", NULL }, { K, "коммюнике", NULL },
	/* statuses */
	{ S, "draft", "draft" }, { S, "проект", "draft" }, { S, "проєкт", "draft" },
	{ S, "eelnõu", "draft" }, { S, "Проект соглашения", "draft" },
	{ S, "negotiating", "negotiating" }, { S, "Under negotiation", "negotiating" },
	{ S, "переговоры", "negotiating" }, { S, "на согласовании", "negotiating" },
	{ S, "läbirääkimisel", "negotiating" },
	{ S, "signed", "signed" }, { S, "подписано", "signed" }, { S, "Подписан", "signed" },
	{ S, "підписано", "signed" }, { S, "allkirjastatud", "signed" },
	{ S, "in_force", "in_force" }, { S, "in force", "in_force" }, { S, "In-Force", "in_force" },
	{ S, "действует", "in_force" }, { S, "Действующее", "in_force" },
	{ S, "вступило в силу", "in_force" }, { S, "діє", "in_force" }, { S, "чинна", "in_force" },
	{ S, "kehtiv", "in_force" }, { S, "jõus", "in_force" }, { S, "active", "in_force" },
	{ S, "expired", "expired" }, { S, "истёк", "expired" }, { S, "истек", "expired" },
	{ S, "Срок действия истёк", "expired" }, { S, "не действует", "expired" },
	{ S, "закінчився", "expired" }, { S, "закінчилася", "expired" },
	{ S, "aegunud", "expired" }, { S, "утратило силу", "expired" },
	{ S, "terminated", "terminated" }, { S, "расторгнуто", "terminated" },
	{ S, "Расторгнут", "terminated" }, { S, "прекращено", "terminated" },
	{ S, "розірвано", "terminated" }, { S, "lõpetatud", "terminated" },
	{ S, "denounced", "terminated" }, { S, "непонятно", NULL }, { S, "?", NULL },
	/* institution types */
	{ T, "ministry", "ministry" }, { T, "министерство", "ministry" },
	{ T, "Министерство здравоохранения", "ministry" }, { T, "міністерство", "ministry" },
	{ T, "ministeerium", "ministry" }, { T, "Tervishoiuministeerium", "ministry" },
	{ T, "Sotsiaalministeerium", "ministry" }, { T, "Ministry of Health", "ministry" },
	{ T, "Минздрав", "ministry" }, { T, "МОЗ", "ministry" },
	{ T, "hospital", "hospital" }, { T, "больница", "hospital" },
	{ T, "Городская клиническая больница", "hospital" }, { T, "лікарня", "hospital" },
	{ T, "haigla", "hospital" }, { T, "Regionaalhaigla", "hospital" }, { T, "клиника", "hospital" },
	{ T, "госпиталь", "hospital" }, { T, "Университетская клиника", "hospital" },
	{ T, "Tartu Ülikooli Kliinikum", "hospital" }, { T, "University Hospital", "hospital" },
	{ T, "медицинский центр", "hospital" },
	{ T, "research_centre", "research_centre" }, { T, "research centre", "research_centre" },
	{ T, "Research Center", "research_centre" }, { T, "научный центр", "research_centre" },
	{ T, "НИИ", "research_centre" }, { T, "РНПЦ", "research_centre" },
	{ T, "научно-практический центр", "research_centre" },
	{ T, "Научно-исследовательский институт", "research_centre" },
	{ T, "науковий центр", "research_centre" }, { T, "НДІ", "research_centre" },
	{ T, "Республиканский научно-практический центр «Мать и дитя»", "research_centre" },
	{ T, "university", "university" }, { T, "университет", "university" },
	{ T, "медицинский университет", "university" }, { T, "університет", "university" },
	{ T, "ülikool", "university" }, { T, "Tartu Ülikool", "university" },
	{ T, "медицинская академия", "university" },
	{ T, "college", "college" }, { T, "колледж", "college" }, { T, "коледж", "college" },
	{ T, "kõrgkool", "college" }, { T, "KÕRGKOOL", "college" },
	{ T, "Tallinna Tervishoiu Kõrgkool", "college" }, { T, "медицинское училище", "college" },
	{ T, "branch", "branch" }, { T, "филиал", "branch" }, { T, "філія", "branch" },
	{ T, "filiaal", "branch" }, { T, "Витебский филиал РНПЦ", "branch" },
	{ T, "Regional branch", "branch" },
	{ T, "agency", "agency" }, { T, "агентство", "agency" }, { T, "Terviseamet", "agency" },
	{ T, "Haigekassa", "agency" },
	{ T, "cluster", "cluster" }, { T, "кластер", "cluster" }, { T, "e-tervise klaster", "cluster" },
	{ T, "other", "other" }, { T, "другое", "other" }, { T, "muu", "other" },
	{ T, "Ассоциация врачей", "other" },
	{ T, "пекарня", NULL }, { T, "завод", NULL }, { T, "", NULL },
};

static void test_words(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof vcases / sizeof vcases[0]; i++) {
		const struct vcase *c = &vcases[i];
		const char *got = vocab_code(c->v, c->in, strlen(c->in));
		if ((got == NULL) != (c->code == NULL) || (got && strcmp(got, c->code)))
			fail_msg("vocab_code(%d, \"%s\") = %s, want %s", c->v, c->in,
			         got ? got : "NULL", c->code ? c->code : "NULL");
	}
}

static void test_codes(void **state)
{
	(void)state;
	const enum vocab_kind kinds[] = { K, S, T };
	const size_t counts[] = { 6, 6, 9 };
	for (size_t k = 0; k < 3; k++) {
		const char *const *codes = vocab_codes(kinds[k]);
		size_t n = 0;
		for (; codes[n]; n++) {
			/* every code maps to itself, in any case */
			assert_string_equal(vocab_code(kinds[k], codes[n], strlen(codes[n])), codes[n]);
			assert_true(vocab_is_code(kinds[k], codes[n], strlen(codes[n])));
		}
		assert_int_equal(n, counts[k]);
	}
	assert_false(vocab_is_code(S, "In_force", 8));
	assert_false(vocab_is_code(S, "in_forc", 7));
	assert_false(vocab_is_code(T, "memorandum", 10));
	/* invalid UTF-8 is unknown, not a crash */
	assert_null(vocab_code(K, "\xFF\xFE", 2));
	/* only len bytes are read */
	assert_string_equal(vocab_code(K, "contractXYZ", 8), "contract");
}

static void test_tables_normalised(void **state)
{
	(void)state;
	const char *bad = vocab_check_tables();
	if (bad)
		fail_msg("table word \"%s\" is not in folded form", bad);
}

struct hcase {
	enum vocab_table t;
	const char *in, *col;
};

#define I VOCAB_INSTITUTIONS
#define A VOCAB_AGREEMENTS

static const struct hcase hcases[] = {
	{ I, "name", "name" }, { I, "Name", "name" }, { I, "NAME", "name" },
	{ I, "Наименование", "name" }, { I, "Название", "name" }, { I, "Назва", "name" },
	{ I, "Nimi", "name" }, { I, "Наименование учреждения", "name" },
	{ I, "Institution name", "name" }, { I, "  name  ", "name" }, { I, "Name:", "name" },
	{ I, "country", "country" }, { I, "Страна", "country" }, { I, "Країна", "country" },
	{ I, "Riik", "country" }, { I, "Country code", "country" }, { I, "Country (ISO)", "country" },
	{ I, "city", "city" }, { I, "Город", "city" }, { I, "Місто", "city" }, { I, "Linn", "city" },
	{ I, "region", "region" }, { I, "Регион", "region" }, { I, "Область", "region" },
	{ I, "Maakond", "region" },
	{ I, "type", "type" }, { I, "Тип", "type" }, { I, "Tüüp", "type" },
	{ I, "acronym", "acronym" }, { I, "Аббревиатура", "acronym" },
	{ I, "Абревіатура", "acronym" }, { I, "Lühend", "acronym" },
	{ I, "parent", "parent" }, { I, "Головная организация", "parent" },
	{ I, "Материнська установа", "parent" }, { I, "Emaasutus", "parent" },
	{ I, "name_en", "name_en" }, { I, "Name (EN)", "name_en" }, { I, "name-en", "name_en" },
	{ I, "English name", "name_en" },
	{ I, "website", "website" }, { I, "Web site", "website" }, { I, "Сайт", "website" },
	{ I, "Веб-сайт", "website" },
	{ I, "notes", "notes" }, { I, "Примечание", "notes" }, { I, "Примітки", "notes" },
	{ I, "Märkused", "notes" },
	{ I, "parties", NULL }, { I, "signed", NULL }, { I, "Дата подписания", NULL },
	{ I, "foo", NULL }, { I, "", NULL },

	{ A, "title", "title" }, { A, "Название", "title" }, { A, "Назва", "title" },
	{ A, "Pealkiri", "title" }, { A, "Название соглашения", "title" },
	{ A, "name", "title" },
	{ A, "parties", "parties" }, { A, "Стороны", "parties" }, { A, "Сторони", "parties" },
	{ A, "Osapooled", "parties" }, { A, "Partner(s)", "parties" }, { A, "Partners", "parties" },
	{ A, "Party", "parties" },
	{ A, "kind", "kind" }, { A, "Вид", "kind" }, { A, "Liik", "kind" }, { A, "type", "kind" },
	{ A, "status", "status" }, { A, "Статус", "status" }, { A, "Staatus", "status" },
	{ A, "signed", "signed" }, { A, "Дата подписания", "signed" }, { A, "Подписания", "signed" },
	{ A, "Дата підписання", "signed" }, { A, "Allkirjastatud", "signed" },
	{ A, "Дата подписания (ДД.ММ.ГГГГ)", "signed" }, { A, "Date signed", "signed" },
	{ A, "valid_from", "valid_from" }, { A, "Действует с", "valid_from" },
	{ A, "Діє з", "valid_from" }, { A, "Kehtib alates", "valid_from" },
	{ A, "Valid from", "valid_from" },
	{ A, "valid_until", "valid_until" }, { A, "Действует до", "valid_until" },
	{ A, "Діє до", "valid_until" }, { A, "Kehtib kuni", "valid_until" },
	{ A, "areas", "areas" }, { A, "Направления", "areas" }, { A, "Напрями", "areas" },
	{ A, "Valdkonnad", "areas" }, { A, "Area", "areas" },
	{ A, "place", "place" }, { A, "Место подписания", "place" }, { A, "Место", "place" },
	{ A, "Місце підписання", "place" }, { A, "Koht", "place" },
	{ A, "source", "source" }, { A, "Источник", "source" }, { A, "Джерело", "source" },
	{ A, "Allikas", "source" },
	{ A, "notes", "notes" }, { A, "Примечание", "notes" }, { A, "Märkused", "notes" },
	{ A, "country", NULL }, { A, "acronym", NULL }, { A, "bar", NULL },
	/* plural column heads */
	{ I, "Страны", "country" }, { I, "Країни", "country" }, { I, "Riigid", "country" },
	{ I, "Cities", "city" }, { I, "Города", "city" }, { I, "Міста", "city" }, { I, "Linnad", "city" },
	{ I, "Области", "region" }, { I, "Учреждения", "name" }, { I, "Типы", "type" },
	{ A, "Области", "areas" }, { A, "Соглашения", "title" }, { A, "Статусы", "status" },
};

static void test_headers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof hcases / sizeof hcases[0]; i++) {
		const struct hcase *c = &hcases[i];
		const char *got = vocab_column(c->t, c->in, strlen(c->in));
		if ((got == NULL) != (c->col == NULL) || (got && strcmp(got, c->col)))
			fail_msg("vocab_column(%d, \"%s\") = %s, want %s", c->t, c->in,
			         got ? got : "NULL", c->col ? c->col : "NULL");
	}
	/* every canonical name maps to itself */
	for (int t = 0; t < 2; t++) {
		const char *const *cols = vocab_columns((enum vocab_table)t);
		size_t n = 0;
		for (; cols[n]; n++)
			assert_string_equal(vocab_column((enum vocab_table)t, cols[n], strlen(cols[n])), cols[n]);
		assert_int_equal(n, t == 0 ? 10 : 11);
	}
}

static void test_ghe_variant(void **state)
{
	(void)state;
	/* ґ and г are the same letter for matching */
	assert_string_equal(vocab_code(T, "лікарня ґ", strlen("лікарня ґ")), "hospital");
	assert_string_equal(vocab_column(A, "Джерело", strlen("Джерело")), "source");
	assert_string_equal(vocab_code(K, "УҐОДА", strlen("УҐОДА")), "agreement");
}

static void test_guess_table(void **state)
{
	(void)state;
	enum vocab_table t = I;
	const char *inst[] = { "Наименование", "Страна", "Город", "Тип", "Аббревиатура" };
	size_t il[5];
	for (int i = 0; i < 5; i++)
		il[i] = strlen(inst[i]);
	assert_true(vocab_guess_table(inst, il, 5, &t));
	assert_int_equal(t, I);

	const char *agr[] = { "Название", "Стороны", "Вид", "Статус", "Дата подписания" };
	size_t al[5];
	for (int i = 0; i < 5; i++)
		al[i] = strlen(agr[i]);
	assert_true(vocab_guess_table(agr, al, 5, &t));
	assert_int_equal(t, A);

	const char *none[] = { "Название", "Примечание", "xyz" };
	size_t nl[3] = { strlen(none[0]), strlen(none[1]), 3 };
	assert_false(vocab_guess_table(none, nl, 3, &t));
	assert_false(vocab_guess_table(NULL, NULL, 0, &t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_tables_normalised),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_ghe_variant),
		cmocka_unit_test(test_guess_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
