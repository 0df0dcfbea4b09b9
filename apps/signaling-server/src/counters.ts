import type { SignalingErrorCode } from '@canopy/protocol';

/** What the server refused or survived, for /healthz and the tests (a refusal is counted, never thrown). */
export class ServerCounters {
  readonly refusals = new Map<SignalingErrorCode, number>();
  readonly refusalsByEvent = new Map<string, number>();
  unknownEvents = 0;
  handlerErrors = 0;
  relayedSignals = 0;
  metricsReports = 0;
  /** Resumes whose secret did not prove the peer id (the joiner got a fresh id instead). */
  unprovenResumes = 0;
  checkpointsStored = 0;
  /** Checkpoint uploads refused, by reason (checkpoints/checkpoint-upload.ts). */
  readonly checkpointRefusals = new Map<string, number>();

  refuse(event: string, code: SignalingErrorCode): void {
    this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
    this.refusalsByEvent.set(event, (this.refusalsByEvent.get(event) ?? 0) + 1);
  }

  totalRefusals(): number {
    let total = 0;
    for (const count of this.refusals.values()) total += count;
    return total;
  }

  toJSON(): Record<string, unknown> {
    return {
      refusals: Object.fromEntries(this.refusals),
      refusalsByEvent: Object.fromEntries(this.refusalsByEvent),
      totalRefusals: this.totalRefusals(),
      unknownEvents: this.unknownEvents,
      handlerErrors: this.handlerErrors,
      relayedSignals: this.relayedSignals,
      metricsReports: this.metricsReports,
      unprovenResumes: this.unprovenResumes,
      checkpointsStored: this.checkpointsStored,
      checkpointRefusals: Object.fromEntries(this.checkpointRefusals),
    };
  }
}
