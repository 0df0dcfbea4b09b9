/** How the algorithms are called on screen; every name the protocol accepts is offered. */
import { ALGORITHM_NAMES, type SignalingAlgorithmName } from '@canopy/protocol';

const LABELS: Readonly<Record<SignalingAlgorithmName, string>> = {
  rfast: 'R-FAST',
  naive: 'naive tracking (no running sums)',
  allreduce: 'AllReduce-SGD (synchronous)',
  dpsgd: 'D-PSGD (synchronous gossip)',
  adpsgd: 'AD-PSGD (asynchronous gossip)',
  'local-sgd': 'Local SGD',
  'overlap-local-sgd': 'Overlap-Local-SGD',
  'pc-asgd': 'PC-ASGD',
  synthesis: 'SYNTHESIS',
};

export const ALGORITHM_CHOICES: readonly { readonly name: SignalingAlgorithmName; readonly label: string }[] = ALGORITHM_NAMES.map((name) => ({ name, label: LABELS[name] }));

export function isAlgorithmName(value: string): value is SignalingAlgorithmName {
  return (ALGORITHM_NAMES as readonly string[]).includes(value);
}
