#!/usr/bin/env bash
# The main job: build the tiny appliance from its kickstart (examples/tiny.ks: a busybox root on ext4, Debian's cloud
# kernel, boot disks for BIOS and UEFI), check which of its variants runs here, deploy it on the default connection
# (libvirt's embedded QEMU driver when no daemon runs), wait for its marker on the serial console, list it, undeploy it.
set -euo pipefail
cd "$(dirname "$0")/.."
va() { artifacts/virt-appliance/virt-appliance "$@"; }
name="demo-$$"
work="${DEMO_DIR:-$(mktemp -d)}"
cleanup() { va undeploy "$name" --purge >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
started=$(date +%s)

echo "== build the tiny appliance from examples/tiny.ks (no root, no mounts)"
va build examples/tiny.ks -o "$work/appliance"

echo; echo "== which variant runs on this host, and why"
va check "$work/appliance/tiny.xml"

echo; echo "== deploy on the default connection and wait for the marker on the serial console"
va deploy "$work/appliance/tiny.xml" --name "$name" --wait-for TINY-APPLIANCE-READY --timeout 120

echo; echo "== list"
va list

echo; echo "== console (last lines)"
tail -n 2 "$(va status "$name" --json | sed -n 's/.*"console-log": "\(.*\)".*/\1/p')" | tr -d '\r'

echo; echo "== undeploy"
va undeploy "$name" --purge
echo; echo "demo: built, checked, deployed, booted, listed and undeployed in $(( $(date +%s) - started )) s"
