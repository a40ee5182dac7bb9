#!/bin/bash
# kehoach sync (and the sync every command does first): a broken plan file
# never changes the database; status, notes and history survive edits,
# removals and moves; unchanged files are not parsed again.
source "$(dirname "$0")/lib.sh" "$@"

setup() {
	sync_fixtures small.yaml ongoing.yaml
}

# status ID [UNIT]: "state|note" of a duty of plan thu-nghiem from the
# database, including retired rows (what is kept for the duty).
status() {
	local unit_clause=""
	[[ -n ${2:-} ]] && unit_clause="AND u.id = '$2'"
	sql "SELECT a.state || '|' || coalesce(a.note, '<null>')
	     FROM assignment a JOIN duty d ON d.key = a.duty_key
	     JOIN plan p ON p.key = d.plan_key JOIN unit u ON u.key = a.unit_key
	     WHERE p.id = 'thu-nghiem' AND d.id = '$1' $unit_clause"
}

# row NAME FIELD: FIELD of the row NAME in `list --format json`, or
# "<absent>" when the list has no such row.
row() {
	kh --today 2022-01-26 list --format json
	jq_py "([r['$2'] for r in d if r['name'] == '$1'] or ['<absent>'])[0]"
}

# edit FILE PYTHON-EXPR: rewrites FILE as PYTHON-EXPR applied to its text s.
edit() {
	python3 - "$1" "$2" <<'EOF'
import sys
path, expr = sys.argv[1], sys.argv[2]
s = open(path, encoding="utf-8").read()
new = eval(expr, {"s": s})
if new == s:
    sys.exit("edit: %s did not change %s" % (expr, path))
open(path, "w", encoding="utf-8").write(new)
EOF
}

# ---------------------------------------------------------------------------
begin_test "sync loads, says what it loaded, and is quiet when nothing changed"
copy_plans small.yaml ongoing.yaml
kh sync
expect_exit 0
expect_match "small.yaml loaded" "$OUT" 'small\.yaml: loaded plan thu-nghiem$'
expect_match "ongoing.yaml loaded" "$OUT" 'ongoing\.yaml: loaded plan thuong-xuyen$'
expect_eq "nothing on stderr" "" "$ERR"
expect_eq "two plans in the database" "thu-nghiem thuong-xuyen" \
	"$(sql "SELECT group_concat(id, ' ') FROM (SELECT id FROM plan WHERE retired = 0 ORDER BY id)")"
expect_eq "9 assignments" "9" "$(sql "SELECT count(*) FROM assignment WHERE retired = 0")"
kh sync
expect_exit 0
expect_eq "second sync: nothing to say" "" "$OUT"
kh sync extra
expect_exit 2 "sync takes no arguments"

begin_test "a broken file added to the folder changes nothing in the database"
setup
kh --today 2022-01-26 done vp-1 --note "đã xong"
before=$(db_dump)
cat >"$PLANS/zz-broken.yaml" <<'EOF'
kehoach: 1
plan:
  id: hong
  title: "Kế hoạch hỏng"
  issuer: "Sở"
units:
  - id: a
    name: "A"
    duties:
      - id: a-1
        text: "Việc"
        dua: 2022-01-10
EOF
kh --today 2022-01-26 list
expect_eq "database unchanged after list" "$before" "$(db_dump)"
expect_lines "list still shows the 9 assignments" 9 "$OUT"
expect_match "the error names file:line on stderr" "$ERR" 'zz-broken\.yaml:12:[0-9]+: .*dua'
expect_not_contains "not on stdout" "$OUT" "zz-broken"
kh sync
expect_exit 1 "sync while a file is broken"
expect_match "sync: file:line" "$ERR" 'zz-broken\.yaml:12:[0-9]+: '
expect_eq "database unchanged after sync" "$before" "$(db_dump)"
kh sync
expect_exit 1 "sync again: still reported"
expect_match "sync again: file:line again" "$ERR" 'zz-broken\.yaml:12:[0-9]+: '
# A syntax error, in place of the unknown key.
printf 'kehoach: 1\nplan: {\n  id: [\n' >"$PLANS/zz-broken.yaml"
kh sync
expect_exit 1 "a syntax error"
expect_match "syntax error: file:line" "$ERR" 'zz-broken\.yaml:[34]:[0-9]+: '
expect_eq "database unchanged" "$before" "$(db_dump)"
# Fixed: loads, and sync is happy again.
cat >"$PLANS/zz-broken.yaml" <<'EOF'
kehoach: 1
plan:
  id: hong
  title: "Kế hoạch đã sửa"
  issuer: "Sở"
units:
  - id: a
    name: "A"
    duties:
      - id: a-1
        text: "Việc"
        due: 2022-01-10
EOF
kh sync
expect_exit 0 "sync once the file is fixed"
expect_match "fixed file loaded" "$OUT" 'zz-broken\.yaml: loaded plan hong$'
expect_eq "vp-1 kept its status" "2|đã xong" "$(status vp-1)"

