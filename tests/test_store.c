/* Tests of the file store, time and randomness of the POSIX port. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "test.h"
#include "tacme.h"
#include "tacme_port.h"

static char dir[256];

static void make_dir(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/tacme-store-XXXXXX", t ? t : "/tmp");
	if (!mkdtemp(dir))
		dir[0] = '\0';
}

static void remove_dir(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "    cannot remove %s\n", dir);
}

/* Number of entries in dir (other than . and ..). */
static int entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void t_write_read_modes(void)
{
	char path[300], got[64];
	struct stat st;
	size_t len;
	mode_t old = umask(0);

	make_dir();
	REQUIRE(dir[0]);
	snprintf(path, sizeof(path), "%s/key.pem", dir);
	CHECK_INT(ta_store_write(path, "secret", 6, 1), 0);
	REQUIRE(stat(path, &st) == 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	CHECK_INT(ta_store_read(path, got, sizeof(got), &len), 0);
	CHECK_MEM(got, len, "secret");
	/* Replaced whole, mode kept strict, no temporary file left. */
	CHECK_INT(ta_store_write(path, "new", 3, 1), 0);
	CHECK_INT(ta_store_read(path, got, sizeof(got), &len), 0);
	CHECK_MEM(got, len, "new");
	CHECK_INT(entries(), 1);
	snprintf(path, sizeof(path), "%s/cert.pem", dir);
	CHECK_INT(ta_store_write(path, "public", 6, 0), 0);
	REQUIRE(stat(path, &st) == 0);
	CHECK_INT(st.st_mode & 0777, 0644);
	CHECK_INT(ta_store_exists(path), 1);
	umask(old);
	remove_dir();
}

static void t_secret_tightens_existing(void)
{
	char path[300];
	struct stat st;
	FILE *f;

	make_dir();
	REQUIRE(dir[0]);
	snprintf(path, sizeof(path), "%s/account.key", dir);
	f = fopen(path, "w");
	REQUIRE(f);
	fputs("old", f);
	fclose(f);
	chmod(path, 0644);
	CHECK_INT(ta_store_write(path, "k", 1, 1), 0);
	REQUIRE(stat(path, &st) == 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	remove_dir();
}

/* A temporary name made in advance (by another user, as root can show) is
 * not reused: the key file is tacme's own, 0600, and holds only the key. */
static void t_tmp_made_in_advance(void)
{
	char path[300], tmp[320];
	struct stat st;
	FILE *f;

	make_dir();
	REQUIRE(dir[0]);
	snprintf(path, sizeof(path), "%s/account.key", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid());
	f = fopen(tmp, "w");
	REQUIRE(f);
	fputs("someone else's", f);
	fclose(f);
	chmod(tmp, 0666);
	if (geteuid() == 0 && chown(tmp, 65534, 65534) != 0)
		ta_test_failed = 1;
	CHECK_INT(ta_store_write(path, "k", 1, 1), 0);
	REQUIRE(stat(path, &st) == 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	CHECK_INT(st.st_uid, geteuid());
	CHECK_INT(st.st_size, 1);
	remove_dir();
}

/* The keys' folder must be this user's and not writable by others. */
static void t_secret_folder_checked(void)
{
	char sub[300];

	make_dir();
	REQUIRE(dir[0]);
	snprintf(sub, sizeof(sub), "%s/state", dir);
	CHECK_INT(ta_store_mkdir(sub, 1), 0);
	CHECK_INT(ta_store_mkdir(sub, 1), 0);           /* exists: fine */
	chmod(sub, 0777);
	CHECK_INT(ta_store_mkdir(sub, 1), TA_ERR_IO);
	CHECK(strstr(ta_error_msg(), "is writable by others: tacme keeps its keys there"));
	ta_error_clear();
	CHECK_INT(ta_store_mkdir(sub, 0), 0);           /* not for the keys */
	chmod(sub, 0700);
	if (geteuid() == 0) {
		REQUIRE(chown(sub, 65534, 65534) == 0);
		CHECK_INT(ta_store_mkdir(sub, 1), TA_ERR_IO);
		CHECK(strstr(ta_error_msg(), "is owned by another user"));
		ta_error_clear();
	}
	remove_dir();
}

static void t_read_limits(void)
{
	char path[300], got[4];
	size_t len = 99;

	make_dir();
	REQUIRE(dir[0]);
	snprintf(path, sizeof(path), "%s/f", dir);
	ta_error_clear();
	CHECK_INT(ta_store_read(path, got, sizeof(got), &len), TA_ERR_NOTFOUND);
	CHECK_INT(ta_store_exists(path), 0);
	CHECK_INT(ta_store_write(path, "1234", 4, 0), 0);
	CHECK_INT(ta_store_read(path, got, 4, &len), 0);
	CHECK_INT(len, 4);
	CHECK_INT(ta_store_write(path, "12345", 5, 0), 0);
	CHECK_INT(ta_store_read(path, got, 4, &len), TA_ERR_SPACE);
	CHECK_INT(ta_store_write(path, "", 0, 0), 0);
	CHECK_INT(ta_store_read(path, got, 4, &len), 0);
	CHECK_INT(len, 0);
	remove_dir();
}

static void t_write_fails_cleanly(void)
{
	char path[300];

	ta_error_clear();
	CHECK_INT(ta_store_write("/nonexistent-dir/x", "a", 1, 0), TA_ERR_IO);
	CHECK(strstr(ta_error_msg(), "/nonexistent-dir/x") != NULL);
	make_dir();
	REQUIRE(dir[0]);
	snprintf(path, sizeof(path), "%s/sub", dir);
	CHECK_INT(ta_store_mkdir(path, 1), 0);
	CHECK_INT(ta_store_mkdir(path, 1), 0);       /* exists: fine */
	snprintf(path, sizeof(path), "%s/file", dir);
	CHECK_INT(ta_store_write(path, "a", 1, 0), 0);
	ta_error_clear();
	CHECK_INT(ta_store_mkdir(path, 0), TA_ERR_IO);
	remove_dir();
}

static void t_rand_and_time(void)
{
	unsigned char a[32], b[32], zero[32];
	uint32_t t0;

	memset(zero, 0, sizeof(zero));
	CHECK_INT(ta_rand(a, sizeof(a)), 0);
	CHECK_INT(ta_rand(b, sizeof(b)), 0);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK(memcmp(a, zero, sizeof(a)) != 0);
	CHECK(ta_time_now() > 1700000000);      /* after 2023 */
	t0 = ta_time_ms();
	{
		struct timespec ts = { 0, 20000000L };

		nanosleep(&ts, NULL);
	}
	CHECK((uint32_t)(ta_time_ms() - t0) >= 15);
}

const ta_test suite_store[] = {
	{ "write_read_modes", t_write_read_modes },
	{ "secret_tightens_existing", t_secret_tightens_existing },
	{ "tmp_made_in_advance", t_tmp_made_in_advance },
	{ "secret_folder_checked", t_secret_folder_checked },
	{ "read_limits", t_read_limits },
	{ "write_fails_cleanly", t_write_fails_cleanly },
	{ "rand_and_time", t_rand_and_time },
	{ 0, 0 }
};
