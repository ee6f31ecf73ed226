// SGD on the 1-D denoising score-matching loss without a B × m loop (SPEC §1, "SGD" and the
// 1-D paragraph). Twin: src/backend/ts/sgd1d.ts (same operations in the same order; each
// f64x2 lane there is a scalar), so both backends give bit-identical parameters.
//
// Network: s(y) = (1/m) Σ_l w2_l relu(w1_l y + b_l), params = [w1 (m) | b (m) | w2 (m)].
// Step (draw order shared with sgdDense): B indices i_b = floor(n U_b), then B normals z_b;
// Y_b = mu x_{i_b} + sigma z_b, f_b = s(Y_b) + z_b / sigma, loss = (1/B) Σ_b f_b²,
// g_b = (2/B) f_b = ∂loss/∂s(Y_b), update θ ← θ − m·eta·∇θ loss (w1 kept when trainW1 == 0).
//
// Activity. With tau_l = -b_l / w1_l, relu'(w1_l y + b_l) = 1{w1_l y + b_l > 0} is decided as
// 1{y > tau_l} for w1_l > 0 (positive group) and 1{y < tau_l} for w1_l < 0 (negative group);
// w1_l == 0 joins the positive group with tau_l = -Infinity if b_l > 0 (always active) and
// +Infinity otherwise (never active). At an exact tie y == tau_l the neuron is INACTIVE
// (relu'(0) = 0; its value w1 y + b is 0 there anyway). Because tau_l is rounded, 1{y > tau_l} can differ from the
// rounded 1{w1_l y + b_l > 0} only when |w1_l y + b_l| is at rounding level (w1 = ±1: never,
// since -b/±1 is exact and fl(±y + b) > 0 ⇔ ±y + b > 0).
//
// Prefix-sum identities (split Σ_l over the neurons active at y; source: the definition of s,
// SPEC §1 "Exact 1-D risk": between consecutive kinks s is affine):
//   s(y) = (1/m) (y A(y) + C(y)),  A(y) = Σ_{l active at y} w2_l w1_l,  C(y) = Σ_{active} w2_l b_l.
// Sort the batch, Y_0 <= ... <= Y_{B-1}. A positive-group kink with q_l = #{j : Y_j <= tau_l}
// is active exactly at j >= q_l, a negative-group kink with r_l = #{j : Y_j < tau_l} exactly at
// j < r_l. With bucket sums accA+[q] = Σ_{l pos, q_l = q} w2_l w1_l (and accA-, accC±):
//   A(Y_j) = Σ_{q <= j} accA+[q] + Σ_{r > j} accA-[r]   (a prefix and a suffix over buckets).
// With g_j = (2/B) f_j, SG_j = Σ_{j' >= j} g_j', SH_j = Σ_{j' >= j} g_j' Y_j' (SG_B = 0) and
// PG_j = Σ_{j' < j} g_j', PH_j likewise (PG_0 = 0):
//   G_l = Σ_{b active} g_b = SG_{q_l} or PG_{r_l},  H_l = Σ_{b active} g_b Y_b = SH_{q_l} or PH_{r_l},
//   ∂loss/∂w2_l = (1/m)(w1_l H_l + b_l G_l), ∂loss/∂b_l = (1/m) w2_l G_l,
//   ∂loss/∂w1_l = (1/m) w2_l H_l.
// The step multiplies by m·eta, so the update is θ ← θ − eta·(m ∂loss/∂θ) (m·eta·(1/m) = eta
// in exact arithmetic; the kernel never forms m·eta·(1/m)).
// Cost per step: B² / 4 moves at most to insertion-sort the batch, an exact SIMD count of
// batch points below each kink (kinkBuckets.ts, O(√B) f64x2 compares, no branch), O(m + B) for
// the rest: no B × m loop. (A first version kept the kinks sorted — insertion sort after each
// step, then merged with the batch — as SPEC suggests; that re-sort alone cost 7–16 µs a step
// at m = 1000, growing as kinks crowd or move, against about 11 µs for this whole step.)
import { rngLoad, rngStore, nextUniform, nextNormal } from './rng';
import { bucketKinks, kinkKey, kinkKey2, sortBatch } from './kinkBuckets';

