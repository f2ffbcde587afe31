/* Fuzz target: the INI reader and the config checks behind it (through a
 * file, as tacme reads it). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "tacme.h"
#include "ta_conf.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static ta_config c;
	static char path[64];
	const ta_cert_conf *cc;
	char mem[4096];
	const char *names[CONFIG_MAX_NAMES];
	unsigned i;
	FILE *f;

	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/tacme-fuzz-conf-%ld", (long)getpid());
	f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	ta_error_clear();
	if (ta_config_load(&c, path) == 0) {
		for (i = 0; i < c.ncerts; i++) {
			cc = ta_config_cert(&c, c.certs[i].name);
			if (cc != &c.certs[i] && strcmp(cc->name, c.certs[i].name))
				__builtin_trap();
			(void)ta_config_names(cc, mem, sizeof(mem), names, CONFIG_MAX_NAMES);
		}
	}
	return 0;
}
