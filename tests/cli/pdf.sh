#!/usr/bin/env bash
# PDF checklists and reports, read back with poppler: every duty's text
# with its diacritics, fonts embedded, A4, page numbers from page 2, a long
# plan paginated without splitting a duty. In a build without PDF, the
# format says how to get it.
source "$(dirname "$0")/lib.sh" "$@"

if [[ ${KEHOACH_HAVE_PDF:-} != 1 ]]; then
	begin_test "a build without PDF says how to get it"
	copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
	kh --today 2022-01-30 checklist --unit vp --format pdf -o vp.pdf
	expect_exit 1
	expect_contains "it names what to install" "$ERR" "libpango1.0-dev"
	expect_no_file "no file is written" vp.pdf
	summary
fi

for tool in pdftotext pdffonts pdfinfo; do
	if ! command -v "$tool" >/dev/null; then
		echo "FATAL: '$tool' is needed (install poppler-utils)" >&2
		exit 1
	fi
done

# The text of a PDF (or of page $2), NFC, with all white space removed:
# lines wrap where the layout chose.
pdf_text() {
	local args=()
	[[ -n ${2:-} ]] && args=(-f "$2" -l "$2")
	pdftotext -enc UTF-8 "${args[@]}" "$1" - | python3 -c '
import sys, unicodedata
t = unicodedata.normalize("NFC", sys.stdin.read())
print("".join(t.split()))'
}

# Duty texts of a unit (or of all units), one per line, from the database.
duty_texts() {
	kh list "$@" --format json
	printf '%s\n' "$OUT" | python3 -c '
import json, sys
for row in json.load(sys.stdin):
    print("".join(row["text"].split()))'
}

pages_of() {
	pdfinfo "$1" | sed -n 's/^Pages: *//p'
}

begin_test "checklist: every duty's text, with its diacritics, fonts embedded, A4"
copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
kh --today 2022-01-25 done vp-2 --on 2022-01-24 --note "Đã ban hành kế hoạch số 12/KH-VP"
kh --lang vi --today 2022-01-30 checklist --unit vp -o vp.pdf
expect_exit 0
expect_eq "nothing on stdout with -o" "" "$OUT"
expect_eq "it is a PDF" "%PDF-" "$(head -c 5 vp.pdf)"
text=$(pdf_text vp.pdf)
n=0
while IFS= read -r duty; do
	n=$((n + 1))
	expect_contains "duty $n's text is in the PDF" "$text" "$duty"
done < <(duty_texts --unit vp)
expect_eq "the unit's eight duties were looked for" 8 "$n"
for s in "CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM" "Độclập-Tựdo-Hạnhphúc" "UBNDTỈNHHÀTĨNH" \
	"SỞTHÔNGTINVÀTRUYỀNTHÔNG" "Số:77/STTTT-VP" "HàTĩnh,ngày30tháng01năm2022" \
	"(28thángChạpnămTânSửu)" \
	"BẢNGTHEODÕITHỰCHIỆNNHIỆMVỤ" "Đơnvị:VănphòngSở" "Ghichú:Đãbanhànhkếhoạchsố12/KH-VP" \
	"NGƯỜILẬPBIỂU" "THỦTRƯỞNGĐƠNVỊ" "(Ký,ghirõhọtên)"; do
	expect_contains "the page says $s" "$text" "$s"
