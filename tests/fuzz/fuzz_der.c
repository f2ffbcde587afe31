/* libFuzzer target for src/der.c and src/cert.c: walks the input as nested
 * DER and checks that every TLV read lies inside its parent and re-encodes
 * to the very same bytes (headers, and INTEGERs through ta_der_uint), that
 * every time read renders back to its text, and parses the input as a
 * certificate, checking that every slice lies inside it and the name
 * accessors agree.  Aborts on any broken property.  Build: see
 * tests/fuzz/replay.c and the Makefile. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tacme.h"
#include "ta_cert.h"
#include "ta_der.h"
#include "tacme_tls.h"

#define ASSERT(c) do { if (!(c)) abort(); } while (0)
#define MAX_IN (1 << 16)

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
static int within(const unsigned char *p, size_t n);

/* The key reader: slices inside the SubjectPublicKeyInfo, sizes agree. */
static void check_key(const ta_cert_info *ci)
{
	ta_cert_key k;
	int r = ta_cert_key_of(ci, &k);

	ASSERT(r == 0 || r == TA_ERR_PARSE);
	if (r || k.type == 0)
		return;
	if (k.type == TA_KEY_RSA) {
		ASSERT(within(k.n, k.n_len) && within(k.e, k.e_len) && k.n_len && k.e_len);
		ASSERT(k.n >= ci->spki && k.n + k.n_len <= ci->spki + ci->spki_len);
		ASSERT(k.bits == k.n_len * 8);
	} else {
		ASSERT(within(k.q, k.q_len) && k.q >= ci->spki &&
		       k.q + k.q_len <= ci->spki + ci->spki_len);
		ASSERT(k.bits == 256 || k.bits == 384 || k.bits == 521);
	}
}

static const unsigned char *in_start, *in_end;

static int within(const unsigned char *p, size_t n)
{
	return p >= in_start && p <= in_end && n <= (size_t)(in_end - p);
}

/* y-m-d of a day count since 1970 (H. Hinnant's civil_from_days). */
static void civil(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A time that was read must print back as the same text. */
static void check_time(unsigned tag, const ta_der *v, int64_t t)
{
	char s[32];
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t sec = t - days * 86400;
	int y, m, d;

	civil(days, &y, &m, &d);
	if (tag == TA_DER_UTCTIME)
		snprintf(s, sizeof(s), "%02d%02d%02d%02d%02d%02dZ", y % 100, m, d,
			(int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
	else
		snprintf(s, sizeof(s), "%04d%02d%02d%02d%02d%02dZ", y, m, d,
			(int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
	ASSERT(strlen(s) == ta_der_len(v) && !memcmp(s, v->p, ta_der_len(v)));
	if (tag == TA_DER_UTCTIME)
		ASSERT(y >= 1950 && y <= 2049);
}

static void walk(ta_der d, int depth)
{
	static unsigned char u[MAX_IN / 2 + 16];    /* not live across the recursion */
	unsigned char h[16];
	ta_der_w w;

	while (d.p < d.end) {
		const unsigned char *start = d.p;
		ta_der v, s, mag;
		unsigned tag;
		int64_t t;

		if (ta_der_get(&d, &tag, &v) != 0) {
			ASSERT(d.p == start);
			return;
		}
		ASSERT(v.p > start && v.p <= v.end && v.end == d.p && within(v.p, ta_der_len(&v)));
		ASSERT(tag != 0 && (tag & 0x1f) != 0x1f);
		/* DER has one encoding per length: ours */
		ta_der_w_init(&w, h, sizeof(h));
		ta_der_hdr(&w, tag, ta_der_len(&v));
		ASSERT(!w.err && ta_der_w_len(&w) == (size_t)(v.p - start));
		ASSERT(!memcmp(w.p, start, ta_der_w_len(&w)));
		if (tag == TA_DER_INTEGER && ta_der_len(&v) < MAX_IN / 2) {
			s.p = start;
			s.end = d.p;
			if (ta_der_get_uint(&s, &mag) == 0) {
				ASSERT(s.p == s.end && mag.p >= v.p && mag.end == v.end);
				ta_der_w_init(&w, u, sizeof(u));
				ta_der_uint(&w, mag.p, ta_der_len(&mag));
				ASSERT(!w.err && ta_der_w_len(&w) == (size_t)(d.p - start) &&
					!memcmp(w.p, start, ta_der_w_len(&w)));
			}
		}
		if ((tag == TA_DER_UTCTIME || tag == TA_DER_GENTIME) && ta_der_time(tag, &v, &t) == 0)
			check_time(tag, &v, t);
		if ((tag & 0x20) && depth < 32)
			walk(v, depth + 1);
	}
}

static void cert(const unsigned char *data, size_t size)
{
	ta_cert_info ci;
	size_t pos = 0, len, count = 0;
	const char *name;
	char cn[300], tiny[2], tmp[300];
	int r;

	r = ta_cert_parse(data, size, &ci);
	if (r != 0) {
		ASSERT(r == TA_ERR_PARSE && ci.serial == NULL && ci.san == NULL && ci.spki == NULL);
		return;
	}
	ASSERT(ci.serial && ci.issuer && ci.subject && ci.spki);
	ASSERT(within(ci.serial, ci.serial_len) && ci.serial_len > 0);
	ASSERT(within(ci.issuer, ci.issuer_len) && ci.issuer[0] == 0x30);
	ASSERT(within(ci.subject, ci.subject_len) && ci.subject[0] == 0x30);
	ASSERT(within(ci.spki, ci.spki_len) && ci.spki[0] == 0x30);
	ASSERT(ci.aki ? within(ci.aki, ci.aki_len) : ci.aki_len == 0);
	ASSERT(ci.san ? within(ci.san, ci.san_len) && ci.san_len > 0 : ci.san_len == 0);
	while (ta_cert_next_name(&ci, &pos, &name, &len) == 0) {
		ASSERT(within((const unsigned char *)name, len));
		ASSERT(pos <= ci.san_len);
		count++;
		if (len < sizeof(tmp) && !memchr(name, 0, len)) {
			memcpy(tmp, name, len);
			tmp[len] = '\0';
			ASSERT(ta_cert_has_name(&ci, tmp));
		}
	}
	ASSERT(count <= ta_cert_count_names(&ci));    /* dNSNames among all entries */
	check_key(&ci);
	r = ta_cert_issuer_cn(&ci, cn, sizeof(cn));
	ASSERT(r == 0 || r == TA_ERR_SPACE || r == TA_ERR_PARSE);
	ASSERT(r == 0 || cn[0] == '\0');
	r = ta_cert_issuer_cn(&ci, tiny, sizeof(tiny));
	ASSERT((r == 0 && strlen(tiny) < 2) || ((r == TA_ERR_SPACE || r == TA_ERR_PARSE) && !tiny[0]));
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	ta_der d;

	if (size > MAX_IN)
		return 0;
	in_start = data;
	in_end = data + size;
	d.p = data;
	d.end = data + size;
	walk(d, 0);
	cert(data, size);
	return 0;
}
