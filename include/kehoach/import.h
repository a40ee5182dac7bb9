/* import: what a directive says, recognised from its paragraphs (doc.h),
 * before it is written as a draft plan. The recogniser sees paragraphs
 * only, whichever reader (text, .docx) made them.
 *
 * A directive is a preamble (what it rests on, its number and date), then
 * numbered sections addressed to units ("1. Văn phòng Sở", "I.", "a)"),
 * each with its duties as bullets ("- …", "+ …", "• …"). A section
 * addressed to several units ("Các phòng, Trung tâm …") is a group whose
 * members are the other sections' units. */
#ifndef KEHOACH_IMPORT_H
#define KEHOACH_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/date.h"
#include "kehoach/doc.h"
#include "kehoach/error.h"
#include "kehoach/plan.h"

/* A deadline as the text states it, in the forms a plan writes. */
enum import_due_kind {
	IMPORT_DUE_NONE,
	IMPORT_DUE_DATE,         /* "trước ngày 25/01/2022", "trong tháng 01/2022" */
	IMPORT_DUE_TET,          /* "trước Tết" (tet-1), "trước mùng 6 Tết" (tet+5) */
	IMPORT_DUE_LUNAR,        /* "trước 23 tháng Chạp" (23/12 ÂL) */
};

struct import_due {
	enum import_due_kind kind;
	kh_date date;            /* IMPORT_DUE_DATE */
	int tet_offset;          /* IMPORT_DUE_TET: days from mùng 1 Tết */
	int lunar_day, lunar_month; /* IMPORT_DUE_LUNAR */
	bool year_guessed;       /* a date written without its year */
	const char *words;       /* the words it was read from */
};

/* A coordinating unit ("phối hợp với Văn phòng Sở"): another section. */
struct import_with {
	size_t section;          /* index in import_result.sections */
	const char *words;       /* how the text names it */
};

struct import_duty {
	const char *text;        /* word for word, without its bullet */
	unsigned line;           /* the source line or paragraph */
	const char **refs;       /* the documents it cites, as cited */
	size_t n_refs;
	struct import_due due;
	struct import_with *with;
	size_t n_with;
};

struct import_section {
	const char *label;       /* "1", "II", "a" */
	const char *name;        /* "Văn phòng Sở" */
	bool is_group;           /* addressed to the other sections' units */
	unsigned line;
	struct import_duty *duties;
	size_t n_duties;
};

/* More sections than this, or more of them groups (each lists every
 * other unit), is no directive: refused rather than drafted. */
#define IMPORT_MAX_SECTIONS 1000
#define IMPORT_MAX_GROUPS 20

struct import_result {
	const char **preamble;   /* the paragraphs before the first section */
	size_t n_preamble;
	/* The document's own number and day ("ban hành văn bản số
	 * 77/STTTT-VP ngày 19/01/2022"): NULL and KH_DATE_NONE when the
	 * preamble does not say. */
	const char *number;
	kh_date issued;
	const char *issuer;      /* "Sở Thông tin và Truyền thông", or NULL */
	const char *parent;      /* the body above it, from the heading, or NULL */
	const char *title;       /* its subject ("về việc …"), or NULL */
	const char *title_words; /* the words the title was read from */
	const char *place;       /* "Hà Tĩnh" of "Hà Tĩnh, ngày …", or NULL */
	const char **basis;      /* the documents the preamble rests on */
	size_t n_basis;
	/* The Tết it is about ("Tết Nguyên đán Nhâm Dần 2022"), or 0, and
	 * the words it was read from. */
	int tet;
	const char *tet_words;
	/* With --tet: the Tết the document names itself, when another, and
	 * its words (0 and NULL otherwise). */
	int tet_named;
	const char *tet_named_words;
	struct import_section *sections;
	size_t n_sections;
	struct arena arena;      /* owns the names, texts and arrays */
};

/* Recognises the sections and duties of doc. tet_year (from --tet; 0:
 * the one the document names) is the Tết deadlines relative to Tết and
 * dates without a year are read for. Returns 0, or -1 with err (naming
 * doc_name) when it has no section with a duty: that is no directive
 * kehoach can make a plan of. Free result with import_result_free(),
 * also after a failure. */
int import_recognise(const char *doc_name, const struct doc *doc, int tet_year,
		     struct import_result *result, struct kh_error *err);

void import_result_free(struct import_result *result);

/* ---- the draft plan (import_write.c) ------------------------------------ */

/* Where what was recognised came from, for the draft's comments. */
struct import_source {
	const char *name;         /* the file, as given */
	bool paragraphs;          /* numbered by paragraph (.docx), not line */
};

/* The ids the draft gives: the plan's, each section's unit and each
 * duty. An id an existing plan already gives the same thing (the plan
 * of the same number, a unit of the same name, a duty of the same text)
 * is kept, so that a directive imported again updates its plan. */
struct import_ids {
	const char *plan;
	const char *plan_from;    /* the plan whose id it is, or NULL */
	const char **units;       /* per section */
	const char **unit_from;   /* per section: the plan its id is from */
	const char ***duties;     /* per section, per duty */
	struct arena arena;
};

void import_assign_ids(const struct import_result *r, const struct import_source *source,
		       struct plan *const *known, size_t n_known, struct import_ids *ids);
void import_ids_free(struct import_ids *ids);

/* Writes the draft plan (the v1 format) to out, a comment above every
 * value that was guessed saying from which words, and loads it with the
 * plan loader: *plan gets it (free with plan_free()). Returns 0, or -1
 * with err when the draft does not load, which is a bug of the import;
 * out is then not to be written anywhere. */
int import_write_plan(const struct import_result *r, const struct import_ids *ids,
		      const struct import_source *source, struct buf *out,
		      struct plan **plan, struct kh_error *err);

/* What was recognised, as JSON: the plan's facts, the sections with
 * their ids, and each duty with its refs, deadline and coordinating
 * units, each with the line or paragraph it came from. plan is the
 * loaded draft (for the days deadlines fall on). */
void import_write_json(const struct import_result *r, const struct import_ids *ids,
		       const struct import_source *source, const struct plan *plan,
		       struct buf *out);

#endif
