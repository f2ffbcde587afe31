/* dns-01 values, and the DNS checks around them: the CNAME delegation
 * before ordering and the wait until a TXT value is visible. */
#include <stdio.h>
#include <string.h>
#include "tacme.h"
#include "tacme_port.h"
#include "tacme_tls.h"
#include "ta_b64.h"
#include "ta_buf.h"
#include "ta_dns01.h"
#include "ta_jws.h"

int ta_dns01_value(const ta_key *account, const char *token, char out[44])
{
	char ka[256];
	unsigned char h[TA_SHA256_LEN];
	int n, r;

	r = ta_jws_thumbprint(account, out);
	if (r)
		return r;
	n = snprintf(ka, sizeof(ka), "%s.%s", token, out);
	if (n < 0 || (size_t)n >= sizeof(ka))
		return ta_error(TA_ERR_SPACE, "challenge token too long");
	ta_sha256(ka, (size_t)n, h);
	{
		ta_buf b;

		ta_buf_init(&b, out, 44);
		ta_b64url_put(&b, h, sizeof(h));
		return ta_buf_cstr(&b);
	}
}