// Scratch layout, in f64 slots (mE = m rounded up to even, S = 2 B + 8 per batch array):
//   per neuron (original order): key (kinkKey), aw = w2 w1, cw = w2 b (f64), bk (i32)  3.5 mE
//   batch: ys (NaN-padded), zs, gs, AP, CP, GH (2 S: pairs (G, H)_q, q < B+1 from SG, SH,
//   then B+1 from PG, PH),
//   accA, accC (bucket sums: B+1 positive, then B+1 negative), spl, idx (i32)   11 S
// contract.ts: scratchLength.sgd1d(m, B) = 4 m + 22 B + 96 covers it (3.5 mE + 11 S).

/** One call: `epochs` SGD steps; returns the number completed (see contract.ts). */
export function sgd1d(params: usize, m: i32, x: usize, n: i32, mu: f64, sigma: f64, eta: f64,
  B: i32, epochs: i32, trainW1: i32, rng: usize, losses: usize, scratch: usize): i32 {
  const mE = <usize>((m + 1) & ~1), S = <usize>(2 * B + 8) << 3;
  const w1 = params, pb = params + (<usize>m << 3), w2 = params + (<usize>m << 4);
  const key = scratch, aw = key + (mE << 3), cw = aw + (mE << 3), bk = cw + (mE << 3);
  const ys = bk + (mE << 2), zs = ys + S, gs = zs + S, AP = gs + S, CP = AP + S;
  const GH = CP + S, accA = GH + 2 * S, accC = accA + S, spl = accC + S, idx = spl + S;
  const negBase = <usize>(B + 1) << 3;
  const mf = <f64>m, nf = <f64>n, twoOverB = 2.0 / <f64>B, Bf = <f64>B;

  // Prologue: kinks and per-neuron products of the current parameters.
  // chk = Σ 0·θ is ±0 when every parameter is finite and NaN otherwise; it is added to the loss
  // so that a non-finite parameter stops the run (dense arithmetic would turn it into NaN too).
  let chk: f64 = 0.0;
  for (let l = 0; l < m; l++) {
    const o = <usize>l << 3;
    const a = load<f64>(w1 + o), c = load<f64>(pb + o), v = load<f64>(w2 + o);
    store<f64>(key + o, kinkKey(a, c));
    store<f64>(aw + o, v * a);
    store<f64>(cw + o, v * c);
    chk = chk + ((a * 0.0 + c * 0.0) + v * 0.0);
  }

  rngLoad(rng);
  for (let step = 0; step < epochs; step++) {
    // (a) B indices, then (b) B normals: the draw order of sgdDense.
    for (let b = 0; b < B; b++) {
      let i = <i32>Math.floor(nf * nextUniform());
      if (i >= n) i = n - 1;
      store<i32>(idx + (<usize>b << 2), i);
    }
    for (let b = 0; b < B; b++) {
      const z = nextNormal();
      const xi = load<f64>(x + (<usize>load<i32>(idx + (<usize>b << 2)) << 3));
      store<f64>(ys + (<usize>b << 3), mu * xi + sigma * z);
      store<f64>(zs + (<usize>b << 3), z);
    }
    sortBatch(ys, zs, B);
    bucketKinks(w1, key, aw, cw, m, ys, B, spl, bk, accA, accC);

    // Forward: A+, C+ (prefix over positive buckets) ascending; then descending A-, C- (suffix
    // over negative buckets), s, f, g, the loss (summed over j descending), SG and SH.
    let sa: f64 = 0.0, sc: f64 = 0.0;
    for (let j = 0; j < B; j++) {
      const oj = <usize>j << 3;
      sa += load<f64>(accA + oj); sc += load<f64>(accC + oj);
      store<f64>(AP + oj, sa); store<f64>(CP + oj, sc);
    }
    sa = 0.0; sc = 0.0;
    let sum: f64 = 0.0, sg: f64 = 0.0, sh: f64 = 0.0;
    store<f64>(GH + (<usize>B << 4), 0.0); store<f64>(GH + (<usize>B << 4), 0.0, 8);
    for (let j = B - 1; j >= 0; j--) {
      const oj = <usize>j << 3;
      const y = load<f64>(ys + oj);
      sa += load<f64>(accA + negBase + oj + 8); sc += load<f64>(accC + negBase + oj + 8);
      const s = (y * (load<f64>(AP + oj) + sa) + (load<f64>(CP + oj) + sc)) / mf;
      const f = s + load<f64>(zs + oj) / sigma;
      sum += f * f;
      const g = f * twoOverB;
      store<f64>(gs + oj, g);
      sg += g; sh += g * y;
      store<f64>(GH + (oj << 1), sg); store<f64>(GH + (oj << 1), sh, 8);
    }
    const loss = sum / Bf + chk;
    if (losses != 0) store<f64>(losses + (<usize>step << 3), loss);
    if (!isFinite(loss)) { rngStore(rng); return step; }
    // Prefix sums PG, PH after SG, SH (PG_0 = PH_0 = 0).
    let pg: f64 = 0.0, ph: f64 = 0.0;
    const GHn = GH + (negBase << 1);
    store<f64>(GHn, 0.0); store<f64>(GHn, 0.0, 8);
    for (let j = 0; j < B; j++) {
      const oj = <usize>j << 3;
      const g = load<f64>(gs + oj);
      pg += g; ph += g * load<f64>(ys + oj);
      store<f64>(GHn + (oj << 1), pg, 16); store<f64>(GHn + (oj << 1), ph, 24);
    }

    chk = update(w1, pb, w2, GH, bk, key, aw, cw, m, eta, trainW1 != 0);
  }
  rngStore(rng);
  return epochs;
}

