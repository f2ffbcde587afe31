/* tacme's own name resolver, behind ta_net_connect and the DNS transport
 * (instead of the C library's getaddrinfo, which brings a second resolver
 * into a static binary): IP literals, /etc/hosts, then the nameservers of
 * /etc/resolv.conf asked for A and AAAA records with dnsq.c.  Port-internal:
 * src/ never includes this.
 *
 * resolvfiles.c reads /etc/hosts and /etc/resolv.conf; resolve.c does the
 * lookup. */
#ifndef TA_RESOLVE_H
#define TA_RESOLVE_H

#include <stddef.h>
#include <sys/socket.h>
#include "ta_dns.h"

#define TA_ADDR_MAX 8           /* addresses kept for one name (musl: 48);
                                 * ta_net_connect tries them in turn */
#define TA_NS_MAX 3             /* nameservers used, as in musl (MAXNS) */

/* An IPv4 (len 4) or IPv6 (len 16) address in network byte order. */
typedef struct ta_addr {
	unsigned char len;
	unsigned char ip[16];
} ta_addr;

/* The addresses of one name, IPv4 ones first, then IPv6 ones. */
typedef struct ta_addrs {
	unsigned n;
	ta_addr a[TA_ADDR_MAX];
} ta_addrs;

/* What the resolver takes from resolv.conf. */
typedef struct ta_resolvconf {
	const char *path;           /* named in messages ("/etc/resolv.conf") */
	unsigned nns;               /* nameservers, in file order */
	ta_addr ns[TA_NS_MAX];
	char nsname[TA_NS_MAX][48]; /* each as written, for messages */
	unsigned port[TA_NS_MAX];   /* 53 (the file has no port syntax; tests
	                             * point it at their own server) */
	unsigned timeout_s;         /* options timeout:N, 1..60 (musl: 5) */
	unsigned attempts;          /* options attempts:N, 1..10 (musl: 2) */
} ta_resolvconf;

/* State of the /etc/hosts and resolv.conf reader between chunks: a line is
 * split into whitespace-separated words, '#' (and ';' in resolv.conf)
 * starts a comment.  Any line length and any file size are read whole; a
 * word longer than a name can be (255 bytes) matches nothing. */
typedef struct ta_cfgscan {
	char word[TA_DNS_NAME_MAX];
	size_t len;                 /* bytes of word */
	unsigned nword;             /* words before it on this line */
	int toolong, comment, resolv;
	/* /etc/hosts: the name looked for and what was found */
	const char *name;
	size_t namelen;
	ta_addr line_addr;          /* the current line's address (len 0: none) */
	int line_done;              /* its address was taken already */
	ta_addrs *out;
	/* resolv.conf */
	ta_resolvconf *rc;
	int kind;                   /* first word: 1 nameserver, 2 options */
} ta_cfgscan;

/* Parses an IPv4 (dotted quad) or IPv6 literal s, no brackets, into *a.
 * Returns 1, or 0 when s is no IP address. */
int ta_addr_parse(const char *s, ta_addr *a);

/* Fills *ss with a (port in host order) and returns its length. */
socklen_t ta_addr_sockaddr(const ta_addr *a, unsigned port, struct sockaddr_storage *ss);

/* Starts reading an /etc/hosts text for name (exact, case-insensitive, one
 * trailing dot ignored, on any name of a line); the addresses of matching
 * lines go to out (the caller's; emptied here), the first TA_ADDR_MAX. */
void ta_hosts_begin(ta_cfgscan *s, const char *name, ta_addrs *out);
/* Starts reading a resolv.conf text into rc (the caller's; set here to
 * musl's defaults: no nameserver, timeout 5 s, 2 attempts, path NULL).
 * Nameservers after the third are ignored, as by musl; so are those that
 * are no IP literal, or have a zone (fe80::1%eth0: not supported). */
void ta_resolvconf_begin(ta_cfgscan *s, ta_resolvconf *rc);
/* Feeds text[0..len) (any chunk of the file) to the reader. */
void ta_cfgscan_feed(ta_cfgscan *s, const char *text, size_t len);
/* Ends the text (a last line without a newline counts); for /etc/hosts,
 * orders out with IPv4 addresses first. */
void ta_cfgscan_end(ta_cfgscan *s);
/* Reads the file at path through s (begun by the caller) in chunks and
 * ends it (ta_cfgscan_end).  Returns 0, TA_ERR_NOTFOUND when there is no
 * such file or it may not be read (s has seen nothing, as musl treats it),
 * or TA_ERR_IO (recorded). */
int ta_cfgscan_file(ta_cfgscan *s, const char *path);
/* Reads resolv.conf at path into rc; without any nameserver line (or
 * without the file) rc gets 127.0.0.1, as musl does.  Returns 0 or
 * TA_ERR_IO (recorded). */
int ta_resolvconf_load(const char *path, ta_resolvconf *rc);

/* Resolves host: an IP literal is used as it is; a name is looked up in
 * hosts_path (an /etc/hosts file), then asked of rc's nameservers (A and
 * AAAA at once, each query resent every timeout/attempts seconds until
 * timeout, TCP when an answer is truncated).  Names are absolute: no search
 * list, no ndots.  out is the caller's.  Returns 0 with out->n > 0, or
 * TA_ERR_NET / TA_ERR_TIMEOUT with a message "cannot resolve HOST: ..."
 * recorded (TA_ERR_RAND, recorded, when there is no randomness for the
 * query ids; rc NULL: /etc/resolv.conf is read). */
int ta_resolve_with(const char *host, const char *hosts_path, const ta_resolvconf *rc,
	ta_addrs *out);
/* ta_resolve_with for /etc/hosts and /etc/resolv.conf. */
int ta_resolve(const char *host, ta_addrs *out);

#endif
