#!/usr/bin/env bash
# Starts libvirt's system daemon (virtlogd, then libvirtd) where no service manager runs one: containers, CI. Safe to
# run again: a daemon that answers is left alone. Run as root, after scripts/setup.sh has built the command.
#
# The daemon runs in a mount namespace of its own, where /etc/libvirt is this folder's state (so the host's libvirt
# configuration is not touched): qemu.conf runs QEMU as root, as the embedded driver does for root, so instance files
# under root's home need no relabelling. Where the KVM probe finds that /dev/kvm does not run guests, /dev/kvm is
# hidden from the daemon (an empty read-only file bound over it): libvirt then sees no KVM, answers at once instead of
# re-probing QEMU for 12-14 s on every connection, and guests run under TCG, as they would anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "libvirt-daemon: the system daemon is started by root" >&2; exit 1; }

answers() { timeout 20 virsh -c qemu:///system version >/dev/null 2>&1; }
if [ -S /run/libvirt/libvirt-sock ] && answers; then
  echo "libvirt-daemon: the system daemon is running"
  exit 0
fi

state=/var/lib/virt-appliance/system-daemon
mkdir -p "$state/etc" /run/libvirt /var/lib/libvirt /var/cache/libvirt /var/log/libvirt/qemu
conf="$state/etc/qemu.conf"
cat > "$conf.new" <<'CONF'
# Written by virt-appliance's scripts/libvirt-daemon.sh for the system daemon it starts (no service manager runs one).
user = "+0"
group = "+0"
dynamic_ownership = 0
remember_owner = 0
# No private /dev per guest: libvirt would copy /dev/kvm into it, which fails where /dev/kvm is hidden.
namespaces = []
CONF
mv "$conf.new" "$conf"

mask=""
if [ -e /dev/kvm ] && ! artifacts/virt-appliance/virt-appliance probe --json | grep -q '"kvm-usable": true'; then
  mask="$state/kvm-mask"
  : > "$mask"
fi

pkill -x -U 0 libvirtd 2>/dev/null || true
pkill -x -U 0 virtlogd 2>/dev/null || true
rm -f /run/libvirt/libvirt-sock /run/libvirt/libvirt-sock-ro /run/libvirt/virtlogd-sock /run/libvirtd.pid /run/virtlogd.pid
unshare --mount --propagation private -- /bin/sh -c '
  mount --bind "$1" /etc/libvirt || exit 1
  if [ -n "$2" ]; then mount --bind "$2" /dev/kvm && mount -o remount,bind,ro /dev/kvm || exit 1; fi
  virtlogd -d && libvirtd -d
' sh "$state/etc" "$mask"

for _ in $(seq 100); do
  answers && { echo "libvirt-daemon: the system daemon runs${mask:+ (with /dev/kvm hidden: KVM does not run guests here)}"; exit 0; }
  sleep 0.2
done
echo "libvirt-daemon: the system daemon did not answer within 20 s (see /var/log/libvirt)" >&2
exit 1
