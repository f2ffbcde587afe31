/* Port layer contract: everything tacme needs from the operating system.
 * Implemented in port/<os>/; src/ includes this, never an OS header. */
#ifndef TACME_PORT_H
#define TACME_PORT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- network: TCP client ------------------------------------------------ */
typedef struct ta_net {
	int fd;                 /* -1 when closed */
	unsigned timeout_ms;    /* bound on each connect, read and write */
	uint32_t until_ms;      /* ta_time_ms() at which every wait ends (0: none) */
	unsigned limit_ms;      /* what until_ms was set to, for the message */
} ta_net;

/* Resolves host (name or IPv4/IPv6 literal, no brackets) and connects to the
 * first address that answers, trying each in turn, each attempt bounded by
 * timeout_ms.  Returns 0, TA_ERR_NET or TA_ERR_TIMEOUT (message recorded). */
int ta_net_connect(ta_net *n, const char *host, unsigned port, unsigned timeout_ms);
/* Ends every wait of n (reads and writes, whatever the TLS layer above
 * asks) limit_ms from now, so a server dripping bytes cannot hold tacme
 * longer; ta_net_connect sets 2 x timeout_ms for the proxy and the TLS
 * handshake. */
void ta_net_limit(ta_net *n, unsigned limit_ms);
/* Reads up to len bytes.  Returns the count (> 0), 0 at end of stream, or
 * TA_ERR_NET / TA_ERR_TIMEOUT. */
int ta_net_read(ta_net *n, unsigned char *buf, size_t len);
/* Writes all len bytes.  Returns 0, TA_ERR_NET or TA_ERR_TIMEOUT. */
int ta_net_write(ta_net *n, const unsigned char *buf, size_t len);
/* Closes the socket (idempotent). */
void ta_net_close(ta_net *n);
/* Number of TCP connections opened by this process so far (for tests and
 * benchmarks). */
unsigned ta_net_connect_count(void);

/* ---- store: files ------------------------------------------------------- */
/* Reads the whole file into buf[0..cap).  Returns 0 and sets *len,
 * TA_ERR_NOTFOUND if it does not exist, TA_ERR_SPACE if it is larger than
 * cap (nothing is truncated silently), TA_ERR_IO otherwise. */
int ta_store_read(const char *path, void *buf, size_t cap, size_t *len);
/* Reads the file at path from start to end in chunks of up to 1 KB and
 * passes each to feed(ctx, chunk, len) (len > 0; chunk is this function's
 * stack buffer, valid only during the call).  A non-zero return of feed
 * stops the scan and is returned.  Nothing is recorded: the caller words the
 * message, errno (port code) telling why.  Returns 0 at the end of the file,
 * TA_ERR_NOTFOUND when it cannot be opened (missing, not readable, or any
 * other reason), or TA_ERR_IO when a read failed (the chunks before it were
 * fed). */
int ta_store_scan(const char *path, int (*feed)(void *ctx, const char *chunk, size_t len),
	void *ctx);
/* Replaces path atomically with p[0..len): a temporary file in the same
 * folder (mode 0600 from its first byte when secret, else 0644), fsync,
 * rename, fsync of the folder.  Returns 0 or TA_ERR_IO. */
int ta_store_write(const char *path, const void *p, size_t len, int secret);
/* Creates a folder (mode 0700 when secret, else 0755) if it is missing.
 * Returns 0 or TA_ERR_IO. */
int ta_store_mkdir(const char *path, int secret);
/* Returns 1 if path exists, 0 if not. */
int ta_store_exists(const char *path);
/* Makes linkpath a symbolic link to target, atomically replacing whatever
 * link was there (a temporary link renamed over it, then the folder is
 * synced).  Returns 0 or TA_ERR_IO. */
int ta_store_symlink(const char *target, const char *linkpath);
/* Reads the target of the symbolic link at path into out (NUL-terminated).
 * Returns 0, TA_ERR_NOTFOUND (no such link), TA_ERR_SPACE or TA_ERR_IO. */
int ta_store_readlink(const char *path, char *out, size_t cap);
/* Removes a file (missing is fine) or an empty folder.  Returns 0 or
 * TA_ERR_IO. */
int ta_store_remove(const char *path);
int ta_store_rmdir(const char *path);
/* Calls cb(ctx, name) for each entry of folder dir (not . and ..); a
 * non-zero return stops the walk and is returned.  Returns 0 or TA_ERR_IO. */
int ta_store_list(const char *dir, int (*cb)(void *ctx, const char *name), void *ctx);

/* ---- lock ---------------------------------------------------------------- */
/* Takes an exclusive lock on the file at path (created 0600 if missing),
 * waiting for it when wait is set.  The kernel drops the lock when the
 * process ends, so a killed run never blocks the next.  Returns a handle
 * (>= 0), TA_ERR_CLOSED when another run holds it and wait is 0, or
 * TA_ERR_IO. */
int ta_lock(const char *path, int wait);
/* Releases a lock from ta_lock. */
void ta_unlock(int handle);

