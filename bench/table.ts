// The benchmark table, one format for the terminal (`npm run bench`) and the docs
// (docs/benchmarks.md, generated from the committed reference record bench/reference.json,
// where that exists).
export interface BenchRow {
  kernel: string;
  backend: string;
  d: number | null;
  m: number | null;
  B: number | null;
  /** Calls (or steps, points, values) per second. */
  hz: number;
  gflops: number | null;
  /** Arithmetic of the row (issue 14); absent in older records = 'f64'. Each row's %peak is
   *  against its own probe: peak (f64x2) for f64 rows, peakF32 (f32x4) for f32 rows. */
  precision?: 'f64' | 'f32';
}

/** What `npm run bench` writes: the rows and the machine they were measured on. */
export interface BenchRecord {
  peakGflops: number;
  /** The f32x4 probe (peakF32) of the same run, when measured. */
  peakF32Gflops?: number;
  machine?: { cpu: string; cores: number; node: string; date: string };
  rows: BenchRow[];
}

export function fmtTime(s: number): string {
  if (s < 1e-6) return `${(s * 1e9).toFixed(1)} ns`;
  if (s < 1e-3) return `${(s * 1e6).toFixed(1)} µs`;
  return `${(s * 1e3).toFixed(2)} ms`;
}

/** What one call of a row's kernel is (its `hz` counts these). */
export function unitOf(kernel: string): string {
  if (kernel === 'sgdEpoch' || kernel === 'diffusionStep') return 'step';
  if (kernel === 'rngNormals') return 'normal';
  if (kernel === 'erfcVector') return 'value';
  return kernel.startsWith('sStar') ? 'point' : 'call';
}

const precisionOf = (r: BenchRow): 'f64' | 'f32' => r.precision ?? 'f64';

/** The table's lines: per row its precision, rate, time per call, GFLOP/s, % of its own peak
 *  probe (f64x2 for f64 rows, f32x4 for f32 rows), the wasm/ts ratio (same kernel, sizes and
 *  precision, measured in the same run) and, on f32 rows, the f32/f64 speed ratio (same kernel,
 *  backend and sizes). */
export function benchTable(record: BenchRecord): string[] {
  const { peakGflops, rows } = record;
  const peakOf = (r: BenchRow): number => (precisionOf(r) === 'f32' ? record.peakF32Gflops ?? NaN : peakGflops);
  const key = (r: BenchRow): string => `${r.kernel}|${r.d}|${r.m}|${r.B}|${precisionOf(r)}`;
  const tsHz = new Map(rows.filter((r) => r.backend === 'ts').map((r) => [key(r), r.hz]));
  const f64Hz = new Map(rows.filter((r) => precisionOf(r) === 'f64').map((r) => [`${r.kernel}|${r.backend}|${r.d}|${r.m}|${r.B}`, r.hz]));
  const lines = ['kernel                   backend  prec   d     m     B        per second    time/call   GFLOP/s  %peak  wasm/ts  f32/f64'];
  for (const r of rows) {
    const ratio = r.backend === 'wasm' && tsHz.has(key(r)) ? `${(r.hz / tsHz.get(key(r))!).toFixed(1)}x` : '';
    const twin = f64Hz.get(`${r.kernel}|${r.backend}|${r.d}|${r.m}|${r.B}`);
    const speedup = precisionOf(r) === 'f32' && twin !== undefined ? `${(r.hz / twin).toFixed(2)}x` : '';
    lines.push([
      r.kernel.padEnd(24), r.backend.padEnd(8), precisionOf(r).padEnd(4), String(r.d ?? '').padStart(3), String(r.m ?? '').padStart(5), String(r.B ?? '').padStart(5),
      `${r.hz.toExponential(3)}/${unitOf(r.kernel)}`.padStart(18), fmtTime(1 / r.hz).padStart(11),
      (r.gflops === null ? '' : r.gflops.toFixed(2)).padStart(8),
      (r.gflops === null ? '' : `${((100 * r.gflops) / peakOf(r)).toFixed(0)}%`).padStart(6), ratio.padStart(8), speedup.padStart(8),
    ].join(' ').trimEnd());
  }
  return lines;
}

/** The row of `kernel` on `backend` (and d, when given) in `precision` (default f64); throws if the record has none. */
export function rowOf(record: BenchRecord, kernel: string, backend: string, d?: number, precision: 'f64' | 'f32' = 'f64'): BenchRow {
  const r = record.rows.find((x) => x.kernel === kernel && x.backend === backend && (d === undefined || x.d === d) && precisionOf(x) === precision);
  if (r === undefined) throw new Error(`bench record: no row ${kernel}/${backend}${d === undefined ? '' : `/d=${d}`}/${precision}`);
  return r;
}
