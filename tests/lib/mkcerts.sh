#!/bin/sh
# Makes the test PKI in folder $1: a root CA (ca.pem), a server certificate
# for localhost / 127.0.0.1 / ::1 (server.pem, server.key), one from the same
# CA for another name only (wrongname.pem/.key), and a self-signed one that
# nothing trusts (untrusted.pem/.key).  All keys are P-256.
set -eu
d=$1
mkdir -p "$d"
cd "$d"
ecparam() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ecparam ca.key
openssl req -x509 -new -key ca.key -subj "/CN=tacme test root" -days 3650 \
	-addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem 2>/dev/null
leaf() {
	name=$1 san=$2
	ecparam "$name.key"
	openssl req -new -key "$name.key" -subj "/CN=$name" -out "$name.csr" 2>/dev/null
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$san" > "$name.ext"
	openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
		-days 3650 -extfile "$name.ext" -out "$name.pem" 2>/dev/null
}
leaf server "DNS:localhost,IP:127.0.0.1,IP:::1"
leaf wrongname "DNS:wrong.example"
ecparam untrusted.key
openssl req -x509 -new -key untrusted.key -subj "/CN=localhost" -days 3650 \
	-addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -out untrusted.pem 2>/dev/null
