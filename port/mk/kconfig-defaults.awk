# Prints the defaults of a Kconfig file as a .config, for machines without a
# Kconfig tool.  Understands the subset tacme's Kconfig uses: config, choice
# with a default, bool/int/string types and an unconditional default.
function flush() {
	if (name == "") return
	if (inchoice) {
		out = (name == choicedef) ? "y" : ""
	} else {
		out = def
	}
	if (type == "bool") {
		if (out == "y") print "CONFIG_" name "=y"
		else print "# CONFIG_" name " is not set"
	} else if (type == "string") {
		print "CONFIG_" name "=" (def == "" ? "\"\"" : def)
	} else if (def != "") {
		print "CONFIG_" name "=" def
	}
	name = ""; def = ""; type = ""
}
/^[ \t]*#/ { next }
/^choice/ { flush(); inchoice = 1; choicedef = ""; next }
/^endchoice/ { flush(); inchoice = 0; next }
/^config[ \t]/ { flush(); name = $2; next }
/^menu|^endmenu|^mainmenu/ { flush(); next }
/^[ \t]+(bool|int|string|hex)/ { type = $1; next }
/^[ \t]+default[ \t]/ {
	if (name == "" && inchoice) { choicedef = $2; next }
	v = $0; sub(/^[ \t]+default[ \t]+/, "", v); def = v; next
}
END { flush() }
