/** join: a tab enters a room and learns its peer id, the room's state, ICE servers and its place in the graphs. */
import { z } from 'zod';
import { SIGNALING_LIMITS } from './limits';
import {
  DisplayNameSchema,
  IdentifierSchema,
  MillisecondsSchema,
  PeerIdSchema,
  RoomNameSchema,
} from './primitives';
import { RoomStateSchema } from './settings';
import { PeerTopologySchema } from './topology-schema';

export const CapabilitiesSchema = z.strictObject({
  /** tfjs backend actually in use (webgpu, webgl, wasm, cpu). */
  backend: IdentifierSchema,
  /** Measured time of one training step; null before the first measurement. */
  stepMs: MillisecondsSchema.nullable(),
});

/** The secret a join ack hands out with a peer id; only it lets a later join take that id back. */
export const ResumeSecretSchema = z.string().regex(/^[A-Za-z0-9_-]+$/, 'resume secret must be base64url').min(16).max(SIGNALING_LIMITS.resumeSecret);

/**
 * Sent by a tab that reconnects (e.g. after a server restart): it asks for its peer id back, proving it with the
 * secret its join ack carried. Epochs and run ids are the server's alone: a resume carries none.
 */
export const ResumeSchema = z.strictObject({
  peerId: PeerIdSchema,
  secret: ResumeSecretSchema,
});

export const JoinRequestSchema = z.strictObject({
  room: RoomNameSchema,
  displayName: DisplayNameSchema,
  capabilities: CapabilitiesSchema,
  resume: ResumeSchema.optional(),
});

const IceUrlSchema = z
  .string()
  .max(512)
  .regex(/^(stun|stuns|turn|turns):/, 'ICE server urls start with stun:, stuns:, turn: or turns:');

/** RTCIceServer, as given to `new RTCPeerConnection({ iceServers })`. */
export const IceServerSchema = z.strictObject({
  urls: z.union([IceUrlSchema, z.array(IceUrlSchema).min(1).max(8)]),
  username: z.string().max(256).optional(),
  credential: z.string().max(256).optional(),
});
export const IceServersSchema = z.array(IceServerSchema).max(SIGNALING_LIMITS.iceServers);

export const JoinAckSchema = z.strictObject({
  ...RoomStateSchema.shape,
  peerId: PeerIdSchema,
  /** Proves the peer id in a later resume (keep it private to the tab). */
  resumeSecret: ResumeSecretSchema,
  room: RoomNameSchema,
  iceServers: IceServersSchema,
  topology: PeerTopologySchema,
});

/** A member as dashboards see it. */
export const MemberInfoSchema = z.strictObject({
  peerId: PeerIdSchema,
  displayName: DisplayNameSchema,
  capabilities: CapabilitiesSchema,
  /** Server time (ms since 1970) of the join. */
  joinedAt: z.number().int().min(0),
});

/** leave has no parameters; the object keeps every event's first argument a payload. */
export const LeaveRequestSchema = z.strictObject({});

export type Capabilities = z.infer<typeof CapabilitiesSchema>;
export type Resume = z.infer<typeof ResumeSchema>;
export type JoinRequest = z.infer<typeof JoinRequestSchema>;
export type IceServer = z.infer<typeof IceServerSchema>;
export type JoinAck = z.infer<typeof JoinAckSchema>;
export type MemberInfo = z.infer<typeof MemberInfoSchema>;
export type LeaveRequest = z.infer<typeof LeaveRequestSchema>;
