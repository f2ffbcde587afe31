# valgrind memcheck over the main flows: register, issue (acme-dns), renew
# with nothing due, status, and an issuance through the hook provider: no
# invalid access, no uninitialised use, no leak.
. "$(dirname "$0")/lib.sh"
command -v valgrind > /dev/null || die "valgrind is not installed"
# The sanitizer pass has its own checks: memcheck runs on the plain build.
BIN=${TACME_FAKETIME_BIN:-$TACME_BIN}
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--track-origins=yes "$BIN" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
	[ "$rc" -ne 99 ] || die "memcheck found errors in tacme $*: $err"
}
n="vg-$$.tacme.test"
issue_conf "[web]" "names = *.$n $n" "key_type = rsa2048"
vg -c "$T/tacme.conf" register "$n"
expect_rc 0
target=$(echo "$out" | sed -n 's/.* CNAME \(.*\)\.$/\1/p')
set_cname "$n" "$target"
vg -v -c "$T/tacme.conf" issue
expect_rc 0
check_cert web "*.$n" "$n"
vg -c "$T/tacme.conf" renew
expect_rc 2
vg -c "$T/tacme.conf" status
expect_rc 0
cat > "$T/hook.sh" <<HOOK
#!/bin/sh
case "\$1" in
deploy_challenge) curl -sf -X POST -d "{\"host\":\"_acme-challenge.\$2.\",\"value\":\"\$4\"}" "$TACME_TEST_CHALLTESTSRV/set-txt" ;;
clean_challenge) curl -sf -X POST -d "{\"host\":\"_acme-challenge.\$2.\"}" "$TACME_TEST_CHALLTESTSRV/clear-txt" ;;
esac
HOOK
chmod +x "$T/hook.sh"
issue_conf "hook = $T/hook.sh" "[hooked]" "names = vghook-$$.tacme.test"
vg -c "$T/tacme.conf" issue
expect_rc 0
check_cert hooked "vghook-$$.tacme.test"
