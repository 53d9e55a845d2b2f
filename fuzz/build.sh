#!/usr/bin/env bash
# fuzz/build.sh — publishes the harness to fuzz/bin/harness and instruments the toolkit's assemblies in it with
# SharpFuzz (afl-fuzz's coverage map then sees every branch of our parsers), next to a plain copy in fuzz/bin/plain.
# Does nothing when no source changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(dirname "$here")"
out="$here/bin/harness"; plain="$here/bin/plain"; stamp="$out/.instrumented"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec 9>"$here/bin.lock"; flock 9
if [ -f "$stamp" ] && [ -z "$(find "$root/src" "$here/VirtAppliance.Fuzz" "$root"/Directory.*.props "$root/dotnet-tools.json" \
      -newer "$stamp" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' -o -name '*.xml' \) -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
  exit 0
fi
echo "fuzz: building and instrumenting the harness" >&2
rm -rf "$out.new" "$plain"
dotnet publish "$here/VirtAppliance.Fuzz" -c Release -o "$plain" --nologo -v quiet >/dev/null
# Instrumented code may run only under afl-fuzz (it writes to afl's shared coverage map): seeds and replays use the
# plain copy.
cp -r "$plain" "$out.new"
(cd "$root" && dotnet tool restore >/dev/null)
for dll in "$out.new"/VirtAppliance.*.dll; do
  [ "$(basename "$dll")" = VirtAppliance.Fuzz.dll ] && continue
  (cd "$root" && dotnet tool run sharpfuzz "$dll" >/dev/null)
done
rm -rf "$out"; mv "$out.new" "$out"; touch "$stamp"
