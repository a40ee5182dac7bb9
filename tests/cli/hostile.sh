#!/bin/bash
# Issue 6, hostile text: every code point U+0001–U+009F (C0 but NUL, DEL,
# C1), the bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C),
# the zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and the line
# and paragraph separators, in every text field, never reach a terminal,
# stdout, stderr or a written file raw. They come in four ways: YAML
# escapes in every text field of a plan; notes and arguments given on the
# command line; bytes written straight into the database with sqlite3 (a
# hostile or old writer: ids, names, notes, who, invalid UTF-8 too); and
# broken plan files whose error messages quote them. Every command and
# format that prints text is run on them, and the interface headless and
# in tmux.
#
# Each output is checked on its raw bytes: valid UTF-8, no byte 0x00–0x1F
# but '\n' (and '\t' between TSV fields, '\f' between pages of pdftotext),
# no DEL, no C1, no format character (Cf: bidi controls, zero-width
# characters) and no line or paragraph separator. The text must still be
# there in the sanitiser's notation (src/text.c: ^[ and ^? for C0 and DEL,
# a space for a tab, <U+XXXX> for the others, <XX> for a byte that is not
# UTF-8), whole, wherever the output shows that field; JSON must be valid
# and give the text back exactly.
source "$(dirname "$0")/lib.sh" "$@"

TODAY=2022-01-27

# ---------------------------------------------------------------------------
# The hostile text, the checks on raw bytes, and the hostile database
# writer, in Python: `"$PY" "$HP" COMMAND …`.
HP=$TEST_ROOT/hostile.py
# The interpreter itself, not a wrapper script in front of it: it runs a
# few hundred times.
PY=$(python3 -c 'import sys; print(sys.executable)')
cat >"$HP" <<'PYTHON'
import json, re, sys, unicodedata

# Every code point issue 6 names, in order. NUL is left out: a plan file
# cannot hold it (the loader rejects it) and an argument cannot carry it.
HOSTILE = (list(range(0x01, 0x20)) + list(range(0x7F, 0xA0)) +
           [0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029] +
           list(range(0x202A, 0x202F)) + [0x2060] +
           list(range(0x2066, 0x206A)) + [0xFEFF])
H = "".join(map(chr, HOSTILE))
# Bytes that are not UTF-8, for the database only: a lone CSI byte (an
# 8-bit terminal acts on it), 0xFF, an overlong ESC, a cut sequence.
BAD = b"\x9b\xff\xc0\x9b\xe2\x80"

def is_db(mark):
    """Whether the field was written by the hostile writer, with BAD at its
    end (not in the JSON columns, refs and basis, which hold UTF-8)."""
    return mark.startswith("DB") and mark not in ("DBREF", "DBBASIS")

def value(mark):
    """The text of the field marked MARK, as bytes."""
    return ((mark + " " + H).encode() + (BAD if is_db(mark) else b"") +
            b" end")

def sanitised(mark, bad=None):
    """value(mark) as text_sanitize() shows it (without newlines kept).
    bad: what the bytes that are not UTF-8 become, <XX> by default."""
    out = [mark, " "]
    for c in HOSTILE:
        if c == 0x09:
            out.append(" ")
        elif c < 0x20 or c == 0x7F:
            out.append("^" + chr(c ^ 0x40))
        else:
            out.append("<U+%04X>" % c)
    if is_db(mark):
        out.append(bad if bad is not None else "".join("<%02X>" % b for b in BAD))
    out.append(" end")
    return "".join(out)

def normalise(text, mode):
    """What is left to compare once layout is taken away: markup (HTML
    tags and entities, Markdown's backslashes), white space and line
    breaks (wrapping, and '\\n' kept or shown as ^J), and case (headings
    are upper case)."""
    if mode == "html":
        import html
        text = html.unescape(re.sub(r"<[^>]*>", "", text))
    elif mode == "md":
        text = re.sub(r"\\(.)", r"\1", text, flags=re.S)
    return "".join(text.split()).lower().replace("^j", "")

