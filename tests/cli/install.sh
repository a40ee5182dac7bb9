# `meson install --destdir` puts everything where README.md ("Building by
# hand") says: the binary, the PDF module (when built with it), the
# Vietnamese catalogue, the manual pages (Vietnamese as the default, English
# under en) and the bash and zsh completions; the installed pages render
# without a warning and man-db finds each language; the installed binary,
# pointed at the installed catalogues, speaks Vietnamese; and only
# kehoach's own SQLite is ever in the process.
#
#     bash tests/cli/install.sh build/kehoach
# (the build folder is the binary's; it must be built: --no-rebuild)
source "$(dirname "$0")/lib.sh" "$@"

BUILD=$(dirname "$KEHOACH")
if [[ ! -d $BUILD/meson-info ]]; then
	echo "FATAL: $BUILD is not a meson build folder (no meson-info)" >&2
	exit 1
fi
if ! command -v groff >/dev/null; then
	echo "FATAL: groff is needed to check the manual pages (Debian: groff-base)" >&2
	exit 1
fi

# build_option NAME: the value of a meson option of the build.
build_option() {
	meson introspect "$BUILD" --buildoptions |
		python3 -c 'import json, sys
print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == sys.argv[1]))' "$1"
}

# under DIR: DIR under the prefix, made absolute (meson options are
# relative to the prefix unless absolute).
under() {
	if [[ $1 == /* ]]; then echo "$1"; else echo "$PREFIX/$1"; fi
}

begin_test "install: meson install --destdir"
PREFIX=$(build_option prefix)
expect_match "the prefix" "$PREFIX" '^/'
ROOT=$T/root
run meson install -C "$BUILD" --destdir "$ROOT" --no-rebuild
expect_exit 0 "meson install --destdir"
BIN=$ROOT$(under "$(build_option bindir)")/kehoach
MAN=$ROOT$(under "$(build_option mandir)")
LOCALE=$ROOT$(under "$(build_option localedir)")
DATA=$ROOT$(under "$(build_option datadir)")
LIB=$ROOT$(under "$(build_option libdir)")

begin_test "install: what lands where"
expect_file "the binary" "$BIN"
if [[ -x $BIN ]]; then pass; else fail "the binary can be run" "executable" "not"; fi
if [[ ${KEHOACH_HAVE_PDF:-0} == 1 ]]; then
	expect_file "the PDF module" "$LIB/kehoach/kehoach-pdf.so"
else
	expect_no_file "no PDF module without PDF" "$LIB/kehoach/kehoach-pdf.so"
fi
expect_file "the .docx module" "$LIB/kehoach/kehoach-docx.so"
expect_file "the iCalendar module" "$LIB/kehoach/kehoach-ics.so"
expect_file "the .xlsx module" "$LIB/kehoach/kehoach-xlsx.so"
expect_file "the mail module" "$LIB/kehoach/kehoach-mail.so"
expect_file "the example for /etc/profile.d" "$DATA/doc/kehoach/examples/kehoach-brief.sh"
for unit in kehoach-remind.service kehoach-remind.timer; do
	expect_file "the example $unit" "$DATA/doc/kehoach/examples/$unit"
done
expect_contains "the timer: 07:30, Monday to Saturday" \
	"$(cat "$DATA/doc/kehoach/examples/kehoach-remind.timer" 2>/dev/null)" "OnCalendar=Mon..Sat *-*-* 07:30:00"
expect_contains "the service runs remind" \
	"$(cat "$DATA/doc/kehoach/examples/kehoach-remind.service" 2>/dev/null)" "ExecStart=/usr/bin/kehoach remind"
if command -v systemd-analyze >/dev/null && [[ -f $DATA/doc/kehoach/examples/kehoach-remind.timer ]]; then
	run systemd-analyze calendar "Mon..Sat *-*-* 07:30:00"
	expect_exit 0 "systemd reads the timer's OnCalendar"
fi
expect_file "the Vietnamese catalogue" "$LOCALE/vi/LC_MESSAGES/kehoach.mo"
for page in man1/kehoach.1 man5/kehoach-plan.5 en/man1/kehoach.1 en/man5/kehoach-plan.5; do
	expect_file "the manual page $page" "$MAN/$page"
done
expect_no_file "no page under vi (Vietnamese is the default)" "$MAN/vi"
expect_file "bash completion" "$DATA/bash-completion/completions/kehoach"
expect_file "zsh completion" "$DATA/zsh/site-functions/_kehoach"
if cmp -s "$KEHOACH_SOURCE_ROOT/completion/_kehoach" "$DATA/zsh/site-functions/_kehoach"; then
	pass
else
	fail "the zsh completion installed" "completion/_kehoach" "another file"
fi
expect_file "the plan format" "$DATA/doc/kehoach/plan-format.md"
expect_file "the plan format in Vietnamese" "$DATA/doc/kehoach/plan-format.vi.md"

begin_test "install: the manual pages render, each in its language"
for page in man1/kehoach.1 man5/kehoach-plan.5 en/man1/kehoach.1 en/man5/kehoach-plan.5; do
	[[ -f $MAN/$page ]] || continue
	run groff -k -man -Tutf8 -ww -z "$MAN/$page"
	expect_exit 0 "groff -ww renders $page"
	expect_eq "groff's warnings for $page" "" "$ERR"
	if command -v man >/dev/null; then
		MANPAGER=cat MANWIDTH=80 run man -l "$MAN/$page"
		expect_exit 0 "man -l $page"
		expect_eq "man's warnings for $page" "" "$ERR"
	fi
	case $page in
	en/*) expect_match "$page is in English" "$(cat "$MAN/$page")" '^\.SH NAME$' ;;
	*) expect_match "$page is in Vietnamese" "$(cat "$MAN/$page")" '^\.SH TÊN$' ;;
	esac
done
# man-db: the Vietnamese page by default, the English one for -L en.
if man --version 2>/dev/null | grep -q '^man '; then
	for name in kehoach kehoach-plan; do
		MANPATH=$MAN run man -w "$name"
		expect_match "man $name: the default page" "$OUT" "^$MAN/man[15]/$name\\.[15]\$"
		MANPATH=$MAN run man -w -L en "$name"
		expect_match "man -L en $name: the English page" "$OUT" "^$MAN/en/man[15]/$name\\.[15]\$"
	done
fi

# kehoach carries its own SQLite (meson.build, core_static_dep). A module
# that brought the system's libsqlite3 would put a second copy in the same
# process, and two copies lose each other's POSIX locks on the database.
begin_test "install: one SQLite in the process, kehoach's own"
if command -v readelf >/dev/null; then
	run readelf -d "$BIN"
	expect_exit 0 "readelf -d kehoach"
	expect_no_match "kehoach loads no shared SQLite" "$OUT" 'NEEDED.*libsqlite3'
	expect_no_match "kehoach loads no shared libyaml" "$OUT" 'NEEDED.*libyaml'
	for module in "$LIB"/kehoach/*.so; do
		run readelf -d "$module"
		expect_exit 0 "readelf -d ${module##*/}"
		expect_no_match "${module##*/} needs no SQLite" "$OUT" 'NEEDED.*libsqlite3'
		# Of the core's symbols, a module exports none: its entry points only.
		run readelf --dyn-syms --wide "$module"
		expect_no_match "${module##*/} exports none of the store's functions" "$OUT" \
			' GLOBAL +DEFAULT +[0-9]+ store_'
		# Nor does it call SQLite at all (one left to be found at load time
		# would fail the module's dlopen).
		expect_no_match "${module##*/} calls no SQLite function" "$OUT" ' UND sqlite3_'
	done
else
	fail "readelf is needed (Debian: binutils)" "readelf" "not found"
fi

begin_test "install: the installed binary speaks Vietnamese"
KEHOACH_LANG=vi KEHOACH_LOCALEDIR=$LOCALE run "$BIN" --help
expect_exit 0 "the installed kehoach --help"
expect_contains "Vietnamese --help from the installed catalogue" "$OUT" "Cách dùng: kehoach"
KEHOACH_LANG=vi KEHOACH_LOCALEDIR=$T/nowhere run "$BIN" --help
expect_not_contains "no catalogue, no Vietnamese" "$OUT" "Cách dùng: kehoach"

summary
