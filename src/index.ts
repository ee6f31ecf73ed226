// bigstep's public face (Node and browsers): backends, data, networks, training, analysis.
export { createBackend, KERNEL_NAMES, PRECISIONS, RNG_STATE_LENGTH, scratchLength } from './backend/index.js';
export type { Backend, BackendName, F32, F64, Kernels, KernelName, Precision } from './backend/index.js';
export { compileWasm } from './backend/wasm/load.js';
export { InputError } from './model/errors.js';
export {
  validate, validateConfig, toInputError, integerSchema, positiveSchema, openIntervalSchema, oneOfSchema, listSchema,
  pointsSchema,
} from './model/validate.js';
export { Dataset } from './model/dataset.js';
export { Net, type ModelJson, type NetShape } from './model/net.js';
export { noiseAt, type NoiseLevel } from './model/schedule.js';
export { train, type TrainOptions, type TrainResult } from './model/train.js';
export { excessRiskMonteCarlo, type MonteCarloEstimate } from './analysis/excessRisk.js';
export {
  riskExact, gradExact, hessianExact, hessianOperator, hessianVectorProduct, riskSStar, excessRiskExact,
  theorySubmatrix, splitParams, HESSIAN_PARAMS, type HessianParams, type HessianResult, type HessianOperator,
  type NoiseOptions,
} from './analysis/exact1d.js';
export { sharpnessExact, stabilityBound, type Sharpness } from './analysis/sharpness.js';
export {
  sharpnessSampled, sharpnessNotebook, sharpnessDenoising, sampledHessianOperator, DENOISING_ESTIMATORS,
  type SampledSharpness, type DenoisingSharpness, type DenoisingSharpnessOptions, type DenoisingEstimator,
} from './analysis/sharpnessSampled.js';
export {
  scoreLoss, diffusionLoss, drawLossSample, sampleLoss, type DenoisingLoss, type LossSample, type TimeSchedule,
} from './analysis/denoisingLoss.js';
export { kinkBlocks, addKinkProduct, type KinkBlocks } from './analysis/kinkTerms.js';
export { kinkTerms1d, applyKinkPart, type KinkTerms } from './analysis/kinks1d.js';
export { riskMonteCarlo } from './analysis/riskMonteCarlo.js';
export { extremeEigenvalues, type SymmetricOperator, type ExtremeEigenvalues } from './analysis/lanczos.js';
export { symmetricEigenvalues } from './analysis/eigen.js';
export { tvNet, tvSStar, kinks } from './analysis/tv.js';
export { tvWeight, piAt } from './analysis/tvWeight.js';
export { theoryBounds, modelSummary, type TheoryBounds } from './analysis/bounds.js';
export { tInterval, studentTQuantile } from './analysis/stats.js';
export {
  trainDiffusion, timeGrid, muAt, sigmaAt, SerialGradient,
  type DiffusionSchedule, type DiffusionTrainOptions, type BatchGradient, type GradientProblem, type GradientProblemF32,
} from './model/diffusion.js';
export { sampleLearned, sampleSStar, sampleGaussianFit, rowsOf, type SampleOptions } from './model/sample.js';
export { mmd, UNDERFLOW_FLOOR, type MmdEstimate } from './analysis/mmd.js';
export {
  w2, slicedW2, sliceDirections, w2Squared1dSorted, gaussianW2Squared, MAX_ASSIGNMENT_SIZE, SLICED_DIRECTIONS,
  type W2Distance, type SlicedW2, type SlicedW2Options,
} from './analysis/wasserstein.js';
export { memorization, quantiles, MEMORIZATION_RATIO, type Memorization } from './analysis/memorization.js';