begin_test "breaking a loaded file keeps its duties and their status"
setup
kh --today 2022-01-26 done kt-1 --note "quyết toán xong"
kh --today 2022-01-26 start chung-1@vp --note "đang kiểm tra"
before=$(db_dump)
cp "$PLANS/small.yaml" good.yaml
# An unknown unit in `with` at line 55 (a validation error, not syntax).
sed -i 's/        with: \[vp\]/        with: [vp, khong-co]/' "$PLANS/small.yaml"
expect_eq "the broken line is line 55" "        with: [vp, khong-co]" "$(sed -n 55p "$PLANS/small.yaml")"
kh --today 2022-01-26 list --format json
expect_match "stderr: file:line" "$ERR" 'small\.yaml:55:[0-9]+: '
expect_eq "database unchanged" "$before" "$(db_dump)"
expect_eq "old duties still listed" "9" "$(jq_py 'len(d)')"
expect_eq "kt-1 still done with its note" "done|quyết toán xong" \
	"$(jq_py '[r["state"] + "|" + r["note"] for r in d if r["name"] == "kt-1"][0]')"
expect_eq "chung-1@vp still doing" "doing" \
	"$(jq_py '[r["state"] for r in d if r["name"] == "chung-1@vp"][0]')"
kh sync
expect_exit 1 "sync while broken"
# Broken differently: a syntax error at line 30.
cp good.yaml "$PLANS/small.yaml"
sed -i '30s/.*/  - id: vp: x/' "$PLANS/small.yaml"
kh sync
expect_exit 1 "sync with a syntax error"
expect_match "syntax error at line 30" "$ERR" 'small\.yaml:30:[0-9]+: '
expect_eq "database unchanged" "$before" "$(db_dump)"
kh --today 2022-01-26 done kt-2
expect_exit 0 "marking still works while the file is broken"
cp good.yaml "$PLANS/small.yaml"
kh sync
expect_exit 0 "sync once restored"
expect_eq "kt-1 status kept" "2|quyết toán xong" "$(status kt-1)"
expect_eq "kt-2 marked meanwhile" "2|<null>" "$(status kt-2)"
expect_eq "chung-1@vp status kept" "1|đang kiểm tra" "$(status chung-1 vp)"

begin_test "a touched but unchanged file is not parsed again and keeps status"
setup
kh --today 2022-01-26 done vp-2 --note "ghi chú"
gen=$(sql "SELECT gen FROM plan WHERE id = 'thu-nghiem'")
before=$(db_dump)
touch -d '2030-01-01 00:00' "$PLANS/small.yaml"
kh sync
expect_exit 0
expect_eq "nothing loaded" "" "$OUT"
expect_eq "plan not written again" "$gen" "$(sql "SELECT gen FROM plan WHERE id = 'thu-nghiem'")"
expect_eq "database unchanged" "$before" "$(db_dump)"
expect_eq "status kept" "2|ghi chú" "$(status vp-2)"
# Same size and mtime: the file is not even read (documented in store.h).
stamp=$(stat -c %y "$PLANS/small.yaml")
size=$(stat -c %s "$PLANS/small.yaml")
edit "$PLANS/small.yaml" 's.replace("Quyết toán kinh phí năm 2021", "Quyết toán kinh phí năm 2022")'
touch -d "$stamp" "$PLANS/small.yaml"
expect_eq "(the edit keeps the size)" "$size" "$(stat -c %s "$PLANS/small.yaml")"
kh sync
expect_eq "same size and mtime: not read" "Quyết toán kinh phí năm 2021" \
	"$(sql "SELECT text FROM duty WHERE id = 'kt-1'")"
touch "$PLANS/small.yaml"
kh sync
expect_exit 0
expect_eq "a new mtime: read and loaded" "Quyết toán kinh phí năm 2022" \
	"$(sql "SELECT text FROM duty WHERE id = 'kt-1'")"
expect_eq "status still kept" "2|ghi chú" "$(status vp-2)"

begin_test "a file new or of another size is hashed as it is read, byte order mark and all"
setup
# A new file was just loaded; another size now, and a byte order mark.
python3 -c "import sys; p=sys.argv[1]; s=open(p,'rb').read(); open(p,'wb').write(b'\xef\xbb\xbf' + s.replace('Quyết toán kinh phí năm 2021'.encode(), 'Quyết toán kinh phí cả năm 2021'.encode()))" "$PLANS/small.yaml"
kh sync
expect_exit 0
expect_contains "another size: loaded" "$OUT" "small.yaml"
expect_eq "…the edit written" "Quyết toán kinh phí cả năm 2021" \
	"$(sql "SELECT text FROM duty WHERE id = 'kt-1'")"
expect_eq "…and a hash kept" "32" "$(sql "SELECT length(hash) FROM plan_file WHERE path LIKE '%/small.yaml'")"
gen=$(sql "SELECT gen FROM plan WHERE id = 'thu-nghiem'")
# Touched: the same size, so hashed by reading the file: the same hash.
touch -d '2030-01-01 00:00' "$PLANS/small.yaml"
kh sync
expect_exit 0
expect_eq "touched: nothing loaded" "" "$OUT"
expect_eq "…not written again" "$gen" "$(sql "SELECT gen FROM plan WHERE id = 'thu-nghiem'")"
# A file refused keeps no hash of the part read; fixed, it loads.
printf 'kehoach: 1\nplan: [\n' >>"$PLANS/small.yaml"
kh sync
expect_exit 1
kh sync
expect_exit 1
python3 -c "import sys; p=sys.argv[1]; s=open(p,'rb').read(); open(p,'wb').write(s[:s.rindex(b'kehoach: 1')])" "$PLANS/small.yaml"
kh sync
expect_exit 0
touch -d '2031-01-01 00:00' "$PLANS/small.yaml"
kh sync
expect_eq "fixed, then touched: nothing loaded" "" "$OUT"

