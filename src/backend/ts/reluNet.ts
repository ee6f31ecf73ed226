// Pure-TypeScript twin of assembly/kernels/reluNet.ts: the two-layer ReLU network of SPEC §1,
// one row at a time, with plain loops. Every output is summed in the order the Wasm kernel
// uses (assembly/kernels/netBlocks.ts header), so both backends agree bit for bit:
//   u_l   = w1[0,l] y_0 + w1[1,l] y_1 + ... + w1[dIn-1,l] y_{dIn-1} + b_l   (left to right)
//   s_j   = eight partial sums over l mod 8, combined ((a0+a2)+(a4+a6)) + ((a1+a3)+(a5+a7)), / m
//   δ_l   = (w2[0,l] c_0 + w2[1,l] c_1 + ...) · 1{h_l > 0}                  (left to right)
//   grads = added row by row (b = 0, 1, ...) to a gradient that starts at 0.
import { scratchLength } from '../contract.js';

// Each loop lives in its own small function (V8 then optimises each one as a whole; a
// function with many loops was seen running partly unoptimised, 2-3× slower).

/** dst[dOff + l] = a · src[sOff + l] for l < len. */
function setScaled(dst: Float64Array, dOff: number, src: Float64Array, sOff: number, a: number, len: number): void {
  for (let l = 0; l < len; l++) dst[dOff + l] = a * src[sOff + l];
}

/** dst[dOff + l] += a · src[sOff + l] for l < len. */
function addScaled(dst: Float64Array, dOff: number, src: Float64Array, sOff: number, a: number, len: number): void {
  let l = 0;
  for (; l + 4 <= len; l += 4) {
    const d = dOff + l, s = sOff + l;
    dst[d] += a * src[s]; dst[d + 1] += a * src[s + 1]; dst[d + 2] += a * src[s + 2]; dst[d + 3] += a * src[s + 3];
  }
  for (; l < len; l++) dst[dOff + l] += a * src[sOff + l];
}

/** h[l] = relu(h[l] + bias[l]); relu(u) = u > 0 ? u : 0 makes relu'(0) = 0 (SPEC §1). */
function addBiasRelu(h: Float64Array, params: Float64Array, bOff: number, len: number): void {
  for (let l = 0; l < len; l++) {
    const u = h[l] + params[bOff + l];
    h[l] = u > 0 ? u : 0;
  }
}

/** delta[l] = 0 where h[l] = relu(u_l) is not > 0, i.e. δ_l ← δ_l · 1{u_l > 0}. */
function maskInactive(delta: Float64Array, h: Float64Array, len: number): void {
  for (let l = 0; l < len; l++) if (!(h[l] > 0)) delta[l] = 0;
}

/** h[l] ← relu(u_l), u_l = Σ_k w1[k*m+l] y_k + b[l] for the input y = Y[yOff .. yOff+dIn). */
export function hiddenLayer(params: Float64Array, dIn: number, m: number,
  Y: Float64Array, yOff: number, h: Float64Array): void {
  setScaled(h, 0, params, 0, Y[yOff], m);                                // u  = w1[0,·] y_0
  for (let k = 1; k < dIn; k++) addScaled(h, 0, params, k * m, Y[yOff + k], m); // u += w1[k,·] y_k
  addBiasRelu(h, params, dIn * m, m);                                     // h  = relu(u + b)
}

/** out[outOff + j] ← s_j = (1/m) Σ_l w2[j*m+l] h_l for j < dOut: the mean-field output layer,
 *  summed in the eight lanes l mod 8 of the Wasm kernel. */
export function outputLayer(params: Float64Array, dIn: number, m: number, dOut: number,
  h: Float64Array, out: Float64Array, outOff: number): void {
  const m8 = m - (m % 8);
  for (let j = 0; j < dOut; j++) {
    const w = (dIn + 1 + j) * m;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
    let l = 0;
    for (; l < m8; l += 8) {
      a0 += params[w + l] * h[l]; a1 += params[w + l + 1] * h[l + 1];
      a2 += params[w + l + 2] * h[l + 2]; a3 += params[w + l + 3] * h[l + 3];
      a4 += params[w + l + 4] * h[l + 4]; a5 += params[w + l + 5] * h[l + 5];
      a6 += params[w + l + 6] * h[l + 6]; a7 += params[w + l + 7] * h[l + 7];
    }
    // the last m mod 8 neurons land in lanes 0, 1, ... (Wasm pads them with zero neurons)
    if (l < m) a0 += params[w + l] * h[l];
    if (l + 1 < m) a1 += params[w + l + 1] * h[l + 1];
    if (l + 2 < m) a2 += params[w + l + 2] * h[l + 2];
    if (l + 3 < m) a3 += params[w + l + 3] * h[l + 3];
    if (l + 4 < m) a4 += params[w + l + 4] * h[l + 4];
    if (l + 5 < m) a5 += params[w + l + 5] * h[l + 5];
    if (l + 6 < m) a6 += params[w + l + 6] * h[l + 6];
    out[outOff + j] = (((a0 + a2) + (a4 + a6)) + ((a1 + a3) + (a5 + a7))) / m;
  }
}

