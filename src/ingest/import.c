/* Import: bytes → charset detection → UTF-8 → CSV records → validated rows
 * → store upserts. Streaming: memory does not grow with the file, except
 * for the short list of branches whose parents are linked at the end. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <accord/csv.h>
#include <accord/date.h>
#include <accord/detect.h>
#include <accord/fold.h>
#include <accord/ingest.h>
#include <accord/store.h>
#include <accord/textconv.h>
#include <accord/vocab.h>

#include "ingest_internal.h"

#define CHUNK (256 * 1024)
/* Stop reading a file after this many errors: the user has enough to fix. */
#define MAX_ERRORS_PER_FILE 100

enum ingest_type ingest_type_parse(const char *s)
{
	if (!s)
		return INGEST_GUESS;
	if (strcmp(s, "institutions") == 0 || strcmp(s, "institution") == 0)
		return INGEST_INSTITUTIONS;
	if (strcmp(s, "agreements") == 0 || strcmp(s, "agreement") == 0)
		return INGEST_AGREEMENTS;
	return INGEST_GUESS;
}

const char *ingest_type_name(enum ingest_type t)
{
	return t == INGEST_INSTITUTIONS ? "institutions" : t == INGEST_AGREEMENTS ? "agreements" : "?";
}

struct deferred_parent {
	char uuid[STORE_UUID_SIZE];
	char country[3];
	char *parent;
	long line, col;
};

struct country_memo {
	char *text;
	char code[3];
};

#define MEMO_SIZE 512   /* distinct country spellings remembered per file */
#define MAX_PREAMBLE 10   /* rows above the header passed over */
#define PARTY_SLOTS 4096  /* party names remembered per file (a hash table) */

/* A party name that resolved to exactly one institution. Only successes
 * are remembered, per file: an institution added later in the run can
 * only make a miss a hit. */
struct party_memo {
	char *text;
	struct store_ref ref;
};

struct importer {
	struct store *st;
	const char *file;
	struct diag *d;
	const struct ingest_options *o;
	struct ingest_stats *stats;
	enum ingest_type type;
	int col[ICOL_COUNT];          /* field index of each column, -1 absent */
	bool header_done;
	int preamble;                 /* title or blank rows before the header */
	size_t header_width;          /* cells in the header, trailing empty ones excluded */
	long rec_line;                /* where the current record starts */
	int suggested;                /* unknown names given suggestions */
	size_t errors_at_start;
	struct deferred_parent *parents;
	size_t n_parents, cap_parents;
	struct country_memo memo[MEMO_SIZE];
	size_t n_memo;
	struct party_memo *party;     /* PARTY_SLOTS entries, or NULL */
	/* Fields of the current row, cleaned (trimmed, CRLF → LF), owned. */
	char *val[ICOL_COUNT];
	long line[ICOL_COUNT], colno[ICOL_COUNT];
	long bytes_done, bytes_total;
};

static bool too_many_errors(const struct importer *im)
{
	return im->d->errors - im->errors_at_start >= MAX_ERRORS_PER_FILE;
}

/* A field as stored: blanks trimmed, CRLF and lone CR made LF. NULL when
 * empty. *bad is the 1-based character position of a control character
 * that is neither TAB nor LF, 0 if none. */
