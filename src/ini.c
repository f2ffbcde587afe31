/* INI-style configuration text: sections, key = value, comments. */
#include <string.h>
#include "tacme.h"
#include "ta_conf.h"

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int is_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || c == '-' || c == '.';
}

/* Trims whitespace at both ends of s[0..n) in place; returns the start. */
static char *trim(char *s, char *end)
{
	while (s < end && is_space((unsigned char)*s))
		s++;
	while (end > s && is_space((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return s;
}

static int all_name_chars(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!is_name_char((unsigned char)*s))
			return 0;
	return 1;
}

/* The first control character in s[0..n) other than a tab, or a carriage
 * return ending the line; NULL when there is none. */
static const char *control_char(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if ((ch < 0x20 && ch != '\t' && !(ch == '\r' && i + 1 == n)) || ch == 0x7f)
			return s + i;
	}
	return NULL;
}

/* Parses one line s (trimmed, not blank nor a comment); *section follows
 * [section] lines.  Errors leave out the file and line (added by the caller). */
static int parse_line(char *s, const char **section, ta_ini_cb cb, void *ctx, unsigned line)
{
	char *eq;

	if (*s == '[') {
		size_t n = strlen(s);

		if (s[n - 1] != ']')
			return ta_error(TA_ERR_CONFIG, "expected [section]");
		s[n - 1] = '\0';
		*section = trim(s + 1, s + n - 1);
		if (!all_name_chars(*section) || **section == '.')
			return ta_error(TA_ERR_CONFIG, "a section name is letters, digits, '_', "
				"'-' and '.' (not first)");
		return cb(ctx, *section, NULL, NULL, line);
	}
	eq = strchr(s, '=');
	if (!eq)
		return ta_error(TA_ERR_CONFIG, "expected key = value");
	*eq = '\0';
	s = trim(s, eq);
	if (!all_name_chars(s))
		return ta_error(TA_ERR_CONFIG, "bad key \"%.40s\": expected key = value", s);
	return cb(ctx, *section, s, trim(eq + 1, eq + 1 + strlen(eq + 1)), line);
}

int ta_ini_parse(char *text, size_t len, const char *name, ta_ini_cb cb, void *ctx)
{
	const char *section = "", *bad;
	char *p = text, *end = text + len;
	unsigned line = 0;
	int r = 0, had = ta_error_code();

	text[len] = '\0';
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;                      /* a UTF-8 byte order mark (Windows editors) */
	while (p < end && !r) {
		char *eol = memchr(p, '\n', (size_t)(end - p)), *s;

		if (!eol)
			eol = end;
		line++;
		bad = control_char(p, (size_t)(eol - p));
		if (bad)
			r = ta_error(TA_ERR_CONFIG, "%s byte 0x%02x: the configuration is a text "
				"file of key = value lines", *bad ? "control" : "NUL",
				(unsigned)(unsigned char)*bad);
		s = trim(p, eol);
		p = eol + 1;
		if (!r && *s && *s != '#' && *s != ';')
			r = parse_line(s, &section, cb, ctx, line);
	}
	if (r && !had)
		ta_error_prefix("%s:%u: ", name, line);   /* where, for every message */
	return r;
}
