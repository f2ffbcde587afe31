/* Account and certificate management commands: account show, rollover
 * and deactivate, and revoke. */
#include <string.h>
#include "tacme.h"
#include "ta_fmt.h"
#include "tacme_port.h"
#include "ta_issue.h"
#include "ta_jws.h"
#include "ta_key.h"
#include "ta_manage.h"
#include "ta_state.h"


static int key_path(const ta_issuer *is, const char *name, char *out, size_t cap)
{
	int n = ta_snprintf(out, cap, "%s/%s", is->conf->state_dir, name);

	return n < 0 || (size_t)n >= cap ? ta_error(TA_ERR_SPACE, "state_dir too long") : 0;
}

static int show(ta_issuer *is)
{
	ta_json *j = &is->acme.json;
	char v[256], tp[44];
	int i, c;

	if ((i = ta_acme_get_account(&is->acme)) != 0)
		return i;
	ta_dprintf(TA_STDOUT, "account     %s\n", is->acme.kid);
	if (ta_json_str(j, ta_json_get(j, 0, "status"), v, sizeof(v), NULL) == 0)
		ta_dprintf(TA_STDOUT, "status      %s\n", v);
	c = ta_json_get(j, 0, "contact");
	for (i = 0; ta_json_str(j, ta_json_at(j, c, (unsigned)i), v, sizeof(v), NULL) == 0; i++)
		ta_dprintf(TA_STDOUT, "contact     %s\n", v);
	if (ta_jws_thumbprint(&is->account, tp) == 0)
		ta_dprintf(TA_STDOUT, "key         ES256, thumbprint %s\n", tp);
	return 0;
}

static int rollover(ta_issuer *is)
{
	ta_key new_key;
	char path_new[512], path[512];
	char tp[44];
	int r;

	if ((r = key_path(is, "account.key.new", path_new, sizeof(path_new))) != 0 ||
	    (r = key_path(is, "account.key", path, sizeof(path))) != 0)
		return r;
	/* The new key is on disk before the CA knows it, so a crash at any
	 * point leaves a key that works (see ta_issuer_account). */
	if ((r = ta_key_generate(&new_key, TA_KEY_EC256, 256)) == 0 &&
	    (r = ta_key_save(path_new, &new_key)) == 0) {
		if ((r = ta_acme_key_change(&is->acme, &new_key)) != 0) {
			/* The CA may have taken it although no answer came (or a
			 * resent request was refused): only the CA can say. */
			int k = ta_issuer_recover_rollover(is);

			if (k == 1)
				ta_error_clear();
			r = k == 1 ? 0 : k < 0 ? k : r;
		} else if ((r = ta_key_save(path, &new_key)) == 0) {
			ta_store_remove(path_new);
			is->account = new_key;
		}
	}
	ta_key_wipe(&new_key);
	if (r)
		return r;
	ta_jws_thumbprint(&is->account, tp);
	ta_dprintf(TA_STDOUT, "account key replaced: the old key no longer works; new thumbprint %s\n", tp);
	return 0;
}

static int deactivate(ta_issuer *is)
{
	char path[512], moved[512];
	int r;

	if ((r = ta_acme_deactivate(&is->acme)) != 0)
		return r;
	if ((r = key_path(is, "account.url", path, sizeof(path))) != 0)
		return r;
	ta_store_remove(path);
	if (key_path(is, "account.key", path, sizeof(path)) == 0 &&
	    key_path(is, "account.key.deactivated", moved, sizeof(moved)) == 0 &&
	    ta_key_save(moved, &is->account) == 0)
		ta_store_remove(path);
	ta_dprintf(TA_STDOUT, "account %s deactivated; the next issue makes a new account\n", is->acme.kid);
	return 0;
}

int ta_manage_account(ta_issuer *is, const char *what)
{
	static const char *const whats[] = { "show", "rollover", "deactivate" };
	int r, i;

	for (i = 0; i < 3 && strcmp(what, whats[i]); i++)
		;
	if (i == 3)
		return ta_error(TA_ERR_ARG, "account takes show, rollover or deactivate, not %s",
			what);
	if ((r = ta_issuer_account(is)) != 0)
		return r;
	return i == 0 ? show(is) : i == 1 ? rollover(is) : deactivate(is);
}

int ta_manage_revoke(ta_issuer *is, const ta_cert_conf *cc, int reason)
{
	ta_current cur;
	ta_state st;
	int r;

	if ((r = ta_renew_read_current(is->conf, cc, &cur)) != 0)
		return r;
	if (!cur.exists)
		return ta_error(TA_ERR_NOTFOUND, "[%s] has no certificate to revoke", cc->name);
	if ((r = ta_issuer_account(is)) != 0 ||
	    (r = ta_acme_revoke(&is->acme, cur.der, cur.len, reason)) != 0)
		return r;
	/* Due at the next renew, with a new key (a revoked certificate's key
	 * may be compromised, and a CA refuses it then).  A state that is
	 * missing or for another certificate is made for this one, or the
	 * next run would decide afresh and keep the revoked certificate. */
	if (ta_state_load(is->conf->state_dir, cc->name, &st) != 0)
		ta_error_clear();
	if (st.not_after != cur.ci.not_after) {
		memset(&st, 0, sizeof(st));
		st.not_before = cur.ci.not_before;
		st.not_after = cur.ci.not_after;
		memcpy(st.cert_id, cur.cert_id, sizeof(st.cert_id));
	}
	st.renew_at = 1;
	st.last_time = st.revoked = ta_time_now();
	ta_snprintf(st.last, sizeof(st.last), "revoked (reason %d); renew replaces it", reason);
	if ((r = ta_state_save(is->conf->state_dir, cc->name, &st)) != 0) {
		ta_error_prefix("[%s]: the certificate is revoked, but `tacme renew` will not know: "
			"run `tacme issue %s`: ", cc->name, cc->name);
		return r;
	}
	ta_dprintf(TA_STDOUT, "[%s]: certificate revoked; `tacme renew` gets a new one\n", cc->name);
	return 0;
}
