// The web lab's entry: builds the panels, restores their state from the URL and writes it back
// (history.replaceState) on every change, so the address is the shareable state.
import { createBackend } from '../../src/backend/index.js';
import { Panel1d } from './lab1d/panel.js';
import { Panel2d } from './lab2d/panel.js';

async function main(): Promise<void> {
  const ts = await createBackend('ts'); // the page's own small work: drawing points, checking files
  const params = new URLSearchParams(location.search);
  let ready = false;
  const writeUrl = (): void => {
    if (!ready) return;
    const p = new URLSearchParams(location.search);
    panel1d.toUrl(p);
    panel2d.toUrl(p);
    const q = p.toString();
    history.replaceState(null, '', q ? `?${q}` : location.pathname);
  };
  const panel1d = new Panel1d(document.querySelector<HTMLElement>('#lab1d')!, ts, writeUrl);
  const panel2d = new Panel2d(document.querySelector<HTMLElement>('#lab2d')!, writeUrl);
  panel1d.fromUrl(params);
  panel2d.fromUrl(params);
  ready = true;
  writeUrl();
  // For web/speed.ts and the browser test: the fig1-size step timing in the 1-D worker.
  (window as unknown as { bigstepBench: Panel1d['bench'] }).bigstepBench = (steps, repeats) => panel1d.bench(steps, repeats);
  document.body.dataset.ready = 'true';
}

main().catch((err: unknown) => {
  const slot = document.querySelector('#fatal');
  if (slot) slot.textContent = `The lab failed to start: ${(err as Error).message}`;
  throw err;
});