begin_test "editing a duty's text or dates keeps its state and note"
setup
kh --today 2022-01-26 done vp-1 --note "trao quà xong" --on 2022-01-24
kh --today 2022-01-26 start chung-1@kt --note "kt đang làm"
edit "$PLANS/small.yaml" 's.replace("Chuẩn bị quà Tết cho cán bộ hưu trí", "Chuẩn bị và trao quà Tết cho cán bộ hưu trí")'
edit "$PLANS/small.yaml" 's.replace("Kiểm tra công tác trực Tết", "Kiểm tra công tác trực Tết Nhâm Dần")'
edit "$PLANS/small.yaml" 's.replace("due: 2022-01-25", "due: 2022-01-27")'
kh sync
expect_exit 0
expect_eq "vp-1 new text" "Chuẩn bị và trao quà Tết cho cán bộ hưu trí" "$(row vp-1 text)"
expect_eq "vp-1 new due" "2022-01-27" "$(row vp-1 due)"
expect_eq "vp-1 still done" "done" "$(row vp-1 state)"
expect_eq "vp-1 note kept" "trao quà xong" "$(row vp-1 note)"
expect_eq "vp-1 done day kept" "2022-01-24" "$(row vp-1 done_on)"
expect_eq "chung-1@kt still doing" "doing" "$(row chung-1@kt state)"
expect_eq "chung-1@kt note kept" "kt đang làm" "$(row chung-1@kt note)"
expect_eq "chung-1@kt new text" "Kiểm tra công tác trực Tết Nhâm Dần" "$(row chung-1@kt text)"
expect_eq "history untouched" "2" "$(sql "SELECT count(*) FROM history")"

begin_test "a duty removed and re-added comes back with its status and history"
setup
kh --today 2022-01-26 done kt-1 --note "đã quyết toán" --on 2022-01-19
cp "$PLANS/small.yaml" good.yaml
edit "$PLANS/small.yaml" 's.replace("""      - id: kt-1
        text: "Quyết toán kinh phí năm 2021"
        due: 2022-01-20
