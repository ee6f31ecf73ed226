// Pure-TypeScript twin of assembly/kernels/reluNetF32.ts: the two-layer ReLU network in f32, one
// row at a time. Every +, ×, ÷ is rounded to f32 (Math.fround, or a store into a Float32Array,
// which rounds the same way); for binary32 operands the f64 operation followed by one rounding
// to f32 is the correctly rounded f32 operation (the f64 significand has more than 2·24 + 2
// bits: no double-rounding error for +, −, ×, ÷, √), so these loops give the Wasm f32x4 lanes'
// values bit for bit when they sum in the same order (assembly/kernels/netBlocksF32.ts header):
//   u_l = ((w1[0,l] y_0 + w1[1,l] y_1) + ...) + b_l    (left to right)
//   s_j = sixteen lanes l mod 16, combined ((t0 + t1) + (t2 + t3)), t_i = (p_i + p_{4+i}) + (p_{8+i} + p_{12+i}), ÷ m
//   δ_l = (w2[0,l] c_0 + w2[1,l] c_1 + ...) · 1{h_l > 0};  grads added row by row.
import { scratchLength } from '../contract.js';

const fr = Math.fround;

/** dst[dOff + l] = fl(a · src[sOff + l]). */
function setScaled(dst: Float32Array, dOff: number, src: Float32Array, sOff: number, a: number, len: number): void {
  for (let l = 0; l < len; l++) dst[dOff + l] = a * src[sOff + l];
}

/** dst[dOff + l] = fl(dst[dOff + l] + fl(a · src[sOff + l])). */
function addScaled(dst: Float32Array, dOff: number, src: Float32Array, sOff: number, a: number, len: number): void {
  for (let l = 0; l < len; l++) dst[dOff + l] = dst[dOff + l] + fr(a * src[sOff + l]);
}

/** h[l] = relu(fl(h[l] + b[l])). */
function addBiasRelu(h: Float32Array, params: Float32Array, bOff: number, len: number): void {
  for (let l = 0; l < len; l++) {
    const u = fr(h[l] + params[bOff + l]);
    h[l] = u > 0 ? u : 0;
  }
}

function maskInactive(delta: Float32Array, h: Float32Array, len: number): void {
  for (let l = 0; l < len; l++) if (!(h[l] > 0)) delta[l] = 0;
}

/** h ← relu(w1ᵀ y + b) for the input Y[yOff .. yOff+dIn), in f32. */
export function hiddenLayer32(params: Float32Array, dIn: number, m: number, Y: Float32Array, yOff: number, h: Float32Array): void {
  setScaled(h, 0, params, 0, Y[yOff], m);
  for (let k = 1; k < dIn; k++) addScaled(h, 0, params, k * m, Y[yOff + k], m);
  addBiasRelu(h, params, dIn * m, m);
}

/** out[outOff + j] ← s_j = (Σ_l w2[j,l] h_l) / m in the sixteen lanes of rowDots32. */
export function outputLayer32(params: Float32Array, dIn: number, m: number, dOut: number,
  h: Float32Array, out: Float32Array, outOff: number, lanes: Float32Array): void {
  const mF = fr(m);
  for (let j = 0; j < dOut; j++) {
    const w = (dIn + 1 + j) * m;
    lanes.fill(0);
    for (let l = 0; l < m; l++) lanes[l & 15] = lanes[l & 15] + fr(params[w + l] * h[l]);
    const t0 = fr(fr(lanes[0] + lanes[4]) + fr(lanes[8] + lanes[12]));
    const t1 = fr(fr(lanes[1] + lanes[5]) + fr(lanes[9] + lanes[13]));
    const t2 = fr(fr(lanes[2] + lanes[6]) + fr(lanes[10] + lanes[14]));
    const t3 = fr(fr(lanes[3] + lanes[7]) + fr(lanes[11] + lanes[15]));
    out[outOff + j] = fr(fr(t0 + t1) + fr(t2 + t3)) / mF;
  }
}

/** Backprop of <g, s(y)> for one row into grad, c = g/m at C[cOff..): reluNet.ts backwardRow in f32. */
export function backwardRow32(params: Float32Array, dIn: number, m: number, dOut: number,
  Y: Float32Array, yOff: number, h: Float32Array, C: Float32Array, cOff: number,
  grad: Float32Array, delta: Float32Array, trainW1: boolean): void {
  const w2 = (dIn + 1) * m, bias = dIn * m;
  setScaled(delta, 0, params, w2, C[cOff], m);
  for (let j = 1; j < dOut; j++) addScaled(delta, 0, params, w2 + j * m, C[cOff + j], m);
  maskInactive(delta, h, m);
  for (let j = 0; j < dOut; j++) addScaled(grad, w2 + j * m, h, 0, C[cOff + j], m);
  addScaled(grad, bias, delta, 0, 1, m);
  if (!trainW1) return;
  for (let k = 0; k < dIn; k++) addScaled(grad, k * m, delta, 0, Y[yOff + k], m);
}

function checkScratch(scratch: Float32Array, dIn: number, m: number, dOut: number): void {
  const need = scratchLength.netF32(dIn, m, dOut);
  if (scratch.length < need) throw new Error(`reluNetF32: scratch has ${scratch.length} slots, needs scratchLength.netF32 = ${need}`);
}

/** out (B × dOut) ← s_theta(X), f32. scratch: scratchLength.netF32(dIn, m, dOut). */
export function netForwardF32(params: Float32Array, dIn: number, m: number, dOut: number,
  X: Float32Array, B: number, out: Float32Array, scratch: Float32Array): void {
  checkScratch(scratch, dIn, m, dOut);
  const h = scratch.subarray(0, m), lanes = scratch.subarray(m, m + 16);
  for (let b = 0; b < B; b++) {
    hiddenLayer32(params, dIn, m, X, b * dIn, h);
    outputLayer32(params, dIn, m, dOut, h, out, b * dOut, lanes);
  }
}

/** grad (P, f32) ← Σ_b J_theta(X_b)ᵀ gOut_b (overwritten). scratch: scratchLength.netF32(dIn, m, dOut). */
export function netBackwardF32(params: Float32Array, dIn: number, m: number, dOut: number,
  X: Float32Array, B: number, gOut: Float32Array, grad: Float32Array, scratch: Float32Array): void {
  checkScratch(scratch, dIn, m, dOut);
  const h = scratch.subarray(0, m), delta = scratch.subarray(m, 2 * m), c = scratch.subarray(2 * m, 2 * m + dOut);
  const mF = fr(m);
  grad.fill(0, 0, m * (dIn + 1 + dOut));
  for (let b = 0; b < B; b++) {
    hiddenLayer32(params, dIn, m, X, b * dIn, h);
    for (let j = 0; j < dOut; j++) c[j] = gOut[b * dOut + j] / mF;
    backwardRow32(params, dIn, m, dOut, X, b * dIn, h, c, 0, grad, delta, true);
  }
}
