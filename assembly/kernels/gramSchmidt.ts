// One classical Gram–Schmidt pass of Lanczos' full reorthogonalisation (src/analysis/lanczos.ts):
//   h_i = <q_i, w> for i < k, then w ← w − Σ_i h_i q_i,
// with Q the k × P row-major matrix of Lanczos vectors. Memory-bound: 2kP loads per pass, so
// f64x2 lanes and two accumulators per dot product. Lane order (mirrored by the TS twin): the
// dot product keeps a = (Σ over i ≡ 0, 1 mod 4) and c = (Σ over i ≡ 2, 3 mod 4) lane-wise, and
// returns ((a.0 + c.0) + (a.1 + c.1)) + (the P mod 4 tail, summed in order).

/** h[0..k) ← Qᵀ w, then w ← w − Q h. Q: k × P; w: P; h: k (overwritten). */
export function gramSchmidt(Q: usize, k: i32, P: i32, w: usize, h: usize): void {
  for (let i = 0; i < k; i++) {
    store<f64>(h + (<usize>i << 3), dot(Q + (<usize>i * <usize>P << 3), w, P));
  }
  for (let i = 0; i < k; i++) {
    axpy(-load<f64>(h + (<usize>i << 3)), Q + (<usize>i * <usize>P << 3), w, P);
  }
}

function dot(q: usize, w: usize, P: i32): f64 {
  let a = f64x2.splat(0.0), c = f64x2.splat(0.0);
  const P4 = P & ~3;
  for (let i = 0; i < P4; i += 4) {
    const o = <usize>i << 3;
    a = f64x2.add(a, f64x2.mul(v128.load(q + o), v128.load(w + o)));
    c = f64x2.add(c, f64x2.mul(v128.load(q + o, 16), v128.load(w + o, 16)));
  }
  let tail: f64 = 0.0;
  for (let i = P4; i < P; i++) tail += load<f64>(q + (<usize>i << 3)) * load<f64>(w + (<usize>i << 3));
  return ((f64x2.extract_lane(a, 0) + f64x2.extract_lane(c, 0)) + (f64x2.extract_lane(a, 1) + f64x2.extract_lane(c, 1))) + tail;
}

/** w ← w + alpha q (lane-wise: every element is one multiply and one add, as in the twin). */
function axpy(alpha: f64, q: usize, w: usize, P: i32): void {
  const va = f64x2.splat(alpha);
  const P2 = P & ~1;
  for (let i = 0; i < P2; i += 2) {
    const o = <usize>i << 3;
    v128.store(w + o, f64x2.add(v128.load(w + o), f64x2.mul(va, v128.load(q + o))));
  }
  if (P2 < P) {
    const o = <usize>P2 << 3;
    store<f64>(w + o, load<f64>(w + o) + alpha * load<f64>(q + o));
  }
}