def forbidden(ch, mode):
    if ch == "\n" or (ch == "\t" and mode == "tsv") or (ch == "\f" and mode == "pdf"):
        return False
    return (ord(ch) in HOSTILE_SET or ord(ch) < 0x20 or
            unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"))

HOSTILE_SET = set(HOSTILE)

def scan(mode, paths):
    """What is wrong in the files: bytes that are not UTF-8, the first
    character that must not be there raw."""
    bad = []
    for path in paths:
        data = open(path, "rb").read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            bad.append("%s: not UTF-8 at byte %d: %r" %
                       (path, e.start, data[max(0, e.start - 30):e.start + 10]))
            continue
        for i, ch in enumerate(text):
            if forbidden(ch, mode):
                bad.append("%s: raw U+%04X at character %d: %r" %
                           (path, ord(ch), i, text[max(0, i - 40):i + 10]))
                break
    return bad

def main():
    cmd = sys.argv[1]
    if cmd == "value":          # value MARK: the field's text, raw
        sys.stdout.buffer.write(value(sys.argv[2]))
    elif cmd == "yaml":         # yaml MARK: the field as a YAML string
        esc = "".join("\\x%02x" % c if c < 0x100 else "\\u%04x" % c
                      for c in HOSTILE)
        print('"%s %s end"' % (sys.argv[2], esc))
    elif cmd == "sanitised":
        print(sanitised(sys.argv[2]))
    elif cmd == "scan":         # scan MODE FILE [MODE FILE]…: exit 1 on a raw byte
        bad = []
        for i in range(2, len(sys.argv) - 1, 2):
            bad += scan(sys.argv[i], [sys.argv[i + 1]])
        print("\n".join(bad))
        sys.exit(1 if bad else 0)
    elif cmd == "shown":        # shown MODE FILE MARK…: every field, escaped
        mode, columns = (sys.argv[2].split("@") + [None])[:2]
        text = open(sys.argv[3], encoding="utf-8", errors="replace").read()
        hay = normalise(text, mode)
        if columns:
            # Two columns side by side (the text writer's header and
            # signatures): each read down on its own too.
            lines = text.split("\n")
            c = int(columns)
            hay += "|" + normalise("\n".join(l[:c] for l in lines), mode)
            hay += "|" + normalise("\n".join(l[c:] for l in lines), mode)
        # The headings of documents are upper case: text_upper() takes
        # bytes that are not UTF-8 as U+FFFD before they are sanitised.
        missing = [m for m in sys.argv[4:]
                   if normalise(sanitised(m), "text") not in hay and
                   normalise(sanitised(m, "\ufffd" * len(BAD)), "text") not in hay]
        if missing:
            print("not shown whole: %s" % " ".join(missing))
            sys.exit(1)
    elif cmd == "json":         # json FILE: exit 1 unless valid JSON
        try:
            json.load(open(sys.argv[2], encoding="utf-8"))
        except Exception as e:
            print("invalid JSON: %s" % e)
            sys.exit(1)
    elif cmd == "json-has":     # json-has FILE MARK…: each value given back
        doc = json.load(open(sys.argv[2], encoding="utf-8"))
        strings = []
        def walk(v):
            if isinstance(v, str):
                strings.append(v)
            elif isinstance(v, list):
                for x in v: walk(x)
            elif isinstance(v, dict):
                for x in v.values(): walk(x)
        walk(doc)
        missing = []
        for m in sys.argv[3:]:
            # Bytes that are not UTF-8 come back as U+FFFD: compare the
            # valid part exactly.
            want = (m + " " + H)
            if not any(s == want + " end" or (is_db(m) and s.startswith(want + "\ufffd"))
                       for s in strings):
                missing.append(m)
        if missing:
            print("not given back exactly: %s" % " ".join(missing))
            sys.exit(1)
    elif cmd == "poison":       # poison DB: a hostile writer's rows
        import sqlite3
        db = sqlite3.connect(sys.argv[2])
        def put(sql, *marks):
            db.execute(sql, [value(m) for m in marks])
        for col in ("title", "issuer", "parent", "number", "place"):
            put("UPDATE plan SET %s = CAST(? AS TEXT)" % col, "DB" + col.upper())
        db.execute("UPDATE plan SET basis = ?",
                   [json.dumps(["DBBASIS " + H + " end"])])
        put("UPDATE unit SET name = CAST(? AS TEXT), head = CAST(? AS TEXT)"
            " WHERE id = 'vp'", "DBUNAME", "DBHEAD")
        put("UPDATE unit SET name = CAST(? AS TEXT) WHERE id = 'nhom'", "DBGNAME")
        put("UPDATE duty SET text = CAST(? AS TEXT), target = CAST(? AS TEXT)"
            " WHERE id = 'vp-1'", "DBDTEXT", "DBTARGET")
        put("UPDATE duty SET text = CAST(? AS TEXT) WHERE id = 'vp-2'", "DBNTEXT")
        db.execute("UPDATE duty SET refs = ? WHERE id = 'vp-1'",
                   [json.dumps(["DBREF " + H + " end"])])
        key = "(SELECT a.key FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-1')"
        put("UPDATE assignment SET note = CAST(? AS TEXT), changed_by = CAST(? AS TEXT)"
            " WHERE key = " + key, "DBNOTE", "DBWHO")
        # Someone else's later change (another uid), with hostile names.
        put("INSERT INTO history (assignment_key, at, uid, user, host, pid,"
            " old_state, new_state, old_note, new_note, old_done_on, new_done_on)"
            " SELECT key, 1643270400, 4242, CAST(? AS TEXT), CAST(? AS TEXT), 7,"
            " 2, 2, note, CAST(? AS TEXT), done_on, done_on FROM assignment"
            " WHERE key = " + key, "DBUSER", "DBHOST", "DBHNOTE")
        db.commit()
    elif cmd == "poison-ids":   # poison-ids DB: hostile ids
        import sqlite3
        db = sqlite3.connect(sys.argv[2])
        tail = value("IDS")
        db.execute("UPDATE unit SET id = CAST(? AS TEXT) WHERE id = 'kt'", [b"kt" + tail])
        db.execute("UPDATE duty SET id = CAST(? AS TEXT) WHERE id = 'vp-2'", [b"vp-2" + tail])
        db.execute("UPDATE plan SET id = CAST(? AS TEXT)", [b"doc" + tail])
        db.execute("UPDATE plan_file SET plan_id = CAST(? AS TEXT)", [b"doc" + tail])
        db.execute("UPDATE duty SET with_units = ?", [json.dumps(["kt" + H])])
        db.commit()
    elif cmd == "poison-error": # poison-error DB: a stored load error
        import sqlite3
        db = sqlite3.connect(sys.argv[2])
        db.execute("UPDATE plan_file SET error = CAST(? AS TEXT) WHERE error IS NOT NULL",
                   [value("DBERROR")])
        db.commit()
    else:
        sys.exit("unknown command " + cmd)

main()
PYTHON

# The sanitiser's notation for a sample: ESC, BEL, DEL, U+0085 (NEL),
# U+009B (CSI), U+202E (RLO), U+200B (ZWSP), U+FEFF.
SAMPLE=$'\e[31m\a\x7f\u0085\u009b\u202e\u200b\ufeff'
SAMPLE_SHOWN='^[[31m^G^?<U+0085><U+009B><U+202E><U+200B><U+FEFF>'

# The checker must see what it is for, and pass visible text.
for probe in $'a\e[31m' $'\a' $'\x7f' $'\xc2\x85' $'\xc2\x9b' $'\u202e' $'\u2066' \
	$'\u200b' $'\u2060' $'\ufeff' $'\u061c' $'\u200e' $'\u2028' $'\x9b' $'\r' $'\t'; do
	printf 'ok %s ok\n' "$probe" >"$TEST_ROOT/.probe"
	if "$PY" "$HP" scan text "$TEST_ROOT/.probe" >/dev/null; then
		echo "FATAL: the checker misses $(printf '%s' "$probe" | od -An -tx1)" >&2
		exit 1
	fi
done
printf 'ok %s đảo ☐ — … █\tx\n' "$SAMPLE_SHOWN" >"$TEST_ROOT/.probe"
if ! "$PY" "$HP" scan tsv "$TEST_ROOT/.probe" >/dev/null; then
	echo "FATAL: the checker flags visible text" >&2
	exit 1
fi

# expect_clean WHAT FILE [MODE]: FILE holds no raw control, bidi or
# zero-width character (MODE text, tsv or pdf).
expect_clean() {
	scan_files "$1" "${3:-text}" "$2"
}

# scan_files WHAT MODE FILE [MODE FILE]…
scan_files() {
	local what=$1 why
	shift
	if why=$("$PY" "$HP" scan "$@" 2>&1); then
		pass
	else
		fail "$what: nothing raw" "no raw control, bidi or zero-width character" "$why"
	fi
}

# expect_clean_run WHAT [MODE]: stdout (MODE text or tsv) and stderr of
# the last run; stderr stays in $ERR_FILE.
ERR_FILE=$TEST_ROOT/.err.raw
expect_clean_run() {
	printf '%s' "$ERR" >"$ERR_FILE"
	scan_files "$1 (stdout, stderr)" "${2:-text}" "$OUT_FILE" text "$ERR_FILE"
}

# expect_shown WHAT FILE MODE MARK…: the field of each MARK is in FILE
# whole, in the sanitiser's notation (MODE text, md, html or pdf).
expect_shown() {
	local what=$1 file=$2 mode=$3 why
	shift 3
	if why=$("$PY" "$HP" shown "$mode" "$file" "$@" 2>&1); then
		pass
	else
		fail "$what: the text is shown, escaped" "$*" "$why"
	fi
}

# expect_json_back WHAT MARK…: stdout of the last run is valid JSON that
# gives each field back exactly.
expect_json_back() {
	local what=$1 why
	shift
	if why=$("$PY" "$HP" json "$OUT_FILE" 2>&1); then
		pass
	else
		fail "$what is valid JSON" "valid JSON" "$why"
		return
	fi
	if (($# == 0)); then
		return
	fi
	if why=$("$PY" "$HP" json-has "$OUT_FILE" "$@" 2>&1); then
		pass
	else
		fail "$what: JSON gives the text back" "$*" "$why"
	fi
}

# run_clean WHAT MODE ARGS…: kh ARGS with exit 0 and nothing raw anywhere.
run_clean() {
	local what=$1 mode=$2
	shift 2
	kh --today "$TODAY" "$@"
	expect_exit 0 "$what: exit status"
	expect_clean_run "$what" "$mode"
}

# The plan: every text field holds the hostile text after a marker word
# naming the field. kt and its duty are plain, as a control.
y() {   # MARK: the field as a YAML string
	"$PY" "$HP" yaml "$1"
}
write_plan() {   # FILE
	cat >"$1" <<EOF
kehoach: 1
plan:
  id: doc
  title: $(y TITLE)
  issuer: $(y ISSUER)
  parent: $(y PARENT)
  number: $(y NUMBER)
  issued: 2022-01-12
  place: $(y PLACE)
  basis: [$(y BASIS)]
  tet: 2022
units:
  - id: nhom
    name: $(y GNAME)
    members: [vp, kt]
    duties:
      - id: chung-1
        text: $(y GTEXT)
        due: 2022-01-20
  - id: vp
    name: $(y UNAME)
    head: $(y HEAD)
    duties:
      - id: vp-1
        text: $(y DTEXT)
        due: 2022-01-20
        refs: [$(y REF)]
        with: [kt]
        target: $(y TARGET)
      - id: vp-2
        text: $(y NTEXT)
        due: 2022-02-10
  - id: kt
    name: "Phòng Kế toán"
    duties:
      - id: kt-1
        text: "Quyết toán ngân sách"
        due: 2022-01-25
EOF
}

# The hostile note, given on the command line.
NOTE=$("$PY" "$HP" value NOTE)

# setup: the plan synced, vp-1 done with the hostile note.
setup() {
	write_plan "$PLANS/doc.yaml"
	kh sync
	expect_exit 0 "setup: sync"
	kh --today "$TODAY" done vp-1 --note "$NOTE"
	expect_exit 0 "setup: done vp-1 --note"
}

# Where each field of the plan is shown.
PLAN_MARKS=(TITLE ISSUER PARENT NUMBER PLACE UNAME HEAD GTEXT DTEXT NTEXT TARGET NOTE)
REPORT_MARKS=(ISSUER PARENT PLACE UNAME GTEXT DTEXT NTEXT NOTE)

# ---------------------------------------------------------------------------
begin_test "check and sync load the hostile plan; the text is stored as written"
write_plan "$PLANS/doc.yaml"
kh check "$PLANS/doc.yaml"
expect_exit 0
expect_clean_run "check"
kh sync
expect_exit 0
expect_clean_run "sync"
expect_contains "sync names the plan" "$OUT" "loaded plan doc"
# Stored raw (the sanitiser is for output, not storage): the title holds
# ESC, NEL, RLO and BOM, and equals what the plan says.
expect_eq "the title in the database is the plan's" \
	"$("$PY" "$HP" value TITLE | od -An -tx1)" \
	"$(sql "SELECT title FROM plan" | head -c -1 | od -An -tx1)"
expect_eq "…with the characters in it" "1" \
	"$(sql "SELECT instr(title, char(27)) > 0 AND instr(title, char(133)) > 0 AND instr(title, char(8238)) > 0 AND instr(title, char(65279)) > 0 FROM plan")"
expect_eq "the basis is stored with them too" "1" \
	"$(sql "SELECT count(*) FROM plan, json_each(plan.basis) j WHERE instr(j.value, char(27)) > 0")"
kh sync
expect_exit 0
expect_clean_run "sync again, unchanged"

begin_test "notes and names on the command line"
write_plan "$PLANS/doc.yaml"
kh sync
for cmd in done start reopen; do
	kh --today "$TODAY" "$cmd" vp-1 --note "$NOTE"
	expect_exit 0 "$cmd --note: exit status"
	expect_clean_run "$cmd --note"
	expect_eq "$cmd --note: stored exactly" "$(hex "$NOTE")" \
		"$(hex "$(sql "SELECT note FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-1'")")"
done
kh --today "$TODAY" done vp-1 --note "$NOTE"
kh --today "$TODAY" undo
expect_exit 0
expect_clean_run "undo"
kh --today "$TODAY" done vp-1 --note "$(printf 'bad \xff\x9b \e[31m')"
expect_exit 2 "a note that is not UTF-8 is refused"
expect_clean_run "a note that is not UTF-8"
# A duty name is echoed back, and quoted when unknown.
kh --today "$TODAY" done "vp-1$SAMPLE"
expect_exit 1 "an unknown hostile duty name"
expect_clean_run "done with a hostile duty name"
expect_contains "the name is shown, escaped" "$ERR" "vp-1$SAMPLE_SHOWN"
kh --today "$TODAY" show "x@$SAMPLE"
expect_exit 1
expect_clean_run "show ID@hostile"
kh --today "$TODAY" history "$SAMPLE/x"
expect_exit 1
expect_clean_run "history PLAN/ID hostile"
expect_contains "…shown, escaped" "$ERR" "$SAMPLE_SHOWN"

begin_test "units, list, show, history, overview: text, TSV and JSON"
setup
run_clean "units" text units
expect_shown "units" "$OUT_FILE" text GNAME UNAME
run_clean "units --format json" text units --format json
expect_json_back "units --format json" GNAME UNAME
run_clean "list" text list
expect_shown "list" "$OUT_FILE" text GTEXT DTEXT NTEXT
run_clean "list --format tsv" tsv list --format tsv
expect_shown "list --format tsv" "$OUT_FILE" text GTEXT DTEXT NTEXT NOTE
expect_eq "list --format tsv: ten fields a row, one row an assignment" \
	"10 10 10 10 10" \
	"$(awk -F'\t' '{ printf "%s%d", (NR > 1 ? " " : ""), NF }' "$OUT_FILE")"
run_clean "list --format json" text list --format json
expect_json_back "list --format json" GTEXT DTEXT NTEXT TARGET NOTE
expect_match "JSON escapes ESC as \\u001B" "$OUT" '\\u001[bB]'
expect_match "…and the RLO as \\u202E" "$OUT" '\\u202[eE]'
for filter in "--search dtext" "--unit vp" "--overdue" "--status done" "--plan doc"; do
	# shellcheck disable=SC2086 # the filter is two words
	run_clean "list $filter" text list $filter
done
run_clean "show vp-1" text show vp-1
expect_shown "show vp-1" "$OUT_FILE" text DTEXT TARGET REF NOTE
run_clean "show chung-1@vp" text show chung-1@vp
expect_shown "show chung-1@vp" "$OUT_FILE" text GTEXT
run_clean "show doc/vp-2" text show doc/vp-2
expect_shown "show doc/vp-2" "$OUT_FILE" text NTEXT
run_clean "history" text history
expect_shown "history" "$OUT_FILE" text NOTE
run_clean "history vp-1" text history vp-1
run_clean "history --format json" text history --format json
expect_json_back "history --format json" NOTE
run_clean "overview" text overview
# Overdue: chung-1 (vp-1 is done, vp-2 due later).
expect_shown "overview" "$OUT_FILE" text GNAME UNAME GTEXT

begin_test "checklist and report: text, Markdown, HTML, PDF; stdout and -o"
setup
# The text writer sets the header and the signatures in two columns, the
# left one 2/5 of the width: text@32 reads them down too.
for format in text md html; do
	mode=$format
	[[ $format == text ]] && mode=text@32
	run_clean "checklist --format $format" text checklist --unit vp --format "$format"
	expect_shown "checklist --format $format" "$OUT_FILE" "$mode" "${PLAN_MARKS[@]}"
	run_clean "checklist --all --format $format" text checklist --all --format "$format"
	expect_shown "checklist --all --format $format" "$OUT_FILE" "$mode" GTEXT DTEXT
	run_clean "report --format $format" text report --month 2022-01 --plan doc --format "$format"
	expect_shown "report --format $format" "$OUT_FILE" "$mode" "${REPORT_MARKS[@]}"
	run_clean "checklist -o out.$format" text checklist --unit vp -o "checklist.$format"
	expect_file "checklist -o checklist.$format" "checklist.$format"
	expect_clean "the file checklist.$format" "checklist.$format"
	expect_shown "the file checklist.$format" "checklist.$format" "$mode" "${PLAN_MARKS[@]}"
	run_clean "report -o report.$format" text report --month 2022-01 -o "report.$format"
	expect_clean "the file report.$format" "report.$format"
	expect_shown "the file report.$format" "report.$format" "$mode" "${REPORT_MARKS[@]}"
done
run_clean "checklist --width 40" text checklist --unit vp --width 40
expect_shown "checklist --width 40" "$OUT_FILE" text@16 "${PLAN_MARKS[@]}"
if [[ ${KEHOACH_HAVE_PDF:-0} == 1 ]] && command -v pdftotext >/dev/null 2>&1; then
	run_clean "checklist -o checklist.pdf" text checklist --unit vp -o checklist.pdf
	run_clean "report -o report.pdf" text report --month 2022-01 --format pdf -o report.pdf
	for doc in checklist report; do
		# -raw: in the order drawn, so that a field's lines follow each other.
		pdftotext -raw -enc UTF-8 "$doc.pdf" "$doc.pdf.txt"
		expect_clean "the text of $doc.pdf" "$doc.pdf.txt" pdf
	done
	# The number (300 columns of escapes, in a column beside the place)
	# runs past the foot of the first page: its start only.
	expect_shown "the text of checklist.pdf" checklist.pdf.txt text TITLE ISSUER PARENT PLACE UNAME HEAD GTEXT DTEXT NTEXT TARGET NOTE
	expect_match "…the number's start" "$(cat checklist.pdf.txt)" '^No\. NUMBER$'
	expect_shown "the text of report.pdf" report.pdf.txt text "${REPORT_MARKS[@]}"
else
	echo "# (no PDF in this build, or no pdftotext: PDF not checked)"
fi

begin_test "rows written straight into the database by a hostile writer"
setup
"$PY" "$HP" poison "$DB"
expect_eq "(the database holds the raw bytes)" "1" \
	"$(sql "SELECT count(*) FROM plan WHERE instr(title, char(27)) > 0 AND instr(title, char(8238)) > 0")"
DB_MARKS=(DBTITLE DBISSUER DBPARENT DBNUMBER DBPLACE DBUNAME DBHEAD DBDTEXT DBNTEXT DBTARGET DBNOTE)
run_clean "units" text units
expect_shown "units" "$OUT_FILE" text DBGNAME DBUNAME
run_clean "units --format json" text units --format json
expect_json_back "units --format json" DBGNAME DBUNAME
run_clean "list" text list
expect_shown "list" "$OUT_FILE" text DBDTEXT DBNTEXT
run_clean "list --format tsv" tsv list --format tsv
expect_shown "list --format tsv" "$OUT_FILE" text DBDTEXT DBNOTE
run_clean "list --format json" text list --format json
expect_json_back "list --format json" DBDTEXT DBNTEXT DBTARGET DBNOTE DBWHO
run_clean "show vp-1" text show vp-1
expect_shown "show vp-1" "$OUT_FILE" text DBDTEXT DBTARGET DBREF DBNOTE DBWHO DBUSER DBHNOTE
run_clean "history" text history
expect_shown "history" "$OUT_FILE" text DBUSER DBHNOTE
run_clean "history --format json" text history --format json
expect_json_back "history --format json" DBUSER DBHOST DBHNOTE
run_clean "history --user" text history --user "$("$PY" "$HP" value DBUSER)"
run_clean "overview" text overview
expect_shown "overview" "$OUT_FILE" text DBGNAME DBUNAME
run_clean "doctor" text doctor
expect_contains "doctor: the last change's author, escaped (its start)" "$OUT" \
	"by DBUSER ^A^B^C^D^E^F^G^H ^J^K"
for format in text md html; do
	mode=$format
	[[ $format == text ]] && mode=text@32
	run_clean "checklist --format $format" text checklist --unit vp --format "$format"
	expect_shown "checklist --format $format" "$OUT_FILE" "$mode" "${DB_MARKS[@]}"
	run_clean "report --format $format" text report --month 2022-01 --format "$format"
	expect_shown "report --format $format" "$OUT_FILE" "$mode" \
		DBISSUER DBPARENT DBPLACE DBUNAME DBDTEXT DBNTEXT DBNOTE
	run_clean "checklist -o" text checklist --unit vp -o "db.$format"
	expect_clean "the file db.$format" "db.$format"
done
if [[ ${KEHOACH_HAVE_PDF:-0} == 1 ]] && command -v pdftotext >/dev/null 2>&1; then
	run_clean "checklist -o db.pdf" text checklist --unit vp -o db.pdf
	pdftotext -raw -enc UTF-8 db.pdf db.pdf.txt
	expect_clean "the text of db.pdf" db.pdf.txt pdf
	expect_shown "the text of db.pdf" db.pdf.txt text \
		DBTITLE DBISSUER DBPARENT DBPLACE DBUNAME DBHEAD DBDTEXT DBNTEXT DBTARGET DBNOTE
fi
# Someone else (another uid) changed vp-1 last: undo refuses, naming them.
kh --today "$TODAY" undo
expect_exit 1 "undo over someone else's change"
expect_clean_run "undo over someone else's change"

begin_test "hostile ids in the database"
setup
"$PY" "$HP" poison-ids "$DB"
ID_SHOWN=$("$PY" "$HP" sanitised IDS)
run_clean "units" text units
expect_contains "units: the unit id, escaped" "$OUT" "kt$ID_SHOWN"
expect_contains "units: the plan id, escaped" "$OUT" "doc$ID_SHOWN"
run_clean "units --format json" text units --format json
expect_json_back "units --format json"
run_clean "overview" text overview
expect_contains "overview: the unit id, escaped" "$OUT" "kt$ID_SHOWN"
run_clean "list" text list
expect_contains "list: the duty id, escaped" "$OUT" "vp-2$ID_SHOWN"
run_clean "list --format tsv" tsv list --format tsv
run_clean "list --format json" text list --format json
expect_json_back "list --format json"
run_clean "show vp-1" text show vp-1
expect_contains "show: the unit it works with, escaped" "$OUT" "kt^A^B^C"
run_clean "show chung-1@kt…" text show "chung-1@kt$("$PY" "$HP" value IDS)"
expect_contains "show: the member unit, escaped" "$OUT" "kt$ID_SHOWN"
run_clean "history" text history
run_clean "history --format json" text history --format json
expect_json_back "history --format json"
run_clean "checklist --all" text checklist --all
run_clean "checklist --all --format html" text checklist --all --format html
run_clean "report" text report --month 2022-01
# The plan file goes: sync says which plan was retired, by its stored id.
rm "$PLANS/doc.yaml"
kh sync
expect_exit 0 "sync after the plan file is gone"
expect_clean_run "sync: a plan retired"
expect_contains "sync: the retired plan's id, escaped" "$OUT" "doc$ID_SHOWN"

begin_test "broken plan files: errors quote the hostile text, escaped"
# NAME YAML…: one broken plan in $T/NAME.
broken() {
	local name=$1
	shift
	printf '%s\n' "$@" >"$name"
}
S='\e[31m\a\x7f\x85\x9b\u202e\u200b\ufeff'   # $SAMPLE as YAML escapes
HEAD_LINES=('kehoach: 1' 'plan:' '  id: doc' '  title: "t"' '  issuer: "i"')
UNIT_LINES=('units:' '  - id: vp' '    name: "n"' '    duties:' '      - id: vp-1' '        text: "x"')
broken unknown-key.yaml "${HEAD_LINES[@]}" "  \"ti${S}tle\": \"x\"" "${UNIT_LINES[@]}"
broken plan-id.yaml 'kehoach: 1' 'plan:' "  id: \"doc${S}\"" '  title: "t"' '  issuer: "i"' "${UNIT_LINES[@]}"
broken unit-id.yaml "${HEAD_LINES[@]}" 'units:' "  - id: \"vp${S}\"" '    name: "n"'
broken duty-id.yaml "${HEAD_LINES[@]}" "${UNIT_LINES[@]:0:4}" "      - id: \"vp-1${S}\"" '        text: "x"'
broken phase.yaml "${HEAD_LINES[@]}" "${UNIT_LINES[@]}" "        phase: \"before${S}\""
broken due.yaml "${HEAD_LINES[@]}" "${UNIT_LINES[@]}" "        due: \"2022-01-20${S}\""
broken with.yaml "${HEAD_LINES[@]}" "${UNIT_LINES[@]}" "        with: [\"kt${S}\"]"
broken members.yaml "${HEAD_LINES[@]}" "${UNIT_LINES[@]}" '  - id: g' '    name: "g"' \
	"    members: [\"vp${S}\"]"
broken tet.yaml "${HEAD_LINES[@]}" "  tet: \"2022${S}\"" "${UNIT_LINES[@]}"
broken version.yaml "kehoach: \"1${S}\"" "${HEAD_LINES[@]:1}" "${UNIT_LINES[@]}"
# A tag's %-escapes are decoded: this one is $SAMPLE.
broken tag.yaml "${HEAD_LINES[@]:0:3}" \
	'  title: !e%1B%5B31m%07%7F%C2%85%C2%9B%E2%80%AE%E2%80%8B%EF%BB%BF "t"' \
	'  issuer: "i"' "${UNIT_LINES[@]}"
broken duty-key.yaml "${HEAD_LINES[@]}" "${UNIT_LINES[@]}" "        \"du${S}e\": 2022-01-20"
for f in unknown-key plan-id unit-id duty-id phase due with members tet version tag duty-key; do
	kh check "$f.yaml"
	expect_exit 1 "check $f.yaml: exit status"
	expect_lines "check $f.yaml: one error line" 1 "$ERR"
	expect_clean_run "check $f.yaml"
	expect_contains "check $f.yaml: the error quotes the text, escaped" "$ERR" "$SAMPLE_SHOWN"
done
# A hostile file name, loaded and broken; sync reports both, and again
# from the stored error on the next run.
good=$'good\e]2;PWNED\a\u202e.yaml'
bad=$'bad\e[31m\u202e\x9b.yaml'
write_plan "$PLANS/$good"
cp unknown-key.yaml "$PLANS/$bad"
for f in plan-id.yaml phase.yaml tag.yaml; do
	cp "$f" "$PLANS/x-$f"
done
kh sync
expect_exit 1 "sync with broken files"
expect_clean_run "sync with broken files and hostile names"
expect_contains "sync names the file, escaped" "$OUT" 'good^[]2;PWNED^G<U+202E>.yaml: loaded plan doc'
expect_contains "…and the broken one" "$ERR" 'bad^[[31m<U+202E><9B>.yaml:'
expect_contains "…and what it quotes" "$ERR" "ti${SAMPLE_SHOWN}tle"
kh sync
expect_exit 1 "sync again: the stored errors"
expect_clean_run "sync again: the stored errors"
expect_contains "the stored error, escaped" "$ERR" "ti${SAMPLE_SHOWN}tle"
"$PY" "$HP" poison-error "$DB"
kh sync
expect_clean_run "sync: a stored error written by a hostile writer"
# A broken file is parsed again (its error in this run's language): what
# the hostile writer stored is never shown.
expect_not_contains "sync: the stored error is not what is shown" "$ERR" "DBERROR"
run_clean "check PLANS (hostile names)" text check "$PLANS/$good"
kh check "$PLANS"
expect_exit 1
expect_clean_run "check PLANS"
# The plans folder's own name.
mkdir -p "$T/pl$SAMPLE"
write_plan "$T/pl$SAMPLE/doc.yaml"
run "$KEHOACH" --db "$T/other.db" --plans "$T/pl$SAMPLE" sync
expect_exit 0
expect_clean_run "sync from a hostile folder name"
run "$KEHOACH" --db "$T/other.db" --plans "$T/missing$SAMPLE" sync
expect_exit 1
expect_clean_run "a missing hostile folder"

begin_test "arguments quoted in errors"
setup
# Each ARGS (split at '|') fails, and its error quotes the argument
# escaped.
for args in "--today|$SAMPLE|units" "--lang|$SAMPLE|units" "--$SAMPLE|units" \
	"$SAMPLE" "units|--format|$SAMPLE" "units|--$SAMPLE" \
	"list|--phase|$SAMPLE" "list|--status|$SAMPLE" "list|--due-within|$SAMPLE" \
	"list|--format|$SAMPLE" "history|--since|$SAMPLE" "history|--format|$SAMPLE" \
	"done|vp-1|--on|$SAMPLE" "checklist|--unit|$SAMPLE" "checklist|--plan|$SAMPLE" \
	"checklist|--format|$SAMPLE" "checklist|--phase|$SAMPLE" \
	"checklist|--status|$SAMPLE" "checklist|--width|$SAMPLE" \
	"checklist|--unit|vp|-o|missing$SAMPLE/x.txt" "report|--month|$SAMPLE" \
	"report|--month|2022-01|--plan|$SAMPLE" "roll|$SAMPLE.yaml|--to|2023" \
	"roll|$PLANS/doc.yaml|--to|$SAMPLE" "roll|$PLANS/doc.yaml|--to|2023|--keep|$SAMPLE" \
	"lunar|$SAMPLE" "tet|$SAMPLE"; do
	IFS='|' read -r -a argv <<<"$args"
	kh "${argv[@]}"
	what="kehoach ${args//$SAMPLE/SAMPLE}"
	expect_ne "$what fails" 0 "$RC"
	expect_clean_run "$what"
	expect_contains "$what: the argument, escaped" "$ERR" "$SAMPLE_SHOWN"
done
# An argument refused without being quoted, filters that match nothing,
# a file name with an unknown extension (text, then): nothing raw.
for args in "units|$SAMPLE" "list|--unit|$SAMPLE" "list|--plan|$SAMPLE" "list|--search|$SAMPLE" \
	"history|--user|$SAMPLE" "history|--unit|$SAMPLE" \
	"checklist|--unit|vp|-o|x.$SAMPLE"; do
	IFS='|' read -r -a argv <<<"$args"
	kh "${argv[@]}"
	expect_clean_run "kehoach ${args//$SAMPLE/SAMPLE}"
done

begin_test "roll: the copy and its notes"
write_plan "$PLANS/doc.yaml"
sed -i 's/^  title: "TITLE /  title: "TITLE Tết 2022 Nhâm Dần /' "$PLANS/doc.yaml"
cp "$PLANS/doc.yaml" "roll$SAMPLE.yaml"
kh roll "roll$SAMPLE.yaml" --to 2023
expect_exit 0
expect_clean_run "roll to stdout"
expect_contains "roll notes the year in the title, naming the file escaped" "$ERR" \
	"roll${SAMPLE_SHOWN}.yaml:4:"
kh roll "roll$SAMPLE.yaml" --to 2023 -o "rolled$SAMPLE.yaml"
expect_exit 0
expect_clean_run "roll -o"
expect_clean "the rolled file" "rolled$SAMPLE.yaml"

# ---------------------------------------------------------------------------
# The interface, headless: KEYS are run at SIZE; the screens go to
# $T/screen.txt, which must be clean.
tui() {   # SIZE KEYS
	printf '%s' "$2" >"$T/keys"
	rm -f "$T/screen.txt"
	run env KEHOACH_TUI_KEYS="$T/keys" KEHOACH_TUI_SIZE="$1" \
		KEHOACH_TUI_SCREEN="$T/screen.txt" KEHOACH_CHECKLIST_FORMAT="${FORMAT:-text}" \
		"$KEHOACH" --db "$DB" --plans "$PLANS" --today "$TODAY"
	expect_exit 0 "the interface at $1: exit status"
	expect_clean_run "the interface at $1"
	expect_file "the interface at $1: its screens" "$T/screen.txt"
	expect_clean "the screens at $1" "$T/screen.txt"
}

# Units: nhom (selected first), vp, kt; vp's duties: chung-1@vp, vp-1, vp-2.
VP1='<Down><Tab><Down>'

begin_test "the interface, headless: every screen"
setup
for size in 80x24 200x60 30x8; do
	tui "$size" "<Dump>$VP1<Dump><Enter><Dump><Down><End><Dump><Esc>o<Dump><Esc>?<Dump><Esc>"
done
# Wide enough that the detail shows each field whole.
tui 250x70 "$VP1<Enter><Dump>"
expect_shown "the detail of vp-1" "$T/screen.txt" text UNAME TARGET NOTE DTEXT REF
tui 250x70 "<Down><Down><Tab><Enter><Dump>"
expect_shown "the detail of chung-1@kt" "$T/screen.txt" text GTEXT
# A note and a search typed with a bidi override and a zero-width space
# (a raw ESC in a key script is the Esc key, so it is not typed here).
tui 120x40 "$VP1"$'n<End>x\u202ey\u200bz\u0085<Enter><Dump>/dtext\u202e<Enter><Dump><Esc>/dtext<Enter><Dump>'
expect_contains "the typed note is stored" \
	"$(sql "SELECT note FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-1'")" $'x\u202ey'
tui 120x40 "$VP1<Enter><Dump>"
expect_contains "…and shown escaped" "$(cat "$T/screen.txt")" 'x<U+202E>y<U+200B>z'
# Checklists written from the interface ('p').
for format in text md html; do
	ext=$format mode=$format
	[[ $format == text ]] && ext=txt mode=text@32
	file=kehoach-doc-vp-2022-01-27.$ext
	rm -f "$file"
	FORMAT=$format tui 120x40 "<Down>p<Dump>"
	expect_file "p writes the checklist as $format" "$file"
	expect_clean "the checklist written by p ($format)" "$file"
	expect_shown "the checklist written by p ($format)" "$file" "$mode" "${PLAN_MARKS[@]}"
done
# The database written by a hostile writer, then hostile ids.
"$PY" "$HP" poison "$DB"
tui 250x70 "<Dump>$VP1<Enter><Dump><Esc>o<Dump>"
expect_shown "the detail of vp-1, from the database" "$T/screen.txt" text \
	DBUNAME DBTARGET DBNOTE DBDTEXT DBREF DBWHO
tui 80x24 "<Dump>$VP1<Enter><Dump><Esc>o<Dump>"
"$PY" "$HP" poison-ids "$DB"
tui 200x50 "<Dump><Down><Down><Dump><Tab><Enter><Dump><Esc><Esc>/vp<Enter><Dump>"
# p names its file after the ids: with hostile ones the name keeps to the
# id alphabet, in this folder.
rm -f kehoach-doc*
FORMAT=text tui 120x40 "<Down>p<Dump>"
written=$(cd "$T" && ls -d kehoach-doc* 2>/dev/null)
expect_lines "p with hostile ids writes one file here" 1 "$written"
expect_match "…named in the id alphabet" "$written" '^kehoach-doc[a-z0-9._-]*-2022-01-27\.txt$'

begin_test "the interface in a real terminal (tmux)"
if ! command -v tmux >/dev/null 2>&1; then
	echo "# (tmux is not installed: not checked)"
else
	setup
	# An OSC that would set the window title, in the text of vp-2.
	sql "UPDATE duty SET text = 'OSC ' || char(27) || ']2;PWNED' || char(7) || ' RLO ' || char(8238) || ' ZW ' || char(8203) || ' CSI ' || char(155) || '2J end' WHERE id = 'vp-2'"
	export TMUX_TMPDIR=$TEST_ROOT
	unset TMUX TMUX_PANE
	TM=(tmux -L "kehoach-hostile-$$" -f /dev/null)
	trap '"${TM[@]}" kill-server >/dev/null 2>&1; cleanup' EXIT
	inner=$(printf 'exec env TERM=xterm-256color %q --db %q --plans %q --today %q' \
		"$KEHOACH" "$DB" "$PLANS" "$TODAY")
	LC_ALL=C.UTF-8 "${TM[@]}" -u new-session -d -s kh -x 120 -y 30 \
		"env LC_ALL=C.UTF-8 TZ=$TZ HOME=$HOME sh -c $(printf '%q' "cd $(printf '%q' "$T"); $inner")"
	"${TM[@]}" set-option -g window-size manual >/dev/null 2>&1
	title_before=$("${TM[@]}" display -p -t kh '#{pane_title}')
	# wait_pane TEXT: until the pane shows TEXT (10 s at most).
	wait_pane() {
		local i
		for ((i = 0; i < 200; i++)); do
			"${TM[@]}" capture-pane -p -t kh >"$T/pane.txt" 2>/dev/null
			grep -qF -- "$1" "$T/pane.txt" && return 0
			sleep 0.05
		done
		fail "the pane shows '$1'" "it on screen" "$(sed 's/^/    | /' "$T/pane.txt")"
		return 1
	}
	wait_pane "Today"
	"${TM[@]}" send-keys -t kh Down Tab Down Down
	wait_pane "OSC ^[]2;PWNED^G RLO <U+202E> ZW <U+200B>"
	expect_clean "the pane with vp-2 selected" "$T/pane.txt"
	"${TM[@]}" send-keys -t kh Enter
	wait_pane "OSC ^[]2;PWNED^G RLO <U+202E> ZW <U+200B> CSI <U+009B>2J end"
	expect_clean "the pane with vp-2's detail" "$T/pane.txt"
	"${TM[@]}" send-keys -t kh Escape
	wait_pane "[x] vp-1"
	"${TM[@]}" send-keys -t kh Up Enter
	wait_pane "Note:"
	expect_clean "the pane with vp-1's detail" "$T/pane.txt"
	expect_eq "the pane's title is not set by the text" "$title_before" \
		"$("${TM[@]}" display -p -t kh '#{pane_title}')"
	"${TM[@]}" send-keys -t kh q
	"${TM[@]}" kill-server >/dev/null 2>&1
fi

summary
