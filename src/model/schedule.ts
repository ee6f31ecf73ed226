// The Ornstein–Uhlenbeck noise schedule of the paper (section 2): at diffusion time t,
// Y = mu(t) x + sigma(t) Z with mu(t) = e^{-t}, sigma(t) = sqrt(1 - e^{-2t}), so mu² + sigma² = 1.
import { positive } from './validate.js';

export interface NoiseLevel { mu: number; sigma: number }

/** Largest diffusion time the configs accept: sigma(15) = 1 − 4.7e-14 < 1 and mu(15) = 3.1e-7
 *  (from t ≈ 18.7 on, sigma rounds to exactly 1, outside (0, 1)). */
export const T_MAX = 15;

/** (mu(t), sigma(t)) for t > 0; t = 0.2 gives (0.8187, 0.5722), t = 0.05 gives (0.9512, 0.3122). */
export function noiseAt(t: number): NoiseLevel {
  positive('t', t);
  return { mu: Math.exp(-t), sigma: Math.sqrt(-Math.expm1(-2 * t)) };
}
