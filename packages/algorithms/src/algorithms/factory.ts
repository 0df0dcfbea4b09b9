/** createNode: the one entry point the simulator and the browser runner use to build a node. */
import type { AlgorithmName, AlgorithmNode } from '../node';
import { AdpsgdNode } from './adpsgd';
import { AllReduceNode } from './allreduce';
import { DpsgdNode } from './dpsgd';
import { LocalSgdNode } from './local-sgd';
import { NaiveTrackingNode } from './naive';
import type { NodeRuntimeOptions } from './options';
import { OverlapLocalSgdNode } from './overlap-local-sgd';
import { PcAsgdNode } from './pc-asgd';
import { RFastNode } from './rfast';
import { SynthesisNode } from './synthesis';

const CONSTRUCTORS = {
  rfast: RFastNode,
  naive: NaiveTrackingNode,
  allreduce: AllReduceNode,
  dpsgd: DpsgdNode,
  adpsgd: AdpsgdNode,
  'local-sgd': LocalSgdNode,
  'overlap-local-sgd': OverlapLocalSgdNode,
  'pc-asgd': PcAsgdNode,
  synthesis: SynthesisNode,
} as const satisfies Partial<Record<AlgorithmName, new (options: NodeRuntimeOptions) => AlgorithmNode>>;

export type ImplementedAlgorithm = keyof typeof CONSTRUCTORS;

/** The algorithms createNode can build (today: every AlgorithmName). */
export function implementedAlgorithms(): ImplementedAlgorithm[] {
  return Object.keys(CONSTRUCTORS) as ImplementedAlgorithm[];
}

export function isImplemented(algorithm: AlgorithmName): algorithm is ImplementedAlgorithm {
  return Object.hasOwn(CONSTRUCTORS, algorithm);
}

export function createNode(algorithm: AlgorithmName, options: NodeRuntimeOptions): AlgorithmNode {
  if (!isImplemented(algorithm)) {
    throw new Error(`algorithm "${algorithm}" is not implemented yet (available: ${implementedAlgorithms().join(', ')})`);
  }
  return new CONSTRUCTORS[algorithm](options);
}
