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
# A deploy command too long for tacme is an error in the log, not a silence.
issue_conf "hook = $T/hook.sh" "[hooked]" "names = $n" "deploy = $T/deploy.sh $(printf 'x%.0s' $(seq 600))"
run -c "$T/tacme.conf" issue hooked
expect_rc 0
expect_err "deploy command longer than 511 bytes: not run"
[ "$(wc -l < "$T/deploy.log")" = 1 ] || die "the deploy command ran anyway: $(cat "$T/deploy.log")"
# A failing hook stops the issuance with its status and stores nothing.
# (A new name: the CA reuses the valid authorization of the first one.)
printf '#!/bin/sh\nexit 3\n' > "$T/hook.sh"
issue_conf "hook = $T/hook.sh" "[broken]" "names = broken-$n"
run -c "$T/tacme.conf" issue
expect_rc 1
expect_err "exited with status 3"
no_cert_files broken
