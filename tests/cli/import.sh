#!/bin/bash
# kehoach import: a directive as a draft plan (issue 15). The seed text of
# the Hà Tĩnh directive gives the hand-made plan's units, group, duty texts
# and refs; every guess has its comment; the draft passes check; nothing
# is ever written over a file without --force, nor for a bad input.
source "$(dirname "$0")/lib.sh" "$@"

SEED=$KEHOACH_TEST_DATA/directives/ha-tinh-77-STTTT-VP.txt
HT=$REPO_PLANS/ha-tinh-tet-2022.yaml
COMPARE=$KEHOACH_SOURCE_ROOT/tests/import/seed_matches.py

# ---------------------------------------------------------------------------
begin_test "the seed directive: the hand-made plan's units, group, texts and refs"
kh import "$SEED" -o "$T/draft.yaml"
expect_exit 0
expect_contains "the summary names the draft" "$ERR" "draft.yaml: a draft plan with 7 units (groups: 1), 23 duties"
kh check "$T/draft.yaml"
expect_exit 0 "check of the draft"
expect_contains "check" "$OUT" "7 units, 23 duties"
run python3 "$COMPARE" "$T/draft.yaml" "$HT"
expect_exit 0 "the draft against plans/ha-tinh-tet-2022.yaml"
expect_eq "differences" "" "$OUT"
expect_match "the number" "$(cat "$T/draft.yaml")" '^  number: "77/STTTT-VP"$'
expect_match "the day" "$(cat "$T/draft.yaml")" '^  issued: 2022-01-19$'
expect_match "the Tết it names" "$(cat "$T/draft.yaml")" '^  tet: 2022$'
# Ids are made from names, a clerk's way.
expect_match "the unit of Văn phòng Sở" "$(cat "$T/draft.yaml")" '^  - id: van-phong-so$'
expect_match "its first duty" "$(cat "$T/draft.yaml")" '^      - id: van-phong-so-1$'
expect_match "the coordinating unit, spelt out in the text" "$(cat "$T/draft.yaml")" \
	'^        with: \[trung-tam-cntt-tt\]$'

# ---------------------------------------------------------------------------
begin_test "every guessed value has its comment, saying from which words"
kh import "$SEED"
expect_exit 0
cp "$OUT_FILE" "$T/draft.yaml"
# (run reads stdin from /dev/null: the script goes to a file first.)
cat >"$T/comments.py" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
guessed = ("id:", "title:", "issuer:", "parent:", "number:", "issued:", "place:",
           "basis:", "tet:", "members:", "refs:", "due:", "with:")
for i, line in enumerate(lines):
    key = line.strip().removeprefix("- ")
    if i < 2 or not key.startswith(guessed) or line.startswith("    - id") \
            or line.startswith("      - id") or line.startswith("  - id"):
        continue
    if not lines[i - 1].lstrip().startswith("# guessed"):
        print(f"line {i + 1} has no comment: {line}")
print("checked", sum(1 for l in lines if l.lstrip().startswith("# guessed")))
PY
run python3 "$T/comments.py" "$T/draft.yaml"
expect_match "values without their comment: none" "$OUT" "^checked [1-9][0-9]+$"
expect_eq "values without their comment" 1 "$(printf '%s\n' "$OUT" | wc -l)"
expect_contains "the title's words" "$(cat "$T/draft.yaml")" \
	'# guessed from "về việc phân công triển khai'
expect_contains "the with's words" "$(cat "$T/draft.yaml")" \
	'# guessed: it works with "Trung tâm Công nghệ thông tin và Truyền thông"'

# ---------------------------------------------------------------------------
begin_test "a plans folder lends its ids: plan by number, units by name, duties by text"
cp "$HT" "$PLANS/"
kh import "$SEED" -o "$T/again.yaml"
expect_exit 0
expect_match "the plan's id" "$(cat "$T/again.yaml")" '^  id: stttt-ht-tet-2022$'
expect_match "the group's id" "$(cat "$T/again.yaml")" '^  - id: cac-phong$'
expect_match "a duty's id" "$(cat "$T/again.yaml")" '^      - id: chung-1$'
expect_match "the members" "$(cat "$T/again.yaml")" '^    members: \[vp, tt, ttcntt, cntt, bcvt, ttbcxb\]$'
run python3 "$COMPARE" "$T/again.yaml" "$HT"
expect_eq "differences" "" "$OUT"

