/**
 * A macrotask without timer clamping: browsers clamp nested setTimeout(0) to 4 ms, which would add 4 ms to
 * every step of a loop that yields once per step (the runner worker must yield so the page's messages get in).
 */
export function messageChannelMacrotask(): () => Promise<void> {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
}
