# Helpers for the command-line tests (sourced).  tests/check.sh exports
# TACME_BIN, TACME_TEST_* and TACME_TEST_WORK.
set -u
T=$(mktemp -d "$TACME_TEST_WORK/cli.XXXXXX")

die() {
	echo "FAILED: $*"
	exit 1
}

# conf KEY=VALUE...: writes $T/tacme.conf.
conf() {
	: > "$T/tacme.conf"
	for kv in "$@"; do
		printf '%s = %s\n' "${kv%%=*}" "${kv#*=}" >> "$T/tacme.conf"
	done
}

# run ARGS...: runs tacme, sets $rc, $out (stdout) and $err (stderr).
run() {
	"$TACME_BIN" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

expect_rc() {
	[ "$rc" -eq "$1" ] || die "exit code $rc, expected $1; stderr: $err"
}

expect_err() {
	case "$err" in *"$1"*) ;; *) die "stderr lacks \"$1\": $err" ;; esac
}
