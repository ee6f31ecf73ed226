// Kernel files are named after the kernel they hold, or after a documented family of kernels
// (KERNEL_FAMILIES in src/backend/contract.ts), on both sides: assembly/kernels/X.ts and its
// twin src/backend/ts/X.ts. A file in either folder that holds no kernel is a shared helper and
// must be listed below with what it shares, so the rule holds for kernels added later.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KERNEL_FAMILIES, KERNEL_NAMES, type KernelName } from '../src/backend/contract.js';
import { KERNEL_FILES, kernelFile } from './helpers/kernelFiles.js';

const root = new URL('..', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const namesIn = (dir: string): string[] =>
  readdirSync(new URL(dir, root)).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

/** Files that hold no kernel. */
const HELPERS = {
  'assembly/kernels': {
    exact1dCore: 'the sorted-kink moments shared by exactRisk1d, hessian1d and hessianVector1d',
    kinkBuckets: 'sorting a batch and placing each kink in its gap, for sgd1d',
    netBlocks: 'the f64x2 row blocks of the network kernels (reluNet, sgdDense, diffusion, excessRiskMC)',
    netBlocksF32: 'the f32x4 row blocks of the f32 network kernels (reluNetF32, sgdDenseF32, diffusionF32)',
    kinkBucketsF32: 'kinkBuckets in f32, for sgd1dF32',
  },
  'src/backend/ts': {
    exact1dCore: 'twin of assembly/kernels/exact1dCore.ts',
    kinkBuckets: 'twin of assembly/kernels/kinkBuckets.ts',
    kinkBucketsF32: 'twin of assembly/kernels/kinkBucketsF32.ts',
    index: 'the TS backend: an adaptor per kernel',
    kernels: 'the table of twins, checked against the contract by the compiler',
  },
} as const;

/** Names of the functions a source file exports (AssemblyScript or TypeScript). */
const exportedFunctions = (text: string): string[] =>
  [...text.matchAll(/^export function (\w+)/gm)].map((m) => m[1]);

describe('kernel files', () => {
  it('every kernel lives in a file named after it or after its documented family, on both sides', () => {
    for (const [dir, ext] of [['assembly/kernels', ''], ['src/backend/ts', '.js']] as const) {
      for (const k of KERNEL_NAMES) {
        const file = kernelFile(k);
        expect(namesIn(dir), `${k}: ${dir}/${file}.ts`).toContain(file);
        expect(exportedFunctions(read(`${dir}/${file}.ts`)), `${dir}/${file}.ts exports ${k}`).toContain(k);
      }
      // and each face imports it from there
      const face = dir === 'assembly/kernels' ? read('assembly/index.ts') : read('src/backend/ts/kernels.ts');
      for (const k of KERNEL_NAMES) {
        const from = dir === 'assembly/kernels' ? `./kernels/${kernelFile(k)}${ext}` : `./${kernelFile(k)}${ext}`;
        const line = face.split('\n').find((l) => new RegExp(`\\b${k}\\b`).test(l) && /\bfrom\b/.test(l));
        expect(line, `${k} in ${dir === 'assembly/kernels' ? 'assembly/index.ts' : 'src/backend/ts/kernels.ts'}`).toContain(`'${from}'`);
      }
    }
  });

  it('no other file in either folder exports a kernel; every file is a kernel file or a listed helper', () => {
    for (const dir of ['assembly/kernels', 'src/backend/ts'] as const) {
      const helpers: Record<string, string> = HELPERS[dir];
      for (const name of namesIn(dir)) {
        const kernels = exportedFunctions(read(`${dir}/${name}.ts`)).filter((f): f is KernelName => (KERNEL_NAMES as readonly string[]).includes(f));
        expect(kernels.map((k) => `${k} in ${kernelFile(k)}.ts`), `${dir}/${name}.ts`).toEqual(kernels.map((k) => `${k} in ${name}.ts`));
        expect(KERNEL_FILES.has(name) || name in helpers, `${dir}/${name}.ts: a kernel file, a family (KERNEL_FAMILIES) or a listed helper`).toBe(true);
      }
      for (const name of Object.keys(helpers)) expect(namesIn(dir), `listed helper ${dir}/${name}.ts`).toContain(name);
    }
  });

  it('families are real: at least two kernels, named unlike any of them', () => {
    for (const [family, kernels] of Object.entries(KERNEL_FAMILIES)) {
      expect(kernels.length, family).toBeGreaterThan(1);
      expect(KERNEL_NAMES as readonly string[], family).not.toContain(family);
    }
  });

  it('parity case files are named after kernel files (test/parity/X.cases.ts)', () => {
    const caseFiles = readdirSync(new URL('test/parity', root)).map((f) => f.replace(/\.cases\.ts$/, '')).sort();
    expect(caseFiles.filter((f) => !KERNEL_FILES.has(f))).toEqual([]);
    expect([...KERNEL_FILES.keys()].filter((f) => !caseFiles.includes(f))).toEqual([]);
  });
});