# ---------------------------------------------------------------------------
begin_test "never over an existing file without --force; with it, replaced whole"
echo "giữ nguyên" >"$T/mine.yaml"
kh import "$SEED" -o "$T/mine.yaml"
expect_exit 1
expect_contains "says how" "$ERR" "mine.yaml exists already: nothing was written; give --force"
expect_eq "the file is untouched" "giữ nguyên" "$(cat "$T/mine.yaml")"
ln -s "$T/nowhere.yaml" "$T/link.yaml"
kh import "$SEED" -o "$T/link.yaml"
expect_exit 1
expect_eq "nothing made through a dangling link" "no" "$([[ -e $T/nowhere.yaml ]] && echo yes || echo no)"
kh import "$SEED" -o "$T/mine.yaml" --force
expect_exit 0
kh check "$T/mine.yaml"
expect_exit 0 "the replaced file checks"

# ---------------------------------------------------------------------------
begin_test "bad input: one clear line, exit 1, nothing written"
: >"$T/empty.txt"
head -c 4096 /dev/urandom >"$T/binary.txt"
printf 'Kính gửi các đơn vị.\nĐề nghị các đơn vị thực hiện nghiêm túc.\n' >"$T/nosections.txt"
printf 'this is not a zip' >"$T/fake.docx"
mkfifo "$T/fifo.txt"
for input in empty.txt binary.txt nosections.txt fake.docx fifo.txt missing.txt; do
	kh import "$T/$input" -o "$T/out.yaml"
	expect_exit 1 "import of $input"
	expect_eq "one line for $input" 1 "$(printf '%s\n' "$ERR" | wc -l)"
	expect_contains "names $input" "$ERR" "$input"
	expect_eq "nothing written for $input" no "$([[ -e $T/out.yaml ]] && echo yes || echo no)"
done
kh import "$T/nosections.txt"
expect_contains "no sections" "$ERR" "no numbered sections with duties were found"

# ---------------------------------------------------------------------------
begin_test "--format json: sections, duties, refs, deadlines and their lines"
kh import "$SEED" --format json
expect_exit 0
cp "$OUT_FILE" "$T/r.json"
cat >"$T/check_json.py" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert r["number"] == "77/STTTT-VP" and r["issued"] == "2022-01-19", r
assert r["tet"] == 2022 and r["lines"] == "line"
s = r["sections"]
assert len(s) == 7 and s[0]["group"] and len(s[0]["members"]) == 6
assert [x["line"] for x in s] == [3, 8, 13, 17, 21, 26, 30], [x["line"] for x in s]
vp4 = s[1]["duties"][3]
assert vp4["line"] == 12 and vp4["with"] == [{"unit": "trung-tam-cntt-tt",
    "words": "Trung tâm Công nghệ thông tin và Truyền thông"}], vp4
assert vp4["refs"] == ["Văn bản số 224/UBND-NL4 ngày 13/01/2021 của UBND tỉnh"]
assert sum(len(x["duties"]) for x in s) == 23
print("ok")
PY
run python3 "$T/check_json.py" "$T/r.json"
expect_eq "the JSON" "ok" "$OUT"

