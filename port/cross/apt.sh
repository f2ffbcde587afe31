#!/bin/sh
# A private apt for the cross build: fetches Debian packages of another
# architecture (apt-get download) and Debian source packages (apt-get source)
# without changing the machine's apt configuration or dpkg's architectures.
# The deb and deb-src entries it uses reuse the archive addresses the machine
# already has (deb822 .sources files in /etc/apt/sources.list.d/ and the
# one-line /etc/apt/sources.list), for the machine's Debian release.
#
# usage: port/cross/apt.sh DIR ARCH download PKG...  (.deb files into the cwd)
#        port/cross/apt.sh DIR ARCH source PKG       (unpacked into the cwd)
# DIR is a cache folder (made if missing); ARCH a Debian architecture, or
# "any" for a source package (reuses the lists already fetched for any).
set -eu
dir=$1 arch=$2 what=$3
shift 3
if [ "$arch" = any ]; then
	arch=$(ls -d "$dir"/apt-*/lists 2>/dev/null | sed -n '1s|.*/apt-\([^/]*\)/lists$|\1|p')
	[ -n "$arch" ] || arch=$(dpkg --print-architecture)
fi
a="$dir/apt-$arch"
mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/parts" "$a/prefs"
: > "$a/status"

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$codename" ] || { echo "apt.sh: no VERSION_CODENAME in /etc/os-release" >&2; exit 1; }

# Prints "URI SUITE SIGNED-BY COMPONENT..." (SIGNED-BY "-" when none) for every
# enabled deb entry of the machine.
entries() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'BEGIN { RS = ""; FS = "\n" }
		{
			types = uris = suites = comps = ""; signed = "-"; enabled = 1
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^[ \t]*#/ || $i !~ /:/) continue
				k = $i; sub(/:.*/, "", k); v = $i; sub(/^[^:]*:[ \t]*/, "", v)
				if (k == "Types") types = v
				else if (k == "URIs") uris = v
				else if (k == "Suites") suites = v
				else if (k == "Components") comps = v
				else if (k == "Signed-By" && v ~ /^\//) signed = v
				else if (k == "Enabled" && v == "no") enabled = 0
			}
			if (!enabled || types !~ /(^| )deb( |$)/) next
			nu = split(uris, U, /[ \t]+/); ns = split(suites, S, /[ \t]+/)
			for (u = 1; u <= nu; u++) for (s = 1; s <= ns; s++)
				print U[u], S[s], signed, comps
		}' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -n 's/^[ \t]*deb[ \t]\{1,\}//p' "$f" | while read -r line; do
			signed=-
			case $line in
			\[*)
				opts=${line%%]*}
				line=${line#*]}
				case $opts in *signed-by=*)
					signed=${opts#*signed-by=}
					signed=${signed%% *} ;;
				esac ;;
			esac
			set -- $line
			[ $# -ge 3 ] || continue
			u=$1 s=$2
			shift 2
			echo "$u $s $signed $*"
		done
	done
}

entries | awk -v c="$codename" -v arch="$arch" '
	$2 == c || index($2, c "-") == 1 {
		opt = $3 == "-" ? "" : " signed-by=" $3
		key = $1 " " $2; for (i = 4; i <= NF; i++) key = key " " $i
		if (seen[key]++) next
		print "deb [arch=" arch opt "] " key
		if (opt != "") print "deb-src [" substr(opt, 2) "] " key
		else print "deb-src " key
	}' > "$a/sources.list"
[ -s "$a/sources.list" ] || { echo "apt.sh: no Debian $codename entry in the machine's apt sources" >&2; exit 1; }

apt() {
	apt-get -q -o Dir::Etc::SourceList="$a/sources.list" -o Dir::Etc::SourceParts="$a/parts" \
		-o Dir::Etc::Preferences="$a/prefs/none" -o Dir::Etc::PreferencesParts="$a/prefs" \
		-o Dir::State::Lists="$a/lists" -o Dir::State::status="$a/status" \
		-o Dir::Cache="$a/cache" -o APT::Architecture="$arch" -o APT::Architectures="$arch" \
		-o APT::Sandbox::User=root -o Debug::NoLocking=1 "$@"
}
# The package lists are fetched again after a day.
if [ -z "$(find "$a/lists" -maxdepth 1 -name '*_Sources*' -mtime -1 2>/dev/null | head -n 1)" ]; then
	apt update >&2
fi
case $what in
download) apt download "$@" ;;
source) apt source "$@" ;;
*) echo "apt.sh: unknown action $what" >&2; exit 2 ;;
esac
