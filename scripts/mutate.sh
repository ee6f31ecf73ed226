#!/usr/bin/env bash
# `npm run mutate [FOLDER ...]`: StrykerJS over src/experiments, src/analysis, src/model and the
# TypeScript twins (src/backend/ts), one incremental run per folder (default: all four, in that
# order). Each folder keeps its incremental file gzipped in reports/mutation/NAME.incremental.json.gz
# (committed, so a later run — on another machine — only tests what changed) and its scores in
# reports/mutation/summary.json (read by docs/mutation.md through `npm run docs`). A full run takes
# hours on two cores: run it in the background, e.g. `nohup npm run mutate > mutate.log 2>&1 &`.
set -euo pipefail
cd "$(dirname "$0")/.."
folders=("$@")
[ ${#folders[@]} -eq 0 ] && folders=(src/experiments src/analysis src/model src/backend/ts)
mkdir -p reports/mutation
for folder in "${folders[@]}"; do
  name=$(echo "$folder" | sed 's#^src/##; s#/#-#g')
  inc="reports/mutation/$name.incremental.json"
  [ -f "$inc.gz" ] && gunzip -kf "$inc.gz"
  echo "mutate: $folder → $inc ($(date -u +%FT%TZ))"
  npx stryker run --mutate "$folder/**/*.ts" --incrementalFile "$inc"
  npx tsx scripts/mutationSummary.ts "$folder" reports/mutation/mutation.json
  gzip -f "$inc"
  rm -f reports/mutation/mutation.json
done
