/* The changes file: what `accord changes` writes and `accord apply` reads.
 *
 *   header, 96 bytes, integers big-endian:
 *     0  magic  89 'A' 'C' 'D' 0D 0A 1A 0A   (binary; catches CR/LF and
 *                                             7-bit mangling by mailers)
 *     8  u16 format version (1)     10 u16 header size (96)
 *    12  registry uuid, 36 ASCII bytes
 *    48  u64 from mark              56 u64 to mark
 *    64  u32 entries                68 u64 payload bytes
 *    76  u32 CRC-32 of the payload  80 12 bytes zero
 *    92  u32 CRC-32 of bytes 0..91
 *   payload: entries, each
 *     u16+bytes txn, u16 piece, u16+bytes at, u16+bytes user,
 *     u16+bytes origin, u32+bytes changeset
 *
 * Everything is checked before anything is applied: magic, version, both
 * checksums, the exact length (a truncated file is refused, never half
 * applied), and every changeset is walked once to the end. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync_internal.h"

static const unsigned char magic[8] = { 0x89, 'A', 'C', 'D', 0x0d, 0x0a, 0x1a, 0x0a };
#define FORMAT_VERSION 1

static uint32_t crc_table[256];

static void crc_init(void)
{
	if (crc_table[1])
		return;
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

uint32_t sync_crc32(const void *buf, size_t len)
{
	crc_init();
	const unsigned char *p = buf;
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < len; i++)
		c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static void put16(unsigned char *p, unsigned v) { p[0] = (unsigned char)(v >> 8); p[1] = (unsigned char)v; }
static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (24 - 8 * i));
}
static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (56 - 8 * i));
}
static unsigned get16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static uint64_t get64(const unsigned char *p) { return (uint64_t)get32(p) << 32 | get32(p + 4); }

/* ---- writing ---- */

void sync_buf_free(struct sync_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

static int grow(struct sync_buf *b, size_t more)
{
	if (b->failed)
		return -1;
	if (b->len + more <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + more)
		cap *= 2;
	unsigned char *d = realloc(b->data, cap);
	if (!d) {
		b->failed = true;
		return -1;
	}
	b->data = d;
	b->cap = cap;
	return 0;
}

static void put_str(struct sync_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n > 0xffff)
		n = 0xffff;
	if (grow(b, 2 + n) != 0)
		return;
	put16(b->data + b->len, (unsigned)n);
	memcpy(b->data + b->len + 2, s ? s : "", n);
	b->len += 2 + n;
}

int sync_buf_start(struct sync_buf *b)
{
	memset(b, 0, sizeof *b);
	if (grow(b, SYNC_HEADER_SIZE) != 0)
		return -1;
	memset(b->data, 0, SYNC_HEADER_SIZE);
	b->len = SYNC_HEADER_SIZE;
	return 0;
}

void sync_buf_entry(struct sync_buf *b, const struct sync_entry_meta *m, const void *cs, size_t n)
{
	put_str(b, m->txn);
	if (grow(b, 2) == 0) {
		put16(b->data + b->len, (unsigned)m->piece);
		b->len += 2;
	}
	put_str(b, m->at);
	put_str(b, m->user);
	put_str(b, m->origin);
	if (grow(b, 4 + n) != 0)
		return;
	put32(b->data + b->len, (uint32_t)n);
	memcpy(b->data + b->len + 4, cs, n);
	b->len += 4 + n;
	b->entries++;
}

int sync_buf_finish(struct sync_buf *b, const char *registry, long long from, long long to)
{
	if (b->failed)
		return -1;
	unsigned char *h = b->data;
	memcpy(h, magic, 8);
	put16(h + 8, FORMAT_VERSION);
	put16(h + 10, SYNC_HEADER_SIZE);
	memset(h + 12, ' ', 36);
	memcpy(h + 12, registry, strnlen(registry, 36));
	put64(h + 48, (uint64_t)from);
	put64(h + 56, (uint64_t)to);
	put32(h + 64, (uint32_t)b->entries);
	put64(h + 68, b->len - SYNC_HEADER_SIZE);
	put32(h + 76, sync_crc32(b->data + SYNC_HEADER_SIZE, b->len - SYNC_HEADER_SIZE));
	put32(h + 92, sync_crc32(h, 92));
	return 0;
}

/* ---- reading ---- */

