#!/usr/bin/env bash
# A disk round trip through every image command.
# Makes a raw disk holding an ext4 file system of real files, converts it to qcow2 (plain, zlib, zstd),
# layers an overlay on the compressed image, and checks and compares everything.
set -euo pipefail
cd "$(dirname "$0")/.."
va() { artifacts/virt-appliance/virt-appliance "$@"; }

work="${DEMO_DIR:-$(mktemp -d)}"
trap 'rm -rf "$work"' EXIT
echo "== making a 256 MiB raw disk with an ext4 file system of /usr/share/doc at 1 MiB"
truncate -s 256M "$work/disk.raw"
mke2fs -q -t ext4 -d /usr/share/doc -E offset=1048576 "$work/disk.raw" 200M
va image info "$work/disk.raw"

step() { echo; echo "== $*"; }
step "convert to qcow2, qcow2 + zlib, qcow2 + zstd"
time va image convert -O qcow2 "$work/disk.raw" "$work/disk.qcow2"
time va image convert -O qcow2 -c "$work/disk.raw" "$work/disk-zlib.qcow2"
time va image convert -O qcow2 -c --compression zstd "$work/disk.raw" "$work/disk-zstd.qcow2"
ls -l "$work"

step "overlay on the compressed base"
va image overlay "$work/disk-zstd.qcow2" "$work/instance.qcow2"
va image info "$work/instance.qcow2"

step "check every image"
for image in disk.qcow2 disk-zlib.qcow2 disk-zstd.qcow2 instance.qcow2; do
  va image check "$work/$image" | head -1
done

step "compare each with the original"
for image in disk.qcow2 disk-zlib.qcow2 disk-zstd.qcow2 instance.qcow2; do
  va image compare "$work/disk.raw" "$work/$image"
done

step "map of the overlay (first lines) and size a conversion needs"
va image map "$work/instance.qcow2" | head -5
va image measure -O qcow2 "$work/disk.raw"
step "round trip back to raw"
va image convert -O raw "$work/disk-zlib.qcow2" "$work/back.raw"
va image compare "$work/disk.raw" "$work/back.raw"
echo; echo "demo: all images check clean and compare identical"
