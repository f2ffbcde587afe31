/* X.509 certificate reader: validity, serial, names, key, AKI, SANs. */
#include <string.h>
#include "tacme.h"
#include "ta_cert.h"
#include "ta_der.h"

static const unsigned char oid_san[] = { 0x55, 0x1d, 0x11 };
static const unsigned char oid_aki[] = { 0x55, 0x1d, 0x23 };
static const unsigned char oid_cn[] = { 0x55, 0x04, 0x03 };

static int oid_is(const ta_der *v, const unsigned char *oid, size_t n)
{
	return ta_der_len(v) == n && !memcmp(v->p, oid, n);
}

/* Reads one Extension; fills AKI and SAN when it is one of them. */
static int read_ext(ta_der ext, ta_cert_info *ci)
{
	ta_der oid, val, inner;
	unsigned tag;

	if (ta_der_expect(&ext, 0x06, &oid) || ta_der_get(&ext, &tag, &val))
		return TA_ERR_PARSE;
	if (tag == 0x01 && ta_der_get(&ext, &tag, &val))       /* critical */
		return TA_ERR_PARSE;
	if (tag != 0x04 || ext.p != ext.end)
		return TA_ERR_PARSE;
	if (oid_is(&oid, oid_san, sizeof(oid_san))) {
		if (ta_der_expect(&val, 0x30, &inner) || val.p != val.end)
			return TA_ERR_PARSE;
		ci->san = inner.p;
		ci->san_len = ta_der_len(&inner);
	} else if (oid_is(&oid, oid_aki, sizeof(oid_aki))) {
		if (ta_der_expect(&val, 0x30, &inner))
			return TA_ERR_PARSE;
		if (inner.p < inner.end && inner.p[0] == 0x80) {
			if (ta_der_get(&inner, &tag, &val))
				return TA_ERR_PARSE;
			ci->aki = val.p;
			ci->aki_len = ta_der_len(&val);
		}
	}
	return 0;
}

/* Reads a field that must be a whole TLV of tag want, recording it. */
static int whole(ta_der *d, unsigned want, const unsigned char **p, size_t *len)
{
	const unsigned char *start = d->p;
	ta_der v;

	if (ta_der_expect(d, want, &v))
		return TA_ERR_PARSE;
	*p = start;
	*len = (size_t)(d->p - start);
	return 0;
}

int ta_cert_parse(const unsigned char *der, size_t len, ta_cert_info *ci)
{
	ta_der d = { der, der + len }, cert, tbs, v, exts, ext;
	unsigned tag;

	memset(ci, 0, sizeof(*ci));
	if (ta_der_expect(&d, 0x30, &cert) || d.p != d.end || ta_der_expect(&cert, 0x30, &tbs))
		return TA_ERR_PARSE;
	if (tbs.p < tbs.end && tbs.p[0] == 0xa0 && ta_der_get(&tbs, &tag, &v))
		return TA_ERR_PARSE;
	if (ta_der_expect(&tbs, 0x02, &v) || ta_der_len(&v) == 0)
		return TA_ERR_PARSE;
	ci->serial = v.p;
	ci->serial_len = ta_der_len(&v);
	if (ta_der_expect(&tbs, 0x30, &v) ||
	    whole(&tbs, 0x30, &ci->issuer, &ci->issuer_len) ||
	    ta_der_expect(&tbs, 0x30, &v))
		return TA_ERR_PARSE;
	{
		ta_der t;

		if (ta_der_get(&v, &tag, &t) || ta_der_time(tag, &t, &ci->not_before) ||
		    ta_der_get(&v, &tag, &t) || ta_der_time(tag, &t, &ci->not_after))
			return TA_ERR_PARSE;
	}
	if (whole(&tbs, 0x30, &ci->subject, &ci->subject_len) ||
	    whole(&tbs, 0x30, &ci->spki, &ci->spki_len))
		return TA_ERR_PARSE;
	while (tbs.p < tbs.end) {
		if (ta_der_get(&tbs, &tag, &v))
			return TA_ERR_PARSE;
		if (tag != 0xa3)
			continue;
		if (ta_der_expect(&v, 0x30, &exts))
			return TA_ERR_PARSE;
		while (exts.p < exts.end)
			if (ta_der_expect(&exts, 0x30, &ext) || read_ext(ext, ci))
				return TA_ERR_PARSE;
	}
	/* signatureAlgorithm and signature must follow */
	if (ta_der_expect(&cert, 0x30, &v) || ta_der_expect(&cert, 0x03, &v) || cert.p != cert.end)
		return TA_ERR_PARSE;
	return 0;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int ta_cert_has_name(const ta_cert_info *ci, const char *name)
{
	ta_der d = { ci->san, ci->san + ci->san_len }, v;
	size_t n = strlen(name), i;
	unsigned tag;

	while (ci->san && d.p < d.end && ta_der_get(&d, &tag, &v) == 0) {
		if (tag != 0x82 || ta_der_len(&v) != n)
			continue;
		for (i = 0; i < n && lower(v.p[i]) == lower((unsigned char)name[i]); i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

size_t ta_cert_count_names(const ta_cert_info *ci)
{
	ta_der d = { ci->san, ci->san + ci->san_len }, v;
	unsigned tag;
	size_t n = 0;

	while (ci->san && d.p < d.end && ta_der_get(&d, &tag, &v) == 0)
		n += tag == 0x82;
	return n;
}

int ta_cert_issuer_cn(const ta_cert_info *ci, char *out, size_t cap)
{
	ta_der name = { ci->issuer, ci->issuer + ci->issuer_len }, seq, rdn, atv, oid, val;
	unsigned tag;

	out[0] = '\0';
	if (!ci->issuer || ta_der_expect(&name, 0x30, &seq))
		return 0;
	while (seq.p < seq.end) {
		if (ta_der_expect(&seq, 0x31, &rdn))
			return 0;
		while (rdn.p < rdn.end) {
			if (ta_der_expect(&rdn, 0x30, &atv) || ta_der_expect(&atv, 0x06, &oid) ||
			    ta_der_get(&atv, &tag, &val))
				return 0;
			if (!oid_is(&oid, oid_cn, sizeof(oid_cn)))
				continue;
			if (ta_der_len(&val) >= cap)
				return TA_ERR_SPACE;
			memcpy(out, val.p, ta_der_len(&val));
			out[ta_der_len(&val)] = '\0';
		}
	}
	return 0;
}