/** Backprop of <g, s(y)> for one row, added into grad, with c = g / m (C[cOff .. cOff+dOut)),
 *  h = relu(u) from hiddenLayer and `delta` (length m) as scratch:
 *    δ_l          = 1{u_l > 0} Σ_j w2[j,l] c_j   (u_l > 0 exactly when h_l > 0)
 *    ∂w2[j,l]    += c_j h_l
 *    ∂b[l]       += δ_l
 *    ∂w1[k,l]    += y_k δ_l                      (skipped when trainW1 is false) */
export function backwardRow(params: Float64Array, dIn: number, m: number, dOut: number,
  Y: Float64Array, yOff: number, h: Float64Array, C: Float64Array, cOff: number,
  grad: Float64Array, delta: Float64Array, trainW1: boolean): void {
  const w2 = (dIn + 1) * m, bias = dIn * m;
  setScaled(delta, 0, params, w2, C[cOff], m);                            // δ  = w2[0,·] c_0
  for (let j = 1; j < dOut; j++) addScaled(delta, 0, params, w2 + j * m, C[cOff + j], m); // δ += w2[j,·] c_j
  maskInactive(delta, h, m);                                              // δ ⊙= 1{u > 0}
  for (let j = 0; j < dOut; j++) addScaled(grad, w2 + j * m, h, 0, C[cOff + j], m); // ∂w2[j,·] += c_j h
  addScaled(grad, bias, delta, 0, 1, m);                                  // ∂b += 1·δ (input 1)
  if (!trainW1) return;
  for (let k = 0; k < dIn; k++) addScaled(grad, k * m, delta, 0, Y[yOff + k], m); // ∂w1[k,·] += y_k δ
}

function checkScratch(scratch: Float64Array, dIn: number, m: number, dOut: number): void {
  const need = scratchLength.net(dIn, m, dOut);
  if (scratch.length < need) throw new Error(`reluNet: scratch has ${scratch.length} slots, needs scratchLength.net = ${need}`);
}

/** out (B × dOut) ← s_theta(X) for X (B × dIn). scratch: scratchLength.net(dIn, m, dOut). */
export function netForward(params: Float64Array, dIn: number, m: number, dOut: number,
  X: Float64Array, B: number, out: Float64Array, scratch: Float64Array): void {
  checkScratch(scratch, dIn, m, dOut);
  const h = scratch.subarray(0, m);
  for (let b = 0; b < B; b++) {
    hiddenLayer(params, dIn, m, X, b * dIn, h);
    outputLayer(params, dIn, m, dOut, h, out, b * dOut);
  }
}

/** grad (P) ← Σ_b J_theta(X_b)ᵀ gOut_b (overwritten). scratch: scratchLength.net(dIn, m, dOut). */
export function netBackward(params: Float64Array, dIn: number, m: number, dOut: number,
  X: Float64Array, B: number, gOut: Float64Array, grad: Float64Array, scratch: Float64Array): void {
  checkScratch(scratch, dIn, m, dOut);
  const h = scratch.subarray(0, m);
  const delta = scratch.subarray(m, 2 * m);
  const c = scratch.subarray(2 * m, 2 * m + dOut);
  grad.fill(0, 0, m * (dIn + 1 + dOut));
  for (let b = 0; b < B; b++) {
    hiddenLayer(params, dIn, m, X, b * dIn, h);
    for (let j = 0; j < dOut; j++) c[j] = gOut[b * dOut + j] / m; // the mean-field 1/m
    backwardRow(params, dIn, m, dOut, X, b * dIn, h, c, 0, grad, delta, true);
  }
}
