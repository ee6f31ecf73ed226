// Every config field of every experiment, refused with the message a user sees (the field's path
// and what is allowed), and the boundary of each numeric field: the last refused value and the
// first accepted one. The table is written out here, not read from the schemas, so a changed
// bound or message fails (issue 12: mutation testing found these strings and bounds unguarded).
import { describe, expect, it } from 'vitest';
import { EXPERIMENTS } from '../src/experiments/index.js';
import type { ExperimentId } from '../src/experiments/types.js';
import { InputError } from '../src/model/errors.js';
import { validateConfig } from '../src/model/validate.js';

const INT = (k: number): string => `an integer >= ${k}`;
const POS = 'a finite number > 0';
const UNIT = 'a number in (0, 1)';
const PROTOCOL = { protocol: '"paper", "notebook"', lossReduction: '"sum", "mean"' };
const DIFFUSION_SWITCHES = { ...PROTOCOL, muSchedule: '"paper", "notebook"', trainDelta: UNIT, timeWeights: '"sigma", "inverseSigma"' };
const TRAINING = {
  n: INT(1), m: INT(1), B: INT(1), model: '"experiment", "theory"', ts: 'at least one diffusion time', etas: 'at least one learning rate',
  epochs: 'one integer >= 1 per eta', draws: INT(2), tracePoints: INT(1), traceExcessRisk: 'true or false',
  traceSharpness: '"none", "theory", "all"', precision: '"f64", "f32"',
};
const DIFFUSION = {
  n: INT(2), dataScale: POS, m: INT(1), B: INT(1), timeCount: INT(2), samples: INT(2), steps: INT(1), delta: UNIT,
  bandwidth: POS, bandwidths: 'a list of bandwidths: numbers > 0 or "median"', tracePoints: INT(1), precision: '"f64", "f32"',
  ...DIFFUSION_SWITCHES,
};

/** What `field: "x"` is refused with, per experiment and field (every field of the schema). */
const ALLOWED: Record<ExperimentId, Record<string, string>> = {
  fig1: { ...TRAINING, gridSize: INT(2) },
  fig2: {
    ...TRAINING, ...PROTOCOL, ds: 'at least one dimension (integers >= 1)', sims: INT(1),
    sharpnessMethod: '"lanczos", "notebook"', excessRiskMethod: '"identity", "notebook"',
  },
  fig5: {
    source: 'the fig2 preset to read: "quick", "paper"', d: INT(1), draws: INT(1), ...PROTOCOL,
    sharpnessMethod: '"lanczos", "notebook"', excessRiskMethod: '"identity", "notebook"', t: POS, m: INT(1),
    etas: 'at least one learning rate', epochs: 'one integer >= 1 per eta', sims: INT(1), params: 'at least one of "theory", "all"',
  },
  fig3: { ...DIFFUSION, d: INT(1), etas: 'at least one learning rate', epochs: 'one integer >= 1 per eta', sims: INT(1), sets: INT(1) },
  fig5diffusion: {
    source: 'the fig3 preset to read: "quick", "paper"', d: INT(1), m: INT(1), etas: 'at least one learning rate',
    epochs: 'one integer >= 1 per eta', sims: INT(1), timeCount: INT(2), ...DIFFUSION_SWITCHES, draws: INT(1), kinkDraws: INT(1),
    estimators: 'at least one of "sampled", "withKinks"',
  },
  fig4: { ...DIFFUSION, ds: 'at least one dimension (integers >= 1)', eta: POS, epochs: INT(1), sims: INT(1), sets: INT(1) },
};

const refusal = (id: ExperimentId, patch: Record<string, unknown>): InputError | null => {
  try {
    validateConfig(EXPERIMENTS[id].schema, { ...(EXPERIMENTS[id].presets.quick as object), ...patch });
    return null;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return e;
  }
};

const ids = Object.keys(EXPERIMENTS) as ExperimentId[];

describe('config errors: every field of every experiment', () => {
  it.each(ids)('%s: the table names every field of the schema', (id) => {
    const shape = (EXPERIMENTS[id].schema as unknown as { def: { in?: { shape: object }; shape?: object } }).def;
    const fields = Object.keys(shape.in?.shape ?? shape.shape ?? {});
    expect(Object.keys(ALLOWED[id]).sort()).toEqual(fields.sort());
  });

  it.each(ids)('%s: a string where a value belongs is refused naming the field and what is allowed', (id) => {
    for (const [field, allowed] of Object.entries(ALLOWED[id])) {
      const e = refusal(id, { [field]: 'x' });
      expect(e, field).not.toBeNull();
      expect({ field, path: e!.path, allowed: e!.allowed }).toEqual({ field, path: field, allowed });
      expect(e!.message).toBe(`${field}: got "x"; allowed: ${allowed}`);
    }
  });

  it.each(ids)('%s: each numeric field refuses the value just outside its range and accepts the edge', (id) => {
    for (const [field, allowed] of Object.entries(ALLOWED[id])) {
      const int = /^an integer >= (\d+)$/.exec(allowed);
      const cases: [unknown, unknown][] = int ? [[Number(int[1]) - 1, Number(int[1])], [Number(int[1]) + 0.5, Number(int[1]) + 1]]
        : allowed === POS ? [[0, 1e-12], [-1, 3], [Infinity, 1e300]]
          : allowed === UNIT ? [[0, 1e-12], [1, 1 - 1e-12]] : [];
      for (const [bad, good] of cases) {
        expect(refusal(id, { [field]: bad })?.allowed, `${field} = ${bad}`).toBe(allowed);
        const ok = refusal(id, { [field]: good });
        // a cross-field rule may still refuse the edge (e.g. n vs the data), never this field's own
        expect(ok === null || ok.path !== field, `${field} = ${good}: ${ok?.message}`).toBe(true);
      }
    }
  });
});

/** What an item of each list field is refused with (path FIELD[0]). */
const ITEMS: Partial<Record<ExperimentId, Record<string, [unknown, string]>>> = {
  fig1: { ts: [0, 'a number in (0, 15]'], etas: [0, POS], epochs: [0, INT(1)] },
  fig2: { ts: [16, 'a number in (0, 15]'], etas: [-1, POS], epochs: [1.5, INT(1)], ds: [0, INT(1)] },
  fig5: { etas: [0, POS], epochs: [0, INT(1)], params: ['both', '"theory", "all"'] },
  fig3: { etas: [0, POS], epochs: [0, INT(1)], bandwidths: [0, POS] },
  fig5diffusion: { etas: [0, POS], epochs: [0, INT(1)], estimators: ['exact', '"sampled", "withKinks"'] },
  fig4: { ds: [0, INT(1)], bandwidths: ['mean', 'a finite number > 0, or "median"'] },
};

describe('config errors: list items', () => {
  it.each(ids)('%s: a bad first item is refused at FIELD[0]', (id) => {
    for (const [field, [bad, allowed]] of Object.entries(ITEMS[id] ?? {})) {
      const base = EXPERIMENTS[id].presets.quick as Record<string, unknown>;
      const list = Array.isArray(base[field]) ? [...(base[field] as unknown[])] : [1];
      list[0] = bad;
      const e = refusal(id, { [field]: list });
      expect({ field, path: e?.path, allowed: e?.allowed }).toEqual({ field, path: `${field}[0]`, allowed });
    }
    for (const field of Object.keys(ITEMS[id] ?? {})) {
      if (field === 'bandwidths') continue; // optional and may be empty: [] is "no extra bandwidth"
      expect(refusal(id, { [field]: [] })?.path, `${field} = []`).toBe(field);
    }
  });
});
