# Certificate chains a man in the middle could present, each refused by
# both TLS backends, next to a control chain that differs only in the one
# defect and is accepted (the TLS part passes; `directory` then fails on
# the HTML page openssl s_server answers):
#   forged    a leaf for localhost signed with the key of an ordinary leaf
#             (CA:FALSE) that the trusted root issued
#   nocertsign  a leaf signed by an intermediate that is CA:TRUE but whose
#             keyUsage lacks keyCertSign
#   clientonly  a leaf for localhost whose extKeyUsage is clientAuth only
#   partial   a leaf whose only name is the partial wildcard loc*host
#   cnonly    a leaf with CN=localhost and a subjectAltName without DNS name
# Each case runs its own openssl s_server on 127.0.0.1, stopped by PID.
. "$(dirname "$0")/lib.sh"
P=$T/pki
mkdir "$P"
cd "$P" || die "no $P"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2> /dev/null; }
# cert NAME ISSUER EXT...: NAME.pem for NAME.key, signed by ISSUER (or
# self-signed when ISSUER is "-"), with the extensions given (one per arg).
cert() {
	name=$1 issuer=$2
	shift 2
	key "$name"
	: > "$name.ext"
	for e in "$@"; do echo "$e" >> "$name.ext"; done
	openssl req -new -key "$name.key" -subj "/CN=${CN:-$name}" -out "$name.csr" 2> /dev/null ||
		die "cannot make $name.csr"
	if [ "$issuer" = - ]; then
		openssl x509 -req -in "$name.csr" -signkey "$name.key" -days 30 \
			-extfile "$name.ext" -out "$name.pem" 2> /dev/null
	else
		openssl x509 -req -in "$name.csr" -CA "$issuer.pem" -CAkey "$issuer.key" \
			-CAcreateserial -days 30 -extfile "$name.ext" -out "$name.pem" 2> /dev/null
	fi || die "cannot make $name.pem"
}
CA="basicConstraints=critical,CA:TRUE"
LEAF="basicConstraints=critical,CA:FALSE"
SERVER="extendedKeyUsage=serverAuth"
HOST="subjectAltName=DNS:localhost"
cert root - "$CA" "keyUsage=critical,keyCertSign,cRLSign"
cert int root "$CA" "keyUsage=critical,keyCertSign,cRLSign"
cert nks root "$CA" "keyUsage=critical,digitalSignature"
cert evil root "$LEAF" "keyUsage=critical,digitalSignature" "$SERVER" "subjectAltName=DNS:evil.example"
cert good int "$LEAF" "$SERVER" "$HOST"
cert forged evil "$LEAF" "$SERVER" "$HOST"
cert nksleaf nks "$LEAF" "$SERVER" "$HOST"
cert direct root "$LEAF" "$SERVER" "$HOST"
cert clientonly root "$LEAF" "extendedKeyUsage=clientAuth" "$HOST"
cert partial root "$LEAF" "$SERVER" "subjectAltName=DNS:loc*host"
CN=localhost cert cnonly root "$LEAF" "$SERVER" "subjectAltName=email:admin@localhost"
cd - > /dev/null || die "cd"
# The chains are right for openssl, except the defects it also sees.
openssl verify -CAfile "$P/root.pem" -untrusted "$P/int.pem" "$P/good.pem" > /dev/null ||
	die "openssl refuses the control chain"
openssl verify -CAfile "$P/root.pem" -untrusted "$P/evil.pem" "$P/forged.pem" > /dev/null 2>&1 &&
	die "openssl takes the forged chain: the test PKI is wrong"

pid=
stop() { [ -n "$pid" ] && kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null; pid=; }
trap stop EXIT
# serve LEAF [CHAIN]: openssl s_server for LEAF (and CHAIN) on a free port;
# then asks tacme for the directory at https://localhost:PORT/.
serve() {
	port=$(free_ports 1)
	openssl s_server -quiet -accept "127.0.0.1:$port" -cert "$P/$1.pem" -key "$P/$1.key" \
		${2:+-cert_chain "$P/$2.pem"} -www > "$T/server-$1.log" 2>&1 &
	pid=$!
	python3 - "$port" <<'PY' || die "s_server for $1 did not start"
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
	conf directory="https://localhost:$port/dir" ca_file="$P/root.pem"
	run -c "$T/tacme.conf" directory
	stop
}
# accepted LEAF [CHAIN]: the handshake passes.
accepted() {
	serve "$@"
	case $err in *"TLS"*) die "$1: the control chain was refused: $err" ;; esac
	[ "$rc" -eq 1 ] || die "$1: exit code $rc from an HTML page"
}
# refused LEAF [CHAIN] WHY: the certificate is refused, saying WHY.
refused() {
	why=$3
	serve "$1" "$2"
	expect_rc 1
	case $err in
	*"TLS: the certificate"*"localhost"*"$why"*) ;;
	*) die "$1: not refused as \"$why\": $err" ;;
	esac
}
accepted good int
accepted direct
refused forged evil ""
refused nksleaf nks ""
refused clientonly "" ""
refused partial "" ""
refused cnonly "" ""
echo "forged, no-keyCertSign, clientAuth-only, partial-wildcard and CN-only chains refused; controls accepted"