""", "")'
kh sync
expect_exit 0
expect_eq "kt-1 gone from list" "<absent>" "$(row kt-1 state)"
kh --today 2022-01-26 units --format json
expect_eq "kt counts 2 duties" "2" "$(jq_py '[u["total"] for u in d if u["unit"] == "kt"][0]')"
kh history --format json
expect_eq "its history is kept" "kt-1 done" "$(jq_py '" ".join(r["id"] + " " + r["new"] for r in d)')"
kh done kt-1
expect_exit 1 "a removed duty cannot be marked"
cp good.yaml "$PLANS/small.yaml"
touch "$PLANS/small.yaml"
kh sync
expect_exit 0
expect_eq "kt-1 back, done" "done" "$(row kt-1 state)"
expect_eq "kt-1 note back" "đã quyết toán" "$(row kt-1 note)"
expect_eq "kt-1 done day back" "2022-01-19" "$(row kt-1 done_on)"
kh history kt-1 --format json
expect_exit 0
expect_eq "kt-1 history back" "1" "$(jq_py 'len(d)')"
kh undo
expect_exit 0 "its change can still be undone"
expect_eq "undone" "0|<null>" "$(status kt-1)"

begin_test "a plan file removed retires its plan; restored, its status is back"
setup
kh --today 2022-01-26 done vp-2 --note "báo cáo đã gửi"
kh --today 2022-01-26 done chung-1@vp
mv "$PLANS/small.yaml" small.yaml.saved
kh sync
expect_exit 0
expect_match "sync says the plan is retired" "$OUT" 'small\.yaml: .*thu-nghiem'
kh --today 2022-01-26 list --format json
expect_eq "only the other plan is listed" "thuong-xuyen" \
	"$(jq_py '" ".join(sorted(set(r["plan"] for r in d)))')"
kh --today 2022-01-26 units --format json
expect_eq "units: only the other plan" "tccb" "$(jq_py '" ".join(u["unit"] for u in d)')"
kh --today 2022-01-26 list --plan thu-nghiem
expect_eq "--plan of a retired plan: nothing" "" "$OUT"
kh history --format json
expect_eq "history kept" "2" "$(jq_py 'len(d)')"
mv small.yaml.saved "$PLANS/small.yaml"
kh sync
expect_exit 0
expect_match "loaded again" "$OUT" 'small\.yaml: loaded plan thu-nghiem$'
expect_eq "vp-2 status back" "done" "$(row vp-2 state)"
expect_eq "vp-2 note back" "báo cáo đã gửi" "$(row vp-2 note)"
expect_eq "chung-1@vp back" "done" "$(row chung-1@vp state)"
expect_eq "chung-1@kt todo" "todo" "$(row chung-1@kt state)"

begin_test "a plan file renamed keeps its plan and status"
setup
kh --today 2022-01-26 done vp-2 --note "đã gửi"
mv "$PLANS/small.yaml" "$PLANS/ke-hoach-tet.yaml"
kh sync
expect_exit 0 "sync after a rename"
expect_eq "vp-2 still listed and done" "done" "$(row vp-2 state)"
kh sync
expect_exit 0 "sync again after a rename"
expect_eq "vp-2 still listed and done" "done" "$(row vp-2 state)"
expect_eq "note kept" "đã gửi" "$(row vp-2 note)"

begin_test "a file whose plan id changes: the old plan retires, the new one loads"
setup
edit "$PLANS/small.yaml" 's.replace("  id: thu-nghiem", "  id: thu-nghiem-moi")'
kh sync
expect_exit 0
kh --today 2022-01-26 list --format json
expect_eq "plans now" "thu-nghiem-moi thuong-xuyen" \
	"$(jq_py '" ".join(sorted(set(r["plan"] for r in d)))')"

begin_test "duplicate plan ids in two files: the second is refused until the first goes"
setup
kh --today 2022-01-26 done vp-1 --note "bản gốc"
before=$(db_dump)
sed 's/"Chuẩn bị quà Tết cho cán bộ hưu trí"/"Bản sao"/' "$PLANS/small.yaml" >"$PLANS/z-copy.yaml"
kh sync
expect_exit 1 "a second file with the same plan id"
expect_match "names the second file and the id line" "$ERR" 'z-copy\.yaml:7:[0-9]+: '
expect_eq "database unchanged" "$before" "$(db_dump)"
expect_eq "the first file's text stays" "Chuẩn bị quà Tết cho cán bộ hưu trí" "$(row vp-1 text)"
rm "$PLANS/small.yaml"
kh sync
expect_exit 0 "once the first file is gone, the second loads"
expect_eq "the second file's text" "Bản sao" "$(row vp-1 text)"
expect_eq "status follows the plan id" "done" "$(row vp-1 state)"

begin_test "moving a duty to another unit keeps its status"
setup
kh --today 2022-01-26 done kt-2 --note "chuyển sang VP"
edit "$PLANS/small.yaml" 's.replace("""      - id: kt-2
        text: "Theo dõi thu chi dịp lễ"
        phase: before
        refs: ["Thông tư số 01/2022/TT-BTC"]
        with: [vp]
""", "").replace("""      - id: vp-3
""", """      - id: kt-2
        text: "Theo dõi thu chi dịp lễ"
        phase: before
      - id: vp-3
