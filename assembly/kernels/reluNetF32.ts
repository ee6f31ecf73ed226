// The two-layer ReLU network of reluNet.ts in f32 (issue 14): batched forward and backward
// passes on f32 buffers with f32x4 blocks (netBlocksF32.ts). Twin: src/backend/ts/reluNetF32.ts
// (same sums in the same order, each operation rounded to f32: bit-identical).
//
//   u_l = Σ_k w1[k*m+l] y_k + b[l],  h_l = relu(u_l) (relu'(0) = 0),  s_j = (1/m) Σ_l w2[j*m+l] h_l
// Backprop of Σ_b <g_b, s(y_b)> with c = g/m: ∂w2 = Σ_b c hᵀ, δ = (w2ᵀ c) ⊙ 1{u > 0},
// ∂[w1; b] = Σ_b (y, 1) δᵀ — reluNet.ts's header, every quantity an f32.
//
// Scratch layout (f32 slots), set by netLayout32, as reluNet.ts's netLayout with mPad a multiple
// of 16: Wp, Gp ((dIn+1+dOut) × mPad each), Hp, Dp (ROW_BLOCK × mPad each), Yp (ROW_BLOCK ×
// (dIn+1)), Cp, Sp (ROW_BLOCK × dOut). Every v128 segment starts on a 64-byte multiple.
import { accumulateOuter32, combineRows32, padNeurons32, rowDots32 } from './netBlocksF32';
import { ROW_BLOCK } from './reluNet';

export let Wp: usize = 0;
export let Gp: usize = 0;
export let Hp: usize = 0;
export let Dp: usize = 0;
export let Yp: usize = 0;
export let Cp: usize = 0;
export let Sp: usize = 0;

/** Carve the scratch into the segments above; returns the first byte after them
 *  (scratchLength.netF32(dIn, m, dOut) slots). */
export function netLayout32(scratch: usize, dIn: i32, m: i32, dOut: i32): usize {
  const mPad = <usize>padNeurons32(m);
  const rowsP = <usize>(dIn + 1 + dOut);
  Wp = scratch;
  Gp = Wp + ((rowsP * mPad) << 2);
  Hp = Gp + ((rowsP * mPad) << 2);
  Dp = Hp + ((<usize>ROW_BLOCK * mPad) << 2);
  Yp = Dp + ((<usize>ROW_BLOCK * mPad) << 2);
  Cp = Yp + ((<usize>ROW_BLOCK * <usize>(dIn + 1)) << 2);
  Sp = Cp + ((<usize>ROW_BLOCK * <usize>dOut) << 2);
  return Sp + ((<usize>ROW_BLOCK * <usize>dOut) << 2);
}

/** Copy `rowsP` rows of m f32 (stride m) into rows of stride mPad, zero-filling the padding. */
export function padRows32(src: usize, rowsP: i32, m: i32, dst: usize): void {
  const mPad = padNeurons32(m);
  for (let r = 0; r < rowsP; r++) {
    const d = dst + ((<usize>r * <usize>mPad) << 2);
    memory.copy(d, src + ((<usize>r * <usize>m) << 2), <usize>m << 2);
    memory.fill(d + (<usize>m << 2), 0, <usize>(mPad - m) << 2);
  }
}

/** The inverse of padRows32. */
export function unpadRows32(src: usize, rowsP: i32, m: i32, dst: usize): void {
  const mPad = padNeurons32(m);
  for (let r = 0; r < rowsP; r++) {
    memory.copy(dst + ((<usize>r * <usize>m) << 2), src + ((<usize>r * <usize>mPad) << 2), <usize>m << 2);
  }
}

/** Yp ← ya = (y, 1) for `rows` input rows at X (row-major f32, dIn per row). */
export function loadInputs32(X: usize, dIn: i32, rows: i32): void {
  for (let b = 0; b < rows; b++) {
    const dst = Yp + ((<usize>b * <usize>(dIn + 1)) << 2);
    memory.copy(dst, X + ((<usize>b * <usize>dIn) << 2), <usize>dIn << 2);
    store<f32>(dst + (<usize>dIn << 2), 1.0);
  }
}

