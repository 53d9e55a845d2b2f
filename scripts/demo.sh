#!/usr/bin/env bash
# The main job: build the tiny appliance from its kickstart (examples/tiny.ks: a busybox root on ext4, Debian's cloud
# kernel, boot disks for BIOS and UEFI), check which of its variants runs here, deploy it on the default connection
# (the system daemon for root, the session daemon for users; libvirt's embedded driver where no daemon can be had),
# wait for its marker on the serial console, list it, log in on its console and run a command, stop it, undeploy it.
set -euo pipefail
cd "$(dirname "$0")/.."
va() { artifacts/virt-appliance/virt-appliance "$@"; }
name="demo-$$"
work="${DEMO_DIR:-$(mktemp -d)}"
cleanup() { va undeploy "$name" --purge --force >/dev/null 2>&1 || true; rm -rf "$work"; }
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

echo; echo "== console: log in as root (password tiny), run a command, leave with Ctrl-]"
# Typed through a pseudo-terminal (script) as a user would type it; interactively it is just: va console NAME
{ sleep 1; printf '\r'; sleep 1; printf 'root\r'; sleep 1; printf 'tiny\r'; sleep 1; printf 'uname -sr; uptime\r'; sleep 2; printf '\035'; } \
  | script -E never -qfec "artifacts/virt-appliance/virt-appliance console $name" /dev/null \
  | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1b[=>]//g' | grep -v '^$' | sed -n '/login:/,$p'
echo

echo; echo "== stop (ACPI power button; the guest powers itself off)"
va stop "$name"

echo; echo "== undeploy"
va undeploy "$name" --purge
echo; echo "demo: built, checked, deployed, booted, listed, logged in, stopped and undeployed in $(( $(date +%s) - started )) s"
