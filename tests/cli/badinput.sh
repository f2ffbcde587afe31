# Bad input on the command line and in the config file: every case exits 1
# (never a signal, never a sanitizer report) with a message that names the
# option or the file and line, and the problem.  Complements config_errors.sh
# (unknown key, missing file, unknown command and option) and the unit
# tests in tests/test_conf.c.
. "$(dirname "$0")/lib.sh"
cases=0 conftext=

# bad_run SUBSTRING... -- ARGS...: tacme ARGS exits 1 without crashing and
# stderr holds every SUBSTRING.
bad_run() {
	want=()
	while [ "$1" != -- ]; do
		want+=("$1")
		shift
	done
	shift
	run "$@"
	cases=$((cases + 1))
	what="case $cases (tacme $(printf '%s ' "$@" | cut -c1-80)${conftext:+; config: $conftext})"
	[ "$rc" -lt 128 ] || die "$what: killed by signal $((rc - 128)); stderr: $err"
	[ "$rc" -eq 1 ] || die "$what: exit code $rc, expected 1; stderr: $(echo "$err" | cut -c1-400)"
	case "$err" in *Sanitizer*|*"runtime error"*) die "$what: sanitizer report: $err" ;; esac
	for w in "${want[@]}"; do
		case "$err" in *"$w"*) ;; *) die "$what: stderr lacks \"$w\": $(echo "$err" | cut -c1-400)" ;; esac
	done
	# Messages are one or a few lines, whatever the input's size.
	[ "${#err}" -lt 2000 ] || die "$what: a ${#err}-byte message"
	return 0
}

# bad_conf TEXT SUBSTRING...: the config TEXT (printf format) is refused by
# `tacme status` with "tacme.conf:" and every SUBSTRING.
bad_conf() {
	printf "$1" > "$T/tacme.conf"
	shift
	conftext=$(head -c 160 "$T/tacme.conf" | cat -v | tr '\n' '|')
	bad_run "config failed: $T/tacme.conf" "$@" -- -c "$T/tacme.conf" status
	conftext=
}

D='directory = https://127.0.0.1:1/dir\n'
printf "${D}state_dir = $T/state\n[a]\nnames = a.example\n" > "$T/ok.conf"
big=$(head -c 102400 /dev/zero | tr '\0' 'x')

# --- command line ---
bad_run "unknown command frobnicate" "usage:" -- -c "$T/ok.conf" frobnicate
bad_run "unknown option -x" "usage:" -- -x status
bad_run "unknown option --jitter=5" -- --jitter=5 status
bad_run "-c needs a FILE" -- -c
bad_run "-c needs a FILE" -- -c "" status
bad_run "--jitter needs a number of seconds" -- -c "$T/ok.conf" --jitter
bad_run "--jitter needs a number of seconds" 'not "abc"' -- --jitter abc status
bad_run "--jitter needs a number of seconds" 'not "-5"' -- --jitter -5 status
bad_run "--jitter needs a number of seconds" 'not "99999999999999999999"' -- --jitter 99999999999999999999 status
bad_run "--jitter needs a number of seconds from 0 to 604800" 'not "604801"' -- --jitter 604801 status
bad_run "--jitter needs a number" 'not "1.5"' -- --jitter 1.5 status
bad_run "--jitter needs a number" 'not ""' -- --jitter "" status
bad_run "--wait-clock needs a number of seconds" 'not "1e3"' -- --wait-clock 1e3 status
bad_run "--wait-clock needs a number of seconds" 'not " 5"' -- --wait-clock " 5" status
bad_run "--reason needs an RFC 5280 reason code, 0-6 or 8-10" 'not "11"' -- -c "$T/ok.conf" revoke a --reason 11
bad_run "--reason needs an RFC 5280 reason code" 'not "7"' -- -c "$T/ok.conf" revoke a --reason 7
bad_run "--reason needs an RFC 5280 reason code" 'not "-1"' -- -c "$T/ok.conf" revoke a --reason -1
bad_run "--reason needs an RFC 5280 reason code" 'not "x"' -- -c "$T/ok.conf" revoke a --reason x
bad_run "--reason needs an RFC 5280 reason code" 'not "99999999999999999999"' -- -c "$T/ok.conf" revoke a --reason 99999999999999999999
bad_run "--reason needs an RFC 5280 reason code" -- -c "$T/ok.conf" revoke a --reason
bad_run "unknown option --reason (it goes after revoke SECTION)" -- --reason 1 -c "$T/ok.conf" revoke a
bad_run "usage: tacme revoke SECTION [--reason N]" -- -c "$T/ok.conf" revoke
bad_run "usage: tacme revoke SECTION [--reason N]" -- -c "$T/ok.conf" revoke a --bogus 1
bad_run "no section [b] in $T/ok.conf" -- -c "$T/ok.conf" revoke b
bad_run "no section [nosuch] in $T/ok.conf" -- -c "$T/ok.conf" issue nosuch
bad_run "no section [nosuch] in $T/ok.conf" -- -c "$T/ok.conf" renew a nosuch
bad_run "no section [-v] in $T/ok.conf (options go before the command)" -- -c "$T/ok.conf" issue -v
bad_run "status takes no arguments" -- -c "$T/ok.conf" status a
bad_run "directory takes no arguments" -- -c "$T/ok.conf" directory x
bad_run "usage: tacme account show|rollover|deactivate" -- -c "$T/ok.conf" account
bad_run "account takes show, rollover or deactivate, not foo" -- -c "$T/ok.conf" account foo
bad_run "register needs the names to register" -- -c "$T/ok.conf" register
bad_run "$T/ok.conf: set acmedns_url to register at acme-dns" -- -c "$T/ok.conf" register a.example

