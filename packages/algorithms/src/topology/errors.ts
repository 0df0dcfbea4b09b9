/** Why a topology (or a request to change one) was rejected: machine-readable, stable across versions. */
export type TopologyErrorCode =
  | 'duplicate-peer'
  | 'unknown-peer'
  | 'disconnected'
  | 'no-common-root'
  | 'bad-weights'
  | 'empty'
  | 'asymmetric-links';

export class TopologyError extends Error {
  override readonly name = 'TopologyError';
  readonly code: TopologyErrorCode;

  constructor(code: TopologyErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.code = code;
  }
}
