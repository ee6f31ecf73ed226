// The 1-D panel: data editor, fields (state mirrored in the URL), Train / Stop / Resume driving
// the worker, live charts, exports (runs.jsonl row, artifact, PNG/SVG) and opening a CLI artifact.
import type { Backend } from '../../../src/backend/contract.js';
import { Dataset } from '../../../src/model/dataset.js';
import { InputError } from '../../../src/model/errors.js';
import { liveScoreSpec, sharpnessTraceSpec, trainingTraceSpec } from '../../../src/report/specs/lab.js';
import { parseArtifact } from '../artifact.js';
import { Chart, download } from '../chart.js';
import { fromUrl, pointsFromText, pointsToText, showErrors, toUrl, type Errors } from '../fields.js';
import { fieldsHtml, readFields, writeFields } from '../form.js';
import { PointEditor } from '../pointEditor.js';
import { artifactOf, runKey, runsJsonlRow } from '../runRow.js';
import { DEFAULTS_1D, FIELDS_1D, validate1d, validateDraw, type Field1d } from './config.js';
import type { Config1d, FromWorker1d, Snapshot1d, ToWorker1d } from './protocol.js';

const html = `
<h2 id="h1d">1-D: a learned score against the empirical optimal score s*</h2>
<div class="data">
  <div id="points1d"></div>
  <div class="row">${fieldsHtml([{ name: 'n', label: 'n' }, { name: 'dataSeed', label: 'data seed' }])}
    <button type="button" id="draw1d">Draw n from N(0, 1)</button>
    <span class="msg" id="msg-x" role="status"></span></div>
</div>
<div class="row fields">${fieldsHtml([
  { name: 't', label: 't', hint: 'or μ and σ' }, { name: 'mu', label: 'μ' }, { name: 'sigma', label: 'σ' },
  { name: 'eta', label: 'η' }, { name: 'm', label: 'width m' }, { name: 'B', label: 'batch B' },
  { name: 'epochs', label: 'epochs' }, { name: 'model', label: 'model', options: ['experiment', 'theory'] },
  { name: 'seed', label: 'seed' }, { name: 'backend', label: 'backend', options: ['wasm', 'ts'] },
  { name: 'precision', label: 'precision', options: ['f64', 'f32'] },
])}</div>
<div class="row controls">
  <button type="button" id="train1d">Train</button>
  <button type="button" id="stop1d" disabled>Stop</button>
  <button type="button" id="resume1d" disabled>Resume</button>
  <span id="status1d" role="status">epoch <b id="epoch1d">0</b> · <b id="speed1d">–</b> steps/s ·
    backend <b id="backend1d">–</b> · <b id="state1d">idle</b></span>
  <span class="msg" id="msg-run1d" role="alert"></span>
</div>
<div class="row exports">
  <button type="button" id="row1d">Export runs.jsonl row</button>
  <button type="button" id="artifact1d">Export artifact</button>
  <label for="open1d">Open a CLI artifact (artifacts/KEY.json)</label>
  <input type="file" id="open1d" name="artifact" accept=".json,application/json">
  <span class="msg" id="msg-artifact" role="status"></span>
</div>
<div class="charts">
  <figure><div id="chart-score" class="chart"></div><figcaption>${exportButtons('score')}</figcaption></figure>
  <figure><div id="chart-trace" class="chart"></div><figcaption>${exportButtons('trace')}</figcaption></figure>
  <figure><div id="chart-sharpness" class="chart"></div><figcaption>${exportButtons('sharpness')}</figcaption></figure>
</div>`;

function exportButtons(name: string): string {
  return `<button type="button" data-export="${name}" data-format="png">PNG</button> <button type="button" data-export="${name}" data-format="svg">SVG</button>`;
}

export class Panel1d {
  private readonly editor: PointEditor;
  private readonly charts: Record<'score' | 'trace' | 'sharpness', Chart>;
  private readonly worker: Worker;
  private x: unknown[] = [];
  private custom = false;
  private config: Config1d | null = null;
  /** The configuration of the run in the worker (what exports describe). */
  private running: Config1d | null = null;
  private last: Snapshot1d | null = null;
  private exportWaiter: ((m: Extract<FromWorker1d, { type: 'export' }>) => void) | null = null;
  private benchWaiter: ((m: Extract<FromWorker1d, { type: 'bench' }>) => void) | null = null;
  private readonly $ = <T extends HTMLElement>(sel: string): T => this.root.querySelector<T>(sel)!;

