#!/bin/bash
# kehoach brief: a word at login. For the user running it, the overdue
# and due-soon duties of the units they head (every unit for the office,
# none for a stranger) in at most three lines; nothing when there is
# nothing; the database never written, not even synced; and whatever
# goes wrong, silence and exit 0 (--verbose says why).
source "$(dirname "$0")/lib.sh" "$@"

ME=$(id -un)

# A plan of two units; as of 2024-01-22: vp-1 and tt-1 overdue, vp-2 and
# tt-2 due soon (within 3 days), vp-3 later, vp-4 done.
write_plan() {
	cat >"$PLANS/brief.yaml" <<'YAML'
kehoach: 1
plan:
  id: brief
  title: "Kế hoạch thử"
  issuer: "Sở"
  from: 2024-01-01
  to: 2024-03-01
units:
  - id: vp
    name: "Văn phòng Sở"
    duties:
      - { id: vp-1, text: "Trực Tết", due: 2024-01-15 }
      - { id: vp-2, text: "Báo cáo", due: 2024-01-23 }
      - { id: vp-3, text: "Tổng kết", due: 2024-02-20 }
      - { id: vp-4, text: "Đã xong", due: 2024-01-10 }
  - id: tt
    name: "Thanh tra Sở"
    duties:
      - { id: tt-1, text: "Kiểm tra", due: 2024-01-20 }
      - { id: tt-2, text: "Thanh tra", due: 2024-01-24 }
YAML
	kh sync
	kh --today 2024-01-09 done vp-4
}

# with_heads HEADS OFFICE: a configuration naming who heads what.
with_heads() {
	cat >"$T/kehoach.yaml" <<YAML
heads:
  $1
office: [$2]
YAML
}

database_digest() {
	cat "$DB" "$DB-wal" 2>/dev/null | sha256sum
}

# ---------------------------------------------------------------------------
begin_test "no heads set: every unit, at most three lines"
write_plan
kh --today 2024-01-22 brief
expect_exit 0
expect_eq "three lines" 3 "$(printf '%s\n' "$OUT" | wc -l)"
expect_match "the counts" "$OUT" '^kehoach: 2 overdue, 2 due soon'
expect_match "the overdue, the most late first" "$OUT" '^  Overdue: vp-1 \(7 days late\), tt-1 \(2 days late\)$'
expect_match "the due soon, the soonest first" "$OUT" '^  Due soon: vp-2 \(23/01/2024\), tt-2 \(24/01/2024\)$'
expect_eq "nothing on stderr" "" "$ERR"

# ---------------------------------------------------------------------------
begin_test "a head sees their units; the office every unit; a stranger nothing"
write_plan
with_heads "$ME: [tt]" "someone-else"
kh --config "$T/kehoach.yaml" --today 2024-01-22 brief
expect_match "the head: their unit only" "$OUT" '^kehoach: 1 overdue, 1 due soon'
expect_not_contains "not another unit's" "$OUT" "vp-1"
with_heads "someone-else: [tt]" "$ME"
kh --config "$T/kehoach.yaml" --today 2024-01-22 brief
expect_match "the office: every unit" "$OUT" '^kehoach: 2 overdue, 2 due soon'
with_heads "someone-else: [tt]" "another"
kh --config "$T/kehoach.yaml" --today 2024-01-22 brief
expect_exit 0 "a stranger"
expect_eq "a stranger: nothing" "" "$OUT"
expect_eq "a stranger: nothing on stderr" "" "$ERR"

# ---------------------------------------------------------------------------
begin_test "nothing overdue or due soon: silence"
write_plan
kh --today 2024-01-02 done vp-1 vp-2 vp-3 tt-1 tt-2
kh --today 2024-01-22 brief
expect_exit 0
expect_eq "no output" "" "$OUT"

# ---------------------------------------------------------------------------
begin_test "never writes: no sync, no database made, no change"
write_plan
before=$(database_digest)
cat >"$PLANS/new.yaml" <<'YAML'
kehoach: 1
plan: { id: moi, title: "Mới", issuer: "Sở" }
units:
  - id: vp
    name: "Văn phòng"
    duties:
      - { id: moi-1, text: "Việc mới", due: 2024-01-01 }
