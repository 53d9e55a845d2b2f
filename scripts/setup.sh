#!/usr/bin/env bash
# Prepares a Debian 12 machine that has the .NET SDK: Debian packages, a Release build, and
# `virt-appliance` on PATH. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(qemu-utils qemu-system-x86 libzstd1 libdeflate0 e2fsprogs time libvirt-clients libvirt0 libvirt-daemon-driver-qemu libvirt-daemon docker-registry skopeo apache2-utils curl
          busybox-static cpio gzip util-linux
          syslinux syslinux-common grub-pc-bin mtools dosfstools ovmf systemd-boot-efi mmdebstrap fdisk genisoimage
          clang zlib1g-dev tzdata openssh-client afl++ man-db bash-completion dpkg-dev)
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# With systemd, Debian's libvirt-daemon-system runs the system daemon; without a service manager (containers, CI) the
# daemon is started below.
if [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; then packages+=(libvirt-daemon-system); fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# libvirt's QEMU driver (embedded too) refuses to start without the user and groups its Debian build names.
getent group kvm >/dev/null || as_root groupadd -r kvm
getent group libvirt-qemu >/dev/null || as_root groupadd -r libvirt-qemu
getent passwd libvirt-qemu >/dev/null || as_root useradd -r -g libvirt-qemu -G kvm -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu

command -v dotnet >/dev/null || { echo "setup: the .NET SDK (dotnet) is required" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

case "$(uname -m)" in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; *) rid="" ;; esac
echo "setup: building virt-appliance (Release${rid:+, compiled ahead of time for $rid})"
# Native AOT: one executable of machine code that starts in a few milliseconds, where the .NET runtime with even
# precompiled (ReadyToRun) code takes about 80 ms before the first line of the program runs. The build needs clang.
rm -rf artifacts/virt-appliance.new
if [ -n "$rid" ]; then
  dotnet publish src/VirtAppliance.Cli -c Release -r "$rid" -o artifacts/virt-appliance.new --nologo -v quiet >/dev/null
else
  dotnet publish src/VirtAppliance.Cli -c Release -p:PublishAot=false -o artifacts/virt-appliance.new --nologo -v quiet >/dev/null
fi
rm -rf artifacts/virt-appliance
mv artifacts/virt-appliance.new artifacts/virt-appliance
# SharpFuzz's instrumenting tool, for fuzz/run.sh (pinned in dotnet-tools.json).
dotnet tool restore >/dev/null

target="$(pwd)/artifacts/virt-appliance/virt-appliance"
if [ "$(id -u)" -eq 0 ]; then bin=/usr/local/bin; else bin="$HOME/.local/bin"; mkdir -p "$bin"; fi
ln -sf "$target" "$bin/virt-appliance"
echo "setup: $bin/virt-appliance -> $target"

# Manual pages and tab completion, which the executable writes from its own command tree: man virt-appliance,
# man virt-appliance-image, virt-appliance stop <TAB>. Root installs for every user, others for themselves.
if [ "$(id -u)" -eq 0 ]; then share=/usr/local/share; else share="${XDG_DATA_HOME:-$HOME/.local/share}"; fi
mkdir -p "$share/man/man1" "$share/bash-completion/completions" "$share/zsh/site-functions"
rm -f "$share"/man/man1/virt-appliance.1 "$share"/man/man1/virt-appliance-*.1
"$target" __man "$share/man/man1"
"$target" completion bash > "$share/bash-completion/completions/virt-appliance"
"$target" completion zsh > "$share/zsh/site-functions/_virt-appliance"
if command -v mandb >/dev/null; then mandb -q "$share/man" >/dev/null 2>&1 || true; fi
echo "setup: manual pages in $share/man/man1, completion for bash and zsh in $share"

# The system daemon, where no service manager runs it (root only: users get their session daemon on demand).
if [ "$(id -u)" -eq 0 ] && [ "$(cat /proc/1/comm 2>/dev/null)" != systemd ]; then
  bash scripts/libvirt-daemon.sh
fi
