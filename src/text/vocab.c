/* vocab: words partners use -> codes; header cells -> column names.
 *
 * All tables are data. Their words are written already in the folded form
 * that norm() produces (lower case, е for ё, г for ґ, single blanks);
 * test_vocab checks that every entry is. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "accord/fold.h"
#include "accord/vocab.h"

/* How a rule's pattern matches the normalised text:
 * EXACT  the whole text;
 * WORD   whole words, in sequence;
 * STEM   words in sequence, each beginning with the pattern's word;
 * PART   a part of one word (Estonian compounds: "regionaalhaigla"). */
enum how { EXACT, WORD, STEM, PART };

struct rule {
	const char *pat;
	const char *code;
	enum how how;
};

/* ---- Agreement kinds ---- */
static const struct rule kind_rules[] = {
	{ "memorand", "memorandum", STEM },
	{ "mou", "memorandum", WORD },
	{ "меморандум", "memorandum", STEM },
	{ "letter of intent", "memorandum", WORD },
	{ "протокол о намерени", "memorandum", STEM },
	{ "протокол про намір", "memorandum", STEM },
	{ "roadmap", "roadmap", STEM },
	{ "road map", "roadmap", STEM },
	{ "дорожн карт", "roadmap", STEM },
	{ "teekaart", "roadmap", PART },
	{ "action plan", "roadmap", STEM },
	{ "план мероприят", "roadmap", STEM },
	{ "план действ", "roadmap", STEM },
	{ "план заход", "roadmap", STEM },
	{ "план дій", "roadmap", STEM },
	{ "tegevuskava", "roadmap", PART },
	{ "twinning", "twinning", STEM },
	{ "побратим", "twinning", STEM },
	{ "породнен", "twinning", STEM },
	{ "программ", "programme", STEM },
	{ "програм", "programme", STEM },
	{ "program", "programme", STEM },
	{ "contract", "contract", STEM },
	{ "договор", "contract", STEM },
	{ "договір", "contract", STEM },
	{ "контракт", "contract", STEM },
	{ "agreement", "agreement", STEM },
	{ "accord", "agreement", WORD },
	{ "соглашени", "agreement", STEM },
	{ "договоренност", "agreement", STEM },
	{ "угод", "agreement", STEM },
	{ "домовленіст", "agreement", STEM },
	{ "leping", "agreement", PART },
	{ "kokkulep", "agreement", PART },
	/* partnership alone reads as twinning; with a head noun it is that */
	{ "partnership", "twinning", STEM },
	{ "партнерств", "twinning", STEM },
	{ "partnerlus", "twinning", PART },
};

/* ---- Statuses ---- */
static const struct rule status_rules[] = {
	{ "terminat", "terminated", STEM },
	{ "cancel", "terminated", STEM },
	{ "annul", "terminated", STEM },
	{ "denounc", "terminated", STEM },
	{ "rescind", "terminated", STEM },
	{ "расторгн", "terminated", STEM },
	{ "прекращ", "terminated", STEM },
	{ "денонсир", "terminated", STEM },
	{ "аннулир", "terminated", STEM },
	{ "розірван", "terminated", STEM },
	{ "припинен", "terminated", STEM },
	{ "денонсов", "terminated", STEM },
	{ "анульов", "terminated", STEM },
	{ "lõpetat", "terminated", STEM },
	{ "tühistat", "terminated", STEM },
	{ "ülesöel", "terminated", STEM },
	{ "not in force", "expired", STEM },
	{ "no longer", "expired", STEM },
	{ "не действ", "expired", STEM },
	{ "не діє", "expired", WORD },
	{ "не чинн", "expired", STEM },
	{ "ei kehti", "expired", STEM },
	{ "expir", "expired", STEM },
	{ "lapsed", "expired", WORD },
	{ "completed", "expired", WORD },
	{ "истек", "expired", STEM },
	{ "закончил", "expired", STEM },
	{ "завершен", "expired", STEM },
	{ "утратил", "expired", STEM },
	{ "закінчил", "expired", STEM },
	{ "закінчив", "expired", STEM },
	{ "сплив", "expired", STEM },
	{ "втрат", "expired", STEM },
	{ "aegun", "expired", STEM },
	{ "lõppenud", "expired", STEM },
	{ "in force", "in_force", STEM },
	{ "active", "in_force", WORD },
	{ "valid", "in_force", WORD },
	{ "effective", "in_force", WORD },
	{ "current", "in_force", WORD },
	{ "действ", "in_force", STEM },
	{ "в силе", "in_force", WORD },
	{ "вступил", "in_force", STEM },
	{ "діє", "in_force", WORD },
	{ "діюч", "in_force", STEM },
	{ "чинн", "in_force", STEM },
	{ "набрав", "in_force", STEM },
	{ "набула", "in_force", STEM },
	{ "kehtiv", "in_force", STEM },
	{ "kehtib", "in_force", WORD },
	{ "jõus", "in_force", WORD },
	{ "jõustu", "in_force", STEM },
	{ "signed", "signed", STEM },
	{ "подписан", "signed", STEM },
	{ "підписан", "signed", STEM },
	{ "allkirjast", "signed", STEM },
	{ "negotiat", "negotiating", STEM },
	{ "переговор", "negotiating", STEM },
	{ "на согласовани", "negotiating", STEM },
	{ "согласовани", "negotiating", STEM },
	{ "на погоджен", "negotiating", STEM },
	{ "погодження", "negotiating", WORD },
	{ "läbirääkimis", "negotiating", STEM },
	{ "draft", "draft", STEM },
	{ "проект", "draft", STEM },
	{ "проєкт", "draft", STEM },
	{ "eelnõu", "draft", STEM },
	{ "в разработке", "draft", WORD },
	{ "подготовк", "draft", STEM },
	{ "розробц", "draft", STEM },
	{ "prepar", "draft", STEM },
	{ "planned", "draft", WORD },
};

