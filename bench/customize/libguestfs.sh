# Sourced by the customize benchmarks: installs libguestfs-tools and a host kernel for its helper VM when missing
# (root), uses its direct back end, and where KVM is present but does not run guests (virt-appliance's check of
# DESCRIPTOR says "qemu"), makes libguestfs use TCG too, as virt-appliance does; otherwise its helper VM would hang.
# Usage: libguestfs_prepare NAME VIRT-APPLIANCE DESCRIPTOR
libguestfs_prepare() {
  local name="$1" va="$2" descriptor="$3" need=() package
  for package in libguestfs-tools linux-image-cloud-amd64; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || need+=("$package")
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "bench/$name: installing ${need[*]} (libguestfs's helper VM needs a host kernel)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  export LIBGUESTFS_BACKEND=direct
  if [ -z "${LIBGUESTFS_BACKEND_SETTINGS:-}" ] && "$va" check "$descriptor" --json | grep -q '"domain-type": "qemu"'; then
    export LIBGUESTFS_BACKEND_SETTINGS=force_tcg
    echo "bench/$name: KVM does not run guests here: libguestfs's helper VM runs under TCG (force_tcg)"
  fi
}
