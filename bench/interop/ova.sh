#!/usr/bin/env bash
# OVA export and import against the same work done with the peers' tools, interleaved, medians of ROUNDS (default 5):
#   export:  virt-appliance export D --to ova
#       vs   qemu-img convert -O vmdk -o subformat=streamOptimized (each disk) + sha256sum > .mf + tar (the envelope
#            itself is taken as written by virt-appliance: the peers have no writer)
#   import:  virt-appliance import A.ova
#       vs   tar x + sha256sum -c .mf + qemu-img convert -O qcow2 (each disk)
# Test appliance: a 2 GiB raw disk with an ext4 of /usr/lib/x86_64-linux-gnu (about 1.1 GB of data here).
# Usage: bash bench/interop/ova.sh      (ROUNDS=N, BENCH_DIR=DIR keeps the work folder)
set -euo pipefail
source "$(dirname "$0")/../common.sh"
rounds="${ROUNDS:-5}"
work="${BENCH_DIR:-$(mktemp -d -p /var/tmp)}"
mkdir -p "$work"
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$work"' EXIT

if [ ! -f "$work/app/disk.raw" ]; then
  mkdir -p "$work/app"
  truncate -s 2G "$work/app/disk.raw"
  mke2fs -q -t ext4 -d /usr/lib/x86_64-linux-gnu -E offset=1048576 "$work/app/disk.raw" 2000M
  cat > "$work/app/app.xml" <<'XML'
<image><name version="1.0">bench</name><domain><boot type="hvm"><guest><arch>x86_64</arch></guest><os><loader dev="hd"/></os>
<drive disk="disk.raw" target="vda"/></boot><devices><vcpu>1</vcpu><memory>262144</memory><interface/></devices></domain>
<storage><disk file="disk.raw"/></storage></image>
XML
fi
"$va" export "$work/app/app.xml" --to ovf -o "$work/envelope" --force >/dev/null 2>&1   # the envelope the peers' route reuses

ours_export() { "$va" export "$work/app/app.xml" --to ova -o "$work/ours.ova" --force; }
theirs_export() {
  local dir="$work/theirs"; rm -rf "$dir" "$work/theirs.ova"; mkdir -p "$dir"
  cp "$work/envelope/bench.ovf" "$dir/"
  qemu-img convert -O vmdk -o subformat=streamOptimized "$work/app/disk.raw" "$dir/bench-disk1.vmdk"
  (cd "$dir" && sha256sum --tag bench.ovf bench-disk1.vmdk | sed 's/^SHA256 (\(.*\)) = /SHA256(\1)= /' > bench.mf)
  tar -C "$dir" --format=ustar -cf "$work/theirs.ova" bench.ovf bench.mf bench-disk1.vmdk
}
ours_import() { "$va" import "$work/ours.ova" -o "$work/ours-imported" --force; }
theirs_import() {
  local dir="$work/theirs-imported"; rm -rf "$dir"; mkdir -p "$dir"
  tar -C "$dir" -xf "$work/theirs.ova"
  (cd "$dir" && sed 's/^SHA256(\(.*\))= \(.*\)/\2  \1/' bench.mf | sha256sum -c --quiet)
  qemu-img convert -O qcow2 "$dir/bench-disk1.vmdk" "$dir/disk.qcow2"
  rm -f "$dir/bench-disk1.vmdk"
}

oe=(); te=(); oi=(); ti=()
for round in $(seq "$rounds"); do
  sync; oe+=("$(seconds ours_export)")
  sync; te+=("$(seconds theirs_export)")
  sync; oi+=("$(seconds ours_import)")
  sync; ti+=("$(seconds theirs_import)")
done
qemu-img compare "$work/app/disk.raw" "$work/ours-imported/vmdisk1.qcow2" >/dev/null
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
a=$(printf '%s\n' "${oe[@]}" | median); b=$(printf '%s\n' "${te[@]}" | median)
c=$(printf '%s\n' "${oi[@]}" | median); d=$(printf '%s\n' "${ti[@]}" | median)
printf 'OVA of a 2 GiB disk (%s rounds; ova %s bytes here, %s by the peers)\n' "$rounds" "$(stat -c %s "$work/ours.ova")" "$(stat -c %s "$work/theirs.ova")"
printf '  export  virt-appliance %6.3f s   qemu-img+sha256sum+tar %6.3f s   ratio %s   (%s | %s)\n' "$a" "$b" "$(ratio "$a" "$b")" "${oe[*]}" "${te[*]}"
printf '  import  virt-appliance %6.3f s   tar+sha256sum+qemu-img %6.3f s   ratio %s   (%s | %s)\n' "$c" "$d" "$(ratio "$c" "$d")" "${oi[*]}" "${ti[*]}"
