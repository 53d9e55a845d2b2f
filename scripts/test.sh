#!/usr/bin/env bash
# Sets the machine up (scripts/setup.sh) and runs every test; ends with "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# The referees of the interop tests: virt-v2v (with nbdkit and libnbd-bin, which it needs but does not pull in, and a
# kernel for libguestfs's appliance), Vagrant with its libvirt provider (dnsmasq for the network it makes), zsh for the
# completion script and lintian for the Debian package.
referees=(virt-v2v nbdkit libnbd-bin linux-image-cloud-amd64 vagrant vagrant-libvirt dnsmasq-base zsh lintian)
missing=()
for package in "${referees[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test: installing ${missing[*]}"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "0 passed, 1 failed"; exit 1; }
fi
# The KubeVirt export test type-checks manifests with KubeVirt's TypeScript API models (pinned in package.json and
# package-lock.json): Node.js and npm from Debian where the machine has none, then the packages from npm.
types=tests/VirtAppliance.Interop.Tests/KubeVirtTypes
if ! command -v npm >/dev/null; then
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
[ -d "$types/node_modules/typescript" ] || (cd "$types" && npm ci --no-audit --no-fund --loglevel=error) || { echo "0 passed, 1 failed"; exit 1; }
# Tests that run the command as a process run the published one, as users do.
export VIRT_APPLIANCE_COMMAND="$(pwd)/artifacts/virt-appliance/virt-appliance"

log=$(mktemp)
dotnet test VirtAppliance.slnx -c Release --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

sum() { grep -Eo "$1:[[:space:]]+[0-9]+" "$log" | grep -Eo '[0-9]+' | awk '{ s += $1 } END { print s + 0 }'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
rm -f "$log"
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