YAML
kh --today 2024-01-22 brief
expect_match "the new plan is not synced" "$OUT" '^kehoach: 2 overdue'
expect_eq "the database is as it was" "$before" "$(database_digest)"
kh_raw --db "$T/none/kehoach.db" --plans "$PLANS" brief
expect_exit 0 "no database"
expect_eq "no database: silence" "" "$OUT$ERR"
expect_eq "and none made" no "$([[ -e $T/none ]] && echo yes || echo no)"

# ---------------------------------------------------------------------------
# The office's counts are the units' kept counts added up, where `units`
# kept them today; the few units a mark has left without are counted on
# their own; with many more, every open deadline is counted (store_brief).
begin_test "the office of 70 units: the same counts whether units kept theirs or not"
python3 - >"$PLANS/brief.yaml" <<'EOF'
print('kehoach: 1\nplan:\n  id: brief\n  title: "Kế hoạch thử"\n  issuer: "Sở"')
print('  from: 2024-01-01\n  to: 2024-03-01\nunits:')
for u in range(70):
    print('  - id: p%02d\n    name: "Phòng %d"\n    duties:' % (u, u))
    print('      - { id: p%02d-1, text: "Quá hạn", due: 2024-01-15 }' % u)
    print('      - { id: p%02d-2, text: "Sắp đến hạn", due: 2024-01-23 }' % u)
    print('      - { id: p%02d-3, text: "Còn xa", due: 2024-02-20 }' % u)
EOF
# And a plan whose file goes: the sync retires the plan, not its rows,
# which the walk must not count (found by a review).
printf '%s\n' 'kehoach: 1' \
	'plan: { id: gone, title: "Bỏ", issuer: "Sở", from: 2024-01-01, to: 2024-03-01 }' \
	'units: [{ id: bo, name: "Phòng bỏ", duties: [{ id: bo-1, text: "Quá hạn", due: 2024-01-15 },' \
	'  { id: bo-2, text: "Sắp đến hạn", due: 2024-01-23 }] }]' >"$PLANS/gone.yaml"
kh sync
expect_exit 0
kh --today 2024-01-22 brief
expect_match "none kept, two plans: every deadline counted" "$OUT" '^kehoach: 71 [^,]*, 71 '
rm "$PLANS/gone.yaml"
kh sync
expect_exit 0
kh --today 2024-01-22 brief
expect_match "none kept: every deadline counted, none of the plan gone" "$OUT" '^kehoach: 70 [^,]*, 70 '
kh --today 2024-01-22 units
kh --today 2024-01-22 brief
expect_match "all kept: added up" "$OUT" '^kehoach: 70 [^,]*, 70 '
kh --today 2024-01-22 done p05-1
kh --today 2024-01-22 units
kh --today 2024-01-22 brief
expect_match "one unit's dropped by a mark: counted on its own" "$OUT" '^kehoach: 69 [^,]*, 70 '

# ---------------------------------------------------------------------------
begin_test "a broken database: silence and exit 0; --verbose says why"
head -c 8192 /dev/urandom >"$DB"
kh brief
expect_exit 0 "garbage"
expect_eq "garbage: silence" "" "$OUT$ERR"
kh brief --verbose
expect_exit 0 "garbage, --verbose"
expect_ne "--verbose says something" "" "$ERR"
rm -f "$DB" "$DB-wal" "$DB-shm"
write_plan
sqlite3 "$DB" "PRAGMA user_version = 4"
kh brief --verbose
expect_exit 0 "an older schema"
expect_contains "says what to do" "$ERR" "run any other kehoach command once"
mkfifo "$T/fifo.db"
kh_raw --db "$T/fifo.db" --plans "$PLANS" brief
expect_exit 0 "a FIFO for a database"

# ---------------------------------------------------------------------------
begin_test "another OS user, heads set and not among them: nothing, exit 0"
use_other_user
write_plan
with_heads "someone-else: [tt]" "another"
chmod 644 "$T/kehoach.yaml"
chmod -R a+rX "$T"
ukh --config "$T/kehoach.yaml" --today 2024-01-22 brief
expect_exit 0
expect_eq "nothing for a stranger" "" "$OUT$ERR"

summary
