namespace VirtAppliance.Cli.Commands.Completion;

/// <summary>The completion scripts: each hands the line up to the cursor to <c>virt-appliance __complete</c>.</summary>
internal static class ShellScripts
{
    public const string Bash = """
        # bash completion for virt-appliance (virt-appliance completion bash)
        _virt_appliance() {
            local line="${COMP_LINE:0:COMP_POINT}"
            local -a candidates
            mapfile -t candidates < <("${COMP_WORDS[0]}" __complete "$line" 2>/dev/null)
            if [[ ${candidates[0]-} == "#paths" ]]; then
                candidates=("${candidates[@]:1}")
                compopt -o filenames 2>/dev/null
                local candidate
                for candidate in "${candidates[@]}"; do
                    [[ $candidate == */ ]] && compopt -o nospace 2>/dev/null
                done
            fi
            # bash splits words at COMP_WORDBREAKS (':' and '=' among them): offer only the part after the last break.
            local word="${line##*[[:space:]]}"
            local tail="${word##*[:=]}"
            local broken="${word:0:${#word}-${#tail}}"
            COMPREPLY=()
            local candidate
            for candidate in "${candidates[@]}"; do
                COMPREPLY+=("${candidate#"$broken"}")
            done
        }
        complete -o default -F _virt_appliance virt-appliance

        """;

    public const string Zsh = """
        #compdef virt-appliance
        # zsh completion for virt-appliance (virt-appliance completion zsh)
        _virt-appliance() {
            local line="${(j: :)words[1,CURRENT-1]} ${PREFIX}"
            local -a candidates
            candidates=("${(@f)$(${words[1]} __complete "$line" 2>/dev/null)}")
            candidates=(${candidates:#})
            if (( ${#candidates} == 0 )); then
                _files
            elif [[ ${candidates[1]} == "#paths" ]]; then
                compadd -f -- ${candidates[2,-1]}
            else
                compadd -- ${candidates}
            fi
        }
        if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
            _virt-appliance "$@"
        elif (( $+functions[compdef] )); then
            compdef _virt-appliance virt-appliance
        fi

        """;
}
