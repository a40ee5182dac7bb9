/* mail: loading the composer, and handing messages to sendmail (mail.h). */
#include "kehoach/mail.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build_config.h"
#include "kehoach/i18n.h"
#include "kehoach/module.h"

extern char **environ;

const char *const mail_default_sendmail[] = { "/usr/sbin/sendmail", "-t", "-oi", NULL };

int mail_compose(const struct mail_message *message, struct buf *out,
		 struct kh_error *err)
{
	static struct module_function composer = {
		KEHOACH_BUILD_MAIL_MODULE, KEHOACH_MAIL_MODULE, "mail_module_compose",
	};
	mail_compose_fn compose;
	*(void **)&compose = module_function_get(&composer);
	if (!compose) {
		kh_error_set(err, NULL, 0, 0,
			     _("mail cannot be composed: the mail module cannot be loaded (%s); reinstall kehoach"),
			     composer.why);
		return -1;
	}
	return compose(message, out, err);
}

/* Writes all of text to fd; a reader that stops early (EPIPE) is the
 * command's failure, which its exit status tells. */
static void write_all(int fd, const char *text, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, text, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		text += n;
		len -= (size_t)n;
	}
}

/* The first line of what the command said on stderr, if anything. */
static void first_line(int fd, char *out, size_t size)
{
	size_t n = 0;
	char c;
	out[0] = '\0';
	for (;;) {
		ssize_t got = read(fd, &c, 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (c == '\n') {
			if (n)
				break;
			continue;
		}
		if (n + 1 < size && (unsigned char)c >= 0x20)
			out[n++] = c;
	}
	out[n] = '\0';
	/* Drain the rest, so that the command never blocks on a full pipe. */
	char sink[512];
	while (read(fd, sink, sizeof(sink)) > 0)
		;
}

int mail_send(const char *const *command, const char *text, size_t len,
	      struct kh_error *err)
{
	int in[2] = { -1, -1 }, errp[2] = { -1, -1 };
	int rc = -1;
	posix_spawn_file_actions_t actions;
	bool have_actions = false;
	/* A command that exits without reading must not kill us with SIGPIPE. */
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGPIPE, &ignore, &old);
	if (pipe(in) < 0 || pipe(errp) < 0) {
		kh_error_set(err, NULL, 0, 0, _("cannot run %s: %s"), command[0], strerror(errno));
		goto out;
	}
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(errp[0], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_init(&actions);
	have_actions = true;
	posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&actions, errp[1], STDERR_FILENO);
	/* What it prints goes with its errors, not into kehoach's output. */
	posix_spawn_file_actions_adddup2(&actions, errp[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&actions, in[0]);
	posix_spawn_file_actions_addclose(&actions, errp[1]);
	pid_t pid;
	int spawned = posix_spawnp(&pid, command[0], &actions, NULL,
				   (char *const *)command, environ);
	close(in[0]);
	close(errp[1]);
	in[0] = errp[1] = -1;
	if (spawned != 0) {
		kh_error_set(err, NULL, 0, 0, _("cannot run %s: %s"), command[0], strerror(spawned));
		goto out;
	}
	write_all(in[1], text, len);
	close(in[1]);
	in[1] = -1;
	char said[256];
	first_line(errp[0], said, sizeof(said));
	int status = 0;
	pid_t waited;
	while ((waited = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (waited < 0) {
		kh_error_set(err, NULL, 0, 0, _("cannot run %s: %s"), command[0], strerror(errno));
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		rc = 0;
	} else if (WIFEXITED(status)) {
		kh_error_set(err, NULL, 0, 0, _("%s failed (exit status %d)%s%s"), command[0],
			     WEXITSTATUS(status), said[0] ? ": " : "", said);
	} else {
		kh_error_set(err, NULL, 0, 0, _("%s was killed by signal %d"), command[0],
			     WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	}
out:
	if (have_actions)
		posix_spawn_file_actions_destroy(&actions);
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	sigaction(SIGPIPE, &old, NULL);
	return rc;
}
