/* kehoach import FILE [-o PLAN.yaml] [--tet YEAR] [--force] [--format
 * yaml|json]: a directive (plain text or .docx) as a draft plan, every
 * guess marked (import.h). Needs no database; the plans folder, when
 * there is one, lends the ids of what it already has. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "kehoach/cli.h"
#include "kehoach/doc.h"
#include "kehoach/file_io.h"
#include "kehoach/import.h"
#include "kehoach/plan_yaml.h"

enum import_format { IMPORT_YAML, IMPORT_JSON };

/* The plans of the plans folder that load; those that do not are not
 * this command's business (kehoach check names them). */
static struct plan **known_plans(const struct cli *cli, size_t *n)
{
	*n = 0;
	struct stat st;
	if (!cli->plans_dir || stat(cli->plans_dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return NULL;
	struct kh_error err;
	char **paths = cli_plan_files(cli->plans_dir, &err);
	if (!paths)
		return NULL;
	size_t count = 0;
	while (paths[count])
		count++;
	struct plan **plans = x_calloc(count + 1, sizeof(*plans));
	for (size_t i = 0; i < count; i++)
		if (plan_load_file(paths[i], &plans[*n], &err) == 0)
			(*n)++;
	cli_free_paths(paths);
	return plans;
}

static void free_plans(struct plan **plans, size_t n)
{
	for (size_t i = 0; i < n; i++)
		plan_free(plans[i]);
	x_free(plans);
}

/* What the draft holds, for whoever wrote it to a file. */
static void summarise(const struct import_result *r, const char *path)
{
	size_t groups = 0, duties = 0, deadlines = 0;
	for (size_t s = 0; s < r->n_sections; s++) {
		groups += r->sections[s].is_group;
		duties += r->sections[s].n_duties;
		for (size_t d = 0; d < r->sections[s].n_duties; d++)
			deadlines += r->sections[s].duties[d].due.kind != IMPORT_DUE_NONE;
	}
	cli_error(_("%s: a draft plan with %zu units (groups: %zu), %zu duties, %zu deadlines read from the text"),
		  path, r->n_sections, groups, duties, deadlines);
	cli_error(_("review every value under a comment that says \"guessed\", then: kehoach check %s"),
		  path);
}

static int run_import(struct cli *cli, const struct cli_args *args)
{
	const char *path = args->items[0];
	const char *output = cli_value(args, "output");
	enum import_format format = (enum import_format)cli_number(args, "format", IMPORT_YAML);
	struct doc doc;
	struct import_result r = { 0 };
	struct import_ids ids = { 0 };
	struct plan *draft = NULL;
	struct buf yaml = { 0 }, json = { 0 };
	struct kh_error err;
	kh_error_clear(&err);
	size_t n_known = 0;
	struct plan **known = NULL;
	int rc = KH_EXIT_FAIL;
	if (doc_read(path, &doc, &err) < 0 ||
	    import_recognise(path, &doc, cli_number(args, "tet", 0), &r, &err) < 0) {
		cli_report_error(&err);
		goto out;
	}
	struct import_source source = { .name = path, .paragraphs = doc.encoding == DOC_DOCX };
	known = known_plans(cli, &n_known);
	import_assign_ids(&r, &source, known, n_known, &ids);
	if (import_write_plan(&r, &ids, &source, &yaml, &draft, &err) < 0) {
		cli_report_error(&err);
		goto out;
	}
	if (format == IMPORT_JSON)
		import_write_json(&r, &ids, &source, draft, &json);
	rc = cli_write_output(output, format == IMPORT_JSON ? &json : &yaml,
			      cli_flag(args, "force") ? CLI_WRITE_REPLACE : CLI_WRITE_NEW);
	if (rc == KH_EXIT_OK && output && format == IMPORT_YAML)
		summarise(&r, output);
out:
	plan_free(draft);
	buf_free(&yaml);
	buf_free(&json);
	import_ids_free(&ids);
	free_plans(known, n_known);
	import_result_free(&r);
	doc_free(&doc);
	return rc;
}

static const struct cli_choice import_formats[] = {
	{ "yaml", IMPORT_YAML }, { "json", IMPORT_JSON }, { 0 },
};

static const struct cli_option import_options[] = {
	{ "output", 'o', CLI_FILE, N_("write the draft to FILE, a new file (see --force), instead of standard output") },
	{ "tet", 0, CLI_YEAR, N_("the year of the Tết the directive is about, when it does not say (1900-2100)") },
	{ "force", 0, CLI_FLAG, N_("replace FILE of -o if it exists") },
	{ "format", 0, CLI_CHOICE, N_("yaml: the draft plan (the default); json: what was recognised, with the line or paragraph of each part"), import_formats },
	{ 0 },
};

const struct cli_command cli_import_command = {
	.name = "import",
	.arguments = "FILE",
	.argument_kind = CLI_FILE,
	.min_args = 1,
	.max_args = 1,
	.missing = N_("needs the directive's file (.docx or plain text)"),
	.summary = N_("a directive (.docx or text) as a draft plan to review"),
	.description = N_(
		"Reads a directive or plan document (Word .docx, or plain text in UTF-8,\n"
		"UTF-16 or Windows-1258) and writes a draft plan: its numbered sections\n"
		"as units (one addressed to several units as their group), each bullet\n"
		"as a duty word for word, with the documents it cites, its deadline\n"
		"(\"trước ngày 25/01/2022\", \"trước Tết\", \"trước 23 tháng Chạp\") and the\n"
		"units it works with (\"phối hợp với …\"). Every value that was guessed\n"
		"has a comment above it saying from which words: review those, then\n"
		"run kehoach check. Units and duties the plans folder already has keep\n"
		"their ids. The draft is checked as any plan before it is written;\n"
		"an existing file is replaced only with --force.\n"),
	.options = import_options,
	.run = run_import,
};
