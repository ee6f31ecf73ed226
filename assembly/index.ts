// The Wasm module's face: the allocator and every kernel (names as in src/backend/contract.ts).
export { alloc, free } from './memory';
export { rngSeed, rngUniforms, rngNormals } from './kernels/rng';
export { netForward, netBackward } from './kernels/reluNet';
export { sgdDense } from './kernels/sgdDense';
export { peak } from './kernels/peak';
export { sStar1d } from './kernels/sStar1d';
export { sStarNd } from './kernels/sStarNd';
// Probe (not a kernel): the f64x2 exp, tested against Math.exp in test/vexp.test.ts.
export { vexpArray } from './math/vexp';
export { excessRiskMC } from './kernels/excessRiskMC';
export { sgd1d } from './kernels/sgd1d';
export { exactRisk1d } from './kernels/exactRisk1d';
export { hessian1d } from './kernels/hessian1d';
export { hessianVector1d } from './kernels/hessianVector1d';
export { erfcVector } from './kernels/erfcVector';
export { gramSchmidt } from './kernels/gramSchmidt';
export { sampledHessianVector } from './kernels/sampledHessianVector';
export { diffusionBatch, denoiseLossGrad } from './kernels/diffusion';
export { reverseSdeStep } from './kernels/reverseSdeStep';
export { gaussianFitSample } from './kernels/gaussianFitSample';
export { mmdUnbiased } from './kernels/mmdUnbiased';
export { w2Assignment } from './kernels/w2Assignment';
// f32 training (issue 14): f32x4 kernels with the draws of their f64 namesakes.
export { netForwardF32, netBackwardF32 } from './kernels/reluNetF32';
export { sgdDenseF32 } from './kernels/sgdDenseF32';
export { diffusionBatchF32, denoiseLossGradF32 } from './kernels/diffusionF32';
export { reverseSdeStepF32 } from './kernels/reverseSdeStepF32';
export { peakF32 } from './kernels/peakF32';
export { sgd1dF32 } from './kernels/sgd1dF32';
