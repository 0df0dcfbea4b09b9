/**
 * Compile-time checks that the protocol's copies of algorithm-side names stay in step (protocol cannot import
 * @canopy/algorithms, so it keeps its own list; this file fails to typecheck when the two drift apart).
 */
import type { AlgorithmName } from '@canopy/algorithms';
import type { SignalingAlgorithmName } from '@canopy/protocol';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const algorithmNamesMatch: Same<AlgorithmName, SignalingAlgorithmName> = true;
