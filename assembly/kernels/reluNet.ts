// Two-layer ReLU network with mean-field output (SPEC §1 "Networks"), batched forward and
// backward passes. Twin: src/backend/ts/reluNet.ts (same sums in the same order, bit-identical).
//
//   u_l(y) = Σ_k w1[k*m+l] y_k + b[l]              pre-activation of neuron l
//   h_l    = relu(u_l),  relu'(u) = 1{u > 0}       (SPEC §1 convention: relu'(0) = 0)
//   s_j(y) = (1/m) Σ_l w2[j*m+l] h_l               output j
//
// Backprop of L = Σ_b <g_b, s(y_b)> (g_b = gOut row b), with c_j = g_j / m:
//   ∂L/∂w2[j,l] = Σ_b c_bj h_bl
//   δ_bl        = 1{u_bl > 0} Σ_j w2[j,l] c_bj      (= ∂L/∂u_bl)
//   ∂L/∂b[l]    = Σ_b δ_bl
//   ∂L/∂w1[k,l] = Σ_b y_bk δ_bl
// The bias is the weight of a constant input 1: with ya = (y, 1) and W = [w1; b] (the first
// (dIn+1)·m parameters, already in this order) u = Wᵀ ya and ∂L/∂W = Σ_b ya_b δ_bᵀ.
//
// The work is done on a copy of the parameters whose neuron count is padded to a multiple of
// 8 with zero weights (netBlocks.ts), in blocks of ROW_BLOCK rows so that the scratch does not
// grow with the batch. Scratch layout (f64 slots), set by netLayout:
//   Wp, Gp: padded parameters and gradient ((dIn+1+dOut) × mPad each)
//   Hp, Dp: h and δ of a row block (ROW_BLOCK × mPad each)
//   Yp: ya of a row block (ROW_BLOCK × (dIn+1)); Cp, Sp: c and s of a row block (ROW_BLOCK × dOut)
import { accumulateOuter, combineRows, padNeurons, rowDots } from './netBlocks';

/** Rows per block; src/backend/contract.ts NET_ROW_BLOCK (even, so every segment stays 16-byte aligned). */
// @ts-ignore: decorator
@inline export const ROW_BLOCK: i32 = 16;

export let Wp: usize = 0;
export let Gp: usize = 0;
export let Hp: usize = 0;
export let Dp: usize = 0;
export let Yp: usize = 0;
export let Cp: usize = 0;
export let Sp: usize = 0;

/** Carve the scratch into the segments above; returns the first byte after them
 *  (scratchLength.net(dIn, m, dOut) slots). */
export function netLayout(scratch: usize, dIn: i32, m: i32, dOut: i32): usize {
  const mPad = <usize>padNeurons(m);
  const rowsP = <usize>(dIn + 1 + dOut);
  Wp = scratch;
  Gp = Wp + ((rowsP * mPad) << 3);
  Hp = Gp + ((rowsP * mPad) << 3);
  Dp = Hp + ((<usize>ROW_BLOCK * mPad) << 3);
  Yp = Dp + ((<usize>ROW_BLOCK * mPad) << 3);
  Cp = Yp + ((<usize>ROW_BLOCK * <usize>(dIn + 1)) << 3);
  Sp = Cp + ((<usize>ROW_BLOCK * <usize>dOut) << 3);
  return Sp + ((<usize>ROW_BLOCK * <usize>dOut) << 3);
}

/** Copy `rowsP` rows of m values (stride m) into rows of stride mPad, zero-filling the padding. */
export function padRows(src: usize, rowsP: i32, m: i32, dst: usize): void {
  const mPad = padNeurons(m);
  for (let r = 0; r < rowsP; r++) {
    const d = dst + ((<usize>r * <usize>mPad) << 3);
    memory.copy(d, src + ((<usize>r * <usize>m) << 3), <usize>m << 3);
    memory.fill(d + (<usize>m << 3), 0, <usize>(mPad - m) << 3);
  }
}

/** The inverse of padRows: rows of stride mPad back to stride m. */
export function unpadRows(src: usize, rowsP: i32, m: i32, dst: usize): void {
  const mPad = padNeurons(m);
  for (let r = 0; r < rowsP; r++) {
    memory.copy(dst + ((<usize>r * <usize>m) << 3), src + ((<usize>r * <usize>mPad) << 3), <usize>m << 3);
  }
}

/** Yp ← ya = (y, 1) for `rows` input rows at X (row-major, dIn per row). */
export function loadInputs(X: usize, dIn: i32, rows: i32): void {
  for (let b = 0; b < rows; b++) {
    const src = X + ((<usize>b * <usize>dIn) << 3);
    const dst = Yp + ((<usize>b * <usize>(dIn + 1)) << 3);
    memory.copy(dst, src, <usize>dIn << 3);
    store<f64>(dst + (<usize>dIn << 3), 1.0);
  }
}

