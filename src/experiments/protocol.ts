// SPEC §5 switches 5–7: where the authors' notebooks differ from the paper text. Each is an
// optional config field; `protocol` sets all of them at once ('paper', the default, or
// 'notebook') and an explicit field overrides it. Optional (no zod default) so that the
// presets — and so the fingerprints of sweeps already on disk — are unchanged.
import { oneOfSchema } from '../model/validate.js';

export const PROTOCOLS = ['paper', 'notebook'] as const;
export const SHARPNESS_METHODS = ['lanczos', 'notebook'] as const;
export const EXCESS_RISK_METHODS = ['identity', 'notebook'] as const;
export const LOSS_REDUCTIONS = ['sum', 'mean'] as const;

export type Protocol = (typeof PROTOCOLS)[number];
export type SharpnessMethod = (typeof SHARPNESS_METHODS)[number];
export type ExcessRiskMethod = (typeof EXCESS_RISK_METHODS)[number];
export type LossReduction = (typeof LOSS_REDUCTIONS)[number];


export const protocolFields = {
  /** 'paper' (default): the paper's text; 'notebook': the authors' notebooks (SPEC §5). */
  protocol: oneOfSchema(PROTOCOLS).optional(),
  /** 5. 'lanczos' (default): signed λ_max by Lanczos (exact in 1-D, `sampled` at d > 1);
   *  'notebook': |λ| of 20 power iterations of the grid-loss Hessian (Z = linspace(-2, 2, 500)), no kink terms. */
  sharpnessMethod: oneOfSchema(SHARPNESS_METHODS).optional(),
  /** 6. 'identity' (default): (1/n) Σ_i E (s_θ − s*)² on one sample; 'notebook': MC R_n(θ) − MC R_n(s*)
   *  with separate noise, 1000 draws each (noisy, can be negative). */
  excessRiskMethod: oneOfSchema(EXCESS_RISK_METHODS).optional(),
  /** 7. 'sum' (default): the loss is the squared norm; 'mean': also averaged over the d outputs
   *  (= training with eta/d; the reported loss is divided by d, the sharpness too). */
  lossReduction: oneOfSchema(LOSS_REDUCTIONS).optional(),
};

export interface ProtocolConfig {
  protocol?: Protocol;
  sharpnessMethod?: SharpnessMethod;
  excessRiskMethod?: ExcessRiskMethod;
  lossReduction?: LossReduction;
}

export interface ResolvedProtocol {
  sharpnessMethod: SharpnessMethod;
  excessRiskMethod: ExcessRiskMethod;
  lossReduction: LossReduction;
}

/** The three switches: each explicit field, else the value of `protocol` (default 'paper'). */
export function resolveProtocol(c: ProtocolConfig): ResolvedProtocol {
  const nb = c.protocol === 'notebook';
  return {
    sharpnessMethod: c.sharpnessMethod ?? (nb ? 'notebook' : 'lanczos'),
    excessRiskMethod: c.excessRiskMethod ?? (nb ? 'notebook' : 'identity'),
    lossReduction: c.lossReduction ?? (nb ? 'mean' : 'sum'),
  };
}

/** Power iterations and grid of the notebook sharpness, draws of the notebook excess risk. */
export const NOTEBOOK_POWER_ITERATIONS = 20;
export const NOTEBOOK_GRID_POINTS = 500;
export const NOTEBOOK_EXCESS_RISK_DRAWS = 1000;
