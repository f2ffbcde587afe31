# Reads a GNU ld link map (-Wl,-Map=FILE) and prints, per input file
# group, the bytes it brought into the output: text (code and read-only
# data, as size(1) counts it; then split: the code in .text, and the rest),
# data and bss.  Groups: the objects of the
# build folder (tacme's own code) and each static library by name
# (libbearssl.a, libc.a, libgcc.a...); start files and the rest are "other".
# usage: awk -v own=BUILD_DIR -f port/cross/mapsize.awk FILE.map
function hex(s,   i, v) {   # mawk has no strtonum
	v = 0
	s = tolower(s); sub(/^0x/, "", s)
	for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
function kind(sec) {
	if (sec ~ /^\.(s|t)?bss/ || sec ~ /^\.(dyn|s)?bss/ || sec == "COMMON") return "bss"
	if (sec ~ /^\.(s|t)?data/ || sec ~ /^\.got/ || sec ~ /^\.(init|fini|preinit)_array/ || sec ~ /^\.(c|d)tors/ || sec ~ /^\.lit[48]/) return "data"
	return "text"
}
function group(file,   g) {
	if (file ~ /\.a\(/) { g = file; sub(/\(.*/, "", g); sub(/.*\//, "", g); return g }
	if (own != "" && index(file, own "/") == 1) return "tacme own code"
	# With -flto, tacme's objects come back from the linker plugin as
	# <tmp>.ltransN.ltrans.o (the libraries are not LTO-compiled).
	if (file ~ /\.ltrans[0-9]*\.ltrans\.o$/) return "tacme own code"
	return "other"
}
function add(file, size) {
	if (out == "" || size == 0) return
	g = group(file)
	if (!(g in seen)) { seen[g] = 1; order[++n] = g }
	sum[g, kind(out)] += size
	if (out == ".text")
		sum[g, "code"] += size
}
/^Linker script and memory map/ { inmap = 1; next }
!inmap { next }
# An output section: name at column 1, then address and size (maybe on
# the next line).  Non-allocated sections (debug, comment) are at address 0.
/^[._a-zA-Z]/ {
	out = $1; pend_out = ""
	if (NF == 1) { pend_out = out; out = ""; next }
	if ($2 !~ /^0x/ || $2 ~ /^0x0+$/ || out == "/DISCARD/") out = ""
	next
}
pend_out != "" && /^[ \t]+0x/ {
	out = ($1 ~ /^0x0+$/) ? "" : pend_out
	pend_out = ""
	next
}
# An input section: " .text.foo 0xADDR 0xSIZE file", or the name alone on
# one line and the rest on the next.
/^ [._a-zA-Z*]/ && !/^ \*fill\*/ {
	if (NF >= 4 && $2 ~ /^0x/ && $3 ~ /^0x/) { add($4, hex($3)); pend = 0 }
	else if (NF == 1) pend = 1
	else pend = 0
	next
}
pend && /^[ \t]+0x[0-9a-f]+[ \t]+0x[0-9a-f]+[ \t]+[^ \t]/ {
	add($3, hex($2)); pend = 0; next
}
{ pend = 0 }
END {
	for (i = 1; i <= n; i++) {
		g = order[i]
		printf "  %-16s text %7d data %6d bss %7d   (text: code %d, read-only data %d)\n", g ":",
			sum[g, "text"], sum[g, "data"], sum[g, "bss"], sum[g, "code"],
			sum[g, "text"] - sum[g, "code"]
	}
}
