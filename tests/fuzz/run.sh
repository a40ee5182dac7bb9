#!/usr/bin/env bash
# Runs one fuzzer for a short while, as a test:
#   run.sh FUZZER WORKDIR DICT [SEED-DIR | -LIBFUZZER-OPTION]...
# The seeds are copied into WORKDIR/corpus, made afresh each run, which is
# the only folder the fuzzer adds inputs to; a crash goes to
# WORKDIR/crashes/. KEHOACH_FUZZ_SECONDS sets the length (default 20).
set -uo pipefail

fuzzer=$1 work=$2 dict=$3
shift 3
seconds=${KEHOACH_FUZZ_SECONDS:-20}

rm -rf "$work/corpus"
mkdir -p "$work/corpus" "$work/crashes" || exit 1
options=()
n=0
for arg in "$@"; do
	if [ "${arg#-}" != "$arg" ]; then
		options+=("$arg")
		continue
	fi
	n=$((n + 1))
	for f in "$arg"/*; do
		[ -f "$f" ] && cp -- "$f" "$work/corpus/$n-${f##*/}"
	done
done

# libFuzzer's own exit status for a crash is 77, which meson would take
# for a skipped test: ask for 1.
"$fuzzer" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
	-error_exitcode=1 -timeout_exitcode=1 \
	-dict="$dict" -artifact_prefix="$work/crashes/" "${options[@]}" "$work/corpus"
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "${fuzzer##*/} failed (status $rc); the input is in $work/crashes/." >&2
	echo "Run it again with: $fuzzer $work/crashes/FILE" >&2
fi
exit "$rc"
