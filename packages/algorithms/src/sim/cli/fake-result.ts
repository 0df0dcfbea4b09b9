/** Hand-made SimResults for unit tests of the writers (no simulation needed). */
import type { AlgorithmName } from '../../node';
import type { MetricSample, SimConfig, SimResult } from '../index';

export function sample(time: number, relErrorMean: number, extra: Partial<MetricSample> = {}): MetricSample {
  return {
    time,
    activations: time * 10,
    relErrorMean,
    relErrorWorst: relErrorMean * 2,
    consensus: relErrorMean / 2,
    lossGap: relErrorMean * relErrorMean,
    invariantResidual: Number.NaN,
    messagesSent: time * 20,
    messagesLost: time,
    bytesSent: time * 1600,
    epoch: 0,
    ...extra,
  };
}

export function fakeResult(algorithm: AlgorithmName, samples: MetricSample[]): SimResult {
  const config = { algorithm, nodes: 4, topology: 'two-trees', problem: { kind: 'least-squares', dimension: 2, samplesPerNode: 3 }, duration: 10, seed: 1 } as SimConfig;
  const final = samples.at(-1);
  if (!final) throw new Error('a result needs at least one sample');
  return {
    config,
    samples,
    final,
    timeToTarget: (target) => samples.find((s) => s.relErrorMean <= target)?.time,
    timeToAccuracy: (target) => samples.find((s) => (s.accuracy ?? Number.NaN) >= target)?.time,
    realTimeMs: 12.5,
  };
}
