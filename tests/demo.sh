#!/bin/bash
# The README's first command, after `make`: starts a local Pebble on
# loopback with a test PKI and runs tacme's job against it through tacme's
# own TLS, HTTP and JSON code, then stops Pebble.
set -eu
TA_TESTS=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$TA_TESTS")
. "$TA_TESTS/lib/servers.sh"
WORK=$(mktemp -d /tmp/tacme-demo.XXXXXX)
trap 'stop_servers' EXIT
sh "$TA_TESTS/lib/mkcerts.sh" "$WORK/pki"
start_pebble "$WORK/pki"
cat > "$WORK/tacme.conf" <<CONF
# tacme demo against a local Pebble
directory = $PEBBLE_DIR_URL
ca_file = $WORK/pki/ca.pem
CONF
echo "config: $WORK/tacme.conf"
"$TOP/tacme" -c "$WORK/tacme.conf" directory
