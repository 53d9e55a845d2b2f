#!/usr/bin/env bash
# Pull over loopback HTTP (virt-appliance repo serve) against curl fetching the same blobs and against the same work
# done by hand (curl | zstd -dc | tee FILE | sha256sum, per blob), a pull killed at ~50 % and resumed (extra bytes the
# server sent, from its /proc/PID/io), and bytes for one variant of three against all.
# The appliance: three variants with 64 MiB boot disks each, sharing a ~1 GiB root disk (768 MiB random + zeros).
# Usage: bash bench/pull/run.sh     (ROUNDS=N, BENCH_DIR=DIR to keep files)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${ROUNDS:-5}"
work="${BENCH_DIR:-$(mktemp -d)}"
va="$(pwd)/artifacts/virt-appliance/virt-appliance"
[ -x "$va" ] || bash scripts/setup.sh
for tool in curl zstd; do command -v "$tool" >/dev/null || apt-get install -y -qq --no-install-recommends "$tool" >/dev/null; done
mkdir -p "$work/src"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; [ -n "${BENCH_DIR:-}" ] || rm -rf "$work"; }
trap cleanup EXIT INT TERM
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"

if [ ! -f "$work/src/root.img" ]; then
  head -c $((768 << 20)) /dev/urandom > "$work/src/root.img"
  truncate -s 1G "$work/src/root.img"
  for v in pae nonpae hvm; do head -c $((64 << 20)) /dev/urandom > "$work/src/boot-$v.img"; done
fi
cp tests/VirtAppliance.Hosts.Tests/Fixtures/tcg-only-x86_64.xml "$work/host.xml"
cat > "$work/src/appliance.xml" <<'XML'
<image>
  <name version="1.0">three-ways</name>
  <domain>
    <boot type="xen"><guest><arch>i686</arch><features><pae/></features></guest><os><loader>pygrub</loader></os>
      <drive disk="boot-pae.img" target="xvda"/><drive disk="root" target="xvdb"/></boot>
    <boot type="xen"><guest><arch>i686</arch><features><pae state="off"/></features></guest><os><loader>pygrub</loader></os>
      <drive disk="boot-nonpae.img" target="xvda"/><drive disk="root" target="xvdb"/></boot>
    <boot type="hvm"><guest><arch>x86_64</arch></guest><os><loader dev="hd"/></os>
      <drive disk="boot-hvm.img" target="hda"/><drive disk="root" target="hdb"/></boot>
  </domain>
  <storage><disk file="boot-pae.img"/><disk file="boot-nonpae.img"/><disk file="boot-hvm.img"/><disk id="root" file="root.img"/></storage>
