#!/usr/bin/env bash
# Twelve instances of the tiny appliance (examples/tiny.ks) on three libvirt hosts (daemons on 127.0.0.5-.7, started
# here by scripts/libvirt-fleet.sh and stopped at the end), every guest waited for until its console marker:
#   virt-appliance deploy --fleet --count 12      vs   a scripted virsh loop doing the same work:
#   per host: vol-create-as + vol-upload of each base disk; per instance: vol-create-as of an overlay on each base,
#   define (the same domain XML virt-appliance writes, its names changed), start, wait for the marker in the console
#   log (read straight from the host's folder: cheaper than anything a remote virsh user has).
# Prints the time to provision (every guest defined and started) and to every marker, the ratios (target <= 0.5) and
# the bytes each sent over loopback (the bases once per host).
# Needs root. Usage: bash bench/fleet/run.sh       (INSTANCES=N, BENCH_DIR=DIR to keep the files)
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" -eq 0 ] || { echo "bench/fleet: run as root (it starts libvirt daemons)" >&2; exit 1; }
instances="${INSTANCES:-12}"
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
va="$(pwd)/artifacts/virt-appliance/virt-appliance"
[ -x "$va" ] || bash scripts/setup.sh
addresses=(127.0.0.5 127.0.0.6 127.0.0.7)
marker=TINY-APPLIANCE-READY
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"

cleanup() {
  bash scripts/libvirt-fleet.sh stop "$work/hosts" >/dev/null 2>&1 || true
  [ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }
lo_bytes() { awk '$1 == "lo:" { print $10 }' /proc/net/dev; }
uri() { echo "qemu+tcp://$1/system"; }

"$va" build examples/tiny.ks -o "$work/tiny" --seed bench >/dev/null 2>&1
bash scripts/libvirt-fleet.sh start "$work/hosts" "${addresses[@]}" >/dev/null
for address in "${addresses[@]}"; do "$va" hosts add "h${address##*.}" "$(uri "$address")" >/dev/null; done

# Waits until every console log named prints the marker (read from the hosts' folders, for both runs alike).
wait_markers() {
  for _ in $(seq 9000); do
    local missing=0
    for log in "$@"; do grep -qs "$marker" "$log" || { missing=1; break; }; done
    [ "$missing" -eq 0 ] && return 0
    sleep 0.1
  done
  echo "bench/fleet: not every guest printed the marker within 15 min" >&2
  exit 1
}

# virt-appliance: placement, bases uploaded once per host, overlays, define, start, all instances at once.
bytes0=$(lo_bytes); t0=$(now)
"$va" deploy "$work/tiny/tiny.xml" --fleet --count "$instances" --name va --json > "$work/va.json"
our_provision=$(echo "$(now) $t0" | awk '{print $1 - $2}')
wait_markers $(for i in $(seq "$instances"); do ls "$work"/hosts/*/lib/images/"va-$i.console.log"; done)
ours=$(echo "$(now) $t0" | awk '{print $1 - $2}'); our_bytes=$(( $(lo_bytes) - bytes0 ))

# The domain XML virt-appliance writes for one instance (the loop's template): a dry run on the first host.
"$va" deploy "$work/tiny/tiny.xml" --connect "$(uri "${addresses[0]}")" --name tmpl --dry-run 2>/dev/null | sed '/<uuid>/d' > "$work/template.xml"
pool_path=$(virsh -c "$(uri "${addresses[0]}")" pool-dumpxml default | sed -n 's#.*<path>\(.*\)</path>.*#\1#p')
disks=$(grep -o "$pool_path/tmpl-[^'\"]*\.qcow2" "$work/template.xml" | sort -u)
# Both runs start from hosts without guests or bases.
for i in $(seq "$instances"); do "$va" undeploy "va-$i" --purge --force >/dev/null; done
"$va" hosts prune >/dev/null

# The scripted virsh loop.
bytes0=$(lo_bytes); t0=$(now); waited=0
for address in "${addresses[@]}"; do
  for disk in $disks; do
    suffix=${disk#"$pool_path/tmpl-"}
    base="$work/tiny/tiny-$suffix"
    size=$(stat -c %s "$base")
    virsh -q -c "$(uri "$address")" vol-create-as default "loop-base-$suffix" "$size" --format raw >/dev/null
    virsh -q -c "$(uri "$address")" vol-upload --pool default "loop-base-$suffix" "$base"
  done
done
for i in $(seq "$instances"); do
  address=${addresses[$(( (i - 1) % ${#addresses[@]} ))]}
  for disk in $disks; do
    suffix=${disk#"$pool_path/tmpl-"}
    capacity=$(qemu-img info --output=json "$work/tiny/tiny-$suffix" | awk -F'[:,]' '/"virtual-size"/ {print $2; exit}')
    virsh -q -c "$(uri "$address")" vol-create-as default "loop$i-$suffix" "$capacity" --format qcow2 \
      --backing-vol "loop-base-$suffix" --backing-vol-format qcow2 >/dev/null
  done
  sed "s#tmpl#loop$i#g" "$work/template.xml" > "$work/loop$i.xml"
  virsh -q -c "$(uri "$address")" define "$work/loop$i.xml" >/dev/null
  virsh -q -c "$(uri "$address")" start "loop$i" >/dev/null
  w0=$(now)
  wait_markers "$work/hosts/$address/lib/images/loop$i.console.log"
  waited=$(echo "$waited $(now) $w0" | awk '{print $1 + $2 - $3}')
done
loop=$(echo "$(now) $t0" | awk '{print $1 - $2}'); loop_bytes=$(( $(lo_bytes) - bytes0 ))
loop_provision=$(echo "$loop $waited" | awk '{print $1 - $2}')

printf '\n%-50s %14s %12s %10s\n' "$instances tiny instances on 3 hosts" "provisioning s" "to markers s" "MB on lo"
printf '%-50s %14.1f %12.1f %10.1f\n' "virt-appliance deploy --fleet --count $instances" "$our_provision" "$ours" "$(echo "$our_bytes" | awk '{print $1 / 1e6}')"
printf '%-50s %14.1f %12.1f %10.1f\n' "virsh loop (upload bases, overlay, define, start)" "$loop_provision" "$loop" "$(echo "$loop_bytes" | awk '{print $1 / 1e6}')"
awk -v o="$ours" -v l="$loop" -v op="$our_provision" -v lp="$loop_provision" 'BEGIN {
  printf "\nratio virt-appliance / virsh loop: %.2f to every marker (target <= 0.5), %.2f provisioning\n", o / l, op / lp }'
echo "(provisioning: until every guest is defined and started; the loop's excludes its waits for markers. The three"
echo " hosts share this machine's $(nproc) CPUs, so guests booting side by side compete for them: on separate hosts they would not.)"
