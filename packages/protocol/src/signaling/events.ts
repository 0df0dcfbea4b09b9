/**
 * Typed socket.io event maps, for `Server<ClientToServerEvents, ServerToClientEvents>` and
 * `Socket<ServerToClientEvents, ClientToServerEvents>` (socket.io-client), plus the schema of every payload
 * by event so each side validates what it receives.
 */
import { z } from 'zod';
import type { PeerTopology } from '../topology';
import { ControlRequestSchema, type ControlRequest } from './control';
import { SIGNALING_ERROR_CODES, type AckCallback, type SignalingError } from './errors';
import { JoinRequestSchema, LeaveRequestSchema, type JoinAck, type JoinRequest, type LeaveRequest } from './join';
import { MetricsReportSchema, MetricsSampleSchema, type MetricsReport, type MetricsSample } from './metrics';
import { JoinAckSchema } from './join';
import { RoomStateSchema, type RoomState } from './settings';
import { SignalDeliverySchema, SignalRequestSchema, type SignalDelivery, type SignalRequest } from './signal';
import { PeerTopologySchema } from './topology-schema';
import { RoomNameSchema } from './primitives';
import {
  RoomTopologyUpdateSchema,
  WatchRequestSchema,
  type RoomTopologyUpdate,
  WatchSnapshotSchema,
  type WatchRequest,
  type WatchSnapshot,
} from './watch';

export interface ControlAck {
  readonly state: RoomState;
}

export const SignalingErrorSchema = z.strictObject({ code: z.enum(SIGNALING_ERROR_CODES), message: z.string().max(1000) });

/** Sent instead of an ack when a refused event came without an ack callback. */
export const RefusalSchema = z.strictObject({ event: z.string().max(64), error: SignalingErrorSchema });
export interface Refusal {
  readonly event: string;
  readonly error: SignalingError;
}

export interface ClientToServerEvents {
  join: (request: JoinRequest, ack: AckCallback<JoinAck>) => void;
  leave: (request: LeaveRequest, ack?: AckCallback) => void;
  signal: (request: SignalRequest, ack?: AckCallback) => void;
  metrics: (report: MetricsReport, ack?: AckCallback) => void;
  watch: (request: WatchRequest, ack: AckCallback<WatchSnapshot>) => void;
  control: (request: ControlRequest, ack: AckCallback<ControlAck>) => void;
}

export interface ServerToClientEvents {
  /** This peer's place in the new epoch's graphs (peers only). */
  topology: (topology: PeerTopology) => void;
  signal: (delivery: SignalDelivery) => void;
  /** The room's state after a control action (peers and dashboards). */
  control: (state: RoomState) => void;
  /** The whole topology and member list (dashboards only). */
  'room-topology': (update: RoomTopologyUpdate) => void;
  /** One peer's report (dashboards only). */
  metrics: (sample: MetricsSample) => void;
  refused: (refusal: Refusal) => void;
  /** The admin took this peer out of its room for a while (`step-out`): rejoin after `seconds`. */
  'stepped-out': (notice: SteppedOutNotice) => void;
}

export const SteppedOutNoticeSchema = z.strictObject({ room: RoomNameSchema, seconds: z.number().int().min(1).max(600) });
export type SteppedOutNotice = z.infer<typeof SteppedOutNoticeSchema>;

export type ClientEventName = keyof ClientToServerEvents;
export type ServerEventName = keyof ServerToClientEvents;

/** What the server validates for each client event (the first argument). */
export const CLIENT_EVENT_SCHEMAS = {
  join: JoinRequestSchema,
  leave: LeaveRequestSchema,
  signal: SignalRequestSchema,
  metrics: MetricsReportSchema,
  watch: WatchRequestSchema,
  control: ControlRequestSchema,
} as const satisfies Record<ClientEventName, z.ZodType>;

/** What a client validates for each server event. */
export const SERVER_EVENT_SCHEMAS = {
  topology: PeerTopologySchema,
  signal: SignalDeliverySchema,
  control: RoomStateSchema,
  'room-topology': RoomTopologyUpdateSchema,
  metrics: MetricsSampleSchema,
  refused: RefusalSchema,
  'stepped-out': SteppedOutNoticeSchema,
} as const satisfies Record<ServerEventName, z.ZodType>;

/** What a successful ack carries for each client event (the fields next to `ok: true`). */
export const ACK_SCHEMAS = {
  join: JoinAckSchema,
  leave: z.strictObject({}),
  signal: z.strictObject({}),
  metrics: z.strictObject({}),
  watch: WatchSnapshotSchema,
  control: z.strictObject({ state: RoomStateSchema }),
} as const satisfies Record<ClientEventName, z.ZodType>;

export const CLIENT_EVENT_NAMES = Object.keys(CLIENT_EVENT_SCHEMAS) as ClientEventName[];

export function isClientEventName(name: unknown): name is ClientEventName {
  return typeof name === 'string' && Object.hasOwn(CLIENT_EVENT_SCHEMAS, name);
}

