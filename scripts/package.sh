#!/usr/bin/env bash
# Builds the packages into artifacts/ (or OUT):
# - the Debian package virt-appliance_VERSION_ARCH.deb: the ahead-of-time compiled executable, its manual pages and
#   completion scripts (written by the executable from its own command tree) and the guides;
# - NuGet packages of the reusable libraries (VirtAppliance.DiskImages, .Descriptors, .Hosts, .Libvirt), with their
#   XML API documentation and symbol packages, built deterministically.
# Needs dpkg-deb and dpkg-shlibdeps (scripts/setup.sh installs dpkg-dev) and the .NET SDK; no network beyond what a
# build's restore needs.
#   scripts/package.sh [--only deb|nuget] [--from DIR] [-o OUT]
#     --only KIND  build only the Debian package or only the NuGet packages
#     --from DIR   a folder with a published virt-appliance to package (default: publish one now)
#     -o OUT       where the packages go (default: artifacts)
set -euo pipefail
from=""
only=""
out="$(dirname "$0")/../artifacts"
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="${2:?--from needs a folder}"; shift 2 ;;
    -o) out="${2:?-o needs a folder}"; shift 2 ;;
    --only) only="${2:?--only needs deb or nuget}"; shift 2 ;;
    *) echo "usage: scripts/package.sh [--only deb|nuget] [--from DIR] [-o OUT]" >&2; exit 64 ;;
  esac
done
out=$(realpath -m "$out")
case "$only" in ""|deb|nuget) ;; *) echo "package: --only takes deb or nuget, not '$only'" >&2; exit 64 ;; esac
if [ -n "$from" ]; then from=$(realpath -m "$from"); fi
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

mkdir -p "$out"
work=$(mktemp -d "$out/.package-XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$only" != deb ]; then
  # A build of their own (--artifacts-path), so the development build's outputs stay as they are. It is always the
  # same folder inside the repository: paths there are mapped to /_/ (ContinuousIntegrationBuild), so the same
  # commit packs the same assemblies; a folder of another name each time would put that name into them.
  for library in DiskImages Descriptors Hosts Libvirt; do
    dotnet pack "src/VirtAppliance.$library" -c Release -o "$work/nuget" --artifacts-path "$(pwd)/artifacts/nuget-build" \
      -p:ContinuousIntegrationBuild=true --nologo -v quiet >/dev/null
  done
  for file in "$work"/nuget/*; do mv "$file" "$out/"; echo "package: $out/$(basename "$file")"; done
  [ "$only" = nuget ] && exit 0
fi

for tool in dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "package: $tool is missing: install dpkg-dev (scripts/setup.sh does)" >&2; exit 69; }
done
if [ -z "$from" ]; then
  case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; *) echo "package: no ahead-of-time build for $(uname -m)" >&2; exit 69 ;; esac
  echo "package: publishing virt-appliance ($rid)"
  dotnet publish src/VirtAppliance.Cli -c Release -r "$rid" -o "$work/publish" --nologo -v quiet >/dev/null
  from="$work/publish"
fi
exe="$from/virt-appliance"
[ -x "$exe" ] || { echo "package: $exe is not an executable" >&2; exit 66; }

version=$("$exe" --version | awk 'NR == 1 { print $2 }')
commit=$("$exe" --version | sed -n '1s/.*(commit \([0-9a-f]*\)).*/\1/p')
arch=$(dpkg --print-architecture)
case "$arch" in amd64) qemu=qemu-system-x86 ;; arm64) qemu=qemu-system-arm ;; *) qemu=qemu-system ;; esac
maintainer="virt-appliance maintainers <maintainers@users.noreply.h-seed-b9419471.example>"
root="$work/root"
doc="$root/usr/share/doc/virt-appliance"

install -D -m 0755 "$exe" "$root/usr/bin/virt-appliance"
mkdir -p "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" "$doc"
"$exe" __man "$root/usr/share/man/man1"
gzip -9n "$root"/usr/share/man/man1/*.1
"$exe" completion bash > "$root/usr/share/bash-completion/completions/virt-appliance"
"$exe" completion zsh > "$root/usr/share/zsh/vendor-completions/_virt-appliance"
for guide in docs/*.md; do
  case "$guide" in docs/architecture.md|docs/fuzzing.md) ;; *) install -m 0644 "$guide" "$doc/" ;; esac
done
install -m 0644 README.md "$doc/README.md"
cat > "$doc/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: virt-appliance

Files: *
Copyright: 2025-$(git log -1 --format=%ad --date=format:%Y 2>/dev/null || date +%Y) the virt-appliance authors
License: none-granted
 The source repository has no license file: no license has been granted yet.
 Ask the maintainers before redistributing this package.
COPYRIGHT
{
  echo "virt-appliance ($version) unstable; urgency=medium"
  echo
  echo "  * Built from commit ${commit:-unknown}."
  echo
  echo " -- $maintainer  $(git log -1 --format=%aD 2>/dev/null || date -R)"
} | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc"/*
# Native AOT links the .NET runtime's compression library (zlib-ng, for System.IO.Compression) into the executable;
# it cannot use the system's zlib. Its deflate is the fallback where libdeflate0 is missing.
install -d "$root/usr/share/lintian/overrides"
echo "virt-appliance: embedded-library zlib [usr/bin/virt-appliance]" > "$root/usr/share/lintian/overrides/virt-appliance"
chmod 0644 "$root/usr/share/lintian/overrides/virt-appliance"
find "$root" -type d -exec chmod 0755 {} +

# Shared libraries the executable links (libc); those it opens at run time (libvirt, OpenSSL, libzstd, libdeflate)
# are named below, with the programs it runs.
mkdir -p "$work/debian"
printf 'Source: virt-appliance\n\nPackage: virt-appliance\nArchitecture: any\n' > "$work/debian/control"
shlibs=$(cd "$work" && dpkg-shlibdeps -O -e"root/usr/bin/virt-appliance" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
mkdir -p "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<CONTROL
Package: virt-appliance
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: ${shlibs:+$shlibs, }libssl3, libvirt0, libzstd1, e2fsprogs, $qemu
Recommends: libdeflate0, libvirt-daemon, libvirt-daemon-driver-qemu, qemu-utils, mmdebstrap, fdisk, dosfstools, mtools, syslinux, syslinux-common, grub-pc-bin, ovmf, genisoimage, busybox-static, cpio, openssh-client
Suggests: skopeo, docker-registry, virt-v2v
Section: admin
Priority: optional
Homepage: https://github.com/virt-appliance/virt-appliance
Description: virtual machine appliances for libvirt hosts
 One appliance, several boot variants, and a tool that knows which variant
 runs on which libvirt host and why the others do not. virt-appliance builds
 appliances from kickstart-style specs without root; converts, compresses and
 checks their disk images (raw, qcow2, vmdk, vhd, vhdx, vdi) natively;
 customizes instances on copy-on-write overlays; publishes and pulls them
 through signed repositories; deploys them through libvirt on one host or a
 fleet; and exports them as OVA, Vagrant boxes and KubeVirt container disks.
CONTROL
(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

package="$out/virt-appliance_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$work/package.deb" >/dev/null
mv "$work/package.deb" "$package"
echo "package: $package"