/* ---- Institution types ---- */
static const struct rule type_rules[] = {
	{ "branch", "branch", STEM },
	{ "филиал", "branch", STEM },
	{ "філі", "branch", STEM },
	{ "filiaal", "branch", PART },
	{ "представительств", "branch", STEM },
	{ "представництв", "branch", STEM },
	{ "ministr", "ministry", STEM },
	{ "министерств", "ministry", STEM },
	{ "міністерств", "ministry", STEM },
	{ "ministeerium", "ministry", PART },
	{ "минздрав", "ministry", STEM },
	{ "мз", "ministry", WORD },
	{ "моз", "ministry", WORD },
	{ "moh", "ministry", WORD },
	{ "research", "research_centre", STEM },
	{ "scientific", "research_centre", STEM },
	{ "institute", "research_centre", STEM },
	{ "institut", "research_centre", WORD },
	{ "научн", "research_centre", STEM },
	{ "науков", "research_centre", STEM },
	{ "нии", "research_centre", WORD },
	{ "нді", "research_centre", WORD },
	{ "рнпц", "research_centre", WORD },
	{ "нпц", "research_centre", WORD },
	{ "нмиц", "research_centre", WORD },
	{ "нниц", "research_centre", WORD },
	{ "институт", "research_centre", STEM },
	{ "інститут", "research_centre", STEM },
	{ "академи наук", "research_centre", STEM },
	{ "академі наук", "research_centre", STEM },
	{ "instituut", "research_centre", PART },
	{ "teaduskesk", "research_centre", PART },
	{ "uurimiskesk", "research_centre", PART },
	{ "hospital", "hospital", STEM },
	{ "clinic", "hospital", STEM },
	{ "больниц", "hospital", STEM },
	{ "госпитал", "hospital", STEM },
	{ "клиник", "hospital", STEM },
	{ "поликлиник", "hospital", STEM },
	{ "диспансер", "hospital", STEM },
	{ "санатори", "hospital", STEM },
	{ "перинатальн", "hospital", STEM },
	{ "медицинск центр", "hospital", STEM },
	{ "лікарн", "hospital", STEM },
	{ "шпитал", "hospital", STEM },
	{ "клінік", "hospital", STEM },
	{ "поліклінік", "hospital", STEM },
	{ "медичн центр", "hospital", STEM },
	{ "haigla", "hospital", PART },
	{ "kliinik", "hospital", PART },
	{ "universit", "university", STEM },
	{ "университет", "university", STEM },
	{ "університет", "university", STEM },
	{ "академи", "university", STEM },
	{ "академі", "university", STEM },
	{ "academy", "university", STEM },
	{ "ülikool", "university", PART },
	{ "akadeemia", "university", PART },
	{ "college", "college", STEM },
	{ "колледж", "college", STEM },
	{ "коледж", "college", STEM },
	{ "училищ", "college", STEM },
	{ "техникум", "college", STEM },
	{ "технікум", "college", STEM },
	{ "kõrgkool", "college", PART },
	{ "kolledž", "college", PART },
	{ "kutsekool", "college", PART },
	{ "agency", "agency", STEM },
	{ "authority", "agency", STEM },
	{ "inspectorate", "agency", STEM },
	{ "агентств", "agency", STEM },
	{ "агенц", "agency", STEM },
	{ "служб", "agency", STEM },
	{ "инспекци", "agency", STEM },
	{ "інспекці", "agency", STEM },
	{ "управлени", "agency", STEM },
	{ "управлін", "agency", STEM },
	{ "департамент", "agency", STEM },
	{ "фонд", "agency", STEM },
	{ "fund", "agency", WORD },
	{ "amet", "agency", PART },
	{ "kassa", "agency", PART },
	{ "cluster", "cluster", STEM },
	{ "кластер", "cluster", STEM },
	{ "klaster", "cluster", PART },
	{ "консорциум", "cluster", STEM },
	{ "консорціум", "cluster", STEM },
	{ "consortium", "cluster", STEM },
	{ "other", "other", WORD },
	{ "другое", "other", WORD },
	{ "прочее", "other", WORD },
	{ "прочие", "other", WORD },
	{ "інше", "other", WORD },
	{ "інші", "other", WORD },
	{ "muu", "other", WORD },
	{ "ngo", "other", WORD },
	{ "association", "other", STEM },
	{ "ассоциаци", "other", STEM },
	{ "асоціаці", "other", STEM },
	{ "общественн организац", "other", STEM },
	{ "громадськ организац", "other", STEM },
	{ "громадськ організац", "other", STEM },
	{ "mtü", "other", WORD },
	{ "ühing", "other", PART },
};

