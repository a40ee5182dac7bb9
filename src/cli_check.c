/* kehoach check [PATH…]: validate plan files without touching the database. */
#include <string.h>
#include <sys/stat.h>

#include "kehoach/cli.h"
#include "kehoach/plan_yaml.h"
#include "kehoach/store.h"

/* The errors shown for one file; then how many more there are. */
#define ERRORS_SHOWN 20

struct checked {
	char *plan_id;
	char *path;
};

/* What a plan has: its duties and their assignments. */
struct plan_size {
	size_t duties, assignments;
};

static void count_unit(const struct unit *unit, struct plan_size *size)
{
	size->duties += unit->n_duties;
	size->assignments += unit->n_duties * (unit->is_group ? unit->n_members : 1);
}

/* A file checked as it is read (plan_load_file_streamed), so that a large
 * plan is not held whole: the duties let go are counted and freed; those
 * whose dates wait for the end stay in the plan, and their arenas until
 * the load is done. */
struct streamed_check {
	struct plan_size let_go;
	struct arena **kept;
	size_t n_kept, kept_cap;
};

static void streamed_header(void *ctx, const struct plan *header)
{
	(void)ctx;
	(void)header;
}

static void streamed_unit(void *ctx, const struct unit *unit, bool dates_final,
			  struct arena *bulk)
{
	struct streamed_check *sc = ctx;
	if (dates_final) {
		count_unit(unit, &sc->let_go);
		arena_free(bulk);
		x_free(bulk);
		return;
	}
	X_GROW(sc->kept, sc->kept_cap, sc->n_kept + 1);
	sc->kept[sc->n_kept++] = bulk;
}

static void streamed_check_free(struct streamed_check *sc)
{
	for (size_t i = 0; i < sc->n_kept; i++) {
		arena_free(sc->kept[i]);
		x_free(sc->kept[i]);
	}
	x_free(sc->kept);
}

/* Loads the plan at path, counting its duties and assignments into size,
 * as it is read; when it fails, loads it whole again, for every error in
 * the order of the file. Returns what plan_check_file() does. */
static int load_counted(const char *path, struct plan **plan, struct plan_size *size,
			struct kh_errors *errors)
{
	struct streamed_check sc = { 0 };
	struct plan_check_store kept;
	struct store_check_spill *spill = store_check_spill_open(&kept);
	const struct plan_stream stream = { streamed_header, streamed_unit, NULL, &sc,
					    spill ? &kept : NULL };
	struct kh_error first;
	int rc = plan_load_file_streamed(path, &stream, plan, &first);
	store_check_spill_close(spill);
	if (rc == 0) {
		/* The duties the plan kept live in sc's arenas, freed below:
		 * counted, then let go as the others were. */
		*size = sc.let_go;
		for (size_t u = 0; u < (*plan)->n_units; u++) {
			struct unit *unit = &(*plan)->units[u];
			count_unit(unit, size);
			unit->duties = NULL;
			unit->n_duties = 0;
		}
	} else {
		plan_free(*plan);
		*plan = NULL;
	}
	streamed_check_free(&sc);
	if (rc < 0) {
		/* Loaded whole, its duties all in the plan. */
		rc = plan_check_file(path, plan, errors);
		for (size_t u = 0; rc == 0 && u < (*plan)->n_units; u++)
			count_unit(&(*plan)->units[u], size);
	}
	return rc;
}

/* Each error on its own line, in the order of the file, up to the limit. */
static void report_errors(const char *path, const struct kh_errors *errors)
{
	for (size_t i = 0; i < errors->n_items; i++)
		cli_report_error(&errors->items[i]);
	size_t more = errors->count - errors->n_items;
	if (more)
		cli_error(ngettext("%s: … and %zu more error", "%s: … and %zu more errors",
				   more),
			  path, more);
}

/* Checks one file; returns 0 when it is a sound plan whose id no earlier
 * file of this run has. */
