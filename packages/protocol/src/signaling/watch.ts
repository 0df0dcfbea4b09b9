/** watch: a dashboard subscribes to a room and receives the whole picture, then live updates. */
import { z } from 'zod';
import { RoomNameSchema } from './primitives';
import { MemberInfoSchema } from './join';
import { MetricsSampleSchema } from './metrics';
import { RoomStateSchema } from './settings';
import { TopologySchema } from './topology-schema';

export const WatchRequestSchema = z.strictObject({ room: RoomNameSchema });

/** Pushed to dashboards on every membership or topology change; topology is null while the room is empty. */
export const RoomTopologyUpdateSchema = z.strictObject({
  room: RoomNameSchema,
  topology: TopologySchema.nullable(),
  members: z.array(MemberInfoSchema),
});

export const WatchSnapshotSchema = z.strictObject({
  ...RoomTopologyUpdateSchema.shape,
  state: RoomStateSchema,
  /** The most recent samples, oldest first. */
  metrics: z.array(MetricsSampleSchema),
});

export type WatchRequest = z.infer<typeof WatchRequestSchema>;
export type RoomTopologyUpdate = z.infer<typeof RoomTopologyUpdateSchema>;
export type WatchSnapshot = z.infer<typeof WatchSnapshotSchema>;
