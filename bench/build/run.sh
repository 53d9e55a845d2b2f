#!/usr/bin/env bash
# Wall time and peak memory of `virt-appliance build` for examples/tiny.ks and examples/debian-minimal.ks, with the
# time of each build stage. No peer builds rootless on Debian 12 (mkosi and systemd-repart need a newer systemd;
# appliance-creator needs root and Fedora), so these figures are our own baseline.
# Usage: bash bench/build/run.sh      (ROUNDS=N for tiny.ks, default 5; DEBIAN=0 to skip debian-minimal; BENCH_DIR=DIR)
set -euo pipefail
source "$(dirname "$0")/../common.sh"
rounds="${ROUNDS:-5}"
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
trap '[ -z "${BENCH_DIR:-}" ] && rm -rf "$work"' EXIT

# One build: prints "seconds peak_kib" and keeps its stage lines in $work/stages.
measure() { # SPEC OUTDIR
  rm -rf "$2"
  /usr/bin/time -f "%e %M" -o "$work/time" "$va" build "$1" -o "$2" --seed bench 2> "$work/stages" >/dev/null
  cat "$work/time"
}


report() { # NAME SPEC ROUNDS
  local times=() peaks=()
  measure "$2" "$work/warm" >/dev/null  # the kernel package download and page cache, once
  for _ in $(seq "$3"); do
    read -r seconds peak < <(measure "$2" "$work/out")
    times+=("$seconds"); peaks+=("$peak")
  done
  local t p size
  t=$(printf '%s\n' "${times[@]}" | median)
  p=$(printf '%s\n' "${peaks[@]}" | sort -n | tail -1)
  size=$(du -cb "$work/out"/*.qcow2 | tail -1 | cut -f1)
  printf '%-16s wall %6.2f s (median of %d)   peak RSS %5d MiB   disks %6.1f MiB\n' "$1" "$t" "$3" $((p / 1024)) "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')"
  sed 's/^/    /' "$work/stages"
}

echo "bench/build: virt-appliance build (no root, no mounts), $(nproc) cores"
report tiny.ks examples/tiny.ks "$rounds"
if [ "${DEBIAN:-1}" != 0 ]; then
  report debian-minimal.ks examples/debian-minimal.ks 1
fi