static const char *const kind_codes[] = {
	"memorandum", "agreement", "contract", "twinning", "programme", "roadmap", NULL,
};
static const char *const status_codes[] = {
	"draft", "negotiating", "signed", "in_force", "expired", "terminated", NULL,
};
static const char *const type_codes[] = {
	"ministry", "hospital", "research_centre", "university", "college", "branch",
	"agency", "cluster", "other", NULL,
};

static const struct {
	const struct rule *rules;
	size_t n;
	const char *const *codes;
} vocabs[] = {
	[VOCAB_AGREEMENT_KIND] = { kind_rules, sizeof kind_rules / sizeof kind_rules[0], kind_codes },
	[VOCAB_STATUS] = { status_rules, sizeof status_rules / sizeof status_rules[0], status_codes },
	[VOCAB_INSTITUTION_TYPE] = { type_rules, sizeof type_rules / sizeof type_rules[0], type_codes },
};

/* ---- Header names ---- */

#define T_I 1u   /* institutions */
#define T_A 2u   /* agreements */

struct header {
	const char *name;   /* normalised */
	unsigned tables;
	const char *column;
};

static const struct header headers[] = {
	/* institutions */
	{ "name", T_I, "name" }, { "names", T_I, "name" }, { "institution", T_I, "name" },
	{ "institution name", T_I, "name" }, { "organisation", T_I, "name" },
	{ "organization", T_I, "name" }, { "organisation name", T_I, "name" },
	{ "organization name", T_I, "name" }, { "full name", T_I, "name" },
	{ "наименование", T_I, "name" }, { "название", T_I, "name" },
	{ "наименование учреждения", T_I, "name" }, { "название учреждения", T_I, "name" },
	{ "наименование организации", T_I, "name" }, { "название организации", T_I, "name" },
	{ "полное наименование", T_I, "name" }, { "учреждение", T_I, "name" },
	{ "организация", T_I, "name" }, { "назва", T_I, "name" }, { "назва установи", T_I, "name" },
	{ "назва закладу", T_I, "name" }, { "назва організації", T_I, "name" },
	{ "найменування", T_I, "name" }, { "повна назва", T_I, "name" }, { "установа", T_I, "name" },
	{ "заклад", T_I, "name" }, { "організація", T_I, "name" }, { "nimi", T_I, "name" },
	{ "nimetus", T_I, "name" }, { "asutus", T_I, "name" }, { "asutuse nimi", T_I, "name" },
	{ "organisatsioon", T_I, "name" },
	/* plurals, as a sheet's column heads often are */
	{ "institutions", T_I, "name" }, { "organisations", T_I, "name" }, { "organizations", T_I, "name" },
	{ "наименования", T_I, "name" }, { "названия", T_I, "name" }, { "учреждения", T_I, "name" },
	{ "организации", T_I, "name" }, { "назви", T_I, "name" }, { "установи", T_I, "name" },
	{ "заклади", T_I, "name" }, { "організації", T_I, "name" }, { "asutused", T_I, "name" },

	{ "country", T_I, "country" }, { "countries", T_I, "country" },
	{ "country code", T_I, "country" }, { "country name", T_I, "country" },
	{ "страна", T_I, "country" }, { "код страны", T_I, "country" },
	{ "государство", T_I, "country" }, { "країна", T_I, "country" },
	{ "код країни", T_I, "country" }, { "держава", T_I, "country" },
	{ "riik", T_I, "country" }, { "riigi kood", T_I, "country" }, { "riigikood", T_I, "country" },
	{ "страны", T_I, "country" }, { "государства", T_I, "country" }, { "країни", T_I, "country" },
	{ "держави", T_I, "country" }, { "riigid", T_I, "country" },

	{ "city", T_I, "city" }, { "town", T_I, "city" }, { "город", T_I, "city" },
	{ "населенный пункт", T_I, "city" }, { "місто", T_I, "city" },
	{ "населений пункт", T_I, "city" }, { "linn", T_I, "city" }, { "asula", T_I, "city" },
	{ "asukoht", T_I, "city" }, { "cities", T_I, "city" }, { "towns", T_I, "city" },
	{ "города", T_I, "city" }, { "населенные пункты", T_I, "city" }, { "міста", T_I, "city" },
	{ "населені пункти", T_I, "city" }, { "linnad", T_I, "city" },

	{ "region", T_I, "region" }, { "oblast", T_I, "region" }, { "province", T_I, "region" },
	{ "state", T_I, "region" }, { "регион", T_I, "region" }, { "область", T_I, "region" },
	{ "край", T_I, "region" }, { "регіон", T_I, "region" }, { "maakond", T_I, "region" },
	{ "piirkond", T_I, "region" }, { "regions", T_I, "region" }, { "регионы", T_I, "region" },
	{ "области", T_I, "region" }, { "регіони", T_I, "region" }, { "області", T_I, "region" },
	{ "maakonnad", T_I, "region" },

	{ "type", T_I, "type" }, { "institution type", T_I, "type" }, { "тип", T_I, "type" },
	{ "тип учреждения", T_I, "type" }, { "тип организации", T_I, "type" },
	{ "вид учреждения", T_I, "type" }, { "вид", T_I, "type" }, { "тип установи", T_I, "type" },
	{ "тип закладу", T_I, "type" }, { "тип організації", T_I, "type" }, { "tüüp", T_I, "type" },
	{ "asutuse tüüp", T_I, "type" }, { "liik", T_I, "type" }, { "types", T_I, "type" },
	{ "типы", T_I, "type" }, { "типи", T_I, "type" },

	{ "acronym", T_I, "acronym" }, { "abbreviation", T_I, "acronym" },
	{ "abbr", T_I, "acronym" }, { "short name", T_I, "acronym" },
	{ "аббревиатура", T_I, "acronym" }, { "сокращение", T_I, "acronym" },
	{ "сокращенное наименование", T_I, "acronym" }, { "краткое наименование", T_I, "acronym" },
	{ "абревіатура", T_I, "acronym" }, { "скорочення", T_I, "acronym" },
	{ "скорочена назва", T_I, "acronym" }, { "lühend", T_I, "acronym" },
	{ "lühinimi", T_I, "acronym" }, { "acronyms", T_I, "acronym" },
	{ "abbreviations", T_I, "acronym" }, { "аббревиатуры", T_I, "acronym" },
	{ "абревіатури", T_I, "acronym" }, { "lühendid", T_I, "acronym" },

	{ "parent", T_I, "parent" }, { "parent institution", T_I, "parent" },
	{ "parent organisation", T_I, "parent" }, { "parent organization", T_I, "parent" },
	{ "головная организация", T_I, "parent" }, { "головное учреждение", T_I, "parent" },
	{ "вышестоящая организация", T_I, "parent" }, { "материнская организация", T_I, "parent" },
	{ "материнська установа", T_I, "parent" }, { "материнська організація", T_I, "parent" },
	{ "головна установа", T_I, "parent" }, { "головна організація", T_I, "parent" },
	{ "emaasutus", T_I, "parent" }, { "emaorganisatsioon", T_I, "parent" },

	{ "name en", T_I, "name_en" }, { "english name", T_I, "name_en" },
	{ "name in english", T_I, "name_en" }, { "name english", T_I, "name_en" },
	{ "название на английском", T_I, "name_en" },
	{ "наименование на английском", T_I, "name_en" },
	{ "наименование на английском языке", T_I, "name_en" },
	{ "название на английском языке", T_I, "name_en" },
	{ "назва англійською", T_I, "name_en" }, { "назва англійською мовою", T_I, "name_en" },
	{ "nimi inglise keeles", T_I, "name_en" }, { "ingliskeelne nimi", T_I, "name_en" },

	{ "website", T_I, "website" }, { "web site", T_I, "website" }, { "web", T_I, "website" },
	{ "url", T_I, "website" }, { "site", T_I, "website" }, { "homepage", T_I, "website" },
	{ "www", T_I, "website" }, { "сайт", T_I, "website" }, { "веб сайт", T_I, "website" },
	{ "вебсайт", T_I, "website" }, { "интернет сайт", T_I, "website" },
	{ "адрес сайта", T_I, "website" }, { "інтернет сайт", T_I, "website" },
	{ "koduleht", T_I, "website" }, { "kodulehekülg", T_I, "website" },
	{ "veebileht", T_I, "website" }, { "veebisait", T_I, "website" },

	/* agreements */
	{ "title", T_A, "title" }, { "name", T_A, "title" }, { "agreement", T_A, "title" },
	{ "agreement title", T_A, "title" }, { "document", T_A, "title" },
	{ "название", T_A, "title" }, { "наименование", T_A, "title" },
	{ "название соглашения", T_A, "title" }, { "наименование соглашения", T_A, "title" },
	{ "название документа", T_A, "title" }, { "наименование документа", T_A, "title" },
	{ "документ", T_A, "title" }, { "соглашение", T_A, "title" }, { "назва", T_A, "title" },
	{ "назва угоди", T_A, "title" }, { "назва документа", T_A, "title" },
	{ "угода", T_A, "title" }, { "pealkiri", T_A, "title" }, { "nimetus", T_A, "title" },
	{ "dokument", T_A, "title" }, { "lepingu nimetus", T_A, "title" },
	{ "lepingu pealkiri", T_A, "title" }, { "titles", T_A, "title" }, { "agreements", T_A, "title" },
	{ "названия", T_A, "title" }, { "наименования", T_A, "title" }, { "соглашения", T_A, "title" },
	{ "назви", T_A, "title" }, { "угоди", T_A, "title" }, { "lepingud", T_A, "title" },

	{ "parties", T_A, "parties" }, { "party", T_A, "parties" }, { "partners", T_A, "parties" },
	{ "partner", T_A, "parties" }, { "partner s", T_A, "parties" }, { "party ies", T_A, "parties" },
	{ "стороны", T_A, "parties" }, { "сторона", T_A, "parties" },
	{ "стороны соглашения", T_A, "parties" }, { "участники", T_A, "parties" },
	{ "партнеры", T_A, "parties" }, { "партнер", T_A, "parties" }, { "сторони", T_A, "parties" },
	{ "сторони угоди", T_A, "parties" }, { "учасники", T_A, "parties" },
	{ "партнери", T_A, "parties" }, { "osapooled", T_A, "parties" },
	{ "osapool", T_A, "parties" }, { "pooled", T_A, "parties" }, { "partnerid", T_A, "parties" },

	{ "kind", T_A, "kind" }, { "type", T_A, "kind" }, { "agreement type", T_A, "kind" },
	{ "document type", T_A, "kind" }, { "вид", T_A, "kind" }, { "тип", T_A, "kind" },
	{ "вид соглашения", T_A, "kind" }, { "тип соглашения", T_A, "kind" },
	{ "вид документа", T_A, "kind" }, { "тип документа", T_A, "kind" },
	{ "вид угоди", T_A, "kind" }, { "тип угоди", T_A, "kind" }, { "liik", T_A, "kind" },
	{ "tüüp", T_A, "kind" }, { "dokumendi liik", T_A, "kind" }, { "lepingu liik", T_A, "kind" },

	{ "status", T_A, "status" }, { "state", T_A, "status" }, { "статус", T_A, "status" },
	{ "состояние", T_A, "status" }, { "стан", T_A, "status" }, { "staatus", T_A, "status" },
	{ "olek", T_A, "status" }, { "statuses", T_A, "status" }, { "статусы", T_A, "status" },
	{ "статуси", T_A, "status" },

	{ "signed", T_A, "signed" }, { "date signed", T_A, "signed" },
	{ "signing date", T_A, "signed" }, { "date of signing", T_A, "signed" },
	{ "signature date", T_A, "signed" }, { "signed on", T_A, "signed" }, { "date", T_A, "signed" },
	{ "дата подписания", T_A, "signed" }, { "подписания", T_A, "signed" },
	{ "подписано", T_A, "signed" }, { "подписан", T_A, "signed" }, { "дата", T_A, "signed" },
	{ "дата подписи", T_A, "signed" }, { "дата підписання", T_A, "signed" },
	{ "підписання", T_A, "signed" }, { "підписано", T_A, "signed" },
	{ "allkirjastatud", T_A, "signed" }, { "allkirjastamise kuupäev", T_A, "signed" },
	{ "allkirjastamise aeg", T_A, "signed" }, { "kuupäev", T_A, "signed" },

	{ "valid from", T_A, "valid_from" }, { "effective from", T_A, "valid_from" },
	{ "in force from", T_A, "valid_from" }, { "start", T_A, "valid_from" },
	{ "start date", T_A, "valid_from" }, { "from", T_A, "valid_from" },
	{ "действует с", T_A, "valid_from" }, { "дата вступления в силу", T_A, "valid_from" },
	{ "вступление в силу", T_A, "valid_from" }, { "вступило в силу", T_A, "valid_from" },
	{ "начало действия", T_A, "valid_from" }, { "дата начала", T_A, "valid_from" },
	{ "дата начала действия", T_A, "valid_from" }, { "діє з", T_A, "valid_from" },
	{ "дата набрання чинності", T_A, "valid_from" }, { "набрання чинності", T_A, "valid_from" },
	{ "початок дії", T_A, "valid_from" }, { "дата початку", T_A, "valid_from" },
	{ "kehtib alates", T_A, "valid_from" }, { "kehtiv alates", T_A, "valid_from" },
	{ "alates", T_A, "valid_from" }, { "jõustumine", T_A, "valid_from" },
	{ "jõustumise kuupäev", T_A, "valid_from" },

	{ "valid until", T_A, "valid_until" }, { "valid to", T_A, "valid_until" },
	{ "valid till", T_A, "valid_until" }, { "expires", T_A, "valid_until" },
	{ "expiry", T_A, "valid_until" }, { "expiry date", T_A, "valid_until" },
	{ "expiration date", T_A, "valid_until" }, { "end", T_A, "valid_until" },
	{ "end date", T_A, "valid_until" }, { "until", T_A, "valid_until" }, { "to", T_A, "valid_until" },
	{ "действует до", T_A, "valid_until" }, { "действует по", T_A, "valid_until" },
	{ "срок действия", T_A, "valid_until" }, { "срок действия до", T_A, "valid_until" },
	{ "дата окончания", T_A, "valid_until" }, { "окончание действия", T_A, "valid_until" },
	{ "дата окончания действия", T_A, "valid_until" }, { "діє до", T_A, "valid_until" },
	{ "дата закінчення", T_A, "valid_until" }, { "закінчення дії", T_A, "valid_until" },
	{ "термін дії", T_A, "valid_until" }, { "термін дії до", T_A, "valid_until" },
	{ "kehtib kuni", T_A, "valid_until" }, { "kehtiv kuni", T_A, "valid_until" },
	{ "kuni", T_A, "valid_until" }, { "lõppkuupäev", T_A, "valid_until" },
	{ "kehtivuse lõpp", T_A, "valid_until" },

	{ "areas", T_A, "areas" }, { "area", T_A, "areas" }, { "fields", T_A, "areas" },
	{ "field", T_A, "areas" }, { "topics", T_A, "areas" }, { "areas of cooperation", T_A, "areas" },
	{ "направления", T_A, "areas" }, { "направление", T_A, "areas" },
	{ "направления сотрудничества", T_A, "areas" }, { "области", T_A, "areas" },
	{ "области сотрудничества", T_A, "areas" }, { "сферы", T_A, "areas" },
	{ "сфера", T_A, "areas" }, { "напрями", T_A, "areas" }, { "напрям", T_A, "areas" },
	{ "напрямки", T_A, "areas" }, { "напрями співпраці", T_A, "areas" },
	{ "галузі", T_A, "areas" }, { "сфери", T_A, "areas" }, { "valdkonnad", T_A, "areas" },
	{ "valdkond", T_A, "areas" }, { "koostöövaldkonnad", T_A, "areas" },

	{ "place", T_A, "place" }, { "place of signing", T_A, "place" },
	{ "signing place", T_A, "place" }, { "venue", T_A, "place" }, { "location", T_A, "place" },
	{ "место", T_A, "place" }, { "место подписания", T_A, "place" },
	{ "город", T_A, "place" }, { "місце", T_A, "place" }, { "місце підписання", T_A, "place" },
	{ "місто", T_A, "place" }, { "koht", T_A, "place" },
	{ "allkirjastamise koht", T_A, "place" }, { "asukoht", T_A, "place" },

	{ "source", T_A, "source" }, { "sources", T_A, "source" }, { "link", T_A, "source" },
	{ "url", T_A, "source" }, { "reference", T_A, "source" }, { "источник", T_A, "source" },
	{ "источники", T_A, "source" }, { "ссылка", T_A, "source" }, { "джерело", T_A, "source" },
	{ "джерела", T_A, "source" }, { "посилання", T_A, "source" }, { "allikas", T_A, "source" },
	{ "allikad", T_A, "source" }, { "viide", T_A, "source" },

	/* both */
	{ "notes", T_I | T_A, "notes" }, { "note", T_I | T_A, "notes" },
	{ "comment", T_I | T_A, "notes" }, { "comments", T_I | T_A, "notes" },
	{ "remarks", T_I | T_A, "notes" }, { "примечание", T_I | T_A, "notes" },
	{ "примечания", T_I | T_A, "notes" }, { "комментарий", T_I | T_A, "notes" },
	{ "комментарии", T_I | T_A, "notes" }, { "примітки", T_I | T_A, "notes" },
	{ "примітка", T_I | T_A, "notes" }, { "коментар", T_I | T_A, "notes" },
	{ "коментарі", T_I | T_A, "notes" }, { "märkused", T_I | T_A, "notes" },
	{ "märkus", T_I | T_A, "notes" }, { "kommentaar", T_I | T_A, "notes" },
	{ "kommentaarid", T_I | T_A, "notes" }, { "lisainfo", T_I | T_A, "notes" },
};

