/**
 * Scenario 7: a hostile tab sends malformed frames and NaN vectors to its neighbours. They must drop and count
 * them, and no model may become non-finite. The hostile tab is a normal node page whose RTCDataChannel.send is
 * patched before the app loads, so the attack travels over real WebRTC links.
 */
import { accuracyOf, nodePage, openTabs, statuses, waitForAll } from '../../packages/harness/src/status';
import { expect, test } from '../fixtures/test';

/**
 * Runs inside the hostile page. Decided per message (the frame header's message id at byte 14), so every chunk
 * of a message gets the same treatment: one message in three is random bytes, one is a well-formed message
 * whose values are all NaN (it reassembles completely, so it reaches the receiver's finiteness check).
 */
function corruptOutgoingFrames(): void {
  const send = RTCDataChannel.prototype.send as (this: RTCDataChannel, data: unknown) => void;
  const copyBytes = (data: unknown): Uint8Array | null => {
    if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    return null;
  };
  RTCDataChannel.prototype.send = function patchedSend(this: RTCDataChannel, data: unknown): void {
    const bytes = copyBytes(data);
    if (bytes === null || bytes.length <= 32) return send.call(this, data);
    const messageId = new DataView(bytes.buffer).getUint32(14, true);
    if (messageId % 3 === 1) {
      for (let offset = 0; offset < bytes.length; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, offset + 65_536));
      return send.call(this, bytes);
    }
    if (messageId % 3 === 2) {
      // Header byte 4 is the dtype: 0 f32, 1 f64. The payload starts at byte 32 (8-aligned).
      const payload = bytes.buffer.slice(32);
      if (bytes[4] === 0) new Float32Array(payload, 0, Math.floor(payload.byteLength / 4)).fill(Number.NaN);
      else if (bytes[4] === 1) new Float64Array(payload, 0, Math.floor(payload.byteLength / 8)).fill(Number.NaN);
      bytes.set(new Uint8Array(payload), 32);
      return send.call(this, bytes);
    }
    return send.call(this, data);
  } as typeof RTCDataChannel.prototype.send;
}

test('scenario 7: malformed frames and NaN vectors are dropped and counted; every model stays finite', async ({ cluster }) => {
  const room = 'hostile';
  const honest = await openTabs(cluster, room, 3);
  const hostile = await cluster.open(nodePage(room), { name: 'hostile', initScript: corruptOutgoingFrames });
  await waitForAll([...honest, hostile], (a) => a.every((s) => s.links.some((l) => l.state === 'open')), 'every tab linked');
  const hostileId = (await statuses([hostile]))[0]!.peerId;

  const attacked = await waitForAll(
    honest,
    (a) => {
      const fromHostile = a.flatMap((s) => s.links.filter((l) => l.peer === hostileId));
      return fromHostile.some((l) => l.malformedFrames > 0) && fromHostile.some((l) => (l.rejects['non-finite'] ?? 0) > 0);
    },
    'the hostile tab’s neighbours to count malformed frames and NaN vectors',
    90_000,
  );
  expect(attacked.every((s) => s.modelFinite)).toBe(true);

  // Training goes on, and at no point does a model become non-finite.
  const trained = await waitForAll(honest, (a) => {
    if (!a.every((s) => s.modelFinite)) throw new Error('a model became non-finite');
    return a.every((s) => accuracyOf(s) >= 0.85);
  }, 'honest tabs ≥ 85% despite the attack');
  const counted = trained.reduce((n, s) => n + s.malformedFrames, 0);
  expect(counted).toBeGreaterThan(0);
});
