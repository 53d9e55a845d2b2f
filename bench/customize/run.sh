#!/usr/bin/env bash
# A 10-operation recipe applied offline to a qcow2 overlay of the Debian appliance (examples/debian-minimal.ks, built
# once into $BENCH_DIR) by `virt-appliance customize`, against virt-customize (Debian's libguestfs-tools, which boots a
# helper VM: under TCG here) with the same ten operations on a copy of the same image. Medians of ROUNDS (default 3),
# and the ratio (target <= 0.1). Installs libguestfs-tools and a host kernel for its helper VM when missing (root).
# Usage: bash bench/customize/run.sh      (ROUNDS=N, BENCH_DIR=DIR keeps the built appliance between runs)
set -euo pipefail
source "$(dirname "$0")/../common.sh"
rounds="${ROUNDS:-3}"
work="${BENCH_DIR:-/var/tmp/virt-appliance-bench-customize}"
mkdir -p "$work"

base="$work/debian/debian-minimal-sda.qcow2"
if [ ! -f "$base" ]; then
  echo "bench/customize: building examples/debian-minimal.ks once"
  "$va" build examples/debian-minimal.ks -o "$work/debian" --seed bench >/dev/null
fi

m="$work/materials"
rm -rf "$m"; mkdir -p "$m/site/www"
echo "port=8080" > "$m/app.conf"
echo "<h1>hi</h1>" > "$m/site/www/index.html"
ssh-keygen -q -t ed25519 -N "" -C bench@host -f "$m/key" <<<y >/dev/null 2>&1 || echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBench bench@host" > "$m/key.pub"
cat > "$m/recipe.yaml" <<'RECIPE'
- hostname: web1
- write: {path: /etc/motd, content: "hello from web1\n"}
- upload: {source: app.conf, path: /etc/app.conf}
- mkdir: /srv/data
- copy-in: {source: site, path: /srv}
- append-line: {path: /etc/profile, line: "export EDITOR=vi"}
- timezone: Europe/Berlin
- user: {name: root, password: secret}
- ssh-inject: {user: root, key-file: key.pub}
- firstboot: {name: hello, command: "echo first boot"}
RECIPE

source bench/customize/libguestfs.sh
libguestfs_prepare customize "$va" "$work/debian/debian-minimal.xml"


ours=(); theirs=()
for round in $(seq "$rounds"); do
  rm -f "$work/overlay.qcow2" "$work/copy.qcow2"
  qemu-img create -q -f qcow2 -b "$base" -F qcow2 "$work/overlay.qcow2"
  cp --sparse=always "$base" "$work/copy.qcow2"
  sync
  ours+=("$(seconds "$va" customize "$work/overlay.qcow2" --recipe "$m/recipe.yaml")")
  theirs+=("$(cd "$m" && seconds virt-customize -q -a "$work/copy.qcow2" --hostname web1 --write "/etc/motd:hello from web1" \
      --upload app.conf:/etc/app.conf --mkdir /srv/data --copy-in site:/srv --append-line "/etc/profile:export EDITOR=vi" \
      --timezone Europe/Berlin --root-password password:secret --ssh-inject root:file:key.pub --firstboot-command "echo first boot")")
  echo "round $round: virt-appliance ${ours[-1]} s, virt-customize ${theirs[-1]} s"
done

o=$(printf '%s\n' "${ours[@]}" | median); t=$(printf '%s\n' "${theirs[@]}" | median)
echo "bench/customize: 10 operations on the Debian appliance ($(du -h --apparent-size "$base" | cut -f1) qcow2), medians of $rounds"
printf '  virt-appliance customize (offline, overlay)   %7.2f s\n' "$o"
printf '  virt-customize (helper VM, copy)              %7.2f s\n' "$t"
awk -v o="$o" -v t="$t" 'BEGIN { printf "  ratio ours/virt-customize                     %7.3f  (target <= 0.1)\n", o / t }'