static const char *const inst_columns[] = {
	"name", "country", "city", "region", "type", "acronym", "parent", "name_en",
	"website", "notes", NULL,
};
static const char *const agr_columns[] = {
	"title", "parties", "kind", "status", "signed", "valid_from", "valid_until",
	"areas", "place", "source", "notes", NULL,
};

/* ---- Normalisation and matching ---- */

/* fold_key, then: ґ→г; letters, digits and apostrophes kept; everything
 * else (dashes, dots, brackets, quotes, '_', '/') a blank; blanks single,
 * trimmed. With cut_note, text from the first '(' or '[' on is dropped. */
static char *norm(const char *s, size_t len, bool cut_note)
{
	char *k = fold_key(s, len);
	if (!k)
		return NULL;
	size_t n = strlen(k), o = 0;
	bool blank = false;
	const uint8_t *p = (const uint8_t *)k, *end = p + n;
	while (p < end) {
		ucs4_t c;
		int l = u8_mbtouc(&c, p, (size_t)(end - p));
		if (cut_note && (c == '(' || c == '['))
			break;
		if (c == 0x491)
			c = 0x433;   /* ґ → г */
		if (c == '\'' || uc_is_alpha(c) || uc_is_digit(c)
		    || uc_is_general_category(c, UC_CATEGORY_M)) {
			if (blank && o > 0)
				k[o++] = ' ';
			blank = false;
			/* same length or shorter, so writing in place is safe */
			o += (size_t)u8_uctomb((uint8_t *)k + o, c, (int)(n - o));
		} else {
			blank = true;
		}
		p += l;
	}
	k[o] = '\0';
	return k;
}

