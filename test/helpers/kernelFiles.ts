// Where a kernel lives: assembly/kernels/<file>.ts and src/backend/ts/<file>.ts, with <file> the
// kernel's own name or its family's (KERNEL_FAMILIES in the contract). Shared by
// test/kernelFiles.test.ts and test/parity.test.ts.
import { KERNEL_FAMILIES, KERNEL_NAMES, type KernelName } from '../../src/backend/contract.js';

const FAMILY_OF = new Map<KernelName, string>(
  Object.entries(KERNEL_FAMILIES).flatMap(([family, kernels]) => kernels.map((k): [KernelName, string] => [k, family])));

/** The file name (no extension) that holds kernel `k` on both sides. */
export const kernelFile = (k: KernelName): string => FAMILY_OF.get(k) ?? k;

/** Every kernel file name, each with the kernels it holds. */
export const KERNEL_FILES: ReadonlyMap<string, readonly KernelName[]> = KERNEL_NAMES.reduce((m, k) => {
  m.set(kernelFile(k), [...(m.get(kernelFile(k)) ?? []), k]);
  return m;
}, new Map<string, KernelName[]>());
