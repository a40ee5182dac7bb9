#!/bin/bash
# stats and list --format xlsx -o FILE: a real OOXML workbook, read back by
# LibreOffice (soffice --headless --convert-to csv) with the same figures
# as --format json: every unit's counts and rates, the total, the list's
# ids and deadlines; the national heading rows and the title above the
# table; dates as dates, rates as percentages (in the sheet's XML too:
# numbers with a format, not text); the headings frozen. Refused without
# -o (a binary file on a terminal) and -o without xlsx.
source "$(dirname "$0")/lib.sh" "$@"

if ! command -v soffice >/dev/null 2>&1; then
	# Not a skip: CI installs it (TEST_PACKAGES in scripts/common.sh).
	begin_test "LibreOffice is installed"
	fail "soffice, to read the workbooks back (install libreoffice-calc-nogui)" \
		"soffice on PATH" "none"
	summary
fi

CHECK=$(cat <<'EOF'
import csv, json, re, sys, zipfile
import xml.etree.ElementTree as ET

kind, xlsx, csv_path, json_path, today = sys.argv[1:6]
problems = []
def check(ok, what):
    if not ok:
        problems.append(what)

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
with zipfile.ZipFile(xlsx) as z:
    names = z.namelist()
    check("xl/workbook.xml" in names, "no xl/workbook.xml: %s" % names)
    check("[Content_Types].xml" in names, "no [Content_Types].xml")
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    styles = ET.fromstring(z.read("xl/styles.xml"))
pane = sheet.find(".//m:pane", NS)
check(pane is not None and pane.get("state") == "frozen" and pane.get("ySplit") == "7",
      "the heading row is not frozen: %s" % (pane.attrib if pane is not None else None))
check(sheet.find(".//m:cols/m:col[@width]", NS) is not None, "no column widths")
formats = {f.get("numFmtId"): f.get("formatCode") for f in styles.iter("{%s}numFmt" % NS["m"])}
xfs = [x.get("numFmtId") for x in styles.find("m:cellXfs", NS)]
def cell_format(c):
    return formats.get(xfs[int(c.get("s", "0"))])

rows = list(csv.reader(open(csv_path, encoding="utf-8")))
text = "\n".join(",".join(r) for r in rows[:6])
for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
              "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Tính đến ngày " + today,
              "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ" if kind == "stats"
              else "DANH SÁCH NHIỆM VỤ"):
    check(words in text, "heading rows lack %r:\n%s" % (words, text))
head = next((i for i, r in enumerate(rows) if r and r[0] == "Kế hoạch"), None)
check(head == 6, "the table's heading is row %s, not 7" % head)
if head is None:
    print("\n".join(problems)); sys.exit(1)
table = rows[head + 1:]
data = json.load(open(json_path, encoding="utf-8"))
# The sheet's cells of one column below the heading, from its XML.
def column_cells(letter):
    out = []
    for c in sheet.iter("{%s}c" % NS["m"]):
        m = re.fullmatch(r"([A-Z]+)([0-9]+)", c.get("r"))
        if m.group(1) == letter and int(m.group(2)) > head + 1:
            out.append(c)
    return out

def rate(cell):
    if cell == "":
        return None
    check(re.fullmatch(r"[0-9]+[.,][0-9]{2}%", cell) is not None, "rate %r not as 0.00%%" % cell)
    return float(cell.rstrip("%").replace(",", ".")) / 100

KEYS = ("total", "done_on_time", "done_late", "in_time", "overdue", "cancelled")
RATES = ("rate_done", "rate_on_time", "rate_overdue")
def same_counts(cells, want, what):
    got = [int(x) for x in cells[3:9]]
    check(got == [want[k] for k in KEYS], "%s: counts %s, json %s" % (what, got, want))
    for cell, key in zip(cells[9:12], RATES):
        r = rate(cell)
        check((r is None and want[key] is None) or
              (r is not None and want[key] is not None and abs(r - want[key]) < 0.00005),
              "%s: %s %r, json %r" % (what, key, cell, want[key]))
    check(int(cells[12]) == want["max_days_late"], "%s: max late %s" % (what, cells[12]))

if kind == "stats":
    units = data["units"]
    check(len(table) == len(units) + 1, "%d rows for %d units and the total" % (len(table), len(units)))
    for cells, unit in zip(table, units):
        check(cells[:3] == [unit["plan"], unit["unit"], unit["name"]],
              "row %s is not unit %s/%s" % (cells[:3], unit["plan"], unit["unit"]))
        same_counts(cells, unit, unit["unit"])
    check(table[-1][2] == "Tổng số", "the last row is not the total: %s" % table[-1])
    same_counts(table[-1], data["total"], "total")
    print("# %d units, total %s, done %s" % (len(units), table[-1][3], table[-1][9]))
    for letter in ("J", "K", "L"):
        for c in column_cells(letter):
            if c.find("m:v", NS) is not None:
                check(c.get("t") is None and cell_format(c) == "0.00%",
                      "rate cell %s is not a number as 0.00%%" % c.get("r"))