/* Does word w (length wl) match pattern word pw (length pl)? */
static bool word_match(const char *w, size_t wl, const char *pw, size_t pl, enum how how)
{
	switch (how) {
	case WORD:
	case EXACT:
		return wl == pl && !memcmp(w, pw, pl);
	case STEM:
		return wl >= pl && !memcmp(w, pw, pl);
	case PART:
		for (size_t i = 0; i + pl <= wl; i++)
			if (!memcmp(w + i, pw, pl))
				return true;
		return false;
	}
	return false;
}

/* Does the pattern (words separated by single blanks) occur in text at
 * word boundaries? */
static bool rule_match(const char *text, const char *pat, enum how how)
{
	if (how == EXACT)
		return !strcmp(text, pat);
	for (const char *start = text; *start; ) {
		const char *t = start, *pp = pat;
		bool ok = true;
		while (*pp) {
			const char *te = strchr(t, ' '), *pe = strchr(pp, ' ');
			size_t tl = te ? (size_t)(te - t) : strlen(t);
			size_t pl = pe ? (size_t)(pe - pp) : strlen(pp);
			if (!*t || !word_match(t, tl, pp, pl, how)) {
				ok = false;
				break;
			}
			t += tl + (te ? 1 : 0);
			pp += pl + (pe ? 1 : 0);
		}
		if (ok)
			return true;
		const char *next = strchr(start, ' ');
		if (!next)
			break;
		start = next + 1;
	}
	return false;
}