static bool get_str(const unsigned char **p, const unsigned char *end, char **out)
{
	if (end - *p < 2)
		return false;
	unsigned n = get16(*p);
	if ((size_t)(end - *p - 2) < n)
		return false;
	*out = malloc(n + 1);
	if (!*out)
		return false;
	memcpy(*out, *p + 2, n);
	(*out)[n] = '\0';
	*p += 2 + n;
	return true;
}

void sync_entries_free(struct sync_file_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].txn);
		free(v[i].at);
		free(v[i].user);
		free(v[i].origin);
		free(v[i].owned);
	}
	free(v);
}

/* Our own walk of a changeset's structure before SQLite sees it: SQLite's
 * iterator can spin for minutes on a corrupt one (a column count larger
 * than the changeset, SQLite 3.40), and without a filter it would apply
 * changes to any table, the journal and meta included. Only the tables a
 * changes file may carry (sync_tables), with few columns, well-formed
 * records and values inside the buffer, get through. */
#define CS_MAX_COLS 64

static bool cs_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	*v = 0;
	for (int i = 0; i < 9; i++) {
		if (*p >= end)
			return false;
		unsigned char b = *(*p)++;
		*v = (*v << 7) | (b & 0x7f);
		if (!(b & 0x80))
			return true;
	}
	return false;
}

static bool cs_record(const unsigned char **p, const unsigned char *end, uint64_t ncol, bool undef_ok)
{
	for (uint64_t c = 0; c < ncol; c++) {
		if (*p >= end)
			return false;
		unsigned char type = *(*p)++;
		uint64_t n;
		switch (type) {
		case 0x00:  /* undefined: an UPDATE's unchanged column */
			if (!undef_ok)
				return false;
			break;
		case 0x01: case 0x02:  /* integer, real */
			if (end - *p < 8)
				return false;
			*p += 8;
			break;
		case 0x03: case 0x04:  /* text, blob */
			if (!cs_varint(p, end, &n) || n > (uint64_t)(end - *p))
				return false;
			*p += n;
			break;
		case 0x05:  /* NULL */
			break;
		default:
			return false;
		}
	}
	return true;
}

static bool changeset_shape_ok(const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n;
	uint64_t ncol = 0;
	bool table = false;
	while (p < end) {
		if (*p == 'T') {
			p++;
			if (!cs_varint(&p, end, &ncol) || ncol == 0 || ncol > CS_MAX_COLS ||
			    (uint64_t)(end - p) < ncol)
				return false;
			for (uint64_t c = 0; c < ncol; c++)
				if (p[c] > ncol)  /* 0, or the column's place in the key */
					return false;
			p += ncol;
			const unsigned char *nul = memchr(p, 0, (size_t)(end - p));
			if (!nul || sync_table_index((const char *)p) < 0)
				return false;
			p = nul + 1;
			table = true;
			continue;
		}
		unsigned char op = *p++;
		if (!table || p >= end || *p > 1)
			return false;
		p++;  /* indirect flag */
		bool ok = op == SQLITE_INSERT ? cs_record(&p, end, ncol, false)
		        : op == SQLITE_DELETE ? cs_record(&p, end, ncol, false)
		        : op == SQLITE_UPDATE ? cs_record(&p, end, ncol, true) && cs_record(&p, end, ncol, true)
		        : false;
		if (!ok)
			return false;
	}
	return true;
}

/* A changeset must iterate to its end without error. */
static bool changeset_ok(const void *cs, size_t n)
{
	sqlite3_changeset_iter *it;
	if (n > INT32_MAX || !changeset_shape_ok(cs, n) ||
	    sqlite3changeset_start(&it, (int)n, (void *)cs) != SQLITE_OK)
		return false;
	int rc;
	while ((rc = sqlite3changeset_next(it)) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, ind;
		if (sqlite3changeset_op(it, &tbl, &ncol, &op, &ind) != SQLITE_OK)
			break;
	}
	int frc = sqlite3changeset_finalize(it);
	return rc == SQLITE_DONE && frc == SQLITE_OK;
}

static int bad(char **err, const char *fmt, const char *detail)
{
	return store_fail(err, SYNC_BAD_FILE, fmt, detail);
}

int sync_file_check(const void *buf, size_t len, const char *registry, struct sync_header *h,
                    char **err)
{
	return sync_file_read(buf, len, registry, h, NULL, NULL, err);
}

