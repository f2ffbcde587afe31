/* tacme's own printf: the few conversions tacme uses, so a static binary
 * does not carry the C library's printf (floats, wide characters, locales).
 * Supported: %s %c %d %u %x with the length modifiers l, ll and z, %%,
 * the flags '-' and '0', a field width, and a precision for %s (".N" or
 * ".*").  Anything else is copied to the output as written. */
#ifndef TA_FMT_H
#define TA_FMT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Receives each piece of formatted output: s[0..n), not NUL-terminated. */
typedef void (*ta_fmt_sink)(void *ctx, const char *s, size_t n);

/* Formats fmt with ap and hands the output to put(ctx, ...) in pieces.
 * Returns the total number of bytes handed over. */
size_t ta_vformat(ta_fmt_sink put, void *ctx, const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 0)))
#endif
	;

/* C99 vsnprintf: writes at most cap - 1 bytes of the output and a NUL
 * into buf (caller-owned; nothing is written when cap is 0) and returns
 * the length the whole output has, so a result >= cap means truncated. */
int ta_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 0)))
#endif
	;

/* C99 snprintf: see ta_vsnprintf. */
int ta_snprintf(char *buf, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* A moment in UTC, split into calendar fields (month and day from 1). */
typedef struct ta_date {
	long long year;
	unsigned month, day, hour, min, sec;
} ta_date;

/* Splits t (seconds since 1970-01-01 UTC, negative too) into *d
 * (proleptic Gregorian calendar, no leap seconds). */
void ta_date_of(int64_t t, ta_date *d);

/* The inverse: seconds since 1970-01-01 UTC of year y (0-9999), month mo
 * (1-12), day d, hour h, minute mi and second s, as given (unchecked). */
int64_t ta_time_of(int y, int mo, int d, int h, int mi, int s);

/* Writes t (seconds since the epoch) as "YYYY-MM-DD HH:MM UTC" into
 * out[0..cap) (caller-owned, NUL-terminated; 24 bytes always suffice for
 * years 0-9999). */
void ta_fmt_time(int64_t t, char *out, size_t cap);

#endif