/** θ ← θ − eta·(m ∇θ loss) in the original neuron order, f64x2 over pairs of neurons, with
 *  (G_l, H_l) = GH[bk_l]; then the next step's key, aw, cw. Returns
 *  chk = Σ 0·θ_new (lane 0 + lane 1). */
function update(w1: usize, pb: usize, w2: usize, GH: usize, bk: usize, key: usize,
  aw: usize, cw: usize, m: i32, eta: f64, trainW1: bool): f64 {
  const vEta = f64x2.splat(eta), zero = f64x2.splat(0.0);
  let chkv = f64x2.splat(0.0);
  let l = 0;
  for (; l + 1 < m; l += 2) {
    const o = <usize>l << 3;
    const a = v128.load(w1 + o), c = v128.load(pb + o), v = v128.load(w2 + o);
    const p0 = v128.load(GH + (<usize>load<i32>(bk + (<usize>l << 2)) << 4));
    const p1 = v128.load(GH + (<usize>load<i32>(bk + (<usize>l << 2), 4) << 4));
    const gG = v128.shuffle<f64>(p0, p1, 0, 2), gH = v128.shuffle<f64>(p0, p1, 1, 3);
    const vn = f64x2.sub(v, f64x2.mul(vEta, f64x2.add(f64x2.mul(a, gH), f64x2.mul(c, gG))));
    const cn = f64x2.sub(c, f64x2.mul(vEta, f64x2.mul(v, gG)));
    let an = a;
    if (trainW1) {
      an = f64x2.sub(a, f64x2.mul(vEta, f64x2.mul(v, gH)));
      v128.store(w1 + o, an);
    }
    v128.store(pb + o, cn); v128.store(w2 + o, vn);
    v128.store(key + o, kinkKey2(an, cn));
    v128.store(aw + o, f64x2.mul(vn, an)); v128.store(cw + o, f64x2.mul(vn, cn));
    chkv = f64x2.add(chkv, f64x2.add(f64x2.add(f64x2.mul(an, zero), f64x2.mul(cn, zero)), f64x2.mul(vn, zero)));
  }
  let chk0 = f64x2.extract_lane(chkv, 0);
  if (l < m) { // odd m: the last neuron, as lane 0
    const o = <usize>l << 3;
    const a = load<f64>(w1 + o), c = load<f64>(pb + o), v = load<f64>(w2 + o);
    const q = GH + (<usize>load<i32>(bk + (<usize>l << 2)) << 4);
    const gG = load<f64>(q), gH = load<f64>(q, 8);
    const vn = v - eta * (a * gH + c * gG);
    const cn = c - eta * (v * gG);
    let an = a;
    if (trainW1) { an = a - eta * (v * gH); store<f64>(w1 + o, an); }
    store<f64>(pb + o, cn); store<f64>(w2 + o, vn);
    store<f64>(key + o, kinkKey(an, cn));
    store<f64>(aw + o, vn * an); store<f64>(cw + o, vn * cn);
    chk0 = chk0 + ((an * 0.0 + cn * 0.0) + vn * 0.0);
  }
  return chk0 + f64x2.extract_lane(chkv, 1);
}
