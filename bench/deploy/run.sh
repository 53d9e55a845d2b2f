#!/usr/bin/env bash
# Time from command start to "guest running" for the tiny demo appliance:
#   virt-appliance deploy   vs   virt-install --import --noautoconsole   vs   virsh define + start (the floor),
# same kernel, initrd and disk, same connection. Connections:
#   system   qemu:///system, a libvirtd started here (in a private mount namespace with /dev/kvm masked when KVM is
#            present but broken, as docs/deploy.md explains) and stopped at the end;
#   embedded virt-appliance's default (libvirt's embedded QEMU driver) vs virsh on the same embedded root.
# Prints medians of ROUNDS runs (default 5) and the ratios the issue asks for. Needs root (it starts libvirtd).
# Usage: bash bench/deploy/run.sh      (ROUNDS=N, BENCH_DIR=DIR to keep files)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" -eq 0 ] || { echo "bench/deploy: run as root (it starts a libvirt daemon)" >&2; exit 1; }
rounds="${ROUNDS:-5}"
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
chmod 755 "$work"   # QEMU runs as libvirt-qemu on qemu:///system and must reach the disks (mktemp -d is 0700)
va="$(pwd)/artifacts/virt-appliance/virt-appliance"
[ -x "$va" ] || bash scripts/setup.sh

need=()
for package in virtinst libvirt-daemon; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "bench/deploy: installing ${need[*]}"
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

bash scripts/demo-appliance.sh "$work/appliance" >/dev/null
app="$work/appliance"
kernel_args="console=ttyS0 panic=-1 quiet"

