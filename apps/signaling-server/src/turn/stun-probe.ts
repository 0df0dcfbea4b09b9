/** Is a STUN/TURN server answering on a UDP port? One RFC 5389 Binding request, retried until a deadline. */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const MAGIC_COOKIE = 0x2112a442;

export function bindingRequest(transactionId: Buffer): Buffer {
  const message = Buffer.alloc(20);
  message.writeUInt16BE(BINDING_REQUEST, 0);
  message.writeUInt16BE(0, 2);
  message.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(message, 8);
  return message;
}

export function isBindingSuccess(reply: Buffer, transactionId: Buffer): boolean {
  return reply.length >= 20 && reply.readUInt16BE(0) === BINDING_SUCCESS && reply.readUInt32BE(4) === MAGIC_COOKIE && reply.subarray(8, 20).equals(transactionId);
}

/** Resolves true once a Binding success arrives from host:port, false when timeoutMs passes without one. */
export function stunAnswers(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const transactionId = randomBytes(12);
  const request = bindingRequest(transactionId);
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  return new Promise((resolve) => {
    const finish = (answered: boolean): void => {
      clearInterval(resend);
      clearTimeout(deadline);
      socket.close();
      resolve(answered);
    };
    socket.on('message', (reply) => {
      if (isBindingSuccess(reply, transactionId)) finish(true);
    });
    // Nothing listening yet shows up as ICMP errors on some systems: keep trying until the deadline.
    socket.on('error', () => undefined);
    const send = (): void => socket.send(request, port, host, () => undefined);
    const resend = setInterval(send, 100);
    const deadline = setTimeout(() => finish(false), timeoutMs);
    send();
  });
}
