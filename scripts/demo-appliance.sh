#!/usr/bin/env bash
# Makes the tiny demo appliance in OUTDIR (default: ./demo-appliance):
#   vmlinuz     Debian's cloud kernel, extracted from its .deb (apt-get download + dpkg-deb -x; cached)
#   initrd.img  a generated busybox initramfs with the virtio disk drivers; its /init
#               - with va.phase=install on the kernel command line writes a marker onto the first disk and powers off;
#               - otherwise prints what the first disk holds, then VIRT-APPLIANCE-DEMO-READY, and keeps running
#                 (or powers off with va.after=poweroff);
#   system.img  a 16 MiB raw system disk (sparse), with its sha256 in the descriptors;
#   demo.xml    one variant, direct kernel boot;
#   two-phase.xml  the same with an install phase (the run phase prints the install phase's marker).
# Needs: apt-get, dpkg-deb, busybox-static, cpio, gzip (scripts/setup.sh installs them).
set -euo pipefail
out="$(realpath -m "${1:-demo-appliance}")"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/virt-appliance/demo-kernel"
mkdir -p "$out" "$cache"

if [ ! -f "$cache/vmlinuz" ]; then
  package="$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')"
  [ -n "$package" ] || { echo "demo-appliance: apt knows no linux-image-cloud-amd64 (run apt-get update)" >&2; exit 1; }
  tmp="$(mktemp -d "$cache/.download.XXXXXX")"
  (cd "$tmp" && apt-get download -qq "$package" 2>/dev/null)
  dpkg-deb -x "$tmp"/*.deb "$tmp/root"
  modules="$(ls -d "$tmp"/root/lib/modules/*/kernel)"
  mkdir -p "$tmp/modules"
  for module in virtio/virtio_ring virtio/virtio virtio/virtio_pci_modern_dev virtio/virtio_pci_legacy_dev virtio/virtio_pci block/virtio_blk; do
    cp "$modules/drivers/$module.ko" "$tmp/modules/"
  done
  rm -rf "$cache/modules"
  mv "$tmp/modules" "$cache/modules"
  mv "$tmp"/root/boot/vmlinuz-* "$cache/vmlinuz.tmp" && mv "$cache/vmlinuz.tmp" "$cache/vmlinuz"
  rm -rf "$tmp"
fi
cp "$cache/vmlinuz" "$out/vmlinuz"

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,lib/modules}
cp /bin/busybox "$root/bin/busybox"
cp "$cache"/modules/*.ko "$root/lib/modules/"
cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk; do
  insmod /lib/modules/$m.ko 2>/dev/null
done
for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/vda ] && break; sleep 0.1; done
case " $(cat /proc/cmdline) " in
  *" va.phase=install "*)
    printf 'INSTALLED-BY-THE-INSTALL-PHASE\n' | dd of=/dev/vda conv=fsync 2>/dev/null
    sync
    echo "VIRT-APPLIANCE-INSTALL-DONE"
    poweroff -f ;;
esac
echo "VIRT-APPLIANCE-DEMO: disk says: $(head -c 64 /dev/vda | tr -d '\000' | head -n 1)"
echo "VIRT-APPLIANCE-DEMO-READY"
case " $(cat /proc/cmdline) " in *" va.after=poweroff "*) poweroff -f ;; esac
while true; do sleep 3600; done
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1 > "$out/initrd.img")

if [ ! -f "$out/system.img" ]; then
  truncate -s 16M "$out/system.img"
fi
sha="$(sha256sum "$out/system.img" | cut -d' ' -f1)"

descriptor() { # NAME INSTALL_ELEMENT
  cat <<XML
<image schema="2">
  <name version="1.0" release="1">$1</name>
  <label>virt-appliance demo</label>
  <description>Debian's cloud kernel and a busybox initramfs: boots in seconds under TCG</description>
  <domain>
    <boot type="hvm" id="direct-kernel">
      <guest><arch>x86_64</arch><features><acpi/><apic/></features></guest>
      <os>
        <kernel>vmlinuz</kernel>
        <initrd>initrd.img</initrd>
        <cmdline>console=ttyS0 panic=-1 quiet ${3:-}</cmdline>
      </os>
      <drive disk="system" target="vda"/>$2
    </boot>
    <devices>
      <vcpu>1</vcpu>
      <memory>262144</memory>
      <interface/>
    </devices>
  </domain>
  <storage>
    <disk id="system" file="system.img" use="system" format="raw">
      <checksum type="sha256">$sha</checksum>
    </disk>
  </storage>
</image>
XML
}
descriptor demo "" > "$out/demo.xml"
descriptor demo-two-phase "
      <install>
        <kernel>vmlinuz</kernel>
        <initrd>initrd.img</initrd>
        <cmdline>console=ttyS0 panic=-1 quiet va.phase=install</cmdline>
      </install>" > "$out/two-phase.xml"
echo "demo-appliance: $out/demo.xml and $out/two-phase.xml"