static int check_file(const char *path, struct checked *seen, size_t *n_seen,
		      struct str_map *units, struct arena *ids)
{
	struct plan *plan = NULL;
	struct kh_error err;
	struct kh_errors errors;
	kh_errors_init(&errors, ERRORS_SHOWN);
	struct plan_size size = { 0 };
	int rc = load_counted(path, &plan, &size, &errors);
	if (rc < 0)
		report_errors(path, &errors);
	kh_errors_free(&errors);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < *n_seen; i++) {
		if (!strcmp(seen[i].plan_id, plan->id)) {
			kh_error_set(&err, path, plan->id_pos.line, plan->id_pos.column,
				     _("plan id '%s' is already used by %s; plan ids must be unique"),
				     plan->id, seen[i].path);
			cli_report_error(&err);
			plan_free(plan);
			return -1;
		}
	}
	seen[*n_seen].plan_id = x_strdup(plan->id);
	seen[*n_seen].path = x_strdup(path);
	(*n_seen)++;
	/* The units of the sound plans, for the configuration's heads. */
	for (size_t u = 0; u < plan->n_units; u++)
		str_map_add(units, arena_strdup(ids, plan->units[u].id), 1, NULL);
	cli_put(stdout, path);
	printf(_(": ok: plan %s, %zu units, %zu duties, %zu assignments\n"), plan->id,
	       plan->n_units, size.duties, size.assignments);
	plan_free(plan);
	return 0;
}

static bool unit_checked(void *ctx, const char *unit)
{
	long long unused;
	return str_map_get(ctx, unit, &unused);
}

static int run_check(struct cli *cli, const struct cli_args *a)
{
	const char *const *args = a->items;
	int n_args = a->count;
	const char *plans_dir[] = { cli->plans_dir };
	if (n_args == 0) {
		args = plans_dir;
		n_args = 1;
	}

	/* Expand folders into their plan files, keeping the given order. */
	char **files = NULL;
	size_t n_files = 0, cap = 0;
	int failed = 0;
	for (int i = 0; i < n_args; i++) {
		struct stat st;
		if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			struct kh_error err;
			char **inside = cli_plan_files(args[i], &err);
			if (!inside) {
				cli_report_error(&err);
				failed++;
				continue;
			}
			for (char **p = inside; *p; p++) {
				X_GROW(files, cap, n_files + 1);
				files[n_files++] = x_strdup(*p);
			}
			cli_free_paths(inside);
		} else {
			X_GROW(files, cap, n_files + 1);
			files[n_files++] = x_strdup(args[i]);
		}
	}
	struct checked *seen = x_calloc(n_files + 1, sizeof(*seen));
	size_t n_seen = 0;
	struct str_map units = { 0 };
	struct arena ids = { 0 };
	for (size_t i = 0; i < n_files; i++)
		if (check_file(files[i], seen, &n_seen, &units, &ids) < 0)
			failed++;
	/* Warnings, not errors: the plans checked may be only some of them. */
	if (!failed)
		cli_warn_rules(cli, unit_checked, &units);
	str_map_free(&units);
	arena_free(&ids);
	for (size_t i = 0; i < n_seen; i++) {
		x_free(seen[i].plan_id);
		x_free(seen[i].path);
	}
	x_free(seen);
	for (size_t i = 0; i < n_files; i++)
		x_free(files[i]);
	x_free(files);
	return failed ? KH_EXIT_FAIL : KH_EXIT_OK;
}

static const struct cli_option check_options[] = { { 0 } };

const struct cli_command cli_check_command = {
	.name = "check",
	.arguments = "[PATH…]",
	.argument_kind = CLI_PATH,
	.max_args = -1,
	.summary = N_("validate plan files or folders"),
	.description = N_(
		"Validates plan files, or the plan files in folders (default: the\n"
		"plans folder), without touching the database. Prints one line per\n"
		"sound file, and each error of the others on its own line, in the\n"
		"order of the file; exit 1 on any error.\n"),
	.options = check_options,
	.run = run_check,
};