# -c: a folder, an unreadable file, an empty file, a binary file.
mkdir "$T/confdir"
bad_run "config failed: cannot read $T/confdir: Is a directory" -- -c "$T/confdir" status
# Unreadable: root reads any file, so tacme runs as nobody (setpriv), on a
# file in a folder of its own that nobody may enter.
U=$(mktemp -d /tmp/tacme-badinput.XXXXXX)
trap 'rm -rf "$U"' EXIT
chmod 755 "$U"
cp "$T/ok.conf" "$U/secret.conf"
chmod 000 "$U/secret.conf"
if [ "$(id -u)" -eq 0 ]; then
	cat > "$U/as_nobody" <<SH
#!/bin/sh
exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$TACME_BIN" "\$@"
SH
	chmod 755 "$U/as_nobody"
	saved=$TACME_BIN
	TACME_BIN=$U/as_nobody
	bad_run "config failed: cannot open $U/secret.conf: Permission denied" -- -c "$U/secret.conf" status
	TACME_BIN=$saved
else
	bad_run "config failed: cannot open $U/secret.conf: Permission denied" -- -c "$U/secret.conf" status
fi
: > "$T/empty.conf"
bad_run "config failed: $T/empty.conf: directory = <ACME directory URL> is missing" -- -c "$T/empty.conf" status
python3 -c 'import random, sys; random.seed(7); sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(4000)))' > "$T/binary.conf"
printf '\x7fELF\x02\x01\x01\x00\x00' > "$T/elf.conf"
bad_run "config failed: $T/binary.conf:" "the configuration is a text file of key = value lines" -- -c "$T/binary.conf" status
bad_run "config failed: $T/elf.conf:1: control byte 0x7f" -- -c "$T/elf.conf" status
printf "${D}# a comment\n\x00\n" > "$T/nul.conf"
bad_run "config failed: $T/nul.conf:3: NUL byte 0x00" -- -c "$T/nul.conf" status

