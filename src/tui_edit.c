/* tui_edit: e, the selected duty's plan file opened in the user's editor
 * at the duty's line, with curses put aside meanwhile (as tig does), and
 * the plans folder synced afterwards. A file that no longer loads changes
 * nothing in the database: the sync keeps the plan as it was, and the
 * message gives the file's first error. */
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kehoach/i18n.h"
#include "kehoach/plan_yaml.h"
#include "kehoach/text.h"
#include "tui_internal.h"

/* What the store says of the duty's plan. */
struct plan_file {
	char *path;
	bool archived;
};

static int read_plan_file(void *ctx, const struct plan_row *row)
{
	struct plan_file *file = ctx;
	file->path = x_strdup(row->path);
	file->archived = row->archived_on != KH_DATE_NONE;
	return 0;
}

/* The line of the duty in the plan file as it is now; when the file does
 * not load, the line of its first error (what there is to fix); 0 when
 * neither is known. */
static unsigned duty_line(const char *path, const struct duty_entry *d)
{
	struct plan *plan = NULL;
	struct kh_error err;
	kh_error_clear(&err);
	if (plan_load_file(path, &plan, &err) < 0)
		return err.line;
	unsigned line = 0;
	for (size_t u = 0; u < plan->n_units && !line; u++) {
		const struct unit *unit = &plan->units[u];
		if (!unit->id || strcmp(unit->id, d->owner_id))
			continue;
		for (size_t i = 0; i < unit->n_duties && !line; i++)
			if (unit->duties[i].id && !strcmp(unit->duties[i].id, d->duty_id))
				line = unit->duties[i].id_pos.line;
	}
	plan_free(plan);
	return line;
}

static bool on_path(const char *program)
{
	const char *path = getenv("PATH");
	while (path && *path) {
		size_t len = strcspn(path, ":");
		char full[4096];
		snprintf(full, sizeof(full), "%.*s/%s", (int)(len ? len : 1),
			 len ? path : ".", program);
		if (access(full, X_OK) == 0)
			return true;
		path += len + (path[len] == ':');
	}
	return false;
}

/* $VISUAL, else $EDITOR, else sensible-editor (Debian's choice of the
 * user's editor), else vi. */
static const char *choose_editor(void)
{
	const char *names[] = { "VISUAL", "EDITOR" };
	for (size_t i = 0; i < KH_ARRAY_LEN(names); i++) {
		const char *value = getenv(names[i]);
		if (value && value[strspn(value, " \t")])
			return value;
	}
	return on_path("sensible-editor") ? "sensible-editor" : "vi";
}

/* Runs editor on path at line, as git runs $EDITOR: through the shell, so
 * that "code -w" or "emacs -nw" work, with the line and the file given as
 * the shell's "$@", never written into the command. Returns the exit
 * status, 127 when the editor could not be started, -1 when it died of a
 * signal. */
static int run_editor(const char *editor, unsigned line, const char *path)
{
	char at[32], *command;
	snprintf(at, sizeof(at), "+%u", line ? line : 1);
	size_t size = strlen(editor) + sizeof(" \"$@\"");
	command = x_malloc(size);
	snprintf(command, size, "%s \"$@\"", editor);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", command, editor, at, path, (char *)NULL);
		_exit(127);
	}
	x_free(command);
	if (pid < 0)
		return 127;
	/* ^C in the editor is the editor's, not a reason to quit here. */
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old_int, old_quit;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGQUIT, &ignore, &old_quit);
	int status = 0;
	pid_t got;
	while ((got = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (got < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Whether the duty's plan file may be edited here; if not, the message
 * says why and what to do. */
static bool may_edit(struct tui *t, const struct duty_entry *d, const struct plan_file *file)
{
	/* An archived plan is the record of its year: reports of that year
	 * were made from it. It is made current first, on purpose. */
	if (file->archived) {
		tui_message(t, _("Plan %s is archived: its file is kept as it was. To change it,"
				 " make it current first: kehoach unarchive %s"),
			    d->plan_id, d->plan_id);
		return false;
	}
	/* An editor would open it read-only, and the change be lost. */
	if (access(file->path, W_OK) < 0) {
		tui_message(t, _("Cannot edit %s: %s. Ask whoever keeps the plans folder to change"
				 " the plan."), file->path, strerror(errno));
		return false;
	}
	return true;
}

int tui_edit_duty(struct tui *t, const struct duty_entry *d)
{
	struct plan_file file = { 0 };
	struct kh_error err;
	int flags = TUI_REDRAW;
	/* The sync after the editor writes: no editing for a plan it
	 * would refuse to load. */
	if (!tui_database_sound(t, true))
		return TUI_QUIT;
	int found = store_plan(t->store, d->plan_id, read_plan_file, &file, &err);
	if (found < 0) {
		char line[sizeof(err.message) + sizeof(err.file) + 32];
		kh_error_format(&err, line, sizeof(line));
		tui_message(t, "%s", line);
		goto out;
	}
	if (found == 1 || !file.path) {
		tui_message(t, "%s", _("This duty is no longer in any plan."));
		goto out;
	}
	if (!may_edit(t, d, &file))
		goto out;
	const char *editor = choose_editor();
	unsigned line = duty_line(file.path, d);
	if (!t->headless) {
		def_prog_mode();
		endwin();
	}
	int status = run_editor(editor, line, file.path);
	if (!t->headless) {
		reset_prog_mode();
		refresh();
	}
	if (status == 127 || status < 0) {
		char *safe = text_sanitize(editor, 0);
		tui_message(t, _("The editor “%s” could not be run or was stopped; nothing was"
				 " reloaded. Set $VISUAL or $EDITOR to the editor you use."), safe);
		x_free(safe);
		goto out;
	}
	flags = tui_reload_plans(t, file.path);
out:
	x_free(file.path);
	return flags;
}
