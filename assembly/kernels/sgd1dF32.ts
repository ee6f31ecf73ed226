// sgd1d.ts in f32 (issue 14): SGD on the 1-D denoising score-matching loss without a B × m loop,
// on f32 parameters and data. Twin: src/backend/ts/sgd1dF32.ts (same f32 operations in the same
// order; each f32x4 lane of the update loop a scalar there): bit-identical.
//
// The algorithm, its activity convention and the prefix-sum identities are sgd1d.ts's (see its
// header): s(y) = (y A(y) + C(y))/m with bucket sums of w2 w1 and w2 b over the sorted batch,
// G_l, H_l from suffix/prefix sums of g_j = (2/B) f_j, and
//   w2 ← w2 − eta (w1 H + b G),  b ← b − eta (w2 G),  w1 ← w1 − eta (w2 H).
// Every quantity is an f32 (⊕ ⊗ ⊘ below); mu, sigma, eta arrive as f64 and are rounded once.
// Draws: sgdDenseF32's — indices from the f64 uniforms, z = fl32(N) — so the same stream as
// sgd1d. Y_b = (mu ⊗ x_i) ⊕ (sigma ⊗ z_b); s = ((y ⊗ (AP ⊕ sa)) ⊕ (CP ⊕ sc)) ⊘ m;
// f = s ⊕ (z ⊘ sigma); g = f ⊗ fl32(2/B); loss = ((Σ f ⊗ f, j descending) ⊘ B) ⊕ chk.
// chk = Σ 0·θ (±0 for finite parameters, NaN otherwise): four lanes l mod 4, combined
// (c0 ⊕ c1) ⊕ (c2 ⊕ c3) (the prologue: one scalar sum in neuron order).
import { rngLoad, rngStore, nextUniform, nextNormal } from './rng';
import { bucketKinks32, kinkKey32, kinkKey32x4, sortBatch32 } from './kinkBucketsF32';

// Scratch layout (f32 slots; mE = m rounded up to a multiple of 4, S = 2B + 16 rounded up to a
// multiple of 4): per neuron key, aw = w2 w1, cw = w2 b (f32), bk (i32): 4 mE; batch: ys
// (NaN-padded), zs, gs, AP, CP, GH (2 S: pairs (G, H)_q, B+1 from the suffix sums, then B+1
// from the prefix sums), accA, accC, spl, idx (i32): 11 S. contract.ts: scratchLength.sgd1dF32.

/** One call: `epochs` SGD steps in f32; returns the number completed (see contract.ts). */
export function sgd1dF32(params: usize, m: i32, x: usize, n: i32, mu: f64, sigma: f64, eta: f64,
  B: i32, epochs: i32, trainW1: i32, rng: usize, losses: usize, scratch: usize): i32 {
  const mE = <usize>((m + 3) & ~3), S = <usize>((2 * B + 19) & ~3) << 2;
  const w1 = params, pb = params + (<usize>m << 2), w2 = params + (<usize>m << 3);
  const key = scratch, aw = key + (mE << 2), cw = aw + (mE << 2), bk = cw + (mE << 2);
  const ys = bk + (mE << 2), zs = ys + S, gs = zs + S, AP = gs + S, CP = AP + S;
  const GH = CP + S, accA = GH + 2 * S, accC = accA + S, spl = accC + S, idx = spl + S;
  const negBase = <usize>(B + 1) << 2;
  const mf = <f32>m, nf = <f64>n, twoOverB = <f32>(2.0 / <f64>B), Bf = <f32>B;
  const mu32 = <f32>mu, sigma32 = <f32>sigma, eta32 = <f32>eta;

  let chk: f32 = 0.0;
  for (let l = 0; l < m; l++) {
    const o = <usize>l << 2;
    const a = load<f32>(w1 + o), c = load<f32>(pb + o), v = load<f32>(w2 + o);
    store<f32>(key + o, kinkKey32(a, c));
    store<f32>(aw + o, v * a);
    store<f32>(cw + o, v * c);
    chk = chk + ((a * <f32>0.0 + c * <f32>0.0) + v * <f32>0.0);
  }

  rngLoad(rng);
  for (let step = 0; step < epochs; step++) {
    for (let b = 0; b < B; b++) {
      let i = <i32>Math.floor(nf * nextUniform());
      if (i >= n) i = n - 1;
      store<i32>(idx + (<usize>b << 2), i);
    }
    for (let b = 0; b < B; b++) {
      const z = <f32>nextNormal();
      const xi = load<f32>(x + (<usize>load<i32>(idx + (<usize>b << 2)) << 2));
      store<f32>(ys + (<usize>b << 2), mu32 * xi + sigma32 * z);
      store<f32>(zs + (<usize>b << 2), z);
    }
    sortBatch32(ys, zs, B);
    bucketKinks32(w1, key, aw, cw, m, ys, B, spl, bk, accA, accC);

    let sa: f32 = 0.0, sc: f32 = 0.0;
    for (let j = 0; j < B; j++) {
      const oj = <usize>j << 2;
      sa += load<f32>(accA + oj); sc += load<f32>(accC + oj);
      store<f32>(AP + oj, sa); store<f32>(CP + oj, sc);
    }
    sa = 0.0; sc = 0.0;
    let sum: f32 = 0.0, sg: f32 = 0.0, sh: f32 = 0.0;
    store<f32>(GH + (<usize>B << 3), 0.0); store<f32>(GH + (<usize>B << 3), 0.0, 4);
    for (let j = B - 1; j >= 0; j--) {
      const oj = <usize>j << 2;
      const y = load<f32>(ys + oj);
      sa += load<f32>(accA + negBase + oj + 4); sc += load<f32>(accC + negBase + oj + 4);
      const s: f32 = (y * (load<f32>(AP + oj) + sa) + (load<f32>(CP + oj) + sc)) / mf;
      const f: f32 = s + load<f32>(zs + oj) / sigma32;
      sum += f * f;
      const g: f32 = f * twoOverB;
      store<f32>(gs + oj, g);
      sg += g; sh += g * y;
      store<f32>(GH + (oj << 1), sg); store<f32>(GH + (oj << 1), sh, 4);
    }
    const loss: f32 = sum / Bf + chk;
    if (losses != 0) store<f64>(losses + (<usize>step << 3), <f64>loss);
    if (!isFinite(loss)) { rngStore(rng); return step; }
    let pg: f32 = 0.0, ph: f32 = 0.0;
    const GHn = GH + (negBase << 1);
    store<f32>(GHn, 0.0); store<f32>(GHn, 0.0, 4);
    for (let j = 0; j < B; j++) {
      const oj = <usize>j << 2;
      const g = load<f32>(gs + oj);
      pg += g; ph += g * load<f32>(ys + oj);
      store<f32>(GHn + (oj << 1), pg, 8); store<f32>(GHn + (oj << 1), ph, 12);
    }

    chk = update32(w1, pb, w2, GH, bk, key, aw, cw, m, eta32, trainW1 != 0);
  }
  rngStore(rng);
  return epochs;
}

