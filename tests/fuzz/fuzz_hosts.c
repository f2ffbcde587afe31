/* Fuzz target: the resolver's file reader (port/posix/resolvfiles.c) on
 * /etc/hosts and resolv.conf texts.  The first byte picks the file kind
 * (bit 0) and a chunk size (the rest); the text is read whole, then in
 * chunks of that size, and both readings must agree.  Whatever it keeps
 * must be well-formed: counts in range, addresses of 4 or 16 bytes, IPv4
 * before IPv6, nameserver names that parse back to their addresses,
 * options within musl's caps. */
#include <stdlib.h>
#include <string.h>
#include "tacme.h"
#include "../../port/posix/resolve.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void feed(ta_cfgscan *s, const char *text, size_t n, size_t chunk)
{
	size_t i;

	for (i = 0; i < n; i += chunk)
		ta_cfgscan_feed(s, text + i, n - i < chunk ? n - i : chunk);
	ta_cfgscan_end(s);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static ta_addrs whole, parts;
	static ta_resolvconf rc1, rc2;
	const char *text = (const char *)data + 1;
	ta_cfgscan s;
	size_t n, chunk;
	unsigned i;

	if (size < 1)
		return 0;
	n = size - 1;
	chunk = (size_t)(data[0] >> 1) + 1;
	if (data[0] & 1) {
		ta_resolvconf_begin(&s, &rc1);
		feed(&s, text, n, n ? n : 1);
		ta_resolvconf_begin(&s, &rc2);
		feed(&s, text, n, chunk);
		if (memcmp(&rc1, &rc2, sizeof(rc1)) || rc1.nns > TA_NS_MAX || rc1.timeout_s < 1 ||
		    rc1.timeout_s > 60 || rc1.attempts < 1 || rc1.attempts > 10)
			abort();
		for (i = 0; i < rc1.nns; i++) {
			ta_addr back;

			if (!memchr(rc1.nsname[i], 0, sizeof(rc1.nsname[i])) ||
			    !ta_addr_parse(rc1.nsname[i], &back) || back.len != rc1.ns[i].len ||
			    memcmp(back.ip, rc1.ns[i].ip, back.len) || rc1.port[i] != 53)
				abort();
		}
		return 0;
	}
	/* /etc/hosts, asked about a name most seeds hold. */
	ta_hosts_begin(&s, "Host.Example", &whole);
	feed(&s, text, n, n ? n : 1);
	ta_hosts_begin(&s, "host.example.", &parts);
	feed(&s, text, n, chunk);
	if (whole.n != parts.n || whole.n > TA_ADDR_MAX)
		abort();
	for (i = 0; i < whole.n; i++) {
		if (whole.a[i].len != parts.a[i].len ||
		    memcmp(whole.a[i].ip, parts.a[i].ip, whole.a[i].len) ||
		    (whole.a[i].len != 4 && whole.a[i].len != 16) ||
		    (i && whole.a[i].len == 4 && whole.a[i - 1].len == 16))
			abort();
	}
	return 0;
}
