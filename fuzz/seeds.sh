#!/usr/bin/env bash
# fuzz/seeds.sh TARGET FOLDER — writes a small seed corpus for one fuzz target: images made by qemu-img, archives by
# tar and cpio, diffs by diff, descriptors and capabilities from the tests' fixtures, repository documents by the
# harness itself (fuzz/bin/plain, built by fuzz/build.sh). Deterministic: fixed contents, fixed dates.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(dirname "$here")"
target=${1:?usage: fuzz/seeds.sh TARGET FOLDER}; out=${2:?usage: fuzz/seeds.sh TARGET FOLDER}
harness=(dotnet "$here/bin/plain/VirtAppliance.Fuzz.dll")
mkdir -p "$out"; out="$(cd "$out" && pwd)"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"

# 16 KiB of text then zeros: small images whose data and zero runs both show in the tables.
raw() { seq 1 2000 | head -c 16384 > source.raw; truncate -s "${1:-256K}" source.raw; }
img() { local name=$1; shift; qemu-img convert -q "$@" source.raw "$out/$name"; }
packed() { local name=$1; shift; qemu-img convert -q "$@" source.raw "$name.img"; "${harness[@]}" pack "$name.img" "$out/$name"; }

case "$target" in
  qcow2)
    raw
    img plain.qcow2 -O qcow2 -o cluster_size=512
    img v2.qcow2 -O qcow2 -o cluster_size=512,compat=0.10
    img zlib.qcow2 -c -O qcow2 -o cluster_size=512
    img zstd.qcow2 -c -O qcow2 -o cluster_size=4096,compression_type=zstd
    img extended-l2.qcow2 -O qcow2 -o cluster_size=16384,extended_l2=on
    cp "$out/plain.qcow2" snapshots.qcow2 && qemu-img snapshot -c one snapshots.qcow2 && cp snapshots.qcow2 "$out/"
    qemu-img create -q -f qcow2 -o cluster_size=512 -b plain.qcow2 -F qcow2 "$out/overlay.qcow2" 256K ;;
  vmdk-sparse) raw; img sparse.vmdk -O vmdk ;;
  vmdk-stream) raw; img stream.vmdk -O vmdk -o subformat=streamOptimized ;;
  vmdk-descriptor)
    raw 1M
    qemu-img convert -q -O vmdk -o subformat=monolithicFlat source.raw flat.vmdk
    sed 's/"flat-flat.vmdk"/"extent.raw"/' flat.vmdk > "$out/flat.vmdk"
    qemu-img convert -q -O vmdk -o subformat=twoGbMaxExtentFlat source.raw split.vmdk
    sed 's/"split-f001.vmdk"/"extent.raw"/' split.vmdk > "$out/split.vmdk" ;;
  vhd) raw; packed dynamic.vhd -O vpc; packed fixed.vhd -O vpc -o subformat=fixed ;;
  vhdx) raw; packed dynamic.vhdx -O vhdx ;;
  vdi) raw; packed dynamic.vdi -O vdi; packed static.vdi -O vdi -o static=on ;;
  detect)
    raw 64K
    for format in qcow2 vmdk vpc vhdx vdi; do qemu-img convert -q -O $format source.raw "image.$format"; head -c 8192 "image.$format" > "$out/head.$format"; done
    head -c 8192 source.raw > "$out/raw" ;;
  descriptor) cp "$root"/tests/VirtAppliance.Descriptors.Tests/Fixtures/*.xml "$out/" ;;
  capabilities) for f in "$root"/tests/VirtAppliance.Hosts.Tests/Fixtures/*.xml; do case "$f" in */domcaps-*) ;; *) cp "$f" "$out/" ;; esac; done ;;
  domain-capabilities) cp "$root"/tests/VirtAppliance.Hosts.Tests/Fixtures/domcaps-*.xml "$out/" ;;
  domain-hardware) cp "$root"/tests/VirtAppliance.Deployment.Tests/Fixtures/domain-*.xml "$out/"; virsh -c test:///default dumpxml test > "$out/test-driver.xml" ;;
  kickstart) cp "$root"/examples/*.ks "$out/" ;;
  recipe)
    cat > "$out/operations.yaml" <<'YAML'
variables:
  domain: example.com
operations:
  - hostname: ${hostname}
  - write: {path: /etc/motd, content: "Welcome to ${hostname}.${domain}\n", mode: "0644", owner: "root:root"}
  - mkdir: {path: /srv/www, mode: "0755"}
  - edit: {path: /etc/issue, pattern: "^(Debian.*)$", replacement: "$1 appliance"}
  - append-line: {path: /etc/fstab, line: "tmpfs /tmp tmpfs defaults 0 0"}
  - patch: {path: /etc/group, diff: "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n"}
  - user: {name: alice, password: secret, groups: [wheel], uid: 1001, shell: /bin/sh, ssh-keys: ["ssh-ed25519 AAAAC3Nza alice@laptop"]}
  - link: {path: /etc/localtime, target: /usr/share/zoneinfo/UTC}
  - move: {from: /etc/old, to: /etc/new}
  - delete: /tmp/junk
  - truncate: {path: /var/log/messages, size: 0}
  - timezone: Europe/Paris
  - firstboot: {name: hello, script: "echo first boot of $(hostname)"}
  - everyboot: date
  - reset-identity: {}
YAML
    printf -- '- touch: /etc/cloud/cloud-init.disabled\n- chmod: {path: /etc/shadow, mode: "0600"}\n- chown: {path: /srv, owner: "0:0"}\n' > "$out/list.yaml" ;;
  diff)
    for i in $(seq 1 12); do echo "line $i"; done > old
    sed -e 's/^line 3$/line three/' -e '/^line 7$/d' -e '$a line 13' old > new
    diff -u old new > "$out/change.diff" || true
    sed -e '1i header' old > new2; diff -u old new2 > "$out/insert.diff" || true ;;
  tar|cpio)
    mkdir -p tree/etc tree/srv/www && printf 'hello\n' > tree/etc/motd && seq 1 300 > tree/srv/www/index.html
    ln -s motd tree/etc/issue && mkfifo tree/srv/fifo && chmod 0640 tree/etc/motd
    if [ "$target" = tar ]; then
      tar --sort=name --mtime=@1700000000 --owner=0 --group=0 -C tree -cf "$out/plain.tar" .
      tar --sort=name --mtime=@1700000000 --owner=0 --group=0 --format=pax -C tree -cf "$out/pax.tar" .
      gzip -9nc "$out/plain.tar" > "$out/plain.tar.gz"
    else
      (cd tree && find . | LC_ALL=C sort | cpio --quiet -o -H newc --reproducible > "$out/newc.cpio")
      (cd tree && find . | LC_ALL=C sort | cpio --quiet -o -H crc --reproducible > "$out/crc.cpio")
    fi ;;
  index|manifest|zstd-blob|envelope|oci|trusted-key|auth-challenge|auth-file|registry-token) "${harness[@]}" seeds "$target" "$out" ;;
  ovf) cp "$root"/tests/VirtAppliance.Interop.Tests/Fixtures/*.ovf "$out/" ;;
  ovf-manifest) printf 'SHA256(a.ovf)= %s\nSHA1(a-disk1.vmdk)= %s\n' "$(printf a | sha256sum | cut -d' ' -f1)" "$(printf b | sha1sum | cut -d' ' -f1)" > "$out/two.mf" ;;
  ova)
    printf '<Envelope/>' > a.ovf && printf 'SHA256(a.ovf)= 0\n' > a.mf && head -c 3000 /dev/zero > a-disk1.vmdk
    tar --format=ustar --mtime=@0 --owner=0 --group=0 -cf "$out/ustar.ova" a.ovf a.mf a-disk1.vmdk
    tar --format=pax --mtime=@0 --owner=0 --group=0 -cf "$out/pax.ova" a.ovf a.mf ;;
  *) echo "seeds.sh: no seeds for '$target'" >&2; exit 2 ;;
esac
