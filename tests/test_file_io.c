/* Unit tests of file_io: inputs that are not plain files are refused
 * without waiting on them, sizes are checked before a byte is read and
 * while reading, and outputs replace only plain files (through a link, the
 * file it leads to), writing through FIFOs and devices. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kehoach/file_io.h"
#include "kehoach/yaml_reader.h"

struct fixture {
	char dir[256];
	char path[320];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof(f->dir), "%s/kehoach-file-io-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(f);
	return rc == 0 ? 0 : -1;
}

static const char *in_dir(struct fixture *f, const char *name)
{
	snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, name);
	return f->path;
}

static void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *read_text(const char *path)
{
	static char text[4096];
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	size_t n = fread(text, 1, sizeof(text) - 1, fp);
	text[n] = '\0';
	fclose(fp);
	return text;
}

static void test_fifo_input_refused_at_once(void **state)
{
	struct fixture *f = *state;
	const char *fifo = in_dir(f, "plan.yaml");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	struct kh_error err;
	long long size;
	/* No writer ever comes: a blocking open would hang the test. */
	alarm(5);
	assert_int_equal(file_open_input(fifo, 1000, &size, &err), -1);
	assert_non_null(strstr(err.message, "FIFO"));
	struct buf b = { 0 };
	assert_int_equal(file_read_input(fifo, 1000, &b, &err), -1);
	struct yaml_reader r;
	assert_int_equal(yaml_reader_open_file(&r, fifo, "plan files", 1000, 100, &err), -1);
	yaml_reader_close(&r);
	alarm(0);
	buf_free(&b);
}

static void test_devices_and_folders_refused(void **state)
{
	struct fixture *f = *state;
	struct kh_error err;
	long long size;
	assert_int_equal(file_open_input("/dev/zero", 1000, &size, &err), -1);
	assert_non_null(strstr(err.message, "device"));
	assert_int_equal(file_open_input(f->dir, 1000, &size, &err), -1);
	assert_non_null(strstr(err.message, "folder"));
}

static void test_size_checked_before_reading(void **state)
{
	struct fixture *f = *state;
	const char *big = in_dir(f, "big.yaml");
	int fd = open(big, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	/* Sparse: 64 GiB that take no room and would take minutes to read. */
	assert_int_equal(ftruncate(fd, 64LL << 30), 0);
	close(fd);
	struct kh_error err;
	struct stat st;
	long long size;
	assert_int_equal(file_stat_input(big, 1000, &st, &err), -1);
	assert_non_null(strstr(err.message, "too large"));
	assert_int_equal(file_open_input(big, 1000, &size, &err), -1);
	assert_non_null(strstr(err.message, "68719476736 bytes"));
}

/* /proc files say they are empty and then give text: a file that grows
 * past its checked size while it is read, on demand. */
static void test_growing_file_stops_at_limit(void **state)
{
	(void)state;
	struct kh_error err;
	struct buf b = { 0 };
	assert_int_equal(file_read_input("/proc/self/maps", 64, &b, &err), -1);
	assert_non_null(strstr(err.message, "grew past 64 bytes"));
	assert_int_equal(b.len, 0);
	assert_int_equal(file_read_input("/proc/self/maps", 1 << 20, &b, &err), 0);
	assert_true(b.len > 64);
	buf_free(&b);

	struct yaml_reader r;
	assert_int_equal(yaml_reader_open_file(&r, "/proc/self/maps", "plan files", 64,
					       100, &err), 0);
	int rc = 0;
	while (rc == 0 && !(r.have_event && r.event.type == YAML_STREAM_END_EVENT))
		rc = yaml_reader_next(&r);
	yaml_reader_close(&r);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err.message, "grew past 64 bytes"));
}

static void swap_write(const char *path, const char *text, int expect_rc)
{
	struct file_swap swap;
	struct kh_error err;
	int rc = file_swap_open(&swap, path, &err);
	if (rc == 0) {
		fputs(text, swap.fp);
		rc = file_swap_commit(&swap, &err);
	}
	if (rc != expect_rc)
		fail_msg("%s: %s", path, err.message);
}

static void test_plain_file_replaced_keeping_its_mode(void **state)
{
	struct fixture *f = *state;
	const char *path = in_dir(f, "out.txt");
	write_text(path, "old");
	assert_int_equal(chmod(path, 0640), 0);
	swap_write(path, "new", 0);
	assert_string_equal(read_text(path), "new");
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
}

