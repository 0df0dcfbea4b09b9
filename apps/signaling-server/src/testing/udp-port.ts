/** A UDP port free on 127.0.0.1 right now (for a relay started by a test). */
import { createSocket } from 'node:dgram';

export function freeUdpPort(): Promise<number> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
