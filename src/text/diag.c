#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <accord/diag.h>

void diag_init(struct diag *d, size_t limit)
{
	memset(d, 0, sizeof *d);
	d->limit = limit;
}

void diag_free(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

static char *vformat(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

void diag_add(struct diag *d, enum diag_severity sev, const char *file,
              long line, long col, const char *fmt, ...)
{
	if (sev == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	/* Warnings get a quarter of the room, so that a flood of them (an
	 * unknown word on every row) never hides the errors that matter. */
	if (d->limit && (d->n >= d->limit ||
	                 (sev == DIAG_WARNING && d->kept_warnings >= (d->limit + 3) / 4))) {
		d->dropped++;
		if (sev == DIAG_ERROR)
			d->dropped_errors++;
		return;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct diag_entry *v = realloc(d->v, cap * sizeof *v);
		if (!v) {
			d->dropped++;
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = vformat(fmt, ap);
	va_end(ap);
	char *f = file ? strdup(file) : NULL;
	if (!msg || (file && !f)) {
		free(msg);
		free(f);
		d->dropped++;
		return;
	}
	d->v[d->n++] = (struct diag_entry){ sev, f, line, col, msg };
	if (sev == DIAG_WARNING)
		d->kept_warnings++;
}

/* Messages and names may quote data from files: no control character
 * (C0, DEL, C1) and no bidi override from data may reach a terminal. */
void diag_put_safe(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) {
			fprintf(out, "\\u%04x", p[1]);
			p++;
		} else if (*p == 0xe2 && p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) {
			fprintf(out, "\\u%04x", 0x2000 + (p[2] - 0x80));   /* U+202A..U+202E */
			p += 2;
		} else if (*p == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9) {
			fprintf(out, "\\u%04x", 0x2040 + (p[2] - 0x80));   /* U+2066..U+2069 */
			p += 2;
		} else
			fputc(*p, out);
	}
}

void diag_print(const struct diag *d, FILE *out)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->v[i];
		if (e->file) {
			diag_put_safe(out, e->file);
			if (e->line > 0)
				fprintf(out, ":%ld", e->line);
			if (e->line > 0 && e->col > 0)
				fprintf(out, ":%ld", e->col);
			fputs(": ", out);
		} else
			fputs("accord: ", out);
		if (e->sev == DIAG_WARNING)
			fputs("warning: ", out);
		diag_put_safe(out, e->msg);
		fputc('\n', out);
	}
	if (d->dropped)
		fprintf(out, "accord: ... and %zu more message%s not shown\n",
		        d->dropped, d->dropped == 1 ? "" : "s");
}
