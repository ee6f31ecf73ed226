// Every TypeScript twin, by kernel name (the twin of assembly/index.ts).
export { rngSeed, rngUniforms, rngNormals } from './rng.js';
export { netForward, netBackward } from './reluNet.js';
export { sgdDense } from './sgd.js';
export { peak } from './peak.js';
export { sStar1d } from './sStar.js';
export { sStarNd } from './sStarNd.js';
export { excessRiskMC } from './excessRisk.js';
export { sgd1d } from './sgd1d.js';
export { exactRisk1d } from './exactRisk1d.js';
export { hessian1d } from './hessian1d.js';
export { hessianVector1d } from './hessianVector1d.js';
export { erfcVector } from './gauss.js';
export { gramSchmidt } from './gramSchmidt.js';
export { sampledHessianVector } from './sampledHessian.js';
export { diffusionBatch, denoiseLossGrad } from './diffusion.js';
export { reverseSdeStep } from './reverseSde.js';
export { gaussianFitSample } from './gaussianFit.js';
export { mmdUnbiased } from './mmd.js';
