export { createSignalingServer, type SignalingServer } from './server';
export type { SignalingServerOptions } from './options';
export { consoleLogger, silentLogger, type Logger } from './logger';
export type { RateLimit } from './rate-limit';
export { Room, type Member } from './room';
export { InMemoryRoomStore, type RoomStore } from './room-store';
