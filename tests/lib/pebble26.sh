#!/bin/sh
# Fetches Pebble 2.6.0 (with ARI, RFC 9773) from Debian 13's suite of the
# archive this machine already uses, without touching the system's apt
# setup: a temporary sources list and state folder, `apt-get download`, and
# dpkg-deb -x into $1 (default /opt/tacme-test/pebble-2.6).  Run as root.
set -eu
dest=${1:-/opt/tacme-test/pebble-2.6}
[ -x "$dest/usr/bin/pebble" ] && exit 0
uri=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1)
[ -n "$uri" ] || uri=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v security | head -n 1)
[ -n "$uri" ] || { echo "no Debian archive address in /etc/apt" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/parts" "$tmp/lists/partial" "$tmp/dl"
cat > "$tmp/parts/trixie.sources" <<SRC
Types: deb
URIs: $uri
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt_opts="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$tmp/parts -o Dir::State::Lists=$tmp/lists"
# shellcheck disable=SC2086
apt-get -q $apt_opts update > "$tmp/update.log" 2>&1 || { cat "$tmp/update.log" >&2; exit 1; }
# shellcheck disable=SC2086
(cd "$tmp/dl" && apt-get -q $apt_opts download pebble > "$tmp/dl.log" 2>&1) || { cat "$tmp/dl.log" >&2; exit 1; }
mkdir -p "$dest"
dpkg-deb -x "$tmp"/dl/pebble_*.deb "$dest"
"$dest/usr/bin/pebble" -version > /dev/null 2>&1 || true
echo "Pebble from Debian 13 in $dest"
