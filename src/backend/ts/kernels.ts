// Every TypeScript twin, by kernel name (the twin of assembly/index.ts).
export { rngSeed, rngUniforms, rngNormals } from './rng.js';
export { peak } from './peak.js';
export { sgd1d } from './sgd1d.js';