# ---------------------------------------------------------------------------
begin_test "deadlines in words become the plan's forms, each with its words"
cat >"$T/cv.txt" <<'TXT'
Sở Y tế ban hành Công văn số 123/SYT-NVY ngày 10/01/2024 về việc triển khai công tác y tế dịp Tết Nguyên đán Giáp Thìn 2024, cụ thể:
1. Phòng Nghiệp vụ Y
- Hoàn thành kế hoạch trực Tết trước ngày 25/01/2024.
- Kiểm tra các bệnh viện, xong trước Tết.
- Tổng hợp số liệu trước 23 tháng Chạp.
- Báo cáo kết quả xong trước mùng 6 Tết.
- Rà soát thuốc, hoàn thành trong tháng 01/2024.
- Chủ trì, phối hợp với Văn phòng Sở tổ chức kiểm tra.
2. Văn phòng Sở
- Bố trí lịch trực.
TXT
kh import "$T/cv.txt" -o "$T/cv.yaml"
expect_exit 0
D=$(cat "$T/cv.yaml")
expect_contains "a date" "$D" $'# guessed from "trước ngày 25/01/2024" (line 3)\n        due: 2024-01-25'
expect_contains "before Tết" "$D" $'# guessed from "trước Tết" (line 4)\n        due: tet-1'
expect_contains "lunar" "$D" $'# guessed from "trước 23 tháng Chạp" (line 5)\n        due: "23/12 ÂL"'
expect_contains "mùng 6" "$D" $'# guessed from "trước mùng 6 Tết" (line 6)\n        due: tet+5'
expect_contains "a month" "$D" $'# guessed from "trong tháng 01/2024" (line 7)\n        due: 2024-01-31'
expect_contains "with" "$D" $'        with: [van-phong-so]'
kh check "$T/cv.yaml"
expect_exit 0
# 23 tháng Chạp Quý Mão is 2024-02-02; mùng 6 Tết Giáp Thìn is 2024-02-15.
kh import "$T/cv.txt" --format json
run python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(str(d["due"] and d["due"]["date"]) for d in r["sections"][0]["duties"]))' "$OUT_FILE"
expect_eq "the days they fall on" "2024-01-25 2024-02-09 2024-02-02 2024-02-15 2024-01-31 None" "$OUT"

# ---------------------------------------------------------------------------
begin_test "a deadline by Tết in a text that names no Tết: --tet, or a comment"
cat >"$T/notet.txt" <<'TXT'
1. Văn phòng
- Trang trí cơ quan xong trước Tết.
TXT
kh import "$T/notet.txt"
expect_exit 0
expect_contains "says what to do" "$OUT" "import again with --tet YEAR"
expect_no_match "no due" "$OUT" "^ +due:"
kh import "$T/notet.txt" --tet 2027
expect_match "with --tet" "$OUT" '^        due: tet-1$'
expect_match "tet" "$OUT" '^  tet: 2027$'

# ---------------------------------------------------------------------------
# What an adversarial run found: each of these once made a draft that did
# not load, or crashed. Every draft must load now.
begin_test "awkward documents still give drafts that load"
printf '1. Phòng A\n- Việc một\n2. Phòng Á\n- Việc hai\n2. Phòng A\n- Việc ba\n' >"$T/same-ids.txt"
printf '1. Phòng Quản lý đầu tư xây dựng và phát triển hạ tầng kỹ thuật đô thị và nông thôn mới\n- Việc một\n- Việc hai\n' >"$T/long-name.txt"
printf '1. Phòng A\n- Làm việc trước 30 tháng Chạp\n' >"$T/lunar-30.txt"
printf 'Hà Tĩnh, ngày 20 tháng 3 năm 2024\nVề việc tổng kết Tết Nguyên đán Giáp Thìn 2024\n1. Phòng A\n- Báo cáo trước ngày 30/03/2024\n- Gửi trước Tết.\n' >"$T/after-tet.txt"
printf '1. Các phòng\n- Làm việc A\n' >"$T/only-group.txt"
printf '1. Phòng \xe2\x80\xa8A\xc2\x85\n- việc \xe2\x80\xa9 x\n' >"$T/line-separators.txt"
printf '1.\tPhòng A\n- việc\n' >"$T/tab.txt"
for input in same-ids long-name lunar-30 after-tet only-group line-separators tab; do
	kh import "$T/$input.txt" --tet 2022 -o "$T/$input.yaml"
	expect_exit 0 "import of $input"
	kh check "$T/$input.yaml"
	expect_exit 0 "check of the draft of $input"
done
expect_contains "a lunar 30th the month has not: said, not written" "$(cat "$T/lunar-30.yaml")" \
	'names no day of the lunar calendar for the Tết of 2022'
expect_contains "--tet over the Tết the text names: said" "$(cat "$T/after-tet.yaml")" \
	'# given with --tet; the document names "Tết Nguyên đán Giáp Thìn 2024"'
