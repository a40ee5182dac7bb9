/* store_mark: changing a duty's state, undoing it, and reading the history.
 * Each change is one BEGIN IMMEDIATE transaction that updates the
 * assignment and appends its history row together. */
#include "store_internal.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kehoach/i18n.h"
#include "kehoach/text.h"

void store_actor_from_process(struct actor *actor)
{
	static char user[256];
	static char host[256];
	uid_t uid = getuid();
	/* The account, not $USER: the environment is the user's to change. */
	struct passwd *pw = getpwuid(uid);
	if (pw && pw->pw_name)
		snprintf(user, sizeof(user), "%s", pw->pw_name);
	else
		snprintf(user, sizeof(user), "uid %u", (unsigned)uid);
	if (gethostname(host, sizeof(host)) < 0)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	actor->uid = uid;
	actor->user = user;
	actor->host = host;
	actor->pid = (long)getpid();
	actor->now = (long long)time(NULL);
	actor->may_mark = NULL;
	actor->rules_file = NULL;
	actor->people = NULL;
}

/* All of an assignment a change may touch, as read inside a
 * transaction: a change goes from one status to another, its history row
 * keeps both, and undo goes back to the one before. */
struct status {
	enum duty_state state;
	char *note;
	kh_date done_on;
	int progress;            /* -1: none */
	kh_date extended_to;     /* KH_DATE_NONE: the plan's deadline holds */
	char *extend_reason;
	bool cancelled;
	char *cancel_reason;
	char *unit_id;           /* the unit that must do it */
	long long plan_key;      /* the duty's plan */
};

static void status_free(struct status *st)
{
	x_free(st->note);
	x_free(st->extend_reason);
	x_free(st->cancel_reason);
	x_free(st->unit_id);
}

static char *copy_or_null(const char *s)
{
	return s ? x_strdup(s) : NULL;
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool same_status(const struct status *a, const struct status *b)
{
	return a->state == b->state && same_text(a->note, b->note) &&
	       a->done_on == b->done_on && a->progress == b->progress &&
	       a->extended_to == b->extended_to &&
	       same_text(a->extend_reason, b->extend_reason) &&
	       a->cancelled == b->cancelled &&
	       same_text(a->cancel_reason, b->cancel_reason);
}

static int read_status(struct store *store, long long assignment,
		       struct status *st, struct kh_error *err)
{
	memset(st, 0, sizeof(*st));
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT a.state, a.note, a.done_on, u.id, d.plan_key,"
		"  coalesce(a.progress, -1), a.extended_to, a.extend_reason,"
		"  a.cancelled, a.cancel_reason FROM assignment a"
		" JOIN duty d ON d.key = a.duty_key JOIN plan p ON p.key = d.plan_key"
		" JOIN unit u ON u.key = a.unit_key"
		" WHERE a.key = ? AND a.retired = 0 AND d.retired = 0 AND p.retired = 0",
		err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, assignment);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		st->state = (enum duty_state)sqlite3_column_int(stmt, 0);
		st->note = copy_or_null(store_column_text(stmt, 1));
		st->done_on = store_column_date(stmt, 2);
		st->unit_id = x_strdup(store_column_text(stmt, 3));
		st->plan_key = sqlite3_column_int64(stmt, 4);
		st->progress = sqlite3_column_int(stmt, 5);
		st->extended_to = store_column_date(stmt, 6);
		st->extend_reason = copy_or_null(store_column_text(stmt, 7));
		st->cancelled = sqlite3_column_int(stmt, 8) != 0;
		st->cancel_reason = copy_or_null(store_column_text(stmt, 9));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		kh_error_set(err, NULL, 0, 0, "%s",
			     _("that duty is no longer in any plan (it was removed)"));
		rc = -1;
	} else {
		rc = store_fail(store, err, _("cannot read a duty"));
	}
	sqlite3_finalize(stmt);
	return rc;
}

static void bind_progress(sqlite3_stmt *stmt, int index, int progress)
{
	if (progress >= 0)
		sqlite3_bind_int(stmt, index, progress);
	else
		sqlite3_bind_null(stmt, index);
}

/* The reason recorded with a change: the one given for the extension or
 * the withdrawal it makes. */
static const char *change_reason(const struct status *from, const struct status *to)
{
	if (to->cancelled && !from->cancelled)
		return to->cancel_reason;
	if (to->extended_to != from->extended_to ||
	    !same_text(to->extend_reason, from->extend_reason))
		return to->extend_reason;
	return NULL;
}

