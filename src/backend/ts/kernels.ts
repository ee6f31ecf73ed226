// Every TypeScript twin, by kernel name (the twin of assembly/index.ts).
export { rngSeed, rngUniforms, rngNormals } from './rng.js';
export { netForward, netBackward } from './reluNet.js';
export { sgdDense } from './sgd.js';
export { peak } from './peak.js';
