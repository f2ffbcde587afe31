#!/bin/sh
# Writes tacme's configuration file from the UCI config /etc/config/tacme.
#
# usage: uci2conf.sh [OUTPUT]        (default /var/etc/tacme.conf)
#
# Exit 0: OUTPUT written, or removed when tacme.account.enabled is 0.
# Exit 1: /etc/config/tacme has errors; each is reported on stderr as
# "tacme.SECTION.OPTION: what is wrong" and OUTPUT is left as it was.
#
# tacme.conf is one "key = value" per line with no quoting and no escapes, and
# deploy commands are split on spaces without a shell, so a value that would
# change meaning there (a line break, a control character, a quote or a
# backslash, leading or trailing spaces) is refused instead of written.
#
# For the tests: TACME_ROOT prefixes /lib/functions.sh, /sbin/uci and /var;
# TACME_LIBDIR is where deploy-uhttpd.sh lives (default /usr/lib/tacme).

ROOT=${TACME_ROOT:-}
LIBDIR=${TACME_LIBDIR:-/usr/lib/tacme}
OUT=${1:-$ROOT/var/etc/tacme.conf}
LE=https://acme-v02.api.letsencrypt.org/directory
LE_STAGING=https://acme-staging-v02.api.letsencrypt.org/directory
NL='
'

. "$ROOT/lib/functions.sh"

errors=0
err() {
	echo "tacme: $*" >&2
	errors=$((errors + 1))
}
warn() {
	echo "tacme: warning: $*" >&2
}

# val SECTION OPTION: sets $v to the option's value; returns 0 when it is set
# and fits tacme.conf, 1 (reported) when it does not, 2 when it is unset.
val() {
	config_get v "$1" "$2"
	[ -n "$v" ] || return 2
	case $v in
	*"$NL"*)
		err "tacme.$1.$2: contains a line break: tacme.conf takes one value per line"
		return 1 ;;
	*[[:cntrl:]]*)
		err "tacme.$1.$2: contains a control character (tab, carriage return...)"
		return 1 ;;
	*[\"\'\\]*)
		err "tacme.$1.$2: contains a quote or a backslash, which tacme would take literally: tacme.conf has no quoting or escapes and deploy runs without a shell (in a URL, percent-encode it)"
		return 1 ;;
	" "*|*" ")
		err "tacme.$1.$2: starts or ends with a space"
		return 1 ;;
	esac
	return 0
}

put() {
	printf '%s = %s\n' "$1" "$2" >> "$tmp"
}

