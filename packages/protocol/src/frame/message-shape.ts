/**
 * What every chunk of one message must agree on, so a Reassembler can tell a chunk that belongs from one
 * that only shares its message id.
 */
import type { Frame } from './decode';

/** Fields every chunk of one message must agree on (the stride is implied by total and count). */
export type MessageShape = Pick<Frame, 'kind' | 'dtype' | 'flags' | 'echo' | 'epoch' | 'seq' | 'totalBytes' | 'chunkCount' | 'stride'>;

export function shapeOf(frame: Frame): MessageShape {
  const { kind, dtype, flags, echo, epoch, seq, totalBytes, chunkCount, stride } = frame;
  return { kind, dtype, flags, echo, epoch, seq, totalBytes, chunkCount, stride };
}

/** Compared field by field: this runs for every chunk, so no string is built (see describeShape). */
export function hasShape(frame: Frame, shape: MessageShape): boolean {
  return (
    frame.kind === shape.kind &&
    frame.dtype === shape.dtype &&
    frame.flags === shape.flags &&
    frame.echo === shape.echo &&
    frame.epoch === shape.epoch &&
    frame.seq === shape.seq &&
    frame.totalBytes === shape.totalBytes &&
    frame.chunkCount === shape.chunkCount &&
    frame.stride === shape.stride
  );
}

export function describeShape(shape: MessageShape): string {
  return `${shape.kind}|${shape.dtype}|${shape.flags}|${shape.echo}|${shape.epoch}|${shape.seq}|${shape.totalBytes}|${shape.chunkCount}|${shape.stride}`;
}
