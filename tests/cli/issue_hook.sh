# The hook provider with a dehydrated-style DNS hook script (it sets TXT
# records through the test DNS server's API): every call is logged, deploy
# and clean come in pairs with the same arguments.
. "$(dirname "$0")/lib.sh"
n="hook-$$.tacme.test"
cat > "$T/hook.sh" <<HOOK
#!/bin/sh
# dehydrated hook: deploy_challenge DOMAIN TOKEN_FILENAME TOKEN_VALUE
echo "\$@" >> "$T/hook.log"
case "\$1" in
deploy_challenge)
	curl -sf -X POST -d "{\"host\":\"_acme-challenge.\$2.\",\"value\":\"\$4\"}" "$TACME_TEST_CHALLTESTSRV/set-txt" ;;
clean_challenge)
	curl -sf -X POST -d "{\"host\":\"_acme-challenge.\$2.\"}" "$TACME_TEST_CHALLTESTSRV/clear-txt" ;;
esac
HOOK
chmod +x "$T/hook.sh"
cat > "$T/deploy.sh" <<DEP
#!/bin/sh
[ -s "\$TACME_CERT_DIR/fullchain.pem" ] || exit 9
echo "deployed \$* in \$TACME_SECTION at \$TACME_CERT_DIR" >> "$T/deploy.log"
DEP
chmod +x "$T/deploy.sh"
issue_conf "hook = $T/hook.sh" "[hooked]" "names = $n" "deploy = $T/deploy.sh hooked now"
run -c "$T/tacme.conf" issue
expect_rc 0
check_cert hooked "$n"
grep -q "^deploy_challenge $n [A-Za-z0-9_-]* [A-Za-z0-9_-]\{43\}$" "$T/hook.log" || die "hook calls: $(cat "$T/hook.log")"
d=$(grep ^deploy_challenge "$T/hook.log" | cut -d' ' -f2-)
c=$(grep ^clean_challenge "$T/hook.log" | cut -d' ' -f2-)
[ "$d" = "$c" ] || die "clean_challenge args differ: $d / $c"
[ "$(cat "$T/deploy.log")" = "deployed hooked now in hooked at $T/state/hooked" ] ||
	die "deploy ran: $(cat "$T/deploy.log" 2>/dev/null)"
# A deploy command too long for tacme is an error (exit 1), not a silence.
issue_conf "hook = $T/hook.sh" "[hooked]" "names = $n" "deploy = $T/deploy.sh $(printf 'x%.0s' $(seq 600))"
run -c "$T/tacme.conf" issue hooked
expect_rc 1
expect_err "deploy command longer than 511 bytes: not run"
[ "$(wc -l < "$T/deploy.log")" = 1 ] || die "the deploy command ran anyway: $(cat "$T/deploy.log")"
# A deploy that fails is run again by the next renew (nothing else being
# due), until it succeeds; then renew is quiet again.  The certificate is
# stored whatever the deploy does.
cat > "$T/deploy2.sh" <<DEP
#!/bin/sh
echo "run \$TACME_SECTION" >> "$T/deploy2.log"
[ ! -e "$T/deploy2.fail" ] || exit 4
DEP
chmod +x "$T/deploy2.sh"
: > "$T/deploy2.fail"
issue_conf "hook = $T/hook.sh" "[hooked]" "names = $n" "deploy = $T/deploy2.sh"
serial=$(openssl x509 -in "$T/state/hooked/cert.pem" -noout -serial)
run -c "$T/tacme.conf" issue hooked
expect_rc 1
expect_err "deploy command $T/deploy2.sh exited with status 4"
[ "$(openssl x509 -in "$T/state/hooked/cert.pem" -noout -serial)" != "$serial" ] ||
	die "the new certificate was not stored when its deploy failed"
check_cert hooked "$n"
run -c "$T/tacme.conf" status
expect_rc 0
case "$out" in *"deploy      not done yet"*) ;; *) die "status does not say the deploy is pending: $out" ;; esac
run -c "$T/tacme.conf" renew
expect_rc 1
expect_err "exited with status 4"
[ "$(grep -c "^run hooked$" "$T/deploy2.log")" = 2 ] || die "renew did not run the failed deploy again: $(cat "$T/deploy2.log")"
rm "$T/deploy2.fail"
run -c "$T/tacme.conf" renew
expect_rc 0
expect_err "deploy command $T/deploy2.sh succeeded"
[ "$(grep -c "^run hooked$" "$T/deploy2.log")" = 3 ] || die "the fixed deploy did not run: $(cat "$T/deploy2.log")"
run -c "$T/tacme.conf" renew
expect_rc 2
[ "$(grep -c "^run hooked$" "$T/deploy2.log")" = 3 ] || die "a deploy that succeeded ran again: $(cat "$T/deploy2.log")"
# A deploy that keeps failing: every renew runs it and fails, without
# backing off (the renewal is not what failed), and when the certificate
# is due it is renewed all the same.
: > "$T/deploy2.fail"
run -c "$T/tacme.conf" issue hooked
expect_rc 1
for i in 1 2; do
	run -c "$T/tacme.conf" renew
	expect_rc 1
	expect_err "exited with status 4 (run again at the next renew)"