# path SECTION OPTION KEY: an absolute path option, written as KEY.
path() {
	val "$1" "$2" || return 0
	case $v in
	/*) put "$3" "$v" ;;
	*) err "tacme.$1.$2: \"$v\" is not an absolute path" ;;
	esac
}

key_type_ok() {
	case $1 in
	ec256|ec384|rsa2048|rsa3072|rsa4096) return 0 ;;
	esac
	return 1
}

# Options each section type knows; others get a warning (a typo would
# otherwise be dropped silently).
known() {
	case "$1:$2" in
	account:enabled|account:directory|account:staging|account:email|\
	account:eab_kid|account:eab_hmac_key|account:key_type|account:state_dir|\
	account:ca_file|account:dns_resolver|account:proxy|account:hook|account:log|\
	acmedns:url|acmedns:credentials|\
	certificate:enabled|certificate:domains|certificate:key_type|\
	certificate:key_reuse|certificate:preferred_chain|certificate:profile|\
	certificate:deploy|certificate:uhttpd_section)
		return 0 ;;
	esac
	return 1
}
cur_type=
config_cb() {
	cur_type=$1
	cur_name=$2
	case $1 in
	''|account|acmedns|certificate) ;;
	*) warn "tacme.$2: unknown section type \"$1\" (account, acmedns, certificate): ignored" ;;
	esac
}
option_cb() {
	case $cur_type in
	account|acmedns|certificate)
		known "$cur_type" "$1" || warn "tacme.$cur_name.$1: unknown option: ignored" ;;
	esac
}
list_cb() {
	option_cb "$@"
}

accounts=
acmedns=
add_account() { accounts="$accounts${accounts:+ }$1"; }
add_acmedns() { acmedns="$acmedns${acmedns:+ }$1"; }

config_load tacme || {
	echo "tacme: cannot read the UCI config tacme (/etc/config/tacme)" >&2
	exit 1
}
config_foreach add_account account
config_foreach add_acmedns acmedns
case $accounts in
'') echo "tacme: /etc/config/tacme has no \"config account\" section" >&2; exit 1 ;;
*" "*) echo "tacme: /etc/config/tacme has more than one account section ($accounts): keep one" >&2; exit 1 ;;
esac
case $acmedns in
*" "*) echo "tacme: /etc/config/tacme has more than one acmedns section ($acmedns): keep one" >&2; exit 1 ;;
esac
a=$accounts

config_get_bool enabled "$a" enabled 1
if [ "$enabled" != 1 ]; then
	rm -f "$OUT"
	echo "tacme: disabled (tacme.$a.enabled is 0): $OUT removed, nothing will be renewed" >&2
	exit 0
fi

mkdir -p "${OUT%/*}" || exit 1
umask 077
tmp="$OUT.tmp.$$"
trap 'rm -f "$tmp" "$tmp.err"' EXIT
trap 'exit 1' INT TERM
{
	echo "# Written by $LIBDIR/uci2conf.sh from /etc/config/tacme: edit that file"
	echo "# (uci) and run /etc/init.d/tacme reload, not this one."
} > "$tmp" || exit 1

# ---------------------------------------------------------------- account
if val "$a" directory; then
	case $v in
	https://*|http://*) put directory "$v" ;;
	*) err "tacme.$a.directory: \"$v\" is not an http(s):// URL" ;;
	esac
elif [ $? = 2 ]; then
	config_get_bool staging "$a" staging 0
	if [ "$staging" = 1 ]; then put directory "$LE_STAGING"; else put directory "$LE"; fi
fi
path "$a" ca_file ca_file
state_dir=/etc/tacme
if val "$a" state_dir; then
	case $v in
	*" "*) err "tacme.$a.state_dir: \"$v\" has a space (deploy commands get it as an argument)" ;;
	/*) state_dir=$v; put state_dir "$v" ;;
	*) err "tacme.$a.state_dir: \"$v\" is not an absolute path" ;;
	esac
fi
if val "$a" email; then
	e=${v#mailto:}
	case $e in
	*" "*|*@*@*) err "tacme.$a.email: \"$v\" is not an email address" ;;
	?*@?*) put contact "mailto:$e" ;;
	*) err "tacme.$a.email: \"$v\" is not an email address" ;;
	esac
fi
val "$a" eab_kid; kid=$?
[ $kid = 0 ] && put eab_kid "$v"
val "$a" eab_hmac_key; hmac=$?
[ $hmac = 0 ] && put eab_hmac_key "$v"
if { [ $kid = 2 ] && [ $hmac != 2 ]; } || { [ $kid != 2 ] && [ $hmac = 2 ]; }; then
	err "tacme.$a: eab_kid and eab_hmac_key go together (External Account Binding)"
fi
if val "$a" dns_resolver; then
	case $v in
	*[/\ ]*) err "tacme.$a.dns_resolver: \"$v\" is not host or host:port" ;;
	*) put dns_resolver "$v" ;;
	esac
fi
if val "$a" proxy; then
	case $v in
	http://*) put proxy "$v" ;;
	*) err "tacme.$a.proxy: not http://[user:password@]host:port (the value is not shown: it may hold a password)" ;;
	esac
fi
path "$a" hook hook
log=syslog
if val "$a" log; then
	log=$v
elif [ $? = 1 ]; then
	log=
fi
case $log in
stderr|syslog) put log "$log" ;;
'') ;;
*) err "tacme.$a.log: \"$log\" is not stderr or syslog" ;;
esac
default_key_type=
if val "$a" key_type; then
	if key_type_ok "$v"; then
		default_key_type=$v
	else
		err "tacme.$a.key_type: \"$v\" is not ec256, ec384, rsa2048, rsa3072 or rsa4096"
	fi
fi

# ---------------------------------------------------------------- acme-dns
if [ -n "$acmedns" ]; then
	if val "$acmedns" url; then
		case $v in
		https://*|http://*) put acmedns_url "$v" ;;
		*) err "tacme.$acmedns.url: \"$v\" is not an http(s):// URL" ;;
		esac
	elif [ $? = 2 ]; then
		err "tacme.$acmedns.url: missing (e.g. https://auth.acme-dns.io)"
	fi
	path "$acmedns" credentials acmedns_credentials
else
	config_get v "$a" hook
	[ -n "$v" ] || warn "neither an acmedns section nor tacme.$a.hook: dns-01 challenges cannot be answered"
fi

# ---------------------------------------------------------------- certificates
# Names go to tacme as one space-separated line: a list item with a space
# would silently become two names.
domain_item() {
	case $1 in
	*[!A-Za-z0-9.*-]*|'') err "tacme.$2.domains: \"$1\" is not a DNS name" ;;
	esac
}
ncerts=0
uhttpd_used=
cert() {
	s=$1

	config_get_bool en "$s" enabled 1
	[ "$en" = 1 ] || return 0
	case $s in
	cfg[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f])
		err "tacme.$s: a certificate section needs a name (config certificate 'router'): it names the folder $state_dir/NAME"
		return ;;
	esac
	ncerts=$((ncerts + 1))
	printf '\n[%s]\n' "$s" >> "$tmp"
	if val "$s" domains; then
		config_get len "$s" domains_LENGTH
		if [ -n "$len" ]; then
			config_list_foreach "$s" domains domain_item "$s"
		else
			set -f
			for d in $v; do
				domain_item "$d" "$s"
			done
			set +f
		fi
		put names "$v"
	elif [ $? = 2 ]; then
		err "tacme.$s.domains: missing (list domains 'router.example.com')"
	fi
	kt=$default_key_type
	if val "$s" key_type; then
		if key_type_ok "$v"; then
			kt=$v
		else
			err "tacme.$s.key_type: \"$v\" is not ec256, ec384, rsa2048, rsa3072 or rsa4096"
		fi
	fi
	[ -z "$kt" ] || put key_type "$kt"
	if val "$s" key_reuse; then
		config_get_bool reuse "$s" key_reuse x
		case $reuse in
		1) put key_reuse yes ;;
		0) put key_reuse no ;;
		*) err "tacme.$s.key_reuse: \"$v\" is not 0 or 1" ;;
		esac
	fi
	val "$s" preferred_chain && put preferred_chain "$v"
	val "$s" profile && put profile "$v"
	deploy=uhttpd
	if val "$s" deploy; then
		deploy=$v
	elif [ $? = 1 ]; then
		deploy=none
	fi
	case $deploy in
	none) ;;
	uhttpd)
		us=main
		if val "$s" uhttpd_section; then
			us=$v
		elif [ $? = 1 ]; then
			return
		fi
		case $us in
		*[!A-Za-z0-9_@\[\]-]*)
			err "tacme.$s.uhttpd_section: \"$us\" is not a uhttpd section name"
			return ;;
		esac
		case " $uhttpd_used " in
		*" $us "*)
			err "tacme.$s.deploy: another certificate already deploys to uhttpd.$us" ;;
		esac
		uhttpd_used="$uhttpd_used $us"
		put deploy "$LIBDIR/deploy-uhttpd.sh $state_dir/$s $us" ;;
	/*) put deploy "$deploy" ;;
	*) err "tacme.$s.deploy: \"$deploy\" is not uhttpd, none, or an absolute program path and its arguments" ;;
	esac
}
config_foreach cert certificate
[ "$ncerts" -gt 0 ] || warn "no enabled certificate section: nothing to renew"

# tacme reads the result before it replaces the working file: a value this
# script lets through but tacme refuses would otherwise stop every renewal.
BIN=${TACME_BIN:-/usr/bin/tacme}
if [ "$errors" = 0 ] && [ -x "$BIN" ] && ! "$BIN" -c "$tmp" status > /dev/null 2> "$tmp.err"; then
	while IFS= read -r line; do
		line=${line#tacme: }
		err "tacme refuses the result: ${line#config failed: }"
	done < "$tmp.err"
	[ "$errors" -gt 0 ] || err "tacme refuses the configuration written from /etc/config/tacme"
fi
rm -f "$tmp.err"
if [ "$errors" -gt 0 ]; then
	echo "tacme: $errors error(s) in /etc/config/tacme: $OUT was not changed" >&2
	exit 1
fi
mv -f "$tmp" "$OUT" || exit 1
trap - EXIT
exit 0
