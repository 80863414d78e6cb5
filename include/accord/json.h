/* json: the small part of JSON that export writes. */
#ifndef ACCORD_JSON_H
#define ACCORD_JSON_H

#include <stdio.h>
#include <stddef.h>

/* Write s[0..len) as a JSON string literal (quotes included). Control
 * characters and the quote/backslash are escaped; valid UTF-8 passes as is.
 * NULL s writes null. */
void json_write_string(FILE *out, const char *s, size_t len);
/* Same for a NUL-terminated string (NULL → null). */
void json_write_cstr(FILE *out, const char *s);

#endif
