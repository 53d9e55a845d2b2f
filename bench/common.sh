# Sourced by the benchmark scripts (after `set -euo pipefail`): moves to the repository root, sets $va to the built
# tool (running scripts/setup.sh first when it is missing), and gives two helpers:
#   seconds CMD...   the wall time of one run of CMD (its output in $work/last.log, shown when it fails)
#   median           the median of the numbers on stdin (the upper one of an even count)
cd "$(dirname "${BASH_SOURCE[0]}")/.."
va="$(pwd)/artifacts/virt-appliance/virt-appliance"
[ -x "$va" ] || bash scripts/setup.sh >/dev/null

seconds() { local start end; start=$(date +%s.%N); "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; return 1; }; end=$(date +%s.%N); echo "$end - $start" | awk '{ printf "%.3f", $1 - $3 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
