// Every TypeScript twin, by kernel name (the twin of assembly/index.ts), checked by the compiler
// against the contract: `satisfies Twins` (every kernel, nothing else, each assignable to its
// TwinSignature) and TwinsMatchContract (each signature exactly the contract's, arity included).
import type { KernelName, SameSignature, TwinSignature, Twins } from '../contract.js';
import { rngSeed, rngUniforms, rngNormals } from './rng.js';
import { netForward, netBackward } from './reluNet.js';
import { sgdDense } from './sgdDense.js';
import { peak } from './peak.js';
import { sStar1d } from './sStar1d.js';
import { sStarNd } from './sStarNd.js';
import { excessRiskMC } from './excessRiskMC.js';
import { sgd1d } from './sgd1d.js';
import { exactRisk1d } from './exactRisk1d.js';
import { hessian1d } from './hessian1d.js';
import { hessianVector1d } from './hessianVector1d.js';
import { erfcVector } from './erfcVector.js';
import { gramSchmidt } from './gramSchmidt.js';
import { sampledHessianVector } from './sampledHessianVector.js';
import { diffusionBatch, denoiseLossGrad } from './diffusion.js';
import { reverseSdeStep } from './reverseSdeStep.js';
import { gaussianFitSample } from './gaussianFitSample.js';
import { mmdUnbiased } from './mmdUnbiased.js';
import { w2Assignment } from './w2Assignment.js';
import { netForwardF32, netBackwardF32 } from './reluNetF32.js';
import { sgdDenseF32 } from './sgdDenseF32.js';
import { sgd1dF32 } from './sgd1dF32.js';
import { diffusionBatchF32, denoiseLossGradF32 } from './diffusionF32.js';
import { reverseSdeStepF32 } from './reverseSdeStepF32.js';
import { peakF32 } from './peakF32.js';

export const twins = {
  rngSeed, rngUniforms, rngNormals,
  sStar1d, sStarNd,
  netForward, netBackward, sgdDense, sgd1d,
  excessRiskMC,
  peak,
  exactRisk1d, hessian1d, hessianVector1d, erfcVector,
  gramSchmidt, sampledHessianVector,
  diffusionBatch, denoiseLossGrad,
  reverseSdeStep, gaussianFitSample, mmdUnbiased, w2Assignment,
  netForwardF32, netBackwardF32, sgdDenseF32, sgd1dF32,
  diffusionBatchF32, denoiseLossGradF32, reverseSdeStepF32, peakF32,
} satisfies Twins;

/** Fails to compile, naming the kernel, when a twin's signature is not exactly the contract's. */
type AllTrue<T extends { [K in KernelName]: true }> = T;
type TwinsMatchContract = AllTrue<{ [K in KernelName]: SameSignature<(typeof twins)[K], TwinSignature<K>> }>;
