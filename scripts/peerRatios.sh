#!/usr/bin/env bash
# Appends one sitting of ../shared/peer/ratios (the authors' JAX step against ours, both timed on
# this machine) to reproduction/peer-ratios.txt with the date, the CPU model and the load average
# before it started. Run from the project root on an otherwise idle machine (about 3 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
peer="${PEER_RATIOS:-../shared/peer/ratios}"
[ -x "$peer" ] || { echo "no $peer (the peer benchmark lives beside the project, in ../shared/peer)"; exit 2; }
head="$(date -u +%Y-%m-%dT%H:%MZ), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
out=$("$peer" 2>/dev/null | grep -E '^fig[0-9]')
printf '## %s\n%s\n\n' "$head" "$out" | tee -a reproduction/peer-ratios.txt
