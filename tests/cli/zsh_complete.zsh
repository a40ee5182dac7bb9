# Completion in a real interactive zsh, for tests/cli/completion.sh: types
# each LINE after KEHOACH, presses Tab, and appends the command line as
# completion left it, in brackets, to OUT, one line each.
#
#     zsh -f tests/cli/zsh_complete.zsh COMPLETION-DIR KEHOACH OUT LINE…
zmodload zsh/zpty || exit 1
dir=$1 bin=$2 out=$3
shift 3
zpty z 'zsh -f -i' || exit 1
zpty -w z "PS1='> '; fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
# Ctrl-X p: write the command line to OUT, and clear it.
zpty -w z "capture() { print -r -- \"[\$BUFFER]\" >>${(q)out}; BUFFER=; }; zle -N capture; bindkey '^Xp' capture"
for line in "$@"; do
	zpty -w -n z "${(q)bin} $line"$'\t\C-xp'
done
zpty -w z 'exit'
# Until every line is written (at most 30 s).
for (( i = 0; i < 300; i++ )); do
	[[ -f $out ]] && (( $(wc -l <$out) >= $# )) && break
	sleep 0.1
done
zpty -d z
