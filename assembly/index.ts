// The Wasm module's face: the allocator and every kernel (names as in src/backend/contract.ts).
export { alloc, free } from './memory';
export { rngSeed, rngUniforms, rngNormals } from './kernels/rng';
export { peak } from './kernels/peak';
export { sgd1d } from './kernels/sgd1d';
