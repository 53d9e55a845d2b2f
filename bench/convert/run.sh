#!/usr/bin/env bash
# Side-by-side conversion benchmark: qemu-img (with its fastest flags, -W -m 16) against virt-appliance,
# interleaved for ROUNDS rounds, sync before every run, medians of wall and CPU time, ratios, peak memory,
# and efficiency = limit / our time (limit from page-cache read/write speed and per-core codec speed).
# Test image: 4 GiB raw, ext4 at 1 MiB filled with /usr/lib/x86_64-linux-gnu.
# CASES=REGEX runs only the cases whose name matches (CASES='->raw$': the conversions to raw); RUNS_FILE=FILE
# appends every run's figures (round, case, tool, wall, user, sys, peak KiB, size, allocated bytes) to FILE.
# MEMORY=warm (default) starts every run with memory the host has backed, as on bare metal; MEMORY=cold starts it
# with memory the guest handed back to the host (see bench/README.md, "Memory state").
# LOAD=N runs N CPU-bound processes (stress-ng --cpu N, installed when missing) through every round, for both tools:
# a busy hypervisor host.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-8}
LOAD=${LOAD:-0}
MEMORY=${MEMORY:-warm}
case $MEMORY in warm|cold) ;; *) echo "MEMORY must be warm or cold" >&2; exit 2 ;; esac
WORK=${BENCH_DIR:-/var/tmp/virt-appliance-bench}
VA="$(pwd)/artifacts/virt-appliance/virt-appliance"
[ -x "$VA" ] || bash scripts/setup.sh
mkdir -p "$WORK"
cd "$WORK"
cores=$(nproc)

if [ ! -f disk.raw ]; then
  echo "making disk.raw (4 GiB, ext4 of /usr/lib/x86_64-linux-gnu at 1 MiB)"
  truncate -s 4G disk.raw
  mke2fs -q -t ext4 -d /usr/lib/x86_64-linux-gnu -E offset=1048576 disk.raw 3G
fi
[ -f ref-plain.qcow2 ] || qemu-img convert -O qcow2 disk.raw ref-plain.qcow2
[ -f ref-zlib.qcow2 ] || qemu-img convert -W -c -O qcow2 disk.raw ref-zlib.qcow2
if [ "${SUITE:-core}" != core ]; then
  [ -f ref.vhd ] || qemu-img convert -O vpc disk.raw ref.vhd
  [ -f ref.vhdx ] || qemu-img convert -O vhdx disk.raw ref.vhdx
  [ -f ref.vdi ] || qemu-img convert -O vdi disk.raw ref.vdi
fi
data=$("$VA" image map --json disk.raw | awk -F': ' '/"length"/ { gsub(",", "", $2); l = $2 } /"data": true/ { s += l } END { printf "%.0f\n", s }')
cat disk.raw ref-plain.qcow2 ref-zlib.qcow2 ref.vhd ref.vhdx ref.vdi > /dev/null 2>&1 || true

# name | qemu-img arguments | virt-appliance arguments | source | output format | codec
# SUITE=core (default): raw and qcow2; SUITE=formats: vmdk, vhd, vhdx, vdi; SUITE=all: both.
core=(
  "raw->qcow2|convert -W -m 16 -O qcow2|image convert -O qcow2|disk.raw|qcow2|none"
  "raw->qcow2 zlib|convert -W -m 16 -c -O qcow2|image convert -c -O qcow2|disk.raw|qcow2|zlib"
  "raw->qcow2 zstd|convert -W -m 16 -c -o compression_type=zstd -O qcow2|image convert -c --compression zstd -O qcow2|disk.raw|qcow2|zstd"
  "qcow2->raw|convert -W -m 16 -O raw|image convert -O raw|ref-plain.qcow2|raw|none"
  "qcow2 zlib->raw|convert -W -m 16 -O raw|image convert -O raw|ref-zlib.qcow2|raw|inflate"
)
formats=(
  "raw->vmdk stream|convert -W -m 16 -O vmdk -o subformat=streamOptimized|image convert -O vmdk --subformat streamOptimized|disk.raw|vmdk|zlib"
  "raw->vhd|convert -W -m 16 -O vpc|image convert -O vhd|disk.raw|vpc|none"
  "raw->vhdx|convert -W -m 16 -O vhdx|image convert -O vhdx|disk.raw|vhdx|none"
  "raw->vdi|convert -W -m 16 -O vdi|image convert -O vdi|disk.raw|vdi|none"
  "vhd->raw|convert -W -m 16 -O raw|image convert -O raw|ref.vhd|raw|none"
  "vhdx->raw|convert -W -m 16 -O raw|image convert -O raw|ref.vhdx|raw|none"
  "vdi->raw|convert -W -m 16 -O raw|image convert -O raw|ref.vdi|raw|none"
)
case "${SUITE:-core}" in
  core) cases=("${core[@]}") ;;
  formats) cases=("${formats[@]}") ;;
  *) cases=("${core[@]}" "${formats[@]}") ;;
