/** WebRTC signal relay: client sends {to, data}; the server delivers {from, data} with `from` stamped by itself. */
import { z } from 'zod';
import { SIGNALING_LIMITS } from './limits';
import { PeerIdSchema } from './primitives';

const SdpSchema = z.string().max(SIGNALING_LIMITS.sdp);

/** The objects simple-peer emits on 'signal' (media transceiver requests are not used by Canopy). */
export const SignalDataSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('offer'), sdp: SdpSchema }),
  z.strictObject({ type: z.literal('answer'), sdp: SdpSchema }),
  z.strictObject({
    type: z.literal('candidate'),
    candidate: z.strictObject({
      candidate: z.string().max(SIGNALING_LIMITS.candidate),
      sdpMLineIndex: z.number().int().min(0).max(65_535).nullable().optional(),
      sdpMid: z.string().max(256).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
  z.strictObject({ type: z.literal('renegotiate'), renegotiate: z.literal(true) }),
]);

export const SignalRequestSchema = z.strictObject({ to: PeerIdSchema, data: SignalDataSchema });
export const SignalDeliverySchema = z.strictObject({ from: PeerIdSchema, data: SignalDataSchema });

export type SignalData = z.infer<typeof SignalDataSchema>;
export type SignalRequest = z.infer<typeof SignalRequestSchema>;
export type SignalDelivery = z.infer<typeof SignalDeliverySchema>;
