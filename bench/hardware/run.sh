#!/usr/bin/env bash
# Hot-plugging a disk into a running guest and taking it out again, kept in its definition, on the default connection:
#   virt-appliance attach NAME --disk 64M   + detach NAME vdX --purge
#   vs  qemu-img create -f qcow2 F 64M + virsh attach-disk --live --config + virsh detach-disk --live --config + rm F
# against one running instance of the tiny appliance (examples/tiny.ks). Both wait until the guest has released the
# disk (virsh polls the live XML, as virt-appliance does). Medians of ROUNDS (default 5) and the ratio.
# Needs root (the system daemon). Usage: bash bench/hardware/run.sh      (ROUNDS=N, BENCH_DIR=DIR)
set -euo pipefail
source "$(dirname "$0")/../common.sh"
rounds="${ROUNDS:-5}"
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
export XDG_STATE_HOME="$work/state"
name="bench-hotplug-$$"
uri=qemu:///system

cleanup() {
  "$va" undeploy "$name" --purge --force >/dev/null 2>&1 || true
  [ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

[ -f "$work/tiny/tiny.xml" ] || "$va" build examples/tiny.ks -o "$work/tiny" --seed bench >/dev/null
"$va" deploy "$work/tiny/tiny.xml" --name "$name" --connect "$uri" --wait-for TINY-APPLIANCE-READY --timeout 180 >/dev/null


ours_round() {
  local target
  target=$("$va" attach "$name" --disk 64M | sed -n 's/.*attached \(vd[a-z]*\) .*/\1/p')
  "$va" detach "$name" "$target" --purge
}

theirs_round() {
  local file="$work/virsh-extra.qcow2"
  qemu-img create -q -f qcow2 "$file" 64M
  virsh -c "$uri" attach-disk "$name" "$file" vdz --targetbus virtio --subdriver qcow2 --live --config
  virsh -c "$uri" detach-disk "$name" vdz --live --config
  while virsh -c "$uri" dumpxml "$name" | grep -q "dev='vdz'"; do sleep 0.2; done
  rm -f "$file"
}

ours=(); theirs=()
for round in $(seq "$rounds"); do
  ours+=("$(seconds ours_round)")
  theirs+=("$(seconds theirs_round)")
done
a=$(printf '%s\n' "${ours[@]}" | median); b=$(printf '%s\n' "${theirs[@]}" | median)
printf 'attach + detach of a 64 MiB disk, live and kept (%s rounds)\n' "$rounds"
printf '  virt-appliance  median %6.3f s   (%s)\n' "$a" "${ours[*]}"
printf '  qemu-img+virsh  median %6.3f s   (%s)\n' "$b" "${theirs[*]}"
awk -v a="$a" -v b="$b" 'BEGIN { printf "  ratio %.2f (virt-appliance / virsh)\n", a / b }'
