// The parity suite: every kernel of the contract, on both backends, same seeded inputs.
import { describe, expect, it } from 'vitest';
import { KERNEL_NAMES } from '../src/backend/index.js';
import { kernelFile } from './helpers/kernelFiles.js';
import { checkParity, type ParityCase } from './helpers/parity.js';

const caseFiles = import.meta.glob<{ cases: ParityCase[] }>('./parity/*.cases.ts', { eager: true });
const all: ParityCase[] = Object.values(caseFiles).flatMap((f) => f.cases);

describe('parity: wasm vs ts', () => {
  it('every kernel of the contract has parity cases', () => {
    const covered = new Set(all.map((c) => c.kernel));
    expect(KERNEL_NAMES.filter((k) => !covered.has(k))).toEqual([]);
  });
  it('each case file holds the cases of its kernel file only (X.cases.ts: the kernels of X.ts)', () => {
    const misplaced = Object.entries(caseFiles).flatMap(([path, f]) => {
      const file = path.replace(/^\.\/parity\//, '').replace(/\.cases\.ts$/, '');
      return f.cases.filter((c) => kernelFile(c.kernel) !== file).map((c) => `${c.kernel} in ${path}`);
    });
    expect(misplaced).toEqual([]);
  });
  for (const c of all) {
    it(`${c.kernel}: ${c.label}`, () => checkParity(c));
  }
});
