#!/usr/bin/env bash
# Placement on synthetic fleets: 1,000 hosts x 10,000 instances (spread and pack), the median time of 5 rounds and the
# peak memory, against the targets (<= 1 s, <= 256 MiB). No peer places appliances, so the targets are the reference.
# Usage: bash bench/placement/run.sh [HOSTS [INSTANCES [ROUNDS]]]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build bench/placement/Placement.Bench.csproj -c Release --nologo -v q >/dev/null
dotnet bench/placement/bin/Release/net10.0/Placement.Bench.dll "$@"
