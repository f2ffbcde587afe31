/* X.509 certificate reader: validity, serial, names, key, AKI, SANs. */
#include <string.h>
#include "tacme.h"
#include "ta_cert.h"
#include "ta_der.h"
#include "ta_key.h"
#include "ta_pem.h"

/* the extensions read: subjectAltName, authorityKeyIdentifier,
 * basicConstraints, extKeyUsage, keyUsage (EXT_SAN...: their bits in
 * read_ext's *seen) */
enum { EXT_SAN, EXT_AKI, EXT_BC, EXT_EKU, EXT_KU, EXT_OTHER };
static const unsigned char ext_oid[EXT_OTHER][3] = {
	{ 0x55, 0x1d, 0x11 }, { 0x55, 0x1d, 0x23 }, { 0x55, 0x1d, 0x13 }, { 0x55, 0x1d, 0x25 },
	{ 0x55, 0x1d, 0x0f }
};
/* id-kp-serverAuth, and anyExtendedKeyUsage */
static const unsigned char oid_server_auth[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01 };
static const unsigned char oid_any_eku[] = { 0x55, 0x1d, 0x25, 0x00 };
static const unsigned char oid_cn[] = { 0x55, 0x04, 0x03 };
static const unsigned char oid_p521[] = { 0x2b, 0x81, 0x04, 0x00, 0x23 };
/* optional fields, in the order they must come */
static const unsigned char tbs_opt[3] = { TA_DER_CTX | 1, TA_DER_CTX | 2, TA_DER_CTX_CONS | 3 };
static const unsigned char aki_opt[3] = { TA_DER_CTX | 0, TA_DER_CTX_CONS | 1, TA_DER_CTX | 2 };

/* 1 + the position of tag in opt[0..3), or 0 when it is not there. */
static unsigned rank(unsigned tag, const unsigned char *opt)
{
	const unsigned char *p = memchr(opt, (int)tag, 3);

	return p ? (unsigned)(p - opt) + 1 : 0;
}

/* Reads an optional field of d: one of opt, after *last.  Returns 1 with
 * *tag / *v set, 0 at the end of d, -1 when malformed or out of order. */
static int next_opt(ta_der *d, const unsigned char *opt, unsigned *last, unsigned *tag,
	ta_der *v)
{
	unsigned r;

	if (d->p == d->end)
		return 0;
	if (ta_der_get(d, tag, v) || (r = rank(*tag, opt)) <= *last)
		return -1;
	*last = r;
	return 1;
}

/* Reads one Extension; fills SAN, AKI, basicConstraints, extKeyUsage and
 * keyUsage (each allowed once). */
