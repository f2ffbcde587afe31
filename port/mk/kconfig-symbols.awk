# Prints "NAME:TYPE" for each config symbol of a Kconfig file.
/^config[ \t]/ { name = $2; next }
/^[ \t]+(bool|int|string|hex)/ { if (name != "") print name ":" $1; name = ""; next }
