/* Account and certificate management commands. */
#ifndef TA_MANAGE_H
#define TA_MANAGE_H

#include "ta_conf.h"
#include "ta_issue.h"

/* `tacme account show|rollover|deactivate`: prints the account, replaces
 * its key (the new key stored atomically, written before the CA is told),
 * or deactivates it.  Returns 0 or an error. */
int ta_manage_account(ta_issuer *is, const char *what);
/* `tacme revoke SECTION [--reason N]`: revokes the section's certificate
 * and makes it due for renewal.  Returns 0 or an error. */
int ta_manage_revoke(ta_issuer *is, const ta_cert_conf *cc, int reason);

#endif