/* Writes the new status and its history row; inside a transaction. The
 * effective deadline follows the extension, or falls back to the plan's. */
static int apply_change(struct store *store, long long assignment,
			const struct status *from, const struct status *to,
			long long undoes, const struct actor *actor,
			struct kh_error *err)
{
	sqlite3_stmt *update = store_prepare(store,
		"UPDATE assignment SET state = ?2, note = ?3, done_on = ?4,"
		" changed_by = ?5, changed_at = ?6, progress = ?7, extended_to = ?8,"
		" extend_reason = ?9, cancelled = ?10, cancel_reason = ?11,"
		" deadline = coalesce(?8, plan_deadline) WHERE key = ?1", err);
	sqlite3_stmt *insert = update ? store_prepare(store,
		"INSERT INTO history(assignment_key, at, uid, user, host, pid,"
		"   old_state, new_state, old_note, new_note, old_done_on,"
		"   new_done_on, undoes, old_progress, new_progress, old_extended_to,"
		"   new_extended_to, old_cancelled, new_cancelled, reason)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
		"   ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
		err) : NULL;
	int rc = -1;
	if (!insert)
		goto out;
	sqlite3_bind_int64(update, 1, assignment);
	sqlite3_bind_int(update, 2, to->state);
	store_bind_text(update, 3, to->note);
	store_bind_date(update, 4, to->done_on);
	store_bind_text(update, 5, actor->user);
	sqlite3_bind_int64(update, 6, actor->now);
	bind_progress(update, 7, to->progress);
	store_bind_date(update, 8, to->extended_to);
	store_bind_text(update, 9, to->extend_reason);
	sqlite3_bind_int(update, 10, to->cancelled);
	store_bind_text(update, 11, to->cancel_reason);

	sqlite3_bind_int64(insert, 1, assignment);
	sqlite3_bind_int64(insert, 2, actor->now);
	sqlite3_bind_int64(insert, 3, (long long)actor->uid);
	store_bind_text(insert, 4, actor->user);
	store_bind_text(insert, 5, actor->host);
	sqlite3_bind_int64(insert, 6, actor->pid);
	sqlite3_bind_int(insert, 7, from->state);
	sqlite3_bind_int(insert, 8, to->state);
	store_bind_text(insert, 9, from->note);
	store_bind_text(insert, 10, to->note);
	store_bind_date(insert, 11, from->done_on);
	store_bind_date(insert, 12, to->done_on);
	if (undoes)
		sqlite3_bind_int64(insert, 13, undoes);
	bind_progress(insert, 14, from->progress);
	bind_progress(insert, 15, to->progress);
	store_bind_date(insert, 16, from->extended_to);
	store_bind_date(insert, 17, to->extended_to);
	sqlite3_bind_int(insert, 18, from->cancelled);
	sqlite3_bind_int(insert, 19, to->cancelled);
	store_bind_text(insert, 20, change_reason(from, to));
	if (sqlite3_step(update) != SQLITE_DONE ||
	    sqlite3_step(insert) != SQLITE_DONE) {
		store_fail(store, err, _("cannot record the change"));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(update);
	sqlite3_finalize(insert);
	return rc;
}

/* Refuses a change to the duty of a unit the actor does not head. Units
 * are named with their names, as their heads know them. */
static int check_may_mark(struct store *store, const struct actor *actor,
			  const struct status *st, struct kh_error *err)
{
	if (!actor->may_mark)
		return 0;
	for (const char *const *u = actor->may_mark; *u; u++)
		if (!strcmp(*u, st->unit_id))
			return 0;
	struct buf heads = { 0 }, unit = { 0 };
	for (const char *const *u = actor->may_mark; *u; u++) {
		if (heads.len)
			buf_puts(&heads, ", ");
		store_append_unit_label(store, st->plan_key, *u, &heads);
	}
	store_append_unit_label(store, st->plan_key, st->unit_id, &unit);
	const char *rules = actor->rules_file ? actor->rules_file
			    : _("the configuration");
	if (heads.len)
		kh_error_set(err, NULL, 0, 0,
			     _("that duty belongs to unit %s, and %s heads only %s (see"
			       " 'heads:' in %s); nothing was changed"),
			     buf_str(&unit), actor->user, buf_str(&heads), rules);
	else
		kh_error_set(err, NULL, 0, 0,
			     _("%s heads no unit (see 'heads:' in %s), so may not mark"
			       " duties; nothing was changed"),
			     actor->user, rules);
	buf_free(&heads);
	buf_free(&unit);
	return -1;
}

/* A mark made from a screen that no longer shows the duty as it is: says
 * who changed it (by name, when actor's people name them), when, and what
 * it is now. Returns MARK_CONFLICT, or -1. */
static int report_conflict(struct store *store, long long assignment,
			   const struct status *now, const struct actor *actor,
			   struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT coalesce(changed_by, '?'), coalesce(changed_at, 0)"
		" FROM assignment WHERE key = ?", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, assignment);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		return store_fail(store, err, _("cannot read a duty"));
	}
	char when[DATE_TIME_STR_SIZE];
	date_format_local_time(sqlite3_column_int64(stmt, 1), when);
	const char *who = people_name(actor->people, store_column_text(stmt, 0));
	if (now->note)
		kh_error_set(err, NULL, 0, 0,
			     _("%s changed this duty on %s, after your screen showed it: it is"
			       " now %s, with the note: %s; nothing was overwritten"),
			     who, when, duty_state_label(now->state), now->note);
	else
		kh_error_set(err, NULL, 0, 0,
			     _("%s changed this duty on %s, after your screen showed it: it is"
			       " now %s; nothing was overwritten"),
			     who, when, duty_state_label(now->state));
	sqlite3_finalize(stmt);
	return MARK_CONFLICT;
}

