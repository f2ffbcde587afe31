/* Small string helpers tacme keeps to itself instead of the C library's
 * (musl's strstr, strtoul and friends are larger than these). */
#ifndef TA_STR_H
#define TA_STR_H

#include <stddef.h>

/* First occurrence of needle in the NUL-terminated hay, or NULL; an empty
 * needle matches at hay.  Like strstr, the result points into hay (the
 * caller's buffer) and is as writable as hay is. */
char *ta_strstr(const char *hay, const char *needle);

/* Parses s, which must be nothing but decimal digits (no sign, no space),
 * as a number no larger than max into *out.  Returns 0, or -1 (with *out
 * untouched) for an empty string, another character, or a larger number. */
int ta_parse_uint(const char *s, unsigned long max, unsigned long *out);

/* 1 if s[0..n) (not NUL-terminated) is a DNS name a certificate may carry:
 * at most 253 characters, two or more labels of letters, digits and '-'
 * (a label neither starts nor ends with '-', at most 63 characters),
 * optionally after a leading "*." label; else 0. */
int ta_dns_name_ok(const char *s, size_t n);
/* 1 if the NUL-terminated DNS names a and b are the same name: ASCII
 * letters in any case, and a final '.' on either or both; else 0. */
int ta_dns_name_eq(const char *a, const char *b);

#endif