/** One neuron's (G, H) pair as an i64 (two f32), from GH at its bucket. */
// @ts-ignore: decorator
@inline function pairOf(GH: usize, bk: usize, l: i32): i64 {
  return load<i64>(GH + (<usize>load<i32>(bk + (<usize>l << 2)) << 3));
}

/** θ ← θ − eta·(m ∇θ loss) in f32, f32x4 over four neurons, then the next key, aw, cw; returns chk. */
function update32(w1: usize, pb: usize, w2: usize, GH: usize, bk: usize, key: usize,
  aw: usize, cw: usize, m: i32, eta: f32, trainW1: bool): f32 {
  const vEta = f32x4.splat(eta), zero = f32x4.splat(0.0);
  let chkv = f32x4.splat(0.0);
  let l = 0;
  for (; l + 3 < m; l += 4) {
    const o = <usize>l << 2;
    const a = v128.load(w1 + o), c = v128.load(pb + o), v = v128.load(w2 + o);
    const p01 = i64x2.replace_lane(i64x2.splat(pairOf(GH, bk, l)), 1, pairOf(GH, bk, l + 1));
    const p23 = i64x2.replace_lane(i64x2.splat(pairOf(GH, bk, l + 2)), 1, pairOf(GH, bk, l + 3));
    const gG = v128.shuffle<f32>(p01, p23, 0, 2, 4, 6), gH = v128.shuffle<f32>(p01, p23, 1, 3, 5, 7);
    const vn = f32x4.sub(v, f32x4.mul(vEta, f32x4.add(f32x4.mul(a, gH), f32x4.mul(c, gG))));
    const cn = f32x4.sub(c, f32x4.mul(vEta, f32x4.mul(v, gG)));
    let an = a;
    if (trainW1) {
      an = f32x4.sub(a, f32x4.mul(vEta, f32x4.mul(v, gH)));
      v128.store(w1 + o, an);
    }
    v128.store(pb + o, cn); v128.store(w2 + o, vn);
    v128.store(key + o, kinkKey32x4(an, cn));
    v128.store(aw + o, f32x4.mul(vn, an)); v128.store(cw + o, f32x4.mul(vn, cn));
    chkv = f32x4.add(chkv, f32x4.add(f32x4.add(f32x4.mul(an, zero), f32x4.mul(cn, zero)), f32x4.mul(vn, zero)));
  }
  let c0 = f32x4.extract_lane(chkv, 0), c1 = f32x4.extract_lane(chkv, 1);
  let c2 = f32x4.extract_lane(chkv, 2);
  const c3 = f32x4.extract_lane(chkv, 3);
  for (; l < m; l++) { // the last m mod 4 neurons, as lanes 0, 1, 2
    const o = <usize>l << 2;
    const a = load<f32>(w1 + o), c = load<f32>(pb + o), v = load<f32>(w2 + o);
    const q = GH + (<usize>load<i32>(bk + (<usize>l << 2)) << 3);
    const gG = load<f32>(q), gH = load<f32>(q, 4);
    const vn: f32 = v - eta * (a * gH + c * gG);
    const cn: f32 = c - eta * (v * gG);
    let an = a;
    if (trainW1) { an = a - eta * (v * gH); store<f32>(w1 + o, an); }
    store<f32>(pb + o, cn); store<f32>(w2 + o, vn);
    store<f32>(key + o, kinkKey32(an, cn));
    store<f32>(aw + o, vn * an); store<f32>(cw + o, vn * cn);
    const dk: f32 = (an * <f32>0.0 + cn * <f32>0.0) + vn * <f32>0.0;
    const lane = l & 3;
    if (lane == 0) c0 = c0 + dk; else if (lane == 1) c1 = c1 + dk; else c2 = c2 + dk;
  }
  return (c0 + c1) + (c2 + c3);
}
