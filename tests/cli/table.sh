# One entry in the table of commands is all a new command takes: a
# scratch copy of the sources with a made-up command added (its own file,
# its line in the table, its file in the build) builds a kehoach whose
# --help, whose COMMAND --help, whose manual page and whose shell
# completion all show it, with its option, and which runs it.
#
#     bash tests/cli/table.sh build/kehoach
source "$(dirname "$0")/lib.sh" "$@"

begin_test "a new command in the table appears everywhere"
COPY=$T/copy
mkdir -p "$COPY"
tar -C "$KEHOACH_SOURCE_ROOT" --exclude='./build*' --exclude=./.git \
	--exclude='./subprojects' -cf - . | tar -C "$COPY" -xf -
cat >"$COPY/src/cli_dummy.c" <<'C'
/* A made-up command for tests/cli/table.sh. */
#include "kehoach/cli.h"

static int run_dummy(struct cli *cli, const struct cli_args *args)
{
	(void)cli;
	printf("dummy ran with %s\n", cli_value(args, "colour") ? cli_value(args, "colour") : "none");
	return KH_EXIT_OK;
}

static const struct cli_option dummy_options[] = {
	{ "colour", 0, CLI_CHOICE, "the colour of the dummy",
	  (const struct cli_choice[]){ { "red", 1 }, { "blue", 2 }, { 0 } } },
	{ 0 },
};

const struct cli_command cli_dummy_command = {
	.name = "dummy",
	.summary = "a made-up command",
	.description = "Does nothing but say it ran.\n",
	.options = dummy_options,
	.run = run_dummy,
};
C
sed -i 's|&cli_roll_command,$|\&cli_roll_command, \&cli_dummy_command,|' "$COPY/src/cli.c"
sed -i 's|^\tcli_roll_command;$|\tcli_roll_command, cli_dummy_command;|' "$COPY/include/kehoach/cli.h"
sed -i "s|^  'src/cli_roll.c',\$|  'src/cli_roll.c',\n  'src/cli_dummy.c',|" "$COPY/meson.build"
expect_contains "the entry is in the scratch table" "$(cat "$COPY/src/cli.c")" "&cli_dummy_command"
expect_contains "…declared" "$(cat "$COPY/include/kehoach/cli.h")" "cli_dummy_command;"
expect_contains "…and built" "$(cat "$COPY/meson.build")" "src/cli_dummy.c"

run meson setup "$T/b" "$COPY" -Dpdf=disabled -Dbuildtype=plain
expect_exit 0 "meson setup of the scratch copy"
run ninja -C "$T/b" kehoach docs/kehoach.1
expect_exit 0 "the scratch kehoach builds"
SCRATCH=$T/b/kehoach

KEHOACH_LANG=en run "$SCRATCH" --help
expect_match "kehoach --help lists it" "$OUT" '^  dummy +a made-up command$'
KEHOACH_LANG=en run "$SCRATCH" dummy --help
expect_exit 0 "dummy --help"
expect_match "its usage" "$OUT" '^Usage: kehoach dummy \[--colour red\|blue\]$'
expect_match "its option" "$OUT" '^  --colour red\|blue +the colour of the dummy$'
run "$SCRATCH" dummy --colour blue
expect_eq "it runs" "dummy ran with blue" "$OUT"
run "$SCRATCH" dummy --colour green
expect_exit 2 "a value not among its choices"
run groff -man -Tutf8 -P-cbou -rLL=1000n "$T/b/docs/kehoach.1"
expect_match "the manual has its entry" "$OUT" '^ +kehoach dummy \[--colour red\|blue\]$'
expect_match "…with its option" "$OUT" '--colour red\|blue — the colour of the dummy'
run "$SCRATCH" __complete command d
expect_eq "completion offers it" $'doctor\ndone\ndummy' "$(sort <<<"$OUT")"
run "$SCRATCH" __complete option dummy --
expect_eq "…and its option" "--colour" "$OUT"
run "$SCRATCH" __complete value dummy --colour b
expect_eq "…and the option's values" "blue" "$OUT"
# shellcheck source=/dev/null
source "$KEHOACH_SOURCE_ROOT/completion/kehoach.bash"
COMP_WORDS=("$SCRATCH" du)
COMP_CWORD=1
COMPREPLY=()
_kehoach
expect_eq "bash completes it" "dummy" "${COMPREPLY[*]}"

summary