static void test_link_kept_its_file_replaced(void **state)
{
	struct fixture *f = *state;
	char target[320], link[320];
	snprintf(target, sizeof(target), "%s/real.txt", f->dir);
	snprintf(link, sizeof(link), "%s/link.txt", f->dir);
	write_text(target, "old");
	assert_int_equal(symlink("real.txt", link), 0);
	swap_write(link, "new", 0);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(read_text(target), "new");

	char dangling[320];
	snprintf(dangling, sizeof(dangling), "%s/dangling.txt", f->dir);
	assert_int_equal(symlink("nowhere/x", dangling), 0);
	swap_write(dangling, "new", -1);
	assert_int_equal(lstat(dangling, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
}

/* Writes n bytes (a pattern) through a swap of path in pieces of every
 * size from 1 byte to past the write-behind step (1 MiB). Returns what
 * the commit returns. */
static int swap_pattern(const char *path, size_t n, struct kh_error *err)
{
	struct file_swap swap;
	if (file_swap_open(&swap, path, err) < 0)
		return -1;
	static const size_t pieces[] = { 1, 4096, 300 * 1024, 1536 * 1024, 7 };
	char *chunk = malloc(1536 * 1024);
	assert_non_null(chunk);
	size_t at = 0;
	for (size_t i = 0; at < n; i++) {
		size_t len = pieces[i % 5] < n - at ? pieces[i % 5] : n - at;
		for (size_t b = 0; b < len; b++)
			chunk[b] = (char)('a' + (at + b) % 23);
		fwrite(chunk, 1, len, swap.fp);
		at += len;
	}
	free(chunk);
	return file_swap_commit(&swap, err);
}

/* A file written behind (several MiB) arrives whole; one the disk
 * cannot take fails and leaves the target as it was. */
static void test_large_file_written_behind(void **state)
{
	struct fixture *f = *state;
	const char *path = in_dir(f, "big.txt");
	write_text(path, "old");
	struct kh_error err;
	size_t n = 5 * 1024 * 1024 + 123;
	assert_int_equal(swap_pattern(path, n, &err), 0);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	size_t at = 0;
	int c;
	while ((c = fgetc(fp)) != EOF) {
		assert_int_equal(c, 'a' + at % 23);
		at++;
	}
	fclose(fp);
	assert_int_equal(at, n);

	/* Past RLIMIT_FSIZE a write fails (EFBIG), as on a full disk. */
	write_text(path, "old");
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGXFSZ, SIG_IGN);
		struct rlimit limit = { 2 * 1024 * 1024, 2 * 1024 * 1024 };
		setrlimit(RLIMIT_FSIZE, &limit);
		_exit(swap_pattern(path, n, &err) == -1 ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_string_equal(read_text(path), "old");
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "ls '%s' | grep -c tmp- >/dev/null", f->dir);
	assert_int_not_equal(system(cmd), 0);    /* no temporary file left */
}

static void test_fifo_written_through(void **state)
{
	struct fixture *f = *state;
	char fifo[320], copy[320];
	snprintf(fifo, sizeof(fifo), "%s/pipe", f->dir);
	snprintf(copy, sizeof(copy), "%s/copy", f->dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid_t reader = fork();
	assert_true(reader >= 0);
	if (reader == 0) {
		char cmd[700];
		snprintf(cmd, sizeof(cmd), "cat '%s' > '%s'", fifo, copy);
		_exit(system(cmd) == 0 ? 0 : 1);
	}
	alarm(10);
	swap_write(fifo, "through the pipe", 0);
	int status;
	assert_int_equal(waitpid(reader, &status, 0), reader);
	alarm(0);
	assert_string_equal(read_text(copy), "through the pipe");
	struct stat st;
	assert_int_equal(lstat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
}

static void test_device_written_through_folder_refused(void **state)
{
	struct fixture *f = *state;
	swap_write("/dev/null", "nothing", 0);
	struct stat st;
	assert_int_equal(lstat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	swap_write(f->dir, "x", -1);
	/* Nothing left behind by the refusals. */
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A '%s')\"", f->dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fifo_input_refused_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_devices_and_folders_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_checked_before_reading, setup, teardown),
		cmocka_unit_test_setup_teardown(test_growing_file_stops_at_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_file_replaced_keeping_its_mode, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_link_kept_its_file_replaced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_file_written_behind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_written_through, setup, teardown),
		cmocka_unit_test_setup_teardown(test_device_written_through_folder_refused, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
