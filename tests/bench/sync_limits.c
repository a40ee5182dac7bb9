/* sync_limits: what a sync of a plan file cannot go below, measured on
 * this machine in the benchmark's own run, so that bench.sh compares the
 * sync with a limit it measured rather than one it remembers.
 *
 *   sync_limits PLAN.yaml SYNCED.db RUNS
 *
 * Prints two medians in milliseconds, "PARSE INSERT":
 *   PARSE   libyaml alone: every event of PLAN.yaml parsed and dropped
 *           (no tree, no checks, no copies);
 *   INSERT  SQLite alone: the rows a sync of PLAN.yaml wrote (read from
 *           SYNCED.db beforehand, untimed) inserted into a new database
 *           with the same schema, indexes and settings as kehoach's (WAL,
 *           synchronous=FULL), with prepared statements, in one
 *           transaction, committed.
 * A sync has to do both; done one after the other they take their sum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>
#include <yaml.h>

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "sync_limits: %s%s%s\n", what, detail ? ": " : "",
		detail ? detail : "");
	exit(2);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), compare_doubles);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- libyaml alone ------------------------------------------------------- */

static double parse_once(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("cannot open the plan", path);
	yaml_parser_t parser;
	yaml_event_t event;
	double t0 = now_ms();
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	for (;;) {
		if (!yaml_parser_parse(&parser, &event))
			die("libyaml cannot parse the plan", parser.problem);
		yaml_event_type_t type = event.type;
		yaml_event_delete(&event);
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&parser);
	double t1 = now_ms();
	fclose(f);
	return t1 - t0;
}

/* ---- SQLite alone -------------------------------------------------------- */

/* The tables a sync writes, parents first. */
static const char *const tables[] = {
	"plan_file", "plan", "unit", "unit_member", "duty", "duty_search", "assignment",
};
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

struct rows {
	int columns;
	size_t n;
	sqlite3_value **values;   /* n × columns */
};

static void check(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		die(what, sqlite3_errmsg(db));
}

static void read_rows(sqlite3 *db, const char *table, struct rows *out)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT * FROM %s", table);
	sqlite3_stmt *stmt;
	check(db, sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), "cannot read the database");
	out->columns = sqlite3_column_count(stmt);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 1024;
			out->values = realloc(out->values,
					      cap * (size_t)out->columns * sizeof(*out->values));
			if (!out->values)
				die("out of memory", NULL);
		}
		for (int c = 0; c < out->columns; c++)
			out->values[out->n * (size_t)out->columns + (size_t)c] =
				sqlite3_value_dup(sqlite3_column_value(stmt, c));
		out->n++;
	}
	check(db, rc, "cannot read the database");
	sqlite3_finalize(stmt);
}

/* The statements that make the schema, tables before what hangs on them. */
static char **read_schema(sqlite3 *db, size_t *n)
{
	sqlite3_stmt *stmt;
	check(db, sqlite3_prepare_v2(db,
		"SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL"
		" AND name NOT LIKE 'sqlite_%' ORDER BY type <> 'table', rowid",
		-1, &stmt, NULL), "cannot read the schema");
	char **sql = NULL;
	*n = 0;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		sql = realloc(sql, (*n + 1) * sizeof(*sql));
		sql[(*n)++] = strdup((const char *)sqlite3_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	return sql;
}

static void exec(sqlite3 *db, const char *sql)
{
	char *message = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
		die(sql, message);
}

static double insert_once(const char *dir, char **schema, size_t n_schema,
			  const struct rows *rows)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/limit.db", dir);
	const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 4; i++) {
		char file[4200];
		snprintf(file, sizeof(file), "%s%s", path, suffixes[i]);
		unlink(file);
	}
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die("cannot create a database", path);
	exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
		 " PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;");
	exec(db, "BEGIN");
	for (size_t i = 0; i < n_schema; i++)
		exec(db, schema[i]);
	exec(db, "COMMIT");

	double t0 = now_ms();
	exec(db, "BEGIN IMMEDIATE");
	for (size_t t = 0; t < N_TABLES; t++) {
		const struct rows *r = &rows[t];
		char sql[512];
		int len = snprintf(sql, sizeof(sql), "INSERT INTO %s VALUES (", tables[t]);
		for (int c = 0; c < r->columns; c++)
			len += snprintf(sql + len, sizeof(sql) - (size_t)len, "%s?", c ? "," : "");
		snprintf(sql + len, sizeof(sql) - (size_t)len, ")");
		sqlite3_stmt *stmt;
		check(db, sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), "cannot insert");
		for (size_t i = 0; i < r->n; i++) {
			for (int c = 0; c < r->columns; c++)
				sqlite3_bind_value(stmt, c + 1,
						   r->values[i * (size_t)r->columns + (size_t)c]);
			check(db, sqlite3_step(stmt), "cannot insert");
			sqlite3_reset(stmt);
		}
		sqlite3_finalize(stmt);
	}
	exec(db, "COMMIT");
	double t1 = now_ms();
	sqlite3_close(db);
	return t1 - t0;
}

int main(int argc, char **argv)
{
	if (argc != 4 || atoi(argv[3]) < 1) {
		fprintf(stderr, "usage: sync_limits PLAN.yaml SYNCED.db RUNS\n");
		return 2;
	}
	int runs = atoi(argv[3]);
	double *times = calloc((size_t)runs, sizeof(*times));

	for (int i = 0; i < runs; i++)
		times[i] = parse_once(argv[1]);
	double parse = median(times, runs);

	sqlite3 *src;
	if (sqlite3_open_v2(argv[2], &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die("cannot open the synced database", argv[2]);
	struct rows rows[N_TABLES] = { 0 };
	for (size_t t = 0; t < N_TABLES; t++)
		read_rows(src, tables[t], &rows[t]);
	size_t n_schema;
	char **schema = read_schema(src, &n_schema);
	sqlite3_close(src);

	char dir[] = "/tmp/sync-limits.XXXXXX";
	if (!mkdtemp(dir))
		die("cannot make a temporary folder", NULL);
	for (int i = 0; i < runs; i++)
		times[i] = insert_once(dir, schema, n_schema, rows);
	double insert = median(times, runs);
	const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < 4; i++) {
		char file[4200];
		snprintf(file, sizeof(file), "%s/limit.db%s", dir, suffixes[i]);
		unlink(file);
	}
	rmdir(dir);

	printf("%.1f %.1f\n", parse, insert);
	for (size_t t = 0; t < N_TABLES; t++) {
		for (size_t i = 0; i < rows[t].n * (size_t)rows[t].columns; i++)
			sqlite3_value_free(rows[t].values[i]);
		free(rows[t].values);
	}
	for (size_t i = 0; i < n_schema; i++)
		free(schema[i]);
	free(schema);
	free(times);
	return 0;
}
