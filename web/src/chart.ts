// A chart slot: compiles a Vega-Lite spec (src/report/specs/*) and renders it as SVG into its
// element, at most one render in flight (a newer spec replaces a pending one), and exports the
// figure as SVG or PNG.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export class Chart {
  private view: vega.View | null = null;
  private pending: TopLevelSpec | null = null;
  private busy = false;
  /** Renders done, for the page's status (tests watch the charts change through it). */
  renders = 0;

  constructor(readonly el: HTMLElement, readonly name: string) {}

  show(spec: TopLevelSpec): void {
    this.pending = spec;
    if (!this.busy) void this.drain();
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.pending) {
        const spec = this.pending;
        this.pending = null;
        const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'svg', container: this.el, hover: true });
        await view.runAsync();
        this.view?.finalize();
        this.view = view;
        this.renders++;
        this.el.dataset.renders = String(this.renders);
      }
    } finally {
      this.busy = false;
    }
  }

  async svg(): Promise<string> {
    if (!this.view) throw new Error(`${this.name}: nothing drawn yet`);
    return this.view.toSVG();
  }

  async png(scale = 2): Promise<Blob> {
    if (!this.view) throw new Error(`${this.name}: nothing drawn yet`);
    const url = await this.view.toImageURL('png', scale);
    return (await fetch(url)).blob();
  }
}

/** Offer `data` as a file download. */
export function download(name: string, data: Blob | string, type = 'application/octet-stream'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