const char *const *vocab_codes(enum vocab_kind v)
{
	return vocabs[v].codes;
}

bool vocab_is_code(enum vocab_kind v, const char *s, size_t len)
{
	for (const char *const *c = vocabs[v].codes; *c; c++)
		if (strlen(*c) == len && !memcmp(*c, s, len))
			return true;
	return false;
}

const char *vocab_code(enum vocab_kind v, const char *s, size_t len)
{
	/* fast path: exported files and most data hold the codes themselves */
	for (const char *const *c = vocabs[v].codes; *c; c++)
		if (strlen(*c) == len && !memcmp(*c, s, len))
			return *c;
	char *k = norm(s, len, false);
	if (!k)
		return NULL;
	const char *found = NULL;
	/* a code, as written or with blanks for '_' ("in force") */
	for (const char *const *c = vocabs[v].codes; *c && !found; c++) {
		size_t cl = strlen(*c);
		if (strlen(k) != cl)
			continue;
		size_t i = 0;
		while (i < cl && (k[i] == (*c)[i] || (k[i] == ' ' && (*c)[i] == '_')))
			i++;
		if (i == cl)
			found = *c;
	}
	/* then the whole text as one of the words, then the rules in order */
	for (size_t i = 0; i < vocabs[v].n && !found && *k; i++)
		if (!strcmp(k, vocabs[v].rules[i].pat))
			found = vocabs[v].rules[i].code;
	for (size_t i = 0; i < vocabs[v].n && !found && *k; i++)
		if (rule_match(k, vocabs[v].rules[i].pat, vocabs[v].rules[i].how))
			found = vocabs[v].rules[i].code;
	free(k);
	return found;
}