/* The note of a change in NFC, checked; *out NULL when the change gives
 * none. Returns 0, or -1 with err. */
static int normalised_note(const char *note, char **out, struct kh_error *err)
{
	*out = NULL;
	if (!note)
		return 0;
	if (!text_valid_utf8(note, strlen(note))) {
		kh_error_set(err, NULL, 0, 0, "%s", _("the note is not valid UTF-8"));
		return -1;
	}
	*out = text_nfc(note);
	if (strlen(*out) > STORE_NOTE_MAX) {
		kh_error_set(err, NULL, 0, 0,
			     _("the note is %zu bytes long; a note holds at most %d bytes"
			       " (a letter with accents takes 2 or 3)"),
			     strlen(*out), STORE_NOTE_MAX);
		x_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* Extensions and withdrawals are the office's to grant: once heads are
 * set, a unit head may see them, not make them. */
static int check_office(const struct actor *actor, struct kh_error *err)
{
	if (!actor->may_mark)
		return 0;
	const char *rules = actor->rules_file ? actor->rules_file : _("the configuration");
	kh_error_set(err, NULL, 0, 0,
		     _("only the office may extend a deadline, withdraw a duty or archive"
		       " a plan (see 'office:' in %s), and %s is not in it: ask the office;"
		       " nothing was changed"), rules, actor->user);
	return -1;
}

/* What the assignment becomes: to starts as a copy of from (strings
 * shared, not owned). note is the change's note in NFC, or NULL. Returns
 * 0, or -1 with err when the change cannot apply to it. */
static int next_status(const struct status *from, const struct change *change,
		       const char *note, struct status *to, struct kh_error *err)
{
	*to = *from;
	if (change->kind != CHANGE_CANCEL && change->kind != CHANGE_EXTEND &&
	    from->cancelled && !(change->kind == CHANGE_MARK &&
				 change->mark.state == DUTY_TODO)) {
		kh_error_set(err, NULL, 0, 0,
			     _("it was withdrawn (%s): 'kehoach reopen' brings it back first"),
			     from->cancel_reason ? from->cancel_reason : "");
		return -1;
	}
	if (change->kind == CHANGE_MARK || change->kind == CHANGE_PROGRESS) {
		const char *given = change->kind == CHANGE_MARK ? change->mark.note : change->note;
		if (given)
			to->note = note[0] ? (char *)note : NULL;
	}
	switch (change->kind) {
	case CHANGE_MARK:
		to->state = change->mark.state;
		to->done_on = to->state == DUTY_DONE ? change->mark.done_on : KH_DATE_NONE;
		if (to->state == DUTY_TODO) {
			to->cancelled = false;
			to->cancel_reason = NULL;
		}
		return 0;
	case CHANGE_PROGRESS:
		if (from->state == DUTY_DONE) {
			kh_error_set(err, NULL, 0, 0, "%s",
				     _("it is done already: 'kehoach reopen' it first to report progress"));
			return -1;
		}
		to->state = DUTY_DOING;
		to->progress = change->progress;
		return 0;
	case CHANGE_EXTEND:
		to->extended_to = change->extend_to;
		to->extend_reason = change->extend_to == KH_DATE_NONE ? NULL
				    : (char *)change->reason;
		return 0;
	case CHANGE_CANCEL:
		to->cancelled = true;
		to->cancel_reason = (char *)change->reason;
		return 0;
	}
	return 0;
}

/* One assignment of a change, inside the transaction. Returns
 * MARK_CHANGED, MARK_UNCHANGED, MARK_CONFLICT, or -1 with err. */
static int change_one(struct store *store, long long assignment,
		      const struct change *change, const char *note,
		      const struct actor *actor, struct kh_error *err)
{
	struct status from, to;
	int rc = -1;
	if (read_status(store, assignment, &from, err) < 0)
		goto out;
	if (check_may_mark(store, actor, &from, err) < 0 ||
	    ((change->kind == CHANGE_EXTEND || change->kind == CHANGE_CANCEL) &&
	     check_office(actor, err) < 0))
		goto out;
	const struct mark *mark = &change->mark;
	if (change->kind == CHANGE_MARK && mark->check_seen &&
	    (from.state != mark->seen_state || !same_text(from.note, mark->seen_note))) {
		rc = report_conflict(store, assignment, &from, actor, err);
		goto out;
	}
	if (next_status(&from, change, note, &to, err) < 0)
		goto out;
	if (same_status(&from, &to))
		rc = MARK_UNCHANGED;
	else if (apply_change(store, assignment, &from, &to, 0, actor, err) == 0)
		rc = MARK_CHANGED;
out:
	status_free(&from);
	return rc;
}

static int change_note(const struct change *change, char **note,
		       struct kh_error *err)
{
	const char *given = change->kind == CHANGE_MARK ? change->mark.note
			    : change->kind == CHANGE_PROGRESS ? change->note : NULL;
	return normalised_note(given, note, err);
}

int store_mark(struct store *store, long long assignment,
	       const struct mark *mark, const struct actor *actor,
	       struct kh_error *err)
{
	struct change change = { .kind = CHANGE_MARK, .mark = *mark };
	char *note;
	if (change_note(&change, &note, err) < 0)
		return -1;
	sqlite3_int64 since = sqlite3_total_changes64(store->db);
	if (store_begin(store, err) < 0) {
		x_free(note);
		return -1;
	}
	int rc = change_one(store, assignment, &change, note, actor, err);
	if (rc == MARK_CHANGED && store_commit(store, err) < 0)
		rc = -1;
	if (rc == MARK_CHANGED)
		store_note_mark(store, since, &assignment, 1);
	else
		store_rollback(store);
	x_free(note);
	return rc;
}

/* Whether change leaves every list's order as it was: a mark or progress
 * (not an extension, which moves the deadline, nor a withdrawal). */
static bool changed_only_status(const struct change *change)
{
	return change->kind == CHANGE_MARK || change->kind == CHANGE_PROGRESS;
}

/* store_note_mark() for the assignments of a change that it changed. */
static void note_changed(struct store *store, sqlite3_int64 since,
			 const long long *assignments, const int *results, size_t n)
{
	long long *keys = x_calloc(n ? n : 1, sizeof(*keys));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (results[i] == MARK_CHANGED)
			keys[k++] = assignments[i];
	store_note_mark(store, since, keys, k);
	x_free(keys);
}

int store_change(struct store *store, const long long *assignments, size_t n,
		 const struct change *change, const struct actor *actor,
		 int *results, struct kh_error *refused, struct kh_error *err)
{
	char *note;
	if (change_note(change, &note, err) < 0)
		return -1;
	sqlite3_int64 since = sqlite3_total_changes64(store->db);
	if (store_begin(store, err) < 0) {
		x_free(note);
		return -1;
	}
	int rc = 0;
	bool changed = false;
	for (size_t i = 0; i < n; i++) {
		kh_error_clear(&refused[i]);
		results[i] = change_one(store, assignments[i], change, note, actor,
					&refused[i]);
		if (results[i] < 0)
			rc = 1;
		changed |= results[i] == MARK_CHANGED;
	}
	if (rc == 0 && changed && store_commit(store, err) < 0)
		rc = -1;
	if (rc != 0 || !changed)
		store_rollback(store);
	else if (changed_only_status(change))
		note_changed(store, since, assignments, results, n);
	x_free(note);
	return rc;
}

/* Sets a plan's archive day and freezes (or thaws) its duties' outcomes,
 * with the history row; inside a transaction. */
static int set_archived(struct store *store, long long plan_key, kh_date day,
			const char *note, const struct actor *actor,
			struct kh_error *err)
{
	sqlite3_stmt *plan = store_prepare(store,
		"UPDATE plan SET archived_on = ?2, archive_note = ?3 WHERE key = ?1", err);
	sqlite3_stmt *freeze = plan ? store_prepare(store,
		"UPDATE assignment SET frozen_on = ?2 WHERE duty_key IN"
		" (SELECT key FROM duty WHERE plan_key = ?1)", err) : NULL;
	sqlite3_stmt *history = freeze ? store_prepare(store,
		"INSERT INTO plan_history(plan_key, at, uid, user, host, pid,"
		"   archived_on, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err) : NULL;
	int rc = -1;
	if (!history)
		goto out;
	sqlite3_stmt *both[] = { plan, freeze };
	for (size_t i = 0; i < KH_ARRAY_LEN(both); i++) {
		sqlite3_bind_int64(both[i], 1, plan_key);
		store_bind_date(both[i], 2, day);
	}
	store_bind_text(plan, 3, day == KH_DATE_NONE ? NULL : note);
	sqlite3_bind_int64(history, 1, plan_key);
	sqlite3_bind_int64(history, 2, actor->now);
	sqlite3_bind_int64(history, 3, (long long)actor->uid);
	store_bind_text(history, 4, actor->user);
	store_bind_text(history, 5, actor->host);
	sqlite3_bind_int64(history, 6, actor->pid);
	store_bind_date(history, 7, day);
	store_bind_text(history, 8, note);
	if (sqlite3_step(plan) != SQLITE_DONE || sqlite3_step(freeze) != SQLITE_DONE ||
	    sqlite3_step(history) != SQLITE_DONE) {
		store_fail(store, err, _("cannot record the change"));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(plan);
	sqlite3_finalize(freeze);
	sqlite3_finalize(history);
	return rc;
}

int store_archive(struct store *store, const char *plan, kh_date day,
		  const char *note, const struct actor *actor, struct kh_error *err)
{
	if (check_office(actor, err) < 0 || store_begin(store, err) < 0)
		return -1;
	int rc = -1;
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT key, archived_on FROM plan WHERE id = ? AND retired = 0", err);
	if (!stmt)
		goto out;
	store_bind_text(stmt, 1, plan);
	int step = sqlite3_step(stmt);
	if (step != SQLITE_ROW) {
		if (step == SQLITE_DONE)
			kh_error_set(err, NULL, 0, 0,
				     _("no plan '%s' (see 'kehoach plans')"), plan);
		else
			store_fail(store, err, _("cannot list plans"));
		goto out;
	}
	long long key = sqlite3_column_int64(stmt, 0);
	bool archived = sqlite3_column_type(stmt, 1) != SQLITE_NULL;
	if (archived == (day != KH_DATE_NONE)) {
		rc = 1;
		goto out;
	}
	if (set_archived(store, key, day, note, actor, err) < 0 ||
	    store_commit(store, err) < 0)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(stmt);
	if (rc != 0)
		store_rollback(store);
	return rc;
}

/* The change store_undo would undo: the latest by this uid that is neither
 * an undo nor undone, to a duty still in a plan. */
struct undo_target {
	long long seq;
	long long assignment;
	struct status before;     /* what the change replaced */
	struct status after;      /* what it set */
};

/* Fills t from a row of find_undo_target's query. */
static void read_undo_target(sqlite3_stmt *stmt, struct undo_target *t)
{
	t->seq = sqlite3_column_int64(stmt, 0);
	t->assignment = sqlite3_column_int64(stmt, 1);
	t->before.state = (enum duty_state)sqlite3_column_int(stmt, 2);
	t->before.note = copy_or_null(store_column_text(stmt, 3));
	t->before.done_on = store_column_date(stmt, 4);
	t->after.state = (enum duty_state)sqlite3_column_int(stmt, 5);
	t->after.note = copy_or_null(store_column_text(stmt, 6));
	t->after.done_on = store_column_date(stmt, 7);
	t->before.progress = sqlite3_column_int(stmt, 9);
	t->after.progress = sqlite3_column_int(stmt, 10);
	t->before.extended_to = store_column_date(stmt, 11);
	t->after.extended_to = store_column_date(stmt, 12);
	t->before.cancelled = sqlite3_column_int(stmt, 13) != 0;
	t->after.cancelled = sqlite3_column_int(stmt, 14) != 0;
}

/* The reasons the status before the undone change had: those given with
 * the latest earlier change that made its extension and its withdrawal
 * (the history keeps each reason with the change that gave it). */
static int read_earlier_reasons(struct store *store, struct undo_target *t,
				struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT (SELECT reason FROM history WHERE assignment_key = ?1"
		"   AND seq < ?2 AND new_extended_to IS ?3"
		"   AND old_extended_to IS NOT new_extended_to ORDER BY seq DESC LIMIT 1),"
		" (SELECT reason FROM history WHERE assignment_key = ?1"
		"   AND seq < ?2 AND new_cancelled AND NOT old_cancelled"
		"   ORDER BY seq DESC LIMIT 1)", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, t->assignment);
	sqlite3_bind_int64(stmt, 2, t->seq);
	store_bind_date(stmt, 3, t->before.extended_to);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		if (t->before.extended_to != KH_DATE_NONE)
			t->before.extend_reason = copy_or_null(store_column_text(stmt, 0));
		if (t->before.cancelled)
			t->before.cancel_reason = copy_or_null(store_column_text(stmt, 1));
		rc = 0;
	} else {
		rc = store_fail(store, err, _("cannot read the history"));
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* Finds the change to undo. Later changes by uid to duties since removed
 * from their plans cannot be undone (the duty is nowhere to be seen or
 * marked): they are passed over, counted in *skipped, the latest in
 * *skipped_assignment, so that they never block the changes before them.
 * Returns 0, 1 when there is nothing to undo, -1 with err. */
static int find_undo_target(struct store *store, uid_t uid,
			    struct undo_target *t, int *skipped,
			    long long *skipped_assignment, struct kh_error *err)
{
	memset(t, 0, sizeof(*t));
	*skipped = 0;
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT h.seq, h.assignment_key, h.old_state, h.old_note,"
		"  h.old_done_on, h.new_state, h.new_note, h.new_done_on,"
		"  a.retired OR d.retired OR p.retired,"
		"  coalesce(h.old_progress, -1), coalesce(h.new_progress, -1),"
		"  h.old_extended_to, h.new_extended_to, h.old_cancelled, h.new_cancelled"
		" FROM history h JOIN assignment a ON a.key = h.assignment_key"
		" JOIN duty d ON d.key = a.duty_key JOIN plan p ON p.key = d.plan_key"
		" WHERE h.uid = ? AND h.undoes IS NULL"
		" AND NOT EXISTS (SELECT 1 FROM history u WHERE u.undoes = h.seq)"
		" ORDER BY h.seq DESC", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, (long long)uid);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	       sqlite3_column_int(stmt, 8)) {
		if ((*skipped)++ == 0)
			*skipped_assignment = sqlite3_column_int64(stmt, 1);
	}
	if (rc == SQLITE_ROW) {
		read_undo_target(stmt, t);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 1;
	} else {
		rc = store_fail(store, err, _("cannot read the history"));
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* Refuses to undo over somebody else's later change to the same duty. */
static int check_no_later_change(struct store *store,
				 const struct undo_target *t, const struct actor *actor,
				 struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT user, at FROM history WHERE assignment_key = ? AND seq > ?"
		" AND uid <> ? ORDER BY seq DESC LIMIT 1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, t->assignment);
	sqlite3_bind_int64(stmt, 2, t->seq);
	sqlite3_bind_int64(stmt, 3, (long long)actor->uid);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		char when[DATE_TIME_STR_SIZE];
		date_format_local_time(sqlite3_column_int64(stmt, 1), when);
		kh_error_set(err, NULL, 0, 0,
			     _("cannot undo: %s changed that duty after you, on %s; nothing"
			       " was changed"),
			     people_name(actor->people, store_column_text(stmt, 0)), when);
		rc = -1;
	} else {
		rc = rc == SQLITE_DONE ? 0 : store_fail(store, err, _("cannot read the history"));
	}
	sqlite3_finalize(stmt);
	return rc;
}

static void describe_assignment(struct store *store, long long assignment,
				char *out, size_t out_size)
{
	snprintf(out, out_size, "?");
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT p.id, d.id, u.id, o.is_group FROM assignment a"
		" JOIN duty d ON d.key = a.duty_key JOIN plan p ON p.key = d.plan_key"
		" JOIN unit u ON u.key = a.unit_key JOIN unit o ON o.key = d.owner_key"
		" WHERE a.key = ?", NULL);
	if (!stmt)
		return;
	sqlite3_bind_int64(stmt, 1, assignment);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		bool group = sqlite3_column_int(stmt, 3) != 0;
		duty_full_name(store_column_text(stmt, 0), store_column_text(stmt, 1),
			       group ? store_column_text(stmt, 2) : NULL, out, out_size);
	}
	sqlite3_finalize(stmt);
}

int store_undo(struct store *store, const struct actor *actor,
	       struct undo_result *result, struct kh_error *err)
{
	struct undo_target t = { 0 };
	struct status now = { 0 };
	long long skipped_assignment = 0;
	int rc = -1;
	memset(result, 0, sizeof(*result));
	if (store_begin(store, err) < 0)
		return -1;
	int found = find_undo_target(store, actor->uid, &t, &result->skipped,
				     &skipped_assignment, err);
	if (result->skipped)
		describe_assignment(store, skipped_assignment, result->skipped_name,
				    sizeof(result->skipped_name));
	if (found != 0) {
		rc = found;
		goto out;
	}
	if (check_no_later_change(store, &t, actor, err) < 0 ||
	    read_earlier_reasons(store, &t, err) < 0 ||
	    read_status(store, t.assignment, &now, err) < 0 ||
	    check_may_mark(store, actor, &now, err) < 0 ||
	    apply_change(store, t.assignment, &now, &t.before, t.seq, actor,
			 err) < 0)
		goto out;
	describe_assignment(store, t.assignment, result->duty_name,
			    sizeof(result->duty_name));
	result->from = now.state;
	result->to = t.before.state;
	if (store_commit(store, err) < 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		store_rollback(store);
	status_free(&t.before);
	status_free(&t.after);
	status_free(&now);
	return rc;
}

int store_history(struct store *store, const struct history_filter *filter,
		  history_row_fn on_row, void *ctx, struct kh_error *err)
{
	/* Reminders, when asked for, come as rows of their own (reminded not
	 * NULL), merged with the changes by time. */
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT h.seq, p.id, d.id, u.id, o.is_group, h.at, h.uid, h.user,"
		"  h.host, h.pid, h.old_state, h.new_state, h.old_note, h.new_note,"
		"  h.new_done_on, h.undoes, coalesce(h.old_progress, -1),"
		"  coalesce(h.new_progress, -1), h.old_extended_to, h.new_extended_to,"
		"  h.old_cancelled, h.new_cancelled, h.reason, a.plan_deadline,"
		"  NULL, NULL, 0 AS kind"
		" FROM history h JOIN assignment a ON a.key = h.assignment_key"
		" JOIN duty d ON d.key = a.duty_key JOIN plan p ON p.key = d.plan_key"
		" JOIN unit u ON u.key = a.unit_key JOIN unit o ON o.key = d.owner_key"
		" WHERE (?1 = 0 OR a.duty_key = ?1) AND (?2 = 0 OR a.key = ?2)"
		" AND (?3 IS NULL OR u.id = ?3) AND (?4 IS NULL OR h.user = ?4)"
		" AND (?5 IS NULL OR h.at >= ?5) AND (?6 IS NULL OR h.at < ?6)"
		" UNION ALL"
		" SELECT r.seq, p.id, d.id, u.id, o.is_group, r.at, r.uid, r.user,"
		"  r.host, r.pid, a.state, a.state, NULL, NULL, NULL, 0, -1, -1,"
		"  NULL, NULL, 0, 0, NULL, a.plan_deadline, r.login, r.address, 1"
		" FROM reminder r JOIN reminder_duty rd ON rd.reminder_seq = r.seq"
		" JOIN assignment a ON a.key = rd.assignment_key"
		" JOIN duty d ON d.key = a.duty_key JOIN plan p ON p.key = d.plan_key"
		" JOIN unit u ON u.key = a.unit_key JOIN unit o ON o.key = d.owner_key"
		" WHERE ?7 AND (?1 = 0 OR a.duty_key = ?1) AND (?2 = 0 OR a.key = ?2)"
		" AND (?3 IS NULL OR u.id = ?3) AND (?4 IS NULL OR r.user = ?4)"
		" AND (?5 IS NULL OR r.at >= ?5) AND (?6 IS NULL OR r.at < ?6)"
		" ORDER BY 6, 27, 1", err);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, filter->duty);
	sqlite3_bind_int64(stmt, 2, filter->assignment);
	store_bind_text(stmt, 3, filter->unit);
	store_bind_text(stmt, 4, filter->user);
	if (filter->has_from)
		sqlite3_bind_int64(stmt, 5, filter->from_at);
	if (filter->has_until)
		sqlite3_bind_int64(stmt, 6, filter->until_at);
	sqlite3_bind_int(stmt, 7, filter->reminders);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct history_row row = {
			.seq = sqlite3_column_int64(stmt, 0),
			.plan_id = store_column_text(stmt, 1),
			.duty_id = store_column_text(stmt, 2),
			.unit_id = store_column_text(stmt, 3),
			.group_duty = sqlite3_column_int(stmt, 4) != 0,
			.at = sqlite3_column_int64(stmt, 5),
			.uid = (unsigned)sqlite3_column_int64(stmt, 6),
			.user = store_column_text(stmt, 7),
			.host = store_column_text(stmt, 8),
			.pid = (long)sqlite3_column_int64(stmt, 9),
			.old_state = (enum duty_state)sqlite3_column_int(stmt, 10),
			.new_state = (enum duty_state)sqlite3_column_int(stmt, 11),
			.old_note = store_column_text(stmt, 12),
			.new_note = store_column_text(stmt, 13),
			.done_on = store_column_date(stmt, 14),
			.undoes = sqlite3_column_int64(stmt, 15),
			.old_progress = sqlite3_column_int(stmt, 16),
			.new_progress = sqlite3_column_int(stmt, 17),
			.old_extended_to = store_column_date(stmt, 18),
			.new_extended_to = store_column_date(stmt, 19),
			.old_cancelled = sqlite3_column_int(stmt, 20) != 0,
			.new_cancelled = sqlite3_column_int(stmt, 21) != 0,
			.reason = store_column_text(stmt, 22),
			.plan_deadline = store_column_date(stmt, 23),
			.reminded = store_column_text(stmt, 24),
			.reminded_address = store_column_text(stmt, 25),
		};
		int stop = on_row(ctx, &row);
		if (stop) {
			sqlite3_finalize(stmt);
			return stop;
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(store, err, _("cannot read the history"));
}

/* ---- reminders ----------------------------------------------------------- */

int store_reminded(struct store *store, const char *login, kh_date day,
		   long long *at, struct kh_error *err)
{
	sqlite3_stmt *stmt = store_prepare(store,
		"SELECT min(at) FROM reminder WHERE login = ?1 AND day = ?2"
		" HAVING count(*) > 0", err);
	if (!stmt)
		return -1;
	store_bind_text(stmt, 1, login);
	store_bind_date(stmt, 2, day);
	int rc = sqlite3_step(stmt), found = 0;
	if (rc == SQLITE_ROW) {
		found = 1;
		if (at)
			*at = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? found : store_fail(store, err, _("cannot read the reminders sent"));
}

int store_record_reminder(struct store *store, const struct reminder *reminder,
			  const struct actor *actor, struct kh_error *err)
{
	if (store_begin(store, err) < 0)
		return -1;
	sqlite3_stmt *stmt = store_prepare(store,
		"INSERT INTO reminder (login, address, day, at, duties, uid, user, host, pid)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
	if (!stmt)
		goto fail;
	store_bind_text(stmt, 1, reminder->login);
	store_bind_text(stmt, 2, reminder->address);
	store_bind_date(stmt, 3, reminder->day);
	sqlite3_bind_int64(stmt, 4, actor->now);
	sqlite3_bind_int64(stmt, 5, reminder->duties);
	sqlite3_bind_int64(stmt, 6, actor->uid);
	store_bind_text(stmt, 7, actor->user);
	store_bind_text(stmt, 8, actor->host);
	sqlite3_bind_int64(stmt, 9, actor->pid);
	int rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_fail(store, err, _("cannot record the reminder"));
		goto fail;
	}
	sqlite3_int64 seq = sqlite3_last_insert_rowid(store->db);
	stmt = store_prepare(store,
		"INSERT OR IGNORE INTO reminder_duty (reminder_seq, assignment_key) VALUES (?1, ?2)",
		err);
	if (!stmt)
		goto fail;
	for (size_t i = 0; i < reminder->n_assignments; i++) {
		sqlite3_reset(stmt);
		sqlite3_bind_int64(stmt, 1, seq);
		sqlite3_bind_int64(stmt, 2, reminder->assignments[i]);
		if (sqlite3_step(stmt) != SQLITE_DONE) {
			sqlite3_finalize(stmt);
			store_fail(store, err, _("cannot record the reminder"));
			goto fail;
		}
	}
	sqlite3_finalize(stmt);
	if (store_commit(store, err) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(store);
	return -1;
}
