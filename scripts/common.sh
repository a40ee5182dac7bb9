# Shared by scripts/run and scripts/test: install what is missing, build.
# Sourced, not run.

# Packages needed to build and run kehoach.
BUILD_PACKAGES="gcc libc6-dev meson ninja-build pkg-config gettext libyaml-dev
libsqlite3-dev zlib1g-dev libutf8proc-dev libxxhash-dev libzip-dev libxml2-dev libxlsxwriter-dev
libncurses-dev ncurses-base
libcairo2-dev libpango1.0-dev fonts-liberation2 libacl1-dev libical-dev libgmime-3.0-dev"
# Packages the test suite and benchmarks need on top (groff-base: the
# manual pages are rendered, tests/cli/man.sh; zsh: its completion is
# tried in a real zsh, tests/cli/completion.sh); clang and its
# runtime (libFuzzer, the sanitisers; only recommended by clang, so named)
# for the fuzzers; python3-yaml for tests/import/score.py, which scores
# the plans `kehoach import` writes against hand transcriptions;
# libreoffice-calc-nogui reads back the workbooks of --format xlsx
# (tests/cli/xlsx.sh, soffice --headless --convert-to csv); msmtp and
# python3-aiosmtpd for tests/cli/remind.sh, which mails through a real
# MTA to an SMTP sink it runs itself.
TEST_PACKAGES="libcmocka-dev sqlite3 python3 python3-yaml time hyperfine tmux valgrind
util-linux poppler-utils groff-base zsh clang libclang-rt-14-dev acl
python3-icalendar libreoffice-calc-nogui msmtp python3-aiosmtpd"

# Installs, with apt-get, those of the given Debian packages that are not
# installed yet; does nothing (and needs no network) when all are there.
ensure_packages() {
	local missing=() pkg
	for pkg in "$@"; do
		if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
			missing+=("$pkg")
		fi
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "Installing: ${missing[*]}" >&2
	local sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || {
			echo "error: need root (or sudo) to install: ${missing[*]}" >&2
			return 1
		}
		sudo=(sudo)
	fi
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures (once) and builds the build folder $1 with meson options $2…
# Quiet when it works; when it fails, meson's and the compiler's output
# is shown, so that the error (or, with werror, the warning) can be read.
build_into() {
	local dir=$1 log rc=0
	shift
	log=$(mktemp) || return 1
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >"$log" 2>&1 || rc=$?
	elif [ $# -gt 0 ]; then
		# A folder set up before an option existed gets it now.
		meson configure "$dir" "$@" >"$log" 2>&1 || rc=$?
	fi
	[ "$rc" -eq 0 ] && { meson compile -C "$dir" >>"$log" 2>&1 || rc=$?; }
	[ "$rc" -ne 0 ] && cat "$log" >&2
	rm -f "$log"
	return "$rc"
}
