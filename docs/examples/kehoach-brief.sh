# /etc/profile.d/kehoach.sh: a word from kehoach at login.
#
# Copy this file to /etc/profile.d/ (or source it from ~/.profile). At each
# interactive login, `kehoach brief` prints, in at most three lines, the
# overdue and due-soon duties of the units the user heads (every unit for
# the office, nothing for anyone else), and nothing when there is nothing.
# It reads the database without writing it, takes a few milliseconds, and
# never fails a login: every error is silent.
case $- in
*i*)
	if command -v kehoach >/dev/null 2>&1; then
		kehoach brief 2>/dev/null
	fi
	;;
esac
:
