// The Wasm module's face: the allocator and every kernel (names as in src/backend/contract.ts).
export { alloc, free } from './memory';
export { rngSeed, rngUniforms, rngNormals } from './kernels/rng';
export { netForward, netBackward } from './kernels/reluNet';
export { sgdDense } from './kernels/sgd';
export { peak } from './kernels/peak';
