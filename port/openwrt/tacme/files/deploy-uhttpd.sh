#!/bin/sh
# tacme's default deploy command on OpenWrt: installs a certificate for
# uhttpd and restarts it.  tacme runs it (without a shell) after it stored a
# new certificate:
#
#   deploy = /usr/lib/tacme/deploy-uhttpd.sh /etc/tacme/router [main]
#
# CERT_DIR is tacme's folder of the certificate (fullchain.pem, privkey.pem);
# the optional second argument is the uhttpd section (default main).  The
# files go where uhttpd reads them: uhttpd.SECTION.cert and .key, by default
# /etc/uhttpd.crt and /etc/uhttpd.key (PEM, which uhttpd reads with any of
# its TLS libraries).  Each file is replaced in one rename, the certificate
# right after the key (which is put back if the certificate cannot be); the
# key is 0600.  A uhttpd that is not enabled is not started.
# When both already hold the new contents, uhttpd is only restarted.
#
# uhttpd is restarted rather than reloaded: uhttpd reads its certificate only
# when it starts, and "reload" restarts a procd instance only when its
# command line changed, which a new certificate at the same path does not do.
#
# For the tests: TACME_ROOT prefixes /sbin/uci, /etc/init.d and the default
# paths.

ROOT=${TACME_ROOT:-}
dir=${1:-}
sec=${2:-main}

say() {
	echo "tacme deploy-uhttpd: $*" >&2
	[ -n "$ROOT" ] || logger -t tacme -p daemon.notice "deploy-uhttpd: $*" 2>/dev/null
}

if [ -z "$dir" ] || [ $# -gt 2 ]; then
	echo "usage: $0 CERT_DIR [UHTTPD_SECTION]" >&2
	exit 1
fi
for f in fullchain.pem privkey.pem; do
	if [ ! -s "$dir/$f" ]; then
		say "$dir/$f is missing or empty"
		exit 1
	fi
done
uci="$ROOT/sbin/uci"
if [ "$("$uci" -q get "uhttpd.$sec")" != uhttpd ]; then
	say "uhttpd.$sec is not a uhttpd section (is uhttpd installed?)"
	exit 1
fi
crt=$("$uci" -q get "uhttpd.$sec.cert") || crt=$ROOT/etc/uhttpd.crt
key=$("$uci" -q get "uhttpd.$sec.key") || key=$ROOT/etc/uhttpd.key
[ -n "$crt" ] || crt=$ROOT/etc/uhttpd.crt
[ -n "$key" ] || key=$ROOT/etc/uhttpd.key

# restart: restarts uhttpd unless the admin disabled it; $1 says what was
# done with the files.
restart() {
	[ -n "$("$uci" -q get "uhttpd.$sec.listen_https")" ] ||
		say "note: uhttpd.$sec has no listen_https: uhttpd does not serve HTTPS"
	if [ ! -x "$ROOT/etc/init.d/uhttpd" ]; then
		say "$1, but $ROOT/etc/init.d/uhttpd is missing"
		exit 1
	fi
	# An admin who stopped uhttpd (LuCI under nginx, say) keeps it stopped.
	if ! "$ROOT/etc/init.d/uhttpd" enabled; then
		say "$1; uhttpd is not enabled, so it was not restarted"
		exit 0
	fi
	if ! "$ROOT/etc/init.d/uhttpd" restart; then
		say "$1, but /etc/init.d/uhttpd restart failed"
		exit 1
	fi
	say "$1, uhttpd restarted"
	exit 0
}

# The files already hold it: tacme runs the deploy again only when the last
# one failed (a restart that failed, say), so uhttpd is restarted.
if cmp -s "$dir/fullchain.pem" "$crt" && cmp -s "$dir/privkey.pem" "$key"; then
	restart "$crt and $key already hold the certificate of $dir"
fi

# Both new files are written (and synced) before either is renamed, so a
# full /overlay fails before anything changed; the key's old contents are
# kept aside until the certificate is in place too, and put back if it
# cannot be: uhttpd never starts with a key and a certificate that differ.
# stage FROM TO MODE: TO.tacme-new written with MODE.
stage() {
	rm -f "$2.tacme-new" &&
	(umask 077 && cat "$1" > "$2.tacme-new") &&
	chmod "$3" "$2.tacme-new" && return 0
	say "cannot write $2.tacme-new"
	return 1
}
cleanup() {
	rm -f "$key.tacme-new" "$crt.tacme-new" "$key.tacme-old"
}
if ! stage "$dir/privkey.pem" "$key" 600 || ! stage "$dir/fullchain.pem" "$crt" 644; then
	cleanup
	exit 1
fi
sync
rm -f "$key.tacme-old"
if [ -e "$key" ] && ! (umask 077 && cp -p "$key" "$key.tacme-old"); then
	say "cannot keep a copy of $key"
	cleanup
	exit 1
fi
if ! mv -f "$key.tacme-new" "$key"; then
	say "cannot replace $key"
	cleanup
	exit 1
fi
if ! mv -f "$crt.tacme-new" "$crt"; then
	say "cannot replace $crt: $key put back"
	[ -e "$key.tacme-old" ] && mv -f "$key.tacme-old" "$key"
	cleanup
	exit 1
fi
rm -f "$key.tacme-old"
sync

restart "installed $crt and $key"