/** Hp ← h = relu(Wᵀ ya) for the rows in Yp. */
export function hiddenBlock32(dIn: i32, mPad: i32, rows: i32): void {
  combineRows32(Wp, dIn + 1, mPad, Yp, dIn + 1, rows, Hp, 0);
}

/** s[b, j] = (1/m) Σ_l w2[j,l] h_bl for the rows in Hp. */
export function outputBlock32(dIn: i32, m: i32, dOut: i32, rows: i32, s: usize): void {
  const mPad = padNeurons32(m);
  rowDots32(Wp + ((<usize>(dIn + 1) * <usize>mPad) << 2), dOut, mPad, m, Hp, rows, s);
}

/** Backward pass of a row block into Gp, given ya (Yp), h (Hp), c (Cp): δ = (w2ᵀ c) ⊙ 1{h > 0};
 *  ∂w2 += c hᵀ; ∂[w1; b] += ya δᵀ (only the b row when trainW1 is false). */
export function backwardBlock32(dIn: i32, mPad: i32, dOut: i32, rows: i32, trainW1: bool): void {
  const w2 = Wp + ((<usize>(dIn + 1) * <usize>mPad) << 2);
  const g2 = Gp + ((<usize>(dIn + 1) * <usize>mPad) << 2);
  combineRows32(w2, dOut, mPad, Cp, dOut, rows, Dp, Hp);
  accumulateOuter32(g2, 0, dOut, mPad, Cp, dOut, rows, Hp);
  accumulateOuter32(Gp, trainW1 ? 0 : dIn, dIn + 1, mPad, Yp, dIn + 1, rows, Dp);
}

/** Scratch layout, padded parameters (Wp), zeroed padded gradient (Gp); returns mPad. */
export function beginGradient32(params: usize, dIn: i32, m: i32, dOut: i32, scratch: usize): i32 {
  netLayout32(scratch, dIn, m, dOut);
  const mPad = padNeurons32(m);
  const rowsP = dIn + 1 + dOut;
  padRows32(params, rowsP, m, Wp);
  memory.fill(Gp, 0, (<usize>rowsP * <usize>mPad) << 2);
  return mPad;
}

/** out (B × dOut) ← s_theta(X) for X (B × dIn), all f32. scratch: scratchLength.netF32(dIn, m, dOut). */
export function netForwardF32(params: usize, dIn: i32, m: i32, dOut: i32, X: usize, B: i32,
  out: usize, scratch: usize): void {
  netLayout32(scratch, dIn, m, dOut);
  const mPad = padNeurons32(m);
  padRows32(params, dIn + 1 + dOut, m, Wp);
  for (let b0 = 0; b0 < B; b0 += ROW_BLOCK) {
    const rows = min(ROW_BLOCK, B - b0);
    loadInputs32(X + ((<usize>b0 * <usize>dIn) << 2), dIn, rows);
    hiddenBlock32(dIn, mPad, rows);
    outputBlock32(dIn, m, dOut, rows, out + ((<usize>b0 * <usize>dOut) << 2));
  }
}

/** grad (P) ← Σ_b J_theta(X_b)ᵀ gOut_b (overwritten), all f32. scratch: scratchLength.netF32(dIn, m, dOut). */
export function netBackwardF32(params: usize, dIn: i32, m: i32, dOut: i32, X: usize, B: i32,
  gOut: usize, grad: usize, scratch: usize): void {
  const mPad = beginGradient32(params, dIn, m, dOut, scratch);
  const mF = <f32>m;
  for (let b0 = 0; b0 < B; b0 += ROW_BLOCK) {
    const rows = min(ROW_BLOCK, B - b0);
    loadInputs32(X + ((<usize>b0 * <usize>dIn) << 2), dIn, rows);
    hiddenBlock32(dIn, mPad, rows);
    const g = gOut + ((<usize>b0 * <usize>dOut) << 2);
    for (let q = 0; q < rows * dOut; q++) {
      store<f32>(Cp + (<usize>q << 2), load<f32>(g + (<usize>q << 2)) / mF); // c = g / m
    }
    backwardBlock32(dIn, mPad, dOut, rows, true);
  }
  unpadRows32(Gp, dIn + 1 + dOut, m, grad);
}
