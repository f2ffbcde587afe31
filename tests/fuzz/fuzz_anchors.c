/* libFuzzer target for the BearSSL build's CA bundle reader
 * (port/bearssl/anchors.c): the input is written to a file and scanned for
 * the anchors whose subject is the first certificate's subject in the input
 * (or a fixed Name when there is none).  Every anchor found must carry
 * exactly that Name, a key of a supported kind within bounds, and the
 * count returned must match the set; a bundle error must be TA_ERR_CERT.
 * Aborts on any broken property. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tacme.h"
#include "ta_cert.h"
#include "../../port/bearssl/inner.h"

#define ASSERT(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static char path[] = "/tmp/tacme-fuzz-anchors.XXXXXX";
static int fd = -1;

static void check_anchor(const br_x509_trust_anchor *ta, const unsigned char *dn, size_t dn_len)
{
	ASSERT(ta->dn.len == dn_len && !memcmp(ta->dn.data, dn, dn_len));
	if (ta->pkey.key_type == BR_KEYTYPE_RSA) {
		ASSERT(ta->pkey.key.rsa.nlen > 0 && ta->pkey.key.rsa.elen > 0);
		ASSERT(ta->pkey.key.rsa.nlen + ta->pkey.key.rsa.elen <= TA_ANCHOR_KEY_MAX);
	} else {
		ASSERT(ta->pkey.key_type == BR_KEYTYPE_EC);
		ASSERT(ta->pkey.key.ec.qlen <= TA_ANCHOR_KEY_MAX);
		ASSERT(ta->pkey.key.ec.curve == BR_EC_secp256r1 ||
		       ta->pkey.key.ec.curve == BR_EC_secp384r1 ||
		       ta->pkey.key.ec.curve == BR_EC_secp521r1);
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static unsigned char der[8192], dn[TA_DN_MAX];
	static ta_anchor_set set;
	static const unsigned char fixed[] = { 0x30, 0x0d, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03,
		0x55, 0x04, 0x03, 0x0c, 0x02, 'C', 'A' };
	size_t dn_len = sizeof(fixed), pos = 0, i;
	ta_cert_info ci;
	int r;

	if (fd < 0 && (fd = mkstemp(path)) < 0)
		abort();
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	memcpy(dn, fixed, sizeof(fixed));
	if (ta_cert_next((const char *)data, size, &pos, der, sizeof(der), &ci) == 0 &&
	    ci.subject_len <= sizeof(dn)) {
		memcpy(dn, ci.subject, ci.subject_len);
		dn_len = ci.subject_len;
	}
	memset(&set, 0, sizeof(set));
	r = ta_anchor_find(path, dn, dn_len, &set);
	ta_error_clear();
	if (r < 0) {
		ASSERT(r == TA_ERR_CERT && set.n == 0);
		return 0;
	}
	ASSERT((size_t)r == set.n && set.n <= CONFIG_TLS_ANCHORS_MAX);
	for (i = 0; i < set.n; i++)
		check_anchor(&set.ta[i], dn, dn_len);
	return 0;
}
