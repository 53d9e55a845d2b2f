#!/usr/bin/env bash
# Several libvirt hosts on this one machine, for trying the fleet commands and for their tests and benchmark: one
# libvirtd (with its own virtlogd) per loopback address, each in a mount namespace of its own where /etc/libvirt,
# /run/libvirt, /var/lib/libvirt, /var/log/libvirt and /var/cache/libvirt are folders under DIR/ADDRESS, listening on
# qemu+tcp://ADDRESS/system without authentication (loopback only: never give a public address).
#
#   bash scripts/libvirt-fleet.sh start DIR 127.0.0.2 127.0.0.3 127.0.0.4
#   bash scripts/libvirt-fleet.sh stop DIR [ADDRESS...]     (guests of those hosts are killed too)
#
# Where the KVM probe says KVM does not run guests, /dev/kvm is hidden from the daemons (an empty read-only file), so
# that libvirt does not re-probe QEMU on every connection. Run as root, after scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "libvirt-fleet: the daemons are started by root" >&2; exit 1; }
action="${1:?usage: libvirt-fleet.sh start|stop DIR ADDRESS...}"
dir="$(realpath -m "${2:?usage: libvirt-fleet.sh start|stop DIR ADDRESS...}")"
shift 2

answers() { timeout 30 virsh -c "qemu+tcp://$1/system" version >/dev/null 2>&1; }

stop_host() {
  local host="$dir/$1"
  for pidfile in "$host"/run/qemu/*.pid; do
    [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
  done
  for pidfile in "$host/libvirtd.pid" "$host/virtlogd.pid"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

start_host() {
  local address="$1" host="$dir/$1"
  if [ -f "$host/libvirtd.pid" ] && kill -0 "$(cat "$host/libvirtd.pid")" 2>/dev/null && answers "$address"; then
    echo "libvirt-fleet: $address is running"
    return
  fi
  stop_host "$address"
  mkdir -p "$host"/{etc,run,lib/images,log/qemu,cache}
  cat > "$host/etc/libvirtd.conf" <<CONF
# Written by virt-appliance's scripts/libvirt-fleet.sh: a test host on loopback, without authentication.
listen_tls = 0
listen_tcp = 1
listen_addr = "$address"
auth_tcp = "none"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
CONF
  cat > "$host/etc/qemu.conf" <<'CONF'
# Written by virt-appliance's scripts/libvirt-fleet.sh.
user = "+0"
group = "+0"
dynamic_ownership = 0
remember_owner = 0
namespaces = []
CONF
  # QEMU's capabilities as the system daemon cached them: the first connection then takes 0.1 s instead of 6 s.
  if [ -d /var/cache/libvirt/qemu/capabilities ] && [ ! -d "$host/cache/qemu/capabilities" ]; then
    mkdir -p "$host/cache/qemu" && cp -a /var/cache/libvirt/qemu/capabilities "$host/cache/qemu/"
  fi
  unshare --mount --propagation private -- /bin/sh -c '
    host="$1" mask="$2"
    mount --bind "$host/etc" /etc/libvirt && mount --bind "$host/run" /run/libvirt && mount --bind "$host/lib" /var/lib/libvirt \
      && mount --bind "$host/log" /var/log/libvirt && mount --bind "$host/cache" /var/cache/libvirt || exit 1
    if [ -n "$mask" ]; then mount --bind "$mask" /dev/kvm && mount -o remount,bind,ro /dev/kvm || exit 1; fi
    virtlogd -d -p "$host/virtlogd.pid" && libvirtd -d --listen -p "$host/libvirtd.pid"
  ' sh "$host" "$mask"
  for _ in $(seq 150); do
    answers "$address" && { echo "libvirt-fleet: qemu+tcp://$address/system runs"; return; }
    sleep 0.2
  done
  echo "libvirt-fleet: $address did not answer within 30 s (see $host/log/libvirtd.log)" >&2
  exit 1
}

case "$action" in
  start)
    [ $# -gt 0 ] || { echo "libvirt-fleet: name at least one address (127.0.0.2 ...)" >&2; exit 64; }
    mkdir -p /etc/libvirt /run/libvirt /var/lib/libvirt /var/log/libvirt /var/cache/libvirt "$dir"
    mask=""
    if [ -e /dev/kvm ] && ! artifacts/virt-appliance/virt-appliance probe --json | grep -q '"kvm-usable": true'; then
      mask="$dir/kvm-mask"
      : > "$mask"
    fi
    pids=()
    for address in "$@"; do start_host "$address" & pids+=("$!"); done
    status=0
    for pid in "${pids[@]}"; do wait "$pid" || status=1; done
    exit "$status"
    ;;
  stop)
    if [ $# -eq 0 ]; then set -- $(ls "$dir" 2>/dev/null | grep -E '^[0-9.]+$' || true); fi
    for address in "$@"; do stop_host "$address"; done
    ;;
  *)
    echo "libvirt-fleet: unknown action '$action' (start or stop)" >&2
    exit 64
    ;;
esac
