# bash completion for kehoach: the commands, plans, units and duties come from
# the binary itself (kehoach __complete KIND PREFIX: the table of
# commands, and the database read without syncing), so that a new
# command is offered as soon as it is in the table.

_kehoach()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local i word command=
	# The global options typed so far (the database to read), and the
	# command: the first word that is not a global option nor its value.
	local -a globals=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		case $word in
		--db | --plans | --config | --today | --lang)
			globals+=("$word" "${COMP_WORDS[i + 1]}")
			((i++))
			;;
		-*) ;;
		*)
			command=$word
			break
			;;
		esac
	done
	local kind=
	case $prev in
	--plan) kind=plan ;;
	--unit) kind=unit ;;
	esac
	if [[ -n $kind ]]; then
		COMPREPLY=($("${COMP_WORDS[0]}" "${globals[@]}" __complete "$kind" "$cur" 2>/dev/null | sort -u))
	elif [[ -n $command ]]; then
		# The duty a command is about: its first argument.
		case $command:$cur in
		show:[!-]* | done:[!-]* | start:[!-]* | reopen:[!-]* | history:[!-]* | \
		show: | done: | start: | reopen: | history:)
			COMPREPLY=($("${COMP_WORDS[0]}" "${globals[@]}" __complete duty "$cur" 2>/dev/null | sort -u))
			;;
		esac
	elif [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '--db --plans --config --today --lang --help --version' -- "$cur"))
	else
		COMPREPLY=($("${COMP_WORDS[0]}" "${globals[@]}" __complete command "$cur" 2>/dev/null))
	fi
}
complete -F _kehoach kehoach
