# SPDX-License-Identifier: MIT
# bash completion for sipsim: its commands, each command's options, and the files each takes.
# Plain bash (no bash-completion helpers needed). tests/test-docs.c checks that each command's
# options here are the ones its --help lists.

# Adds to COMPREPLY the files matching the glob $2 (every file when empty) and the directories
# that start with $1.
_sipsim_files()
{
    local cur=$1 glob=$2 line
    compopt -o filenames 2>/dev/null
    if [[ -n $glob ]]; then
        while IFS= read -r line; do COMPREPLY+=("$line"); done \
            < <(compgen -f -X "!$glob" -- "$cur"; compgen -d -- "$cur")
    else
        while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
    fi
}

_sipsim_dirs()
{
    local line
    compopt -o filenames 2>/dev/null
    while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -d -- "$1")
}

# Completes the value $2 of option $1 of command $3; returns 1 when $1 takes no value.
_sipsim_value()
{
    local opt=$1 cur=$2 cmd=$3
    case "$cmd:$opt" in
        run:--out | run:-o | sweep:--out | sweep:-o | merge:--out | merge:-o) _sipsim_dirs "$cur" ;;
        run:--pcap | run:--html | run:--summary | run:--ladder | run:--timeline) _sipsim_files "$cur" '' ;;
        run:--ladder-time) mapfile -t COMPREPLY < <(compgen -W 'scaled compressed' -- "$cur") ;;
        run:--stats-interval) ;;
        run:--seed | run:--run | run:--until | run:--set | sweep:--jobs | sweep:-j | sweep:--shard) ;;
        *) return 1 ;;
    esac
    return 0
}

_sipsim()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()
    if ((COMP_CWORD == 1)); then
        mapfile -t COMPREPLY < <(compgen -W 'run validate parse machines sweep merge --version --help' \
            -- "$cur")
        return
    fi
    local cmd=${COMP_WORDS[1]} opts
    case "$cmd" in
        run) opts='-o --out --pcap --seed --run --until --set --calls --html --summary --ladder
                   --ladder-time --timeline --stats-interval -q --quiet -h --help' ;;
        sweep) opts='-o --out -j --jobs --shard -q --quiet -h --help' ;;
        merge) opts='-o --out -q --quiet -h --help' ;;
        validate | parse | machines) opts='-h --help' ;;
        *) return ;;
    esac
    # The value of an option: "--out DIR", or "--out=DIR", which bash splits at the "=".
    if [[ $cur == = ]] && ((COMP_CWORD >= 3)); then
        _sipsim_value "$prev" "" "$cmd" && return
    elif [[ $prev == = ]] && ((COMP_CWORD >= 3)); then
        _sipsim_value "${COMP_WORDS[COMP_CWORD - 2]}" "$cur" "$cmd" && return
    elif [[ $cur == --*=* ]]; then
        _sipsim_value "${cur%%=*}" "${cur#*=}" "$cmd" && return
    elif [[ $prev == -* ]]; then
        _sipsim_value "$prev" "$cur" "$cmd" && return
    fi
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
        return
    fi
    case "$cmd" in
        run | validate) _sipsim_files "$cur" '*.yaml' ;;
        parse) _sipsim_files "$cur" '' ;;
        machines) mapfile -t COMPREPLY < <(compgen -W 'ict ist nict nist' -- "$cur") ;;
        sweep) _sipsim_files "$cur" '*.yaml' ;;
        merge) ((COMP_CWORD == 2)) && _sipsim_files "$cur" '*.yaml' || _sipsim_dirs "$cur" ;;
    esac
}
complete -F _sipsim sipsim