else:
    check(len(table) == len(data), "%d rows, json %d" % (len(table), len(data)))
    for cells, duty in zip(table, data):
        due = duty["due"]
        want_due = "" if due is None else "%s/%s/%s" % (due[8:10], due[5:7], due[0:4])
        check(cells[:3] == [duty["plan"], duty["unit"], duty["id"]],
              "row %s is not %s/%s/%s" % (cells[:3], duty["plan"], duty["unit"], duty["id"]))
        check(cells[3] == duty["text"], "%s: the text differs" % duty["name"])
        check(cells[4] == want_due, "%s: deadline %r, json %r" % (duty["name"], cells[4], due))
        check(re.fullmatch(r"([0-9]{2}/[0-9]{2}/[0-9]{4})?", cells[4]) is not None,
              "%s: deadline %r is not dd/mm/yyyy" % (duty["name"], cells[4]))
        check(cells[7] == (str(duty["days_late"]) if duty["days_late"] else ""),
              "%s: days late %r, json %r" % (duty["name"], cells[7], duty["days_late"]))
        r = rate(cells[8])
        check((r is None and duty["progress"] is None) or
              (r is not None and duty["progress"] is not None and abs(r * 100 - duty["progress"]) < 1e-9),
              "%s: progress %r, json %r" % (duty["name"], cells[8], duty["progress"]))
    dates = [c for c in column_cells("E") if c.find("m:v", NS) is not None]
    check(len(dates) > 0, "no deadline cells")
    for c in dates:
        check(c.get("t") is None and cell_format(c) == "dd/mm/yyyy",
              "deadline %s is not a date cell as dd/mm/yyyy" % c.get("r"))
    print("# %d duties" % len(table))
print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
)

# A day of mixed figures: done on time, done late, overdue, in progress.
setup() {
	copy_plans "$REPO_PLANS"/*.yaml
	kh sync
	expect_exit 0 "setup: sync of the seed plans"
	kh --today 2022-02-01 done chung-2@vp --on 2022-01-28
	expect_exit 0 "setup: done on time"
	kh --today 2022-02-01 done chung-2@tt --on 2022-01-31
	expect_exit 0 "setup: done late"
	kh --today 2022-02-01 progress chung-1@vp 60
	expect_exit 0 "setup: progress"
}

# ---------------------------------------------------------------------------
begin_test "xlsx needs -o, and -o needs xlsx"
setup
for cmd in stats list; do
	kh --today 2022-02-01 "$cmd" --format xlsx
	expect_exit 2 "$cmd --format xlsx without -o"
	expect_eq "$cmd: one line" "1" "$(count_lines "$ERR")"
	expect_contains "$cmd: says to add -o" "$ERR" "add -o FILE"
	expect_eq "$cmd: nothing on stdout" "" "$OUT"
	kh --today 2022-02-01 "$cmd" --format json -o x.json
	expect_exit 2 "$cmd -o without xlsx"
	expect_contains "$cmd: says -o is for xlsx" "$ERR" "-o is for --format xlsx"
	expect_no_file "$cmd: no x.json" x.json
done
KEHOACH_LANG=vi kh --today 2022-02-01 stats --format xlsx
expect_contains "in Vietnamese" "$ERR" "hãy thêm -o FILE"

# ---------------------------------------------------------------------------
begin_test "the workbooks read back by LibreOffice give the figures of --format json"
setup
KEHOACH_LANG=vi kh --today 2022-02-01 stats --format xlsx -o t.xlsx
expect_exit 0 "stats --format xlsx"
expect_eq "stats: nothing on stdout" "" "$OUT"
kh --today 2022-02-01 stats --format json
printf '%s\n' "$OUT" >t.json
KEHOACH_LANG=vi kh --today 2022-02-01 list --plan stttt-ht-tet-2022 --format xlsx -o l.xlsx
expect_exit 0 "list --format xlsx"
kh --today 2022-02-01 list --plan stttt-ht-tet-2022 --format json
printf '%s\n' "$OUT" >l.json
expect_file "t.xlsx written" t.xlsx
expect_file "l.xlsx written" l.xlsx
# UTF-8 (76), the cells as shown (dd/mm/yyyy, 0.00%); one start of
# LibreOffice for both.
run env HOME="$T/home" soffice --headless \
	--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true' \
	--outdir "$T/csv" t.xlsx l.xlsx
expect_exit 0 "soffice --convert-to csv"
expect_file "t.csv" "$T/csv/t.csv"
expect_file "l.csv" "$T/csv/l.csv"
run python3 -c "$CHECK" stats t.xlsx "$T/csv/t.csv" t.json 01/02/2022
expect_exit 0 "stats: the workbook agrees with json"
expect_eq "stats: differences" "" "$(grep -v '^#' <<<"$OUT")"
grep '^#' <<<"$OUT"
expect_contains "list: the plan's parent body" "$(head -n 3 "$T/csv/l.csv" 2>/dev/null)" "UBND TỈNH HÀ TĨNH"
run python3 -c "$CHECK" list l.xlsx "$T/csv/l.csv" l.json 01/02/2022
expect_exit 0 "list: the workbook agrees with json"
expect_eq "list: differences" "" "$(grep -v '^#' <<<"$OUT")"
grep '^#' <<<"$OUT"

# ---------------------------------------------------------------------------
begin_test "the workbook is written whole or not at all"
setup
echo old >t.xlsx
kh --today 2022-02-01 stats --format xlsx -o t.xlsx
expect_exit 0 "over an existing file"
expect_eq "replaced by a zip" "PK" "$(head -c 2 t.xlsx)"
kh --today 2022-02-01 stats --format xlsx -o no/such/dir/t.xlsx
expect_exit 1 "into a folder that does not exist"
expect_contains "names the file" "$ERR" "no/such/dir/t.xlsx"
mkdir d "$T/tmp"
TMPDIR=$T/tmp kh --today 2022-02-01 list --format xlsx -o d
expect_exit 1 "over a folder"
expect_contains "says it is a folder" "$ERR" "d"
expect_eq "no temporary file left" "" "$(ls -A "$T/tmp")"

summary
