// The 2-D diffusion panel: fields (in the URL with the `d2.` prefix), Train / Stop / Resume /
// Generate, the loss trace, and samples from the learned score and from s* with memorization
// lines and MMD².
import { samples2dSpec } from '../../../src/report/specs/samples2d.js';
import { fmt } from '../../../src/report/specs/style.js';
import { trainingTraceSpec } from '../../../src/report/specs/lab.js';
import { Chart, download } from '../chart.js';
import { fromUrl, showErrors, toUrl } from '../fields.js';
import { fieldsHtml, readFields, writeFields } from '../form.js';
import { DEFAULTS_2D, FIELDS_2D, PREFIX_2D, validate2d, type Field2d } from './config.js';
import type { Config2d, FromWorker2d, Generation2d, Snapshot2d } from './protocol.js';

const P = PREFIX_2D;
const html = `
<h2 id="h2d">2-D: the time-conditioned model, generation and memorization</h2>
<div class="row fields">${fieldsHtml([
  { name: 'n', label: 'n points' }, { name: 'dataSeed', label: 'data seed' }, { name: 'scale', label: 'data scale' },
  { name: 'm', label: 'width m' }, { name: 'B', label: 'batch B' }, { name: 'eta', label: 'η' }, { name: 'epochs', label: 'epochs' },
  { name: 'seed', label: 'seed' }, { name: 'N', label: 'samples N' }, { name: 'steps', label: 'SDE steps' },
  { name: 'backend', label: 'backend', options: ['wasm', 'ts'] },
  { name: 'precision', label: 'precision', options: ['f64', 'f32'] },
], P)}</div>
<div class="row controls">
  <button type="button" id="train2d">Train diffusion model</button>
  <button type="button" id="stop2d" disabled>Stop</button>
  <button type="button" id="resume2d" disabled>Resume</button>
  <button type="button" id="generate2d" disabled>Generate samples</button>
  <span id="status2d" role="status">epoch <b id="epoch2d">0</b> · <b id="speed2d">–</b> steps/s ·
    backend <b id="backend2d">–</b> · <b id="state2d">idle</b></span>
  <span class="msg" id="msg-run2d" role="alert"></span>
</div>
<div class="charts">
  <figure><div id="chart-samples" class="chart"></div><figcaption>${buttons('samples')}</figcaption></figure>
  <figure><div id="chart-loss2d" class="chart"></div><figcaption>${buttons('loss2d')}</figcaption></figure>
</div>`;

function buttons(name: string): string {
  return `<button type="button" data-export2d="${name}" data-format="png">PNG</button> <button type="button" data-export2d="${name}" data-format="svg">SVG</button>`;
}

export class Panel2d {
  private readonly charts: Record<'samples' | 'loss2d', Chart>;
  private readonly worker: Worker;
  private config: Config2d | null = null;
  private snapshot: Snapshot2d | null = null;
  private readonly $ = <T extends HTMLElement>(sel: string): T => this.root.querySelector<T>(sel)!;

