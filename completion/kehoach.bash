# bash completion for kehoach. Everything but the global options comes
# from the binary itself, through its hidden completion interface, so that
# the script never falls behind the table of commands:
#
#   kehoach [GLOBALS] __complete command PREFIX            the commands
#   kehoach __complete option COMMAND PREFIX                its options
#   kehoach [GLOBALS] __complete value COMMAND OPTION PREFIX
#   kehoach [GLOBALS] __complete argument COMMAND PREFIX
#
# each printing the candidates beginning with PREFIX, one a line (plans,
# units and duties read from the database without syncing), or the single
# line ":file" or ":dir" when the word is a path. The global options typed
# so far are passed on, so that the right database is read.
# completion/_kehoach is the same for zsh.

# _kehoach_offer ARGS…: sets COMPREPLY to what kehoach $globals
# __complete ARGS… offers for $cur.
_kehoach_offer()
{
	local -a offered
	mapfile -t offered < <("${COMP_WORDS[0]}" "${globals[@]}" __complete "$@" 2>/dev/null)
	_kehoach_reply "${offered[@]}"
}

# _kehoach_reply CANDIDATE…: sets COMPREPLY to the candidates, or to the
# file or folder names beginning with $cur for ":file" or ":dir".
_kehoach_reply()
{
	case ${1-} in
	:file | :dir)
		# compopt works only while completing (not in tests/cli/completion.sh).
		compopt -o filenames 2>/dev/null
		local action=file
		[[ $1 == :dir ]] && action=directory
		mapfile -t COMPREPLY < <(compgen -A "$action" -- "$cur")
		;;
	*) COMPREPLY=("$@") ;;
	esac
}

# _kehoach_global_value OPTION: the values of a global option (these are
# parsed before any command, so not in the binary's table of commands).
_kehoach_global_value()
{
	case $1 in
	--db | --config) _kehoach_reply :file ;;
	--plans) _kehoach_reply :dir ;;
	--lang) mapfile -t COMPREPLY < <(compgen -W 'vi en' -- "$cur") ;;
	*) COMPREPLY=() ;; # --today: a date
	esac
}

_kehoach()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local i word command=
	COMPREPLY=()
	# The global options typed so far (the database to read), and the
	# command: the first word that is not a global option nor its value.
	local -a globals=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		case $word in
		--db | --plans | --config | --today | --lang)
			if [[ ${COMP_WORDS[i + 1]} == = ]]; then
				# bash splits --db=PATH into three words.
				globals+=("$word=${COMP_WORDS[i + 2]}")
				((i += 2))
			else
				globals+=("$word" "${COMP_WORDS[i + 1]}")
				((i++))
			fi
			;;
		-*) ;;
		*)
			command=$word
			break
			;;
		esac
	done
	if [[ $prev == = ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi
	if [[ -z $command ]]; then
		case $prev in
		--db | --plans | --config | --today | --lang)
			_kehoach_global_value "$prev"
			;;
		*)
			if [[ $cur == -* ]]; then
				mapfile -t COMPREPLY < <(compgen -W '--db --plans --config --today --lang --help --version' -- "$cur")
			else
				_kehoach_offer command "$cur"
			fi
			;;
		esac
	elif [[ $cur == -* ]]; then
		# Options only for a word that starts with '-'.
		_kehoach_offer option "$command" "$cur"
	elif ((i < COMP_CWORD - 1)) && [[ $prev == -* ]]; then
		# After an option of the command: its value (nothing for a flag
		# or free text).
		_kehoach_offer value "$command" "$prev" "$cur"
	else
		_kehoach_offer argument "$command" "$cur"
	fi
}
complete -F _kehoach kehoach