done
fonts=$(pdffonts vp.pdf | tail -n +3)
expect_ne "the PDF has fonts" "" "$fonts"
# The "emb" column, found by its place under the header's dashes.
not_embedded=$(pdffonts vp.pdf | python3 -c '
import sys
lines = sys.stdin.read().splitlines()
spans, pos = [], 0
for dash in lines[1].split(" "):
    if dash: spans.append((pos, pos + len(dash)))
    pos += len(dash) + 1
emb = lines[0].split().index("emb")
start, end = spans[emb]
print(sum(1 for l in lines[2:] if l[start:end].strip() != "yes"))')
expect_eq "every font is embedded" 0 "$not_embedded"
expect_match "a Times-metric serif" "$fonts" 'LiberationSerif|TimesNewRoman|Times-Roman|Tinos'
info=$(pdfinfo vp.pdf)
expect_match "A4" "$info" '^Page size: +595\.[0-9]+ x 841\.[0-9]+ pts \(A4\)'
expect_match "the title is in the metadata" "$info" '^Title: +BẢNG THEO DÕI THỰC HIỆN NHIỆM VỤ'

begin_test "report: the Thái Bình results as PDF"
copy_plans "$REPO_PLANS/thai-binh-2022-01.yaml" "$REPO_PLANS/thai-binh-2022-02.yaml"
kh --today 2022-01-31 done stttt-tb-2022-01/ttbc-xb-bc-1 --on 2022-01-31 \
	--note "773 tin, bài về tỉnh Thái Bình"
kh --lang vi --today 2022-02-03 report --month 2022-01 --plan stttt-tb-2022-01 --format pdf -o r.pdf
expect_exit 0
text=$(pdf_text r.pdf)
expect_contains "the heading" "$text" "Kếtquảthựchiệnnhiệmvụtháng01năm2022"
expect_contains "the result" "$text" "Kếtquả:773tin,bàivềtỉnhTháiBình"
expect_contains "next month's duties" "$text" "II.NHIỆMVỤTRỌNGTÂMTHÁNG02/2022"
while IFS= read -r duty; do
	expect_contains "a February duty's text" "$text" "$duty"
done < <(duty_texts --plan stttt-tb-2022-02)

begin_test "report: the appendix as PDF, a chart and a ruled table on its own page"
copy_plans small.yaml
kh --today 2022-02-10 done vp-1 --on 2022-01-24
kh --today 2022-02-10 done kt-1 --on 2022-01-25
kh --lang vi --today 2022-02-10 report --month 2022-01 --format pdf -o r.pdf
expect_exit 0
last=$(pdfinfo r.pdf | awk '/^Pages:/ {print $2}')
text=$(pdf_text r.pdf "$last")
expect_contains "the appendix's title on the last page" "$text" "Phụlục:Biểutổnghợptìnhhìnhthựchiệnnhiệmvụ"
expect_contains "…the legend" "$text" "hoànthànhđúnghạn"
expect_contains "…the table's headings" "$text" "Đơnvị"
expect_contains "…the rates" "$text" "100,00%"
expect_not_contains "…not in the results before it" "$(pdf_text r.pdf 1)" "Phụlục"
# Looked at as a picture: the chart's segments in their colours (green on
# time, amber late), and the table's rules (long dark lines).
pdftoppm -r 40 -png -f "$last" -l "$last" r.pdf page
look=$(python3 - page-*.png <<'PY'
import sys, zlib, struct
data = open(sys.argv[1], "rb").read()
pos, chunks = 8, []
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunks.append((kind, data[pos + 8:pos + 8 + n])); pos += 12 + n
ihdr = chunks[0][1]
w, h, depth, colour = struct.unpack(">IIBB", ihdr[:10])
raw = zlib.decompress(b"".join(c for k, c in chunks if k == b"IDAT"))
bpp = 3 if colour == 2 else 4
stride = w * bpp
rows, prev = [], bytearray(stride)
i = 0
for y in range(h):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
def px(x, y): return tuple(rows[y][x * bpp:x * bpp + 3])
green = sum(1 for y in range(h) for x in range(w) if (lambda p: p[1] > 110 and p[0] < 90 and p[2] < 110)(px(x, y)))
amber = sum(1 for y in range(h) for x in range(w) if (lambda p: p[0] > 200 and 120 < p[1] < 190 and p[2] < 90)(px(x, y)))
ruled = sum(1 for y in range(h) if sum(1 for x in range(w) if sum(px(x, y)) < 300) > w // 2)
print("green" if green > 10 else "no green", "amber" if amber > 10 else "no amber",
      "ruled" if ruled >= 3 else "not ruled")
PY
)
expect_eq "the chart and the table, seen" "green amber ruled" "$look"

begin_test "a long plan: pages numbered from 2, no duty split across pages"
{
	echo "kehoach: 1"
	echo "plan:"
	echo "  id: dai"
	echo "  title: \"Kế hoạch dài để kiểm tra việc ngắt trang\""
	echo "  issuer: \"Sở Nội vụ\""
	echo "  parent: \"UBND tỉnh Quảng Bình\""
	echo "  from: 2022-01-01"
	echo "  to: 2022-03-31"
	echo "units:"
	echo "  - id: vp"
	echo "    name: \"Văn phòng\""
	echo "    duties:"
	for i in $(seq 1 150); do
		words=$(( (i * 7) % 40 + 5 ))
		text="Nhiệm vụ số $i:"
		for w in $(seq 1 "$words"); do text+=" kiểm tra đôn đốc"; done
		echo "      - id: vp-$i"
		echo "        text: \"$text.\""
		if (( i % 3 == 0 )); then echo "        target: \"Chỉ tiêu $i\""; fi
	done
} >"$PLANS/dai.yaml"
kh --lang vi --today 2022-02-10 checklist --unit vp -o dai.pdf
expect_exit 0
pages=$(pages_of dai.pdf)
# 150 duties of 1 to 5 lines each, with 2 to 3 lines of details: at
# most about 40 lines of 13 pt on a page.
if (( pages >= 12 && pages <= 45 )); then pass; else fail "page count" "12 … 45" "$pages"; fi
expect_no_match "page 1 has no page number at its top" "$(pdftotext -f 1 -l 1 -layout dai.pdf - | head -n 3)" '^ *1 *$'
first_page_of=()
for p in $(seq 1 "$pages"); do
	page=$(pdf_text dai.pdf "$p")
	if (( p >= 2 )); then
		top=$(pdftotext -f "$p" -l "$p" dai.pdf - | python3 -c 'import sys; print(next((l.strip() for l in sys.stdin if l.strip()), ""))')
		expect_eq "page $p is numbered at its top" "$p" "$top"
	fi
	for i in $(seq 1 150); do
		[[ -n ${first_page_of[i]:-} ]] && continue
		if [[ $page == *"Nhiệmvụsố$i:"* ]]; then first_page_of[i]=$p; fi
	done
done
split=0
prev=0
while IFS= read -r duty; do
	i=${duty#Nhiệmvụsố}
	i=${i%%:*}
	p=${first_page_of[i]:-0}
	if [[ $p == 0 ]]; then
		fail "duty $i is on a page" "found" "not found"
		continue
	fi
	if [[ $(pdf_text dai.pdf "$p") != *"$duty"* ]]; then
		split=$((split + 1))
		fail "duty $i's text is whole on page $p" "whole" "split"
	fi
	(( p < prev )) && fail "duties stay in order" "page ≥ $prev" "$p"
	prev=$p
done < <(duty_texts --unit vp)
expect_eq "no duty split across pages" 0 "$split"
last=$(pdf_text dai.pdf "$pages")
expect_contains "the signature block is on the last page" "$last" "THỦTRƯỞNGĐƠNVỊ"
expect_contains "…with the counts" "$last" "Tổngsố:150"

begin_test "PDF refuses a terminal; --print sends it to lp"
copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
if command -v script >/dev/null; then
	script -qec "$(printf '%q ' "$KEHOACH" --db "$DB" --plans "$PLANS" checklist --unit vp --format pdf)" /dev/null >tty.out 2>&1
	expect_contains "PDF on a terminal is refused" "$(cat tty.out)" "-o FILE"
	expect_not_contains "…without writing it there" "$(cat tty.out)" "%PDF"
fi
mkdir bin
cat >bin/lp <<'LP'
#!/bin/sh
[ "$1" = "--" ] && shift
cp "$1" "$LP_SPOOL/printed.pdf" && echo "request id is A4-1 (1 file(s))"
LP
chmod +x bin/lp
LP_SPOOL=$T PATH=$T/bin:$PATH kh --today 2022-01-30 checklist --unit vp --format pdf --print
expect_exit 0
expect_eq "lp got a PDF" "%PDF-" "$(head -c 5 printed.pdf)"
"$KEHOACH" --db "$DB" --plans "$PLANS" --today 2022-01-30 checklist --unit vp --format pdf >piped.pdf
expect_eq "exit status into a pipe" 0 "$?"
expect_eq "into a pipe or a file, stdout is fine" "%PDF-" "$(head -c 5 piped.pdf)"

begin_test "the interface's p writes a PDF, P prints it"
copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
printf '<Down>p<Dump>P<Dump>q' >keys
mkdir bin
cat >bin/lp <<'LP'
#!/bin/sh
[ "$1" = "--" ] && shift
cp "$1" "$LP_SPOOL/printed.pdf" && echo "request id is A4-2 (1 file(s))"
LP
chmod +x bin/lp
LP_SPOOL=$T PATH=$T/bin:$PATH run env KEHOACH_TUI_KEYS=keys KEHOACH_TUI_SIZE=120x40 \
	KEHOACH_TUI_SCREEN=screen.txt "$KEHOACH" --db "$DB" --plans "$PLANS" --today 2022-01-30
expect_exit 0
file=kehoach-stttt-ht-tet-2022-vp-2022-01-30.pdf
expect_file "p wrote the unit's checklist as PDF" "$file"
expect_eq "…a PDF" "%PDF-" "$(head -c 5 "$file" 2>/dev/null)"
expect_contains "…and said where" "$(cat screen.txt)" "Checklist written to"
expect_contains "P printed it" "$(cat screen.txt)" "request id is A4-2"
if cmp -s "$file" printed.pdf; then pass; else fail "P printed that file" "the same bytes" "different"; fi

begin_test "the PDF module is loaded only for a PDF, and its absence is explained"
copy_plans "$REPO_PLANS/ha-tinh-tet-2022.yaml"
kh units
run env LD_DEBUG=libs "$KEHOACH" --db "$DB" --plans "$PLANS" units
expect_exit 0
expect_not_contains "a command without PDF loads no pango" "$ERR" "libpango"
run env LD_DEBUG=libs "$KEHOACH" --db "$DB" --plans "$PLANS" checklist --unit vp --format pdf -o vp.pdf
expect_exit 0
expect_contains "a PDF loads the module" "$ERR" "kehoach-pdf.so"
# A copy of the program outside the build tree looks for the installed
# module; where none is installed, it says so, and writes nothing.
mkdir elsewhere
cp "$KEHOACH" elsewhere/kehoach
installed=$(sed -n 's/.*KEHOACH_PDF_MODULE "\(.*\)"$/\1/p' "$(dirname "$KEHOACH")/config.h")
run elsewhere/kehoach --db "$DB" --plans "$PLANS" checklist --unit vp --format pdf -o other.pdf
if [[ -e $installed ]]; then
	expect_exit 0
else
	expect_exit 1
	expect_contains "no module: it says why" "$ERR" "its module cannot be loaded"
	expect_contains "…naming where it looked" "$ERR" "$installed"
	expect_no_file "…and writes nothing" other.pdf
fi
run elsewhere/kehoach --db "$DB" --plans "$PLANS" checklist --unit vp -o other.txt
expect_exit 0

summary