kh import "$T/after-tet.txt" -o "$T/after.yaml"
expect_match "a review after Tết: its period written out" "$(cat "$T/after.yaml")" '^  to: 2024-03-30$'
expect_no_match "a lone 'Các phòng' is no group" "$(cat "$T/only-group.yaml")" 'members:'
expect_match "a tab after the number" "$(cat "$T/tab.yaml")" '^    name: "Phòng A"$'
expect_match "ids that fold alike are told apart" "$(cat "$T/same-ids.yaml")" '^  - id: phong-a-3$'
run python3 -c 'import sys; sys.stdout.write("1. Các phòng\n- v\n" * 30 + "1. Phòng A\n- v\n")'
cp "$OUT_FILE" "$T/groups.txt"
kh import "$T/groups.txt" -o "$T/groups.yaml"
expect_exit 1 "thirty groups"
expect_contains "is no directive" "$ERR" "more than a directive has"

# ---------------------------------------------------------------------------
# Directives from other departments and provinces (tests/data/directives/
# README.md), each against a clerk's hand transcription: every field of
# units, duty texts, refs, deadlines and with must match.
SCORE=$KEHOACH_SOURCE_ROOT/tests/import/score.py
DIRECTIVES=$KEHOACH_TEST_DATA/directives

begin_test "the scorer and the corpus check themselves"
run python3 "$KEHOACH_SOURCE_ROOT/tests/import/score_selftest.py" "$KEHOACH"
expect_exit 0 "score_selftest.py"

for name in quang-tri-sgddt-tet-2025 nam-dinh-syt-cv-2024 yen-thanh-ubnd-ct-2023; do
	begin_test "$name.txt: as its hand transcription"
	kh import "$DIRECTIVES/$name.txt" -o "$T/$name.yaml"
	expect_exit 0
	kh check "$T/$name.yaml"
	expect_exit 0 "check of the draft"
	run python3 "$SCORE" "$T/$name.yaml" "$DIRECTIVES/$name.expected.yaml" --kehoach "$KEHOACH"
	expect_exit 0 "score.py (every field)"
	expect_match "the score" "$OUT" "^score: ([0-9]+)/\\1 fields \\(100.0%\\)$"
done

# ---------------------------------------------------------------------------
# The same from Word: .docx files whose headings and duties carry Word's
# own numbering (w:numPr), no "1." or "- " typed.
begin_test "yen-thanh-ubnd-ct-2023.docx (Word's numbering): as its hand transcription"
run python3 "$DIRECTIVES/make_corpus_docx.py" "$T/01-CT-UBND.docx"
expect_exit 0 "make_corpus_docx.py"
kh import "$T/01-CT-UBND.docx" -o "$T/yt.yaml"
expect_exit 0
expect_contains "the summary" "$ERR" "yt.yaml: a draft plan with 5 units (groups: 1), 16 duties, 10 deadlines"
kh check "$T/yt.yaml"
expect_exit 0 "check of the draft"
run python3 "$SCORE" "$T/yt.yaml" "$DIRECTIVES/yen-thanh-ubnd-ct-2023.expected.yaml" --kehoach "$KEHOACH"
expect_exit 0 "score.py (every field)"
expect_match "the score" "$OUT" "^score: ([0-9]+)/\\1 fields \\(100.0%\\)$"
expect_contains "comments count paragraphs" "$(cat "$T/yt.yaml")" '(paragraph '
kh import "$T/01-CT-UBND.docx" --format json
expect_contains "the JSON says so" "$OUT" '"lines": "paragraph"'

begin_test "the Hà Tĩnh directive as Word writes it: the same plan as from its text"
run python3 "$DIRECTIVES/make_docx.py" "$T/fixtures" "$SEED"
expect_exit 0 "make_docx.py"
kh import "$T/fixtures/ha-tinh-77.docx" -o "$T/ht.yaml"
expect_exit 0
run python3 "$COMPARE" "$T/ht.yaml" "$HT"
expect_eq "differences from the hand-made plan" "" "$OUT"
for bad in bomb.docx bomb-lying.docx not-a-zip.docx no-document.docx bad-xml.docx encrypted.docx billion-laughs.docx; do
	[[ -e $T/fixtures/$bad ]] || { fail "fixture $bad" "made by make_docx.py" "missing"; continue; }
	kh import "$T/fixtures/$bad" -o "$T/bad.yaml"
	expect_exit 1 "import of $bad"
	expect_eq "one line for $bad" 1 "$(printf '%s\n' "$ERR" | wc -l)"
	expect_contains "names $bad" "$ERR" "$bad"
	expect_eq "nothing written for $bad" no "$([[ -e $T/bad.yaml ]] && echo yes || echo no)"
done

summary