</image>
XML
[ -f "$work/key" ] || "$va" key generate "$work/key" >/dev/null
rm -rf "$work/repo" "$work/state/virt-appliance/repositories"   # a new repository: forget the serial seen of the old one
/usr/bin/time -f "publish: %e s" "$va" publish "$work/src/appliance.xml" --repo "$work/repo" --key "$work/key" >/dev/null
# Port 0: the system chooses a free one and the server prints it.
"$va" repo serve "$work/repo" --listen 127.0.0.1:0 > "$work/serve.out" &
server=$!
port=""
for _ in $(seq 100); do port=$(sed -n 's|^serving .* on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$work/serve.out"); [ -n "$port" ] && break; sleep 0.1; done
[ -n "$port" ] || { echo "repo serve printed no port" >&2; exit 1; }
url="http://127.0.0.1:$port/"
# Bytes the server read from its blob files, which it sends on (socket writes are not in wchar).
sent() { awk '/^rchar/ {print $2}' "/proc/$server/io"; }

# The blobs the hvm variant needs, as curl would fetch them.
info=$("$va" info three-ways --repo "$url" --key "$work/key.pub" --json)
blobs=$(echo "$info" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(" ".join(d["blob"]["digest"].split(":")[1] for d in m["disks"] if d["id"] in ("root","boot-hvm.img")))')
# HEX:COMPRESSION of the same blobs, for the pipeline by hand.
hand_blobs=$(echo "$info" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(" ".join(d["blob"]["digest"].split(":")[1] + ":" + d["compression"] for d in m["disks"] if d["id"] in ("root","boot-hvm.img")))')
variant_bytes=$(echo "$info" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(sum(d["blob"]["size"] for d in m["disks"] if d["id"] in ("root","boot-hvm.img")))')
all_bytes=$(echo "$info" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(sum(d["blob"]["size"] for d in m["disks"]))')
content_bytes=$(echo "$info" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(sum(d["content"]["size"] for d in m["disks"] if d["id"] in ("root","boot-hvm.img")))')
# One SHA-256 over each disk's content cannot be split across cores: its speed bounds any verified pull.
sha_speed=$(openssl speed -seconds 2 -bytes 1048576 -evp sha256 2>/dev/null | awk '/^sha256/ {sub("k", "", $2); print $2 * 1000}')

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
curl_times=(); hand_times=(); pull_times=()
for round in $(seq "$rounds"); do
  rm -rf "$work/curl"; mkdir -p "$work/curl"; sync
  t0=$(now)
  for b in $blobs; do curl -sf -o "$work/curl/$b" "${url}blobs/sha256/$b"; done
  curl_times+=("$(echo "$(now) $t0" | awk '{print $1 - $2}')")
  rm -rf "$work/curl" "$work/hand"; mkdir -p "$work/hand"; sync
  t0=$(now)
  for entry in $hand_blobs; do
    b=${entry%%:*}
    if [ "${entry##*:}" = zstd ]; then curl -sf "${url}blobs/sha256/$b" | zstd -dcq | tee "$work/hand/$b" | sha256sum >/dev/null
    else curl -sf "${url}blobs/sha256/$b" | tee "$work/hand/$b" | sha256sum >/dev/null; fi
  done
  hand_times+=("$(echo "$(now) $t0" | awk '{print $1 - $2}')")
  rm -rf "$work/hand" "$work/cache"; sync
  t0=$(now)
  XDG_CACHE_HOME="$work/cache" "$va" pull three-ways --repo "$url" --key "$work/key.pub" --capabilities "$work/host.xml" >/dev/null
  pull_times+=("$(echo "$(now) $t0" | awk '{print $1 - $2}')")
done
rm -rf "$work/cache"
c=$(printf '%s\n' "${curl_times[@]}" | median); h=$(printf '%s\n' "${hand_times[@]}" | median); p=$(printf '%s\n' "${pull_times[@]}" | median)

# Killed at about half of the bytes, then resumed.
before=$(sent)
XDG_CACHE_HOME="$work/cache" "$va" pull three-ways --repo "$url" --key "$work/key.pub" --capabilities "$work/host.xml" >/dev/null 2>"$work/killed-pull.err" &
puller=$!
while [ $(( $(sent) - before )) -lt $(( variant_bytes / 2 )) ] && kill -0 "$puller" 2>/dev/null; do sleep 0.02; done
kill -9 "$puller"; wait "$puller" 2>/dev/null || true
XDG_CACHE_HOME="$work/cache" "$va" pull three-ways --repo "$url" --key "$work/key.pub" --capabilities "$work/host.xml" >/dev/null
total_sent=$(( $(sent) - before ))

awk -v c="$c" -v h="$h" -v p="$p" -v vb="$variant_bytes" -v ab="$all_bytes" -v ts="$total_sent" -v cb="$content_bytes" -v sha="$sha_speed" 'BEGIN {
  printf "\nvariant blobs: %.0f MB (all three variants: %.0f MB; one variant downloads %.0f %%)\n", vb/1e6, ab/1e6, 100*vb/ab;
  printf "curl (same blobs, no verification): %.2f s  %.0f MB/s\n", c, vb/1e6/c;
  printf "virt-appliance pull (verified, decompressed into the cache): %.2f s  %.0f MB/s\n", p, vb/1e6/p;
  printf "by hand (curl | zstd -dc | tee | sha256sum per blob): %.2f s  %.0f MB/s\n", h, vb/1e6/h;
  printf "throughput ratio pull / curl: %.2f (target >= 0.8)\n", c/p;
  printf "time ratio pull / by hand: %.2f (target <= 0.35)\n", p/h;
  printf "bound: SHA-256 of the variant: %.0f MB of content at %.0f MB/s (openssl, one core) alone takes %.2f s: ratio <= %.2f here\n", cb/1e6, sha/1e6, cb/sha, c/(cb/sha);
  printf "killed at ~50%% and resumed: server sent %.0f MB for %.0f MB: %.1f %% extra (target <= 5 %%)\n", ts/1e6, vb/1e6, 100*(ts-vb)/vb }'