/** Hidden layer of a row block: Hp ← h = relu(Wᵀ ya) for the rows in Yp. */
export function hiddenBlock(dIn: i32, mPad: i32, rows: i32): void {
  combineRows(Wp, dIn + 1, mPad, Yp, dIn + 1, rows, Hp, 0);
}

/** Output layer of a row block: s[b, j] = (1/m) Σ_l w2[j,l] h_bl, for the rows in Hp. */
export function outputBlock(dIn: i32, m: i32, dOut: i32, rows: i32, s: usize): void {
  const mPad = padNeurons(m);
  rowDots(Wp + ((<usize>(dIn + 1) * <usize>mPad) << 3), dOut, mPad, m, Hp, rows, s);
}

/** Backward pass of a row block, accumulated into Gp, given ya (Yp), h (Hp) and c (Cp):
 *    δ = (w2ᵀ c) ⊙ 1{h > 0};  ∂w2 += c hᵀ;  ∂[w1; b] += ya δᵀ (only the b row when trainW1 = 0). */
export function backwardBlock(dIn: i32, mPad: i32, dOut: i32, rows: i32, trainW1: bool): void {
  const w2 = Wp + ((<usize>(dIn + 1) * <usize>mPad) << 3);
  const g2 = Gp + ((<usize>(dIn + 1) * <usize>mPad) << 3);
  combineRows(w2, dOut, mPad, Cp, dOut, rows, Dp, Hp);            // δ_bl = 1{h_bl > 0} Σ_j w2[j,l] c_bj
  accumulateOuter(g2, 0, dOut, mPad, Cp, dOut, rows, Hp);          // ∂w2[j,l] += Σ_b c_bj h_bl
  accumulateOuter(Gp, trainW1 ? 0 : dIn, dIn + 1, mPad, Yp, dIn + 1, rows, Dp); // ∂W[k,l] += Σ_b ya_bk δ_bl
}

/** out (B × dOut) ← s_theta(X) for X (B × dIn). scratch: scratchLength.net(dIn, m, dOut). */
export function netForward(params: usize, dIn: i32, m: i32, dOut: i32, X: usize, B: i32,
  out: usize, scratch: usize): void {
  netLayout(scratch, dIn, m, dOut);
  const mPad = padNeurons(m);
  padRows(params, dIn + 1 + dOut, m, Wp);
  for (let b0 = 0; b0 < B; b0 += ROW_BLOCK) {
    const rows = min(ROW_BLOCK, B - b0);
    loadInputs(X + ((<usize>b0 * <usize>dIn) << 3), dIn, rows);
    hiddenBlock(dIn, mPad, rows);
    outputBlock(dIn, m, dOut, rows, out + ((<usize>b0 * <usize>dOut) << 3));
  }
}

/** Set up a gradient pass: the scratch layout, the parameters padded to mPad neurons (Wp), the
 *  padded gradient accumulator (Gp) zeroed. Returns mPad. Shared with diffusion.ts. */
export function beginGradient(params: usize, dIn: i32, m: i32, dOut: i32, scratch: usize): i32 {
  netLayout(scratch, dIn, m, dOut);
  const mPad = padNeurons(m);
  const rowsP = dIn + 1 + dOut;
  padRows(params, rowsP, m, Wp);
  memory.fill(Gp, 0, (<usize>rowsP * <usize>mPad) << 3);
  return mPad;
}

/** grad (P) ← Σ_b J_theta(X_b)ᵀ gOut_b (overwritten). scratch: scratchLength.net(dIn, m, dOut). */
export function netBackward(params: usize, dIn: i32, m: i32, dOut: i32, X: usize, B: i32,
  gOut: usize, grad: usize, scratch: usize): void {
  const mPad = beginGradient(params, dIn, m, dOut, scratch);
  const mF = <f64>m;
  for (let b0 = 0; b0 < B; b0 += ROW_BLOCK) {
    const rows = min(ROW_BLOCK, B - b0);
    loadInputs(X + ((<usize>b0 * <usize>dIn) << 3), dIn, rows);
    hiddenBlock(dIn, mPad, rows);
    // c_bj = gOut_bj / m: the mean-field factor, applied once per output
    const g = gOut + ((<usize>b0 * <usize>dOut) << 3);
    for (let q = 0; q < rows * dOut; q++) {
      store<f64>(Cp + (<usize>q << 3), load<f64>(g + (<usize>q << 3)) / mF);
    }
    backwardBlock(dIn, mPad, dOut, rows, true);
  }
  unpadRows(Gp, dIn + 1 + dOut, m, grad);
}