esac
if [ -n "${CASES:-}" ]; then
  selected=()
  for spec in "${cases[@]}"; do [[ ${spec%%|*} =~ $CASES ]] && selected+=("$spec"); done
  cases=("${selected[@]}")
fi

# The root file system here mounts with online discard: deleting a large output makes the next runs slow for
# a while. So no output is deleted during a round; all of them go at its end, followed by a pause.
# Every run starts with the previous outputs flushed and dropped from the page cache, so the page cache never fills
# up and no run inherits another's dirty pages. warm: a 3 GiB hole is read into the page cache and dropped, so the
# run's new pages reuse memory just touched; cold: the pause lets free page reporting hand the freed memory back.
truncate -s 3G ballast.img
# warm: free page reporting (virtio-balloon) hands dropped memory back within 0.3-4 s of the drop, so a run could
# lose its warm memory midway, earlier or later by chance. It is paused for the benchmark (reporting nothing below
# order 11, beyond the largest block) and restored at the end.
cleanup=()
on_exit() { for command in "${cleanup[@]}"; do eval "$command"; done; }
trap on_exit EXIT
reporting=/sys/module/page_reporting/parameters/page_reporting_order
if [ "$MEMORY" = warm ] && [ -w "$reporting" ]; then
  cleanup+=("echo $(cat "$reporting") > $reporting")
  echo 11 > "$reporting"
  echo "free page reporting paused for the benchmark (page_reporting_order 11)"
elif [ "$MEMORY" = warm ] && [ -e "$reporting" ]; then
  echo "note: free page reporting is on and cannot be paused without root; warm runs may lose their memory midway"
