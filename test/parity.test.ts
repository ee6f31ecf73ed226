// The parity suite: every kernel of the contract, on both backends, same seeded inputs.
import { describe, expect, it } from 'vitest';
import { KERNEL_NAMES } from '../src/backend/index.js';
import { checkParity, type ParityCase } from './helpers/parity.js';

const caseFiles = import.meta.glob<{ cases: ParityCase[] }>('./parity/*.cases.ts', { eager: true });
const all: ParityCase[] = Object.values(caseFiles).flatMap((f) => f.cases);

describe('parity: wasm vs ts', () => {
  it('every kernel of the contract has parity cases', () => {
    const covered = new Set(all.map((c) => c.kernel));
    expect(KERNEL_NAMES.filter((k) => !covered.has(k))).toEqual([]);
  });
  for (const c of all) {
    it(`${c.kernel}: ${c.label}`, () => checkParity(c));
  }
});
