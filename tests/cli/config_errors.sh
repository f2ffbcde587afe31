# Bad command lines and config files: exit 1 with the file, line and what
# is expected.
. "$(dirname "$0")/lib.sh"
printf 'directory = https://127.0.0.1:1/dir\nfrobnicate = yes\n' > "$T/bad.conf"
run -c "$T/bad.conf" directory
expect_rc 1
expect_err "$T/bad.conf:2: unknown key \"frobnicate\""
run -c "$T/none.conf" directory
expect_rc 1
expect_err "$T/none.conf does not exist"
run -c "$T/bad.conf" frobnicate
expect_rc 1
expect_err "unknown command frobnicate"
run --bogus
expect_rc 1
expect_err "unknown option --bogus"
run version
expect_rc 0
case "$out" in "tacme "[0-9]*) ;; *) die "version printed: $out" ;; esac
run
expect_rc 1
expect_err "usage:"
