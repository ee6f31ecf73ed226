// Network parameter sets for the tests (SPEC §1 "Networks"), in the contract's layout
// params = [w1 (dIn × m) | b (m) | w2 (dOut × m)], built from seeded draws only.
import { seededNormals, seededUniforms } from './parity.js';

/** Experiment model (appendix E): w1 ~ N(0, 1/dIn), b = 0, w2 ~ N(0, 1). */
export function experimentParams(seed: number, dIn: number, m: number, dOut: number): Float64Array {
  const p = new Float64Array(m * (dIn + 1 + dOut));
  p.set(seededNormals(seed, dIn * m, 1 / Math.sqrt(dIn)), 0);
  p.set(seededNormals(seed + 1, dOut * m), (dIn + 1) * m);
  return p;
}

/** Theory model (section 4, 1-D): w1 = ±1 (probability 1/2 each), b ~ N(0, 1), w2 ~ N(0, 1). */
export function theoryParams(seed: number, m: number): Float64Array {
  const p = new Float64Array(3 * m);
  const u = seededUniforms(seed, m);
  for (let l = 0; l < m; l++) p[l] = u[l] < 0.5 ? -1 : 1;
  p.set(seededNormals(seed + 1, m), m);
  p.set(seededNormals(seed + 2, m), 2 * m);
  return p;
}

/** Every parameter ~ N(0, 1) (biases too, so that kinks spread over the inputs). */
export function gaussianParams(seed: number, dIn: number, m: number, dOut: number): Float64Array {
  return seededNormals(seed, m * (dIn + 1 + dOut));
}

/** Plain reference of the network, straight from the definition (no blocking, no lanes):
 *  u_l = Σ_k w1[k*m+l] y_k + b_l, h = relu(u), s_j = (1/m) Σ_l w2[j*m+l] h_l. */
export function referenceForward(params: ArrayLike<number>, dIn: number, m: number, dOut: number,
  y: ArrayLike<number>): { u: Float64Array; h: Float64Array; s: Float64Array } {
  const u = new Float64Array(m), h = new Float64Array(m), s = new Float64Array(dOut);
  for (let l = 0; l < m; l++) {
    let acc = params[dIn * m + l];
    for (let k = 0; k < dIn; k++) acc += params[k * m + l] * y[k];
    u[l] = acc;
    h[l] = acc > 0 ? acc : 0;
  }
  for (let j = 0; j < dOut; j++) {
    let acc = 0;
    for (let l = 0; l < m; l++) acc += params[(dIn + 1 + j) * m + l] * h[l];
    s[j] = acc / m;
  }
  return { u, h, s };
}

/** Plain reference gradient of Σ_b <g_b, s(X_b)> (relu'(u) = 1{u > 0}). */
export function referenceBackward(params: ArrayLike<number>, dIn: number, m: number, dOut: number,
  X: ArrayLike<number>, B: number, g: ArrayLike<number>): Float64Array {
  const grad = new Float64Array(m * (dIn + 1 + dOut));
  for (let b = 0; b < B; b++) {
    const y = Array.from({ length: dIn }, (_, k) => X[b * dIn + k]);
    const { u, h } = referenceForward(params, dIn, m, dOut, y);
    for (let l = 0; l < m; l++) {
      let back = 0; // ∂<g, s>/∂h_l = (1/m) Σ_j g_j w2[j,l]
      for (let j = 0; j < dOut; j++) {
        back += g[b * dOut + j] * params[(dIn + 1 + j) * m + l] / m;
        grad[(dIn + 1 + j) * m + l] += g[b * dOut + j] * h[l] / m;
      }
      const delta = u[l] > 0 ? back : 0;
      grad[dIn * m + l] += delta;
      for (let k = 0; k < dIn; k++) grad[k * m + l] += y[k] * delta;
    }
  }
  return grad;
}
