#!/usr/bin/env bash
# tar-in of a site tree of 3,000 small files (30 folders of 100) into the tiny appliance's root filesystem, offline:
# `virt-appliance customize` with a one-operation recipe on a qcow2 overlay, against libguestfs (guestfish mkdir-p and
# tar-in in one session: one boot of its helper VM, as virt-tar-in does) on a copy of the same image. Medians of
# ROUNDS (default 3), the ratio, and our time against the target (<= 2 s). Installs libguestfs-tools and a host
# kernel for its helper VM when missing (root).
# Usage: bash bench/customize/tar-in.sh      (ROUNDS=N, FILES_PER_FOLDER=N, BENCH_DIR=DIR)
set -euo pipefail
source "$(dirname "$0")/../common.sh"
rounds="${ROUNDS:-3}"; per="${FILES_PER_FOLDER:-100}"
work="${BENCH_DIR:-/var/tmp/virt-appliance-bench-tar-in}"
mkdir -p "$work"

base="$work/tiny/tiny-sda.qcow2"
[ -f "$base" ] || "$va" build examples/tiny.ks -o "$work/tiny" --seed bench >/dev/null 2>&1
source bench/customize/libguestfs.sh
libguestfs_prepare tar-in "$va" "$work/tiny/tiny.xml"

m="$work/materials"
rm -rf "$m"; mkdir -p "$m/site"
for d in $(seq -w 1 30); do
  mkdir -p "$m/site/d$d"
  for f in $(seq -w 1 "$per"); do echo "page $d/$f" > "$m/site/d$d/f$f.html"; done
done
tar -C "$m/site" -cf "$m/site.tar" .
files=$(tar -tf "$m/site.tar" | grep -c -v '/$')
printf -- '- tar-in: {source: site.tar, path: /srv/www}\n' > "$m/recipe.yaml"


ours=(); theirs=()
for round in $(seq "$rounds"); do
  rm -f "$work/overlay.qcow2" "$work/copy.qcow2"
  qemu-img create -q -f qcow2 -b "$base" -F qcow2 "$work/overlay.qcow2"
  cp --sparse=always "$base" "$work/copy.qcow2"
  sync
  ours+=("$(seconds "$va" customize "$work/overlay.qcow2" --recipe "$m/recipe.yaml")")
  theirs+=("$(seconds guestfish -a "$work/copy.qcow2" -m /dev/sda1 mkdir-p /srv/www : tar-in "$m/site.tar" /srv/www)")
  echo "round $round: virt-appliance ${ours[-1]} s, guestfish tar-in ${theirs[-1]} s"
done

# Both results hold every file.
guestfish --ro -a "$work/overlay.qcow2" -m /dev/sda1 find /srv/www | grep -c '\.html$' > "$work/ours.count"
guestfish --ro -a "$work/copy.qcow2" -m /dev/sda1 find /srv/www | grep -c '\.html$' > "$work/theirs.count"
[ "$(cat "$work/ours.count")" = "$files" ] && [ "$(cat "$work/theirs.count")" = "$files" ] \
  || { echo "bench/tar-in: file counts differ: ours $(cat "$work/ours.count"), theirs $(cat "$work/theirs.count"), archive $files" >&2; exit 1; }

o=$(printf '%s\n' "${ours[@]}" | median); t=$(printf '%s\n' "${theirs[@]}" | median)
echo "bench/tar-in: $files files into the tiny appliance's root, medians of $rounds"
printf '  virt-appliance customize tar-in (offline, overlay)   %7.2f s  (target <= 2 s)\n' "$o"
printf '  guestfish tar-in (helper VM, copy)                   %7.2f s\n' "$t"
awk -v o="$o" -v t="$t" 'BEGIN { printf "  ratio ours/guestfish                                %7.3f\n", o / t }'