# 100 KB arguments: cut in the message, never a crash.
bad_run "unknown command xxxxxxxxxx" "..." -- -c "$T/ok.conf" "$big"
bad_run "unknown option -xxxxxxxxxx" "..." -- "-$big" status
bad_run "no section [xxxxxxxxxx" "...] in $T/ok.conf" -- -c "$T/ok.conf" issue "$big"
bad_run "-c: the file name is longer than 1024 bytes" -- -c "$big" status
bad_run "--jitter needs a number of seconds" 'not "1111' -- --jitter "$(echo "$big" | tr x 1)" status
printf "${D}state_dir = $T/state\nacmedns_url = http://127.0.0.1:1\n" > "$T/reg.conf"
bad_run "register: \"xxxxxxxxxx" "...\" is not a DNS name" -- -c "$T/reg.conf" register "$big"
bad_run "register: \"a_b!.example\" is not a DNS name" -- -c "$T/reg.conf" register ok.example 'a_b!.example'
bad_run "register: \"intranet\" is not a DNS name" -- -c "$T/reg.conf" register intranet
# Labels as the config reader takes them: not starting or ending with '-',
# at most 63 characters, one "*." at most.
bad_run "register: \"a.-b.example\" is not a DNS name" -- -c "$T/reg.conf" register a.-b.example
bad_run "register: \"a-.example\" is not a DNS name" -- -c "$T/reg.conf" register a-.example
bad_run "register: \"*.*.example\" is not a DNS name" -- -c "$T/reg.conf" register '*.*.example'
bad_run "register: \"$(printf %060d 0)...\" is not a DNS name" -- -c "$T/reg.conf" register "$(printf %064d 0).example"
bad_run 'register: "a\x1b[0m.example" is not a DNS name' -- -c "$T/reg.conf" register $'a\e[0m.example'
# Control characters are shown escaped, never sent to the terminal.
bad_run 'unknown command \x1b]0;pwned\x07' -- -c "$T/ok.conf" $'\e]0;pwned\a'
case "$err" in *$'\e'*) die "an escape character reached the terminal" ;; esac
bad_run 'no section [a\x01\x7fb\x0d] in' -- -c "$T/ok.conf" issue $'a\x01\x7fb\r'
bad_run 'unknown option -\x08\x08' -- $'-\b\b' status

