// The diffusion loss's schedule from a fig3/fig4/fig5diffusion config, resolved again for
// verify (SPEC §2 fig3 and §5 items 1–3, 7): absent switches take `protocol`'s value —
// 'paper' (default): μ(t) = e^{−t}, times on [0.01, 1] drawn ∝ σ(t), the summed loss;
// 'notebook': μ(t) = e^{−2t}, times on [0.05, 1] drawn ∝ 1/σ(t), the loss divided by d.

export interface DiffusionProtocol { muRate: 1 | 2; trainDelta: number; timeWeights: string; lossReduction: string }

interface Switches { protocol?: string; muSchedule?: string; trainDelta?: number; timeWeights?: string; lossReduction?: string; timeCount: number }

export function diffusionProtocolOf(c: Switches): DiffusionProtocol {
  const nb = c.protocol === 'notebook';
  return {
    muRate: (c.muSchedule ?? (nb ? 'notebook' : 'paper')) === 'notebook' ? 2 : 1,
    trainDelta: c.trainDelta ?? (nb ? 0.05 : 0.01),
    timeWeights: c.timeWeights ?? (nb ? 'inverseSigma' : 'sigma'),
    lossReduction: c.lossReduction ?? (nb ? 'mean' : 'sum'),
  };
}

/** timeCount equally spaced times on [trainDelta, 1] and their unnormalised weights. */
export function timeGridOf(c: Switches): { times: number[]; weights: number[]; protocol: DiffusionProtocol } {
  const p = diffusionProtocolOf(c), K = c.timeCount;
  const times = Array.from({ length: K }, (_, k) => (K === 1 ? p.trainDelta : p.trainDelta + ((1 - p.trainDelta) * k) / (K - 1)));
  const sigma = (t: number): number => Math.sqrt(-Math.expm1(-2 * t));
  const weights = times.map((t) => (p.timeWeights === 'sigma' ? sigma(t) : 1 / sigma(t)));
  return { times, weights, protocol: p };
}
