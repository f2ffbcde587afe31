#!/bin/sh
# Adds or removes tacme's line in busybox crond's crontab; both are
# idempotent: "add" keeps an existing line (and its minute), "remove" leaves
# a crontab without the line untouched.  Other lines are kept as they are.
#
# usage: crontab.sh add|remove [CRONTAB]     (default /etc/crontabs/root)
#
# The line runs `tacme renew` every hour at a minute picked at random on
# install; --jitter spreads the first request of a run over 15 more minutes,
# for fleets installed from one image.  A run with nothing due makes no
# connection.  It does nothing while /var/etc/tacme.conf is absent (tacme
# disabled in /etc/config/tacme, or the init script not run yet).

TAB=${2:-${TACME_ROOT:-}/etc/crontabs/root}
MARK='# tacme renewal'
CONF=/var/etc/tacme.conf

has_line() {
	[ -f "$TAB" ] && grep -qF -- "$MARK" "$TAB"
}

# replace: moves $TAB.tmp over $TAB (crond reads 0600 crontabs).
replace() {
	chmod 600 "$TAB.tmp" && mv -f "$TAB.tmp" "$TAB" || {
		rm -f "$TAB.tmp"
		echo "tacme: cannot write $TAB" >&2
		exit 1
	}
}

case ${1:-} in
add)
	has_line && exit 0
	mkdir -p "${TAB%/*}" || exit 1
	min=$(awk -v seed="$$" 'BEGIN { srand(); srand(srand() + seed); print int(rand() * 60) % 60 }')
	{
		[ ! -f "$TAB" ] || awk 1 "$TAB"
		echo "$min * * * * [ -f $CONF ] && /usr/bin/tacme -q -c $CONF --jitter 900 renew $MARK"
	} > "$TAB.tmp" || exit 1
	replace ;;
remove)
	has_line || exit 0
	grep -vF -- "$MARK" "$TAB" > "$TAB.tmp"
	replace ;;
*)
	echo "usage: $0 add|remove [CRONTAB]" >&2
	exit 1 ;;
esac
exit 0