static char *clean_field(const char *s, size_t len, long *bad)
{
	*bad = 0;
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (!len)
		return NULL;
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	long chars = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xc0) != 0x80)
			chars++;
		if (c == '\r') {
			out[o++] = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
			continue;
		}
		bool c1 = c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		          (unsigned char)s[i + 1] < 0xa0;
		if (((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f || c1) && !*bad)
			*bad = chars;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

static void clear_row(struct importer *im)
{
	for (int i = 0; i < ICOL_COUNT; i++) {
		free(im->val[i]);
		im->val[i] = NULL;
	}
}

static int on_header(struct importer *im, const struct csv_record *rec)
{
	for (int i = 0; i < ICOL_COUNT; i++)
		im->col[i] = -1;
	im->header_width = rec->n;
	while (im->header_width > 0 && rec->fields[im->header_width - 1].len == 0)
		im->header_width--;
	/* Cleaned cells: trimmed, so that " Страна " is Страна. */
	char **cells = calloc(rec->n, sizeof *cells);
	size_t *lens = calloc(rec->n, sizeof *lens);
	if (!cells || !lens) {
		free(cells);
		free(lens);
		diag_error(im->d, im->file, rec->line, 0, "out of memory");
		return -1;
	}
	int rc = 0;
	for (size_t f = 0; f < rec->n; f++) {
		long bad;
		cells[f] = clean_field(rec->fields[f].s, rec->fields[f].len, &bad);
		lens[f] = cells[f] ? strlen(cells[f]) : 0;
		if (bad) {
			diag_error(im->d, im->file, rec->line, (long)f + 1,
			           "control character in a column name at position %ld", bad);
			rc = -1;
		}
	}
	if (rc)
		goto out;
	if (im->type == INGEST_GUESS &&
	    !ingest_guess_type((const char *const *)cells, lens, rec->n, &im->type)) {
		diag_error(im->d, im->file, rec->line, 0,
		           "no recognisable header: institutions need a 'name' and a 'country' column,"
		           " agreements a 'title' and a 'parties' column (in English, Russian, Ukrainian"
		           " or Estonian); or give --type");
		rc = -1;
		goto out;
	}
	for (size_t f = 0; f < rec->n; f++) {
		if (!cells[f])
			continue;
		enum ingest_col c = ingest_column(im->type, cells[f]);
		if (c == ICOL_UNKNOWN)
			diag_warn(im->d, im->file, rec->line, (long)f + 1, "unknown column '%s' ignored", cells[f]);
		else if (im->col[c] >= 0)
			diag_warn(im->d, im->file, rec->line, (long)f + 1,
			          "column '%s' appears twice; the first one is used", cells[f]);
		else
			im->col[c] = (int)f;
	}
	enum ingest_col key = im->type == INGEST_INSTITUTIONS ? ICOL_NAME : ICOL_TITLE;
	if (im->col[key] < 0) {
		diag_error(im->d, im->file, rec->line, 0, "no '%s' column: it is needed to import %s",
		           ingest_column_name(key), ingest_type_name(im->type));
		rc = -1;
	} else if (im->type == INGEST_INSTITUTIONS && im->col[ICOL_COUNTRY] < 0) {
		diag_error(im->d, im->file, rec->line, 0, "no 'country' column: every institution needs one");
		rc = -1;
	} else if (im->type == INGEST_AGREEMENTS && im->col[ICOL_PARTIES] < 0) {
		diag_error(im->d, im->file, rec->line, 0, "no 'parties' column: every agreement needs its parties");
		rc = -1;
	}
out:
	for (size_t f = 0; f < rec->n; f++)
		free(cells[f]);
	free(cells);
	free(lens);
	return rc;
}

/* Take the row's fields into im->val; report control characters. */
static int take_fields(struct importer *im, const struct csv_record *rec)
{
	int rc = 0;
	for (int c = 0; c < ICOL_COUNT; c++) {
		int f = im->col[c];
		if (f < 0 || (size_t)f >= rec->n || !ingest_column_of(im->type, (enum ingest_col)c))
			continue;
		long bad;
		im->val[c] = clean_field(rec->fields[f].s, rec->fields[f].len, &bad);
		im->line[c] = rec->fields[f].line;
		im->colno[c] = f + 1;
		if (bad) {
			diag_error(im->d, im->file, rec->fields[f].line, f + 1,
			           "%s: control character at position %ld; remove it from the cell",
			           ingest_column_name((enum ingest_col)c), bad);
			rc = -1;
		}
	}
	return rc;
}

/* Country of the current row, remembered per spelling. */
static int resolve_country(struct importer *im, char code[3])
{
	const char *text = im->val[ICOL_COUNTRY];
	if (!text) {
		diag_error(im->d, im->file, im->rec_line, im->col[ICOL_COUNTRY] + 1,
		           "country is empty: every institution needs one (name or ISO code)");
		return -1;
	}
	for (size_t i = 0; i < im->n_memo; i++)
		if (strcmp(im->memo[i].text, text) == 0) {
			memcpy(code, im->memo[i].code, 3);
			return code[0] ? 0 : -1;
		}
	char *err = NULL;
	int rc = store_country_resolve(im->st, text, code, &err);
	if (rc < 0) {
		diag_error(im->d, im->file, 0, 0, "%s", err ? err : "cannot resolve a country");
		free(err);
		return -1;
	}
	if (rc == 0) {
		diag_error(im->d, im->file, im->line[ICOL_COUNTRY], im->colno[ICOL_COUNTRY], "%s", err);
		code[0] = '\0';
	}
	free(err);
	if (im->n_memo < MEMO_SIZE) {
		im->memo[im->n_memo].text = strdup(text);
		memcpy(im->memo[im->n_memo].code, code, 3);
		if (im->memo[im->n_memo].text)
			im->n_memo++;
	}
	return rc == 1 ? 0 : -1;
}

static void count(struct importer *im, enum store_change chg)
{
	if (chg == STORE_ADDED)
		im->stats->added++;
	else if (chg == STORE_UPDATED)
		im->stats->updated++;
	else
		im->stats->unchanged++;
}

/* A controlled word (type, kind, status): the code for a known word, else
 * kept as written with a warning so that it can be mapped later. */
static char *vocab_value(struct importer *im, enum ingest_col c, enum vocab_kind list)
{
	char *v = im->val[c];
	if (!v)
		return NULL;
	const char *code = vocab_code(list, v, strlen(v));
	if (code)
		return strdup(code);
	diag_warn(im->d, im->file, im->line[c], im->colno[c],
	          "%s '%s' is not a known word; kept as written", ingest_column_name(c), v);
	return strdup(v);
}

/* Move a field's value out of the row (the record owns it then). */
static char *take(struct importer *im, enum ingest_col c)
{
	char *v = im->val[c];
	im->val[c] = NULL;
	return v;
}

/* Resolve an institution reference without reporting: 1 and ref filled
 * when exactly one matches (preferring country), else 0. */
static int try_institution(struct importer *im, const char *text, const char *country,
                           struct store_ref *ref)
{
	struct store_ref found[2];
	int n = store_institution_find(im->st, text, NULL, found, 2, NULL);
	if (n > 1) {
		store_refs_free(found, 2);
		n = store_institution_find(im->st, text, country, found, 2, NULL);
	}
	if (n == 1) {
		*ref = found[0];
		return 1;
	}
	if (n > 0)
		store_refs_free(found, 2 < n ? 2 : (size_t)n);
	return 0;
}

static bool defer_parent(struct importer *im, const struct store_institution *r)
{
	if (im->n_parents == im->cap_parents) {
		size_t cap = im->cap_parents ? im->cap_parents * 2 : 64;
		void *v = realloc(im->parents, cap * sizeof *im->parents);
		if (!v) {
			diag_error(im->d, im->file, 0, 0, "out of memory");
			return false;
		}
		im->parents = v;
		im->cap_parents = cap;
	}
	struct deferred_parent *p = &im->parents[im->n_parents++];
	memcpy(p->uuid, r->uuid, sizeof p->uuid);
	memcpy(p->country, r->country, sizeof p->country);
	p->line = im->line[ICOL_PARENT];
	p->col = im->colno[ICOL_PARENT];
	p->parent = take(im, ICOL_PARENT);
	return true;
}

static int row_institution(struct importer *im)
{
	struct store_institution r = { 0 };
	if (!im->val[ICOL_NAME]) {
		diag_error(im->d, im->file, im->rec_line, im->col[ICOL_NAME] + 1, "name is empty");
		return -1;
	}
	if (resolve_country(im, r.country) != 0)
		return -1;
	/* A column the file lacks keeps what the registry has. */
	static const struct { enum ingest_col col; unsigned bit; } keep[] = {
		{ ICOL_NAME_EN, STORE_KEEP_NAME_EN }, { ICOL_ACRONYM, STORE_KEEP_ACRONYM },
		{ ICOL_REGION, STORE_KEEP_REGION }, { ICOL_CITY, STORE_KEEP_CITY },
		{ ICOL_TYPE, STORE_KEEP_TYPE }, { ICOL_PARENT, STORE_KEEP_PARENT },
		{ ICOL_WEBSITE, STORE_KEEP_WEBSITE }, { ICOL_NOTES, STORE_KEEP_NOTES },
	};
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
		if (im->col[keep[i].col] < 0)
			r.keep |= keep[i].bit;
	bool later = false;
	if (im->val[ICOL_PARENT]) {
		struct store_ref ref;
		if (try_institution(im, im->val[ICOL_PARENT], r.country, &ref)) {
			memcpy(r.parent, ref.uuid, sizeof r.parent);
			store_refs_free(&ref, 1);
		} else {
			r.keep |= STORE_KEEP_PARENT;  /* linked at the end, when all rows are in */
			later = true;
		}
	}
	r.type = vocab_value(im, ICOL_TYPE, VOCAB_INSTITUTION_TYPE);
	r.name = take(im, ICOL_NAME);
	r.name_en = take(im, ICOL_NAME_EN);
	r.acronym = take(im, ICOL_ACRONYM);
	r.region = take(im, ICOL_REGION);
	r.city = take(im, ICOL_CITY);
	r.website = take(im, ICOL_WEBSITE);
	r.notes = take(im, ICOL_NOTES);
	char *err = NULL;
	enum store_change chg;
	int rc = 0;
	if (store_institution_upsert(im->st, &r, &chg, &err) != STORE_OK) {
		diag_error(im->d, im->file, im->line[ICOL_NAME], im->colno[ICOL_NAME], "%s", err);
		rc = -1;
	} else {
		count(im, chg);
		if (later && !defer_parent(im, &r))
			rc = -1;
	}
	free(err);
	store_institution_clear(&r);
	return rc;
}

/* Report an unknown institution with the closest existing names. */
/* Suggestions scan every institution: offered for the first few unknown
 * names of a file only. */
#define MAX_SUGGESTIONS 20

static void unknown_institution(struct importer *im, const char *what, const char *name,
                                long line, long col)
{
	char *sugg[3];
	int n = im->suggested++ < MAX_SUGGESTIONS ? store_institution_suggest(im->st, name, sugg, 3, NULL) : 0;
	if (n <= 0) {
		diag_error(im->d, im->file, line, col, "unknown %s '%s': import it as an institution first",
		           what, name);
		return;
	}
	char list[1024] = "";
	for (int i = 0; i < n; i++) {
		size_t l = strlen(list);
		snprintf(list + l, sizeof list - l, "%s'%s'", i ? ", " : "", sugg[i]);
		free(sugg[i]);
	}
	diag_error(im->d, im->file, line, col, "unknown %s '%s'; did you mean %s?", what, name, list);
}

/* Resolve one institution reference (name or acronym), preferring the
 * given country when several share the name. Returns 0 and fills ref. */
static int resolve_uncached(struct importer *im, const char *what, const char *text,
                            const char *country, long line, long col, struct store_ref *ref);

static unsigned long hash_text(const char *s)
{
	unsigned long h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void party_memo_free(struct importer *im)
{
	if (!im->party)
		return;
	for (size_t i = 0; i < PARTY_SLOTS; i++)
		if (im->party[i].text) {
			free(im->party[i].text);
			store_refs_free(&im->party[i].ref, 1);
		}
	free(im->party);
	im->party = NULL;
}

/* A copy of ref (strings duplicated), so that memo and caller own theirs. */
static int ref_copy(struct store_ref *dst, const struct store_ref *src)
{
	*dst = *src;
	dst->name = src->name ? strdup(src->name) : NULL;
	dst->acronym = src->acronym ? strdup(src->acronym) : NULL;
	dst->role = NULL;
	if ((src->name && !dst->name) || (src->acronym && !dst->acronym)) {
		store_refs_free(dst, 1);
		return -1;
	}
	return 0;
}

static int resolve_institution(struct importer *im, const char *what, const char *text,
                               const char *country, long line, long col, struct store_ref *ref)
{
	struct party_memo *slot = NULL;
	if (!country) {
		if (!im->party)
			im->party = calloc(PARTY_SLOTS, sizeof *im->party);
		if (im->party) {
			slot = &im->party[hash_text(text) % PARTY_SLOTS];
			if (slot->text && strcmp(slot->text, text) == 0)
				return ref_copy(ref, &slot->ref) == 0 ? 0 : -1;
		}
	}
	int rc = resolve_uncached(im, what, text, country, line, col, ref);
	if (rc == 0 && slot) {
		/* Replace whatever shared the slot. */
		if (slot->text) {
			free(slot->text);
			store_refs_free(&slot->ref, 1);
			slot->text = NULL;
		}
		if (ref_copy(&slot->ref, ref) == 0 && !(slot->text = strdup(text)))
			store_refs_free(&slot->ref, 1);
	}
	return rc;
}

static int resolve_uncached(struct importer *im, const char *what, const char *text,
                            const char *country, long line, long col, struct store_ref *ref)
{
	struct store_ref found[3];
	char *err = NULL;
	int n = store_institution_find(im->st, text, NULL, found, 3, &err);
	if (n < 0) {
		diag_error(im->d, im->file, line, col, "%s", err);
		free(err);
		return -1;
	}
	if (n > 1 && country) {
		store_refs_free(found, 3 < n ? 3 : (size_t)n);
		n = store_institution_find(im->st, text, country, found, 3, &err);
		if (n < 0) {
			free(err);
			return -1;
		}
	}
	if (n == 1) {
		*ref = found[0];
		return 0;
	}
	if (n == 0) {
		unknown_institution(im, what, text, line, col);
		return -1;
	}
	diag_error(im->d, im->file, line, col,
	           "%s '%s' is ambiguous: %s (%s) and %s (%s)%s; add the country, e.g. '%s [%s]'", what, text,
	           found[0].name, found[0].country, found[1].name, found[1].country, n > 2 ? " and more" : "",
	           found[0].name, found[0].country);
	store_refs_free(found, n < 3 ? (size_t)n : 3);
	return -1;
}

/* A party: a name or acronym, or "Name [CC]" / "Name (CC)" when
 * institutions of several countries share the name. */
static int resolve_party(struct importer *im, const char *text, struct store_ref *ref)
{
	long line = im->line[ICOL_PARTIES], col = im->colno[ICOL_PARTIES];
	size_t len = strlen(text);
	bool suffix = len > 5 && text[len - 5] == ' ' &&
	              ((text[len - 4] == '[' && text[len - 1] == ']') ||
	               (text[len - 4] == '(' && text[len - 1] == ')')) &&
	              text[len - 3] >= 'A' && text[len - 3] <= 'Z' && text[len - 2] >= 'A' && text[len - 2] <= 'Z';
	if (!suffix)
		return resolve_institution(im, "party", text, NULL, line, col, ref);
	/* The whole text may still be a name that ends so: try it first. */
	struct store_ref found[2];
	int n = store_institution_find(im->st, text, NULL, found, 2, NULL);
	if (n == 1) {
		*ref = found[0];
		return 0;
	}
	if (n > 0)
		store_refs_free(found, 2);
	char *name = strndup(text, len - 5);
	char code[3] = { text[len - 3], text[len - 2], '\0' };
	if (!name) {
		diag_error(im->d, im->file, line, col, "out of memory");
		return -1;
	}
	n = store_institution_find(im->st, name, code, found, 2, NULL);
	int rc = -1;
	if (n == 1) {
		*ref = found[0];
		rc = 0;
	} else if (n > 1) {
		diag_error(im->d, im->file, line, col, "party '%s' names %d institutions in %s", name, n, code);
		store_refs_free(found, 2);
	} else if (n == 0)
		diag_error(im->d, im->file, line, col, "unknown party '%s': no institution of that name in %s",
		           name, code);
	else
		diag_error(im->d, im->file, line, col, "cannot look up party '%s'", name);
	free(name);
	return rc;
}

/* Split a list field on " | ", "|" or line ends; trimmed, empties dropped.
 * Returns the count, items owned by the caller (*out). */
static size_t split_list(const char *s, char ***out)
{
	*out = NULL;
	if (!s)
		return 0;
	size_t n = 0, cap = 0;
	const char *p = s;
	while (*p) {
		size_t len = strcspn(p, "|\n");
		const char *a = p, *b = p + len;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > a) {
			if (n == cap) {
				cap = cap ? cap * 2 : 4;
				char **v = realloc(*out, cap * sizeof *v);
				if (!v)
					break;
				*out = v;
			}
			(*out)[n] = strndup(a, (size_t)(b - a));
			if ((*out)[n])
				n++;
		}
		p += len;
		if (*p)
			p++;
	}
	return n;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A date column into ISO text; NULL when empty; *bad on an error. */
static char *date_value(struct importer *im, enum ingest_col c, bool *bad)
{
	const char *v = im->val[c];
	if (!v)
		return NULL;
	char iso[DATE_ISO_SIZE], err[DATE_ERR_SIZE];
	enum date_status ds = date_parse(v, strlen(v), NULL, iso, err, sizeof err);
	if (ds == DATE_EMPTY)
		return NULL;
	if (ds != DATE_OK) {
		diag_error(im->d, im->file, im->line[c], im->colno[c], "%s '%s': %s", ingest_column_name(c), v, err);
		*bad = true;
		return NULL;
	}
	return strdup(iso);
}

static int row_agreement(struct importer *im)
{
	struct store_agreement r = { 0 };
	int rc = 0;
	bool bad = false;
	if (!im->val[ICOL_TITLE]) {
		diag_error(im->d, im->file, im->rec_line, im->col[ICOL_TITLE] + 1, "title is empty");
		return -1;
	}
	static const struct { enum ingest_col col; unsigned bit; } keep[] = {
		{ ICOL_KIND, STORE_KEEP_KIND }, { ICOL_STATUS, STORE_KEEP_STATUS },
		{ ICOL_VALID_FROM, STORE_KEEP_VALID_FROM }, { ICOL_VALID_UNTIL, STORE_KEEP_VALID_UNTIL },
		{ ICOL_PLACE, STORE_KEEP_PLACE }, { ICOL_SOURCE, STORE_KEEP_SOURCE },
		{ ICOL_NOTES, STORE_KEEP_AGR_NOTES }, { ICOL_AREAS, STORE_KEEP_AREAS },
	};
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
		if (im->col[keep[i].col] < 0)
			r.keep |= keep[i].bit;
	r.title = take(im, ICOL_TITLE);
	r.place = take(im, ICOL_PLACE);
	r.source = take(im, ICOL_SOURCE);
	r.notes = take(im, ICOL_NOTES);
	r.kind = vocab_value(im, ICOL_KIND, VOCAB_AGREEMENT_KIND);
	r.status = vocab_value(im, ICOL_STATUS, VOCAB_STATUS);
	r.signed_on = date_value(im, ICOL_SIGNED, &bad);
	r.valid_from = date_value(im, ICOL_VALID_FROM, &bad);
	r.valid_until = date_value(im, ICOL_VALID_UNTIL, &bad);
	/* Compared at the coarser precision: "2023-07" to "2023" is fine, the
	 * period 2023 ends after July began. */
	size_t common = r.valid_from && r.valid_until ? strlen(r.valid_from) : 0;
	if (r.valid_until && strlen(r.valid_until) < common)
		common = strlen(r.valid_until);
	if (common && strncmp(r.valid_until, r.valid_from, common) < 0) {
		diag_error(im->d, im->file, im->line[ICOL_VALID_UNTIL], im->colno[ICOL_VALID_UNTIL],
		           "valid until %s is before valid from %s", r.valid_until, r.valid_from);
		bad = true;
	}
	char **names = NULL;
	size_t n = split_list(im->val[ICOL_PARTIES], &names);
	if (n == 0) {
		diag_error(im->d, im->file, im->line[ICOL_TITLE], im->col[ICOL_PARTIES] + 1,
		           "no parties: name at least one institution (separate several with ' | ')");
		bad = true;
	}
	r.parties = calloc(n ? n : 1, sizeof *r.parties);
	if (!r.parties && n) {
		diag_error(im->d, im->file, im->rec_line, 0, "out of memory");
		bad = true;
	}
	for (size_t i = 0; r.parties && i < n; i++) {
		if (resolve_party(im, names[i], &r.parties[r.n_parties]) == 0)
			r.n_parties++;
		else
			bad = true;
	}
	free_list(names, n);
	r.n_areas = split_list(im->val[ICOL_AREAS], &r.areas);
	if (!bad) {
		char *err = NULL;
		enum store_change chg;
		if (store_agreement_upsert(im->st, &r, &chg, &err) != STORE_OK) {
			diag_error(im->d, im->file, im->line[ICOL_TITLE], 0, "%s", err);
			rc = -1;
		} else
			count(im, chg);
		free(err);
	} else
		rc = -1;
	store_agreement_clear(&r);
	return rc;
}

/* A row wider than the header holds data that no column would take: an
 * error, unless the extra cells are empty (Excel's trailing ";;"). A
 * shorter row just has empty cells at its end. */
static int check_width(struct importer *im, const struct csv_record *rec)
{
	for (size_t f = im->header_width; f < rec->n; f++)
		if (rec->fields[f].len) {
			diag_error(im->d, im->file, rec->fields[f].line, (long)f + 1,
			           "this row has %zu cells but the header only %zu; is a delimiter"
			           " or a quote missing?", rec->n, im->header_width);
			return -1;
		}
	return 0;
}

static int on_record(const struct csv_record *rec, void *ud)
{
	struct importer *im = ud;
	if (!im->header_done) {
		/* Excel sheets often carry a title (and blank rows) above the
		 * header: a row of at most one cell is never a header (one needs
		 * two columns), so it is passed over, with a word. */
		size_t filled = 0;
		for (size_t f = 0; f < rec->n; f++)
			filled += rec->fields[f].len > 0;
		if (filled <= 1 && im->preamble < MAX_PREAMBLE) {
			im->preamble++;
			if (filled)
				diag_warn(im->d, im->file, rec->line, 0,
				          "a line above the header (a title?) was skipped");
			return 0;
		}
		im->header_done = true;
		return on_header(im, rec) == 0 ? 0 : 1;
	}
	if (csv_record_blank(rec))
		return 0;
	im->stats->rows++;
	im->rec_line = rec->line;
	int rc = take_fields(im, rec);
	if (rc == 0 && check_width(im, rec) == 0) {
		if (im->type == INGEST_INSTITUTIONS)
			row_institution(im);
		else
			row_agreement(im);
	}
	clear_row(im);
	if (im->o->progress && (im->stats->rows & 0x3ff) == 0)
		im->o->progress(im->o->progress_ud, im->stats->rows,
		                im->bytes_total > 0 ? (double)im->bytes_done / (double)im->bytes_total : 0);
	return too_many_errors(im) ? 1 : 0;
}

/* Link branches to their parents once every institution of the run is in. */
static void link_parents(struct importer *im)
{
	for (size_t i = 0; i < im->n_parents && !too_many_errors(im); i++) {
		struct deferred_parent *p = &im->parents[i];
		struct store_ref ref;
		if (resolve_institution(im, "parent", p->parent, p->country, p->line, p->col, &ref) != 0)
			continue;
		struct store_institution r;
		char *err = NULL;
		enum store_change chg;
		if (strcmp(ref.uuid, p->uuid) == 0)
			diag_error(im->d, im->file, p->line, p->col, "an institution cannot be its own parent");
		else if (store_institution_get(im->st, p->uuid, &r, &err) == STORE_OK) {
			/* Counted with its row already. */
			memcpy(r.parent, ref.uuid, sizeof r.parent);
			if (store_institution_upsert(im->st, &r, &chg, &err) != STORE_OK)
				diag_error(im->d, im->file, p->line, p->col, "%s", err);
			store_institution_clear(&r);
		}
		free(err);
		store_refs_free(&ref, 1);
	}
}

/* Open the input; standard input is spooled to a temporary file, since
 * detection needs a first pass over all of it. */
static FILE *open_input(struct importer *im, const char *path)
{
	if (strcmp(path, "-") != 0) {
		FILE *f = fopen(path, "rb");
		if (!f)
			diag_error(im->d, path, 0, 0, "cannot open: %s", strerror(errno));
		return f;
	}
	FILE *tmp = tmpfile();
	if (!tmp) {
		diag_error(im->d, "-", 0, 0, "cannot spool standard input: %s", strerror(errno));
		return NULL;
	}
	char *buf = malloc(CHUNK);
	size_t n;
	while (buf && (n = fread(buf, 1, CHUNK, stdin)) > 0)
		if (fwrite(buf, 1, n, tmp) != n) {
			diag_error(im->d, "-", 0, 0, "cannot spool standard input: %s", strerror(errno));
			free(buf);
			fclose(tmp);
			return NULL;
		}
	free(buf);
	rewind(tmp);
	return tmp;
}

static const char *detect_file(struct importer *im, FILE *f)
{
	struct detect_ctx *dc = detect_new();
	char *buf = malloc(CHUNK);
	if (!dc || !buf) {
		detect_free(dc);
		free(buf);
		diag_error(im->d, im->file, 0, 0, "out of memory");
		return NULL;
	}
	size_t n;
	/* Where the first control byte is, to say where a file judged binary
	 * goes wrong (one ESC or BEL in a cell is enough for that verdict). */
	long line = 1, col = 0, bad_line = 0, bad_col = 0;
	unsigned char bad_byte = 0;
	while ((n = fread(buf, 1, CHUNK, f)) > 0) {
		detect_feed(dc, buf, n);
		for (size_t i = 0; i < n && !bad_line; i++) {
			unsigned char c = (unsigned char)buf[i];
			col++;
			if (c == '\n') {
				line++;
				col = 0;
			} else if ((c < 0x20 && c != '\t' && c != '\r' && c != '\f') || c == 0x7f) {
				bad_line = line;
				bad_col = col;
				bad_byte = c;
			}
		}
	}
	free(buf);
	struct detect_result res;
	detect_finish(dc, &res);
	detect_free(dc);
	if (ferror(f)) {
		diag_error(im->d, im->file, 0, 0, "cannot read: %s", strerror(errno));
		return NULL;
	}
	rewind(f);
	if ((res.binary || !res.charset) && bad_line)
		diag_error(im->d, im->file, bad_line, 0,
		           "not a text file: control byte 0x%02X at byte %ld of this line (binary data, or"
		           " a control character in a cell); remove it, or export the sheet from Excel as CSV",
		           bad_byte, bad_col);
	else if (res.binary || !res.charset)
		diag_error(im->d, im->file, 0, 0,
		           "not a text file (binary data); export the sheet from Excel as CSV");
	if (res.binary || !res.charset)
		return NULL;
	return res.charset;
}

int ingest_import(struct store *st, const char *path, const struct ingest_options *o,
                  struct ingest_stats *stats, enum ingest_type *type_out, struct diag *d)
{
	struct importer im = { .file = path, .d = d };
	FILE *f = open_input(&im, path);
	if (!f)
		return -1;
	int rc = ingest_import_stream(st, path, f, o, stats, type_out, d);
	fclose(f);
	return rc;
}

int ingest_import_stream(struct store *st, const char *path, FILE *f, const struct ingest_options *o,
                         struct ingest_stats *stats, enum ingest_type *type_out, struct diag *d)
{
	struct importer im = { .st = st, .file = path, .d = d, .o = o, .stats = stats,
	                       .type = o->type, .errors_at_start = d->errors };
	for (int i = 0; i < ICOL_COUNT; i++)
		im.col[i] = -1;
	struct stat sb;
	if (fstat(fileno(f), &sb) == 0)
		im.bytes_total = sb.st_size;
	const char *charset = o->encoding ? o->encoding : detect_file(&im, f);
	struct textconv *tc = charset ? textconv_open(charset, TEXTCONV_DECODE, 0) : NULL;
	struct csv_parser *p = csv_new(o->delimiter);
	char *buf = malloc(CHUNK);
	struct textconv_buf text = { 0 };
	if (charset && (!tc || !p || !buf))
		diag_error(d, path, 0, 0, "cannot convert from %s: %s", charset, strerror(errno));
	size_t n;
	bool stop = !charset || !tc || !p || !buf;
	while (!stop && (n = fread(buf, 1, CHUNK, f)) > 0) {
		im.bytes_done += (long)n;
		text.len = 0;
		/* A byte invalid in the charset: the file is not what it seems,
		 * and nothing after it can be trusted. */
		if (textconv_feed(tc, buf, n, &text, path, d) != TEXTCONV_OK)
			stop = true;
		else if (csv_feed(p, text.data ? text.data : "", text.len, on_record, &im) != CSV_OK)
			stop = true;
	}
	if (!stop && ferror(f))
		diag_error(d, path, 0, 0, "cannot read: %s", strerror(errno));
	else if (!stop && !too_many_errors(&im)) {
		/* Even after errors: an unterminated quote at the end is one more
		 * thing the user needs to know. */
		text.len = 0;
		if (textconv_finish(tc, &text, path, d) == TEXTCONV_OK &&
		    csv_feed(p, text.data ? text.data : "", text.len, on_record, &im) == CSV_OK)
			csv_finish(p, on_record, &im);
	}
	long line, col;
	enum csv_status cs = p ? csv_error(p, &line, &col) : CSV_OK;
	if (cs != CSV_OK && cs != CSV_ERR_STOPPED)
		diag_error(d, path, line, col, "%s", csv_strerror(cs));
	if (charset && tc && p && !im.header_done && d->errors == im.errors_at_start) {
		if (im.preamble)
			diag_error(d, path, 0, 0, "no header: no line has two or more columns (is the"
			           " delimiter one of , ; TAB? else give --delimiter)");
		else
			diag_error(d, path, 0, 0, "the file is empty: nothing to import");
	}
	if (d->errors == im.errors_at_start)
		link_parents(&im);
	if (too_many_errors(&im))
		diag_error(d, path, 0, 0, "too many errors; stopped reading the file");
	clear_row(&im);
	for (size_t i = 0; i < im.n_parents; i++)
		free(im.parents[i].parent);
	free(im.parents);
	for (size_t i = 0; i < im.n_memo; i++)
		free(im.memo[i].text);
	party_memo_free(&im);
	textconv_buf_free(&text);
	free(buf);
	csv_free(p);
	textconv_close(tc);
	if (type_out)
		*type_out = im.type;
	return d->errors == im.errors_at_start ? 0 : -1;
}
