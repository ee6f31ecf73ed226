// The benchmark table, one format for the terminal (`npm run bench`) and the docs
// (docs/benchmarks.md, generated from the committed reference record bench/reference.json).
export interface BenchRow {
  kernel: string;
  backend: string;
  d: number | null;
  m: number | null;
  B: number | null;
  /** Calls (or steps, points, values) per second. */
  hz: number;
  gflops: number | null;
}

/** What `npm run bench` writes: the rows and the machine they were measured on. */
export interface BenchRecord {
  peakGflops: number;
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

/** The table's lines: per row its rate, time per call, GFLOP/s, % of the peak probe and the
 *  wasm/ts ratio (same kernel and sizes, measured in the same run). */
export function benchTable(record: BenchRecord): string[] {
  const { peakGflops, rows } = record;
  const key = (r: BenchRow): string => `${r.kernel}|${r.d}|${r.m}|${r.B}`;
  const tsHz = new Map(rows.filter((r) => r.backend === 'ts').map((r) => [key(r), r.hz]));
  const lines = ['kernel                   backend   d     m     B        per second    time/call   GFLOP/s  %peak  wasm/ts'];
  for (const r of rows) {
    const ratio = r.backend === 'wasm' && tsHz.has(key(r)) ? `${(r.hz / tsHz.get(key(r))!).toFixed(1)}x` : '';
    lines.push([
      r.kernel.padEnd(24), r.backend.padEnd(7), String(r.d ?? '').padStart(3), String(r.m ?? '').padStart(5), String(r.B ?? '').padStart(5),
      `${r.hz.toExponential(3)}/${unitOf(r.kernel)}`.padStart(18), fmtTime(1 / r.hz).padStart(11),
      (r.gflops === null ? '' : r.gflops.toFixed(2)).padStart(8),
      (r.gflops === null ? '' : `${((100 * r.gflops) / peakGflops).toFixed(0)}%`).padStart(6), ratio.padStart(8),
    ].join(' ').trimEnd());
  }
  return lines;
}

/** The row of `kernel` on `backend` (and d, when given); throws if the record has none. */
export function rowOf(record: BenchRecord, kernel: string, backend: string, d?: number): BenchRow {
  const r = record.rows.find((x) => x.kernel === kernel && x.backend === backend && (d === undefined || x.d === d));
  if (r === undefined) throw new Error(`bench record: no row ${kernel}/${backend}${d === undefined ? '' : `/d=${d}`}`);
  return r;
}
