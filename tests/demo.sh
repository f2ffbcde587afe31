#!/bin/bash
# The README's first command, after `make`: starts on loopback a local
# Pebble (the ACME CA), pebble-challtestsrv (the DNS server Pebble checks)
# and the acme-dns test server, then does what a user does with tacme:
# register the name at acme-dns, create the CNAME it prints, issue the
# certificate, and check it with openssl.  Stops the servers at the end.
set -eu
TA_TESTS=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$TA_TESTS")
. "$TA_TESTS/lib/servers.sh"
WORK=$(mktemp -d /tmp/tacme-demo.XXXXXX)
trap 'stop_servers' EXIT
sh "$TA_TESTS/lib/mkcerts.sh" "$WORK/pki"
start_dns "$WORK"
PEBBLE_DNS="127.0.0.1:$DNS_PORT" start_pebble "$WORK/pki"
start_acmedns "$WORK"
name=router.example.test
write_conf "$WORK/tacme.conf" router "$name"
echo "== config $WORK/tacme.conf"
cat "$WORK/tacme.conf"
echo "== tacme register $name"
record=$("$TOP/tacme" -c "$WORK/tacme.conf" register "$name")
echo "$record"
echo "== creating that CNAME in the test DNS server"
set_cname "$name" "${record##* CNAME }"
echo "== tacme issue"
"$TOP/tacme" -c "$WORK/tacme.conf" issue
curl -sf --cacert "$WORK/pki/ca.pem" "https://127.0.0.1:$PEBBLE_MGMT_PORT/roots/0" > "$WORK/pebble-root.pem"
echo "== openssl verify"
openssl verify -CAfile "$WORK/pebble-root.pem" -untrusted "$WORK/state/router/chain.pem" \
	"$WORK/state/router/cert.pem"
openssl x509 -in "$WORK/state/router/cert.pem" -noout -subject -ext subjectAltName -enddate
echo "== the certificate and its key are in $WORK/state/router/:"
ls -l "$WORK/state/router/"
