# Renewal on ARI advice against Pebble 2.6.0: the first renew issues; an
# immediate renew exits 2 with no connection and no file written; later,
# renewalInfo is polled once its Retry-After has passed; past the chosen
# moment renew renews with "replaces", deploy runs once more, and the key
# is new unless key_reuse.
. "$(dirname "$0")/lib.sh"
n="ari-$$.tacme.test"
cat > "$T/deploy.sh" <<DEP
#!/bin/sh
echo "\$1" >> "$T/deploy.log"
DEP
chmod +x "$T/deploy.sh"
issue_conf26 "[new]" "names = $n" "deploy = $T/deploy.sh new" \
	"[same]" "names = $n" "key_reuse = yes" "deploy = $T/deploy.sh same"
register "$n"
run -c "$T/tacme.conf" renew
expect_rc 0
check_cert new "$n"
check_cert same "$n"
[ "$(grep -c new "$T/deploy.log")" = 1 ] || die "deploy ran $(grep -c new "$T/deploy.log") times"
[ "$(state_field new ari)" = True ] || die "the state does not know the CA offers ARI"
id=$(state_field new cert_id)

# Nothing due: no connection at all, no file written, exit 2, silent with -q.
touch "$T/marker"
sleep 1
nolsan strace -f -qq -e trace=connect -o "$T/strace" "$TACME_BIN" -q -c "$T/tacme.conf" renew > "$T/out" 2> "$T/err"
rc=$?
expect_rc 2
[ ! -s "$T/err" ] || die "renew -q printed: $(cat "$T/err")"
grep -E "sin6?_port" "$T/strace" && die "renew with nothing due connected somewhere"
[ -z "$(find "$T/state" -newer "$T/marker")" ] || die "renew with nothing due wrote $(find "$T/state" -newer "$T/marker")"

# After the ARI Retry-After: one poll (directory + renewalInfo), a window.
next=$(( $(state_field new ari_next) > $(state_field same ari_next) ? $(state_field new ari_next) : $(state_field same ari_next) ))
runat $((next + 60)) -v -c "$T/tacme.conf" renew
expect_rc 2
[ "$(state_field new window_start)" != 0 ] || die "renewalInfo was not asked"
polls=$(grep -c "GET .*renewalInfo" "$T/err")
[ "$polls" = 2 ] || die "$polls renewalInfo polls for two certificates: $err"
ws=$(state_field new window_start) we=$(state_field new window_end) ra=$(state_field new renew_at)
[ "$ra" -ge "$ws" ] && [ "$ra" -le "$we" ] || die "renew_at $ra outside the window $ws..$we"

# Past the chosen moment: renewed with replaces, deployed again.
old_key=$(openssl pkey -in "$T/state/new/privkey.pem" -pubout | sha256sum)
old_same=$(openssl pkey -in "$T/state/same/privkey.pem" -pubout | sha256sum)
late=$(( $(state_field new renew_at) > $(state_field same renew_at) ? $(state_field new renew_at) : $(state_field same renew_at) ))
runat $((late + 1)) -v -c "$T/tacme.conf" renew
expect_rc 0
expect_err "the order replaces $id"
case $err in *"refused the order replacing"*) die "the CA refused replaces=$id: $err" ;; esac
expect_err "its renewal time has come"
[ "$(grep -c new "$T/deploy.log")" = 2 ] || die "deploy did not run once more"
[ "$(state_field new cert_id)" != "$id" ] || die "the certificate id did not change"
[ "$(openssl pkey -in "$T/state/new/privkey.pem" -pubout | sha256sum)" != "$old_key" ] || die "the key was reused"
[ "$(openssl pkey -in "$T/state/same/privkey.pem" -pubout | sha256sum)" = "$old_same" ] || die "key_reuse made a new key"
check_cert new "$n"

# A "replaces" the CA refuses (here: a certificate it never issued, with
# the right issuer key id) must not block renewal, now or at later runs:
# tacme orders again without it, once.
python3 - "$T/state/same.state" "$late" <<'PY'
import json, sys
p, late = sys.argv[1], int(sys.argv[2])
d = json.load(open(p))
d["cert_id"] = d["cert_id"].split(".")[0] + ".AQ"
d["renew_at"], d["ari_next"] = late, late + 10**7
json.dump(d, open(p, "w"))
PY
bogus=$(state_field same cert_id)
runat $((late + 2)) -v -c "$T/tacme.conf" renew
expect_rc 0
expect_err "the CA refused the order replacing $bogus"
expect_err 'ordering without "replaces"'
case $err in *"the order replaces $bogus"*) die "claims the refused id was replaced: $err" ;; esac
[ "$(grep -c same "$T/deploy.log")" = 3 ] || die "[same] was not renewed without replaces"
[ "$(state_field same cert_id)" != "$bogus" ] || die "the refused id is still kept"
check_cert same "$n"

# A renewalInfo poll that fails (the CA does not know the id) while nothing
# is due: a warning, exit 2 (nothing due), and the next poll is put off
# instead of asked again at every cron run.
now=$(date +%s)
python3 - "$T/state/new.state" "$now" <<'PY'
import json, sys
p, now = sys.argv[1], int(sys.argv[2])
d = json.load(open(p))
d["cert_id"] = d["cert_id"].split(".")[0] + ".AQ"
d["renew_at"], d["ari_next"] = now + 10 * 86400, now - 10
json.dump(d, open(p, "w"))
PY
run -v -c "$T/tacme.conf" renew new
expect_rc 2
expect_err "renewalInfo: GET"
expect_err "asking again in"
[ "$(state_field new ari_next)" -ge $((now + 60)) ] || die "the failed poll did not put off the next one"
run -v -c "$T/tacme.conf" renew new
expect_rc 2
case "$err" in *"GET "*renewalInfo*) die "renewalInfo asked again at once: $err" ;; esac
