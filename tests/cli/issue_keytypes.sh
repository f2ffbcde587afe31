# Every key type, in one run with one account: the certificate carries a
# key of the type asked for.
. "$(dirname "$0")/lib.sh"
n="keys-$$.tacme.test"
issue_conf "[ec256]" "names = $n" "[ec384]" "names = $n" "key_type = ec384" \
	"[rsa2048]" "names = $n" "key_type = rsa2048" "[rsa3072]" "names = $n" "key_type = rsa3072" \
	"[rsa4096]" "names = $n" "key_type = rsa4096"
register "$n"
run -c "$T/tacme.conf" issue
expect_rc 0
for s in ec256 ec384 rsa2048 rsa3072 rsa4096; do
	check_cert "$s" "$n"
	t=$(openssl x509 -in "$T/state/$s/cert.pem" -noout -text)
	case $s in
	ec256) want="NIST CURVE: P-256" ;;
	ec384) want="NIST CURVE: P-384" ;;
	rsa*) want="Public-Key: (${s#rsa} bit)" ;;
	esac
	case "$t" in *"$want"*) ;; *) die "$s: no \"$want\" in the certificate" ;; esac
done