static const char *lookup_header(unsigned mask, const char *k)
{
	for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
		if ((headers[i].tables & mask) && !strcmp(k, headers[i].name))
			return headers[i].column;
	/* the canonical names themselves, '_' written as a blank by norm() */
	const char *const *cols = mask == T_I ? inst_columns : agr_columns;
	for (; *cols; cols++) {
		size_t cl = strlen(*cols), i = 0;
		if (strlen(k) != cl)
			continue;
		while (i < cl && (k[i] == (*cols)[i] || (k[i] == ' ' && (*cols)[i] == '_')))
			i++;
		if (i == cl)
			return *cols;
	}
	return NULL;
}

const char *vocab_column(enum vocab_table t, const char *cell, size_t len)
{
	unsigned mask = t == VOCAB_INSTITUTIONS ? T_I : T_A;
	const char *col = NULL;
	char *k = norm(cell, len, false);
	if (k && *k)
		col = lookup_header(mask, k);
	free(k);
	if (!col) {
		/* "Дата подписания (ДД.ММ.ГГГГ)", "Country [ISO]" */
		k = norm(cell, len, true);
		if (k && *k)
			col = lookup_header(mask, k);
		free(k);
	}
	return col;
}

const char *const *vocab_columns(enum vocab_table t)
{
	return t == VOCAB_INSTITUTIONS ? inst_columns : agr_columns;
}

