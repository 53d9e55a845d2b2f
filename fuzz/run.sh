#!/usr/bin/env bash
# fuzz/run.sh TARGET SECONDS — fuzzes one target (fuzz/run.sh list names them) with afl-fuzz for SECONDS, starting
# from the seeds fuzz/seeds.sh makes, and prints one line: executions, rate, paths, crashes, hangs. Every crashing or
# hanging input is replayed so its exception shows, and kept under fuzz/findings/TARGET/. Exit 0 only when nothing
# crashed or hung; 2 on usage errors.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
harness=(dotnet "$here/bin/harness/VirtAppliance.Fuzz.dll"); plain=(dotnet "$here/bin/plain/VirtAppliance.Fuzz.dll")
command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz is not installed (Debian package afl++; scripts/setup.sh installs it)" >&2; exit 2; }
bash "$here/build.sh"
if [ "${1:-}" = list ]; then "${plain[@]}" list; exit 0; fi
target=${1:?usage: fuzz/run.sh TARGET SECONDS | fuzz/run.sh list}; seconds=${2:?usage: fuzz/run.sh TARGET SECONDS}
"${plain[@]}" list | cut -f1 | grep -qx -- "$target" || { echo "fuzz: no target '$target' (fuzz/run.sh list)" >&2; exit 2; }
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz: SECONDS must be a whole number" >&2; exit 2; }

seeds="$here/corpus/$target"
[ -d "$seeds" ] && [ -n "$(ls -A "$seeds")" ] || bash "$here/seeds.sh" "$target" "$seeds"
session="$here/sessions/$target"; findings="$here/findings/$target"
rm -rf "$session"; mkdir -p "$session"

# The harness process may use 1 GiB of managed heap: an input that makes a parser allocate more is a finding
# (OutOfMemoryException), as is a stack overflow (the process dies) or more than 2 s for one input (a hang).
export DOTNET_GCHeapHardLimit=0x40000000 DOTNET_TieredPGO=0
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FAST_CAL=1
afl-fuzz -i "$seeds" -o "$session" -t 2000 -m none -V "$seconds" -s 1 -- "${harness[@]}" run "$target" > "$session/afl.log" 2>&1 \
  || { tail -30 "$session/afl.log" >&2; echo "fuzz: afl-fuzz failed for $target (its log: $session/afl.log)" >&2; exit 1; }

stats="$session/default/fuzzer_stats"
stat() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$stats"; }
crashes=$(stat saved_crashes); hangs=$(stat saved_hangs)
echo "$target: $(stat execs_done) executions in ${seconds}s ($(stat execs_per_sec)/s), $(stat corpus_count) paths, $(stat bitmap_cvg) map coverage, $crashes crashes, $hangs hangs"
if [ "$crashes" != 0 ] || [ "$hangs" != 0 ]; then
  mkdir -p "$findings"
  for kind in crashes hangs; do
    for input in "$session/default/$kind"/id:*; do
      [ -e "$input" ] || continue
      name="$kind-$(sha256sum "$input" | cut -c1-16)"; cp "$input" "$findings/$name"
      echo "fuzz: $findings/$name"
    done
  done
  timeout 60 "${plain[@]}" replay "$target" "$findings" || true
  exit 1
fi