# --- config file: each key with a bad value ---
bad_conf 'directory = not a url\n' "tacme.conf:1: bad directory \"not a url\": expected the CA's ACME directory URL"
bad_conf 'directory = http://ca.example/dir\n' "tacme.conf:1: bad directory \"http://ca.example/dir\": expected https:// (RFC 8555 requires HTTPS)"
bad_conf 'directory = https://ca.example:99999/dir\n' "tacme.conf:1: bad directory \"https://ca.example:99999/dir\""
bad_conf 'directory = https:///dir\n' "tacme.conf:1: bad directory"
bad_conf "${D}acmedns_url = auth.acme-dns.io\n" "tacme.conf:2: bad acmedns_url \"auth.acme-dns.io\": expected the acme-dns server URL"
bad_conf "${D}proxy = https://proxy.lan:3128\n" "tacme.conf:2: bad proxy \"https://proxy.lan:3128\": expected http://" "https:// proxies are not supported"
bad_conf "${D}proxy = socks5://user:Pr0xyPassw0rd@proxy.lan:1080\n" "tacme.conf:2: bad proxy \"socks5://...@proxy.lan:1080\""
case "$err" in *Pr0xyPassw0rd*) die "the proxy password was shown" ;; esac
bad_conf "${D}dns_resolver = 192.0.2.1:99999\n" "tacme.conf:2: bad dns_resolver \"192.0.2.1:99999\": expected host, host:port (port 1-65535)"
bad_conf "${D}dns_resolver = 192.0.2.1:dns\n" "tacme.conf:2: bad dns_resolver \"192.0.2.1:dns\""
bad_conf "${D}dns_resolver = [::1\n" "tacme.conf:2: bad dns_resolver \"[::1\""
bad_conf "${D}dns_resolver = 192.0.2.1 53\n" "tacme.conf:2: bad dns_resolver \"192.0.2.1 53\""
bad_conf "${D}dns_resolver = https://dns.example/\n" "tacme.conf:2: bad dns_resolver"
bad_conf "${D}log = /var/log/tacme.log\n" "tacme.conf:2: bad log \"/var/log/tacme.log\": expected stderr"
bad_conf "${D}contact = admin@example.com\n" "tacme.conf:2: bad contact \"admin@example.com\": expected mailto:you@example.com"
bad_conf "${D}contact = mailto:nobody\n" "tacme.conf:2: bad contact \"mailto:nobody\""
bad_conf "${D}eab_kid = kid-1\neab_hmac_key = Not-Base64!S3cretMacKey\n" "tacme.conf:3: bad eab_hmac_key: expected the base64url MAC key" "at least 16 bytes"
case "$err" in *S3cretMacKey*) die "the bad EAB key was shown" ;; esac
bad_conf "${D}eab_kid = kid-1\neab_hmac_key = c2hvcnQ\n" "tacme.conf:3: bad eab_hmac_key" "at least 16 bytes"
bad_conf "${D}eab_hmac_key = c2VjcmV0LWhtYWMta2V5LWZvci10ZXN0cw\n" "tacme.conf: eab_kid and eab_hmac_key go together"
bad_conf "${D}state_dir = /$(head -c 300 /dev/zero | tr '\0' s)\n" "tacme.conf:2: state_dir is longer than 255 characters"
bad_conf "${D}ca_file =\n" "tacme.conf:2: ca_file needs a value: a PEM file of trusted roots"
bad_conf "${D}[a]\nnames = a.example\nkey_type = ec521\n" "tacme.conf:4: bad key_type \"ec521\": expected ec256, ec384, rsa2048, rsa3072 or rsa4096"
bad_conf "${D}[a]\nnames = a.example\nkey_type = EC256\n" "tacme.conf:4: bad key_type \"EC256\""
bad_conf "${D}[a]\nnames = a.example\nkey_reuse = true\n" "tacme.conf:4: bad key_reuse \"true\": expected yes or no"
bad_conf "${D}[a]\nnames = a.example\nkey_type = ec256\nkey_type = ec384\n" "tacme.conf:5: key_type is set twice"
# names with invalid characters and shapes: the bad name is named.
bad_conf "${D}[a]\nnames = ok.example bad_name.example\n" "tacme.conf:3: bad names: \"bad_name.example\" is not a DNS name"
bad_conf "${D}[a]\nnames = a..example\n" "tacme.conf:3: bad names: \"a..example\" is not a DNS name"
bad_conf "${D}[a]\nnames = intranet\n" "tacme.conf:3: bad names: \"intranet\" is not a DNS name"
bad_conf "${D}[a]\nnames = www.example.com.\n" "tacme.conf:3: bad names: \"www.example.com.\""
bad_conf "${D}[a]\nnames = a.*.example\n" "tacme.conf:3: bad names: \"a.*.example\""
bad_conf "${D}[a]\nnames = **.example\n" "tacme.conf:3: bad names: \"**.example\""
bad_conf "${D}[a]\nnames = a.example,b.example\n" "tacme.conf:3: bad names: \"a.example,b.example\""
bad_conf "${D}[a]\nnames = a.example b.example A.Example\n" "tacme.conf:3: bad names: A.Example is there twice"
bad_conf "${D}[a]\nnames = *.a.example b.example *.a.example\n" "tacme.conf:3: bad names: *.a.example is there twice"
bad_conf "${D}[a]\nnames = -lead.example\n" "tacme.conf:3: bad names: \"-lead.example\""
bad_conf "${D}[a]\nnames = trail-.example\n" "tacme.conf:3: bad names: \"trail-.example\""
bad_conf "${D}[a]\nnames = h\xc3\xa9.example\n" "tacme.conf:3: bad names: \"h"
bad_conf "${D}[a]\nnames = $(head -c 64 /dev/zero | tr '\0' l).example\n" "tacme.conf:3: bad names: \"llll"
bad_conf "${D}[a]\nnames = $(head -c 300 /dev/zero | tr '\0' 'a' | sed 's/a\{50\}/&./g')example\n" "tacme.conf:3: bad names: \"aaaa" "...\" is not a DNS name"
bad_conf "${D}[a]\nnames = $(for i in $(seq 33); do printf 'n%d.example ' $i; done)\n" "tacme.conf:3: bad names: more than 32 names (Kconfig MAX_NAMES)"
bad_conf "${D}[a]\nnames =\n" "tacme.conf:3: names needs a value"
# Structure: sections, duplicates, missing keys, lines.
bad_conf "${D}[a]\nnames = a.example\n[b]\nnames = b.example\n[a]\nnames = c.example\n" "tacme.conf:6: [a] appears twice (first on line 2)"
bad_conf "${D}[a]\nnames = a.example\n[b]\n" "tacme.conf:4: [b] needs names = <DNS names>"
bad_conf "contact = mailto:a@example.com\n[a]\nnames = a.example\n" "tacme.conf: directory = <ACME directory URL> is missing"
bad_conf "${D}directory = https://other.example/dir\n" "tacme.conf:2: directory is set twice"
bad_conf "${D}[a]\nnames = a.example\nnames_extra = b.example\n" "tacme.conf:4: unknown key \"names_extra\" in a certificate section"
bad_conf "${D}key_type = ec384\n" "tacme.conf:2: unknown key \"key_type\" before the first [section]"
bad_conf "${D}[a]\nnames = a.example\nacmedns_url = https://auth.example\n" "tacme.conf:4: unknown key \"acmedns_url\" in a certificate section"
bad_conf "${D}[a]\nnames = a.example\njust some words\n" "tacme.conf:4: expected key = value"
bad_conf "${D}# fine\n\n  \n[a]\nnames a.example\n" "tacme.conf:6: expected key = value"
bad_conf "${D}= value\n" "tacme.conf:2: bad key \"\": expected key = value"
bad_conf "${D}two words = value\n" "tacme.conf:2: bad key \"two words\""
bad_conf "${D}[a b]\nnames = a.example\n" "tacme.conf:2: a section name is letters, digits, '_', '-' and '.'"
bad_conf "${D}[..]\nnames = a.example\n" "tacme.conf:2: a section name is letters, digits, '_', '-' and '.' (not first)"
bad_conf "${D}[]\n" "tacme.conf:2: a section name is letters"
bad_conf "${D}[a\nnames = a.example\n" "tacme.conf:2: expected [section]"
bad_conf "${D}[a] # web\nnames = a.example\n" "tacme.conf:2: expected [section]"
bad_conf "${D}[$(head -c 100 /dev/zero | tr '\0' s)]\nnames = a.example\n" "tacme.conf:2: section name longer than 64 characters"
bad_conf "${D}contact = mailto:a@example.com\x1b[2J\n" "tacme.conf:2: control byte 0x1b"
case "$err" in *$'\e'*) die "an escape character from the config reached the terminal" ;; esac
bad_conf "${D}deploy\x08\x08 = x\n" "tacme.conf:2: control byte 0x08"
bad_conf "${D}contact = mailto:a@exa\rmple.com\n" "tacme.conf:2: control byte 0x0d"
# Overlong lines.
bad_conf "${D}$(head -c 5000 /dev/zero | tr '\0' k) = v\n" "tacme.conf:2: unknown key \"kkkkkkkkkk" "...\" before the first [section]"
bad_conf "directory = https://ca.example/$(head -c 5000 /dev/zero | tr '\0' p)\n" "tacme.conf:1: bad directory: longer than 1024 characters"
bad_conf "directory = https://$(head -c 600 /dev/zero | tr '\0' h).example/dir\n" "tacme.conf:1: bad directory \"https://hhhh"
bad_conf "${D}hook = /$(head -c 6000 /dev/zero | tr '\0' p)\n" "tacme.conf:2: hook is longer than 255 characters"
# Too many sections (CONFIG_MAX_CERTS is 16 by default).
{ printf "$D"; for i in $(seq 17); do printf '[s%d]\nnames = s%d.example\n' "$i" "$i"; done; } > "$T/many.conf"
bad_run "config failed: $T/many.conf:34: more than 16 certificates (Kconfig MAX_CERTS)" -- -c "$T/many.conf" status
# Larger than the config text buffer (8 KB): refused, not cut.
{ printf "$D"; for i in $(seq 600); do printf "# comment line %d\\n" "$i"; done; } > "$T/huge.conf"
[ "$(stat -c %s "$T/huge.conf")" -gt 8192 ] || die "huge.conf is not large enough"
bad_run "config failed: $T/huge.conf is larger than 8191 bytes" -- -c "$T/huge.conf" status
head -c 1000000 /dev/zero | tr '\0' '#' > "$T/mega.conf"
bad_run "config failed: $T/mega.conf is larger than 8191 bytes" -- -c "$T/mega.conf" status

# The good config still loads (the checks above are not blanket refusals).
printf "${D}contact = mailto:a@example.com\ndns_resolver = [::1]:5353\nproxy = http://u:p@proxy.lan:3128\neab_kid = kid-1\neab_hmac_key = c2VjcmV0LWhtYWMta2V5LWZvci10ZXN0cw\n[a]\nnames = a.example *.a.example x-1.b.example\nkey_type = ec384\nkey_reuse = yes\n" > "$T/good.conf"
run -c "$T/good.conf" status
expect_rc 0
echo "$cases bad inputs refused with a clear message"
