#!/bin/bash
# The repository's plans (plans/*.yaml, transcribed from real documents):
# they sync; the Hà Tĩnh Tết plan has 43 assignments over 7 units (a group
# of 6 members and the 6 members); its deadlines replay as the plan says;
# the Thái Bình January duties can all be marked done, by PLAN/ID where the
# February plan reuses their ids.
source "$(dirname "$0")/lib.sh" "$@"

HT=stttt-ht-tet-2022
TB1=stttt-tb-2022-01
TB2=stttt-tb-2022-02

setup() {
	cp "$REPO_PLANS"/*.yaml "$PLANS/"
	kh sync
}

# ---------------------------------------------------------------------------
begin_test "the repository's plans sync"
setup
expect_exit 0
expect_eq "nothing on stderr" "" "$ERR"
expect_match "Hà Tĩnh loaded" "$OUT" "ha-tinh-tet-2022\\.yaml: loaded plan $HT\$"
expect_match "Thái Bình January loaded" "$OUT" "thai-binh-2022-01\\.yaml: loaded plan $TB1\$"
expect_match "Thái Bình February loaded" "$OUT" "thai-binh-2022-02\\.yaml: loaded plan $TB2\$"
expect_eq "three plans" "3" "$(sql "SELECT count(*) FROM plan WHERE retired = 0")"
expect_eq "73 assignments in all" "73" "$(sql "SELECT count(*) FROM assignment WHERE retired = 0")"
kh sync
expect_exit 0 "a second sync"
expect_eq "a second sync loads nothing" "" "$OUT"

begin_test "Hà Tĩnh: 43 assignments, 7 units, the group and its 6 members"
setup
kh --today 2022-01-25 list --plan "$HT" --format json
expect_exit 0
expect_json "list --plan $HT --format json" "$OUT"
expect_eq "43 entries" "43" "$(jq_py 'len(d)')"
expect_eq "all of plan $HT" "$HT" "$(jq_py '" ".join(sorted(set(r["plan"] for r in d)))')"
expect_eq "23 distinct duties" "23" "$(jq_py 'len(set(r["id"] for r in d))')"
expect_eq "24 group assignments (4 duties × 6 members)" "24" \
	"$(jq_py 'sum(1 for r in d if r["owner"] == "cac-phong")')"
expect_eq "chung-1 for each member" "chung-1@bcvt chung-1@cntt chung-1@tt chung-1@ttbcxb chung-1@ttcntt chung-1@vp" \
	"$(jq_py '" ".join(sorted(r["name"] for r in d if r["id"] == "chung-1"))')"
expect_eq "vp-1 is due 2022-01-28" "2022-01-28" "$(jq_py '[r["due"] for r in d if r["id"] == "vp-1"][0]')"
expect_eq "chung-2 ends with phase before, 2022-01-29" "2022-01-29" \
	"$(jq_py '[r["due"] for r in d if r["id"] == "chung-2"][0]')"
expect_eq "ttcntt-1 ends with phase during, 2022-02-05" "2022-02-05" \
	"$(jq_py '[r["due"] for r in d if r["id"] == "ttcntt-1"][0]')"
expect_eq "vp-2 (no phase) ends with the plan, 2022-02-15" "2022-02-15" \
	"$(jq_py '[r["due"] for r in d if r["id"] == "vp-2"][0]')"
kh --today 2022-01-25 units --plan "$HT" --format json
expect_exit 0
expect_json "units --plan $HT --format json" "$OUT"
expect_eq "7 units" "7" "$(jq_py 'len(d)')"
expect_eq "the units in file order" "cac-phong vp tt ttcntt cntt bcvt ttbcxb" \
	"$(jq_py '" ".join(u["unit"] for u in d)')"
expect_eq "one group: cac-phong" "cac-phong" "$(jq_py '" ".join(u["unit"] for u in d if u["group"])')"
expect_eq "its 6 members" "vp, tt, ttcntt, cntt, bcvt, ttbcxb" \
	"$(jq_py '[u["members"] for u in d if u["group"]][0]')"
expect_eq "group total 24" "24" "$(jq_py '[u["total"] for u in d if u["group"]][0]')"
expect_eq "member totals add up to 43" "43" "$(jq_py 'sum(u["total"] for u in d if not u["group"])')"
expect_eq "vp: 4 of the group + 4 of its own" "8" "$(jq_py '[u["total"] for u in d if u["unit"] == "vp"][0]')"
kh --today 2022-01-25 units --plan "$HT"
expect_match "text: the group line" "$OUT" \
	'^ +cac-phong +24 total +0 done +0 overdue +Các phòng, Trung tâm CNTT và Truyền thông \(group: vp, tt, ttcntt, cntt, bcvt, ttbcxb\)$'
expect_lines "text: a heading and 7 units" 8 "$OUT"

begin_test "Hà Tĩnh replayed: nothing overdue on 2022-01-25, all 43 on 2022-02-20"
setup
overdue_count() {
	kh --today "$1" list --plan "$HT" --overdue --format json
	jq_py 'len(d)'
}
expect_eq "2022-01-25" "0" "$(overdue_count 2022-01-25)"
expect_eq "2022-01-28 (vp-1 due that day)" "0" "$(overdue_count 2022-01-28)"
expect_eq "2022-01-29: vp-1" "1" "$(overdue_count 2022-01-29)"
expect_eq "2022-01-30: vp-1 and chung-2 × 6" "7" "$(overdue_count 2022-01-30)"
expect_eq "2022-02-06: and the 2 'during' duties" "9" "$(overdue_count 2022-02-06)"
expect_eq "2022-02-15: the plan's last day" "9" "$(overdue_count 2022-02-15)"
expect_eq "2022-02-16" "43" "$(overdue_count 2022-02-16)"
expect_eq "2022-02-20" "43" "$(overdue_count 2022-02-20)"
kh --today 2022-01-25 units --plan "$HT" --format json
expect_eq "units on 2022-01-25: no overdue" "0" "$(jq_py 'sum(u["overdue"] for u in d)')"
kh --today 2022-02-20 units --plan "$HT" --format json
expect_eq "units on 2022-02-20: every member's all overdue" "43" \
	"$(jq_py 'sum(u["overdue"] for u in d if not u["group"])')"
expect_eq "units on 2022-02-20: the group's 24" "24" \
	"$(jq_py '[u["overdue"] for u in d if u["group"]][0]')"
KEHOACH_TODAY=2022-02-20 kh list --plan "$HT" --overdue --format tsv
expect_lines "KEHOACH_TODAY=2022-02-20: 43 overdue" 43 "$OUT"
kh --today 2022-01-25 list --plan "$HT" --due-within 3 --format json
expect_eq "due within 3 days of 2022-01-25: vp-1 (01-28)" "vp-1" \
	"$(jq_py '" ".join(sorted(r["name"] for r in d))')"

begin_test "Thái Bình January: every duty marked done"
setup
kh --today 2022-01-31 list --plan "$TB1" --format json
expect_eq "24 duties" "24" "$(jq_py 'len(d)')"
names=$(jq_py '"\n".join(r["name"] for r in d)')
expect_eq "ids shared with February are named PLAN/ID" \
	"$TB1/cntt-vt-1 $TB1/cntt-vt-2 $TB1/cntt-vt-3 $TB1/ttbc-xb-bc-1 $TB1/ttbc-xb-bc-2 $TB1/ttbc-xb-bc-3" \
	"$(printf '%s\n' "$names" | grep / | sort | tr '\n' ' ' | sed 's/ $//')"
kh --today 2022-01-31 done cntt-vt-1
expect_exit 1 "the bare shared id is refused"
expect_contains "it names both plans" "$ERR" "$TB2/cntt-vt-1"
failed=0
while IFS= read -r name; do
	kh --today 2022-01-31 done "$name" --on 2022-01-31 --note "Đã thực hiện"
	if [[ $RC != 0 ]]; then
		failed=$((failed + 1))
		fail "done $name" "exit 0" "exit $RC: $ERR"
	fi
done <<<"$names"
expect_eq "all 24 marked without error" "0" "$failed"
kh --today 2022-02-05 list --plan "$TB1" --status done --format json
expect_eq "24 done" "24" "$(jq_py 'len(d)')"
expect_eq "all done on 2022-01-31" "2022-01-31" "$(jq_py '" ".join(sorted(set(r["done_on"] for r in d)))')"
kh --today 2022-02-05 list --plan "$TB1" --overdue --format json
expect_eq "January: nothing overdue in February" "0" "$(jq_py 'len(d)')"
kh --today 2022-02-05 list --plan "$TB2" --format json
expect_eq "February untouched: 6 todo" "todo" "$(jq_py '" ".join(sorted(set(r["state"] for r in d)))')"
kh --today 2022-02-05 units --plan "$TB1" --format json
expect_eq "units: done == total for every January unit" "11/11 10/10 3/3" \
	"$(jq_py '" ".join("%d/%d" % (u["done"], u["total"]) for u in d)')"
expect_eq "24 history rows by this user" "24|$OS_USER" \
	"$(sql "SELECT count(*) || '|' || group_concat(DISTINCT user) FROM history")"
kh --today 2022-02-05 list --plan "$HT" --status done --format json
expect_eq "Hà Tĩnh untouched" "0" "$(jq_py 'len(d)')"

begin_test "search across the real plans"
setup
kh --today 2022-01-25 list --search log4shell --format json
expect_eq "log4shell finds Log4shell" "cntt-vt-9" "$(jq_py '" ".join(r["name"] for r in d)')"
kh --today 2022-01-25 list --search "tet trong cay" --format json
expect_eq "'tet trong cay' finds “Tết trồng cây” (vp-4, ttbcxb-2)" "ttbcxb-2 vp-4" "$(jq_py '" ".join(sorted(r["name"] for r in d))')"
kh --today 2022-01-25 list --search "chuyen doi so" --plan "$TB1" --format json
expect_eq "'chuyen doi so' in January" "cntt-vt-4 cntt-vt-7 $TB1/cntt-vt-1" \
	"$(jq_py '" ".join(sorted(r["name"] for r in d))')"

summary
