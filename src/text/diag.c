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
	if (d->limit && d->n >= d->limit) {
		d->dropped++;
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
}

/* Messages may quote data from files: never let a control byte through to
 * the user's terminal. */
static void put_safe(const char *s, FILE *out)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) {
			fprintf(out, "\\u%04x", p[1]);  /* C1 control */
			p++;
		} else
			fputc(*p, out);
	}
}

void diag_print(const struct diag *d, FILE *out)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->v[i];
		if (e->file) {
			put_safe(e->file, out);
			if (e->line > 0)
				fprintf(out, ":%ld", e->line);
			if (e->line > 0 && e->col > 0)
				fprintf(out, ":%ld", e->col);
			fputs(": ", out);
		} else
			fputs("accord: ", out);
		if (e->sev == DIAG_WARNING)
			fputs("warning: ", out);
		put_safe(e->msg, out);
		fputc('\n', out);
	}
	if (d->dropped)
		fprintf(out, "accord: ... and %zu more message%s not shown\n",
		        d->dropped, d->dropped == 1 ? "" : "s");
}
