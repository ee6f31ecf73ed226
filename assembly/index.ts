// The Wasm module's face: the allocator and every kernel (names as in src/backend/contract.ts).
export { alloc, free } from './memory';
export { rngSeed, rngUniforms, rngNormals } from './kernels/rng';
export { peak } from './kernels/peak';
export { exactRisk1d } from './kernels/exactRisk1d';
export { hessian1d } from './kernels/hessian1d';
export { hessianVector1d } from './kernels/hessianVector1d';
export { erfcVector } from './kernels/gauss';