# The system daemon, started here when no service manager runs it (and stopped at the end). It runs QEMU as
# libvirt-qemu; where that user cannot open /dev/kvm, libvirt sees no KVM and answers at once. Where it can and KVM is
# broken, libvirt re-probes QEMU on every connection (12-14 s): the report shows that as a slow capabilities call.
started_daemon=""
cleanup() {
  for d in $(virsh -c qemu:///system list --all --name 2>/dev/null | grep '^bench-' || true); do
    virsh -c qemu:///system destroy "$d" >/dev/null 2>&1 || true
    virsh -c qemu:///system undefine "$d" >/dev/null 2>&1 || true
  done
  if [ -n "$started_daemon" ]; then pkill -x libvirtd || true; pkill -x virtlogd || true; fi
  [ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
if [ ! -S /run/libvirt/libvirt-sock ]; then
  mkdir -p /var/log/libvirt /var/run/libvirt /var/lib/libvirt
  virtlogd -d && libvirtd -d
  started_daemon=1
  for _ in $(seq 100); do [ -S /run/libvirt/libvirt-sock ] && break; sleep 0.1; done
fi
t0=$(date +%s.%N)
virsh -c qemu:///system capabilities >/dev/null
echo "bench/deploy: qemu:///system answers capabilities in $(echo "$(date +%s.%N) $t0" | awk '{printf "%.2f", $1 - $2}') s"
mask=""
if [ -e /dev/kvm ] && "$va" check "$app/demo.xml" --json | grep -q '"emulated": true'; then
  : > "$work/kvm-mask"
  mask="mount --bind $work/kvm-mask /dev/kvm && mount -o remount,bind,ro /dev/kvm &&"   # as virt-appliance does
fi

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
running() { [ "$(virsh -c "$1" domstate "$2" 2>/dev/null)" = "running" ]; }

declare -A times
record() { times[$1]+="$2 "; }
fresh_disk() { rm -f "$1"; qemu-img create -q -f qcow2 -F raw -b "$app/system.img" "$1"; }

for round in $(seq "$rounds"); do
  # virt-install --import
  disk="$work/vi-$round.qcow2"; fresh_disk "$disk"
  t0=$(now)
  virt-install --connect qemu:///system --import --noautoconsole --name "bench-vi-$round" --memory 256 --vcpus 1 \
    --osinfo detect=on,require=off --virt-type qemu --disk "path=$disk,bus=virtio,format=qcow2" --network user \
    --graphics none --serial "file,path=$work/vi-$round.log" \
    --boot "kernel=$app/vmlinuz,initrd=$app/initrd.img,kernel_args=$kernel_args" >/dev/null
  running qemu:///system "bench-vi-$round"
  record system-virt-install "$(echo "$(now) - $t0" | awk '{print $1 - $3}')"
  virsh -c qemu:///system destroy "bench-vi-$round" >/dev/null; virsh -c qemu:///system undefine "bench-vi-$round" >/dev/null

  # virsh define + start of the XML virt-appliance generates (the floor)
  disk="$work/vs-$round.qcow2"; fresh_disk "$disk"
  "$va" deploy "$app/demo.xml" --connect qemu:///system --name "bench-vs-$round" --storage-dir "$work/vs-dir" --dry-run \
    | sed "s#$work/vs-dir/system.qcow2#$disk#; s#$work/vs-dir/console.log#$work/vs-$round.log#" > "$work/vs-$round.xml"
  t0=$(now)
  virsh -c qemu:///system define "$work/vs-$round.xml" >/dev/null && virsh -c qemu:///system start "bench-vs-$round" >/dev/null
  running qemu:///system "bench-vs-$round"
  record system-virsh "$(echo "$(now) - $t0" | awk '{print $1 - $3}')"
  virsh -c qemu:///system destroy "bench-vs-$round" >/dev/null; virsh -c qemu:///system undefine "bench-vs-$round" >/dev/null

  # virt-appliance deploy (matcher, checksum of the 16 MiB disk, overlay, plan, define, start)
  t0=$(now)
  "$va" deploy "$app/demo.xml" --connect qemu:///system --name "bench-va-$round" --storage-dir "$work/va-$round" >/dev/null
  running qemu:///system "bench-va-$round"
  record system-virt-appliance "$(echo "$(now) - $t0" | awk '{print $1 - $3}')"
  "$va" undeploy "bench-va-$round" --purge --force >/dev/null

  # The embedded driver: virt-appliance's default, against virsh on the same root.
  root="$work/embed-state/virt-appliance/libvirt"
  t0=$(now)
  XDG_STATE_HOME="$work/embed-state" "$va" deploy "$app/demo.xml" --connect "qemu:///embed?root=$root" --name "bench-ve-$round" >/dev/null
  record embedded-virt-appliance "$(echo "$(now) - $t0" | awk '{print $1 - $3}')"
  XDG_STATE_HOME="$work/embed-state" "$va" undeploy "bench-ve-$round" --purge --force >/dev/null
  disk="$work/ves-$round.qcow2"; fresh_disk "$disk"
  XDG_STATE_HOME="$work/embed-state" "$va" deploy "$app/demo.xml" --connect "qemu:///embed?root=$root" --name "bench-ves-$round" --storage-dir "$work/ves-dir" --dry-run \
    | sed "s#$work/ves-dir/system.qcow2#$disk#; s#$work/ves-dir/console.log#$work/ves-$round.log#" > "$work/ves-$round.xml"
  t0=$(now)
  unshare --mount --propagation private -- /bin/sh -c \
    "${mask:-} virsh -q -c 'qemu:///embed?root=$root' 'define $work/ves-$round.xml; start bench-ves-$round; destroy bench-ves-$round; undefine bench-ves-$round'" >/dev/null
  record embedded-virsh "$(echo "$(now) - $t0" | awk '{print $1 - $3}')"
done

m() { echo "${times[$1]}" | tr ' ' '\n' | grep . | median; }
vi=$(m system-virt-install); vs=$(m system-virsh); ours=$(m system-virt-appliance)
ve=$(m embedded-virt-appliance); ves=$(m embedded-virsh)
printf '\n%-44s %8s\n' "to guest running (median of $rounds)" "seconds"
printf '%-44s %8.3f\n' "qemu:///system  virt-install --import" "$vi" "qemu:///system  virsh define + start" "$vs" \
  "qemu:///system  virt-appliance deploy" "$ours" "embedded        virsh define+start+destroy" "$ves" "embedded        virt-appliance deploy" "$ve"
awk -v o="$ours" -v vi="$vi" -v vs="$vs" 'BEGIN {
  printf "\nratio virt-appliance / virt-install: %.2f (target <= 0.8)\n", o / vi;
  printf "virt-appliance - virsh floor: %+.3f s (target <= 0.15)\n", o - vs }'
