/** Runtime schemas for the topology contract (topology.ts), so a client can validate what the server pushes. */
import { z } from 'zod';
import type { PeerLinks, PeerTopology, Topology, TopologyKind } from '../topology';
import { EpochSchema, PeerIdSchema } from './primitives';

const MAX_PEERS = 4096;

export const TOPOLOGY_KINDS = ['two-trees', 'ring', 'exponential'] as const satisfies readonly TopologyKind[];
export const TopologyKindSchema = z.enum(TOPOLOGY_KINDS);

const WeightSchema = z.number().min(0).max(1);
const WeightedEdgeSchema = z.strictObject({ peer: PeerIdSchema, weight: WeightSchema });
const PeerListSchema = z.array(PeerIdSchema).max(MAX_PEERS);
const WeightedListSchema = z.array(WeightedEdgeSchema).max(MAX_PEERS);

const linkShape = {
  pull: z.strictObject({ selfWeight: WeightSchema, in: WeightedListSchema, out: PeerListSchema }),
  push: z.strictObject({ selfWeight: WeightSchema, out: WeightedListSchema, in: PeerListSchema }),
};

export const PeerLinksSchema: z.ZodType<PeerLinks> = z.strictObject(linkShape);

export const PeerTopologySchema: z.ZodType<PeerTopology> = z.strictObject({
  ...linkShape,
  id: PeerIdSchema,
  kind: TopologyKindSchema,
  epoch: EpochSchema,
  root: PeerIdSchema,
  size: z.number().int().min(1).max(MAX_PEERS),
  index: z.number().int().min(0).max(MAX_PEERS - 1),
  stepScale: z.number().positive().max(Number.MAX_VALUE),
  depth: z.number().int().min(0).max(MAX_PEERS - 1).optional(),
});

export const TopologySchema: z.ZodType<Topology> = z.strictObject({
  kind: TopologyKindSchema,
  epoch: EpochSchema,
  root: PeerIdSchema,
  peers: PeerListSchema.min(1),
  links: z.record(PeerIdSchema, PeerLinksSchema),
  piU: z.number().positive().max(Number.MAX_VALUE),
});