int sync_file_read(const void *buf, size_t len, const char *registry, struct sync_header *h,
                   struct sync_file_entry **out, size_t *n_out, char **err)
{
	const unsigned char *p = buf;
	memset(h, 0, sizeof *h);
	if (out)
		*out = NULL;
	if (n_out)
		*n_out = 0;
	if (len < 8 || memcmp(p, magic, 8) != 0)
		return bad(err, "not an Accord changes file%s", len < 8 ? " (too short)" : "");
	if (len < SYNC_HEADER_SIZE)
		return bad(err, "the changes file is truncated%s", " (its header is incomplete)");
	h->version = get16(p + 8);
	if (h->version > FORMAT_VERSION)
		return store_fail(err, SYNC_BAD_FILE, "the changes file is format %u, made by a newer Accord;"
		                  " this one reads format %d", h->version, FORMAT_VERSION);
	if (h->version == 0 || get16(p + 10) != SYNC_HEADER_SIZE || get32(p + 92) != sync_crc32(p, 92))
		return bad(err, "the changes file is corrupt%s", " (bad header checksum)");
	memcpy(h->registry, p + 12, 36);
	h->registry[36] = '\0';
	/* It is quoted in messages: no control bytes from a file to a terminal. */
	for (int i = 0; i < 36; i++)
		if ((unsigned char)h->registry[i] < 0x21 || (unsigned char)h->registry[i] > 0x7e)
			h->registry[i] = '?';
	h->from = (long long)get64(p + 48);
	h->to = (long long)get64(p + 56);
	h->entries = get32(p + 64);
	h->payload = get64(p + 68);
	if (registry && strcmp(registry, h->registry) != 0)
		return store_fail(err, SYNC_FOREIGN, "the changes file is from another registry (%s, this one is %s)",
		                  h->registry, registry);
	if (len - SYNC_HEADER_SIZE < h->payload)
		return store_fail(err, SYNC_BAD_FILE, "the changes file is truncated (%zu of %llu bytes)", len,
		                  (unsigned long long)h->payload + SYNC_HEADER_SIZE);
	if (len - SYNC_HEADER_SIZE > h->payload)
		return bad(err, "the changes file is corrupt%s", " (extra bytes at its end)");
	if (get32(p + 76) != sync_crc32(p + SYNC_HEADER_SIZE, len - SYNC_HEADER_SIZE))
		return bad(err, "the changes file is corrupt%s", " (bad checksum)");
	/* Walk the entries even when only checking. */
	const unsigned char *q = p + SYNC_HEADER_SIZE, *end = p + len;
	struct sync_file_entry *v = NULL;
	size_t n = 0;
	if (h->entries > (len - SYNC_HEADER_SIZE) / 14)
		return bad(err, "the changes file is corrupt%s", " (entry count)");
	if (out && h->entries && !(v = calloc(h->entries, sizeof *v)))
		return store_fail(err, STORE_ERROR, "out of memory");
	int rc = STORE_OK;
	for (unsigned long i = 0; i < h->entries; i++) {
		struct sync_file_entry e = { 0 };
		bool ok = get_str(&q, end, &e.txn) && end - q >= 2;
		if (ok) {
			e.piece = (int)get16(q);
			q += 2;
		}
		ok = ok && get_str(&q, end, &e.at) && get_str(&q, end, &e.user) && get_str(&q, end, &e.origin) &&
		     end - q >= 4;
		if (ok) {
			e.n = get32(q);
			q += 4;
			ok = (size_t)(end - q) >= e.n && strlen(e.txn) == 36;
		}
		if (ok) {
			e.cs = q;
			q += e.n;
			ok = changeset_ok(e.cs, e.n);
		}
		if (!ok) {
			free(e.txn);
			free(e.at);
			free(e.user);
			free(e.origin);
			rc = store_fail(err, SYNC_BAD_FILE, "the changes file is corrupt (entry %lu of %lu)", i + 1,
			                h->entries);
			break;
		}
		if (v)
			v[n++] = e;
		else {
			free(e.txn);
			free(e.at);
			free(e.user);
			free(e.origin);
		}
	}
	if (rc == STORE_OK && q != end)
		rc = bad(err, "the changes file is corrupt%s", " (trailing data)");
	if (rc != STORE_OK) {
		sync_entries_free(v, n);
		return rc;
	}
	if (out) {
		*out = v;
		*n_out = n;
	}
	return STORE_OK;
}
