// Twin of assembly/kernels/gramSchmidt.ts: one classical Gram–Schmidt pass,
//   h_i = <q_i, w> for i < k, then w ← w − Σ_i h_i q_i,
// with the Wasm kernel's summation order (four partial sums for i mod 4, combined as
// ((s0 + s2) + (s1 + s3)) + tail), so both backends agree bit for bit.

/** h[0..k) ← Qᵀ w, then w ← w − Q h. Q: k × P; w: P; h: k (overwritten). */
export function gramSchmidt(Q: Float64Array, k: number, P: number, w: Float64Array, h: Float64Array): void {
  for (let i = 0; i < k; i++) h[i] = dot(Q, i * P, w, P);
  for (let i = 0; i < k; i++) axpy(-h[i], Q, i * P, w, P);
}

function dot(Q: Float64Array, offset: number, w: Float64Array, P: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const P4 = P & ~3;
  for (let i = 0; i < P4; i += 4) {
    s0 += Q[offset + i] * w[i];
    s1 += Q[offset + i + 1] * w[i + 1];
    s2 += Q[offset + i + 2] * w[i + 2];
    s3 += Q[offset + i + 3] * w[i + 3];
  }
  let tail = 0;
  for (let i = P4; i < P; i++) tail += Q[offset + i] * w[i];
  return ((s0 + s2) + (s1 + s3)) + tail;
}

function axpy(alpha: number, Q: Float64Array, offset: number, w: Float64Array, P: number): void {
  for (let i = 0; i < P; i++) w[i] = w[i] + alpha * Q[offset + i];
}
