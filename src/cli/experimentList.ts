// What the help texts and `bigstep reproduce` say about the experiments comes from the registry
// (src/experiments/index.ts), the one list: an experiment added there appears everywhere.
import type { Experiment, ExperimentId } from '../experiments/types.js';

type Registry = Partial<Record<ExperimentId, Experiment>>;

/** "fig1, fig2, ..." in registry order. */
export function experimentIds(registry: Registry): string {
  return Object.keys(registry).join(', ');
}

/** One entry per experiment: its id, then its title wrapped to `width` columns. */
export function experimentTable(registry: Registry, width = 96): string {
  const ids = Object.keys(registry) as ExperimentId[];
  const pad = Math.max(...ids.map((id) => id.length)) + 4;
  return ids.map((id) => {
    const lines: string[] = [];
    let line = '';
    for (const word of registry[id]!.title.split(' ')) {
      if (line !== '' && pad + line.length + 1 + word.length > width) { lines.push(line); line = word; }
      else line = line === '' ? word : `${line} ${word}`;
    }
    lines.push(line);
    return lines.map((l, i) => (i === 0 ? `  ${id.padEnd(pad - 2)}` : ' '.repeat(pad)) + l).join('\n');
  }).join('\n') + '\n';
}

/** The registry's experiments with each one after those it reads (fig5 after fig2), otherwise
 *  in registry order. */
export function reproductionOrder(registry: Registry): ExperimentId[] {
  const order: ExperimentId[] = [];
  const visit = (id: ExperimentId, path: ExperimentId[]): void => {
    if (order.includes(id)) return;
    if (path.includes(id)) throw new Error(`experiments depend on each other in a cycle: ${[...path, id].join(' → ')}`);
    const e = registry[id];
    if (e === undefined) throw new Error(`experiment ${path.at(-1)} reads ${id}, which is not in the registry`);
    for (const dep of e.dependsOn ?? []) visit(dep, [...path, id]);
    order.push(id);
  };
  for (const id of Object.keys(registry) as ExperimentId[]) visit(id, []);
  return order;
}