static bool in_list(const char *col, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(col, *list))
			return true;
	return false;
}

bool vocab_guess_table(const char *const *cells, const size_t *lens, size_t n,
                       enum vocab_table *t)
{
	int inst = 0, agr = 0;
	for (size_t i = 0; i < n; i++) {
		const char *ci = vocab_column(VOCAB_INSTITUTIONS, cells[i], lens[i]);
		const char *ca = vocab_column(VOCAB_AGREEMENTS, cells[i], lens[i]);
		/* a column counts for a table only if the other has no such column */
		if (ci && !in_list(ci, agr_columns))
			inst++;
		if (ca && !in_list(ca, inst_columns))
			agr++;
	}
	if (inst == agr)
		return false;
	*t = inst > agr ? VOCAB_INSTITUTIONS : VOCAB_AGREEMENTS;
	return true;
}

static bool normal(const char *w)
{
	char *k = norm(w, strlen(w), false);
	bool ok = k && !strcmp(k, w);
	free(k);
	return ok;
}

const char *vocab_check_tables(void)
{
	for (size_t v = 0; v < sizeof vocabs / sizeof vocabs[0]; v++)
		for (size_t i = 0; i < vocabs[v].n; i++)
			if (!normal(vocabs[v].rules[i].pat))
				return vocabs[v].rules[i].pat;
	for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
		if (!normal(headers[i].name))
			return headers[i].name;
	return NULL;
}