static int read_ext(ta_der ext, ta_cert_info *ci, unsigned *seen)
{
	ta_der oid, val, inner, v;
	unsigned tag, last = 0, k;
	int r;

	if (ta_der_expect(&ext, TA_DER_OID, &oid) || ta_der_get(&ext, &tag, &val))
		return TA_ERR_PARSE;
	if (tag == TA_DER_BOOLEAN && (ta_der_len(&val) != 1 || ta_der_get(&ext, &tag, &val)))
		return TA_ERR_PARSE;                       /* critical */
	if (tag != TA_DER_OCTET_STRING || ext.p != ext.end)
		return TA_ERR_PARSE;
	for (k = 0; k < EXT_OTHER && !ta_der_eq(&oid, ext_oid[k], 3); k++)
		;
	if (k == EXT_OTHER)
		return 0;
	/* each the whole value, at most once; a SEQUENCE but keyUsage */
	if ((*seen & (1u << k)) || ta_der_expect(&val, k == EXT_KU ? TA_DER_BIT_STRING :
	    TA_DER_SEQUENCE, &inner) || val.p != val.end)
		return TA_ERR_PARSE;
	*seen |= 1u << k;
	if (k == EXT_KU) {
		/* unused bits, then bit 5 (0x04 of the first byte): keyCertSign */
		if (inner.p == inner.end)
			return TA_ERR_PARSE;
		ci->no_cert_sign = ta_der_len(&inner) < 2 || !(inner.p[1] & 0x04);
	} else if (k == EXT_EKU) {
		ci->no_server_auth = 1;
		while (inner.p < inner.end) {
			if (ta_der_expect(&inner, TA_DER_OID, &v))
				return TA_ERR_PARSE;
			if (ta_der_eq(&v, oid_server_auth, sizeof(oid_server_auth)) ||
			    ta_der_eq(&v, oid_any_eku, sizeof(oid_any_eku)))
				ci->no_server_auth = 0;
		}
	} else if (k == EXT_SAN) {
		/* GeneralNames: SEQUENCE SIZE (1..MAX) OF context-tagged TLVs */
		if (inner.p == inner.end)
			return TA_ERR_PARSE;
		ci->san = inner.p;
		ci->san_len = ta_der_len(&inner);
		while (inner.p < inner.end)
			if (ta_der_get(&inner, &tag, &v) || (tag & 0xc0) != TA_DER_CTX)
				return TA_ERR_PARSE;
	} else if (k == EXT_AKI) {
		while ((r = next_opt(&inner, aki_opt, &last, &tag, &v)) > 0)
			if (tag == (TA_DER_CTX | 0)) {
				ci->aki = v.p;
				ci->aki_len = ta_der_len(&v);
			}
		if (r < 0)
			return TA_ERR_PARSE;
	} else if (k == EXT_BC) {
		/* SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL } */
		if (ta_der_expect(&inner, TA_DER_BOOLEAN, &v) == 0)
			ci->is_ca = ta_der_len(&v) == 1 && v.p[0] != 0;
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

/* 1 if v is the content of an INTEGER in minimal form. */
static int minimal_int(const ta_der *v)
{
	size_t n = ta_der_len(v);

	return n == 1 || (n > 1 && !(v->p[0] == 0x00 && !(v->p[1] & 0x80)) &&
		!(v->p[0] == 0xff && (v->p[1] & 0x80)));
}

/* Reads Validity { notBefore Time, notAfter Time }. */
static int validity(ta_der *tbs, ta_cert_info *ci)
{
	ta_der v, t;
	unsigned tag;

	if (ta_der_expect(tbs, TA_DER_SEQUENCE, &v) ||
	    ta_der_get(&v, &tag, &t) || ta_der_time(tag, &t, &ci->not_before) ||
	    ta_der_get(&v, &tag, &t) || ta_der_time(tag, &t, &ci->not_after) || v.p != v.end)
		return TA_ERR_PARSE;
	return 0;
}

int ta_cert_parse(const unsigned char *der, size_t len, ta_cert_info *ci)
{
	ta_der d, cert, tbs, v, t, exts, ext;
	unsigned tag, last = 0, seen = 0;
	int r;

	memset(ci, 0, sizeof(*ci));
	d.p = der;
	d.end = der + len;
	if (ta_der_expect(&d, TA_DER_SEQUENCE, &cert) || d.p != d.end ||
	    ta_der_expect(&cert, TA_DER_SEQUENCE, &tbs))
		goto bad;
	/* version [0] EXPLICIT INTEGER (v1, v2, v3) */
	if (ta_der_expect(&tbs, TA_DER_CTX_CONS | 0, &v) == 0 &&
	    (ta_der_expect(&v, TA_DER_INTEGER, &t) || v.p != v.end || ta_der_len(&t) != 1 ||
	     t.p[0] > 2))
		goto bad;
	if (ta_der_expect(&tbs, TA_DER_INTEGER, &v) || !minimal_int(&v))
		goto bad;
	ci->serial = v.p;
	ci->serial_len = ta_der_len(&v);
	if (ta_der_expect(&tbs, TA_DER_SEQUENCE, &v) ||           /* signature */
	    whole(&tbs, TA_DER_SEQUENCE, &ci->issuer, &ci->issuer_len) ||
	    validity(&tbs, ci) ||
	    whole(&tbs, TA_DER_SEQUENCE, &ci->subject, &ci->subject_len) ||
	    whole(&tbs, TA_DER_SEQUENCE, &ci->spki, &ci->spki_len))
		goto bad;
	/* issuerUniqueID [1], subjectUniqueID [2], extensions [3] */
	while ((r = next_opt(&tbs, tbs_opt, &last, &tag, &v)) > 0) {
		if (tag != (TA_DER_CTX_CONS | 3))
			continue;
		if (ta_der_expect(&v, TA_DER_SEQUENCE, &exts) || v.p != v.end || exts.p == exts.end)
			goto bad;
		while (exts.p < exts.end)
			if (ta_der_expect(&exts, TA_DER_SEQUENCE, &ext) || read_ext(ext, ci, &seen))
				goto bad;
	}
	/* signatureAlgorithm and signatureValue, then nothing */
	if (r < 0 || ta_der_expect(&cert, TA_DER_SEQUENCE, &v) ||
	    ta_der_expect(&cert, TA_DER_BIT_STRING, &v) || cert.p != cert.end)
		goto bad;
	return 0;
bad:
	memset(ci, 0, sizeof(*ci));
	return TA_ERR_PARSE;
}

/* Strips the leading zero bytes of an INTEGER's content. */
static void magnitude(const ta_der *v, const unsigned char **p, size_t *len)
{
	const unsigned char *q = v->p;

	while (q + 1 < v->end && *q == 0)
		q++;
	*p = q;
	*len = (size_t)(v->end - q);
}

int ta_cert_key_of(const ta_cert_info *ci, ta_cert_key *k)
{
	ta_der d = { ci->spki, ci->spki + ci->spki_len }, spki, alg, oid, bits, seq, n, e;

	memset(k, 0, sizeof(*k));
	if (ta_der_expect(&d, TA_DER_SEQUENCE, &spki) || ta_der_expect(&spki, TA_DER_SEQUENCE, &alg) ||
	    ta_der_expect(&alg, TA_DER_OID, &oid) || ta_der_expect(&spki, TA_DER_BIT_STRING, &bits) ||
	    ta_der_len(&bits) < 2 || bits.p[0] != 0)
		return TA_ERR_PARSE;
	bits.p++;
	if (ta_der_eq(&oid, ta_oid_rsa, sizeof(ta_oid_rsa))) {
		if (ta_der_expect(&bits, TA_DER_SEQUENCE, &seq) || ta_der_expect(&seq, TA_DER_INTEGER, &n) ||
		    ta_der_expect(&seq, TA_DER_INTEGER, &e) || seq.p != seq.end)
			return TA_ERR_PARSE;
		magnitude(&n, &k->n, &k->n_len);
		magnitude(&e, &k->e, &k->e_len);
		k->type = TA_KEY_RSA;
		k->bits = (unsigned)k->n_len * 8;
		return 0;
	}
	if (!ta_der_eq(&oid, ta_oid_ec_public_key, sizeof(ta_oid_ec_public_key)) ||
	    ta_der_expect(&alg, TA_DER_OID, &oid))
		return 0;
	k->q = bits.p;
	k->q_len = ta_der_len(&bits);
	if (ta_der_eq(&oid, ta_oid_p256, sizeof(ta_oid_p256)))
		k->type = TA_KEY_EC256, k->bits = 256;
	else if (ta_der_eq(&oid, ta_oid_p384, sizeof(ta_oid_p384)))
		k->type = TA_KEY_EC384, k->bits = 384;
	else if (ta_der_eq(&oid, oid_p521, sizeof(oid_p521)))
		k->type = TA_CERT_KEY_EC521, k->bits = 521;
	return 0;
}

int ta_cert_next(const char *pem, size_t len, size_t *pos, unsigned char *der,
	size_t cap, ta_cert_info *ci)
{
	const char *label;
	size_t llen, n;
	int r;

	while ((r = ta_pem_next(pem, len, pos, &label, &llen, der, cap, &n)) == 0)
		if (llen == 11 && !memcmp(label, "CERTIFICATE", 11))
			return ta_cert_parse(der, n, ci);
	return r;
}

int ta_cert_next_name(const ta_cert_info *ci, size_t *pos, const char **name, size_t *len)
{
	ta_der d, v;
	unsigned tag;

	if (!ci->san || *pos > ci->san_len)
		return TA_ERR_NOTFOUND;
	d.p = ci->san + *pos;
	d.end = ci->san + ci->san_len;
	while (ta_der_get(&d, &tag, &v) == 0) {
		*pos = (size_t)(d.p - ci->san);
		if (tag == (TA_DER_CTX | 2)) {
			*name = (const char *)v.p;
			*len = ta_der_len(&v);
			return 0;
		}
	}
	return TA_ERR_NOTFOUND;
}

static int lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int ta_cert_has_name(const ta_cert_info *ci, const char *name)
{
	size_t pos = 0, n = strlen(name), len, i;
	const char *s;

	while (ta_cert_next_name(ci, &pos, &s, &len) == 0) {
		if (len != n)
			continue;
		for (i = 0; i < n && lower((unsigned char)s[i]) == lower((unsigned char)name[i]); i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

/* Counts the subjectAltName entries, or finds an iPAddress equal to
 * ip[0..len) (then returns 1, else 0). */
static size_t san_scan(const ta_cert_info *ci, const unsigned char *ip, size_t len)
{
	ta_der d, v;
	unsigned tag;
	size_t count = 0;

	if (!ci->san)
		return 0;
	d.p = ci->san;
	d.end = ci->san + ci->san_len;
	while (ta_der_get(&d, &tag, &v) == 0) {
		if (ip && tag == (TA_DER_CTX | 7) && ta_der_eq(&v, ip, len))
			return 1;
		count++;
	}
	return ip ? 0 : count;
}

size_t ta_cert_count_names(const ta_cert_info *ci)
{
	return san_scan(ci, NULL, 0);
}

int ta_cert_has_ip(const ta_cert_info *ci, const unsigned char *ip, size_t len)
{
	return (int)san_scan(ci, ip, len);
}

int ta_cert_issuer_cn(const ta_cert_info *ci, char *out, size_t cap)
{
	ta_der name, seq, rdn, atv, oid, val;
	unsigned tag;

	if (!cap)
		return TA_ERR_SPACE;
	out[0] = '\0';
	if (!ci->issuer)
		return 0;
	name.p = ci->issuer;
	name.end = ci->issuer + ci->issuer_len;
	if (ta_der_expect(&name, TA_DER_SEQUENCE, &seq))
		return 0;
	while (ta_der_expect(&seq, TA_DER_SET, &rdn) == 0)
		while (ta_der_expect(&rdn, TA_DER_SEQUENCE, &atv) == 0)
			if (ta_der_expect(&atv, TA_DER_OID, &oid) == 0 &&
			    ta_der_get(&atv, &tag, &val) == 0 &&
			    ta_der_eq(&oid, oid_cn, sizeof(oid_cn))) {
				size_t n = ta_der_len(&val);

				if (n >= cap || memchr(val.p, '\0', n)) {
					out[0] = '\0';
					return n >= cap ? TA_ERR_SPACE : TA_ERR_PARSE;
				}
				memcpy(out, val.p, n);
				out[n] = '\0';
			}
	return 0;
}
