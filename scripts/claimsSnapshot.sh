#!/usr/bin/env bash
# Copies the claims runs of scripts/claimsRuns.sh OUT into reproduction/claims/ for committing:
# every sweep folder's runs.jsonl, summary.json, figures, progress.log and checkpoints/ (so that a
# later session on another machine resumes: copy reproduction/claims/ back to OUT and rerun
# claimsRuns.sh), and its artifacts/ when they total under 10 MB (fig4 at d >= 50 stores 10⁵
# parameters a run: those stay in OUT and `bigstep verify` runs there). Then `npm run docs`.
set -euo pipefail
OUT=${1:?usage: scripts/claimsSnapshot.sh OUT}
cd "$(dirname "$0")/.."
dest=reproduction/claims
mkdir -p "$dest"
cp "$OUT/claims-log.txt" "$dest/" 2>/dev/null || true
for sweep in "$OUT"/*/*/paper; do
  [ -f "$sweep/runs.jsonl" ] || continue
  rel=${sweep#"$OUT"/}
  mkdir -p "$dest/$rel"
  for f in runs.jsonl summary.json "$(basename "$(dirname "$sweep")")".png "$(basename "$(dirname "$sweep")")".svg; do
    [ -f "$sweep/$f" ] && cp "$sweep/$f" "$dest/$rel/"
  done
  rm -rf "$dest/$rel/checkpoints"
  [ -d "$sweep/checkpoints" ] && cp -r "$sweep/checkpoints" "$dest/$rel/"
  if [ -d "$sweep/artifacts" ] && [ "$(du -sm "$sweep/artifacts" | cut -f1)" -lt 10 ]; then
    rm -rf "$dest/$rel/artifacts"; cp -r "$sweep/artifacts" "$dest/$rel/"
  fi
done
echo "snapshot of $OUT in $dest: $(find "$dest" -name runs.jsonl | xargs cat | wc -l) runs"
