/* POSIX file store: whole-file reads and crash-safe atomic replacement. */
#define _GNU_SOURCE
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>    /* rename() only: tacme prints through ta_fmt.h */
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include "tacme.h"
#include "ta_fmt.h"
#include "tacme_port.h"

/* Records "cannot WHAT PATH: reason" with the reason of err, or of errno
 * when err is 0; returns TA_ERR_IO. */
static int cannot(const char *what, const char *path, int err)
{
	return ta_error(TA_ERR_IO, "cannot %s %s: %s", what, path, strerror(err ? err : errno));
}

int ta_store_read(const char *path, void *buf, size_t cap, size_t *len)
{
	unsigned char *p = buf;
	size_t got = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return TA_ERR_NOTFOUND;
		return cannot("open", path, 0);
	}
	for (;;) {
		if (got == cap) {
			/* Full: one more byte means the file does not fit. */
			unsigned char extra;

			r = read(fd, &extra, 1);
			if (r == 0)
				break;
			close(fd);
			if (r > 0)
				return ta_error(TA_ERR_SPACE, "%s is larger than %zu bytes", path, cap);
			return cannot("read", path, 0);
		}
		r = read(fd, p + got, cap - got);
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return cannot("read", path, 0);
		}
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return 0;
}

int ta_store_scan(const char *path, int (*feed)(void *ctx, const char *chunk, size_t len),
	void *ctx)
{
	char chunk[1024];
	ssize_t n;
	int fd, r = 0, err;

	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return TA_ERR_NOTFOUND;
	while (!r && (n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			r = TA_ERR_IO;
		else
			r = feed(ctx, chunk, (size_t)n);
	}
	err = errno;
	close(fd);
	errno = err;            /* the read's reason, for the caller's message */
	return r;
}

/* Splits path into its folder (into dir, "." when none). */
static int folder_of(const char *path, char *dir, size_t cap)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash) {
		if (cap < 2)
			return TA_ERR_SPACE;
		strcpy(dir, ".");
		return 0;
	}
	n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= cap)
		return TA_ERR_SPACE;
	memcpy(dir, path, n);
	dir[n] = '\0';
	return 0;
}

/* Names the temporary file tmp (path, suffix, our pid) and path's folder
 * dir, each of 1024 bytes; 0 or an error. */
static int tmp_names(const char *path, const char *suffix, char *tmp, char *dir)
{
	size_t n = (size_t)ta_snprintf(tmp, 1024, "%s.%s%ld", path, suffix, (long)getpid());

	if (n >= 1024 || folder_of(path, dir, 1024))
		return ta_error(TA_ERR_SPACE, "path too long: %s", path);
	return 0;
}

/* Renames tmp to path unless closed (a close's result) failed, then syncs
 * the folder dir so the rename lasts; 0 or an error (tmp removed). */
static int put_in_place(const char *tmp, const char *path, const char *dir, int closed)
{
	int fd, n, err;

	if (closed != 0 || rename(tmp, path) != 0) {
		err = errno;
		unlink(tmp);
		return cannot("replace", path, err);
	}
	fd = open(dir, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = fsync(fd);
		err = errno;
		close(fd);
		if (n != 0 && err != EINVAL)
			return cannot("sync folder", dir, err);
	}
	return 0;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	ssize_t r;

	while (len) {
		r = write(fd, p, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

int ta_store_write(const char *path, const void *p, size_t len, int secret)
{
	char tmp[1024], dir[1024];   /* tacme's paths are shorter */
	int fd, err;

	if ((err = tmp_names(path, "tmp", tmp, dir)) != 0)
		return err;
	/* A fresh file only: a temporary name made in advance by someone
	 * else (a pid is easy to guess) would keep its owner, and its reader. */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		secret ? 0600 : 0644);
	if (fd < 0)
		return cannot("create", tmp, 0);
	/* The umask may have loosened nothing, but tightened it: exact mode. */
	if (fchmod(fd, secret ? 0600 : 0644) != 0 || write_all(fd, p, len) != 0 ||
	    fsync(fd) != 0) {
		err = errno;
		close(fd);
		unlink(tmp);
		return cannot("write", tmp, err);
	}
	return put_in_place(tmp, path, dir, close(fd));
}

int ta_store_mkdir(const char *path, int secret)
{
	struct stat st;

	if (mkdir(path, secret ? 0700 : 0755) != 0 && errno != EEXIST)
		return cannot("create folder", path, 0);
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return ta_error(TA_ERR_IO, "%s exists and is not a folder", path);
	/* The keys' folder: another user who owns it, or may write in it,
	 * can take the files tacme writes there (/tmp/... made in advance). */
	if (secret && (st.st_uid != geteuid() || (st.st_mode & 022)))
		return ta_error(TA_ERR_IO, "%s is %s: tacme keeps its keys there (chown it to "
			"this user, chmod go-w it, or choose another state_dir)", path,
			st.st_uid != geteuid() ? "owned by another user" : "writable by others");
	return 0;
}

int ta_store_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int ta_store_symlink(const char *target, const char *linkpath)
{
	char tmp[1024], dir[1024];   /* tacme's paths are shorter */
	int r;

	if ((r = tmp_names(linkpath, "lnk", tmp, dir)) != 0)
		return r;
	unlink(tmp);
	if (symlink(target, tmp) != 0)
		return cannot("create link", tmp, 0);
	return put_in_place(tmp, linkpath, dir, 0);
}

int ta_store_readlink(const char *path, char *out, size_t cap)
{
	ssize_t n = readlink(path, out, cap);

	if (n < 0)
		return errno == ENOENT || errno == EINVAL ? TA_ERR_NOTFOUND :
			cannot("read link", path, 0);
	if ((size_t)n >= cap)
		return TA_ERR_SPACE;
	out[n] = '\0';
	return 0;
}

int ta_store_remove(const char *path)
{
	if (unlink(path) == 0 || errno == ENOENT)
		return 0;
	return cannot("remove", path, 0);
}

int ta_store_rmdir(const char *path)
{
	if (rmdir(path) == 0 || errno == ENOENT)
		return 0;
	return cannot("remove folder", path, 0);
}

#if defined(__linux__)
#include <sys/syscall.h>
#endif

int ta_store_list(const char *dir, int (*cb)(void *ctx, const char *name), void *ctx)
{
#if defined(__linux__) && defined(SYS_getdents64)
	/* getdents64 with a small stack buffer: glibc's opendir() mallocs 32 KB,
	 * twice tacme's whole heap budget. */
	union { unsigned char b[2048]; uint64_t align; } buf;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r = 0;
	long n;

	if (fd < 0)
		return cannot("read folder", dir, 0);
	while (!r && (n = syscall(SYS_getdents64, fd, buf.b, sizeof(buf.b))) > 0) {
		long off = 0;

		while (!r && off < n) {
			/* struct linux_dirent64: ino(8) off(8) reclen(2) type(1) name */
			unsigned short reclen;
			const char *name = (const char *)buf.b + off + 19;

			memcpy(&reclen, buf.b + off + 16, sizeof(reclen));
			if (reclen == 0)
				break;
			if (strcmp(name, ".") && strcmp(name, ".."))
				r = cb(ctx, name);
			off += reclen;
		}
	}
	close(fd);
	return r;
#else
	DIR *d = opendir(dir);
	struct dirent *e;
	int r = 0;

	if (!d)
		return cannot("read folder", dir, 0);
	while (!r && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			r = cb(ctx, e->d_name);
	closedir(d);
	return r;
#endif
}