  constructor(private readonly root: HTMLElement, private readonly ts: Backend, private readonly onUrl: () => void) {
    root.innerHTML = html;
    this.editor = new PointEditor(this.$('#points1d'), (x) => { this.x = x; this.custom = true; this.changed(); });
    this.charts = { score: new Chart(this.$('#chart-score'), 'score'), trace: new Chart(this.$('#chart-trace'), 'trace'), sharpness: new Chart(this.$('#chart-sharpness'), 'sharpness') };
    this.worker = new Worker(new URL('./lab1d-worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<FromWorker1d>) => this.receive(e.data);
    this.worker.onerror = (e) => { this.$('#msg-run1d').textContent = `worker: ${e.message}`; };
    root.addEventListener('input', (e) => {
      const name = (e.target as HTMLInputElement).name;
      if (name === 'n' || name === 'dataSeed') this.drawPoints();
      if (name !== 'artifact') this.changed();
    });
    this.$('#draw1d').addEventListener('click', () => { this.drawPoints(); this.changed(); });
    this.$('#train1d').addEventListener('click', () => this.train());
    this.$('#stop1d').addEventListener('click', () => this.send({ type: 'stop' }));
    this.$('#resume1d').addEventListener('click', () => this.send({ type: 'resume' }));
    this.$('#row1d').addEventListener('click', () => void this.exportRun('row'));
    this.$('#artifact1d').addEventListener('click', () => void this.exportRun('artifact'));
    this.$<HTMLInputElement>('#open1d').addEventListener('change', (e) => void this.open((e.target as HTMLInputElement).files?.[0]));
    root.querySelectorAll<HTMLButtonElement>('[data-export]').forEach((b) => b.addEventListener('click', () => void this.exportFigure(b)));
  }

  /** Fields and points from the URL (absent x: drawn from n and the data seed). */
  fromUrl(params: URLSearchParams): void {
    writeFields(this.root, fromUrl(params, DEFAULTS_1D));
    const x = params.get('x');
    if (x !== null) { this.x = pointsFromText(x); this.custom = true; this.editor.set(this.x.filter((v): v is number => typeof v === 'number')); } else this.drawPoints();
    this.changed(false);
    this.showEmpty();
  }

  toUrl(params: URLSearchParams): void {
    const raw = this.raw();
    // With t set, mu and sigma are derived (shown, not state).
    if (raw.t.trim() !== '') { raw.mu = DEFAULTS_1D.mu; raw.sigma = DEFAULTS_1D.sigma; }
    toUrl(params, raw, DEFAULTS_1D);
    const finite = this.x.every((v) => typeof v === 'number');
    if (this.custom) params.set('x', finite ? pointsToText(this.x as number[]) : this.x.join(',')); else params.delete('x');
  }

  private raw(): Record<Field1d, string> { return readFields(this.root, FIELDS_1D); }

  private drawPoints(): void {
    const errors: Errors = {};
    const d = validateDraw(this.raw(), errors);
    showErrors(this.root, ['n', 'dataSeed'], errors);
    if (!d) return;
    const data = Dataset.sample(this.ts, { n: d.n, d: 1, seed: d.seed });
    this.x = data.toJSON() as number[];
    data.free();
    this.custom = false;
    this.editor.set(this.x as number[]);
  }

  /** Validate, show messages, enable Train only for a valid configuration, mirror in the URL. */
  private changed(notify = true): void {
    const raw = this.raw();
    const { config, errors } = validate1d(raw, this.x);
    const drawErrors: Errors = {};
    validateDraw(raw, drawErrors);
    showErrors(this.root, [...FIELDS_1D, 'x'], { ...drawErrors, ...errors });
    this.config = config;
    this.$<HTMLButtonElement>('#train1d').disabled = config === null;
    const derived = raw.t.trim() !== '' && config;
    for (const f of ['mu', 'sigma'] as const) {
      const el = this.$<HTMLInputElement>(`[name="${f}"]`);
      el.disabled = Boolean(derived);
      if (derived) el.value = String(Number(config[f].toPrecision(6)));
    }
    if (notify) this.onUrl();
  }

  private train(): void {
    if (!this.config) return;
    this.running = this.config;
    this.$('#msg-run1d').textContent = '';
    this.send({ type: 'start', config: this.config });
  }

  private send(msg: ToWorker1d): void { this.worker.postMessage(msg); }

  private receive(msg: FromWorker1d): void {
    if (msg.type === 'ready') this.$('#backend1d').textContent = msg.backend;
    else if (msg.type === 'snapshot') this.draw(msg.snapshot);
    else if (msg.type === 'export') this.exportWaiter?.(msg);
    else if (msg.type === 'bench') this.benchWaiter?.(msg);
    else if (msg.type === 'error') {
      const slot = msg.field && this.root.querySelector(`#msg-${msg.field}`) ? `#msg-${msg.field}` : '#msg-run1d';
      this.$(slot).textContent = msg.message;
    }
  }

  private showEmpty(): void {
    this.charts.trace.show(trainingTraceSpec({ epoch: [], loss: [] }));
    this.charts.sharpness.show(sharpnessTraceSpec({ epoch: [], sharpness: [], bound: NaN, params: '' }));
  }

  private draw(s: Snapshot1d): void {
    this.last = s;
    const c = this.running!;
    this.$('#epoch1d').textContent = `${s.epoch.toLocaleString('en')} / ${s.epochs.toLocaleString('en')}`;
    this.$('#speed1d').textContent = s.stepsPerSecond > 0 ? Math.round(s.stepsPerSecond).toLocaleString('en') : '–';
    const state = s.divergedAtEpoch !== null ? `diverged at epoch ${s.divergedAtEpoch}` : s.running ? 'running' : s.epoch >= s.epochs ? 'done' : 'stopped';
    this.$('#state1d').textContent = state;
    this.$<HTMLButtonElement>('#stop1d').disabled = !s.running;
    this.$<HTMLButtonElement>('#resume1d').disabled = s.running || s.epoch >= s.epochs || s.divergedAtEpoch !== null;
    const note = `epoch ${s.epoch}, η = ${c.eta}, m = ${c.m}, ${c.model} model`;
    if (s.curve) this.charts.score.show(liveScoreSpec({ ...s.curve, kinks: s.kinks, mu: c.mu, sigma: c.sigma, note }));
    this.charts.trace.show(trainingTraceSpec({ epoch: s.trace.epoch, loss: s.trace.loss, excessRiskExact: s.trace.excessRiskExact }));
    this.charts.sharpness.show(sharpnessTraceSpec({ epoch: s.trace.sharpnessEpoch, sharpness: s.trace.sharpness, bound: s.stabilityBound, params: s.sharpnessParams }));
  }

  /** µs per fig1-size SGD step in this page's worker on the Wasm backend (web/speed.ts). */
  bench(steps: number, repeats: number): Promise<{ backend: string; microsPerStep: number[] }> {
    return new Promise((resolve) => {
      this.benchWaiter = (m) => { this.benchWaiter = null; resolve({ backend: m.backend, microsPerStep: m.microsPerStep }); };
      this.send({ type: 'bench', steps, repeats });
    });
  }

  private async exportRun(kind: 'row' | 'artifact'): Promise<void> {
    const c = this.running;
    if (!c) { this.$('#msg-run1d').textContent = 'nothing to export yet: press Train'; return; }
    const msg = await new Promise<Extract<FromWorker1d, { type: 'export' }>>((resolve) => { this.exportWaiter = resolve; this.send({ type: 'export' }); });
    this.exportWaiter = null;
    const name = runKey(c).replace(/\//g, '__');
    if (kind === 'row') download('runs.jsonl', await runsJsonlRow(c, msg.snapshot), 'application/jsonl');
    else download(`${name}.json`, JSON.stringify(artifactOf(c, msg.snapshot, msg.model)) + '\n', 'application/json');
  }

  private async exportFigure(b: HTMLButtonElement): Promise<void> {
    const chart = this.charts[b.dataset.export as keyof Panel1d['charts']];
    const name = `bigstep-${chart.name}`;
    if (b.dataset.format === 'svg') download(`${name}.svg`, await chart.svg(), 'image/svg+xml');
    else download(`${name}.png`, await chart.png());
  }

  /** Show a CLI artifact against s*: its data and noise level replace the fields; Resume trains on. */
  private async open(file: File | undefined): Promise<void> {
    const msg = this.$('#msg-artifact');
    msg.textContent = '';
    if (!file || !this.config) { if (file) msg.textContent = 'fix the fields above first'; return; }
    try {
      const a = parseArtifact(this.ts, await file.text());
      writeFields(this.root, { t: '', mu: String(a.mu), sigma: String(a.sigma), m: String(a.m) });
      this.x = a.x;
      this.custom = true;
      this.editor.set(a.x);
      this.changed();
      if (!this.config) return;
      this.running = this.config;
      this.send({ type: 'load', config: this.config, model: a.model });
      msg.textContent = `opened ${a.key ?? file.name}`;
    } catch (err) {
      if (err instanceof InputError) msg.textContent = `${file.name}: ${err.message}`; else throw err;
    }
  }
}
