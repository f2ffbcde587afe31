/* Private key files on disk: PEM through keyfile.c, 0600 through the
 * store, scratch memory wiped. */
#include <string.h>
#include "tacme.h"
#include "tacme_port.h"
#include "ta_buf.h"
#include "ta_key.h"

int ta_key_load(const char *path, ta_key *k)
{
	char pem[4096];              /* an RSA-4096 key is 3.3 KB; wiped after use */
	size_t len;
	int r = ta_store_read(path, pem, sizeof(pem), &len);

	if (r == 0) {
		r = ta_key_from_pem(k, pem, len);
		if (r)
			r = ta_error(r, "%s is not a private key tacme can read", path);
	}
	ta_wipe(pem, sizeof(pem));
	return r;
}

int ta_key_save(const char *path, const ta_key *k)
{
	char pem[4096];              /* wiped after use */
	ta_buf b;
	int r;

	ta_buf_init(&b, pem, sizeof(pem));
	r = ta_key_to_pem(&b, k);
	if (r == 0)
		r = ta_store_write(path, pem, b.len, 1);
	ta_wipe(pem, sizeof(pem));
	return r;
}