""")'
kh sync
expect_exit 0
expect_eq "kt-2 now done by vp" "vp" "$(row kt-2 unit)"
expect_eq "kt-2 still done" "done" "$(row kt-2 state)"
expect_eq "kt-2 note kept" "chuyển sang VP" "$(row kt-2 note)"
kh --today 2022-01-26 list --unit kt --format json
expect_eq "no longer kt's" "chung-1@kt kt-1" "$(jq_py '" ".join(sorted(r["name"] for r in d))')"
kh --today 2022-01-26 units --format json
expect_eq "vp counts it: 5 total, 1 done" "5 1" \
	"$(jq_py '[str(u["total"]) + " " + str(u["done"]) for u in d if u["unit"] == "vp"][0]')"

begin_test "removing a member from a group retires that member's assignment"
setup
kh --today 2022-01-26 done chung-1@kt --note "kt xong"
kh --today 2022-01-26 start chung-1@vp --note "vp đang làm"
edit "$PLANS/small.yaml" 's.replace("members: [vp, kt]", "members: [vp]")'
kh sync
expect_exit 0
expect_eq "chung-1@kt gone" "<absent>" "$(row chung-1@kt state)"
expect_eq "chung-1@vp kept" "doing" "$(row chung-1@vp state)"
expect_eq "chung-1@vp note kept" "vp đang làm" "$(row chung-1@vp note)"
expect_eq "kt's assignment retired, not deleted" "1|2|kt xong" \
	"$(sql "SELECT a.retired || '|' || a.state || '|' || a.note FROM assignment a JOIN duty d ON d.key = a.duty_key JOIN unit u ON u.key = a.unit_key WHERE d.id = 'chung-1' AND u.id = 'kt'")"
kh done chung-1@kt
expect_exit 1 "kt's share can no longer be marked"
kh --today 2022-01-26 units --format json
expect_eq "group counts one member" "1" "$(jq_py '[u["total"] for u in d if u["unit"] == "nhom"][0]')"
expect_eq "kt counts 2" "2" "$(jq_py '[u["total"] for u in d if u["unit"] == "kt"][0]')"
expect_eq "members listed" "vp" "$(jq_py '[u["members"] for u in d if u["unit"] == "nhom"][0]')"
edit "$PLANS/small.yaml" 's.replace("members: [vp]", "members: [vp, kt]")'
kh sync
expect_exit 0
expect_eq "member back: its status back" "done" "$(row chung-1@kt state)"
expect_eq "member back: its note back" "kt xong" "$(row chung-1@kt note)"

begin_test "plan text in NFD is stored as NFC"
nfd "$(cat "$CLI_DATA/small.yaml")" >"$PLANS/small.yaml"
kh sync
expect_exit 0
want=$(hex "Chuẩn bị quà Tết cho cán bộ hưu trí")
expect_eq "duty text stored NFC" "$want" "$(hex "$(sql "SELECT text FROM duty WHERE id = 'vp-1'")")"
expect_eq "unit name stored NFC" "$(hex "Phòng Kế toán")" "$(hex "$(sql "SELECT name FROM unit WHERE id = 'kt'")")"
expect_eq "plan title stored NFC" "$(hex "Kế hoạch thử nghiệm trước, trong và sau Tết")" \
	"$(hex "$(sql "SELECT title FROM plan WHERE id = 'thu-nghiem'")")"
expect_eq "NFC search finds it" "vp-1" "$(kh list --search "quà Tết" --format tsv; printf '%s' "$OUT" | cut -f4)"

begin_test "a plan saved with a BOM and CRLF line ends syncs"
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$CLI_DATA/small.yaml"; } >"$PLANS/small.yaml"
kh sync
expect_exit 0
expect_eq "its duties are loaded" "7" "$(sql "SELECT count(*) FROM assignment WHERE retired = 0")"
expect_eq "no CR kept in the text" "Chuẩn bị quà Tết cho cán bộ hưu trí" \
	"$(sql "SELECT text FROM duty WHERE id = 'vp-1'")"

begin_test "a file that never loaded leaves nothing behind"
setup
before=$(db_dump)
{ printf 'kehoach: 1\nplan:\n  id: moi\n  title: "x"\n  issuer: "y"\nunits:\n  - id: a\n    name: "A\xff"\n'; } >"$PLANS/moi.yaml"
kh sync
expect_exit 1
expect_match "invalid UTF-8 at line 8" "$ERR" 'moi\.yaml:8:[0-9]+: '
expect_eq "database unchanged" "$before" "$(db_dump)"
expect_eq "no plan moi" "0" "$(sql "SELECT count(*) FROM plan WHERE id = 'moi'")"
rm "$PLANS/moi.yaml"
kh sync
expect_exit 0 "the broken file removed"

# ---------------------------------------------------------------------------
# Re-syncing a changed file writes only the duties whose content changed
# (a hash per duty, stored): the others keep the generation of the sync
# that last wrote them.

# gens: "id:gen" of every duty of plan thu-nghiem, in file order.
gens() {
	sql "SELECT group_concat(d.id || ':' || d.gen, ' ') FROM (SELECT d.id, d.gen
	     FROM duty d JOIN plan p ON p.key = d.plan_key
	     WHERE p.id = 'thu-nghiem' ORDER BY d.ord) d"
}

begin_test "re-sync after one duty's text changed: that duty alone is written"
setup
kh --today 2022-01-26 done vp-1 --note "đã mua quà"
expect_exit 0
expect_eq "first sync wrote every duty" "chung-1:1 vp-1:1 vp-2:1 vp-3:1 kt-1:1 kt-2:1" "$(gens)"
edit "$PLANS/small.yaml" 's.replace("Báo cáo kết quả thực hiện kế hoạch", "Báo cáo kết quả thực hiện kế hoạch năm")'
kh sync
expect_exit 0
expect_eq "only vp-2 rewritten" "chung-1:1 vp-1:1 vp-2:2 vp-3:1 kt-1:1 kt-2:1" "$(gens)"
expect_eq "its new text" "Báo cáo kết quả thực hiện kế hoạch năm" "$(row vp-2 text)"
expect_eq "the mark of an untouched duty kept" "2|đã mua quà" "$(status vp-1)"
expect_eq "nothing retired" "0" "$(sql "SELECT count(*) FROM duty WHERE retired = 1")"
expect_eq "every assignment current" "9" "$(sql "SELECT count(*) FROM assignment WHERE retired = 0")"

begin_test "re-sync after a phase moved: the duties whose deadline moved are written"
setup
edit "$PLANS/small.yaml" 's.replace("after: { from: 2022-02-07, to: 2022-02-15 }", "after: { from: 2022-02-07, to: 2022-02-17 }")'
kh sync
expect_exit 0
expect_eq "only vp-2 (phase after) rewritten" "chung-1:1 vp-1:1 vp-2:2 vp-3:1 kt-1:1 kt-2:1" "$(gens)"
expect_eq "its new deadline" "2022-02-17" "$(row vp-2 due)"

begin_test "re-sync after a duty was added at the top: the others only move"
setup
edit "$PLANS/small.yaml" 's.replace("    duties:\n      # deadline: end of phase during", "    duties:\n      - id: chung-0\n        text: \"Họp giao ban\"\n        phase: before\n      # deadline: end of phase during", 1)'
kh sync
expect_exit 0
expect_eq "the new duty written, the others kept" \
	"chung-0:2 chung-1:1 vp-1:1 vp-2:1 vp-3:1 kt-1:1 kt-2:1" "$(gens)"
expect_eq "each in its new place" "chung-0 chung-1 vp-1 vp-2 vp-3 kt-1 kt-2" \
	"$(sql "SELECT group_concat(d.id, ' ') FROM (SELECT d.id FROM duty d JOIN plan p ON p.key = d.plan_key
	        WHERE p.id = 'thu-nghiem' ORDER BY d.ord) d")"
expect_eq "the listing follows the file" "chung-0@kt chung-1@kt kt-1 kt-2" \
	"$(kh --today 2022-01-26 list --unit kt --format tsv; printf '%s' "$OUT" | cut -f4 | tr '\n' ' ' | sed 's/ $//')"

begin_test "re-sync after a group lost a member: its duty's assignment of that member retires"
setup
kh --today 2022-01-26 done chung-1@kt
expect_exit 0
edit "$PLANS/small.yaml" 's.replace("members: [vp, kt]", "members: [vp]")'
kh sync
expect_exit 0
expect_eq "the group's duty rewritten" "chung-1:2 vp-1:1 vp-2:1 vp-3:1 kt-1:1 kt-2:1" "$(gens)"
expect_eq "kt's assignment of chung-1 retired, its mark kept" "1|2|<null>" \
	"$(sql "SELECT a.retired || '|' || a.state || '|' || coalesce(a.note, '<null>')
	        FROM assignment a JOIN duty d ON d.key = a.duty_key JOIN unit u ON u.key = a.unit_key
	        WHERE d.id = 'chung-1' AND u.id = 'kt'")"
expect_eq "vp's still current" "0" \
	"$(sql "SELECT a.retired FROM assignment a JOIN duty d ON d.key = a.duty_key JOIN unit u ON u.key = a.unit_key
	        WHERE d.id = 'chung-1' AND u.id = 'vp'")"
edit "$PLANS/small.yaml" 's.replace("members: [vp]", "members: [vp, kt]")'
kh sync
expect_exit 0
expect_eq "the member back: its assignment and mark back" "0|2" \
	"$(sql "SELECT a.retired || '|' || a.state FROM assignment a JOIN duty d ON d.key = a.duty_key
	        JOIN unit u ON u.key = a.unit_key WHERE d.id = 'chung-1' AND u.id = 'kt'")"

begin_test "re-sync after the last unit dropped its last duty: the units before passed over"
setup
kh --today 2022-01-26 done kt-2 --note "đã theo dõi"
edit "$PLANS/small.yaml" 's.replace("""      - id: kt-2
        text: "Theo dõi thu chi dịp lễ"
        phase: before
        refs: ["Thông tư số 01/2022/TT-BTC"]
        with: [vp]
        target: "Không để thất thoát"