  constructor(private readonly root: HTMLElement, private readonly onUrl: () => void) {
    root.innerHTML = html;
    this.charts = { samples: new Chart(this.$('#chart-samples'), 'samples'), loss2d: new Chart(this.$('#chart-loss2d'), 'loss2d') };
    this.worker = new Worker(new URL('./lab2d-worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<FromWorker2d>) => this.receive(e.data);
    this.worker.onerror = (e) => { this.$('#msg-run2d').textContent = `worker: ${e.message}`; };
    root.addEventListener('input', () => this.changed());
    this.$('#train2d').addEventListener('click', () => {
      if (!this.config) return;
      this.$('#msg-run2d').textContent = '';
      this.worker.postMessage({ type: 'start', config: this.config });
    });
    this.$('#stop2d').addEventListener('click', () => this.worker.postMessage({ type: 'stop' }));
    this.$('#resume2d').addEventListener('click', () => this.worker.postMessage({ type: 'resume' }));
    this.$('#generate2d').addEventListener('click', () => { this.$('#state2d').textContent = 'generating'; this.worker.postMessage({ type: 'generate' }); });
    root.querySelectorAll<HTMLButtonElement>('[data-export2d]').forEach((b) => b.addEventListener('click', () => void this.exportFigure(b)));
  }

  fromUrl(params: URLSearchParams): void {
    writeFields(this.root, fromUrl(params, DEFAULTS_2D, P), P);
    this.changed(false);
    this.charts.samples.show(samples2dSpec({ x: [], panels: [] }));
    this.charts.loss2d.show(trainingTraceSpec({ epoch: [], loss: [], title: 'Training: denoising loss' }));
  }

  toUrl(params: URLSearchParams): void { toUrl(params, this.raw(), DEFAULTS_2D, P); }

  private raw(): Record<Field2d, string> { return readFields(this.root, FIELDS_2D, P); }

  private changed(notify = true): void {
    const { config, errors } = validate2d(this.raw());
    showErrors(this.root, FIELDS_2D, errors, P);
    this.config = config;
    this.$<HTMLButtonElement>('#train2d').disabled = config === null;
    if (notify) this.onUrl();
  }

  private receive(msg: FromWorker2d): void {
    if (msg.type === 'ready') this.$('#backend2d').textContent = msg.backend;
    else if (msg.type === 'snapshot') this.drawSnapshot(msg.snapshot);
    else if (msg.type === 'generation') this.drawSamples(msg.generation);
    else if (msg.type === 'error') {
      const slot = msg.field && this.root.querySelector(`#msg-${P}${msg.field}`) ? `#msg-${P}${msg.field}` : '#msg-run2d';
      this.root.querySelector(slot)!.textContent = msg.message;
    }
  }

  private drawSnapshot(s: Snapshot2d): void {
    this.snapshot = s;
    this.$('#epoch2d').textContent = `${s.epoch.toLocaleString('en')} / ${s.epochs.toLocaleString('en')}`;
    this.$('#speed2d').textContent = s.stepsPerSecond > 0 ? Math.round(s.stepsPerSecond).toLocaleString('en') : '–';
    this.$('#state2d').textContent = s.divergedAtEpoch !== null ? `diverged at epoch ${s.divergedAtEpoch}` : s.running ? 'running' : s.epoch >= s.epochs ? 'done: generating' : 'stopped';
    this.$<HTMLButtonElement>('#stop2d').disabled = !s.running;
    this.$<HTMLButtonElement>('#resume2d').disabled = s.running || s.epoch >= s.epochs || s.divergedAtEpoch !== null;
    this.$<HTMLButtonElement>('#generate2d').disabled = s.running || s.divergedAtEpoch !== null;
    this.charts.loss2d.show(trainingTraceSpec({ epoch: s.trace.epoch, loss: s.trace.loss, title: 'Training: denoising loss' }));
  }

  private drawSamples(g: Generation2d): void {
    const x = this.snapshot?.x ?? [];
    const mmdText = (v: number | null) => (v === null ? 'underflowed' : fmt(v, 3));
    const pct = (f: number) => `${fmt(100 * f, 3)}%`;
    this.$('#state2d').textContent = `samples at epoch ${g.epoch} (${Math.round(g.ms)} ms)`;
    this.root.dataset.mmd = String(g.mmdToSStar);
    this.charts.samples.show(samples2dSpec({
      x,
      title: `Generated samples at epoch ${g.epoch}`,
      panels: [
        { label: 'learned score s_θ', samples: g.learned, nearest: g.learnedNearest, memorized: g.learnedMemorized,
          note: `memorized ${pct(g.memorizedLearned)}; MMD² to s* samples ${mmdText(g.mmdToSStar)}, to fitted Gaussian ${mmdText(g.mmdToGaussian)}` },
        { label: 'empirical optimal score s*', samples: g.sStar, nearest: g.sStarNearest, memorized: g.sStarMemorized,
          note: `memorized ${pct(g.memorizedSStar)}` },
      ],
    }));
  }

  private async exportFigure(b: HTMLButtonElement): Promise<void> {
    const chart = this.charts[b.dataset.export2d as 'samples' | 'loss2d'];
    if (b.dataset.format === 'svg') download(`bigstep-${chart.name}.svg`, await chart.svg(), 'image/svg+xml');
    else download(`bigstep-${chart.name}.png`, await chart.png());
  }
}
