/**
 * Checks the harness itself: two pages in separate browser contexts open a WebRTC data channel to each other.
 * If this fails, every multi-tab scenario fails for an environmental reason (no ICE candidates, no browser).
 */
import { expect, test } from '@playwright/test';

test('two browser contexts connect over a WebRTC data channel', async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  const offer = await a.evaluate(async () => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    (window as unknown as { pc: RTCPeerConnection }).pc = pc;
    const channel = pc.createDataChannel('t');
    (window as unknown as { got: Promise<string> }).got = new Promise((resolve) => {
      channel.onmessage = (e) => resolve(String(e.data));
    });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
    });
    return pc.localDescription!.toJSON();
  });
  const answer = await b.evaluate(async (remote) => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    pc.ondatachannel = (e) => {
      e.channel.onopen = () => e.channel.send('hello from b');
    };
    await pc.setRemoteDescription(remote);
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
    });
    return pc.localDescription!.toJSON();
  }, offer);
  const received = await a.evaluate(async (remote) => {
    const w = window as unknown as { pc: RTCPeerConnection; got: Promise<string> };
    await w.pc.setRemoteDescription(remote);
    return w.got;
  }, answer);
  expect(received).toBe('hello from b');
});
