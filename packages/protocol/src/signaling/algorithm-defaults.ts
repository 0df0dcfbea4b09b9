/**
 * Hyper-parameters a room gives an algorithm unless the control action sets them (the action's own values
 * win, name by name). A room's learning rate is minibatch SGD's (AlgorithmSettings.learningRate); most
 * methods are stable with it and their node defaults. The exceptions, and why:
 * - SYNTHESIS is stable only for η ≲ 1/(2L(Δ+1)) (ALGORITHMS.md §3). Its node default Δ = 4n suits the
 *   simulator, which derives η from Δ; with a room's SGD rate the accepted staleness must stay small instead.
 *   Measured with 3 nodes on the MNIST MLP at η = 0.05: Δ = 12 peaks near 47% held-out and falls to chance;
 *   Δ = 1–3 pass 80% in about 10 s and keep improving; Δ = 0 refuses most differences and is slower.
 */
import { SIGNALING_LIMITS } from './limits';
import type { SignalingAlgorithmName } from './settings';

export const ROOM_ALGORITHM_PARAMS: Readonly<Partial<Record<SignalingAlgorithmName, Readonly<Record<string, number>>>>> = {
  synthesis: { delta: 2 },
};

/** The room's defaults for `name` under the given params (which win); the given ones alone if both would exceed the limit. */
export function roomAlgorithmParams(name: SignalingAlgorithmName, given: Readonly<Record<string, number>> = {}): Record<string, number> {
  const merged = { ...ROOM_ALGORITHM_PARAMS[name], ...given };
  return Object.keys(merged).length <= SIGNALING_LIMITS.hyperParams ? merged : { ...given };
}