fi
drop_cache() { for file in "$@"; do [ -f "$file" ] && dd if="$file" iflag=nocache count=0 status=none; done; return 0; }
# The run's source is read last. Otherwise the first run of a case found it as the previous round left it, and cost
# ours 9-22 % and qemu-img 4-11 % more system time on average than the second run, which follows a read of the
# source (up to 2.5x in single runs; likely the page cache's inactive list). The order alternates, so this was noise,
# not a bias, but it decided close ratios.
prepare_memory() { # source
  sync
  drop_cache out-*.img write.tmp
  if [ "$MEMORY" = warm ]; then
    cat ballast.img > /dev/null
    drop_cache ballast.img
  else
    sleep 4
  fi
  [ -z "${1:-}" ] || cat "$1" > /dev/null
}
measure() { # source tool-args... ; prints "wall user sys maxrss_kb"
  prepare_memory "$1"
  shift
  /usr/bin/time -f "%e %U %S %M" -o time.txt "$@" >/dev/null
  cat time.txt
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "page-cache speeds and per-core codec speeds"
read_s=$( { /usr/bin/time -f "%e" cat ref-plain.qcow2 > /dev/null; } 2>&1 )
read_bps=$(awk -v b="$(stat -c %s ref-plain.qcow2)" -v s="$read_s" 'BEGIN { printf "%.0f\n", b / (s > 0.01 ? s : 0.01) }')
write_s=$(for attempt in 1 2 3; do
  rm -f write.tmp; sync; sleep 1; prepare_memory
  { /usr/bin/time -f "%e" dd if=ref-plain.qcow2 of=write.tmp bs=2M status=none; } 2>&1
done | sort -g | head -1)
write_bps=$(awk -v b="$(stat -c %s ref-plain.qcow2)" -v s="$write_s" 'BEGIN { printf "%.0f\n", b / (s > 0.01 ? s : 0.01) }')
rm -f write.tmp
codecs=$(cd "$OLDPWD" && dotnet run -c Release --project bench/CodecSpeed -- "$WORK/disk.raw")
echo "$codecs"
codec_speed() { echo "$codecs" | awk -v n="$1" -v k="$2" '$1 == n { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) printf "%.0f\n", kv[2] * 1e6 } }'; }
zlib_bps=$(codec_speed zlib-default compress_MBps); zstd_bps=$(codec_speed zstd-3-libzstd compress_MBps); inflate_bps=$(codec_speed zlib-default decompress_MBps)
awk -v d="$data" -v r="$read_bps" -v w="$write_bps" -v n="$cores" \
  'BEGIN { printf "data %.0f MB, page-cache read %.0f MB/s, write %.0f MB/s, %d cores\n", d / 1e6, r / 1e6, w / 1e6, n }'
startup_ms() {
  for run in $(seq 1 11); do
    local start=$EPOCHREALTIME; "$@" >/dev/null; awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'
  done | median
}
# 'info' of a small image, not --version: ours reports its native libraries there, loading libvirt to ask its version.
truncate -s 1M startup.raw
echo "start-up (median of 11, info of a 1 MiB raw image): qemu-img $(startup_ms qemu-img info startup.raw) ms, ours $(startup_ms "$VA" image info startup.raw) ms"
rm -f startup.raw
echo "memory state before each run: $MEMORY; $ROUNDS rounds, each case run first by either tool in turn"
(( ROUNDS % 2 == 0 )) || echo "note: with an odd ROUNDS one tool runs first once more often in every case"

if (( LOAD > 0 )); then
  if ! command -v stress-ng >/dev/null; then
    as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
    as_root apt-get install -y -qq --no-install-recommends stress-ng >/dev/null
  fi
  stress-ng --cpu "$LOAD" --quiet &
  load_pid=$!
  cleanup+=("kill $load_pid 2>/dev/null || true")
  echo "load: $LOAD CPU-bound processes (stress-ng) through every run"
fi

declare -A results
for round in $(seq 1 "$ROUNDS"); do
  for index in "${!cases[@]}"; do
    IFS='|' read -r name qargs vargs source format codec <<< "${cases[$index]}"
    if (( (round + index) % 2 )); then order="qemu ours"; else order="ours qemu"; fi
    for tool in $order; do
      output="out-$tool-${name//[^a-z0-9]/_}.img"
      if [ "$tool" = qemu ]; then
        line=$(measure "$source" qemu-img $qargs "$source" "$output")
      else
        line=$(measure "$source" "$VA" $vargs "$source" "$output")
      fi
      size=$(stat -c %s "$output")
      allocated=$(( $(stat -c '%b * %B' "$output") ))
      results["$name|$tool"]+="$line $size $allocated"$'\n'
      [ -z "${RUNS_FILE:-}" ] || printf '%s\t%s\t%s\t%s %s %s\n' "$round" "$name" "$tool" "$line" "$size" "$allocated" >> "$RUNS_FILE"
    done
  done
  rm -f out-*.img; sync; sleep 5
  echo "round $round/$ROUNDS done"
done
rm -f time.txt ballast.img
if (( LOAD > 0 )); then kill "$load_pid" 2>/dev/null || true; fi

printf "\n%-18s %9s %9s %9s %9s %7s %7s %8s %7s\n" case qemu_wall qemu_cpu ours_wall ours_cpu ratio size_x ours_MiB effic
for spec in "${cases[@]}"; do
  IFS='|' read -r name qargs vargs source format codec <<< "$spec"
  col() { echo -n "${results["$name|$1"]}" | awk -v c="$2" 'NF { print $c }' | median; }
  cpu() { echo -n "${results["$name|$1"]}" | awk 'NF { print $2 + $3 }' | median; }
  qw=$(col qemu 1); qc=$(cpu qemu); ow=$(col ours 1); oc=$(cpu ours); orss=$(col ours 4)
  qs=$(col qemu 5); os=$(col ours 5); oa=$(col ours 6)
  case $codec in zlib) cb=$zlib_bps ;; zstd) cb=$zstd_bps ;; inflate) cb=$inflate_bps ;; *) cb=0 ;; esac
  limit=$(awk -v d="$data" -v o="$oa" -v r="$read_bps" -v w="$write_bps" -v c="$cb" -v n="$cores" \
    'BEGIN { l = d / r; if (o / w > l) l = o / w; if (c > 0 && d / (c * n) > l) l = d / (c * n); printf "%.4f\n", l }')
  awk -v n="$name" -v qw="$qw" -v qc="$qc" -v ow="$ow" -v oc="$oc" -v qs="$qs" -v os="$os" -v rss="$orss" -v l="$limit" \
    'BEGIN { printf "%-18s %8.2fs %8.2fs %8.2fs %8.2fs %7.2f %7.3f %8.0f %7.2f\n", n, qw, qc, ow, oc, ow / qw, os / qs, rss / 1024, l / ow }'
done
echo
echo "ratio = our median wall time / qemu-img's; size_x = our output / qemu-img's; effic = limit / our wall time"