""", "")'
kh sync
expect_exit 0
expect_contains "its marks are named" "$ERR" "kt-2"
expect_eq "vp's duties not written again" "vp-1:1 vp-2:1 vp-3:1" \
	"$(sql "SELECT group_concat(id || ':' || gen, ' ') FROM (SELECT id, gen FROM duty WHERE id LIKE 'vp-%' ORDER BY ord)")"
expect_eq "kt-2 retired, with its assignment" "1|1|2" \
	"$(sql "SELECT d.retired || '|' || a.retired || '|' || a.state FROM duty d JOIN assignment a ON a.duty_key = d.key WHERE d.id = 'kt-2'")"
expect_eq "the others current" "0" "$(sql "SELECT count(*) FROM duty WHERE retired = 1 AND id <> 'kt-2'")"

begin_test "re-sync after a duty left and came back unchanged: it revives"
setup
cp "$PLANS/small.yaml" "$TEST_ROOT/small.orig"
edit "$PLANS/small.yaml" 's.replace("      - id: vp-3\n        text: \"Học tập Nghị quyết của Đảng bộ tỉnh\"\n", "")'
kh sync
expect_exit 0
expect_eq "vp-3 retired" "1" "$(sql "SELECT retired FROM duty WHERE id = 'vp-3'")"
expect_eq "its assignment too" "1" \
	"$(sql "SELECT a.retired FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-3'")"
cp "$TEST_ROOT/small.orig" "$PLANS/small.yaml"
touch -d '+1 minute' "$PLANS/small.yaml"
kh sync
expect_exit 0
expect_eq "vp-3 current again" "0|0" \
	"$(sql "SELECT d.retired || '|' || a.retired FROM assignment a JOIN duty d ON d.key = a.duty_key WHERE d.id = 'vp-3'")"
expect_eq "listed" "Học tập Nghị quyết của Đảng bộ tỉnh" "$(row vp-3 text)"

# ---------------------------------------------------------------------------
# A file of a few megabytes is parsed on a thread of its own while the sync
# writes what was read: the same plan, the same errors, nothing half-written.

# big_plan FILE UNITS: writes a valid plan of UNITS units × 40 duties (about
# 7 kB a unit), a group first whose members come last.
big_plan() {
	cat >"$TEST_ROOT/big_plan.py" <<'EOF'
import sys
path, units = sys.argv[1], int(sys.argv[2])
out = ["kehoach: 1", "plan:", "  id: lon", '  title: "Kế hoạch lớn"',
       '  issuer: "Sở Nội vụ"', "  tet: 2022", "  from: 2022-01-10", "  to: 2022-02-20", "units:",
       "  - id: nhom", '    name: "Nhóm"', "    members: [d%04d, d%04d]" % (units - 2, units - 1),
       "    duties:", "      - id: nhom-1", '        text: "Việc chung của nhóm"']
for u in range(units):
    out += ["  - id: d%04d" % u, '    name: "Đơn vị %d"' % u, "    duties:"]
    for d in range(40):
        # One unit in fifty has a duty due relative to Tết (2022-02-01):
        # its duties wait for the end of the file.
        due = "tet-3" if u % 50 == 7 and d == 0 else "2022-02-%02d" % (1 + d % 20)
        out += ["      - id: d%04d-%02d" % (u, d),
                '        text: "Triển khai nhiệm vụ số %d của đơn vị %d trước, trong và sau Tết Nguyên đán, bảo đảm an toàn"' % (d, u),
                "        due: " + due]
open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")
EOF
	python3 "$TEST_ROOT/big_plan.py" "$1" "$2"
}

begin_test "a plan of several megabytes loads whole, its group's duty assigned to members read last"
big_plan "$PLANS/lon.yaml" 300
expect_eq "the file is large enough to be read on a thread" "yes" \
	"$([ "$(stat -c %s "$PLANS/lon.yaml")" -gt 2000000 ] && echo yes)"
kh sync
expect_exit 0
expect_eq "every duty" "12001" "$(sql "SELECT count(*) FROM duty WHERE retired = 0")"
expect_eq "every assignment" "12002" "$(sql "SELECT count(*) FROM assignment WHERE retired = 0")"
expect_eq "the group's duty, to its two members" "d0298 d0299" \
	"$(sql "SELECT group_concat(u.id, ' ') FROM (SELECT u.id FROM assignment a JOIN duty d ON d.key = a.duty_key
	        JOIN unit u ON u.key = a.unit_key WHERE d.id = 'nhom-1' ORDER BY u.id) u")"
expect_eq "in file order" "nhom-1 d0000-00 d0000-01" \
	"$(sql "SELECT group_concat(id, ' ') FROM (SELECT id FROM duty ORDER BY ord LIMIT 3)")"
expect_eq "a duty due tet-3, its date known at the end" "2022-01-29" "$(row d0007-00 due)"
expect_eq "its unit's others" "2022-02-02" "$(row d0007-01 due)"
kh check "$PLANS/lon.yaml"
expect_contains "the whole file checks" "$OUT" "plan lon, 301 units, 12001 duties, 12002"

begin_test "a plan of several megabytes broken near its end: refused, nothing written"
big_plan "$PLANS/lon.yaml" 300
printf '  - id: d0299\n    name: "Trùng mã"\n' >>"$PLANS/lon.yaml"
kh sync
expect_exit 1
want_line=$(grep -n '^  - id: d0299$' "$PLANS/lon.yaml" | tail -n 1 | cut -d: -f1)
expect_match "the duplicate unit, at its line" "$ERR" "lon\.yaml:$want_line:[0-9]+: .*d0299"
expect_eq "nothing written" "0" "$(sql "SELECT count(*) FROM duty")"
kh check "$PLANS/lon.yaml"
expect_contains "check says the same first" "$ERR" "lon.yaml:$want_line:"

# The checks of a plan read as it is stored keep the ids of the duties
# already let go, and their `with` and `was`, in a temporary database
# (store_check.c): a duplicate far from its first, and a rename that names
# a duty still there, are found as in a plan loaded whole.
begin_test "a plan of several megabytes, a duty id used again near its end: refused, both lines named"
big_plan "$PLANS/lon.yaml" 300
first_line=$(grep -n '^      - id: d0005-01$' "$PLANS/lon.yaml" | cut -d: -f1)
printf '  - id: cuoi\n    name: "Đơn vị cuối"\n    duties:\n      - id: d0005-01\n        text: "Trùng mã việc"\n' \
	>>"$PLANS/lon.yaml"
again_line=$(grep -n '^      - id: d0005-01$' "$PLANS/lon.yaml" | tail -n 1 | cut -d: -f1)
kh sync
expect_exit 1
expect_match "the second use, at its line, naming the first" "$ERR" \
	"lon\.yaml:$again_line:[0-9]+: .*d0005-01.*$first_line"
expect_eq "nothing written" "0" "$(sql "SELECT count(*) FROM duty")"

begin_test "a plan of several megabytes, a rename near its end naming a duty still there: refused"
big_plan "$PLANS/lon.yaml" 300
printf '  - id: cuoi\n    name: "Đơn vị cuối"\n    duties:\n      - id: moi-1\n        text: "Việc đổi mã"\n        was: [d0003-02]\n' \
	>>"$PLANS/lon.yaml"
still_line=$(grep -n '^      - id: d0003-02$' "$PLANS/lon.yaml" | cut -d: -f1)
kh sync
expect_exit 1
expect_match "the rename, naming the line of the duty still there" "$ERR" "d0003-02.*$still_line"
expect_eq "nothing written" "0" "$(sql "SELECT count(*) FROM duty")"

begin_test "a plan of several megabytes with a syntax error half-way: refused, nothing written"
big_plan "$PLANS/lon.yaml" 300
sed -i '6001s/.*/        text: [khong, dong/' "$PLANS/lon.yaml"
kh sync
expect_exit 1
expect_match "the syntax error, near its line" "$ERR" 'lon\.yaml:600[0-9]:[0-9]+: '
expect_eq "nothing written" "0" "$(sql "SELECT count(*) FROM duty")"

# ---------------------------------------------------------------------------
# New duties and their assignments are inserted several rows a statement
# (store_sync.c, flush_inserts): batches of up to 64, cut in powers of two.

# batch_plan FILE DUTIES: unit lon with DUTIES duties (due in turn on
# 2022-02-01 … 2022-02-20), 70 units of one duty each, then a group of
# those 70 with two duties.
batch_plan() {
	python3 - "$1" "$2" <<'EOF'
import sys
path, duties = sys.argv[1], int(sys.argv[2])
out = ["kehoach: 1", "plan:", "  id: lo", '  title: "Kế hoạch lô"', '  issuer: "Sở Nội vụ"',
       "  from: 2022-01-10", "  to: 2022-02-20", "units:",
       "  - id: lon", '    name: "Đơn vị lớn"', "    duties:"]
for d in range(duties):
    out += ["      - id: lon-%03d" % d, '        text: "Việc lon-%03d"' % d,
            "        due: 2022-02-%02d" % (1 + d % 20)]
for m in range(70):
    out += ["  - id: m%02d" % m, '    name: "Thành viên %d"' % m, "    duties:",
            "      - id: m%02d-1" % m, '        text: "Việc m%02d-1"' % m, "        due: 2022-02-10"]
out += ["  - id: nhom", '    name: "Nhóm"',
        "    members: [%s]" % ", ".join("m%02d" % m for m in range(70)), "    duties:"]
for g in range(2):
    out += ["      - id: nhom-%d" % g, '        text: "Việc nhom-%d"' % g, "        due: 2022-02-15"]
open(path, "w", encoding="utf-8").write("\n".join(out) + "\n")
EOF
}

# expect_batch_rows DUTIES: every duty of plan lo is its own row, in file
# order, and each assignment is of its own duty and unit.
expect_batch_rows() {
	expect_eq "every duty" "$(($1 + 72))" "$(sql "SELECT count(*) FROM duty WHERE retired = 0")"
	expect_eq "every assignment" "$(($1 + 70 + 140))" \
		"$(sql "SELECT count(*) FROM assignment WHERE retired = 0")"
	expect_eq "each duty's text is its own" "0" \
		"$(sql "SELECT count(*) FROM duty WHERE text <> 'Việc ' || id")"
	expect_eq "in file order" "0" \
		"$(sql "SELECT count(*) FROM (SELECT id, row_number() OVER (ORDER BY ord) - 1 AS n FROM duty)
		        WHERE id <> CASE WHEN n < $1 THEN printf('lon-%03d', n)
		                    WHEN n < $1 + 70 THEN printf('m%02d-1', n - $1)
		                    ELSE printf('nhom-%d', n - $1 - 70) END")"
	expect_eq "a unit's duty assigned to the unit, due when it says" "0" \
		"$(sql "SELECT count(*) FROM assignment a JOIN duty d ON d.key = a.duty_key
		        JOIN unit o ON o.key = d.owner_key
		        WHERE NOT o.is_group AND (a.unit_key <> o.key OR a.slot <> 0 OR a.deadline IS NOT d.due)")"
	expect_eq "the group's duties, each to its 70 members" "nhom-0:70:m00:m69 nhom-1:70:m00:m69" \
		"$(sql "SELECT group_concat(x, ' ') FROM (SELECT d.id || ':' || count(*) || ':' || min(u.id) || ':' || max(u.id) AS x
		        FROM assignment a JOIN duty d ON d.key = a.duty_key JOIN unit u ON u.key = a.unit_key
		        WHERE d.id LIKE 'nhom-%' AND a.slot = u.key GROUP BY d.id ORDER BY d.id)")"
}

begin_test "new duties and assignments inserted in batches: each row its own, in order"
batch_plan "$PLANS/lo.yaml" 150
kh sync
expect_exit 0
expect_batch_rows 150
kh --today 2022-02-05 done lon-149 --note "xong"
expect_exit 0
# Seventy more (a re-sync: the lookups of known duties come between them).
batch_plan "$PLANS/lo.yaml" 220
kh sync
expect_exit 0
expect_batch_rows 220
expect_eq "the first sync's duties kept as they were" "0" \
	"$(sql "SELECT count(*) FROM duty WHERE id < 'lon-150' AND id LIKE 'lon-%' AND gen <> 1")"
expect_eq "their marks too" "2|xong" "$(sql "SELECT a.state || '|' || a.note FROM assignment a
	JOIN duty d ON d.key = a.duty_key WHERE d.id = 'lon-149'")"

summary
