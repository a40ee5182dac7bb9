# bash completion for kehoach: the commands come from the binary's own
# table (kehoach __complete command PREFIX), so that a new command is
# offered as soon as it is in the table.

_kehoach()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local i word
	# The command is the first word that is not a global option (nor
	# the value of one).
	for ((i = 1; i < COMP_CWORD; i++)); do
		word=${COMP_WORDS[i]}
		case $word in
		--db | --plans | --config | --today | --lang) ((i++)) ;;
		-*) ;;
		*) return 0 ;;
		esac
	done
	case $cur in
	-*) COMPREPLY=($(compgen -W '--db --plans --config --today --lang --help --version' -- "$cur")) ;;
	*) COMPREPLY=($("${COMP_WORDS[0]}" __complete command "$cur" 2>/dev/null)) ;;
	esac
}
complete -F _kehoach kehoach
