#!/usr/bin/env bash
# The paper-scale diffusion runs behind the claims table of docs/reproduction.md (issue 15), in the
# order the issue asks: the cheap ones first. Every stage is a resumable `bigstep run` (finished
# runs are skipped, a run cut short continues from its checkpoint), so rerunning this script after
# an interruption — kill, a session's end, a reboot — picks up where it stopped:
#   scripts/claimsRuns.sh OUT            (about a day of a 2-core machine in all)
#   scripts/claimsSnapshot.sh OUT        (copies what is finished into reproduction/claims/)
# Seeds: the sweep seed is the default (20250101) for every stage, fixed before any run; the data
# of (d, simulation) and the generation noise of each set follow from it (docs/analysis.md).
# Protocol: the notebooks' (the paper text's loss diverges at η >= 1, docs/reproduction.md; its
# η <= 0.1 runs come last, as a check of the protocol), f64 (float32 would be the authors' choice,
# but at η = 2, m = 1000, B = 5000 our f32 runs diverged within 60 steps in 2 of 3 data sets where
# f64 ran 300 steps in all three — not understood yet: see docs/precision.md), MMD² at bandwidths 1
# (the paper), 0.5, 2 and the median heuristic, W2 and the null levels in every row.
set -euo pipefail
OUT=${1:?usage: scripts/claimsRuns.sh OUT}
cd "$(dirname "$0")/.."
mkdir -p "$OUT"
log="$OUT/claims-log.txt"
common=(--preset paper --set 'bandwidths=[0.5,2,"median"]')
fig3() { # ROOT ETAS EPOCHS SIMS PROTOCOL: fig3 at m = 1000, B = 5000, then fig5diffusion on its parameters
  node bin/bigstep.js run fig3 --out "$OUT/$1" "${common[@]}" --set "protocol=$5" --set "etas=$2" --set "epochs=$3" --set "sims=$4"
  node bin/bigstep.js run fig5diffusion --preset paper --out "$OUT/$1" --set "protocol=$5" --set "etas=$2" --set "epochs=$3" --set "sims=$4"
}
fig4() { # ROOT DS: fig4 at eta = 0.5, 50k steps, 3 simulations × 5 sets
  node bin/bigstep.js run fig4 --out "$OUT/$1" "${common[@]}" --set protocol=notebook --set "ds=$2"
}
{
  echo "== $(date -u +%Y-%m-%dT%H:%MZ) $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, commit $(git rev-parse --short HEAD)"
  fig3 fig3-large '[2,1,0.1]' '[20000,20000,200000]' 5 notebook
  fig4 fig4-low '[2,5,10]'
  fig3 fig3-small '[0.05,0.01]' '[1000000,2000000]' 5 notebook
  fig4 fig4-high '[50,80,100]'
  # the paper text's loss where it trains (it diverges at η >= 1): two data sets
  fig3 fig3-papertext '[0.1,0.05]' '[200000,1000000]' 2 paper
  echo "== $(date -u +%Y-%m-%dT%H:%MZ) every stage done"
} 2>&1 | tee -a "$log"