done
serial=$(openssl x509 -in "$T/state/hooked/cert.pem" -noout -serial)
sed -i 's/"renew_at":[0-9]*/"renew_at":1/' "$T/state/hooked.state"
grep -q '"renew_at":1,' "$T/state/hooked.state" || die "cannot make the certificate due: $(cat "$T/state/hooked.state")"
run -c "$T/tacme.conf" renew
expect_rc 1
expect_err "renewing: "
[ "$(openssl x509 -in "$T/state/hooked/cert.pem" -noout -serial)" != "$serial" ] ||
	die "a failing deploy held back the renewal: $err"
rm "$T/deploy2.fail"
run -c "$T/tacme.conf" renew
expect_rc 0
run -c "$T/tacme.conf" status
case "$out" in *"failed in a row"* | *"last run"*failed*) die "status after the deploy succeeded: $out" ;; esac
case "$out" in *"last run"*"deployed, valid until"*) ;; *) die "status does not say deployed: $out" ;; esac
# A damaged state file: renew decides afresh from the certificate (not due).
echo garbage > "$T/state/hooked.state"
run -c "$T/tacme.conf" renew
expect_rc 2
# A failing hook stops the issuance with its status and stores nothing.
# (A new name: the CA reuses the valid authorization of the first one.)
printf '#!/bin/sh\nexit 3\n' > "$T/hook.sh"
issue_conf "hook = $T/hook.sh" "[broken]" "names = broken-$n"
run -c "$T/tacme.conf" issue
expect_rc 1
expect_err "exited with status 3"
no_cert_files broken
# renew backs off after failures in a row: after the first, the next run
# tries again; after the second, it waits (an hourly cron job would make
# an order every hour); `issue` tries at once; status tells when.
run -c "$T/tacme.conf" renew
expect_rc 1
expect_err "exited with status 3"
run -c "$T/tacme.conf" renew
expect_rc 2
expect_err "[broken]: due (there is no certificate yet), but the last 2 attempts failed: the next one after"
run -c "$T/tacme.conf" status
case "$out" in *"next try"*"(2 failed in a row)"*) ;; *) die "status does not show the backoff: $out" ;; esac
run -c "$T/tacme.conf" issue broken
expect_rc 1
expect_err "exited with status 3"
# The backoff holds when the state is not the certificate's (lost, or a
# certificate copied in): [hooked] with its state removed and a new name.
rm "$T/state/hooked.state"
issue_conf "hook = $T/hook.sh" "[hooked]" "names = $n other-$n"
for i in 1 2; do
	run -c "$T/tacme.conf" renew hooked
	expect_rc 1
	expect_err "exited with status 3"
done
run -c "$T/tacme.conf" renew hooked
expect_rc 2
expect_err "[hooked]: due (the configured names changed), but the last 2 attempts failed"
# A renewal that fails while a deploy of the certificate in place is pending
# (and fails too): the renewal's failures still back off.  (The failing
# hook logs its calls now.)
printf '#!/bin/sh\necho "$@" >> "%s"\nexit 3\n' "$T/hook.log" > "$T/hook.sh"
: > "$T/deploy2.fail"
issue_conf "hook = $T/hook.sh" "[hooked]" "names = $n other-$n" "deploy = $T/deploy2.sh"
echo '{"deploy_pending":1}' > "$T/state/hooked.state"
for i in 1 2; do
	run -c "$T/tacme.conf" renew hooked
	expect_rc 1
	expect_err "exited with status 3"
done
calls=$(wc -l < "$T/hook.log")
run -c "$T/tacme.conf" renew hooked
expect_rc 1                       # the deploy, run again, failed again
expect_err "but the last 2 attempts failed"
[ "$(wc -l < "$T/hook.log")" = "$calls" ] || die "no backoff: the hook was called again"
# A deploy still marked pending whose deploy line was removed since: the
# mark goes, quietly; nothing ran, so nothing was done (exit 2).
issue_conf "hook = $T/hook.sh" "[hooked]" "names = $n"
echo '{"deploy_pending":1}' > "$T/state/hooked.state"
run -c "$T/tacme.conf" renew hooked
expect_rc 2
run -c "$T/tacme.conf" status
case "$out" in *"deploy      not done yet"*) die "the deploy mark stayed without a deploy line: $out" ;; esac
