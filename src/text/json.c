#include <config.h>

#include <string.h>

#include <accord/json.h>

void json_write_string(FILE *out, const char *s, size_t len)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':  fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

void json_write_cstr(FILE *out, const char *s)
{
	json_write_string(out, s, s ? strlen(s) : 0);
}