/* ---- processes ---------------------------------------------------------- */
/* Runs argv[0] (searched in PATH when it has no '/') with argv, without a
 * shell, in a process group of its own, and waits at most timeout_s
 * seconds (then kills the group: it and what it started).  Its
 * environment is the current one, where each "NAME=value" of env_add (a
 * NULL-terminated list of distinct names, or NULL; the caller's strings,
 * only read) replaces or adds the variable NAME.  *status gets the exit
 * status, or -1 when it was killed or died on a signal.  Returns 0 when it
 * ran (whatever its status), TA_ERR_TIMEOUT, TA_ERR_ARG when an entry of
 * env_add is no "NAME=value", or TA_ERR_IO when it could not be started
 * (also when the environment would have more than 256 variables). */
int ta_proc_run(const char *const *argv, const char *const *env_add, unsigned timeout_s,
	int *status);

/* ---- time and randomness ------------------------------------------------ */
/* Wall clock, seconds since 1970-01-01 UTC. */
int64_t ta_time_now(void);
/* Monotonic milliseconds (wraps after 49 days; use differences). */
uint32_t ta_time_ms(void);
/* Sleeps s seconds. */
void ta_time_sleep(unsigned s);
/* Sleeps ms milliseconds. */
void ta_time_sleep_ms(unsigned ms);
/* Fills buf with len bytes from the kernel's CSPRNG (getrandom, else
 * /dev/urandom).  Returns 0 or TA_ERR_RAND; never a weak fallback. */
int ta_rand(void *buf, size_t len);

/* ---- environment -------------------------------------------------------- */
/* Value of an environment variable, or NULL.  (Programs tacme starts get
 * variables of their own through ta_proc_run's env_add.) */
const char *ta_env(const char *name);

/* ---- output ------------------------------------------------------------- */
/* Standard output and error, for ta_dprintf. */
#define TA_STDOUT 1
#define TA_STDERR 2
/* Formats like ta_snprintf (include/ta_fmt.h) and writes all of it to the
 * file descriptor fd, in pieces through a small stack buffer, so output of
 * any length is written whole.  Returns the number of bytes written, or -1
 * when a write failed. */
int ta_dprintf(int fd, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Writes p[0..len) whole to fd, again after EINTR and short writes.
 * Returns 0, or -1 with errno set. */
int ta_write_all(int fd, const void *p, size_t len);

/* ---- log ---------------------------------------------------------------- */
/* Chooses where ta_log writes: "stderr" (default) or "syslog" (datagrams
 * to /dev/log, facility daemon, and stderr too when it is a terminal;
 * stderr when there is none); level is the
 * most verbose level printed (TA_LOG_ERR..TA_LOG_DEBUG).  Returns 0 or
 * TA_ERR_CONFIG for an unknown target or syslog not built in. */
int ta_log_open(const char *target, int level);
/* Makes sure descriptors 0, 1 and 2 are open (on /dev/null when they were
 * closed): else the first socket or lock file opened would take one, and
 * the output or the log would go into it.  Call first thing. */
void ta_std_fds(void);
/* Logs one line at level (TA_LOG_*).  Never pass secrets. */
void ta_log(int level, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* ta_log with a va_list, for functions that log their own format. */
void ta_vlog(int level, const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 0)))
#endif
	;
/* Returns 1 if level would be printed. */
int ta_log_enabled(int level);

/* ---- DNS transport (port/posix/udp.c) ---------------------------------- */
/* Sends query[0..qlen) to host:port (an IP address, or a name resolved by
 * the system) from a connected UDP socket and waits up to timeout_ms for a
 * datagram whose first two bytes (the DNS id) match the query's; others are
 * ignored.  answer[0..cap) is the caller's.  Returns 0 with *alen set,
 * TA_ERR_TIMEOUT (nothing recorded: the caller retries), TA_ERR_NET (e.g.
 * port unreachable) or TA_ERR_SPACE (datagram larger than cap), recorded. */
int ta_udp_exchange(const char *host, unsigned port, const void *query, size_t qlen,
	void *answer, size_t cap, size_t *alen, unsigned timeout_ms);
/* The same over TCP with two-byte length prefixes (RFC 1035 4.2.2), for
 * truncated answers; timeout_ms bounds the connect, and then the rest.
 * Returns 0, TA_ERR_NET, TA_ERR_TIMEOUT, TA_ERR_CLOSED or TA_ERR_SPACE,
 * recorded. */
int ta_dns_tcp_exchange(const char *host, unsigned port, const void *query, size_t qlen,
	void *answer, size_t cap, size_t *alen, unsigned timeout_ms);
/* Writes nameserver k (modulo their number, set in *count) of
 * /etc/resolv.conf into out[0..cap), an IPv6 address in brackets ("[::1]",
 * ready for ":port"); 127.0.0.1, as musl, when the file or its nameserver
 * lines are missing.  Returns 0, TA_ERR_NOTFOUND (the file is unreadable)
 * or TA_ERR_SPACE. */
int ta_dns_default_resolver(char *out, size_t cap, unsigned k, unsigned *count);

#endif
